// Sends the outbox through the hall's cellular modem, most urgent first, as the service commits
// messages to it; hands the modem's delivery reports and the applicants' replies back to the
// service; erases old phone numbers; tells the hardware view how the modem is.
#pragma once

#include "followers.h"
#include "hallservice.h"
#include "modem.h"

#include <QObject>
#include <QTimer>

namespace qh::smssender {

class SmsSender : public QObject, public service::HardwareStatus
{
    Q_OBJECT

public:
    static constexpr int kPurgeIntervalMs = 3600 * 1000;

    explicit SmsSender(service::HallService& service, QObject* parent = nullptr);

    // Opens the modem of the hall file's "sms" section.
    void start();
    // The modem as a port of the hall: [{port, protocol: "sms", open, ready, sim, registered,
    // signal, problem, queued, failedToday}].
    QJsonArray hall() const override;
    // The same, on every window's page while messages cannot be sent.
    QJsonArray window(int number) const override;

private:
    void sendNext();
    void purge();
    void onHealth(const sms::ModemHealth& health);
    QJsonObject modemJson() const;

    service::HallService& m_service;
    sms::Modem m_modem;
    QTimer m_wake;               // when the earliest message held back may go
    QTimer m_purge;              // phone numbers past their retention
    sms::ModemHealth m_recorded; // as the audit trail last heard of it
};

} // namespace qh::smssender
