// Every route against every role: who gets in (any 2xx-5xx answer of the route) and who gets
// 401/403.
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
};
constexpr unsigned kEveryone =
    kNone | kBadToken | kKiosk | kOwnCaller | kOtherCaller | kDisplay | kAdmin;

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

    const std::vector<RouteCase> table = {
        {"GET", "/api/v1/health", kEveryone},
        {"GET", "/api/v1/services", kKiosk | kOwnCaller | kOtherCaller | kDisplay | kAdmin},
        {"GET", "/api/v1/device", kKiosk | kOwnCaller | kOtherCaller | kDisplay | kAdmin},
        {"POST", "/api/v1/tickets", kKiosk},
        {"POST", "/api/v1/tickets/1/printed", kKiosk | kAdmin},
        {"POST", "/api/v1/tickets/1/void", kKiosk | kAdmin},
        {"GET", "/api/v1/tickets/STATUS", kEveryone},
        {"POST", "/api/v1/tickets/STATUS/rating", kEveryone},
        {"POST", "/api/v1/windows/1/call-next", kOwnCaller | kAdmin},
        {"POST", "/api/v1/windows/1/recall", kOwnCaller | kAdmin},
        {"POST", "/api/v1/windows/1/start", kOwnCaller | kAdmin},
        {"POST", "/api/v1/windows/1/complete", kOwnCaller | kAdmin},
        {"POST", "/api/v1/windows/1/no-show", kOwnCaller | kAdmin},
        {"POST", "/api/v1/windows/1/hold", kOwnCaller | kAdmin},
        {"POST", "/api/v1/windows/1/transfer", kOwnCaller | kAdmin},
        {"POST", "/api/v1/windows/1/call", kOwnCaller | kAdmin},
        {"POST", "/api/v1/windows/1/pause", kOwnCaller | kAdmin},
        {"POST", "/api/v1/windows/1/resume", kOwnCaller | kAdmin},
        {"GET", "/api/v1/windows/1", kOwnCaller | kDisplay | kAdmin},
        {"GET", "/api/v1/hall", kOwnCaller | kOtherCaller | kDisplay | kAdmin},
        {"GET", "/api/v1/events", kOwnCaller | kOtherCaller | kDisplay | kAdmin},
        {"POST", "/api/v1/windows/1/cases", kOwnCaller | kAdmin},
        {"GET", "/api/v1/windows/1/cases", kOwnCaller | kAdmin},
        {"GET", "/api/v1/cases", kAdmin},
        {"GET", "/api/v1/cases/rates", kAdmin},
        {"POST", "/api/v1/cases/lookup", kEveryone},
        {"POST", "/api/v1/cases/rating", kEveryone},
        {"GET", "/api/v1/cases/SERIAL", kOwnCaller | kAdmin},
        {"POST", "/api/v1/cases/SERIAL/suspend", kOwnCaller | kAdmin},
        {"POST", "/api/v1/cases/SERIAL/resume", kOwnCaller | kAdmin},
        {"POST", "/api/v1/cases/SERIAL/complete", kOwnCaller | kAdmin},
        {"POST", "/api/v1/cases/SERIAL/return", kOwnCaller | kAdmin},
        {"POST", "/api/v1/cases/SERIAL/withdraw", kOwnCaller | kAdmin},
        {"GET", "/api/v1/followups", kAdmin},
        {"GET", "/api/v1/followups/1", kAdmin},
        {"POST", "/api/v1/followups/1/contact", kAdmin},
        {"POST", "/api/v1/followups/1/rectify", kAdmin},
        {"POST", "/api/v1/followups/1/close", kAdmin},
        {"POST", "/api/v1/followups/1/appeal", kAdmin},
        {"POST", "/api/v1/followups/1/decide", kAdmin},
        {"GET", "/api/v1/reports/daily", kAdmin},
        {"GET", "/api/v1/reports/monthly", kAdmin},
        {"GET", "/api/v1/reports/range?from=2026-11-01&to=2026-11-30", kAdmin},
        {"GET", "/api/v1/reports/appraisal", kAdmin},
        {"GET", "/api/v1/reports/ratings", kAdmin},
        {"GET", "/api/v1/reports/export", kAdmin},
    };
    const std::vector<std::pair<Who, QString>> roles = {
        {kNone, {}},
        {kBadToken, QStringLiteral("qh_not-a-token-anyone-was-given")},
        {kKiosk, controller.token(QStringLiteral("kiosk"))},
        {kOwnCaller, controller.token(QStringLiteral("caller1"))},
        {kOtherCaller, controller.token(QStringLiteral("caller2"))},
        {kDisplay, controller.token(QStringLiteral("display"))},
        {kAdmin, controller.token(QStringLiteral("admin"))},
    };
    int checked = 0;
    for (const RouteCase& route : table) {
        for (const auto& [who, token] : roles) {
            const QString path = QString::fromLatin1(route.path)
                                     .replace(QStringLiteral("STATUS"), code)
                                     .replace(QStringLiteral("SERIAL"), serial);
            // A body each route accepts, so that allowed callers get past validation.
            QByteArray body = "{}";
            if (path.endsWith(QStringLiteral("/tickets")))
                body = R"({"service":"residence"})";
            else if (path.endsWith(QStringLiteral("/void")))
                body = R"({"reason":"role table"})";
            const HttpResponse r =
                http.send(route.method, path, token,
                          route.method == QByteArrayLiteral("POST") ? body : QByteArray(),
                          {{"Idempotency-Key", QByteArray::number(++checked)}});
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
