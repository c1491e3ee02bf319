// What the modules that follow the service's committed events share: what a call event calls
// out, and the health of the hall's hardware as pages and the API show it.
#pragma once

#include "domain.h"

#include <optional>

#include <QDate>
#include <QJsonArray>
#include <QJsonObject>
#include <QString>

namespace qh::service {

// The ticket number and window a ticket.called or ticket.recalled event calls out.
struct CallOut
{
    QString number;
    int window = 0;
};
std::optional<CallOut> callOutOf(const engine::Event& event);

// The health of the hall's serial hardware.
class HardwareStatus
{
public:
    virtual ~HardwareStatus() = default;
    // Every port: [{port, protocol, open, dropped, devices: [{address, kind, window?,
    // answering}]}].
    virtual QJsonArray hall() const = 0;
    // One window's own devices: [{port, open, address, kind, answering}].
    virtual QJsonArray window(int number) const = 0;
};

// The city link (docs/city.md): its state for the hall's status, and the city's report.
class CityLinkStatus
{
public:
    virtual ~CityLinkStatus() = default;
    // {configured, state, acknowledged, last, lagEvents, lagSeconds, error, encrypted}
    virtual QJsonObject city() const = 0;
    // The city's report for the days from `from` to `to`, as "json" or "csv"; throws
    // std::runtime_error saying why when the city's database cannot answer now.
    virtual QByteArray cityReport(const QDate& from, const QDate& to, const QString& format) = 0;
};

} // namespace qh::service
