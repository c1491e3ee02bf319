// People over HTTP: a clerk's PIN sign-in at the window's caller (calling needs one, the trail
// names the clerk), the admin pages' session (cookie flags, CSRF, lockout, sign-out, a reset
// password ending it), and a department head limited to his department.
#include "controllerprocess.h"
#include "testhall.h"

#include <QJsonArray>
#include <QJsonDocument>

using namespace qh::test;

namespace {

QByteArray json(const QJsonObject& o)
{
    return QJsonDocument(o).toJson(QJsonDocument::Compact);
}

QByteArray credentials(const char* staff, const char* key, const char* secret)
{
    return json({{QStringLiteral("staff"), QString::fromUtf8(staff)},
                 {QString::fromLatin1(key), QString::fromUtf8(secret)}});
}

} // namespace

TEST_CASE("a clerk signs in at the window with a PIN, calls, and the trail names the clerk")
{
    ControllerProcess controller;
    HttpConnection http = controller.connection();
    const QString caller1 = controller.token(QStringLiteral("caller1"));
    controller.addStaff(QStringLiteral("1024"), QStringLiteral("张三"), QStringLiteral("clerk"),
                        QStringLiteral("hukou"), QStringLiteral("123456"));
    controller.takeTicket(QStringLiteral("id-card"));

    const HttpResponse before = http.send("GET", QStringLiteral("/api/v1/windows/1"), caller1);
    CHECK(before.json().value(QStringLiteral("signInRequired")).toBool());
    CHECK_FALSE(before.json().contains(QStringLiteral("clerk")));
    const HttpResponse refused =
        http.send("POST", QStringLiteral("/api/v1/windows/1/call-next"), caller1);
    CHECK(refused.status == 409);
    CHECK(refused.errorCode() == QStringLiteral("no_clerk"));

    const QString signIn = QStringLiteral("/api/v1/windows/1/sign-in");
    const HttpResponse wrong =
        http.send("POST", signIn, caller1, credentials("1024", "pin", "654321"));
    CHECK(wrong.status == 403);
    CHECK(wrong.errorCode() == QStringLiteral("wrong_credentials"));
    const HttpResponse unknown =
        http.send("POST", signIn, caller1, credentials("4242", "pin", "123456"));
    CHECK(unknown.status == 403);
    CHECK(unknown.body == wrong.body); // an unknown number and a wrong PIN look the same
    // Another window's caller cannot sign anyone in here.
    CHECK(http.send("POST", signIn, controller.token(QStringLiteral("caller2")),
                    credentials("1024", "pin", "123456"))
              .status == 403);

    const HttpResponse in =
        http.send("POST", signIn, caller1, credentials("1024", "pin", "123456"));
    REQUIRE(in.status == 200);
    CHECK(in.json().value(QStringLiteral("clerk")).toObject().value(QStringLiteral("name")) ==
          QStringLiteral("张三"));
    CHECK(in.body.indexOf("123456") < 0);
    CHECK(http.send("POST", QStringLiteral("/api/v1/windows/1/call-next"), caller1).status == 200);
    CHECK(controller.lastEvent(QStringLiteral("ticket.called")).actor ==
          QStringLiteral("1024 张三"));
    CHECK(controller.lastEvent(QStringLiteral("staff.signed_in")).actor ==
          QStringLiteral("1024 张三"));

    // The hall's snapshot shows who is at the window.
    const QJsonArray windows = http.send("GET", QStringLiteral("/api/v1/hall"), caller1)
                                   .json()
                                   .value(QStringLiteral("windows"))
                                   .toArray();
    CHECK(windows.at(0)
              .toObject()
              .value(QStringLiteral("clerk"))
              .toObject()
              .value(QStringLiteral("number")) == QStringLiteral("1024"));

    const HttpResponse out =
        http.send("POST", QStringLiteral("/api/v1/windows/1/sign-out"), caller1, "{}");
    CHECK(out.status == 200);
    CHECK_FALSE(out.json().contains(QStringLiteral("clerk")));
    http.send("POST", QStringLiteral("/api/v1/windows/1/complete"), caller1);
    CHECK(http.send("POST", QStringLiteral("/api/v1/windows/1/call-next"), caller1).errorCode() ==
          QStringLiteral("no_clerk"));
}

TEST_CASE("the admin session: cookie flags, CSRF on changes, lockout, sign-out")
{
    ControllerProcess controller;
    HttpConnection http = controller.connection();
    controller.addStaff(QStringLiteral("9001"), QStringLiteral("李主任"), QStringLiteral("admin"),
                        {}, QStringLiteral("correct-horse-battery"));
    controller.addStaff(QStringLiteral("9002"), QStringLiteral("王主任"), QStringLiteral("admin"),
                        {}, QStringLiteral("another-good-password"));
    const QString session = QStringLiteral("/api/v1/session");

    // A clerk's PIN does not open the admin pages.
    controller.addStaff(QStringLiteral("1024"), QStringLiteral("张三"), QStringLiteral("clerk"),
                        QStringLiteral("hukou"), QStringLiteral("123456"));
    const HttpResponse clerk =
        http.send("POST", session, {}, credentials("1024", "password", "123456"));
    CHECK(clerk.status == 403);
    CHECK(clerk.headers.value("set-cookie").isEmpty());

    SECTION("four wrong passwords are refused; the fifth locks the account, right or not")
    {
        for (int i = 0; i < 4; ++i) {
            const HttpResponse r =
                http.send("POST", session, {}, credentials("9001", "password", "wrong-password"));
            CHECK(r.status == 403);
            CHECK(r.errorCode() == QStringLiteral("wrong_credentials"));
        }
        const HttpResponse fifth =
            http.send("POST", session, {}, credentials("9001", "password", "wrong-password"));
        CHECK(fifth.status == 429);
        CHECK(fifth.errorCode() == QStringLiteral("locked"));
        CHECK(fifth.headers.value("retry-after").toInt() > 800);
        const HttpResponse right = http.send(
            "POST", session, {}, credentials("9001", "password", "correct-horse-battery"));
        CHECK(right.status == 429);
        CHECK(controller.lastEvent(QStringLiteral("staff.locked")).actor == QStringLiteral("9001"));
        // The other account is not locked: the lock is the account's.
        CHECK(
            http.send("POST", session, {}, credentials("9002", "password", "another-good-password"))
                .status == 200);
    }
    SECTION("a signed-in admin's changes need the CSRF token; sign-out ends the session")
    {
        const HttpResponse in = http.send("POST", session, {},
                                          credentials("9001", "password", "correct-horse-battery"));
        REQUIRE(in.status == 200);
        const QByteArray setCookie = in.headers.value("set-cookie");
        CHECK(setCookie.startsWith("qh_session="));
        CHECK(setCookie.contains("HttpOnly"));
        CHECK(setCookie.contains("SameSite=Strict"));
        CHECK(in.headers.value("cache-control") == "no-store");
        const QHash<QByteArray, QByteArray> cookie{{"Cookie", setCookie.split(';').first()}};
        QHash<QByteArray, QByteArray> withCsrf = cookie;
        withCsrf.insert("X-CSRF-Token",
                        in.json().value(QStringLiteral("csrfToken")).toString().toLatin1());

        const QByteArray account =
            json({{QStringLiteral("number"), QStringLiteral("1030")},
                  {QStringLiteral("name"), QStringLiteral("赵六")},
                  {QStringLiteral("roles"), QJsonArray{QStringLiteral("clerk")}},
                  {QStringLiteral("department"), QStringLiteral("tax")},
                  {QStringLiteral("secret"), QStringLiteral("2468")}});
        const HttpResponse noToken =
            http.send("POST", QStringLiteral("/api/v1/staff"), {}, account, cookie);
        CHECK(noToken.status == 403);
        CHECK(noToken.errorCode() == QStringLiteral("csrf_failed"));
        QHash<QByteArray, QByteArray> wrongToken = cookie;
        wrongToken.insert("X-CSRF-Token", "not-the-token");
        CHECK(http.send("POST", QStringLiteral("/api/v1/staff"), {}, account, wrongToken).status ==
              403);
        const HttpResponse added =
            http.send("POST", QStringLiteral("/api/v1/staff"), {}, account, withCsrf);
        CHECK(added.status == 201);
        CHECK(controller.lastEvent(QStringLiteral("staff.added")).actor ==
              QStringLiteral("9001 李主任"));
        CHECK(added.body.indexOf("2468") < 0);

        CHECK(http.send("GET", session, {}, {}, cookie).status == 200);
        CHECK(http.send("POST", QStringLiteral("/api/v1/session/sign-out"), {}, "{}", withCsrf)
                  .status == 200);
        CHECK(http.send("GET", session, {}, {}, cookie).status == 401);
        CHECK(http.send("GET", QStringLiteral("/api/v1/hall"), {}, {}, cookie).status == 401);
    }
    SECTION("a new password ends the person's sessions")
    {
        const QHash<QByteArray, QByteArray> wang =
            controller.signIn(QStringLiteral("9002"), QStringLiteral("another-good-password"));
        const QHash<QByteArray, QByteArray> li =
            controller.signIn(QStringLiteral("9001"), QStringLiteral("correct-horse-battery"));
        CHECK(http.send("POST", QStringLiteral("/api/v1/staff/9002/reset"), {},
                        json({{QStringLiteral("secret"), QStringLiteral("short")}}), li)
                  .errorCode() == QStringLiteral("invalid"));
        CHECK(http.send("POST", QStringLiteral("/api/v1/staff/9002/reset"), {},
                        json({{QStringLiteral("secret"), QStringLiteral("a-brand-new-password")}}),
                        li)
                  .status == 200);
        CHECK(http.send("GET", session, {}, {}, wang).status == 401);
        CHECK(
            http.send("POST", session, {}, credentials("9002", "password", "another-good-password"))
                .status == 403);
        CHECK(
            http.send("POST", session, {}, credentials("9002", "password", "a-brand-new-password"))
                .status == 200);
    }
}

TEST_CASE("account fields that are wrong are refused with the field named, and nothing is added")
{
    ControllerProcess controller;
    HttpConnection http = controller.connection();
    const QString admin = controller.token(QStringLiteral("admin"));
    const auto refusal = [&](QJsonObject body) {
        const HttpResponse r =
            http.send("POST", QStringLiteral("/api/v1/staff"), admin, json(body));
        CHECK(r.status == 400);
        return r.json()
            .value(QStringLiteral("error"))
            .toObject()
            .value(QStringLiteral("message"))
            .toString();
    };
    const QJsonObject good{{QStringLiteral("number"), QStringLiteral("2001")},
                           {QStringLiteral("name"), QStringLiteral("钱七")},
                           {QStringLiteral("roles"), QJsonArray{QStringLiteral("head")}},
                           {QStringLiteral("department"), QStringLiteral("tax")},
                           {QStringLiteral("secret"), QStringLiteral("long-enough-password")}};
    const auto with = [&](const char* key, const QJsonValue& v) {
        QJsonObject o = good;
        o.insert(QString::fromLatin1(key), v);
        return o;
    };
    CHECK(refusal(with("number", QStringLiteral("20 01"))).startsWith(QStringLiteral("number:")));
    CHECK(refusal(with("name", QStringLiteral("  "))).startsWith(QStringLiteral("name:")));
    CHECK(refusal(with("roles", QJsonArray{QStringLiteral("king")}))
              .startsWith(QStringLiteral("roles:")));
    CHECK(refusal(with("roles", QJsonArray{})).startsWith(QStringLiteral("roles:")));
    CHECK(refusal(with("roles", QStringLiteral("head"))).contains(QStringLiteral("'roles'")));
    CHECK(refusal(with("department", QStringLiteral("nowhere")))
              .startsWith(QStringLiteral("department:")));
    CHECK(refusal(with("department", QString())).startsWith(QStringLiteral("department:")));
    CHECK(refusal(with("secret", QStringLiteral("short"))).startsWith(QStringLiteral("password:")));
    CHECK(refusal(with("roles", QJsonArray{QStringLiteral("clerk")}))
              .startsWith(QStringLiteral("pin:")));
    CHECK(refusal(with("extra", 1)).contains(QStringLiteral("unknown field")));
    CHECK(http.send("GET", QStringLiteral("/api/v1/staff"), admin)
              .json()
              .value(QStringLiteral("staff"))
              .toArray()
              .isEmpty());
    CHECK(http.send("POST", QStringLiteral("/api/v1/staff"), admin, json(good)).status == 201);
    CHECK(refusal(good).startsWith(QStringLiteral("number:"))); // in use
}

TEST_CASE("a department head sees and manages only the windows and cases of his department")
{
    ControllerProcess controller;
    HttpConnection http = controller.connection();
    const QString admin = controller.token(QStringLiteral("admin"));
    // A case of window 1 (户政), and one waiting ticket each of 户政 and 税务.
    controller.takeTicket(QStringLiteral("id-card"));
    http.send("POST", QStringLiteral("/api/v1/windows/1/call-next"), admin);
    http.send("POST", QStringLiteral("/api/v1/windows/1/start"), admin);
    REQUIRE(http.send("POST", QStringLiteral("/api/v1/windows/1/cases"), admin).status == 201);
    controller.takeTicket(QStringLiteral("residence"));
    controller.takeTicket(QStringLiteral("invoice"));
    controller.addStaff(QStringLiteral("9003"), QStringLiteral("税务科长"), QStringLiteral("head"),
                        QStringLiteral("tax"), QStringLiteral("tax-head-password"));
    const QHash<QByteArray, QByteArray> head =
        controller.signIn(QStringLiteral("9003"), QStringLiteral("tax-head-password"));

    const QJsonObject hall = http.send("GET", QStringLiteral("/api/v1/hall"), {}, {}, head).json();
    const QJsonArray windows = hall.value(QStringLiteral("windows")).toArray();
    REQUIRE(windows.size() == 1);
    CHECK(windows.at(0).toObject().value(QStringLiteral("number")).toInt() == 3);
    const QJsonArray queues = hall.value(QStringLiteral("queues")).toArray();
    REQUIRE(queues.size() == 1);
    CHECK(queues.at(0).toObject().value(QStringLiteral("service")) == QStringLiteral("invoice"));
    CHECK_FALSE(hall.contains(QStringLiteral("cases")));

    CHECK(http.send("GET", QStringLiteral("/api/v1/cases"), {}, {}, head)
              .json()
              .value(QStringLiteral("cases"))
              .toArray()
              .isEmpty());
    CHECK(http.send("GET", QStringLiteral("/api/v1/cases"), admin)
              .json()
              .value(QStringLiteral("cases"))
              .toArray()
              .size() == 1);
    const HttpResponse other =
        http.send("POST", QStringLiteral("/api/v1/windows/1/pause"), {}, "{}", head);
    CHECK(other.status == 403);
    CHECK(http.send("GET", QStringLiteral("/api/v1/windows/1"), admin)
              .json()
              .value(QStringLiteral("paused"))
              .toBool() == false);
    CHECK(http.send("POST", QStringLiteral("/api/v1/windows/3/pause"), {}, "{}", head).status ==
          200);
    CHECK(controller.lastEvent(QStringLiteral("window.paused")).actor ==
          QStringLiteral("9003 税务科长"));
    // His reports: his department's groups only; a hall-wide grouping is refused.
    const QJsonArray groups =
        http.send("GET",
                  QStringLiteral("/api/v1/reports/range?from=2026-11-25&to=2026-11-25&by=window"),
                  {}, {}, head)
            .json()
            .value(QStringLiteral("groups"))
            .toArray();
    REQUIRE(groups.size() == 1);
    CHECK(groups.at(0).toObject().value(QStringLiteral("key")) == QStringLiteral("3"));
    const HttpResponse whole = http.send(
        "GET", QStringLiteral("/api/v1/reports/range?from=2026-11-25&to=2026-11-25&by=total"), {},
        {}, head);
    CHECK(whole.status == 400);
    CHECK(whole.json().value(QStringLiteral("error")).toObject().value(QStringLiteral("message")) ==
          QStringLiteral("a department's report is by department, window or service"));
}
