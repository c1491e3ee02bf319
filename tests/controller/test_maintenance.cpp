// A hall machine's upkeep as a technician runs it: setup, backup (under load), restore and doctor,
// and the daemon's readiness and watchdog messages to systemd.
#include "acknowledged.h"
#include "backups.h"
#include "controllerprocess.h"
#include "database.h"
#include "fakeprinter.h"
#include "testhall.h"

#include <csignal>
#include <cstring>
#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>

#include <QDir>
#include <QElapsedTimer>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QTemporaryDir>
#include <QThread>

using namespace qh;
using namespace qh::test;
using namespace Qt::Literals::StringLiterals;

namespace {

struct Run
{
    int exitCode = -1;
    QString out;
};

Run controller(const QStringList& args, const QStringList& environment = {})
{
    QProcess p;
    QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    for (const QString& e : environment)
        env.insert(e.section(u'=', 0, 0), e.section(u'=', 1));
    p.setProcessEnvironment(env);
    p.start(binaryPath(u"queuehall-controller"_s), args);
    REQUIRE(p.waitForFinished(60'000));
    return {p.exitCode(), QString::fromUtf8(p.readAllStandardOutput() + p.readAllStandardError())};
}

QString smallHallFile()
{
    return sourcePath(u"tests/data/small-hall.json"_s);
}

// A database of the small hall, made by `setup`, with a kiosk settings file beside it.
struct SetUpHall
{
    QTemporaryDir dir;
    QString db = dir.filePath(u"state/queuehall.db"_s);
    QString kioskConfig = dir.filePath(u"kiosk.json"_s);
    Run setup;

    explicit SetUpHall(const QString& printer = u"virtual:///tmp"_s)
    {
        QFile config(kioskConfig);
        REQUIRE(config.open(QIODevice::WriteOnly));
        config.write(
            QJsonDocument(QJsonObject{{u"printer"_s, printer}, {u"token"_s, u""_s}}).toJson());
        config.close();
        setup = controller({u"--db"_s, db, u"setup"_s, u"--hall"_s, smallHallFile(),
                            u"--kiosk-config"_s, kioskConfig, u"--displays"_s, u"2"_s, u"--url"_s,
                            u"http://10.0.0.5:8470"_s});
        REQUIRE(setup.exitCode == 0);
    }

    QJsonObject kioskSettings() const
    {
        QFile config(kioskConfig);
        REQUIRE(config.open(QIODevice::ReadOnly));
        return QJsonDocument::fromJson(config.readAll()).object();
    }
};

// The tickets a database holds.
int ticketCount(const QString& path)
{
    db::Database database(path, db::Database::Mode::ReadOnly);
    auto q = database.prepare("SELECT count(*) FROM tickets");
    q.step();
    return q.integer(0);
}

} // namespace

TEST_CASE("setup makes the database, the first admin and a token for every device, once")
{
    SetUpHall hall;
    const QString& out = hall.setup.out;
    CHECK(out.contains(u"staff number 0001, password "_s));
    CHECK(out.contains(u"http://10.0.0.5:8470/admin"_s));
    // The small hall's four windows each get a caller URL, and the two displays a URL and a QR.
    for (int window = 1; window <= 4; ++window)
        CHECK(out.contains(
            u"window %1 caller  http://10.0.0.5:8470/caller?access_token=qh_"_s.arg(window)));
    CHECK(out.count(u"/display?access_token=qh_"_s) == 2);
    CHECK(out.contains(u"█"_s));
    // The kiosk on this machine got its token.
    const QString token = hall.kioskSettings().value(u"token"_s).toString();
    CHECK(token.startsWith(u"qh_"_s));
    CHECK(out.contains(u"kiosk 1     %1  (written to %2)"_s.arg(token, hall.kioskConfig)));
    const Run devices = controller({u"--db"_s, hall.db, u"device"_s, u"list"_s});
    CHECK(devices.out.count(u'\n') == 1 + 2 + 4);

    // A second setup is refused and changes nothing.
    const Run again = controller({u"--db"_s, hall.db, u"setup"_s, u"--hall"_s, smallHallFile(),
                                  u"--kiosk-config"_s, hall.kioskConfig});
    CHECK(again.exitCode == 3);
    CHECK(again.out.contains(u"is set up already"_s));
    CHECK(hall.kioskSettings().value(u"token"_s).toString() == token);
    CHECK(controller({u"--db"_s, hall.db, u"device"_s, u"list"_s}).out.count(u'\n') == 7);
}

TEST_CASE("setup refuses a wrong hall file and leaves nothing behind")
{
    QTemporaryDir dir;
    const QString bad = smallHallVariant(dir, "\"prefix\": \"A\"", "\"prefixx\": \"A\"");
    const QString db = dir.filePath(u"state/queuehall.db"_s);
    const Run run = controller({u"--db"_s, db, u"setup"_s, u"--hall"_s, bad});
    CHECK(run.exitCode == 3);
    CHECK(run.out.contains(u"prefixx"_s));
    CHECK_FALSE(QFile::exists(db));
}

TEST_CASE("a backup taken under issuing and calling holds everything acknowledged before it, "
          "passes its checks and restores")
{
    ControllerProcess c(smallHallFile(), "2026-11-25 10:00", {u"--rate-limit"_s, u"100000"_s});
    QTemporaryDir out;
    const QString copy = out.filePath(u"copy.db"_s);
    std::vector<std::unique_ptr<HttpConnection>> lanes;
    for (int window = 1; window <= 4; ++window)
        lanes.push_back(std::make_unique<HttpConnection>(c.port()));
    Acknowledged acks;
    Acknowledged beforeBackup;
    int key = 0;
    // One round: a ticket issued and printed on every lane, then each window calls, starts and
    // completes its next ticket.
    const auto round = [&] {
        std::vector<int> ids;
        for (auto& lane : lanes)
            lane->write("POST", u"/api/v1/tickets"_s, c.token(u"kiosk"_s),
                        R"({"service": "id-card"})",
                        {{"Idempotency-Key", QByteArray::number(++key)}});
        for (auto& lane : lanes) {
            const HttpResponse r = lane->readResponse(5000);
            REQUIRE(r.status == 201);
            ids.push_back(r.json().value(u"id"_s).toInt());
            acks.issued[ids.back()] = r.json().value(u"number"_s).toString();
        }
        // Each window calls the next ticket of its own services (some serve no ID cards): the
        // steps that succeed are acknowledged.
        for (std::size_t i = 0; i < lanes.size(); ++i)
            lanes[i]->write("POST", u"/api/v1/tickets/%1/printed"_s.arg(ids[i]),
                            c.token(u"kiosk"_s));
        for (std::size_t i = 0; i < lanes.size(); ++i) {
            REQUIRE(lanes[i]->readResponse(5000).status == 200);
            acks.confirmed.insert(ids[i]);
        }
        for (const char* step : {"call-next", "start", "complete"}) {
            for (std::size_t i = 0; i < lanes.size(); ++i)
                lanes[i]->write("POST",
                                u"/api/v1/windows/%1/%2"_s.arg(i + 1).arg(QLatin1StringView(step)),
                                c.token(u"caller%1"_s.arg(i + 1)));
            for (auto& lane : lanes) {
                const HttpResponse r = lane->readResponse(5000);
                REQUIRE(r.status != 0);
                const int id = r.json().value(u"id"_s).toInt();
                if (r.status == 200 && QByteArray(step) == "call-next")
                    acks.called.insert(id);
                if (r.status == 200 && QByteArray(step) == "complete")
                    acks.completed.insert(id);
            }
        }
    };
    for (int i = 0; i < 20; ++i)
        round();

    // The backup runs beside the load: what was acknowledged before it started must be in it.
    beforeBackup = acks;
    QProcess backup;
    backup.start(binaryPath(u"queuehall-controller"_s), {u"--db"_s, c.dbPath(), u"backup"_s, copy});
    REQUIRE(backup.waitForStarted());
    int roundsDuring = 0;
    while (!backup.waitForFinished(0)) {
        round();
        ++roundsDuring;
    }
    for (int i = 0; i < 5; ++i)
        round();
    INFO(QString::fromUtf8(backup.readAllStandardOutput() + backup.readAllStandardError())
             .toStdString());
    REQUIRE(backup.exitCode() == 0);
    WARN(roundsDuring << " rounds of 20 requests were answered while the backup ran");
    REQUIRE(beforeBackup.completed.size() >= 20);

    const Run verified = controller({u"--db"_s, copy, u"audit"_s, u"verify"_s});
    CHECK(verified.exitCode == 0);
    CHECK(verified.out.contains(u"audit trail intact"_s));
    CHECK(db::inspectCopy(copy).integrity == u"ok"_s);
    const int copied = ticketCount(copy);
    CHECK(copied >= int(beforeBackup.issued.size()));
    checkAcknowledged(copy, beforeBackup);

    // Restore is refused while the controller serves, and then puts the copy back.
    const Run refused = controller({u"--db"_s, c.dbPath(), u"restore"_s, copy});
    CHECK(refused.exitCode == 3);
    CHECK(refused.out.contains(u"stop it first"_s));
    c.stop();
    const int served = ticketCount(c.dbPath());
    CHECK(served == int(acks.issued.size()));
    const Run restored = controller({u"--db"_s, c.dbPath(), u"restore"_s, copy});
    INFO(restored.out.toStdString());
    CHECK(restored.exitCode == 0);
    CHECK(restored.out.contains(u"audit trail intact"_s));
    CHECK(ticketCount(c.dbPath()) == copied);
    checkAcknowledged(c.dbPath(), beforeBackup);
    // The database it replaced is kept, with every ticket it had.
    const QStringList replaced =
        QDir(db::backupFolder(c.dbPath())).entryList({u"replaced-*.db"_s}, QDir::Files);
    REQUIRE(replaced.size() == 1);
    CHECK(ticketCount(QDir(db::backupFolder(c.dbPath())).filePath(replaced[0])) == served);
    // The controller serves the restored database.
    c.start();
    CHECK(c.connection().send("GET", u"/api/v1/health"_s).status == 200);
}

TEST_CASE("restore refuses a damaged copy, another hall's, a newer schema's or no database at all")
{
    SetUpHall hall;
    QTemporaryDir dir;
    const QString good = dir.filePath(u"good.db"_s);
    REQUIRE(controller({u"--db"_s, hall.db, u"backup"_s, good}).exitCode == 0);
    const auto refuses = [&](const QString& copy, const QString& why) {
        const int before = ticketCount(hall.db);
        const Run run = controller({u"--db"_s, hall.db, u"restore"_s, copy});
        INFO(run.out.toStdString());
        CHECK(run.exitCode == 3);
        CHECK(run.out.contains(why));
        CHECK(ticketCount(hall.db) == before);
        CHECK_FALSE(QDir(db::backupFolder(hall.db)).exists());
    };

    SECTION("damaged")
    {
        const QString damaged = dir.filePath(u"damaged.db"_s);
        REQUIRE(QFile::copy(good, damaged));
        QFile f(damaged);
        REQUIRE(f.open(QIODevice::ReadWrite));
        REQUIRE(f.seek(f.size() / 2));
        f.write(QByteArray(4096 * 3, '\x5a'));
        f.close();
        refuses(damaged, u"integrity"_s);
    }
    SECTION("another hall")
    {
        const QString other = dir.filePath(u"other/queuehall.db"_s);
        const QString hallFile = smallHallVariant(dir, "\"id\": \"small\"", "\"id\": \"other\"");
        REQUIRE(controller({u"--db"_s, other, u"init"_s, u"--hall"_s, hallFile}).exitCode == 0);
        refuses(other, u"holds hall 'other'"_s);
    }
    SECTION("a newer schema")
    {
        const QString newer = dir.filePath(u"newer.db"_s);
        REQUIRE(QFile::copy(good, newer));
        {
            db::Database database(newer);
            database.execScript(u"INSERT INTO schema_migrations VALUES (999, 'future', 'x')"_s);
        }
        refuses(newer, u"schema version 999"_s);
    }
    SECTION("not a database")
    {
        const QString text = dir.filePath(u"notes.txt"_s);
        QFile f(text);
        REQUIRE(f.open(QIODevice::WriteOnly));
        f.write(QByteArray(8192, 'x'));
        f.close();
        const Run run = controller({u"--db"_s, hall.db, u"restore"_s, text});
        CHECK(run.exitCode == 3);
        CHECK(run.out.contains(u"not a database"_s));
        const Run missing =
            controller({u"--db"_s, hall.db, u"restore"_s, dir.filePath(u"gone.db"_s)});
        CHECK(missing.exitCode == 3);
        CHECK(missing.out.contains(u"no such file"_s));
    }
}

TEST_CASE("the backup folder keeps the newest copies it is told to")
{
    SetUpHall hall;
    for (int i = 0; i < 3; ++i) {
        if (i > 0)
            QThread::msleep(1100); // the copies are named by the second
        const Run run = controller({u"--db"_s, hall.db, u"backup"_s, u"--keep"_s, u"2"_s});
        CHECK(run.exitCode == 0);
        CHECK(run.out.contains(u"schema "_s));
    }
    const QStringList copies =
        QDir(db::backupFolder(hall.db)).entryList({u"daily-*.db"_s}, QDir::Files, QDir::Name);
    CHECK(copies.size() == 2);
    for (const QString& name : copies)
        CHECK(db::inspectCopy(QDir(db::backupFolder(hall.db)).filePath(name)).integrity == u"ok"_s);
}

TEST_CASE("doctor says in one line each what is wrong and what to do")
{
    FakePrinter printer;
    SetUpHall hall(u"tcp://127.0.0.1:%1"_s.arg(printer.port()));
    const auto doctor = [&](quint16 port) {
        return controller({u"--db"_s, hall.db, u"--port"_s, QString::number(port), u"doctor"_s,
                           u"--kiosk-config"_s, hall.kioskConfig});
    };
    const auto line = [](const Run& run, const QString& what) {
        for (const QString& l : run.out.split(u'\n')) {
            if (l.mid(6).startsWith(what))
                return l;
        }
        return QString();
    };

    SECTION("a healthy hall with its controller stopped")
    {
        const Run run = doctor(1);
        INFO(run.out.toStdString());
        CHECK(run.exitCode == 1);
        CHECK(line(run, u"database"_s).startsWith(u"ok"_s));
        CHECK(line(run, u"database"_s).contains(u"hall small"_s));
        CHECK(line(run, u"controller"_s).startsWith(u"FAIL"_s));
        CHECK(line(run, u"controller"_s).contains(u"systemctl status queuehall-controller"_s));
        CHECK(line(run, u"disk"_s).contains(u"MB free in "_s));
        CHECK_FALSE(line(run, u"clock"_s).isEmpty());
        CHECK(line(run, u"audio"_s).startsWith(u"ok"_s));
        CHECK(line(run, u"printer"_s).startsWith(u"ok"_s));
        CHECK(line(run, u"printer"_s).contains(u"ready"_s));
    }
    SECTION("the printer is out of paper")
    {
        escpos::PrinterStatus status;
        status.paperEnd = true;
        printer.setStatus(status);
        const Run run = doctor(1);
        CHECK(run.exitCode == 1);
        CHECK(line(run, u"printer"_s).startsWith(u"FAIL"_s));
        CHECK(line(run, u"printer"_s).contains(u"check paper"_s));
    }
    SECTION("the database is missing")
    {
        const Run run = controller({u"--db"_s, hall.dir.filePath(u"none.db"_s), u"doctor"_s,
                                    u"--kiosk-config"_s, hall.kioskConfig});
        CHECK(run.exitCode == 1);
        CHECK(line(run, u"database"_s).startsWith(u"FAIL"_s));
        CHECK(line(run, u"database"_s).contains(u"run 'queuehall-controller setup'"_s));
    }
}

TEST_CASE("doctor finds the controller serving and names a missing serial adapter and modem")
{
    QTemporaryDir dir;
    QJsonObject bus{{u"port"_s, u"/dev/queuehall/rs485-gone"_s},
                    {u"devices"_s, QJsonArray{serialDevice(1, "keypad", 1)}}};
    const QString hallFile = hallWithSection(dir, smallHallFile(), u"serial"_s, QJsonArray{bus});
    const QString withModem = hallWithSection(
        dir, hallFile, u"sms"_s, QJsonObject{{u"port"_s, u"/dev/queuehall/modem-02"_s}});
    ControllerProcess c(withModem);
    const Run run = controller({u"--db"_s, c.dbPath(), u"--port"_s, QString::number(c.port()),
                                u"doctor"_s, u"--kiosk-config"_s, dir.filePath(u"none.json"_s)});
    INFO(run.out.toStdString());
    CHECK(run.exitCode == 1);
    CHECK(run.out.contains(u"ok    controller  answers on port %1"_s.arg(c.port())));
    CHECK(run.out.contains(u"FAIL  serial      /dev/queuehall/rs485-gone is missing — plug the "
                           "RS-485 adapter in"_s));
    CHECK(run.out.contains(u"FAIL  modem       /dev/queuehall/modem-02 is missing"_s));
    CHECK(run.out.contains(u"ok    printer     no kiosk on this machine"_s));
}

TEST_CASE("the daemon tells systemd it is ready and feeds the watchdog from its event loop")
{
    QTemporaryDir dir;
    const QString socketPath = dir.filePath(u"notify"_s);
    const int fd = ::socket(AF_UNIX, SOCK_DGRAM | SOCK_CLOEXEC, 0);
    REQUIRE(fd >= 0);
    sockaddr_un address{};
    address.sun_family = AF_UNIX;
    const QByteArray path = QFile::encodeName(socketPath);
    REQUIRE(std::size_t(path.size()) < sizeof(address.sun_path));
    std::memcpy(address.sun_path, path.constData(), std::size_t(path.size()));
    REQUIRE(::bind(fd, reinterpret_cast<sockaddr*>(&address), sizeof(address)) == 0);
    timeval timeout{2, 0};
    ::setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &timeout, sizeof(timeout));

    ControllerProcess c(smallHallFile(), "2026-11-25 10:00", {}, 1,
                        {u"NOTIFY_SOCKET="_s + socketPath, u"WATCHDOG_USEC=400000"_s});
    QStringList messages;
    QElapsedTimer clock;
    clock.start();
    while (messages.count(u"WATCHDOG=1"_s) < 4 && clock.elapsed() < 10'000) {
        char buffer[256];
        const ssize_t n = ::recv(fd, buffer, sizeof(buffer), 0);
        if (n > 0)
            messages << QString::fromUtf8(buffer, n);
    }
    CHECK(messages.contains(u"READY=1"_s));
    CHECK(messages.count(u"WATCHDOG=1"_s) >= 4);
    // Stopped, the loop feeds nothing: the watchdog would fire.
    ::kill(pid_t(c.process().processId()), SIGSTOP);
    char buffer[256];
    while (::recv(fd, buffer, sizeof(buffer), MSG_DONTWAIT) > 0) {
    }
    CHECK(::recv(fd, buffer, sizeof(buffer), 0) < 0); // nothing within the 2 s timeout
    ::kill(pid_t(c.process().processId()), SIGCONT);
    c.stop();
    ::close(fd);
}
