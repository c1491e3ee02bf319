// Every route against every role, devices and people: who gets in (any 2xx-5xx answer of the
// route) and who gets 401/403.
#include "controllerprocess.h"
#include "testhall.h"

#include <vector>

using namespace qh::test;

namespace {

enum Who : unsigned {
    kNone = 1,     // no token
    kBadToken = 2, // a token nobody was given
    kKiosk = 4,
    kOwnCaller = 8,    // the caller of the window in the path (window 1)
    kOtherCaller = 16, // the caller of another window
    kDisplay = 32,
    kAdmin = 64,
    // People signed in to the admin pages.
    kHallAdmin = 128,
    kHead = 256,      // head of the department of window 1 (hukou)
    kOtherHead = 512, // head of another department (tax)
    kAuditor = 1024,
    kBooking = 2048, // a booking platform's token
};
constexpr unsigned kEveryone = kNone | kBadToken | kKiosk | kOwnCaller | kOtherCaller | kDisplay |
                               kAdmin | kHallAdmin | kHead | kOtherHead | kAuditor | kBooking;
constexpr unsigned kPeople = kHallAdmin | kHead | kOtherHead | kAuditor;
constexpr unsigned kReaders = kAdmin | kHallAdmin | kAuditor;

struct RouteCase
{
    const char* method;
    const char* path;
    unsigned allowed;
};

} // namespace

TEST_CASE("every route answers each role as the role table says")
{
    ControllerProcess controller(sourcePath(QStringLiteral("tests/data/small-hall.json")));
    HttpConnection http = controller.connection();
    // A ticket and its status code for the routes that need one.
    const HttpResponse issued = http.send(
        "POST", QStringLiteral("/api/v1/tickets"), controller.token(QStringLiteral("kiosk")),
        R"({"service":"id-card"})", {{"Idempotency-Key", "setup"}});
    REQUIRE(issued.status == 201);
    const QString code = issued.json().value(QStringLiteral("statusCode")).toString();
    // A case of window 1 for the case routes.
    const QString admin = controller.token(QStringLiteral("admin"));
    controller.takeTicket(QStringLiteral("id-card"));
    REQUIRE(http.send("POST", QStringLiteral("/api/v1/windows/1/call-next"), admin).status == 200);
    REQUIRE(http.send("POST", QStringLiteral("/api/v1/windows/1/start"), admin).status == 200);
    const HttpResponse accepted =
        http.send("POST", QStringLiteral("/api/v1/windows/1/cases"), admin);
    REQUIRE(accepted.status == 201);
    const QString serial = accepted.json().value(QStringLiteral("serial")).toString();
    // The people: a hall admin, the heads of window 1's department and of another, an auditor.
    controller.addStaff(QStringLiteral("9001"), QStringLiteral("管理员"), QStringLiteral("admin"),
                        {}, QStringLiteral("hall-admin-password"));
    controller.addStaff(QStringLiteral("9002"), QStringLiteral("户政科长"), QStringLiteral("head"),
                        QStringLiteral("hukou"), QStringLiteral("hukou-head-password"));
    controller.addStaff(QStringLiteral("9003"), QStringLiteral("税务科长"), QStringLiteral("head"),
                        QStringLiteral("tax"), QStringLiteral("tax-head-password"));
    controller.addStaff(QStringLiteral("9004"), QStringLiteral("审计员"), QStringLiteral("auditor"),
                        {}, QStringLiteral("auditor-password"));

    // Window routes: the window's caller, an admin, and the head of a department it serves.
    constexpr unsigned kWindow = kOwnCaller | kAdmin | kHallAdmin | kHead;
    const std::vector<RouteCase> table = {
        {"GET", "/api/v1/health", kEveryone},
        {"GET", "/api/v1/services",
         kKiosk | kOwnCaller | kOtherCaller | kDisplay | kAdmin | kPeople},
        {"GET", "/api/v1/device", kKiosk | kOwnCaller | kOtherCaller | kDisplay | kAdmin},
        {"POST", "/api/v1/tickets", kKiosk},
        {"POST", "/api/v1/tickets/1/printed", kKiosk | kAdmin | kHallAdmin},
        {"POST", "/api/v1/tickets/1/void", kKiosk | kAdmin | kHallAdmin},
        {"GET", "/api/v1/tickets/STATUS", kEveryone},
        {"POST", "/api/v1/tickets/STATUS/rating", kEveryone},
        {"POST", "/api/v1/windows/1/call-next", kWindow},
        {"POST", "/api/v1/windows/1/recall", kWindow},
        {"POST", "/api/v1/windows/1/start", kWindow},
        {"POST", "/api/v1/windows/1/complete", kWindow},
        {"POST", "/api/v1/windows/1/no-show", kWindow},
        {"POST", "/api/v1/windows/1/hold", kWindow},
        {"POST", "/api/v1/windows/1/transfer", kWindow},
        {"POST", "/api/v1/windows/1/call", kWindow},
        {"POST", "/api/v1/windows/1/pause", kWindow},
        {"POST", "/api/v1/windows/1/resume", kWindow},
        {"POST", "/api/v1/windows/1/sign-in", kOwnCaller},
        {"POST", "/api/v1/windows/1/sign-out", kWindow},
        {"GET", "/api/v1/windows/1", kWindow | kDisplay | kAuditor},
        {"GET", "/api/v1/hall", kOwnCaller | kOtherCaller | kDisplay | kAdmin | kPeople},
        {"GET", "/api/v1/events", kOwnCaller | kOtherCaller | kDisplay | kAdmin | kPeople},
        {"POST", "/api/v1/windows/1/cases", kOwnCaller | kAdmin | kHallAdmin},
        {"GET", "/api/v1/windows/1/cases", kWindow | kAuditor},
        {"GET", "/api/v1/cases", kAdmin | kPeople},
        {"GET", "/api/v1/cases/rates", kReaders},
        {"POST", "/api/v1/cases/lookup", kEveryone},
        {"POST", "/api/v1/cases/rating", kEveryone},
        {"GET", "/api/v1/cases/SERIAL", kWindow | kAuditor},
        {"POST", "/api/v1/cases/SERIAL/suspend", kWindow},
        {"POST", "/api/v1/cases/SERIAL/resume", kWindow},
        {"POST", "/api/v1/cases/SERIAL/complete", kWindow},
        {"POST", "/api/v1/cases/SERIAL/return", kWindow},
        {"POST", "/api/v1/cases/SERIAL/withdraw", kWindow},
        // Follow-up 1 does not exist: a head learns that (404) before whose it would be.
        {"GET", "/api/v1/followups", kAdmin | kPeople},
        {"GET", "/api/v1/followups/1", kAdmin | kPeople},
        {"POST", "/api/v1/followups/1/contact", kAdmin | kHallAdmin | kHead | kOtherHead},
        {"POST", "/api/v1/followups/1/rectify", kAdmin | kHallAdmin | kHead | kOtherHead},
        {"POST", "/api/v1/followups/1/close", kAdmin | kHallAdmin | kHead | kOtherHead},
        {"POST", "/api/v1/followups/1/appeal", kAdmin | kHallAdmin | kHead | kOtherHead},
        {"POST", "/api/v1/followups/1/decide", kAdmin | kHallAdmin},
        {"GET", "/api/v1/reports/daily", kReaders | kHead | kOtherHead},
        {"GET", "/api/v1/reports/monthly", kReaders | kHead | kOtherHead},
        {"GET", "/api/v1/reports/range?from=2026-11-01&to=2026-11-30",
         kReaders | kHead | kOtherHead},
        {"GET", "/api/v1/reports/appraisal", kReaders | kHead | kOtherHead},
        {"GET", "/api/v1/reports/ratings", kReaders | kHead | kOtherHead},
        {"GET", "/api/v1/reports/export", kReaders | kHead | kOtherHead},
        {"POST", "/api/v1/session", kEveryone},
        {"GET", "/api/v1/session", kPeople},
        {"GET", "/api/v1/staff", kAdmin | kPeople},
        {"POST", "/api/v1/staff", kAdmin | kHallAdmin},
        {"POST", "/api/v1/staff/7777/reset", kAdmin | kHallAdmin},
        {"POST", "/api/v1/staff/7777/disable", kAdmin | kHallAdmin},
        {"POST", "/api/v1/staff/7777/edit", kAdmin | kHallAdmin},
        {"GET", "/api/v1/devices", kReaders},
        {"POST", "/api/v1/devices", kAdmin | kHallAdmin},
        {"POST", "/api/v1/devices/999/revoke", kAdmin | kHallAdmin},
        {"GET", "/api/v1/audit?window=1", kReaders},
        {"GET", "/api/v1/audit/verify", kReaders},
        {"GET", "/api/v1/notices", kReaders},
        {"POST", "/api/v1/notices", kAdmin | kHallAdmin},
        {"POST", "/api/v1/notices/999/withdraw", kAdmin | kHallAdmin},
        {"GET", "/api/v1/hall/config", kReaders},
        {"POST", "/api/v1/calendar", kAdmin | kHallAdmin},
        {"GET", "/api/v1/appointments/services", kEveryone},
        {"GET", "/api/v1/appointments/slots?service=id-card", kEveryone},
        {"POST", "/api/v1/appointments", kEveryone},
        {"POST", "/api/v1/appointments/lookup", kEveryone},
        {"POST", "/api/v1/appointments/cancel", kEveryone},
        {"POST", "/api/v1/appointments/check-in", kKiosk},
        {"GET", "/api/v1/appointments", kReaders | kHead | kOtherHead},
        {"POST", "/api/v1/hall/config", kAdmin | kHallAdmin},
        // Last: it ends each person's session.
        {"POST", "/api/v1/session/sign-out", kPeople},
    };
    struct Role
    {
        Who who;
        QString token;
        QHash<QByteArray, QByteArray> session; // a person's cookie and CSRF token
    };
    const std::vector<Role> roles = {
        {kNone, {}, {}},
        {kBadToken, QStringLiteral("qh_not-a-token-anyone-was-given"), {}},
        {kKiosk, controller.token(QStringLiteral("kiosk")), {}},
        {kOwnCaller, controller.token(QStringLiteral("caller1")), {}},
        {kOtherCaller, controller.token(QStringLiteral("caller2")), {}},
        {kDisplay, controller.token(QStringLiteral("display")), {}},
        {kAdmin, controller.token(QStringLiteral("admin")), {}},
        {kHallAdmin,
         {},
         controller.signIn(QStringLiteral("9001"), QStringLiteral("hall-admin-password"))},
        {kHead,
         {},
         controller.signIn(QStringLiteral("9002"), QStringLiteral("hukou-head-password"))},
        {kOtherHead,
         {},
         controller.signIn(QStringLiteral("9003"), QStringLiteral("tax-head-password"))},
        {kAuditor,
         {},
         controller.signIn(QStringLiteral("9004"), QStringLiteral("auditor-password"))},
        {kBooking, controller.token(QStringLiteral("booking")), {}},
    };
    int checked = 0;
    for (const RouteCase& route : table) {
        for (const auto& [who, token, session] : roles) {
            const QString path = QString::fromLatin1(route.path)
                                     .replace(QStringLiteral("STATUS"), code)
                                     .replace(QStringLiteral("SERIAL"), serial);
            // A body each route accepts, so that allowed callers get past validation.
            QByteArray body = "{}";
            if (path.endsWith(QStringLiteral("/tickets")))
                body = R"({"service":"residence"})";
            else if (path.endsWith(QStringLiteral("/void")))
                body = R"({"reason":"role table"})";
            QHash<QByteArray, QByteArray> headers = session;
            headers.insert("Idempotency-Key", QByteArray::number(++checked));
            const HttpResponse r =
                http.send(route.method, path, token,
                          route.method == QByteArrayLiteral("POST") ? body : QByteArray(), headers);
            INFO(route.method << ' ' << path.toStdString() << " as role bit " << who << " -> "
                              << r.status << ' ' << r.body.toStdString());
            REQUIRE(r.status != 0);
            if (route.allowed & who) {
                CHECK(r.status != 401);
                CHECK(r.status != 403);
            } else if (who == kNone || who == kBadToken) {
                CHECK(r.status == 401);
                CHECK(r.errorCode() == QStringLiteral("unauthorized"));
            } else {
                CHECK(r.status == 403);
                CHECK(r.errorCode() == QStringLiteral("forbidden"));
            }
        }
    }
    CHECK(checked == int(table.size() * roles.size()));
}

TEST_CASE("a revoked token is refused")
{
    ControllerProcess controller(sourcePath(QStringLiteral("tests/data/small-hall.json")));
    HttpConnection http = controller.connection();
    const QString display = controller.token(QStringLiteral("display"));
    CHECK(http.send("GET", QStringLiteral("/api/v1/hall"), display).status == 200);
    QProcess revoke;
    revoke.start(binaryPath(QStringLiteral("queuehall-controller")),
                 {QStringLiteral("--db"), controller.dbPath(), QStringLiteral("device"),
                  QStringLiteral("revoke"), QStringLiteral("3")});
    REQUIRE(revoke.waitForFinished(10'000));
    CHECK(revoke.exitCode() == 0);
    const HttpResponse after = http.send("GET", QStringLiteral("/api/v1/hall"), display);
    CHECK(after.status == 401);
}
