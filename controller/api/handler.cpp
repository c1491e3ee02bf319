// The API's routes, roles, request validation and error mapping, independent of any socket.
#include "handler.h"

#include "hallconfig.h"
#include "jsonmapping.h"
#include "qrcode.h"
#include "request.h"

#include <algorithm>
#include <cmath>
#include <functional>
#include <set>

#include <QCryptographicHash>
#include <QFile>
#include <QJsonDocument>
#include <QLoggingCategory>
#include <QRegularExpression>
#include <QVariant>

using namespace Qt::Literals::StringLiterals;
using qh::engine::EngineError;

Q_LOGGING_CATEGORY(lcApi, "qh.controller.api")

namespace qh::api {

namespace {

// Who may use a route. kAdmin is an admin device or a hall admin; kHead a department head, on
// his department; kAuditor reads.
enum Role : unsigned {
    kAnyone = 0,
    kKiosk = 1,
    kCaller = 2,
    kDisplay = 4,
    kAdmin = 8,
    kHead = 16,
    kAuditor = 32,
    kBooking = 64 // an external booking platform
};
constexpr unsigned kPeople = kAdmin | kHead | kAuditor;

unsigned roleBit(const QString& role)
{
    if (role == u"kiosk"_s)
        return kKiosk;
    if (role == u"caller"_s)
        return kCaller;
    if (role == u"display"_s)
        return kDisplay;
    if (role == u"head"_s)
        return kHead;
    if (role == u"auditor"_s)
        return kAuditor;
    if (role == u"booking"_s)
        return kBooking;
    return role == u"admin"_s ? unsigned(kAdmin) : 0u;
}

// The value of one cookie in a Cookie header.
QString cookieValue(const QByteArray& header, const QByteArray& name)
{
    for (const QByteArray& part : header.split(';')) {
        const QByteArray kv = part.trimmed();
        if (kv.startsWith(name + '='))
            return QString::fromLatin1(kv.mid(name.size() + 1));
    }
    return {};
}

// A refusal on the way to the engine: bad request, wrong token, wrong role.
struct ApiError
{
    int status;
    QString code;
    QString message;
};

} // namespace

// Reads the fields of a JSON request body; each field is read at most once, and a field the
// route does not know is an error.
class Body
{
public:
    explicit Body(QJsonObject object)
        : m_object(std::move(object))
    {
    }

    QString string(const QString& key, qsizetype maxLength, bool required = false)
    {
        const QJsonValue v = take(key);
        if (v.isUndefined() || v.isNull()) {
            if (required)
                throw ApiError{400, u"invalid"_s, u"field '%1' is required"_s.arg(key)};
            return {};
        }
        if (!v.isString())
            throw ApiError{400, u"invalid"_s, u"field '%1' must be a string"_s.arg(key)};
        if (v.toString().size() > maxLength)
            throw ApiError{400, u"invalid"_s,
                           u"field '%1' is longer than %2 characters"_s.arg(key).arg(maxLength)};
        return v.toString();
    }

    QJsonObject object(const QString& key)
    {
        const QJsonValue v = take(key);
        if (!v.isObject())
            throw ApiError{400, u"invalid"_s, u"field '%1' must be a JSON object"_s.arg(key)};
        return v.toObject();
    }

    // A list of strings, each at most maxLength long.
    QStringList strings(const QString& key, qsizetype maxItems, qsizetype maxLength)
    {
        const QJsonValue v = take(key);
        if (v.isUndefined() || v.isNull())
            return {};
        const QJsonArray items = v.toArray();
        const bool fits = v.isArray() && items.size() <= maxItems &&
                          std::all_of(items.begin(), items.end(), [&](const QJsonValue& item) {
                              return item.isString() && item.toString().size() <= maxLength;
                          });
        if (fits)
            return QVariant(items.toVariantList()).toStringList();
        throw ApiError{400, u"invalid"_s,
                       u"field '%1' must be a list of at most %2 strings"_s.arg(key).arg(maxItems)};
    }

    std::optional<int> integer(const QString& key, int min, int max)
    {
        const QJsonValue v = take(key);
        if (v.isUndefined() || v.isNull())
            return std::nullopt;
        const double d = v.toDouble();
        // The range first: a huge number is not cast to an integer.
        if (!v.isDouble() || d < min || d > max || d != std::floor(d))
            throw ApiError{
                400, u"invalid"_s,
                u"field '%1' must be a whole number from %2 to %3"_s.arg(key).arg(min).arg(max)};
        return int(d);
    }

    // Every field must have been read.
    void finish() const
    {
        for (auto it = m_object.begin(); it != m_object.end(); ++it) {
            if (!m_read.count(it.key()))
                throw ApiError{400, u"invalid"_s, u"unknown field '%1'"_s.arg(it.key())};
        }
    }

private:
    QJsonValue take(const QString& key)
    {
        m_read.insert(key);
        return m_object.value(key);
    }

    QJsonObject m_object;
    std::set<QString> m_read;
};

namespace {

Body parseBody(const QByteArray& body)
{
    if (body.trimmed().isEmpty())
        return Body(QJsonObject());
    QJsonParseError error{};
    const QJsonDocument doc = QJsonDocument::fromJson(body, &error);
    if (error.error != QJsonParseError::NoError)
        throw ApiError{
            400, u"invalid_json"_s,
            u"body is not valid JSON at byte %1: %2"_s.arg(error.offset).arg(error.errorString())};
    if (!doc.isObject())
        throw ApiError{400, u"invalid_json"_s, u"body must be a JSON object"_s};
    return Body(doc.object());
}

int statusOf(EngineError::Code code)
{
    switch (code) {
    case EngineError::Code::NotFound:
        return 404;
    case EngineError::Code::Invalid:
        return 400;
    case EngineError::Code::IssuingClosed:
    case EngineError::Code::NumbersExhausted:
        return 503;
    case EngineError::Code::WrongState:
    case EngineError::Code::NotServing:
    case EngineError::Code::KeyReused:
    case EngineError::Code::NoClerk:
    case EngineError::Code::SlotFull:
    case EngineError::Code::BookingLimit:
    case EngineError::Code::TooEarly:
    case EngineError::Code::TooLate:
    case EngineError::Code::AlreadyCheckedIn:
    case EngineError::Code::Cancelled:
    case EngineError::Code::OtherDay:
    case EngineError::Code::WrongService:
        return 409;
    }
    return 500;
}

std::optional<std::int64_t> parseTime(const QString& iso)
{
    const QDateTime t = QDateTime::fromString(iso, Qt::ISODateWithMs);
    if (!t.isValid() || t.timeSpec() == Qt::LocalTime)
        return std::nullopt;
    return t.toMSecsSinceEpoch();
}

} // namespace

ApiResponse ApiResponse::json(int status, const QJsonObject& body)
{
    return {status, QJsonDocument(body).toJson(QJsonDocument::Compact), {}};
}

ApiResponse ApiResponse::error(int status, const QString& code, const QString& message,
                               const QJsonObject& details)
{
    QJsonObject e{{u"code"_s, code}, {u"message"_s, message}};
    if (!details.isEmpty())
        e.insert(u"details"_s, details);
    return json(status, {{u"error"_s, e}});
}

ApiHandler::ApiHandler(service::HallService& service, db::Store& store, DeviceRegistry& devices,
                       RateLimiter& issueLimiter, const voice::Announcer& announcer)
    : m_service(service)
    , m_engine(service.engine())
    , m_store(store)
    , m_devices(devices)
    , m_issueLimiter(issueLimiter)
    , m_staff(service)
    , m_announcer(announcer)
{
}

QString Principal::describe() const
{
    if (device)
        return device->role;
    if (!person)
        return u"nobody"_s;
    if (person->hasRole(u"admin"_s))
        return u"hall admin"_s;
    if (person->hasRole(u"head"_s))
        return u"department head"_s;
    return person->hasRole(u"auditor"_s) ? u"auditor"_s : u"clerk"_s;
}

std::optional<Principal> ApiHandler::authenticate(const ApiRequest& request)
{
    const QByteArray header = request.headers.value("authorization");
    QString token;
    if (header.startsWith("Bearer "))
        token = QString::fromLatin1(header.mid(7).trimmed());
    else if (header.isEmpty())
        token = request.query.queryItemValue(u"access_token"_s, QUrl::FullyDecoded);
    Principal p;
    if (!token.isEmpty()) {
        p.device = m_devices.authenticate(token);
        if (!p.device)
            return std::nullopt;
        p.roles = roleBit(p.device->role);
        p.actor = DeviceRegistry::actorOf(*p.device);
        // A caller acts as the clerk signed in at its window.
        if (p.device->window) {
            if (const std::optional<std::int64_t> clerk = m_store.window(*p.device->window).clerk)
                if (const std::optional<engine::StaffMember> m = m_store.staffMember(*clerk))
                    p.actor = clerkActor(*m, p.actor);
        }
        return p;
    }
    const QString id = cookieValue(request.headers.value("cookie"), SessionRegistry::kCookie);
    if (id.isEmpty())
        return std::nullopt;
    p.session = m_sessions.use(id, m_service.clock().nowMs());
    if (p.session)
        p.person = m_store.staffMember(p.session->staffId);
    if (!p.person || !p.person->active()) {
        m_sessions.close(id);
        return std::nullopt;
    }
    for (const QString& role : p.person->roles)
        p.roles |= roleBit(role) & kPeople;
    p.actor = {p.person->label(), u"web "_s + request.client};
    if (p.person->hasRole(u"head"_s) && !p.person->hasRole(u"admin"_s))
        p.department = p.person->department;
    return p;
}

bool ApiHandler::sessionAlive(const Session& session) const
{
    return m_sessions.alive(session.id, m_service.clock().nowMs());
}

bool ApiHandler::serviceInDepartment(const QString& department, const QString& serviceId) const
{
    const engine::Service* s = m_engine.hall().service(serviceId);
    return s && s->department == department;
}

bool ApiHandler::sees(const Principal& viewer, const engine::Event& event) const
{
    if (viewer.department.isEmpty())
        return true;
    if (event.window)
        return m_engine.hall().windowServes(*event.window, viewer.department);
    const QString service = event.data.value(u"service"_s).toString();
    return !service.isEmpty() && serviceInDepartment(viewer.department, service);
}

// One route: method, path pattern, who may call it, and what it does.
struct ApiHandler::Route
{
    const char* method;
    QRegularExpression path;
    unsigned roles;     // kAnyone: no token needed
    bool ownWindowOnly; // a caller may act only on the window in the path (capture 1)
    ApiResponse (ApiHandler::*run)(Call&);
};

const std::vector<ApiHandler::Route>& ApiHandler::routes()
{
    static const QString api = u"^/api/v1"_s;
    static const std::vector<Route> table = {
        {"GET", QRegularExpression(api + u"/health$"_s), kAnyone, false, &ApiHandler::health},
        {"GET", QRegularExpression(api + u"/services$"_s),
         kKiosk | kCaller | kDisplay | kAdmin | kHead | kAuditor, false, &ApiHandler::services},
        {"GET", QRegularExpression(api + u"/device$"_s), kKiosk | kCaller | kDisplay | kAdmin,
         false, &ApiHandler::device},
        {"POST", QRegularExpression(api + u"/tickets$"_s), kKiosk, false, &ApiHandler::issue},
        {"POST", QRegularExpression(api + u"/tickets/([0-9]{1,15})/(printed|void)$"_s),
         kKiosk | kAdmin, false, &ApiHandler::secondPhase},
        {"GET", QRegularExpression(api + u"/tickets/([A-Za-z0-9]{1,32})$"_s), kAnyone, false,
         &ApiHandler::publicTicket},
        {"POST", QRegularExpression(api + u"/tickets/([A-Za-z0-9]{1,32})/rating$"_s), kAnyone,
         false, &ApiHandler::rateTicket},
        {"POST",
         QRegularExpression(api + u"/windows/([0-9]{1,4})/(call-next|recall|start|complete|"
                                  "no-show|hold|transfer|call|pause|resume)$"_s),
         kCaller | kAdmin | kHead, true, &ApiHandler::windowAction},
        {"POST", QRegularExpression(api + u"/windows/([0-9]{1,4})/sign-in$"_s), kCaller, true,
         &ApiHandler::signInAtWindow},
        {"POST", QRegularExpression(api + u"/windows/([0-9]{1,4})/sign-out$"_s),
         kCaller | kAdmin | kHead, true, &ApiHandler::signOutAtWindow},
        {"GET", QRegularExpression(api + u"/windows/([0-9]{1,4})$"_s),
         kCaller | kDisplay | kAdmin | kHead | kAuditor, true, &ApiHandler::window},
        {"GET", QRegularExpression(api + u"/hall$"_s),
         kCaller | kDisplay | kAdmin | kHead | kAuditor, false, &ApiHandler::hall},
        {"GET", QRegularExpression(api + u"/events$"_s),
         kCaller | kDisplay | kAdmin | kHead | kAuditor, false, &ApiHandler::eventsWithoutUpgrade},
        {"GET", QRegularExpression(api + u"/announcements/([0-9]{1,15})\\.wav$"_s),
         kCaller | kDisplay | kAdmin, false, &ApiHandler::announcement},
        {"POST", QRegularExpression(api + u"/windows/([0-9]{1,4})/cases$"_s), kCaller | kAdmin,
         true, &ApiHandler::acceptCase},
        {"GET", QRegularExpression(api + u"/windows/([0-9]{1,4})/cases$"_s),
         kCaller | kAdmin | kHead | kAuditor, true, &ApiHandler::windowCases},
        {"GET", QRegularExpression(api + u"/cases$"_s), kAdmin | kHead | kAuditor, false,
         &ApiHandler::cases},
        {"GET", QRegularExpression(api + u"/cases/rates$"_s), kAdmin | kAuditor, false,
         &ApiHandler::caseRates},
        {"POST", QRegularExpression(api + u"/cases/lookup$"_s), kAnyone, false,
         &ApiHandler::lookupCase},
        {"POST", QRegularExpression(api + u"/cases/rating$"_s), kAnyone, false,
         &ApiHandler::rateCase},
        {"GET", QRegularExpression(api + u"/cases/([A-Za-z0-9-]{1,40})$"_s),
         kCaller | kAdmin | kHead | kAuditor, false, &ApiHandler::caseOf},
        {"POST",
         QRegularExpression(api + u"/cases/([A-Za-z0-9-]{1,40})/(suspend|resume|complete|return|"
                                  "withdraw)$"_s),
         kCaller | kAdmin | kHead, false, &ApiHandler::caseAction},
        {"GET", QRegularExpression(api + u"/followups$"_s), kAdmin | kHead | kAuditor, false,
         &ApiHandler::followUps},
        {"GET", QRegularExpression(api + u"/followups/([0-9]{1,15})$"_s), kAdmin | kHead | kAuditor,
         false, &ApiHandler::followUp},
        {"POST",
         QRegularExpression(api + u"/followups/([0-9]{1,15})/(contact|rectify|close|appeal)$"_s),
         kAdmin | kHead, false, &ApiHandler::followUpAction},
        {"POST", QRegularExpression(api + u"/followups/([0-9]{1,15})/(decide)$"_s), kAdmin, false,
         &ApiHandler::followUpAction},
        {"GET",
         QRegularExpression(api + u"/reports/(daily|monthly|range|appraisal|ratings|export)$"_s),
         kAdmin | kHead | kAuditor, false, &ApiHandler::report},
        {"GET", QRegularExpression(api + u"/city/report$"_s), kAdmin | kAuditor, false,
         &ApiHandler::cityReport},
        {"POST", QRegularExpression(api + u"/session$"_s), kAnyone, false,
         &ApiHandler::openSession},
        {"GET", QRegularExpression(api + u"/session$"_s), kPeople, false, &ApiHandler::session},
        {"POST", QRegularExpression(api + u"/session/sign-out$"_s), kPeople, false,
         &ApiHandler::closeSession},
        {"GET", QRegularExpression(api + u"/staff$"_s), kAdmin | kHead | kAuditor, false,
         &ApiHandler::staffList},
        {"POST", QRegularExpression(api + u"/staff$"_s), kAdmin, false, &ApiHandler::addStaff},
        {"POST", QRegularExpression(api + u"/staff/([A-Za-z0-9]{1,20})/(reset|disable|edit)$"_s),
         kAdmin, false, &ApiHandler::staffAction},
        {"GET", QRegularExpression(api + u"/devices$"_s), kAdmin | kAuditor, false,
         &ApiHandler::devices},
        {"POST", QRegularExpression(api + u"/devices$"_s), kAdmin, false, &ApiHandler::addDevice},
        {"POST", QRegularExpression(api + u"/devices/([0-9]{1,15})/revoke$"_s), kAdmin, false,
         &ApiHandler::revokeDevice},
        {"GET", QRegularExpression(api + u"/audit$"_s), kAdmin | kAuditor, false,
         &ApiHandler::audit},
        {"GET", QRegularExpression(api + u"/audit/verify$"_s), kAdmin | kAuditor, false,
         &ApiHandler::verifyAudit},
        {"POST", QRegularExpression(api + u"/calendar$"_s), kAdmin, false,
         &ApiHandler::importCalendar},
        {"GET", QRegularExpression(api + u"/notices$"_s), kAdmin | kAuditor, false,
         &ApiHandler::notices},
        {"POST", QRegularExpression(api + u"/notices$"_s), kAdmin, false,
         &ApiHandler::publishNotice},
        {"POST", QRegularExpression(api + u"/notices/([0-9]{1,15})/withdraw$"_s), kAdmin, false,
         &ApiHandler::withdrawNotice},
        {"GET", QRegularExpression(api + u"/appointments/services$"_s), kAnyone, false,
         &ApiHandler::bookableServices},
        {"GET", QRegularExpression(api + u"/appointments/slots$"_s), kAnyone, false,
         &ApiHandler::bookingSlots},
        {"POST", QRegularExpression(api + u"/appointments$"_s), kAnyone, false, &ApiHandler::book},
        {"POST", QRegularExpression(api + u"/appointments/(lookup|cancel)$"_s), kAnyone, false,
         &ApiHandler::appointmentByCode},
        {"POST", QRegularExpression(api + u"/appointments/check-in$"_s), kKiosk, false,
         &ApiHandler::checkIn},
        {"GET", QRegularExpression(api + u"/appointments$"_s), kAdmin | kHead | kAuditor, false,
         &ApiHandler::appointments},
        {"GET", QRegularExpression(api + u"/hall/config$"_s), kAdmin | kAuditor, false,
         &ApiHandler::hallConfig},
        {"POST", QRegularExpression(api + u"/hall/config$"_s), kAdmin, false,
         &ApiHandler::changeHallConfig},
    };
    return table;
}

std::optional<unsigned> ApiHandler::rolesFor(const QByteArray& method, const QString& path)
{
    for (const Route& route : routes()) {
        if (method == route.method && route.path.match(path).hasMatch())
            return route.roles;
    }
    return std::nullopt;
}

bool ApiHandler::mayUse(const Principal& principal, unsigned roles)
{
    return principal.roles & roles;
}

ApiResponse ApiHandler::handle(const ApiRequest& request)
{
    const qsizetype limit =
        request.path == u"/api/v1/hall/config"_s ? kMaxHallFileBytes : kMaxBodyBytes;
    if (request.body.size() > limit)
        return ApiResponse::error(
            413, u"body_too_large"_s,
            u"the body is %1 bytes; the limit is %2"_s.arg(request.body.size()).arg(limit));
    if (!request.path.startsWith(u"/api/"_s)) {
        if (request.method == "GET") {
            if (std::optional<ApiResponse> p = page(request.path))
                return *p;
        }
        return ApiResponse::error(404, u"no_route"_s,
                                  u"no such page: %1"_s.arg(request.path.left(200)));
    }
    const Route* route = nullptr;
    QRegularExpressionMatch match;
    bool pathKnown = false;
    for (const Route& r : routes()) {
        QRegularExpressionMatch m = r.path.match(request.path);
        if (!m.hasMatch())
            continue;
        pathKnown = true;
        if (request.method == r.method) {
            route = &r;
            match = m;
            break;
        }
    }
    if (!route) {
        return pathKnown
                   ? ApiResponse::error(405, u"method_not_allowed"_s,
                                        u"%1 is not allowed on %2"_s.arg(
                                            QString::fromLatin1(request.method), request.path))
                   : ApiResponse::error(404, u"no_route"_s,
                                        u"no such API path: %1"_s.arg(request.path.left(200)));
    }

    try {
        const std::optional<Principal> principal = authenticate(request);
        if (route->roles != kAnyone) {
            if (!principal)
                return ApiResponse::error(
                    401, u"unauthorized"_s,
                    u"a valid device token, or a signed-in session, is required"_s);
            if (!mayUse(*principal, route->roles))
                return ApiResponse::error(403, u"forbidden"_s,
                                          u"a %1 may not use this"_s.arg(principal->describe()));
            const int window = route->ownWindowOnly ? match.captured(1).toInt() : 0;
            if (principal->device && principal->device->window && route->ownWindowOnly &&
                *principal->device->window != window)
                return ApiResponse::error(
                    403, u"forbidden"_s,
                    u"this caller belongs to window %1"_s.arg(*principal->device->window));
            if (!principal->department.isEmpty() && route->ownWindowOnly &&
                !m_engine.hall().windowServes(window, principal->department))
                return ApiResponse::error(
                    403, u"forbidden"_s,
                    u"window %1 serves none of department %2"_s.arg(window).arg(
                        principal->department));
            // A change through a session carries the session's CSRF token.
            if (principal->session && request.method != "GET" &&
                QString::fromLatin1(request.headers.value("x-csrf-token")) !=
                    principal->session->csrf)
                return ApiResponse::error(
                    403, u"csrf_failed"_s,
                    u"the X-CSRF-Token header is missing or wrong; reload the page"_s);
        }
        Body body = request.method == "POST" ? parseBody(request.body) : Body(QJsonObject());
        const Principal* who = principal ? &*principal : nullptr;
        Call call{request,
                  match,
                  body,
                  who && who->device ? &*who->device : nullptr,
                  who && who->person ? &*who->person : nullptr,
                  who,
                  who ? who->actor : engine::Actor{}};
        return (this->*route->run)(call);
    } catch (...) {
        return failure(std::current_exception(), request);
    }
}

ApiResponse ApiHandler::failure(std::exception_ptr error, const ApiRequest& request)
{
    try {
        std::rethrow_exception(error);
    } catch (const ApiError& e) {
        return ApiResponse::error(e.status, e.code, e.message);
    } catch (const EngineError& e) {
        return ApiResponse::error(statusOf(e.code()), e.codeName(), e.message(), e.details());
    } catch (const engine::StoreError& e) {
        qCCritical(lcApi) << "store failure on" << request.method << request.path << e.what();
        return ApiResponse::error(503, u"store_unavailable"_s,
                                  u"the store failed; nothing was changed"_s);
    } catch (const std::exception& e) {
        qCCritical(lcApi) << "failure on" << request.method << request.path << e.what();
        return ApiResponse::error(500, u"internal"_s, u"the request failed; nothing was changed"_s);
    }
}

ApiResponse ApiHandler::health(Call& call)
{
    call.body.finish();
    return ApiResponse::json(200,
                             {{u"status"_s, u"ok"_s}, {u"version"_s, QStringLiteral(QH_VERSION)}});
}

ApiResponse ApiHandler::services(Call&)
{
    return ApiResponse::json(200, servicesJson(m_engine.status(), m_engine.hall()));
}

ApiResponse ApiHandler::issue(Call& call)
{
    engine::IssueRequest r;
    r.serviceId = call.body.string(u"service"_s, 64, true);
    const QString priority = call.body.string(u"priority"_s, 10);
    if (!priority.isEmpty() && priority != u"normal"_s && priority != u"green"_s)
        throw ApiError{400, u"invalid"_s, u"field 'priority' must be \"normal\" or \"green\""_s};
    r.priority = priority == u"green"_s ? engine::Priority::Green : engine::Priority::Normal;
    r.phone = call.body.string(u"phone"_s, 20);
    r.lang = call.body.string(u"lang"_s, 5);
    if (r.lang.isEmpty())
        r.lang = u"zh"_s;
    const QString appointment = call.body.string(u"appointmentAt"_s, 40);
    if (!appointment.isEmpty()) {
        r.appointmentAt = parseTime(appointment);
        if (!r.appointmentAt)
            throw ApiError{400, u"invalid"_s,
                           u"field 'appointmentAt' must be an ISO 8601 time with a zone"_s};
    }
    call.body.finish();
    static const QRegularExpression keyPattern(u"^[\\x21-\\x7e]{1,100}$"_s);
    r.idempotencyKey = QString::fromLatin1(call.request.headers.value("idempotency-key"));
    if (!keyPattern.match(r.idempotencyKey).hasMatch())
        throw ApiError{400, u"invalid"_s,
                       u"an Idempotency-Key header of 1 to 100 visible characters is required"_s};
    const QString kiosk = QString::number(call.device->id);
    if (!m_issueLimiter.allow(kiosk)) {
        ApiResponse limited = ApiResponse::error(
            429, u"rate_limited"_s, u"this kiosk is issuing too many tickets; try again shortly"_s);
        limited.headers.append({QByteArray("Retry-After"),
                                QByteArray::number(m_issueLimiter.retryAfterSeconds(kiosk))});
        return limited;
    }
    return ApiResponse::json(201, ticketJson(m_service.issue(r, call.actor), m_engine.hall()));
}

ApiResponse ApiHandler::secondPhase(Call& call)
{
    const std::int64_t id = call.match.captured(1).toLongLong();
    const bool printed = call.match.captured(2) == u"printed"_s;
    const QString reason = printed ? QString() : call.body.string(u"reason"_s, 200, true);
    call.body.finish();
    const std::optional<engine::Ticket> ticket = m_store.ticket(id);
    if (!ticket)
        throw EngineError(EngineError::Code::NotFound, u"unknown ticket %1"_s.arg(id));
    if (call.device && call.device->role == u"kiosk"_s && ticket->issuedBy != call.actor.device)
        throw ApiError{403, u"forbidden"_s, u"ticket %1 was issued by another kiosk"_s.arg(id)};
    const engine::Ticket t = printed ? m_service.confirmPrinted(id, call.actor)
                                     : m_service.voidTicket(id, reason, call.actor);
    return ApiResponse::json(200, ticketJson(m_engine.view(t.id), m_engine.hall()));
}

QJsonArray
ApiHandler::hardware(const std::function<QJsonArray(const service::HardwareStatus&)>& part) const
{
    QJsonArray all;
    for (const service::HardwareStatus* h : m_hardware) {
        for (const QJsonValue entry : part(*h))
            all.append(entry);
    }
    return all;
}

ApiResponse ApiHandler::publicTicket(Call& call)
{
    const std::optional<engine::Ticket> t =
        m_store.ticketByStatusCode(call.match.captured(1).toUpper());
    if (!t)
        throw EngineError(EngineError::Code::NotFound, u"no ticket has this status code"_s);
    return statusPageTicket(*t);
}

ApiResponse ApiHandler::rateTicket(Call& call)
{
    const std::optional<int> rating = call.body.integer(u"rating"_s, 1, 5);
    call.body.finish();
    if (!rating)
        throw ApiError{400, u"invalid"_s, u"field 'rating' is required"_s};
    const engine::Actor actor =
        call.device ? call.actor : engine::Actor{u"citizen"_s, u"address "_s + call.request.client};
    return statusPageTicket(m_service.rateOnline(call.match.captured(1).toUpper(), *rating, actor));
}

ApiResponse ApiHandler::statusPageTicket(const engine::Ticket& t)
{
    QJsonObject o = publicTicketJson(m_engine.view(t.id), m_engine.hall());
    o.insert(u"ratable"_s, m_engine.ratableOnline(t));
    if (const std::optional<int> rating = m_store.rating(t.id))
        o.insert(u"rating"_s, *rating);
    return ApiResponse::json(200, o);
}

ApiResponse ApiHandler::windowAction(Call& call)
{
    const int n = call.match.captured(1).toInt();
    const QString action = call.match.captured(2);
    const auto ticket = [&](const engine::Ticket& t) {
        return ApiResponse::json(200, ticketJson(m_engine.view(t.id), m_engine.hall()));
    };
    if (action == u"call-next"_s) {
        call.body.finish();
        const std::optional<engine::Ticket> t = m_service.callNext(n, call.actor);
        return t ? ticket(*t) : ApiResponse{204, {}, {}};
    }
    if (action == u"call"_s) {
        const QString number = call.body.string(u"number"_s, 8, true);
        call.body.finish();
        return ticket(m_service.callNumber(n, number, call.actor));
    }
    if (action == u"hold"_s) {
        const QString returning = call.body.string(u"return"_s, 8);
        call.body.finish();
        return ticket(returning.isEmpty() ? m_service.hold(n, call.actor)
                                          : m_service.returnHeld(n, returning, call.actor));
    }
    if (action == u"transfer"_s) {
        const QString service = call.body.string(u"service"_s, 64);
        const std::optional<int> target = call.body.integer(u"window"_s, 1, 9999);
        call.body.finish();
        if (service.isEmpty() == !target.has_value())
            throw ApiError{400, u"invalid"_s, u"give exactly one of 'service' or 'window'"_s};
        return ticket(target ? m_service.transferToWindow(n, *target, call.actor)
                             : m_service.transferToService(n, service, call.actor));
    }
    call.body.finish();
    if (action == u"pause"_s || action == u"resume"_s) {
        action == u"pause"_s ? m_service.pause(n, call.actor) : m_service.resume(n, call.actor);
        return window(call);
    }
    using Op = engine::Ticket (service::HallService::*)(int, const engine::Actor&);
    const Op op = action == u"recall"_s     ? &service::HallService::recall
                  : action == u"start"_s    ? &service::HallService::start
                  : action == u"complete"_s ? &service::HallService::complete
                                            : &service::HallService::noShow;
    return ticket((m_service.*op)(n, call.actor));
}

ApiResponse ApiHandler::window(Call& call)
{
    const int n = call.match.captured(1).toInt();
    const engine::HallStatus status = m_engine.status();
    for (const engine::WindowStatus& w : status.windows) {
        if (w.window->number != n)
            continue;
        QJsonObject o = windowJson(w, status, m_engine.hall());
        o.insert(u"hardware"_s,
                 hardware([n](const service::HardwareStatus& h) { return h.window(n); }));
        return ApiResponse::json(200, o);
    }
    throw EngineError(EngineError::Code::NotFound, u"unknown window %1"_s.arg(n));
}

ApiResponse ApiHandler::hall(Call& call)
{
    return ApiResponse::json(200, hallSnapshot(*call.principal));
}

QJsonObject ApiHandler::hallSnapshot(const Principal& viewer)
{
    QJsonObject snapshot =
        hallJson(m_engine.status(), m_engine.cases().day(), m_store.recentCalls(kRecentCalls),
                 m_store.lastEventSeq(), m_engine.hall());
    snapshot.insert(u"hardware"_s,
                    hardware([](const service::HardwareStatus& h) { return h.hall(); }));
    snapshot.insert(u"city"_s, m_city ? m_city->city() : QJsonObject{{u"configured"_s, false}});
    if (viewer.department.isEmpty())
        return snapshot;
    // A department head's view: his windows, queues and calls; no hall-wide figures.
    const auto keep = [&](const QString& key, const std::function<bool(const QJsonObject&)>& own) {
        QJsonArray kept;
        for (const QJsonValue v : snapshot.value(key).toArray()) {
            if (own(v.toObject()))
                kept.append(v);
        }
        snapshot.insert(key, kept);
    };
    const QString& department = viewer.department;
    keep(u"windows"_s, [&](const QJsonObject& w) {
        return m_engine.hall().windowServes(w.value(u"number"_s).toInt(), department);
    });
    keep(u"queues"_s,
         [&](const QJsonObject& q) { return q.value(u"department"_s).toString() == department; });
    keep(u"recentCalls"_s, [&](const QJsonObject& e) {
        return m_engine.hall().windowServes(
            e.value(u"data"_s).toObject().value(u"window"_s).toInt(), department);
    });
    snapshot.remove(u"today"_s);
    snapshot.remove(u"cases"_s);
    snapshot.insert(u"department"_s, department);
    return snapshot;
}

// The spoken call for a ticket.called or ticket.recalled event, as one WAV.
ApiResponse ApiHandler::announcement(Call& call)
{
    const std::int64_t seq = call.match.captured(1).toLongLong();
    const std::vector<engine::Event> events = m_store.eventsSince(seq - 1, 1);
    const std::optional<service::CallOut> callOut = events.empty() || events.front().seq != seq
                                                        ? std::nullopt
                                                        : service::callOutOf(events.front());
    if (!callOut)
        throw EngineError(EngineError::Code::NotFound, u"event %1 is not a call"_s.arg(seq));
    try {
        ApiResponse r{200, m_announcer.wav(callOut->number, callOut->window), {}};
        r.contentType = "audio/wav";
        return r;
    } catch (const voice::VoiceError& e) {
        return ApiResponse::error(503, u"voice_unavailable"_s, QString::fromUtf8(e.what()));
    }
}

ApiResponse ApiHandler::device(Call& call)
{
    if (!call.device)
        throw ApiError{403, u"forbidden"_s, u"a person has no device; see /api/v1/session"_s};
    QJsonObject o{{u"id"_s, double(call.device->id)},
                  {u"name"_s, call.device->name},
                  {u"role"_s, call.device->role}};
    if (call.device->window)
        o.insert(u"window"_s, *call.device->window);
    return ApiResponse::json(200, o);
}

std::optional<ApiResponse> ApiHandler::page(const QString& path)
{
    static const QRegularExpression statusPage(u"^/t/[A-Za-z0-9]{1,32}$"_s);
    static const QRegularExpression webFile(u"^/web/([a-z][a-z0-9-]*\\.(html|js|css))$"_s);
    QString file;
    if (path == u"/display"_s || path == u"/caller"_s || path == u"/case"_s ||
        path == u"/admin"_s || path == u"/book"_s)
        file = path.mid(1) + u".html"_s;
    else if (statusPage.match(path).hasMatch())
        file = u"status.html"_s;
    else if (const QRegularExpressionMatch m = webFile.match(path); m.hasMatch())
        file = m.captured(1);
    QFile f(u":/web/"_s + file);
    if (file.isEmpty() || !f.open(QIODevice::ReadOnly))
        return std::nullopt;
    static const QHash<QString, QByteArray> types = {{u"html"_s, "text/html; charset=utf-8"},
                                                     {u"js"_s, "text/javascript; charset=utf-8"},
                                                     {u"css"_s, "text/css; charset=utf-8"}};
    ApiResponse r{200, f.readAll(), {}};
    r.contentType = types.value(file.section(u'.', -1));
    return r;
}

ApiResponse ApiHandler::eventsWithoutUpgrade(Call&)
{
    ApiResponse r = ApiResponse::error(426, u"upgrade_required"_s,
                                       u"the event stream is a WebSocket; connect with ws://"_s);
    r.headers.append({QByteArray("Upgrade"), QByteArray("websocket")});
    return r;
}

ApiResponse ApiHandler::acceptCase(Call& call)
{
    const QString service = call.body.string(u"service"_s, 64);
    call.body.finish();
    const engine::AcceptedCase accepted =
        m_service.acceptCase(call.match.captured(1).toInt(), service, call.actor);
    QJsonObject o = caseJson(m_engine.cases().view(accepted.record.serial), m_engine.hall());
    o.insert(u"password"_s, accepted.password);
    return ApiResponse::json(201, o);
}

ApiResponse ApiHandler::windowCases(Call& call)
{
    const int n = call.match.captured(1).toInt();
    if (!m_engine.hall().window(n))
        throw EngineError(EngineError::Code::NotFound, u"unknown window %1"_s.arg(n));
    return ApiResponse::json(200, caseListJson(m_engine.cases().open(n), m_engine.hall()));
}

ApiResponse ApiHandler::cases(Call& call)
{
    const QString overdue = call.request.query.queryItemValue(u"overdue"_s);
    if (!overdue.isEmpty() && overdue != u"true"_s && overdue != u"false"_s)
        throw ApiError{400, u"invalid"_s, u"'overdue' must be true or false"_s};
    std::vector<engine::CaseView> list = overdue == u"true"_s
                                             ? m_engine.cases().overdue(std::nullopt)
                                             : m_engine.cases().open(std::nullopt);
    const QString& department = call.principal->department;
    if (!department.isEmpty())
        std::erase_if(list, [&](const engine::CaseView& c) {
            return !serviceInDepartment(department, c.record.serviceId);
        });
    return ApiResponse::json(200, caseListJson(list, m_engine.hall()));
}

ApiResponse ApiHandler::caseRates(Call& call)
{
    const QDate today = m_engine.cases().today();
    const auto day = [&](const QString& name) {
        const QString text = call.request.query.queryItemValue(name);
        if (text.isEmpty())
            return today;
        const QDate d = QDate::fromString(text, Qt::ISODate);
        if (!d.isValid())
            throw ApiError{400, u"invalid"_s, u"'%1' must be a date, YYYY-MM-DD"_s.arg(name)};
        return d;
    };
    const QDate from = day(u"from"_s);
    const QDate to = day(u"to"_s);
    if (to < from || from.daysTo(to) > 366)
        throw ApiError{400, u"invalid"_s, u"'to' must be from 'from' to a year after it"_s};
    const QString by = call.request.query.queryItemValue(u"by"_s);
    const std::optional<engine::CaseGrouping> grouping =
        engine::caseGroupingFromString(by.isEmpty() ? u"total"_s : by);
    if (!grouping)
        throw ApiError{400, u"invalid"_s,
                       u"'by' must be total, day, window, department or service"_s};
    QJsonArray groups;
    for (const engine::CaseTally& t : m_engine.cases().rates(from, to, *grouping))
        groups.append(caseTallyJson(t));
    return ApiResponse::json(200, {{u"from"_s, from.toString(Qt::ISODate)},
                                   {u"to"_s, to.toString(Qt::ISODate)},
                                   {u"by"_s, by.isEmpty() ? u"total"_s : by},
                                   {u"groups"_s, groups}});
}

engine::CaseView ApiHandler::permittedCase(Call& call)
{
    engine::CaseView view = m_engine.cases().view(call.match.captured(1));
    if (call.device && call.device->role == u"caller"_s && call.device->window &&
        *call.device->window != view.record.window)
        throw ApiError{
            403, u"forbidden"_s,
            u"case %1 belongs to window %2"_s.arg(view.record.serial).arg(view.record.window)};
    const QString& department = call.principal->department;
    if (!department.isEmpty() && !serviceInDepartment(department, view.record.serviceId))
        throw ApiError{403, u"forbidden"_s,
                       u"case %1 is not of department %2"_s.arg(view.record.serial, department)};
    return view;
}

ApiResponse ApiHandler::caseOf(Call& call)
{
    return ApiResponse::json(200, caseJson(permittedCase(call), m_engine.hall()));
}

ApiResponse ApiHandler::caseAction(Call& call)
{
    const QString serial = permittedCase(call).record.serial;
    const QString action = call.match.captured(2);
    const QString result =
        action == u"complete"_s ? call.body.string(u"result"_s, 20, true) : QString();
    const QString reason = action == u"resume"_s ? QString() : call.body.string(u"reason"_s, 200);
    call.body.finish();
    if (action == u"suspend"_s)
        m_service.suspendCase(serial, reason, call.actor);
    else if (action == u"resume"_s)
        m_service.resumeCase(serial, call.actor);
    else if (action == u"return"_s)
        m_service.returnCase(serial, reason, call.actor);
    else if (action == u"withdraw"_s)
        m_service.withdrawCase(serial, reason, call.actor);
    else if (const std::optional<engine::CaseResult> r = engine::caseResultFromString(result))
        m_service.completeCase(serial, *r, reason, call.actor);
    else
        throw ApiError{400, u"invalid"_s,
                       u"field 'result' must be \"approved\" or \"not_approved\""_s};
    return ApiResponse::json(200, caseJson(m_engine.cases().view(serial), m_engine.hall()));
}

ApiResponse ApiHandler::followUps(Call& call)
{
    const QString late = call.request.query.queryItemValue(u"late"_s);
    if (!late.isEmpty() && late != u"true"_s && late != u"false"_s)
        throw ApiError{400, u"invalid"_s, u"'late' must be true or false"_s};
    std::vector<engine::FollowUpView> list = m_engine.followUps().pending(late == u"true"_s);
    const QString& department = call.principal->department;
    if (!department.isEmpty())
        std::erase_if(list, [&](const engine::FollowUpView& f) {
            return !m_engine.hall().windowServes(f.record.rating.window, department);
        });
    return ApiResponse::json(200, followUpListJson(list, m_engine.hall()));
}

engine::FollowUpView ApiHandler::permittedFollowUp(Call& call)
{
    engine::FollowUpView view = m_engine.followUps().view(call.match.captured(1).toLongLong());
    const QString& department = call.principal->department;
    if (!department.isEmpty() &&
        !m_engine.hall().windowServes(view.record.rating.window, department))
        throw ApiError{403, u"forbidden"_s,
                       u"follow-up %1 is of window %2, not of department %3"_s.arg(view.record.id)
                           .arg(view.record.rating.window)
                           .arg(department)};
    return view;
}

ApiResponse ApiHandler::followUp(Call& call)
{
    return ApiResponse::json(200, followUpJson(permittedFollowUp(call), m_engine.hall()));
}

ApiResponse ApiHandler::followUpAction(Call& call)
{
    const std::int64_t id = permittedFollowUp(call).record.id;
    const QString action = call.match.captured(2);
    constexpr qsizetype kText = 500;
    if (action == u"contact"_s) {
        const QString record = call.body.string(u"record"_s, kText, true);
        call.body.finish();
        m_service.contactFollowUp(id, record, call.actor);
    } else if (action == u"rectify"_s) {
        const QString finding = call.body.string(u"finding"_s, kText, true);
        const QString rectification = call.body.string(u"rectification"_s, kText, true);
        call.body.finish();
        m_service.rectifyFollowUp(id, finding, rectification, call.actor);
    } else if (action == u"close"_s) {
        call.body.finish();
        m_service.closeFollowUp(id, call.actor);
    } else if (action == u"appeal"_s) {
        const QString reason = call.body.string(u"reason"_s, kText, true);
        call.body.finish();
        m_service.appealFollowUp(id, reason, call.actor);
    } else {
        const QString decision = call.body.string(u"decision"_s, 10, true);
        const QString reason = call.body.string(u"reason"_s, kText, true);
        call.body.finish();
        if (decision != u"upheld"_s && decision != u"rejected"_s)
            throw ApiError{400, u"invalid"_s,
                           u"field 'decision' must be \"upheld\" or \"rejected\""_s};
        m_service.decideFollowUp(id, decision == u"upheld"_s, reason, call.actor);
    }
    return ApiResponse::json(200, followUpJson(m_engine.followUps().view(id), m_engine.hall()));
}

// A report by name, with its query: from, to, month, by, format (json unless csv is asked).
ApiResponse ApiHandler::report(Call& call)
{
    const QUrlQuery& q = call.request.query;
    reports::ReportRequest r;
    r.kind = call.match.captured(1);
    r.from = q.queryItemValue(u"from"_s);
    r.to = q.queryItemValue(u"to"_s);
    r.month = q.queryItemValue(u"month"_s);
    r.by = q.hasQueryItem(u"by"_s) ? q.queryItemValue(u"by"_s) : u"total"_s;
    r.format = q.hasQueryItem(u"format"_s) ? q.queryItemValue(u"format"_s) : u"json"_s;
    r.department = call.principal->department;
    try {
        const reports::Rendered rendered = reports::render(
            r, m_store, m_engine.hall(), m_engine.calendar(), m_engine.cases().today());
        ApiResponse response{200, rendered.body, {}, rendered.contentType};
        if (r.format == u"csv"_s)
            response.headers.append(
                {"Content-Disposition", "attachment; filename=\"" + r.kind.toUtf8() + '-' +
                                            r.from.toUtf8() + r.month.toUtf8() + ".csv\""});
        return response;
    } catch (const reports::RequestError& e) {
        throw ApiError{400, u"invalid"_s, QString::fromUtf8(e.what())};
    }
}

// The city's figures per hall, from the city's PostgreSQL, when this hall streams to it.
ApiResponse ApiHandler::cityReport(Call& call)
{
    if (!m_city)
        throw ApiError{404, u"not_found"_s, u"this hall has no city link"_s};
    const QUrlQuery& q = call.request.query;
    const QDate from = QDate::fromString(q.queryItemValue(u"from"_s), Qt::ISODate);
    const QDate to = QDate::fromString(q.queryItemValue(u"to"_s), Qt::ISODate);
    const QString format = q.hasQueryItem(u"format"_s) ? q.queryItemValue(u"format"_s) : u"json"_s;
    if (!from.isValid() || !to.isValid() || to < from || from.daysTo(to) > 366)
        throw ApiError{400, u"invalid"_s,
                       u"from and to are days (YYYY-MM-DD), to not before from, a year at most"_s};
    if (format != u"json"_s && format != u"csv"_s)
        throw ApiError{400, u"invalid"_s, u"format is json or csv"_s};
    try {
        const QByteArray body = m_city->cityReport(from, to, format);
        if (format == u"json"_s)
            return {200, body, {}, "application/json; charset=utf-8"};
        return {200,
                body,
                {{"Content-Disposition",
                  "attachment; filename=\"city-" + from.toString(Qt::ISODate).toUtf8() + ".csv\""}},
                "text/csv; charset=utf-8"};
    } catch (const std::runtime_error& e) {
        throw ApiError{503, u"city_unavailable"_s, QString::fromUtf8(e.what())};
    }
}

// Anyone with the serial number and password; wrong passwords are limited per case (the case
// locks) and per client (this handler stops answering it for a while).
ApiResponse ApiHandler::lookupCase(Call& call)
{
    return caseWithPassword(call, std::nullopt);
}

ApiResponse ApiHandler::rateCase(Call& call)
{
    const std::optional<int> rating = call.body.integer(u"rating"_s, 1, 5);
    if (!rating)
        throw ApiError{400, u"invalid"_s, u"field 'rating' is required"_s};
    return caseWithPassword(call, rating);
}

ApiResponse ApiHandler::caseWithPassword(Call& call, std::optional<int> rating)
{
    const QString serial = call.body.string(u"serial"_s, 40, true);
    const QString password = call.body.string(u"password"_s, 20, true);
    call.body.finish();
    static const QRegularExpression sixDigits(u"^[0-9]{6}$"_s);
    if (!sixDigits.match(password).hasMatch())
        throw ApiError{400, u"invalid"_s, u"the password is the 6 digits given with the case"_s};
    const QString client = call.device ? u"device %1"_s.arg(call.device->id)
                                       : u"address %1"_s.arg(call.request.client);
    const auto tooMany = [&](int seconds, const QString& message) {
        ApiResponse r = ApiResponse::error(429, u"locked"_s, message);
        r.headers.append({QByteArray("Retry-After"), QByteArray::number(seconds)});
        return r;
    };
    if (!m_lookupFailures.hasToken(client))
        return tooMany(m_lookupFailures.retryAfterSeconds(client),
                       u"too many wrong serial numbers or passwords from here; try again later"_s);
    const engine::Actor actor =
        call.device ? call.actor : engine::Actor{u"citizen"_s, u"address "_s + call.request.client};
    const engine::CaseLookup found = m_service.lookupCase(serial, password, actor);
    switch (found.outcome) {
    case engine::CaseLookup::Outcome::Found: {
        const QString known = found.view->record.serial;
        if (rating)
            m_service.rateCaseOnline(known, *rating, actor);
        const engine::CaseView view = m_engine.cases().view(known);
        QJsonObject o = publicCaseJson(view, m_engine.hall());
        o.insert(u"ratable"_s, m_engine.ratableOnline(view.record));
        if (const std::optional<int> given = m_store.caseRating(known))
            o.insert(u"rating"_s, *given);
        return ApiResponse::json(200, o);
    }
    case engine::CaseLookup::Outcome::Locked: {
        m_lookupFailures.allow(client);
        const qint64 seconds = (found.lockedUntil - m_service.clock().nowMs() + 999) / 1000;
        return tooMany(int(seconds),
                       u"this case is locked after too many wrong passwords; try again at %1"_s.arg(
                           isoTime(found.lockedUntil, m_engine.hall())));
    }
    case engine::CaseLookup::Outcome::Refused:
        break;
    }
    m_lookupFailures.allow(client);
    return ApiResponse::error(404, u"not_found"_s,
                              u"no case has this serial number and password"_s);
}

namespace {
ApiResponse lockedResponse(int seconds, const QString& message)
{
    ApiResponse r = ApiResponse::error(429, u"locked"_s, message);
    r.headers.append({QByteArray("Retry-After"), QByteArray::number(std::max(seconds, 1))});
    return r;
}

QByteArray sessionCookie(const QString& value, bool expire)
{
    return QByteArray(SessionRegistry::kCookie) + '=' + value.toLatin1() +
           "; Path=/; HttpOnly; SameSite=Strict" + (expire ? "; Max-Age=0" : "");
}
} // namespace

// Checks a staff number and secret for this request's client; the answer when refused.
std::optional<ApiResponse> ApiHandler::refusedCredentials(const Verification& v,
                                                          const QString& client)
{
    switch (v.outcome) {
    case Verification::Outcome::Accepted:
        return std::nullopt;
    case Verification::Outcome::Locked:
        m_signInFailures.allow(client);
        return lockedResponse(
            int((v.lockedUntil - m_service.clock().nowMs() + 999) / 1000),
            u"this account is locked after too many wrong attempts; try again at %1"_s.arg(
                isoTime(v.lockedUntil, m_engine.hall())));
    case Verification::Outcome::Refused:
        break;
    }
    m_signInFailures.allow(client);
    return ApiResponse::error(403, u"wrong_credentials"_s,
                              u"the staff number or the password or PIN is wrong"_s);
}

std::optional<ApiResponse> ApiHandler::throttled(const QString& client)
{
    if (m_signInFailures.hasToken(client))
        return std::nullopt;
    return lockedResponse(m_signInFailures.retryAfterSeconds(client),
                          u"too many wrong passwords or PINs from here; try again later"_s);
}

ApiResponse ApiHandler::signInAtWindow(Call& call)
{
    const QString number = call.body.string(u"staff"_s, 20, true);
    const QString pin = call.body.string(u"pin"_s, 128, true);
    call.body.finish();
    const QString client = u"device %1"_s.arg(call.device->id);
    if (std::optional<ApiResponse> r = throttled(client))
        return *r;
    const int window = call.match.captured(1).toInt();
    const Verification v =
        m_staff.signIn(window, number, pin, DeviceRegistry::actorOf(*call.device));
    if (std::optional<ApiResponse> r = refusedCredentials(v, client))
        return *r;
    return this->window(call);
}

ApiResponse ApiHandler::signOutAtWindow(Call& call)
{
    call.body.finish();
    m_service.signOut(call.match.captured(1).toInt(), QString(), call.actor);
    return window(call);
}

QJsonObject ApiHandler::sessionJson(const engine::StaffMember& person, const Session& session) const
{
    return {{u"staff"_s, staffJson(person)},
            {u"csrfToken"_s, session.csrf},
            {u"idleTimeoutSeconds"_s, double(m_sessions.idleTimeoutMs() / 1000)}};
}

ApiResponse ApiHandler::openSession(Call& call)
{
    const QString number = call.body.string(u"staff"_s, 20, true);
    const QString password = call.body.string(u"password"_s, 128, true);
    call.body.finish();
    const QString client = u"address %1"_s.arg(call.request.client);
    if (std::optional<ApiResponse> r = throttled(client))
        return *r;
    const engine::Actor actor{number, u"web "_s + call.request.client};
    const Verification v = m_staff.verify(number, password, actor);
    if (std::optional<ApiResponse> r = refusedCredentials(v, client))
        return *r;
    const engine::StaffMember& person = *v.member;
    if (!StaffRegistry::needsPassword(person.roles))
        throw ApiError{403, u"forbidden"_s,
                       u"a clerk signs in at the window's caller page, not here"_s};
    const Session session = m_sessions.open(person.id, m_service.clock().nowMs());
    m_service.perform([&] {
        m_service.record({0, m_service.clock().nowMs(), u"staff.session_opened"_s, person.label(),
                          actor.device, std::nullopt, std::nullopt,
                          QJsonObject{{u"staff"_s, person.number}}});
    });
    ApiResponse r = ApiResponse::json(200, sessionJson(person, session));
    r.headers.append({"Set-Cookie", sessionCookie(session.id, false)});
    return r;
}

ApiResponse ApiHandler::session(Call& call)
{
    if (!call.person)
        throw ApiError{403, u"forbidden"_s, u"a device has no session; see /api/v1/device"_s};
    return ApiResponse::json(200, sessionJson(*call.person, *call.principal->session));
}

ApiResponse ApiHandler::closeSession(Call& call)
{
    call.body.finish();
    if (!call.person)
        throw ApiError{403, u"forbidden"_s, u"a device has no session to sign out of"_s};
    m_sessions.close(call.principal->session->id);
    m_service.perform([&] {
        m_service.record({0, m_service.clock().nowMs(), u"staff.session_closed"_s, call.actor.who,
                          call.actor.device, std::nullopt, std::nullopt,
                          QJsonObject{{u"staff"_s, call.person->number}}});
    });
    ApiResponse r = ApiResponse::json(200, {});
    r.headers.append({"Set-Cookie", sessionCookie(QString(), true)});
    return r;
}

ApiResponse ApiHandler::staffList(Call& call)
{
    std::map<std::int64_t, int> signedInAt;
    for (const engine::WindowState& w : m_store.windows()) {
        if (w.clerk)
            signedInAt[*w.clerk] = w.number;
    }
    const std::int64_t now = m_service.clock().nowMs();
    QJsonArray list;
    for (const engine::StaffMember& m : m_staff.list()) {
        if (!call.principal->department.isEmpty() && m.department != call.principal->department)
            continue;
        QJsonObject o = staffJson(m);
        o.insert(u"locked"_s, m.lockedUntil > now);
        if (const auto it = signedInAt.find(m.id); it != signedInAt.end())
            o.insert(u"window"_s, it->second);
        list.append(o);
    }
    return ApiResponse::json(200, {{u"staff"_s, list}});
}

ApiResponse ApiHandler::addStaff(Call& call)
{
    StaffRequest r;
    r.number = call.body.string(u"number"_s, 20, true);
    r.name = call.body.string(u"name"_s, 50, true);
    r.department = call.body.string(u"department"_s, 64);
    r.roles = call.body.strings(u"roles"_s, 4, 10);
    r.secret = call.body.string(u"secret"_s, 128, true);
    call.body.finish();
    return ApiResponse::json(201, staffJson(m_staff.add(r, call.actor)));
}

ApiResponse ApiHandler::staffAction(Call& call)
{
    const QString number = call.match.captured(1);
    const std::optional<engine::StaffMember> member = m_staff.find(number);
    if (!member)
        throw EngineError(EngineError::Code::NotFound, u"no staff number %1"_s.arg(number));
    if (call.match.captured(2) == u"reset"_s) {
        const QString secret = call.body.string(u"secret"_s, 128, true);
        call.body.finish();
        m_staff.resetSecret(number, secret, call.actor);
    } else if (call.match.captured(2) == u"edit"_s) {
        StaffRequest r{number, call.body.string(u"name"_s, 50, true),
                       call.body.string(u"department"_s, 64), call.body.strings(u"roles"_s, 4, 10),
                       call.body.string(u"secret"_s, 128)};
        call.body.finish();
        m_staff.edit(r, call.actor);
    } else {
        call.body.finish();
        m_staff.disable(number, call.actor);
    }
    m_sessions.closeAllOf(member->id);
    return ApiResponse::json(200, staffJson(*m_staff.find(number)));
}

namespace {
// Which hall file a change was made from: a short hash of the file the hall runs on.
QString hallVersion(const QByteArray& source)
{
    return QString::fromLatin1(
        QCryptographicHash::hash(source, QCryptographicHash::Sha256).toHex().left(16));
}
} // namespace

std::optional<ApiResponse> ApiHandler::bookingThrottled(Call& call, RateLimiter& limiter)
{
    const QString client = call.device ? u"device %1"_s.arg(call.device->id)
                                       : u"address %1"_s.arg(call.request.client);
    if (limiter.hasToken(client))
        return std::nullopt;
    return lockedResponse(limiter.retryAfterSeconds(client),
                          u"too many requests from here; try again later"_s);
}

ApiResponse ApiHandler::bookableServices(Call& call)
{
    call.body.finish();
    return ApiResponse::json(200, bookableServicesJson(m_engine.appointments(), m_engine.hall()));
}

ApiResponse ApiHandler::bookingSlots(Call& call)
{
    const QString service = call.request.query.queryItemValue(u"service"_s).left(64);
    if (service.isEmpty())
        throw ApiError{400, u"invalid"_s, u"the query needs ?service=ID"_s};
    return ApiResponse::json(
        200, bookingDaysJson(service, m_engine.appointments().days(service), m_engine.hall()));
}

ApiResponse ApiHandler::book(Call& call)
{
    const QString service = call.body.string(u"service"_s, 64, true);
    const std::optional<std::int64_t> start = parseTime(call.body.string(u"start"_s, 40, true));
    const QString phone = call.body.string(u"phone"_s, 20, true);
    QString lang = call.body.string(u"lang"_s, 5);
    call.body.finish();
    if (!start)
        throw ApiError{400, u"invalid"_s, u"field 'start' must be an ISO 8601 time with a zone"_s};
    // The booking platform books for many citizens from one address; anyone else is held to
    // the page's rate per address.
    const bool platform = call.device && call.device->role == u"booking"_s;
    if (!platform) {
        if (std::optional<ApiResponse> r = bookingThrottled(call, m_bookings))
            return *r;
        m_bookings.allow(u"address %1"_s.arg(call.request.client));
    }
    const engine::Actor actor =
        platform ? call.actor : engine::Actor{u"citizen"_s, u"web "_s + call.request.client};
    const engine::Appointment a =
        m_service.book(service, *start, phone, lang.isEmpty() ? u"zh"_s : lang, actor);
    QJsonObject o = appointmentJson(a, m_engine.hall());
    o.insert(u"qrSvg"_s, qrSvg(a.code));
    return ApiResponse::json(201, o);
}

ApiResponse ApiHandler::appointmentByCode(Call& call)
{
    const QString code = call.body.string(u"code"_s, 20, true).remove(u' ');
    const QString phone = call.body.string(u"phone"_s, 20, true);
    call.body.finish();
    if (std::optional<ApiResponse> r = bookingThrottled(call, m_lookupFailures))
        return *r;
    const engine::Actor actor =
        call.device ? call.actor : engine::Actor{u"citizen"_s, u"web "_s + call.request.client};
    try {
        const engine::Appointment a = call.match.captured(1) == u"cancel"_s
                                          ? m_service.cancelAppointment(code, phone, actor)
                                          : m_engine.appointments().find(code, phone);
        QJsonObject o = appointmentJson(a, m_engine.hall());
        o.insert(u"qrSvg"_s, qrSvg(a.code));
        return ApiResponse::json(200, o);
    } catch (const EngineError& e) {
        if (e.code() == EngineError::Code::NotFound)
            m_lookupFailures.allow(call.device ? u"device %1"_s.arg(call.device->id)
                                               : u"address %1"_s.arg(call.request.client));
        throw;
    }
}

ApiResponse ApiHandler::checkIn(Call& call)
{
    const QString code = call.body.string(u"code"_s, 20, true).remove(u' ');
    const QString lang = call.body.string(u"lang"_s, 5);
    call.body.finish();
    static const QRegularExpression digits(u"^[0-9]{1,20}$"_s);
    if (!digits.match(code).hasMatch())
        throw ApiError{400, u"invalid"_s, u"a booking's code is digits only"_s};
    return ApiResponse::json(
        201, ticketJson(m_service.checkIn(code, lang, call.actor), m_engine.hall()));
}

ApiResponse ApiHandler::appointments(Call& call)
{
    const QString dayText = call.request.query.queryItemValue(u"day"_s);
    const QDate day = dayText.isEmpty() ? m_engine.hall().dayOf(m_service.clock().nowMs())
                                        : QDate::fromString(dayText, Qt::ISODate);
    if (!day.isValid())
        throw ApiError{400, u"invalid"_s, u"day must be a date as YYYY-MM-DD"_s};
    QJsonArray list;
    std::map<QString, int> counts;
    for (const engine::Appointment& a : m_store.appointmentsOn(day)) {
        if (!call.principal->department.isEmpty() &&
            !serviceInDepartment(call.principal->department, a.serviceId))
            continue;
        QJsonObject o = appointmentJson(a, m_engine.hall());
        o.remove(u"code"_s); // the citizen's to check in with
        if (a.ticketId)
            if (const std::optional<engine::Ticket> t = m_store.ticket(*a.ticketId))
                o.insert(u"ticket"_s, t->number);
        list.append(o);
        ++counts[engine::toString(a.state)];
    }
    QJsonObject tally;
    for (const auto& [state, n] : counts)
        tally.insert(state, n);
    return ApiResponse::json(
        200,
        {{u"day"_s, day.toString(Qt::ISODate)}, {u"counts"_s, tally}, {u"appointments"_s, list}});
}

ApiResponse ApiHandler::hallConfig(Call&)
{
    const QByteArray source = m_store.hallSource();
    return ApiResponse::json(
        200, {{u"version"_s, hallVersion(source)},
              {u"hall"_s, db::withoutSecrets(QJsonDocument::fromJson(source).object())}});
}

// A new hall file, made from the version given: checked as `init` checks a file, refused when
// the hall changed meanwhile, applied at once.
ApiResponse ApiHandler::changeHallConfig(Call& call)
{
    const QString version = call.body.string(u"version"_s, 64, true);
    const QJsonObject shown = call.body.object(u"hall"_s);
    call.body.finish();
    const QByteArray before = m_store.hallSource();
    const QJsonObject file = db::withSecrets(shown, QJsonDocument::fromJson(before).object());
    if (version != hallVersion(before))
        throw EngineError(EngineError::Code::WrongState,
                          u"the hall was changed meanwhile; reload it and make the change again"_s);
    const QByteArray source = QJsonDocument(file).toJson(QJsonDocument::Indented);
    engine::HallConfig next;
    try {
        next = db::parseHallConfig(source);
    } catch (const db::ConfigError& e) {
        QJsonObject error{{u"code"_s, u"invalid"_s},
                          {u"message"_s, e.problems().join(u"; "_s)},
                          {u"problems"_s, QJsonArray::fromStringList(e.problems())}};
        return ApiResponse::json(400, {{u"error"_s, error}});
    }
    const QJsonArray changes = db::hallChanges(QJsonDocument::fromJson(before).object(), file);
    if (!changes.isEmpty())
        m_service.changeHall(next, source, changes, call.actor);
    // The serial buses and the modem are opened at start: their sections wait for a restart.
    QStringList restart;
    for (const QJsonValue c : changes) {
        const QString section = c.toObject().value(u"section"_s).toString();
        if ((section == u"serial"_s || section == u"sms"_s) && !restart.contains(section))
            restart << section;
    }
    return ApiResponse::json(200, {{u"version"_s, hallVersion(m_store.hallSource())},
                                   {u"changes"_s, changes},
                                   {u"restartNeeded"_s, QJsonArray::fromStringList(restart)}});
}

ApiResponse ApiHandler::notices(Call&)
{
    QJsonArray list;
    for (const engine::Notice& n : m_store.currentNotices(m_service.clock().nowMs()))
        list.append(noticeJson(n, m_engine.hall()));
    return ApiResponse::json(200, {{u"notices"_s, list}});
}

ApiResponse ApiHandler::publishNotice(Call& call)
{
    engine::Notice n;
    n.zh = call.body.string(u"zh"_s, 400, true);
    n.en = call.body.string(u"en"_s, 400);
    n.target = call.body.string(u"target"_s, 10, true);
    const auto time = [&](const QString& key) {
        const std::optional<std::int64_t> t = parseTime(call.body.string(key, 40, true));
        if (!t)
            throw ApiError{
                400, u"invalid"_s,
                u"%1: an ISO 8601 time with a zone, e.g. 2026-12-07T08:30:00+08:00"_s.arg(key)};
        return *t;
    };
    n.startsAt = time(u"startsAt"_s);
    n.endsAt = time(u"endsAt"_s);
    call.body.finish();
    return ApiResponse::json(201,
                             noticeJson(m_service.publishNotice(n, call.actor), m_engine.hall()));
}

ApiResponse ApiHandler::withdrawNotice(Call& call)
{
    call.body.finish();
    const std::int64_t id = call.match.captured(1).toLongLong();
    m_service.withdrawNotice(id, call.actor);
    return ApiResponse::json(200, noticeJson(*m_store.notice(id), m_engine.hall()));
}

ApiResponse ApiHandler::devices(Call&)
{
    QJsonArray list;
    for (const engine::Device& d : m_devices.list())
        list.append(deviceJson(d, m_engine.hall()));
    return ApiResponse::json(200, {{u"devices"_s, list}});
}

// A new device's token, shown this once; a display's or caller's start URL with it, and that URL
// as a QR code to scan on a TV or a clerk's phone.
ApiResponse ApiHandler::addDevice(Call& call)
{
    const QString role = call.body.string(u"role"_s, 10, true);
    const std::optional<int> window = call.body.integer(u"window"_s, 1, 9999);
    const QString name = call.body.string(u"name"_s, 100);
    call.body.finish();
    const NewDevice added =
        m_devices.add(name.isEmpty() ? (window ? u"%1 %2"_s.arg(role).arg(*window) : role) : name,
                      role, window, call.actor);
    QJsonObject o = deviceJson(added.device, m_engine.hall());
    o.insert(u"token"_s, added.token);
    if (role == u"display"_s || role == u"caller"_s) {
        const QString host = QString::fromLatin1(call.request.headers.value("host"));
        const QString url = u"http://%1/%2?access_token=%3"_s.arg(host, role, added.token);
        o.insert(u"startUrl"_s, url);
        o.insert(u"qrSvg"_s, qrSvg(url));
    }
    return ApiResponse::json(201, o);
}

ApiResponse ApiHandler::revokeDevice(Call& call)
{
    call.body.finish();
    const std::int64_t id = call.match.captured(1).toLongLong();
    m_devices.revoke(id, call.actor);
    return ApiResponse::json(200, deviceJson(*m_store.device(id), m_engine.hall()));
}

// The trail searched by ticket number, case, window, who, type and time, newest first, a page
// at a time (`before` the last seq of the page before).
ApiResponse ApiHandler::audit(Call& call)
{
    const QUrlQuery& q = call.request.query;
    const auto text = [&](const QString& key) -> std::optional<QString> {
        const QString v = q.queryItemValue(key, QUrl::FullyDecoded).trimmed();
        if (v.size() > 100)
            throw ApiError{400, u"invalid"_s, u"'%1' is longer than 100 characters"_s.arg(key)};
        return v.isEmpty() ? std::nullopt : std::optional(v);
    };
    const auto whole = [&](const QString& key, qint64 min, qint64 max) -> std::optional<qint64> {
        const std::optional<QString> v = text(key);
        if (!v)
            return std::nullopt;
        bool ok = false;
        const qint64 n = v->toLongLong(&ok);
        if (!ok || n < min || n > max)
            throw ApiError{
                400, u"invalid"_s,
                u"'%1' must be a whole number from %2 to %3"_s.arg(key).arg(min).arg(max)};
        return n;
    };
    const auto time = [&](const QString& key) -> std::optional<std::int64_t> {
        const std::optional<QString> v = text(key);
        if (!v)
            return std::nullopt;
        const std::optional<std::int64_t> t = parseTime(*v);
        if (!t)
            throw ApiError{400, u"invalid"_s,
                           u"'%1' must be an ISO 8601 time with a zone"_s.arg(key)};
        return t;
    };
    db::EventQuery query;
    query.ticketNumber = text(u"ticket"_s);
    if (query.ticketNumber)
        query.ticketNumber = query.ticketNumber->toUpper();
    query.caseSerial = text(u"case"_s);
    if (const std::optional<qint64> w = whole(u"window"_s, 1, 9999))
        query.window = int(*w);
    query.actor = text(u"who"_s);
    query.typePrefix = text(u"type"_s);
    query.fromMs = time(u"from"_s);
    query.toMs = time(u"to"_s);
    query.beforeSeq =
        whole(u"before"_s, 1, std::numeric_limits<qint64>::max()).value_or(query.beforeSeq);
    query.limit = int(whole(u"limit"_s, 1, 500).value_or(100));
    QJsonArray events;
    for (const engine::Event& e : m_store.searchEvents(query)) {
        QJsonObject o = eventJson(e, m_engine.hall());
        o.insert(u"actor"_s, e.actor);
        o.insert(u"device"_s, e.device);
        if (e.window)
            o.insert(u"window"_s, *e.window);
        events.append(o);
    }
    return ApiResponse::json(200, {{u"events"_s, events}});
}

ApiResponse ApiHandler::verifyAudit(Call&)
{
    const db::AuditReport report = m_store.verifyAudit();
    return ApiResponse::json(200, {{u"ok"_s, report.problems.isEmpty()},
                                   {u"checked"_s, double(report.checked)},
                                   {u"problems"_s, QJsonArray::fromStringList(report.problems)}});
}

// A year of the working calendar: the body is the year's file itself (as `calendar import`).
ApiResponse ApiHandler::importCalendar(Call& call)
{
    return ApiResponse::json(
        200, calendarYearJson(m_service.importCalendar(call.request.body, call.actor)));
}

} // namespace qh::api
