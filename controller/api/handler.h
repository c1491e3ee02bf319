// The API's routes, roles, request validation and error mapping, independent of any socket.
#pragma once

#include "announcer.h"
#include "devices.h"
#include "followers.h"
#include "ratelimiter.h"
#include "sessions.h"
#include "staff.h"
#include "store.h"

#include <functional>

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
// A whole hall file may be imported: the sample hall's is 180 KB.
inline constexpr qsizetype kMaxHallFileBytes = 1024 * 1024;

struct ApiRequest
{
    QByteArray method; // "GET", "POST", ...
    QString path;
    QUrlQuery query;
    QHash<QByteArray, QByteArray> headers; // names in lower case
    QByteArray body;
    QString client; // the peer's address
};

struct ApiResponse
{
    int status = 200;
    QByteArray body; // JSON, or empty for 204
    QList<QPair<QByteArray, QByteArray>> headers;
    QByteArray contentType = "application/json; charset=utf-8";

    static ApiResponse json(int status, const QJsonObject& body);
    // {"error": {code, message, details?}}.
    static ApiResponse error(int status, const QString& code, const QString& message,
                             const QJsonObject& details = {});
};

// Who asks: a device by its token, or a person signed in to the admin pages.
struct Principal
{
    std::optional<engine::Device> device;
    std::optional<engine::StaffMember> person;
    std::optional<Session> session; // the person's
    unsigned roles = 0;             // the route bits this principal holds
    engine::Actor actor;
    // A department head's department: what he sees and manages is limited to it.
    QString department;
    // "a kiosk", "a department head": for refusals.
    QString describe() const;
};

class Body;
class ApiHandler
{
public:
    static constexpr int kRecentCalls = 10;
    // Wrong case passwords one client may give in kLookupPeriodSeconds before it must wait.
    static constexpr int kLookupFailures = 10;
    static constexpr int kLookupPeriodSeconds = 15 * 60;

    // `store` is the service's own, as SQLite: the reports read it with SQL.
    ApiHandler(service::HallService& service, db::Store& store, DeviceRegistry& devices,
               RateLimiter& issueLimiter, const voice::Announcer& announcer);

    // Answers the request; a POST changes the hall through the service's unit of work in
    // progress (or one of its own). Never throws.
    ApiResponse handle(const ApiRequest& request);
    // The answer to a request that failed with this exception: a refusal, or 503 when the store
    // failed and nothing was changed.
    static ApiResponse failure(std::exception_ptr error, const ApiRequest& request);
    // The device behind the request's bearer token or ?access_token=, or else the person behind
    // its session cookie, if any.
    std::optional<Principal> authenticate(const ApiRequest& request);
    // The roles allowed on a route (a bit set; 0 for anyone), or nothing for an unknown route.
    static std::optional<unsigned> rolesFor(const QByteArray& method, const QString& path);
    static bool mayUse(const Principal& principal, unsigned roles);
    // GET /hall: what a display or caller starts from; a department head's own windows and
    // queues only.
    QJsonObject hallSnapshot(const Principal& viewer);
    // Whether the principal may see an event of the trail: a department head only his
    // department's.
    bool sees(const Principal& viewer, const engine::Event& event) const;
    // Whether a person's session is still open (an event stream ends with it).
    bool sessionAlive(const Session& session) const;
    // Where "hardware" in the hall snapshot and a window's state comes from.
    // The hall's hardware: serial buses, the SMS modem; the hall's status shows them in order.
    void addHardware(const service::HardwareStatus* hardware) { m_hardware.push_back(hardware); }
    // The city link, when the hall streams its trail to the city.
    void setCityLink(service::CityLinkStatus* city) { m_city = city; }

private:
    struct Route;
    struct Call
    {
        const ApiRequest& request;
        const QRegularExpressionMatch& match;
        Body& body;
        const engine::Device* device;      // when a device asks
        const engine::StaffMember* person; // when a person asks
        const Principal* principal;        // either, or nobody
        engine::Actor actor;
    };
    static const std::vector<Route>& routes();

    ApiResponse health(Call& call);
    ApiResponse services(Call& call);
    ApiResponse issue(Call& call);
    ApiResponse secondPhase(Call& call);
    ApiResponse publicTicket(Call& call);
    ApiResponse rateTicket(Call& call);
    // One part (the hall's, a window's) of every hardware source, in order.
    QJsonArray
    hardware(const std::function<QJsonArray(const service::HardwareStatus&)>& part) const;
    // A ticket as its status page shows it: with whether it may be rated there, and its rating.
    ApiResponse statusPageTicket(const engine::Ticket& ticket);
    ApiResponse windowAction(Call& call);
    ApiResponse window(Call& call);
    ApiResponse hall(Call& call);
    ApiResponse eventsWithoutUpgrade(Call& call);
    ApiResponse device(Call& call);
    ApiResponse announcement(Call& call);
    ApiResponse acceptCase(Call& call);
    ApiResponse windowCases(Call& call);
    ApiResponse cases(Call& call);
    ApiResponse caseRates(Call& call);
    ApiResponse cityReport(Call& call);
    ApiResponse caseOf(Call& call);
    ApiResponse caseAction(Call& call);
    ApiResponse lookupCase(Call& call);
    ApiResponse rateCase(Call& call);
    // The case the body's serial number and password name (rated first when a rating is given),
    // or the refusal: 404 alike for an unknown serial and a wrong password, 429 when locked.
    ApiResponse caseWithPassword(Call& call, std::optional<int> rating);
    ApiResponse followUps(Call& call);
    ApiResponse followUp(Call& call);
    // The follow-up in the path (capture 1), if the principal may see it.
    engine::FollowUpView permittedFollowUp(Call& call);
    ApiResponse followUpAction(Call& call);
    ApiResponse report(Call& call);
    ApiResponse signInAtWindow(Call& call);
    ApiResponse signOutAtWindow(Call& call);
    ApiResponse openSession(Call& call);
    ApiResponse session(Call& call);
    ApiResponse closeSession(Call& call);
    ApiResponse staffList(Call& call);
    ApiResponse addStaff(Call& call);
    ApiResponse staffAction(Call& call);
    ApiResponse devices(Call& call);
    ApiResponse addDevice(Call& call);
    ApiResponse revokeDevice(Call& call);
    ApiResponse audit(Call& call);
    ApiResponse verifyAudit(Call& call);
    ApiResponse importCalendar(Call& call);
    ApiResponse notices(Call& call);
    ApiResponse publishNotice(Call& call);
    ApiResponse withdrawNotice(Call& call);
    ApiResponse bookableServices(Call& call);
    ApiResponse bookingSlots(Call& call);
    ApiResponse book(Call& call);
    // lookup or cancel (capture 1) of the booking the body's code and phone name.
    ApiResponse appointmentByCode(Call& call);
    ApiResponse checkIn(Call& call);
    // A day's bookings (?day=, today by default); a department head's department's only.
    ApiResponse appointments(Call& call);
    // 429 with Retry-After when the client may not book or look up now; it takes a token.
    std::optional<ApiResponse> bookingThrottled(Call& call, RateLimiter& limiter);
    ApiResponse hallConfig(Call& call);
    ApiResponse changeHallConfig(Call& call);
    QJsonObject sessionJson(const engine::StaffMember& person, const Session& session) const;
    // The answer to a refused password or PIN (403 wrong_credentials, 429 locked), counted
    // against the client; nothing when it was accepted.
    std::optional<ApiResponse> refusedCredentials(const Verification& v, const QString& client);
    // 429 while the client has given too many wrong passwords or PINs.
    std::optional<ApiResponse> throttled(const QString& client);
    // Whether a department head's department has the service (his windows are those serving one
    // of its services: HallConfig::windowServes).
    bool serviceInDepartment(const QString& department, const QString& serviceId) const;
    // The case in the path (capture 1), if the device may see it: a caller only its window's.
    engine::CaseView permittedCase(Call& call);
    // The pages: /display, /caller, /case, /admin, /book, /t/{statusCode}, and their files under
    // /web/.
    static std::optional<ApiResponse> page(const QString& path);

    service::HallService& m_service;
    engine::QueueEngine& m_engine; // reads
    db::Store& m_store;            // reads
    DeviceRegistry& m_devices;
    RateLimiter& m_issueLimiter;
    RateLimiter m_lookupFailures{kLookupFailures, kLookupPeriodSeconds}; // per client
    // Bookings one address may make in an hour on the booking page (a booking platform is not
    // held to it: the hall's per-number limits hold for everyone).
    static constexpr int kBookingsPerClient = 10;
    RateLimiter m_bookings{kBookingsPerClient, 3600};
    // Wrong passwords and PINs one client may give in kLookupPeriodSeconds, across accounts.
    RateLimiter m_signInFailures{kLookupFailures * 2, kLookupPeriodSeconds};
    StaffRegistry m_staff;
    SessionRegistry m_sessions;
    const voice::Announcer& m_announcer;
    std::vector<const service::HardwareStatus*> m_hardware;
    service::CityLinkStatus* m_city = nullptr;
};

} // namespace qh::api
