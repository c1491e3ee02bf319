// Two-phase issuing over HTTP: idempotent retries, kiosk ownership, the 60 s void, the public
// status.
#include "controllerprocess.h"
#include "testhall.h"

#include <cstring>
#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>

#include <QFile>
#include <QThread>

using namespace qh::test;

TEST_CASE("a kiosk that retries with the same Idempotency-Key gets the same ticket")
{
    ControllerProcess controller(sourcePath(QStringLiteral("tests/data/small-hall.json")));
    HttpConnection http = controller.connection();
    const QString kiosk = controller.token(QStringLiteral("kiosk"));
    const QByteArray body = R"({"service": "id-card", "phone": "13800000000", "lang": "en"})";
    const HttpResponse first = http.send("POST", QStringLiteral("/api/v1/tickets"), kiosk, body,
                                         {{"Idempotency-Key", "tap-1"}});
    REQUIRE(first.status == 201);
    // The answer was lost; the kiosk sends the same request again on a new connection.
    HttpConnection retryConnection = controller.connection();
    const HttpResponse retry = retryConnection.send("POST", QStringLiteral("/api/v1/tickets"),
                                                    kiosk, body, {{"Idempotency-Key", "tap-1"}});
    CHECK(retry.status == 201);
    CHECK(retry.json().value(QStringLiteral("id")) == first.json().value(QStringLiteral("id")));
    CHECK(retry.json().value(QStringLiteral("number")).toString() == QStringLiteral("A001"));
    const HttpResponse different =
        http.send("POST", QStringLiteral("/api/v1/tickets"), kiosk, R"({"service": "residence"})",
                  {{"Idempotency-Key", "tap-1"}});
    CHECK(different.status == 409);
    CHECK(different.errorCode() == QStringLiteral("idempotency_key_reused"));
    const HttpResponse next = http.send("POST", QStringLiteral("/api/v1/tickets"), kiosk, body,
                                        {{"Idempotency-Key", "tap-2"}});
    CHECK(next.json().value(QStringLiteral("number")).toString() == QStringLiteral("A002"));
}

TEST_CASE("only the issuing kiosk (or an admin) completes the second phase")
{
    ControllerProcess controller(sourcePath(QStringLiteral("tests/data/small-hall.json")));
    HttpConnection http = controller.connection();
    const HttpResponse t = http.send("POST", QStringLiteral("/api/v1/tickets"),
                                     controller.token(QStringLiteral("kiosk")),
                                     R"({"service": "id-card"})", {{"Idempotency-Key", "x"}});
    const QString id = QString::number(t.json().value(QStringLiteral("id")).toInt());
    const HttpResponse other =
        http.send("POST", QStringLiteral("/api/v1/tickets/") + id + QStringLiteral("/printed"),
                  controller.token(QStringLiteral("kiosk2")));
    CHECK(other.status == 403);
    CHECK(other.errorCode() == QStringLiteral("forbidden"));
    const HttpResponse mine =
        http.send("POST", QStringLiteral("/api/v1/tickets/") + id + QStringLiteral("/printed"),
                  controller.token(QStringLiteral("kiosk")));
    CHECK(mine.status == 200);
    CHECK(mine.json().value(QStringLiteral("state")).toString() == QStringLiteral("waiting"));
    const HttpResponse again =
        http.send("POST", QStringLiteral("/api/v1/tickets/") + id + QStringLiteral("/printed"),
                  controller.token(QStringLiteral("kiosk")));
    CHECK(again.status == 200); // a kiosk that lost the answer asks again
    CHECK(again.json().value(QStringLiteral("state")).toString() == QStringLiteral("waiting"));
    const HttpResponse voided =
        http.send("POST", QStringLiteral("/api/v1/tickets/") + id + QStringLiteral("/void"),
                  controller.token(QStringLiteral("admin")), R"({"reason": "printer jammed"})");
    CHECK(voided.json().value(QStringLiteral("state")).toString() == QStringLiteral("voided"));
    CHECK(voided.json().value(QStringLiteral("voidReason")).toString() ==
          QStringLiteral("printer jammed"));
}

TEST_CASE("a ticket never confirmed as printed is voided after the hall's timeout and audited")
{
    // The small hall with the shortest timeout a hall file allows (10 s).
    QTemporaryDir dir;
    const QString hallFile =
        smallHallVariant(dir, "\"issuingTimeoutSeconds\": 60", "\"issuingTimeoutSeconds\": 10");

    ControllerProcess controller(hallFile, "2026-11-25 10:00");
    const HttpResponse t = controller.connection().send(
        "POST", QStringLiteral("/api/v1/tickets"), controller.token(QStringLiteral("kiosk")),
        R"({"service": "id-card"})", {{"Idempotency-Key", "lost"}});
    const QString code = t.json().value(QStringLiteral("statusCode")).toString();
    const auto state = [&] {
        return controller.connection()
            .send("GET", QStringLiteral("/api/v1/tickets/") + code)
            .json()
            .value(QStringLiteral("state"))
            .toString();
    };
    // The kiosk never confirms. The controller sweeps every second (the engine's tests check the
    // exact timeout); a restart with its clock a minute on finds the ticket stale and voids it.
    CHECK(state() == QStringLiteral("issuing"));
    controller.stop();
    controller.startAt("2026-11-25 10:01");
    REQUIRE(waitUntil([&] { return state() == QStringLiteral("voided"); }));
    controller.stop();
    qh::db::Database database(controller.dbPath());
    qh::db::Store store(database);
    const auto events = store.eventsSince(0, 1000);
    REQUIRE(!events.empty());
    CHECK(events.back().type == QStringLiteral("ticket.voided"));
    CHECK(events.back().data.value(QStringLiteral("reason")).toString() ==
          QStringLiteral("not confirmed as printed within 10 s"));
    CHECK(store.verifyAudit().problems.isEmpty());
}

TEST_CASE("the public status shows the queue position and no personal data")
{
    ControllerProcess controller(sourcePath(QStringLiteral("tests/data/small-hall.json")));
    HttpConnection http = controller.connection();
    const QString kiosk = controller.token(QStringLiteral("kiosk"));
    QString codes[2];
    for (int i = 0; i < 2; ++i) {
        const HttpResponse t = http.send("POST", QStringLiteral("/api/v1/tickets"), kiosk,
                                         R"({"service": "invoice", "phone": "13912345678"})",
                                         {{"Idempotency-Key", QByteArray::number(i)}});
        codes[i] = t.json().value(QStringLiteral("statusCode")).toString();
        http.send("POST",
                  QStringLiteral("/api/v1/tickets/%1/printed")
                      .arg(t.json().value(QStringLiteral("id")).toInt()),
                  kiosk);
    }
    const HttpResponse second =
        http.send("GET", QStringLiteral("/api/v1/tickets/") + codes[1].toLower());
    CHECK(second.status == 200);
    CHECK(second.json().value(QStringLiteral("number")).toString() == QStringLiteral("B002"));
    CHECK(second.json().value(QStringLiteral("ahead")).toInt() == 1);
    CHECK(second.json().value(QStringLiteral("estimatedWaitSeconds")).toDouble() > 0);
    CHECK_FALSE(second.body.contains("13912345678"));
    CHECK_FALSE(second.json().contains(QStringLiteral("id")));
    CHECK_FALSE(second.json().contains(QStringLiteral("phone")));

    http.send("POST", QStringLiteral("/api/v1/windows/3/call-next"),
              controller.token(QStringLiteral("caller3")));
    const HttpResponse first = http.send("GET", QStringLiteral("/api/v1/tickets/") + codes[0]);
    CHECK(first.json().value(QStringLiteral("state")).toString() == QStringLiteral("called"));
    CHECK(first.json().value(QStringLiteral("window")).toInt() == 3);
    CHECK(http.send("GET", QStringLiteral("/api/v1/tickets/") + codes[1])
              .json()
              .value(QStringLiteral("ahead"))
              .toInt() == 0);
}

TEST_CASE("SIGTERM lets the controller finish and exit cleanly")
{
    ControllerProcess controller(sourcePath(QStringLiteral("tests/data/small-hall.json")));
    HttpConnection http = controller.connection();
    http.write("POST", QStringLiteral("/api/v1/tickets"), controller.token(QStringLiteral("kiosk")),
               R"({"service": "id-card"})", {{"Idempotency-Key", "last"}});
    http.socket().waitForBytesWritten(1000);
    controller.process().terminate();
    const HttpResponse answer = http.readResponse();
    REQUIRE(controller.process().waitForFinished(10'000));
    CHECK(controller.process().exitStatus() == QProcess::NormalExit);
    CHECK(controller.process().exitCode() == 0);
    qh::db::Database database(controller.dbPath());
    qh::db::Store store(database);
    // Either the request was answered and is stored, or it was never taken up; never half.
    if (answer.status == 201)
        CHECK(store.ticket(answer.json().value(QStringLiteral("id")).toInt()).has_value());
    CHECK(store.verifyAudit().problems.isEmpty());
}

TEST_CASE("the daemon tells systemd it is ready once it listens, and that it is stopping")
{
    // A notification socket as systemd gives a Type=notify service.
    QTemporaryDir dir;
    const QByteArray path = dir.filePath(QStringLiteral("notify")).toLocal8Bit();
    const int notify = ::socket(AF_UNIX, SOCK_DGRAM | SOCK_CLOEXEC, 0);
    sockaddr_un address{};
    address.sun_family = AF_UNIX;
    std::strncpy(address.sun_path, path.constData(), sizeof address.sun_path - 1);
    REQUIRE(::bind(notify, reinterpret_cast<sockaddr*>(&address), sizeof address) == 0);
    const timeval timeout{5, 0};
    ::setsockopt(notify, SOL_SOCKET, SO_RCVTIMEO, &timeout, sizeof timeout);
    qputenv("NOTIFY_SOCKET", path);
    ControllerProcess controller(sourcePath(QStringLiteral("tests/data/small-hall.json")));
    qunsetenv("NOTIFY_SOCKET");
    const auto message = [&] {
        char buffer[256] = {};
        const ssize_t n = ::recv(notify, buffer, sizeof buffer - 1, 0);
        return n > 0 ? QByteArray(buffer, n) : QByteArray();
    };
    CHECK(message().contains("READY=1"));
    CHECK(controller.connection().send("GET", QStringLiteral("/api/v1/health")).status == 200);
    controller.stop();
    CHECK(message().contains("STOPPING=1"));
    ::close(notify);
}
