// Cases over HTTP: the clerk accepts one and sees its password once, steps it through, the
// applicant looks it up with no one's personal data shown, and wrong passwords lock the case
// and then the client.
#include "controllerprocess.h"
#include "testhall.h"

#include <QJsonArray>
#include <QJsonDocument>

using namespace qh::test;

namespace {

struct CaseClerk
{
    ControllerProcess controller;
    HttpConnection http = controller.connection();
    QString caller = controller.token(QStringLiteral("caller1"));

    // A ticket of the service served at window 1, and a case accepted from it.
    QJsonObject accept(const QString& serviceId)
    {
        controller.takeTicket(serviceId);
        http.send("POST", QStringLiteral("/api/v1/windows/1/call-next"), caller);
        http.send("POST", QStringLiteral("/api/v1/windows/1/start"), caller);
        const HttpResponse r = http.send("POST", QStringLiteral("/api/v1/windows/1/cases"), caller);
        REQUIRE(r.status == 201);
        http.send("POST", QStringLiteral("/api/v1/windows/1/complete"), caller);
        return r.json();
    }

    HttpResponse lookup(const QString& serial, const QString& password)
    {
        return http.send("POST", QStringLiteral("/api/v1/cases/lookup"), {},
                         QJsonDocument(QJsonObject{{QStringLiteral("serial"), serial},
                                                   {QStringLiteral("password"), password}})
                             .toJson());
    }
};

QString wrongFor(const QString& password)
{
    return password == QStringLiteral("000000") ? QStringLiteral("111111")
                                                : QStringLiteral("000000");
}

} // namespace

TEST_CASE("the clerk accepts a case, sees its password once, and steps it to its result")
{
    CaseClerk c;
    const QJsonObject accepted = c.accept(QStringLiteral("id-card"));
    const QString serial = accepted.value(QStringLiteral("serial")).toString();
    CHECK(serial == QStringLiteral("SMALL-20261125-000001"));
    CHECK(accepted.value(QStringLiteral("password")).toString().size() == 6);
    CHECK(accepted.value(QStringLiteral("dueOn")).toString() == QStringLiteral("2026-12-09"));
    CHECK(accepted.value(QStringLiteral("clerk")).toString() == QStringLiteral("caller1"));

    const HttpResponse shown =
        c.http.send("GET", QStringLiteral("/api/v1/cases/") + serial, c.caller);
    REQUIRE(shown.status == 200);
    CHECK_FALSE(shown.json().contains(QStringLiteral("password")));
    CHECK_FALSE(
        shown.body.contains(accepted.value(QStringLiteral("password")).toString().toUtf8()));
    const HttpResponse listed =
        c.http.send("GET", QStringLiteral("/api/v1/windows/1/cases"), c.caller);
    CHECK(listed.json().value(QStringLiteral("cases")).toArray().size() == 1);
    CHECK(c.http
              .send("GET", QStringLiteral("/api/v1/cases/") + serial,
                    c.controller.token(QStringLiteral("caller2")))
              .status == 403);

    const auto step = [&](const char* action, const QByteArray& body) {
        return c.http.send("POST",
                           QStringLiteral("/api/v1/cases/%1/%2").arg(serial, QLatin1String(action)),
                           c.caller, body);
    };
    CHECK(step("suspend", "{}").errorCode() == QStringLiteral("invalid")); // no reason
    const HttpResponse suspended = step("suspend", R"({"reason":"缺户口簿复印件"})");
    REQUIRE(suspended.status == 200);
    CHECK(suspended.json().value(QStringLiteral("state")).toString() ==
          QStringLiteral("suspended"));
    CHECK(step("complete", R"({"result":"approved"})").status == 409);
    CHECK(step("resume", "{}").status == 200);
    CHECK(step("complete", R"({"result":"maybe"})").errorCode() == QStringLiteral("invalid"));
    CHECK(step("complete", R"({"result":"approved","extra":1})").errorCode() ==
          QStringLiteral("invalid"));
    const HttpResponse done = step("complete", R"({"result":"approved"})");
    REQUIRE(done.status == 200);
    CHECK(done.json().value(QStringLiteral("result")).toString() == QStringLiteral("approved"));
    CHECK(step("withdraw", "{}").errorCode() == QStringLiteral("wrong_state"));
    CHECK(c.http.send("GET", QStringLiteral("/api/v1/cases/NOPE-1"), c.caller).status == 404);

    const QJsonObject today = c.http.send("GET", QStringLiteral("/api/v1/hall"), c.caller)
                                  .json()
                                  .value(QStringLiteral("cases"))
                                  .toObject()
                                  .value(QStringLiteral("today"))
                                  .toObject();
    CHECK(today.value(QStringLiteral("accepted")).toInt() == 1);
    CHECK(today.value(QStringLiteral("completed")).toInt() == 1);
    const HttpResponse rates = c.http.send("GET", QStringLiteral("/api/v1/cases/rates?by=window"),
                                           c.controller.token(QStringLiteral("admin")));
    REQUIRE(rates.status == 200);
    CHECK(rates.json()
              .value(QStringLiteral("groups"))
              .toArray()
              .at(0)
              .toObject()
              .value(QStringLiteral("key")) == QStringLiteral("1"));
    CHECK(c.http
              .send("GET", QStringLiteral("/api/v1/cases/rates?by=floor"),
                    c.controller.token(QStringLiteral("admin")))
              .errorCode() == QStringLiteral("invalid"));
}

TEST_CASE("the applicant's lookup shows the case and its steps, and nobody's data")
{
    CaseClerk c;
    const QJsonObject accepted = c.accept(QStringLiteral("id-card"));
    const QString serial = accepted.value(QStringLiteral("serial")).toString();
    const QString password = accepted.value(QStringLiteral("password")).toString();
    const HttpResponse found = c.lookup(serial.toLower(), password);
    REQUIRE(found.status == 200);
    const QJsonObject o = found.json();
    CHECK(o.value(QStringLiteral("state")).toString() == QStringLiteral("accepted"));
    CHECK(o.value(QStringLiteral("dueOn")).toString() == QStringLiteral("2026-12-09"));
    CHECK(o.value(QStringLiteral("serviceName")).toObject().value(QStringLiteral("zh")) ==
          QStringLiteral("居民身份证申领"));
    const QJsonArray steps = o.value(QStringLiteral("steps")).toArray();
    REQUIRE(steps.size() == 1);
    CHECK(steps.at(0).toObject().value(QStringLiteral("step")) == QStringLiteral("accepted"));
    CHECK(steps.at(0).toObject().value(QStringLiteral("window")) == 1);
    for (const char* hidden : {"clerk", "ticketId", "events", "id", "password"})
        CHECK_FALSE(o.contains(QLatin1String(hidden)));
    CHECK_FALSE(found.body.contains("caller1"));
    CHECK_FALSE(found.body.contains(password.toUtf8()));
    CHECK(c.lookup(serial, QString()).errorCode() == QStringLiteral("invalid"));
    CHECK(c.http.send("POST", QStringLiteral("/api/v1/cases/lookup"), {}, "{\"serial\":").status ==
          400);
}

TEST_CASE("wrong passwords lock the case for a while, and then the client")
{
    CaseClerk c;
    const QJsonObject first = c.accept(QStringLiteral("id-card"));
    const QJsonObject second = c.accept(QStringLiteral("residence"));
    const QString serial = first.value(QStringLiteral("serial")).toString();
    const QString password = first.value(QStringLiteral("password")).toString();

    for (int i = 0; i < 4; ++i) {
        const HttpResponse r = c.lookup(serial, wrongFor(password));
        CHECK(r.status == 404);
        CHECK(r.errorCode() == QStringLiteral("not_found"));
    }
    const HttpResponse locked = c.lookup(serial, wrongFor(password));
    CHECK(locked.status == 429);
    CHECK(locked.errorCode() == QStringLiteral("locked"));
    CHECK(locked.headers.value("retry-after") == "900");
    CHECK(c.lookup(serial, password).status == 429); // locked even with the right password
    // Another case is not locked; this client has given 6 wrong answers of its 10.
    CHECK(c.lookup(second.value(QStringLiteral("serial")).toString(),
                   second.value(QStringLiteral("password")).toString())
              .status == 200);
    for (int i = 0; i < 4; ++i)
        CHECK(c.lookup(QStringLiteral("SMALL-20261125-%1").arg(900 + i), QStringLiteral("123456"))
                  .status == 404);
    const HttpResponse client = c.lookup(second.value(QStringLiteral("serial")).toString(),
                                         second.value(QStringLiteral("password")).toString());
    CHECK(client.status == 429);
    CHECK(client.body.contains("from here"));
    CHECK(client.headers.value("retry-after").toInt() > 0);
}
