// The live event stream over WebSocket: snapshot, live events, replay after reconnect and restart.
#include "controllerprocess.h"
#include "testhall.h"

#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <QCoreApplication>
#include <QJsonArray>
#include <QJsonDocument>
#include <QWebSocket>

using namespace qh::test;

namespace {

// A display's view of the stream: every message, and how the connection ended.
struct Listener
{
    QWebSocket socket;
    std::vector<QJsonObject> messages;
    int closeCode = -1;
    QString closeReason;

    Listener(quint16 port, const QString& token, const QString& query = {})
    {
        QObject::connect(&socket, &QWebSocket::textMessageReceived, [this](const QString& m) {
            messages.push_back(QJsonDocument::fromJson(m.toUtf8()).object());
        });
        QObject::connect(&socket, &QWebSocket::disconnected, [this] {
            closeCode = socket.closeCode();
            closeReason = socket.closeReason();
        });
        socket.open(QUrl(QStringLiteral("ws://127.0.0.1:%1/api/v1/events?access_token=%2%3")
                             .arg(port)
                             .arg(token, query)));
    }

    std::vector<std::int64_t> eventSeqs() const
    {
        std::vector<std::int64_t> seqs;
        for (const QJsonObject& m : messages) {
            if (m.value(QStringLiteral("type")).toString() != QStringLiteral("snapshot"))
                seqs.push_back(m.value(QStringLiteral("seq")).toInteger());
        }
        return seqs;
    }
};

void serveOneTicket(ControllerProcess& c, HttpConnection& http, int n)
{
    const HttpResponse t =
        http.send("POST", QStringLiteral("/api/v1/tickets"), c.token(QStringLiteral("kiosk")),
                  R"({"service": "invoice"})", {{"Idempotency-Key", QByteArray::number(n)}});
    REQUIRE(t.status == 201);
    http.send("POST",
              QStringLiteral("/api/v1/tickets/%1/printed")
                  .arg(t.json().value(QStringLiteral("id")).toInt()),
              c.token(QStringLiteral("kiosk")));
    const QString caller = c.token(QStringLiteral("caller3"));
    REQUIRE(http.send("POST", QStringLiteral("/api/v1/windows/3/call-next"), caller).status == 200);
    http.send("POST", QStringLiteral("/api/v1/windows/3/start"), caller);
    REQUIRE(http.send("POST", QStringLiteral("/api/v1/windows/3/complete"), caller).status == 200);
}

} // namespace

TEST_CASE("a display gets a snapshot, then every event in order")
{
    ensureQtApp();
    ControllerProcess c(sourcePath(QStringLiteral("tests/data/small-hall.json")));
    HttpConnection http = c.connection();
    Listener display(c.port(), c.token(QStringLiteral("display")));
    REQUIRE(waitUntil([&] { return !display.messages.empty(); }));
    const QJsonObject snapshot = display.messages.front();
    CHECK(snapshot.value(QStringLiteral("type")).toString() == QStringLiteral("snapshot"));
    const std::int64_t start = snapshot.value(QStringLiteral("seq")).toInteger();
    CHECK(snapshot.value(QStringLiteral("data"))
              .toObject()
              .value(QStringLiteral("windows"))
              .toArray()
              .size() == 4);

    serveOneTicket(c, http, 1);
    REQUIRE(waitUntil([&] { return display.messages.size() == 6; }));
    QStringList types;
    for (std::size_t i = 1; i < display.messages.size(); ++i) {
        CHECK(display.messages[i].value(QStringLiteral("seq")).toInteger() ==
              start + std::int64_t(i));
        types << display.messages[i].value(QStringLiteral("type")).toString();
    }
    CHECK(types == QStringList{QStringLiteral("ticket.issued"), QStringLiteral("ticket.printed"),
                               QStringLiteral("ticket.called"), QStringLiteral("ticket.started"),
                               QStringLiteral("ticket.completed")});
    const QJsonObject called = display.messages[3].value(QStringLiteral("data")).toObject();
    CHECK(called.value(QStringLiteral("number")).toString() == QStringLiteral("B001"));
    CHECK(called.value(QStringLiteral("window")).toInt() == 3);
    CHECK_FALSE(display.messages[3].contains(QStringLiteral("actor")));
}

TEST_CASE("reconnecting with since replays exactly what was missed, across a controller restart")
{
    ensureQtApp();
    ControllerProcess c(sourcePath(QStringLiteral("tests/data/small-hall.json")));
    std::vector<std::int64_t> seen;
    std::int64_t last = 0;
    {
        HttpConnection http = c.connection();
        Listener display(c.port(), c.token(QStringLiteral("display")));
        REQUIRE(waitUntil([&] { return !display.messages.empty(); }));
        serveOneTicket(c, http, 1);
        REQUIRE(waitUntil([&] { return display.eventSeqs().size() == 5; }));
        seen = display.eventSeqs();
        last = seen.back();
        display.socket.close();
        // Missed while away:
        serveOneTicket(c, http, 2);
    }
    {
        Listener display(c.port(), c.token(QStringLiteral("display")),
                         QStringLiteral("&since=%1").arg(last));
        REQUIRE(waitUntil([&] { return display.eventSeqs().size() == 5; }));
        CHECK(display.messages.front().value(QStringLiteral("type")).toString() ==
              QStringLiteral("snapshot"));
        for (std::int64_t s : display.eventSeqs())
            seen.push_back(s);
        last = seen.back();
    }
    c.stop();
    c.start(); // a restart: the events come from the database
    {
        HttpConnection http = c.connection();
        serveOneTicket(c, http, 3); // happens before the display is back
        Listener display(c.port(), c.token(QStringLiteral("display")),
                         QStringLiteral("&since=%1").arg(last));
        REQUIRE(waitUntil([&] { return display.eventSeqs().size() == 5; }));
        serveOneTicket(c, http, 4); // and after
        REQUIRE(waitUntil([&] { return display.eventSeqs().size() == 10; }));
        for (std::int64_t s : display.eventSeqs())
            seen.push_back(s);
    }
    REQUIRE(seen.size() == 20);
    for (std::size_t i = 1; i < seen.size(); ++i)
        CHECK(seen[i] == seen[i - 1] + 1); // no gap, no duplicate
}

TEST_CASE("a wrong token or role on the event stream is refused with a reason")
{
    ensureQtApp();
    ControllerProcess c(sourcePath(QStringLiteral("tests/data/small-hall.json")));
    Listener stranger(c.port(), QStringLiteral("qh_wrong"));
    REQUIRE(waitUntil([&] { return stranger.closeCode != -1; }));
    CHECK(stranger.closeCode == QWebSocketProtocol::CloseCodePolicyViolated);
    REQUIRE(stranger.messages.size() == 1);
    CHECK(stranger.messages[0]
              .value(QStringLiteral("error"))
              .toObject()
              .value(QStringLiteral("code"))
              .toString() == QStringLiteral("unauthorized"));

    Listener kiosk(c.port(), c.token(QStringLiteral("kiosk")));
    REQUIRE(waitUntil([&] { return kiosk.closeCode != -1; }));
    CHECK(kiosk.closeReason.contains(QStringLiteral("kiosk may not")));

    Listener badSince(c.port(), c.token(QStringLiteral("display")), QStringLiteral("&since=soon"));
    REQUIRE(waitUntil([&] { return badSince.closeCode != -1; }));
    CHECK(badSince.closeReason.contains(QStringLiteral("since")));
}

TEST_CASE("a client that stops reading is cut off and never holds up the others")
{
    ensureQtApp();
    ControllerProcess c(sourcePath(QStringLiteral("tests/data/small-hall.json")),
                        "2026-11-25 10:00",
                        {QStringLiteral("--send-queue-limit"), QStringLiteral("16384"),
                         QStringLiteral("--rate-limit"), QStringLiteral("100000")});
    // A stuck client: completes the WebSocket handshake with a tiny receive buffer, then never
    // reads.
    const int stuck = ::socket(AF_INET, SOCK_STREAM, 0);
    const int small = 4096;
    ::setsockopt(stuck, SOL_SOCKET, SO_RCVBUF, &small, sizeof small);
    const timeval readTimeout{5, 0}; // a read that would wait longer means it was not dropped
    ::setsockopt(stuck, SOL_SOCKET, SO_RCVTIMEO, &readTimeout, sizeof readTimeout);
    sockaddr_in address{};
    address.sin_family = AF_INET;
    address.sin_port = htons(c.port());
    address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    REQUIRE(::connect(stuck, reinterpret_cast<sockaddr*>(&address), sizeof address) == 0);
    const QByteArray handshake =
        "GET /api/v1/events?access_token=" + c.token(QStringLiteral("display")).toLatin1() +
        " HTTP/1.1\r\nHost: 127.0.0.1\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
        "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n\r\n";
    REQUIRE(::write(stuck, handshake.constData(), size_t(handshake.size())) == handshake.size());

    Listener good(c.port(), c.token(QStringLiteral("display")));
    REQUIRE(waitUntil([&] { return !good.messages.empty(); }));
    HttpConnection http = c.connection();
    constexpr int kTickets = 300;
    for (int i = 0; i < kTickets; ++i) {
        serveOneTicket(c, http, i);
        QCoreApplication::processEvents(); // the good display keeps reading
    }
    REQUIRE(waitUntil([&] { return good.eventSeqs().size() == 5 * kTickets; }, 30'000));
    const auto seqs = good.eventSeqs();
    for (std::size_t i = 1; i < seqs.size(); ++i)
        REQUIRE(seqs[i] == seqs[i - 1] + 1);

    // The stuck client was dropped: draining its socket ends in end-of-stream.
    char buffer[65536];
    ssize_t n = 0;
    qint64 total = 0;
    while ((n = ::read(stuck, buffer, sizeof buffer)) > 0)
        total += n;
    ::close(stuck);
    CHECK(n == 0);
    CHECK(total < 5 * kTickets * 200); // it never got the whole stream
    c.stop();
    CHECK(
        QString::fromUtf8(c.process().readAllStandardError()).contains(QStringLiteral("too slow")));
}

TEST_CASE("a call's announcement is served as WAV; other events and missing clips are refused")
{
    ensureQtApp();
    ControllerProcess c(sourcePath(QStringLiteral("tests/data/small-hall.json")));
    HttpConnection http = c.connection();
    serveOneTicket(c, http, 1);
    const QJsonArray calls =
        http.send("GET", QStringLiteral("/api/v1/hall"), c.token(QStringLiteral("display")))
            .json()
            .value(QStringLiteral("recentCalls"))
            .toArray();
    REQUIRE(calls.size() == 1);
    const qint64 seq = calls[0].toObject().value(QStringLiteral("seq")).toInteger();
    const HttpResponse wav =
        http.send("GET", QStringLiteral("/api/v1/announcements/%1.wav").arg(seq),
                  c.token(QStringLiteral("display")));
    CHECK(wav.status == 200);
    CHECK(wav.headers.value("content-type") == "audio/wav");
    CHECK(wav.body.startsWith("RIFF"));
    CHECK(wav.body.size() > 100'000); // seconds of speech, in both languages
    const HttpResponse notACall =
        http.send("GET", QStringLiteral("/api/v1/announcements/%1.wav").arg(seq - 1),
                  c.token(QStringLiteral("display")));
    CHECK(notACall.status == 404);
    CHECK(http.send("GET", QStringLiteral("/api/v1/announcements/%1.wav").arg(seq)).status == 401);

    ControllerProcess silent(sourcePath(QStringLiteral("tests/data/small-hall.json")),
                             "2026-11-25 10:00",
                             {QStringLiteral("--voice-dir"), QStringLiteral("/nonexistent")});
    HttpConnection quiet = silent.connection();
    serveOneTicket(silent, quiet, 1);
    const qint64 silentSeq =
        quiet.send("GET", QStringLiteral("/api/v1/hall"), silent.token(QStringLiteral("display")))
            .json()
            .value(QStringLiteral("recentCalls"))
            .toArray()[0]
            .toObject()
            .value(QStringLiteral("seq"))
            .toInteger();
    const HttpResponse unavailable =
        quiet.send("GET", QStringLiteral("/api/v1/announcements/%1.wav").arg(silentSeq),
                   silent.token(QStringLiteral("display")));
    CHECK(unavailable.status == 503);
    CHECK(unavailable.errorCode() == QStringLiteral("voice_unavailable"));
}
