// Every error the API gives, each with the JSON error shape and a message that says what was wrong.
#include "controllerprocess.h"
#include "testhall.h"

using namespace qh::test;

namespace {

const QString kSmallHall = QStringLiteral("tests/data/small-hall.json");

void checkError(const HttpResponse& r, int status, const char* code, const char* messagePart)
{
    INFO(r.status << ' ' << r.body.toStdString());
    CHECK(r.status == status);
    CHECK(r.headers.value("content-type").startsWith("application/json"));
    CHECK(r.errorCode() == QString::fromLatin1(code));
    const QString message = r.json()
                                .value(QStringLiteral("error"))
                                .toObject()
                                .value(QStringLiteral("message"))
                                .toString();
    CHECK(message.contains(QString::fromUtf8(messagePart)));
}

} // namespace

TEST_CASE("bad requests get 400, 404, 405, 409, 413 or 426 with a reason")
{
    ControllerProcess controller(sourcePath(kSmallHall));
    HttpConnection http = controller.connection();
    const QString kiosk = controller.token(QStringLiteral("kiosk"));
    const QString caller = controller.token(QStringLiteral("caller1"));
    const auto issue = [&](const QByteArray& body, const QByteArray& key = "k") {
        return http.send("POST", QStringLiteral("/api/v1/tickets"), kiosk, body,
                         {{"Idempotency-Key", key}});
    };

    checkError(issue(QByteArray(65 * 1024, ' ')), 413, "body_too_large", "limit is 65536");
    checkError(issue(R"({"service": "id-card",)"), 400, "invalid_json", "not valid JSON");
    checkError(issue(R"(["id-card"])"), 400, "invalid_json", "must be a JSON object");
    checkError(issue(R"({"service": 7})"), 400, "invalid", "field 'service' must be a string");
    checkError(issue(R"({"service": "id-card", "phone": "123456789012345678901"})"), 400, "invalid",
               "field 'phone' is longer than 20 characters");
    checkError(issue(R"({"service": "id-card", "colour": "red"})"), 400, "invalid",
               "unknown field 'colour'");
    checkError(issue(R"({"priority": "green"})"), 400, "invalid", "field 'service' is required");
    checkError(issue(R"({"service": "id-card", "priority": "vip"})"), 400, "invalid", "'priority'");
    checkError(issue(R"({"service": "id-card", "phone": "12ab5"})"), 400, "invalid",
               "phone must be a mainland mobile number: 11 digits starting 13 to 19");
    checkError(issue(R"({"service": "id-card", "appointmentAt": "tomorrow"})"), 400, "invalid",
               "appointmentAt");
    checkError(
        http.send("POST", QStringLiteral("/api/v1/tickets"), kiosk, R"({"service": "id-card"})"),
        400, "invalid", "Idempotency-Key");
    checkError(issue(R"({"service": "passport"})"), 404, "not_found", "unknown service 'passport'");

    checkError(http.send("GET", QStringLiteral("/api/v1/nothing-here"), kiosk), 404, "no_route",
               "/api/v1/nothing-here");
    checkError(http.send("DELETE", QStringLiteral("/api/v1/tickets"), kiosk), 405,
               "method_not_allowed", "DELETE");
    checkError(http.send("POST", QStringLiteral("/api/v1/tickets/999/printed"), kiosk), 404,
               "not_found", "unknown ticket 999");
    checkError(http.send("GET", QStringLiteral("/api/v1/tickets/NOSUCHCODE")), 404, "not_found",
               "status code");
    checkError(http.send("GET", QStringLiteral("/api/v1/windows/99"),
                         controller.token(QStringLiteral("admin"))),
               404, "not_found", "unknown window 99");

    checkError(http.send("POST", QStringLiteral("/api/v1/windows/1/start"), caller), 409,
               "wrong_state", "window 1 has no current ticket");
    checkError(
        http.send("POST", QStringLiteral("/api/v1/windows/1/call"), caller, R"({"number": 12})"),
        400, "invalid", "field 'number' must be a string");
    checkError(http.send("POST", QStringLiteral("/api/v1/windows/1/transfer"), caller, R"({})"),
               400, "invalid", "exactly one of 'service' or 'window'");
    const HttpResponse upgrade = http.send("GET", QStringLiteral("/api/v1/events"), caller);
    checkError(upgrade, 426, "upgrade_required", "WebSocket");

    // Nothing above issued a ticket.
    const HttpResponse hall = http.send("GET", QStringLiteral("/api/v1/hall"), caller);
    CHECK(hall.json().value(QStringLiteral("today")).toObject().isEmpty());
}

TEST_CASE("issuing outside opening hours gets 503")
{
    ControllerProcess controller(sourcePath(kSmallHall), "2026-11-28 10:00"); // a Saturday
    HttpConnection http = controller.connection();
    checkError(http.send("POST", QStringLiteral("/api/v1/tickets"),
                         controller.token(QStringLiteral("kiosk")), R"({"service": "id-card"})",
                         {{"Idempotency-Key", "sat"}}),
               503, "issuing_closed", "the hall is closed today");
    const HttpResponse services = http.send("GET", QStringLiteral("/api/v1/services"),
                                            controller.token(QStringLiteral("kiosk")));
    CHECK(services.json().value(QStringLiteral("issuingOpen")).toBool() == false);
}

TEST_CASE("a kiosk over its rate limit gets 429 with Retry-After, other kiosks are not affected")
{
    ControllerProcess controller(sourcePath(kSmallHall), "2026-11-25 10:00",
                                 {QStringLiteral("--rate-limit"), QStringLiteral("3")});
    HttpConnection http = controller.connection();
    const auto issue = [&](const char* kiosk, int n) {
        return http.send("POST", QStringLiteral("/api/v1/tickets"),
                         controller.token(QString::fromLatin1(kiosk)), R"({"service": "id-card"})",
                         {{"Idempotency-Key", QByteArray::number(n)}});
    };
    for (int i = 0; i < 3; ++i)
        CHECK(issue("kiosk", i).status == 201);
    const HttpResponse limited = issue("kiosk", 3);
    checkError(limited, 429, "rate_limited", "too many tickets");
    CHECK(limited.headers.value("retry-after").toInt() >= 1);
    CHECK(issue("kiosk2", 4).status == 201);
}
