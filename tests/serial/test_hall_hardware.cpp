// The controller drives the hall's RS-485 hardware over pty pairs: a fake bus in the test plays
// the keypads, boards and rating pads, and is unplugged and plugged back.
#include "controllerprocess.h"
#include "database.h"
#include "fakebus.h"
#include "testhall.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QSet>
#include <QStringDecoder>

using namespace qh::test;

namespace {

constexpr int kKeypad = 1;
constexpr int kBoard = 2;
constexpr int kPad = 3;
constexpr int kHallBoard = 10;

QByteArray key(int address, int k)
{
    return QByteArray("\x01") + char(address) + char(k) + '\x07';
}

QString gb18030(const QByteArray& bytes)
{
    QStringDecoder d("GB18030");
    return d.decode(bytes);
}

// The "hardware" part of the hall snapshot: one object per port.
QJsonArray hardware(ControllerProcess& c)
{
    return c.connection()
        .send("GET", QStringLiteral("/api/v1/hall"), c.token(QStringLiteral("admin")))
        .json()
        .value(QStringLiteral("hardware"))
        .toArray();
}

QString currentAt(ControllerProcess& c, int window)
{
    return c.connection()
        .send("GET", QStringLiteral("/api/v1/windows/%1").arg(window),
              c.token(QStringLiteral("admin")))
        .json()
        .value(QStringLiteral("current"))
        .toObject()
        .value(QStringLiteral("number"))
        .toString();
}

// The data of the controller's "hardware.port" or "hardware.device" events, oldest first.
std::vector<QJsonObject> healthEvents(ControllerProcess& c, const char* type)
{
    qh::db::Database db(c.dbPath(), qh::db::Database::Mode::ReadOnly);
    auto q = db.prepare("SELECT data FROM events WHERE type = ? ORDER BY seq");
    q.bind(1, QString::fromLatin1(type));
    std::vector<QJsonObject> events;
    while (q.step())
        events.push_back(QJsonDocument::fromJson(q.text(0).toUtf8()).object());
    return events;
}

// A small hall with one QSystem bus on window 3: keypad, board, rating pad, and a hall board.
struct QSystemHall
{
    QTemporaryDir dir;
    FakeBus bus;
    ControllerProcess controller{hallWithSection(
        dir, sourcePath(QStringLiteral("tests/data/small-hall.json")), QStringLiteral("serial"),
        QJsonArray{QJsonObject{
            {QStringLiteral("port"), bus.path()},
            {QStringLiteral("devices"),
             QJsonArray{serialDevice(kKeypad, "keypad", 3), serialDevice(kBoard, "windowBoard", 3),
                        serialDevice(kPad, "ratingPad", 3),
                        serialDevice(kHallBoard, "hallBoard")}}}})};

    QSystemHall()
    {
        ensureQtApp();
        // On opening the port the controller shows every board's text: an empty window 3.
        if (!waitUntil([&] { return bus.lastBoardText(kBoard) == QByteArray(); }))
            throw std::runtime_error("the controller never wrote to the bus");
    }

    bool boardShows(int address, const QString& text)
    {
        return waitUntil([&] {
            const auto shown = bus.lastBoardText(address);
            return shown && gb18030(*shown) == text;
        });
    }
};

} // namespace

TEST_CASE("a keypad works a window alone: call, start, finish, and the boards follow")
{
    QSystemHall h;
    h.controller.takeTicket(QStringLiteral("invoice"));
    h.controller.takeTicket(QStringLiteral("invoice"));

    h.bus.write(key(kKeypad, 0x31));
    CHECK(h.boardShows(kBoard, QStringLiteral("B001")));
    CHECK(currentAt(h.controller, 3) == QStringLiteral("B001"));
    CHECK(h.boardShows(kHallBoard, QStringLiteral("B001 3号")));
    // The keypad blinks the number while the citizen walks up, its LED on.
    CHECK(h.boardShows(kKeypad, QStringLiteral("1")));
    const auto frames = h.bus.qsystemFrames();
    const auto blinking = std::find_if(frames.begin(), frames.end(), [](const SentFrame& f) {
        return f.address == kKeypad && f.body == QByteArray("\x31"
                                                            "001");
    });
    CHECK(blinking != frames.end());

    h.bus.clear();
    h.bus.write(key(kKeypad, 0x32)); // start: steady
    CHECK(waitUntil([&] {
        const auto f = h.bus.qsystemFrames();
        return std::any_of(f.begin(), f.end(), [](const SentFrame& s) {
            return s.address == kKeypad && s.body == QByteArray("\x30"
                                                                "001");
        });
    }));

    h.bus.write(key(kKeypad, 0x31)); // serving: finish it and call the next
    CHECK(h.boardShows(kBoard, QStringLiteral("B002")));
    CHECK(h.boardShows(kHallBoard, QStringLiteral("B002 3号  B001 3号")));
    h.bus.write(key(kKeypad, 0x34)); // called, nobody came: no-show (calls left: back in line)
    CHECK(h.boardShows(kBoard, QString()));
    CHECK(currentAt(h.controller, 3).isEmpty());

    h.bus.clear();
    h.bus.write(key(kKeypad, 0x32)); // nothing to start: the keypad says so, then recovers
    CHECK(waitUntil([&] {
        const auto f = h.bus.qsystemFrames();
        return std::any_of(f.begin(), f.end(), [](const SentFrame& s) {
            return s.address == kKeypad && s.body == QByteArray("\x31"
                                                                "Err");
        });
    }));
}

TEST_CASE("a rating pad rates the ticket just finished, once, stored and audited")
{
    QSystemHall h;
    h.controller.takeTicket(QStringLiteral("invoice"));
    for (const int k : {0x31, 0x32, 0x34}) // call, start, finish
        h.bus.write(key(kKeypad, k));
    REQUIRE(waitUntil([&] { return h.boardShows(kBoard, QString()); }));
    h.bus.write(key(kPad, 0x32)); // 满意 (4 of 5)
    h.bus.write(key(kPad, 0x35)); // pressed again: the ticket is rated already

    qh::db::Database db(h.controller.dbPath());
    const auto ratings = [&] {
        std::vector<std::pair<int, int>> r;
        auto q = db.prepare("SELECT rating, window FROM ratings");
        while (q.step())
            r.emplace_back(q.integer(0), q.integer(1));
        return r;
    };
    REQUIRE(waitUntil([&] { return !ratings().empty(); }));
    waitUntil([] { return false; }, 300); // the second press has been handled
    CHECK(ratings() == std::vector<std::pair<int, int>>{{4, 3}});
    auto events = db.prepare("SELECT count(*) FROM events WHERE type = 'ticket.rated' AND "
                             "actor = 'rating pad at window 3'");
    REQUIRE(events.step());
    CHECK(events.integer(0) == 1);
}

TEST_CASE("noise on the bus is dropped and counted, the key among it still works")
{
    QSystemHall h;
    h.controller.takeTicket(QStringLiteral("invoice"));
    QByteArray noise("\xFF\x00\x55", 3);
    noise += QByteArray("\x01\x02\x31\x08", 4);         // wrong end byte
    noise += QByteArray("\x01\x02\x01\x05\x32\x07", 6); // collision; whole inside: 5 (no one)
    h.bus.write(noise);
    h.bus.write(QByteArray("\x01\x01", 2)); // half a frame, then the line goes quiet
    waitUntil([] { return false; }, 200);
    h.bus.write(key(kKeypad, 0x31));
    CHECK(h.boardShows(kBoard, QStringLiteral("B001")));
    const QJsonObject dropped =
        hardware(h.controller).at(0).toObject().value(QStringLiteral("dropped")).toObject();
    CHECK(dropped.value(QStringLiteral("badFrames")).toInt() == 2);
    CHECK(dropped.value(QStringLiteral("garbageBytes")).toInt() == 3 + 3 + 1);
    CHECK(dropped.value(QStringLiteral("partialFrames")).toInt() == 1);
    CHECK(h.controller.process().state() == QProcess::Running);
}

TEST_CASE("an unplugged adapter is reopened when it comes back and every board is resynced")
{
    QSystemHall h;
    h.controller.takeTicket(QStringLiteral("invoice"));
    h.bus.write(key(kKeypad, 0x31));
    REQUIRE(h.boardShows(kBoard, QStringLiteral("B001")));

    h.bus.unplug();
    CHECK(waitUntil([&] {
        return !hardware(h.controller).at(0).toObject().value(QStringLiteral("open")).toBool();
    }));
    // The audit trail says when the port went away, and why.
    const auto lost = healthEvents(h.controller, "hardware.port");
    REQUIRE(lost.size() >= 2);
    CHECK(lost.back().value(QStringLiteral("open")) == QJsonValue(false));
    CHECK(!lost.back().value(QStringLiteral("reason")).toString().isEmpty());
    CHECK(lost.back().value(QStringLiteral("port")).toString() == h.bus.path());
    h.bus.clear();
    h.bus.plug();
    // The board may have lost power with the adapter: it gets its number again.
    CHECK(h.boardShows(kBoard, QStringLiteral("B001")));
    CHECK(h.boardShows(kHallBoard, QStringLiteral("B001 3号")));
    CHECK(hardware(h.controller).at(0).toObject().value(QStringLiteral("open")).toBool());
    CHECK(healthEvents(h.controller, "hardware.port").back().value(QStringLiteral("open")) ==
          QJsonValue(true));
    h.bus.write(key(kKeypad, 0x32));
    CHECK(waitUntil([&] {
        return h.controller.connection()
                   .send("GET", QStringLiteral("/api/v1/windows/3"),
                         h.controller.token(QStringLiteral("admin")))
                   .json()
                   .value(QStringLiteral("current"))
                   .toObject()
                   .value(QStringLiteral("state"))
                   .toString() == QStringLiteral("serving");
    }));
}

TEST_CASE("69 keypads pressing at once call 69 different tickets, and every board shows its own")
{
    ensureQtApp();
    QTemporaryDir dir;
    FakeBus bus;
    const QString sample = sourcePath(QStringLiteral("assets/halls/shizhong.json"));
    QJsonArray devices;
    for (int w = 1; w <= 69; ++w) {
        devices.append(serialDevice(w, "keypad", w));
        devices.append(serialDevice(100 + w, "windowBoard", w));
    }
    ControllerProcess c(
        hallWithSection(dir, sample, QStringLiteral("serial"),
                        QJsonArray{QJsonObject{{QStringLiteral("port"), bus.path()},
                                               {QStringLiteral("devices"), devices}}}),
        "2026-11-25 10:00", {QStringLiteral("--rate-limit"), QStringLiteral("100000")});
    // Two tickets of every service: enough for every window, whatever it serves.
    const qh::engine::HallConfig hall = qh::db::readHallFile(sample).config;
    for (int round = 0; round < 2; ++round) {
        for (const qh::engine::Service& s : hall.services)
            c.takeTicket(s.id);
    }
    REQUIRE(waitUntil([&] { return bus.lastBoardText(169).has_value(); }));

    QByteArray presses;
    for (int w = 1; w <= 69; ++w)
        presses += key(w, 0x31);
    bus.clear();
    bus.write(presses);
    const auto shown = [&] {
        QSet<QByteArray> numbers;
        for (int w = 1; w <= 69; ++w) {
            const auto text = bus.lastBoardText(100 + w);
            if (text && !text->isEmpty())
                numbers.insert(*text);
        }
        return numbers;
    };
    CHECK(waitUntil([&] { return shown().size() == 69; }, 20'000));
    QSet<QString> called;
    for (int w = 1; w <= 69; ++w)
        called.insert(currentAt(c, w));
    CHECK(called.size() == 69);
    CHECK(!called.contains(QString()));
}

TEST_CASE("framed protocol: keys come with the polls, a silent device is shown and holds up "
          "nobody")
{
    ensureQtApp();
    QTemporaryDir dir;
    FakeBus bus;
    bus.framedDevices[kKeypad] = {};
    bus.framedDevices[kBoard] = {};
    // Address 5 (window 4's board) never answers.
    ControllerProcess c(hallWithSection(
        dir, sourcePath(QStringLiteral("tests/data/small-hall.json")), QStringLiteral("serial"),
        QJsonArray{QJsonObject{
            {QStringLiteral("port"), bus.path()},
            {QStringLiteral("protocol"), QStringLiteral("framed")},
            {QStringLiteral("baud"), 115200},
            {QStringLiteral("devices"),
             QJsonArray{serialDevice(kKeypad, "keypad", 3), serialDevice(kBoard, "windowBoard", 3),
                        serialDevice(5, "windowBoard", 4)}}}}));
    const auto serve = [&](const std::function<bool()>& done, int ms = 10'000) {
        return waitUntil(
            [&] {
                bus.serveFramed();
                return done();
            },
            ms);
    };
    const auto answering = [&](int address) {
        for (const QJsonValue d :
             hardware(c).at(0).toObject().value(QStringLiteral("devices")).toArray()) {
            if (d.toObject().value(QStringLiteral("address")).toInt() == address)
                return d.toObject().value(QStringLiteral("answering"));
        }
        return QJsonValue();
    };
    REQUIRE(serve([&] { return bus.framedDevices[kBoard].shows > 0; }));
    CHECK(serve([&] { return answering(5) == QJsonValue(false); }));
    CHECK(answering(kKeypad) == QJsonValue(true));
    CHECK(answering(kBoard) == QJsonValue(true));

    c.takeTicket(QStringLiteral("invoice"));
    bus.framedDevices[kKeypad].corruptNextReply = true; // the poll is retried
    bus.framedDevices[kKeypad].keys = {0x31};
    CHECK(serve([&] { return bus.framedDevices[kBoard].text == "B001"; }));
    CHECK(serve([&] { return bus.framedDevices[kKeypad].text == "B001"; }));
    CHECK(bus.framedDevices[kKeypad].blink);
    CHECK(currentAt(c, 3) == QStringLiteral("B001"));
    CHECK(hardware(c)
              .at(0)
              .toObject()
              .value(QStringLiteral("dropped"))
              .toObject()
              .value(QStringLiteral("badFrames"))
              .toInt() >= 1);

    // Window 4's board comes back: it is found again and given its (empty) text.
    bus.framedDevices[5] = {};
    CHECK(serve([&] { return answering(5) == QJsonValue(true); }, 15'000));
    CHECK(serve([&] { return bus.framedDevices[5].shows > 0; }));
    // Both changes are in the audit trail, for window 4's board at address 5, and nothing else.
    const auto health = healthEvents(c, "hardware.device");
    REQUIRE(health.size() == 2);
    CHECK(health[0].value(QStringLiteral("address")).toInt() == 5);
    CHECK(health[0].value(QStringLiteral("kind")).toString() == QStringLiteral("windowBoard"));
    CHECK(health[0].value(QStringLiteral("answering")) == QJsonValue(false));
    CHECK(health[1].value(QStringLiteral("answering")) == QJsonValue(true));
}
