// The live event stream over WebSocket: snapshot, live events, replay after reconnect and restart.
#include "controllerprocess.h"
#include "testhall.h"

#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <QCoreApplication>
#include <QFileInfo>
#include <QJsonArray>
#include <QJsonDocument>
#include <QProcess>
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

// A raw WebSocket client that completes the handshake with a tiny receive buffer, then never
// reads; reading it later tells whether the controller cut it off.
class StuckClient
{
public:
    StuckClient(quint16 port, const QString& token, const QString& query = {})
        : m_fd(::socket(AF_INET, SOCK_STREAM, 0))
    {
        const int small = 4096;
        ::setsockopt(m_fd, SOL_SOCKET, SO_RCVBUF, &small, sizeof small);
        const timeval readTimeout{5, 0}; // a read that would wait longer means it was not cut off
        ::setsockopt(m_fd, SOL_SOCKET, SO_RCVTIMEO, &readTimeout, sizeof readTimeout);
        sockaddr_in address{};
        address.sin_family = AF_INET;
        address.sin_port = htons(port);
        address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
        REQUIRE(::connect(m_fd, reinterpret_cast<sockaddr*>(&address), sizeof address) == 0);
        const QByteArray handshake =
            "GET /api/v1/events?access_token=" + (token + query).toLatin1() +
            " HTTP/1.1\r\nHost: 127.0.0.1\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
            "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n\r\n";
        REQUIRE(::write(m_fd, handshake.constData(), size_t(handshake.size())) == handshake.size());
    }
    ~StuckClient() { ::close(m_fd); }

    // Reads everything that was sent; true when the stream then ended (the client was cut off),
    // false when it still waits for more.
    bool drainEndsInClose(qint64* total)
    {
        char buffer[65536];
        ssize_t n = 0;
        *total = 0;
        while ((n = ::read(m_fd, buffer, sizeof buffer)) > 0)
            *total += n;
        return n == 0;
    }

private:
    int m_fd;
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
    StuckClient stuck(c.port(), c.token(QStringLiteral("display")));
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
    qint64 total = 0;
    CHECK(stuck.drainEndsInClose(&total));
    CHECK(total < 5 * kTickets * 200); // it never got the whole stream
    c.stop();
    CHECK(
        QString::fromUtf8(c.process().readAllStandardError()).contains(QStringLiteral("too slow")));
}

TEST_CASE("a replay of fifty thousand events reaches a full-speed reader whole and a stalled one "
          "is cut off")
{
    ensureQtApp();
    ControllerProcess c(sourcePath(QStringLiteral("tests/data/small-hall.json")),
                        "2026-11-25 10:00",
                        {QStringLiteral("--send-stall-limit"), QStringLiteral("1")});
    c.stop();
    std::int64_t last = 0;
    {
        // Busy hours of history, written while the daemon is down.
        qh::db::Database database(c.dbPath());
        qh::db::Store store(database);
        qh::engine::ManualClock clock(shanghai("2026-11-25 10:00"));
        qh::service::HallService hall(store, clock);
        const qh::engine::Actor actor{QStringLiteral("history"), QStringLiteral("test")};
        hall.perform([&] {
            for (int i = 0; i < 10'000; ++i) {
                clock.advanceSeconds(0.2);
                const auto v = hall.issue({.serviceId = QStringLiteral("invoice")}, actor);
                hall.confirmPrinted(v.ticket.id, actor);
                hall.callNext(3, actor);
                hall.start(3, actor);
                hall.complete(3, actor);
            }
        });
        last = store.lastEventSeq();
    }
    c.start();
    const std::int64_t since = last - 50'000;
    StuckClient stalled(c.port(), c.token(QStringLiteral("display")),
                        QStringLiteral("&since=%1").arg(since));
    Listener reader(c.port(), c.token(QStringLiteral("display")),
                    QStringLiteral("&since=%1").arg(since));
    REQUIRE(waitUntil([&] { return reader.eventSeqs().size() >= 50'000; }, 60'000));
    const std::vector<std::int64_t> seqs = reader.eventSeqs();
    REQUIRE(seqs.size() == 50'000);
    CHECK(seqs.front() == since + 1);
    CHECK(seqs.back() == last);
    for (std::size_t i = 1; i < seqs.size(); ++i)
        REQUIRE(seqs[i] == seqs[i - 1] + 1);
    CHECK(reader.closeCode == -1); // still connected, now live
    HttpConnection http = c.connection();
    serveOneTicket(c, http, 1);
    REQUIRE(waitUntil([&] { return reader.eventSeqs().size() == 50'005; }));

    // The stalled one is cut off once a stall check finds it took nothing (before it is read
    // here: reading it would let its replay go on).
    QString log;
    CHECK(waitUntil(
        [&] {
            log += QString::fromUtf8(c.process().readAllStandardError());
            return log.contains(QStringLiteral("too slow: the replay made no progress"));
        },
        10'000));
    qint64 received = 0;
    CHECK(stalled.drainEndsInClose(&received));
    CHECK(received < 50'000 * 100); // cut off long before the end
    c.stop();
}

TEST_CASE("a command-line change while the daemon serves is made by the daemon and streamed")
{
    ensureQtApp();
    ControllerProcess c(sourcePath(QStringLiteral("tests/data/small-hall.json")));
    c.takeTicket(QStringLiteral("invoice"));
    Listener display(c.port(), c.token(QStringLiteral("display")));
    REQUIRE(waitUntil([&] { return !display.messages.empty(); }));
    const auto cli = [&](const QStringList& words) {
        // A path relative to where the command runs names the same database, and its daemon.
        QProcess p;
        p.setWorkingDirectory(QFileInfo(c.dbPath()).path());
        p.start(binaryPath(QStringLiteral("queuehall-controller")),
                QStringList{QStringLiteral("--db"), QFileInfo(c.dbPath()).fileName(),
                            QStringLiteral("--json")} +
                    words);
        REQUIRE(p.waitForFinished(30'000));
        return std::pair(p.exitCode(), QJsonDocument::fromJson(p.readAllStandardOutput()).object());
    };
    const auto [code, called] =
        cli({QStringLiteral("window"), QStringLiteral("call-next"), QStringLiteral("3")});
    CHECK(code == 0);
    CHECK(called.value(QStringLiteral("number")).toString() == QStringLiteral("B001"));
    REQUIRE(waitUntil([&] { return display.eventSeqs().size() == 1; }));
    const QJsonObject event = display.messages.back();
    CHECK(event.value(QStringLiteral("type")).toString() == QStringLiteral("ticket.called"));
    CHECK(
        event.value(QStringLiteral("data")).toObject().value(QStringLiteral("number")).toString() ==
        QStringLiteral("B001"));
    // Read-only commands run on their own, beside the daemon.
    const auto [showCode, shown] = cli({QStringLiteral("ticket"), QStringLiteral("show"),
                                        called.value(QStringLiteral("id")).toVariant().toString()});
    CHECK(showCode == 0);
    CHECK(shown.value(QStringLiteral("state")).toString() == QStringLiteral("called"));
    // A refusal comes back as the command line's own.
    const auto [refusedCode, refused] =
        cli({QStringLiteral("window"), QStringLiteral("start"), QStringLiteral("9")});
    CHECK(refusedCode == 1);

    // Once the daemon is gone (its socket left behind by a kill), the command line writes itself.
    c.kill();
    REQUIRE(QFileInfo::exists(c.dbPath() + QStringLiteral(".sock")));
    const auto [startCode, started] =
        cli({QStringLiteral("window"), QStringLiteral("start"), QStringLiteral("3")});
    CHECK(startCode == 0);
    CHECK(started.value(QStringLiteral("state")).toString() == QStringLiteral("serving"));
}

TEST_CASE("a call's announcement is served as WAV, other events and missing clips are refused")
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
