// The API's routes, roles, request validation and error mapping, independent of any socket.
#pragma once

#include "announcer.h"
#include "devices.h"
#include "ratelimiter.h"

#include <QByteArray>
#include <QHash>
#include <QJsonArray>
#include <QJsonObject>
#include <QList>
#include <QPair>
#include <QRegularExpressionMatch>
#include <QString>
#include <QUrlQuery>

namespace qh::api {

inline constexpr qsizetype kMaxBodyBytes = 64 * 1024;

struct ApiRequest
{
    QByteArray method; // "GET", "POST", ...
    QString path;
    QUrlQuery query;
    QHash<QByteArray, QByteArray> headers; // names in lower case
    QByteArray body;
};

struct ApiResponse
{
    int status = 200;
    QByteArray body; // JSON, or empty for 204
    QList<QPair<QByteArray, QByteArray>> headers;
    QByteArray contentType = "application/json; charset=utf-8";

    static ApiResponse json(int status, const QJsonObject& body);
    static ApiResponse error(int status, const QString& code, const QString& message);
};

// The ticket number and window a ticket.called or ticket.recalled event calls out.
struct CallOut
{
    QString number;
    int window = 0;
};
std::optional<CallOut> callOutOf(const db::Event& event);

// The health of the hall's serial hardware, as the API shows it.
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

class Body;
class ApiHandler
{
public:
    static constexpr int kRecentCalls = 10;

    ApiHandler(engine::QueueEngine& engine, db::Store& store, DeviceRegistry& devices,
               RateLimiter& issueLimiter, const voice::Announcer& announcer);

    ApiResponse handle(const ApiRequest& request);
    // The device behind the request's bearer token or ?access_token=, if any.
    std::optional<db::Device> authenticate(const ApiRequest& request);
    // The roles allowed on a route (a bit set; 0 for anyone), or nothing for an unknown route.
    static std::optional<unsigned> rolesFor(const QByteArray& method, const QString& path);
    static bool mayUse(const db::Device& device, unsigned roles);
    // GET /hall: what a display or caller starts from.
    QJsonObject hallSnapshot();
    // Where "hardware" in the hall snapshot and a window's state comes from.
    void setHardware(const HardwareStatus* hardware) { m_hardware = hardware; }

private:
    struct Route;
    struct Call
    {
        const ApiRequest& request;
        const QRegularExpressionMatch& match;
        Body& body;
        const db::Device* device;
        engine::Actor actor;
    };
    static const std::vector<Route>& routes();

    ApiResponse health(Call& call);
    ApiResponse services(Call& call);
    ApiResponse issue(Call& call);
    ApiResponse secondPhase(Call& call);
    ApiResponse publicTicket(Call& call);
    ApiResponse windowAction(Call& call);
    ApiResponse window(Call& call);
    ApiResponse hall(Call& call);
    ApiResponse eventsWithoutUpgrade(Call& call);
    ApiResponse device(Call& call);
    ApiResponse announcement(Call& call);
    // The pages: /display, /caller, /t/{statusCode}, and their files under /web/.
    static std::optional<ApiResponse> page(const QString& path);

    engine::QueueEngine& m_engine;
    db::Store& m_store;
    DeviceRegistry& m_devices;
    RateLimiter& m_issueLimiter;
    const voice::Announcer& m_announcer;
    const HardwareStatus* m_hardware = nullptr; // none: the hall has no serial hardware
};

} // namespace qh::api
