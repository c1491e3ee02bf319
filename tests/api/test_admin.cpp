// The admin's devices and audit over HTTP: a display added with its start URL and QR code, its
// event stream ended when it is revoked and its token refused after; the trail searched by
// ticket, window, person, type and time, a page at a time; the chain check.
#include "controllerprocess.h"
#include "testhall.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QWebSocket>

using namespace qh::test;

TEST_CASE("a display added by the admin gets a start URL and QR, and once revoked its stream ends "
          "and its token is refused")
{
    ensureQtApp();
    ControllerProcess controller;
    HttpConnection http = controller.connection();
    const QString admin = controller.token(QStringLiteral("admin"));
    const HttpResponse added = http.send("POST", QStringLiteral("/api/v1/devices"), admin,
                                         R"({"role":"display","name":"2F lobby"})");
    REQUIRE(added.status == 201);
    const QJsonObject d = added.json();
    const QString token = d.value(QStringLiteral("token")).toString();
    CHECK(token.startsWith(QStringLiteral("qh_")));
    // The address the admin's own request was made to (the test client's Host: 127.0.0.1).
    CHECK(d.value(QStringLiteral("startUrl")).toString() ==
          QStringLiteral("http://127.0.0.1/display?access_token=") + token);
    CHECK(d.value(QStringLiteral("qrSvg")).toString().startsWith(QStringLiteral("<svg")));
    CHECK(http.send("POST", QStringLiteral("/api/v1/devices"), admin, R"({"role":"caller"})")
              .status == 400);
    CHECK(
        http.send("POST", QStringLiteral("/api/v1/devices"), admin, R"({"role":"clock"})").status ==
        400);
    const QJsonArray listed = http.send("GET", QStringLiteral("/api/v1/devices"), admin)
                                  .json()
                                  .value(QStringLiteral("devices"))
                                  .toArray();
    CHECK(listed.last().toObject().value(QStringLiteral("name")) == QStringLiteral("2F lobby"));
    CHECK_FALSE(QJsonDocument(listed).toJson().contains(token.toUtf8()));

    QWebSocket stream;
    QString closeReason;
    QObject::connect(&stream, &QWebSocket::disconnected,
                     [&] { closeReason = stream.closeReason(); });
    stream.open(QUrl(QStringLiteral("ws://127.0.0.1:%1/api/v1/events?access_token=%2")
                         .arg(controller.port())
                         .arg(token)));
    REQUIRE(waitUntil([&] { return stream.state() == QAbstractSocket::ConnectedState; }));
    const int id = d.value(QStringLiteral("id")).toInt();
    REQUIRE(http.send("POST", QStringLiteral("/api/v1/devices/%1/revoke").arg(id), admin).status ==
            200);
    CHECK(waitUntil([&] { return stream.state() == QAbstractSocket::UnconnectedState; }));
    CHECK(closeReason == QStringLiteral("the device token was revoked"));
    CHECK(http.send("GET", QStringLiteral("/api/v1/hall"), token).status == 401);
    CHECK(http.send("POST", QStringLiteral("/api/v1/devices/%1/revoke").arg(id), admin).status ==
          409);
}

TEST_CASE("the audit trail is searched by ticket, window, person, type and time, a page at a time")
{
    ControllerProcess controller;
    HttpConnection http = controller.connection();
    const QString admin = controller.token(QStringLiteral("admin"));
    controller.addStaff(QStringLiteral("1024"), QStringLiteral("张三"), QStringLiteral("clerk"),
                        QStringLiteral("hukou"), QStringLiteral("123456"));
    const QString caller1 = controller.token(QStringLiteral("caller1"));
    REQUIRE(http.send("POST", QStringLiteral("/api/v1/windows/1/sign-in"), caller1,
                      R"({"staff":"1024","pin":"123456"})")
                .status == 200);
    controller.takeTicket(QStringLiteral("id-card"));
    controller.takeTicket(QStringLiteral("invoice"));
    REQUIRE(http.send("POST", QStringLiteral("/api/v1/windows/1/call-next"), caller1).status ==
            200);
    REQUIRE(http.send("POST", QStringLiteral("/api/v1/windows/1/start"), caller1).status == 200);

    const auto types = [&](const QString& query) {
        const HttpResponse r = http.send("GET", QStringLiteral("/api/v1/audit?") + query, admin);
        REQUIRE(r.status == 200);
        QStringList list;
        for (const QJsonValue e : r.json().value(QStringLiteral("events")).toArray())
            list << e.toObject().value(QStringLiteral("type")).toString();
        return list;
    };
    CHECK(types(QStringLiteral("ticket=a001")) ==
          QStringList{QStringLiteral("ticket.started"), QStringLiteral("ticket.called"),
                      QStringLiteral("ticket.printed"), QStringLiteral("ticket.issued")});
    CHECK(types(QStringLiteral("who=%E5%BC%A0%E4%B8%89")) == // 张三
          QStringList{QStringLiteral("ticket.started"), QStringLiteral("ticket.called"),
                      QStringLiteral("staff.signed_in")});
    CHECK(types(QStringLiteral("window=1&type=staff.")) ==
          QStringList{QStringLiteral("staff.signed_in")});
    CHECK(types(QStringLiteral(
                    "ticket=B001&from=2026-11-25T10:00:00%2B08:00&to=2026-11-25T11:00:00%2B08:00"))
              .size() == 2);
    CHECK(types(QStringLiteral("ticket=B001&to=2026-11-25T09:00:00%2B08:00")).isEmpty());
    // Two at a time, then the next two from where the page ended.
    const QJsonArray first = http.send("GET", QStringLiteral("/api/v1/audit?limit=2"), admin)
                                 .json()
                                 .value(QStringLiteral("events"))
                                 .toArray();
    REQUIRE(first.size() == 2);
    const int last = first.at(1).toObject().value(QStringLiteral("seq")).toInt();
    const QJsonArray second =
        http.send("GET", QStringLiteral("/api/v1/audit?limit=2&before=%1").arg(last), admin)
            .json()
            .value(QStringLiteral("events"))
            .toArray();
    CHECK(second.at(0).toObject().value(QStringLiteral("seq")).toInt() == last - 1);
    CHECK(http.send("GET", QStringLiteral("/api/v1/audit?limit=0"), admin).status == 400);
    CHECK(http.send("GET", QStringLiteral("/api/v1/audit?from=yesterday"), admin).status == 400);
    CHECK(http.send("GET", QStringLiteral("/api/v1/audit?window=x"), admin).status == 400);

    const QJsonObject verified =
        http.send("GET", QStringLiteral("/api/v1/audit/verify"), admin).json();
    CHECK(verified.value(QStringLiteral("ok")).toBool());
    CHECK(verified.value(QStringLiteral("checked")).toInt() > 10);
}
