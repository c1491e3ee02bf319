// The city's copy of the halls' trails in a real PostgreSQL: what the central checks catch, the
// report's figures worked out by hand, the relay through a day without the link, and three
// controllers streaming while PostgreSQL stops and a controller is killed.
#include "backups.h"
#include "catchqt.h"
#include "cityreport.h"
#include "controllerprocess.h"
#include "migrations.h"
#include "postgresserver.h"
#include "relay.h"
#include "testhall.h"
#include "trail.h"

#include <catch2/catch.hpp>

#include <QApplication>
#include <QElapsedTimer>
#include <QFile>
#include <QJsonDocument>
#include <QThread>

using namespace qh;
using namespace Qt::Literals::StringLiterals;

namespace {

// Sends the hall's events after the city's cursor, in batches of `batch`.
sync::Acknowledgement shipAll(test::TestHall& hall, const test::PostgresServer& pg, int batch = 500)
{
    sync::CityLink link({pg.conninfo(), {}, batch, 1000}, {});
    const sync::HallIdentity identity = sync::hallIdentity(hall.service->hall(), *hall.database);
    sync::Acknowledgement ack{link.join(identity), {}};
    for (;;) {
        const std::vector<db::TrailEvent> events = db::readTrail(*hall.database, ack.seq, batch);
        if (events.empty() || !ack.stopped.isEmpty())
            return ack;
        const std::int64_t before = ack.seq;
        ack = link.send(identity, events);
        if (ack.seq == before)
            return ack;
    }
}

// The city's copy of the hall's trail, as (seq, hash), and the hall's own.
std::vector<std::pair<std::int64_t, QByteArray>> cityTrail(const test::PostgresServer& pg,
                                                           const QString& hall)
{
    std::vector<std::pair<std::int64_t, QByteArray>> trail;
    for (const QStringList& row : pg.query(u"SELECT seq, hash FROM trail($1)"_s, {hall}))
        trail.emplace_back(row[0].toLongLong(), row[1].toLatin1());
    return trail;
}

std::vector<std::pair<std::int64_t, QByteArray>> hallTrail(db::Database& db)
{
    std::vector<std::pair<std::int64_t, QByteArray>> trail;
    for (const db::TrailEvent& e : db::readTrail(db, 0, 10'000'000))
        trail.emplace_back(e.seq, e.hash);
    return trail;
}

std::vector<std::pair<std::int64_t, QByteArray>> hallTrail(const QString& path)
{
    db::Database db(path, db::Database::Mode::ReadOnly);
    return hallTrail(db);
}

// A ticket through the window: called `waitSeconds` after its issue, served, rated.
void serve(test::TestHall& hall, int window, std::int64_t issuedAt, int waitSeconds, int rating,
           const std::function<void()>& whileServing = {})
{
    hall.clock.set(issuedAt + waitSeconds * 1000LL);
    REQUIRE(hall.service->callNext(window, hall.actor));
    hall.service->start(window, hall.actor);
    if (whileServing)
        whileServing();
    hall.clock.advanceSeconds(60);
    hall.service->complete(window, hall.actor);
    hall.service->rate(window, rating, hall.actor);
}

std::int64_t count(const test::PostgresServer& pg, const QString& sql)
{
    return pg.query(sql)[0][0].toLongLong();
}

bool waitFor(const std::function<bool()>& done, int timeoutMs)
{
    QElapsedTimer timer;
    timer.start();
    while (!done()) {
        if (timer.elapsed() > timeoutMs)
            return false;
        QCoreApplication::processEvents(QEventLoop::AllEvents, 50);
        QThread::msleep(20);
    }
    return true;
}

} // namespace

TEST_CASE("the city's report of a hand-built pair of halls, sent whole and event by event")
{
    test::ensureGuiApp<QApplication>(); // the HTML report draws charts
    // Event by event, each call and each case's end comes in a later batch than its ticket.
    const int batch = GENERATE(500, 1);
    test::PostgresServer pg;
    // Hall A: waits of 10, 20 and 30 minutes, ratings 5, 4 and 1; two cases, one finished the same
    // day and one left open past its due day (a 即办件 is due the day it is accepted).
    test::TestHall a;
    std::vector<std::int64_t> issued;
    for (int i = 0; i < 3; ++i)
        issued.push_back(a.take(u"id-card"_s).issuedAt);
    serve(a, 1, issued[0], 600, 5, [&] {
        const QString serial = a.service->acceptCase(1, u"id-card"_s, a.actor).record.serial;
        a.service->completeCase(serial, engine::CaseResult::Approved, {}, a.actor);
    });
    QDate due;
    serve(a, 1, issued[1], 1200, 4,
          [&] { due = a.service->acceptCase(1, u"id-card"_s, a.actor).record.dueDay; });
    serve(a, 1, issued[2], 1800, 1);
    // Hall B: waits of 5 and 15 minutes, one rating of 2, no cases.
    QTemporaryDir dir;
    test::TestHall b(test::smallHallVariant(dir, "\"id\": \"small\"", "\"id\": \"hall-b\""));
    const std::int64_t b1 = b.take(u"id-card"_s).issuedAt;
    const std::int64_t b2 = b.take(u"id-card"_s).issuedAt;
    serve(b, 1, b1, 300, 2);
    b.clock.set(b2 + 900'000);
    REQUIRE(b.service->callNext(1, b.actor));

    CHECK(shipAll(a, pg, batch).stopped.isEmpty());
    CHECK(shipAll(b, pg, batch).stopped.isEmpty());
    sync::PgConnection city(pg.conninfo());
    const sync::CityReport report =
        sync::cityReport(city, QDate(2026, 11, 1), QDate(2026, 11, 30), due.addDays(1));
    REQUIRE(report.halls.size() == 2);
    const sync::CityFigures& ha = report.halls[1]; // "small" sorts after "hall-b"
    const sync::CityFigures& hb = report.halls[0];
    CHECK(ha.hallId == u"small"_s);
    CHECK(ha.nameZh == u"测试大厅"_s);
    CHECK(ha.tickets == 3);
    CHECK(ha.served == 3);
    CHECK(*ha.waitMeanMinutes() == Approx(20.0));
    CHECK(ha.rated == 3);
    CHECK(*ha.satisfaction() == Approx(2.0 / 3.0));
    CHECK(ha.bad == 1);
    CHECK(ha.accepted == 2);
    CHECK(*ha.sameDayRate() == Approx(0.5));
    CHECK(*ha.onTimeRate() == Approx(1.0));
    CHECK(ha.overdue == 1);
    CHECK(hb.hallId == u"hall-b"_s);
    CHECK(hb.tickets == 2);
    CHECK(hb.served == 1);
    CHECK(*hb.waitMeanMinutes() == Approx(10.0));
    CHECK(*hb.satisfaction() == Approx(0.0));
    CHECK(hb.bad == 1);
    CHECK_FALSE(hb.sameDayRate());
    CHECK(report.total.tickets == 5);
    CHECK(*report.total.waitMeanMinutes() == Approx(16.0));
    CHECK(*report.total.satisfaction() == Approx(0.5));
    CHECK(report.total.overdue == 1);
    REQUIRE(report.days.size() == 1);
    CHECK(report.days[0].day == QDate(2026, 11, 25));
    // Judged on its due day, the open case is not yet overdue; another month is empty.
    CHECK(sync::cityReport(city, QDate(2026, 11, 1), QDate(2026, 11, 30), due).total.overdue == 0);
    CHECK(sync::cityReport(city, QDate(2026, 12, 1), QDate(2026, 12, 31), QDate(2026, 12, 31))
              .total.tickets == 0);

    const QString csv = QString::fromUtf8(sync::cityReportCsv(report));
    CHECK(csv.contains(
        u"2026-11-01,2026-11-30,small,测试大厅,3,3,20.0,3,66.7 %,1,2,50.0 %,100.0 %,1"_s));
    const QByteArray html = sync::cityReportHtml(report);
    CHECK(html.contains("受件即期办结率"));
    CHECK(html.count("data:image/png;base64,") == 3);

    // queuehall-city prints the same.
    QProcess cli;
    cli.start(test::binaryPath(u"queuehall-city"_s),
              {u"--conninfo"_s, pg.conninfo(), u"report"_s, u"--from"_s, u"2026-11-01"_s, u"--to"_s,
               u"2026-11-30"_s, u"--as-of"_s, due.addDays(1).toString(Qt::ISODate), u"--format"_s,
               u"csv"_s});
    REQUIRE(cli.waitForFinished(30'000));
    CHECK(cli.exitCode() == 0);
    CHECK(QString::fromUtf8(cli.readAllStandardOutput()) == csv);
}

TEST_CASE("a batch sent twice changes nothing")
{
    test::PostgresServer pg;
    test::TestHall hall;
    for (int i = 0; i < 5; ++i)
        hall.take(u"id-card"_s);
    const sync::HallIdentity identity = sync::hallIdentity(hall.service->hall(), *hall.database);
    sync::CityLink link({pg.conninfo(), {}, 500, 1000}, {});
    REQUIRE(link.join(identity) == 0);
    const std::vector<db::TrailEvent> batch = db::readTrail(*hall.database, 0, 500);
    const std::int64_t last = batch.back().seq;
    CHECK(link.send(identity, batch).seq == last);
    const sync::PgRows daily = pg.query(u"SELECT day, tickets FROM daily"_s);
    CHECK(daily.at(0).at(1) == u"5"_s);
    // Sent again, by this link or by a new one after a lost acknowledgement.
    CHECK(link.send(identity, batch).seq == last);
    sync::CityLink again({pg.conninfo(), {}, 500, 1000}, {});
    CHECK(again.join(identity) == last);
    CHECK(again.send(identity, batch).seq == last);
    // Copied in again behind the link's back, the batch is refused whole by the primary key.
    sync::PgConnection raw(pg.conninfo());
    const QString stream = pg.query(u"SELECT id FROM streams"_s)[0][0];
    try {
        raw.copyIn(u"COPY events FROM STDIN; SELECT * FROM ingest(%1, %2)"_s.arg(
                       raw.literal(identity.hallId), raw.literal(identity.epoch)),
                   sync::copyRows(batch, stream.toLatin1() + '\t'));
        FAIL("a batch copied in twice was taken");
    } catch (const sync::PgError& e) {
        CHECK(e.sqlState() == "23505");
    }
    CHECK(count(pg, u"SELECT count(*) FROM events"_s) == last);
    CHECK(pg.query(u"SELECT day, tickets FROM daily"_s) == daily);
    CHECK(count(pg, u"SELECT count(*) FROM alarms"_s) == 0);
    CHECK(cityTrail(pg, u"small"_s) == hallTrail(*hall.database));
}

TEST_CASE("an event altered at a hall or a gap in its trail stops that hall's ingest alone")
{
    test::PostgresServer pg;
    test::TestHall hall;
    QTemporaryDir dir;
    test::TestHall other(test::smallHallVariant(dir, "\"id\": \"small\"", "\"id\": \"other\""));
    for (int i = 0; i < 3; ++i) {
        hall.take(u"id-card"_s);
        other.take(u"id-card"_s);
    }
    REQUIRE(shipAll(hall, pg).stopped.isEmpty());
    const std::int64_t shipped = hall.sqlite().lastEventSeq();
    for (int i = 0; i < 3; ++i) {
        hall.take(u"id-card"_s);
        other.take(u"id-card"_s);
    }
    // Someone with the database file changes an event the city has not seen yet.
    const std::int64_t altered = shipped + 3;
    hall.database->execScript(
        u"DROP TRIGGER events_no_update; UPDATE events SET data = "
        "replace(data, 'id-card', 'residence') WHERE seq = %1"_s.arg(altered));
    const sync::Acknowledgement ack = shipAll(hall, pg);
    CHECK(ack.seq == altered - 1);
    CHECK(ack.stopped ==
          u"event %1 was altered: its hash does not match its content"_s.arg(altered));
    CHECK(count(pg, u"SELECT max(seq) FROM events"_s) == altered - 1);
    const sync::PgRows alarm = pg.query(u"SELECT hall_id, seq, problem FROM alarms"_s);
    REQUIRE(alarm.size() == 1);
    CHECK(alarm[0][0] == u"small"_s);
    CHECK(alarm[0][1].toLongLong() == altered);
    // Sending again does not get past it; the other hall streams on.
    CHECK(shipAll(hall, pg).seq == altered - 1);
    CHECK(shipAll(other, pg).stopped.isEmpty());
    CHECK(cityTrail(pg, u"other"_s) == hallTrail(*other.database));
    QProcess status;
    status.start(test::binaryPath(u"queuehall-city"_s),
                 {u"--conninfo"_s, pg.conninfo(), u"status"_s});
    REQUIRE(status.waitForFinished(30'000));
    CHECK(status.exitCode() == 1);
    CHECK(QString::fromUtf8(status.readAllStandardOutput()).contains(u"ALARM small"_s));

    // A gap: the next hall sends its events without one of them.
    QTemporaryDir dir3;
    test::TestHall gappy(test::smallHallVariant(dir3, "\"id\": \"small\"", "\"id\": \"gappy\""));
    gappy.take(u"id-card"_s);
    const sync::HallIdentity identity = sync::hallIdentity(gappy.service->hall(), *gappy.database);
    sync::CityLink link({pg.conninfo(), {}, 500, 1000}, {});
    link.join(identity);
    std::vector<db::TrailEvent> events = db::readTrail(*gappy.database, 0, 500);
    REQUIRE(events.size() >= 3);
    events.erase(events.begin() + 1);
    const sync::Acknowledgement gap = link.send(identity, events);
    CHECK(gap.seq == 1);
    CHECK(gap.stopped == u"event 3 came after event 1: the events between are missing"_s);
}

TEST_CASE("a hall restored from an older backup streams a new epoch, and nothing counts twice")
{
    test::PostgresServer pg;
    test::TestHall hall;
    for (int i = 0; i < 4; ++i)
        hall.take(u"id-card"_s);
    const sync::Acknowledgement first = shipAll(hall, pg);
    hall.service->cityAcknowledged(first.seq);
    const QString backup = hall.dir.filePath(u"backup.db"_s);
    hall.database->copyTo(backup);
    // After the backup: two more tickets reach the city, then the disk is lost.
    hall.take(u"id-card"_s);
    hall.take(u"id-card"_s);
    REQUIRE(shipAll(hall, pg).stopped.isEmpty());
    const QString epochBefore = db::cityCursor(*hall.database).epoch;
    hall.service.reset();
    hall.store.reset();
    hall.database.reset();
    db::replaceWithCopy(backup, hall.dbPath());
    hall.database = std::make_unique<db::Database>(hall.dbPath());
    db::migrate(*hall.database);
    const db::CityCursor cursor = db::cityCursor(*hall.database);
    CHECK(cursor.epoch != epochBefore);
    CHECK(cursor.epochBase == first.seq);
    hall.store = std::make_unique<db::Store>(*hall.database);
    hall.service = std::make_unique<service::HallService>(*hall.store, hall.clock);
    // The restored hall numbers its next events as the lost ones were numbered.
    hall.take(u"id-card"_s);
    REQUIRE(shipAll(hall, pg).stopped.isEmpty());
    CHECK(count(pg, u"SELECT count(*) FROM streams"_s) == 2);
    CHECK(cityTrail(pg, u"small"_s) == hallTrail(*hall.database));
    // Seven tickets were issued in all: four before the backup, two lost, one after the restore.
    CHECK(count(pg, u"SELECT sum(tickets) FROM daily"_s) == 7);
    CHECK(count(pg, u"SELECT count(*) FROM alarms"_s) == 0);
}

TEST_CASE("the relay: a day of traffic without the link, then PostgreSQL back")
{
    test::ensureQtApp();
    test::PostgresServer pg;
    test::TestHall hall(test::sourcePath(u"tests/data/small-hall.json"_s),
                        test::shanghai("2026-11-25 09:00"));
    pg.stop();
    sync::CityRelay relay(*hall.service, hall.dbPath(), {pg.conninfo(), {}, 500, 200}, {});
    service::CityLinkStatus& status = relay;
    relay.start();
    REQUIRE(waitFor([&] { return status.city().value(u"state"_s) == u"down"_s; }, 10'000));
    // A day of a busy hall: 1,000 tickets issued, called, served and rated at two windows, in
    // the morning and the afternoon sessions.
    for (int i = 0; i < 1000; ++i) {
        if (i == 500)
            hall.clock.set(test::shanghai("2026-11-25 13:00"));
        hall.take(i % 2 ? u"residence"_s : u"id-card"_s);
        const int window = 1 + i % 2;
        hall.clock.advanceSeconds(10);
        if (hall.service->callNext(window, hall.actor)) {
            hall.service->start(window, hall.actor);
            hall.service->complete(window, hall.actor);
            hall.service->rate(window, 5, hall.actor);
        }
    }
    QCoreApplication::processEvents();
    const std::int64_t last = hall.sqlite().lastEventSeq();
    CHECK(last > 6000);
    const QJsonObject behind = status.city();
    CHECK(behind.value(u"state"_s) == u"down"_s);
    CHECK(behind.value(u"lagEvents"_s).toInteger() == last);
    CHECK(behind.value(u"error"_s).toString().contains(u"connect"_s));
    pg.start();
    REQUIRE(waitFor([&] { return status.city().value(u"acknowledged"_s).toInteger() == last; },
                    60'000));
    CHECK(status.city().value(u"state"_s) == u"streaming"_s);
    CHECK(status.city().value(u"lagEvents"_s).toInteger() == 0);
    CHECK(cityTrail(pg, u"small"_s) == hallTrail(*hall.database));
    // The cursor is kept in the hall's store within a second.
    REQUIRE(waitFor([&] { return hall.store->cityAcknowledged() == last; }, 5'000));

    // Stopped by the city (as after an alarm), the hall says so; resumed, it streams on.
    pg.query(u"UPDATE halls SET stopped = 'checked by hand' WHERE hall_id = 'small'"_s);
    hall.take(u"id-card"_s);
    REQUIRE(waitFor([&] { return status.city().value(u"state"_s) == u"stopped"_s; }, 10'000));
    CHECK(status.city().value(u"error"_s) == u"checked by hand"_s);
    QProcess resume;
    resume.start(test::binaryPath(u"queuehall-city"_s),
                 {u"--conninfo"_s, pg.conninfo(), u"resume"_s, u"small"_s});
    REQUIRE(resume.waitForFinished(30'000));
    CHECK(resume.exitCode() == 0);
    hall.take(u"id-card"_s);
    REQUIRE(waitFor([&] { return status.city().value(u"lagEvents"_s).toInteger() == 0; }, 10'000));
    CHECK(status.city().value(u"state"_s) == u"streaming"_s);
    CHECK(cityTrail(pg, u"small"_s) == hallTrail(*hall.database));
}

TEST_CASE("three controllers stream at once while PostgreSQL stops and a controller is killed")
{
    test::ensureQtApp();
    test::PostgresServer pg;
    QTemporaryDir dir;
    QFile config(dir.filePath(u"controller.json"_s));
    REQUIRE(config.open(QIODevice::WriteOnly));
    config.write(QJsonDocument(QJsonObject{{u"ticketsPerMinute"_s, 100000},
                                           {u"city"_s, QJsonObject{{u"conninfo"_s, pg.conninfo()},
                                                                   {u"batchMs"_s, 200}}}})
                     .toJson());
    config.close();
    const QStringList serve = {u"--config"_s, config.fileName()};
    std::vector<std::unique_ptr<test::ControllerProcess>> halls;
    const QStringList ids = {u"east"_s, u"south"_s, u"west"_s};
    for (const QString& id : ids) {
        const QString file =
            test::smallHallVariant(dir, "\"id\": \"small\"", u"\"id\": \"%1\""_s.arg(id).toUtf8());
        QFile::rename(file, dir.filePath(id + u".json"_s));
        halls.push_back(std::make_unique<test::ControllerProcess>(dir.filePath(id + u".json"_s),
                                                                  "2026-11-25 10:00", serve));
    }
    const auto traffic = [&](int tickets) {
        for (int i = 0; i < tickets; ++i) {
            for (auto& h : halls)
                h->takeTicket(u"id-card"_s);
        }
    };
    const auto caughtUp = [&](test::ControllerProcess& h) {
        const QJsonObject city = h.connection()
                                     .send("GET", u"/api/v1/hall"_s, h.token(u"display"_s))
                                     .json()
                                     .value(u"city"_s)
                                     .toObject();
        return city.value(u"lagEvents"_s).toInteger() == 0 &&
               city.value(u"state"_s) == u"streaming"_s;
    };
    const auto allCaughtUp = [&] {
        return std::all_of(halls.begin(), halls.end(), [&](auto& h) { return caughtUp(*h); });
    };
    const auto sameTrails = [&] {
        for (std::size_t i = 0; i < halls.size(); ++i)
            CHECK(cityTrail(pg, ids[int(i)]) == hallTrail(halls[i]->dbPath()));
    };
    traffic(20);
    REQUIRE(waitFor(allCaughtUp, 30'000));
    sameTrails();

    // PostgreSQL stops in the middle of the stream; the halls go on issuing.
    traffic(5);
    pg.stop();
    traffic(20);
    const QJsonObject down = halls[0]
                                 ->connection()
                                 .send("GET", u"/api/v1/hall"_s, halls[0]->token(u"display"_s))
                                 .json()
                                 .value(u"city"_s)
                                 .toObject();
    CHECK(down.value(u"lagEvents"_s).toInteger() > 0);
    pg.start();
    REQUIRE(waitFor(allCaughtUp, 60'000));
    sameTrails();

    // A controller killed while it streams, and started again.
    traffic(10);
    halls[1]->kill();
    traffic(0);
    halls[1]->start();
    traffic(10);
    REQUIRE(waitFor(allCaughtUp, 60'000));
    sameTrails();
    CHECK(count(pg, u"SELECT sum(tickets) FROM daily"_s) == 3 * 65);
    CHECK(count(pg, u"SELECT count(*) FROM alarms"_s) == 0);

    QString out;
    CHECK(halls[2]->command({u"hall"_s, u"status"_s, u"--config"_s, config.fileName()}, {}, &out) ==
          0);
    CHECK(out.contains(u"City: the city holds the trail to event"_s));

    // The city's report through a hall's admin API: every hall, and the city's total.
    test::HttpConnection admin = halls[0]->connection();
    const QString admins = halls[0]->token(u"admin"_s);
    const test::HttpResponse report =
        admin.send("GET", u"/api/v1/city/report?from=2026-11-01&to=2026-11-30"_s, admins);
    REQUIRE(report.status == 200);
    const QJsonArray groups = report.json().value(u"groups"_s).toArray();
    REQUIRE(groups.size() == 3);
    CHECK(groups[0].toObject().value(u"key"_s) == u"east"_s);
    CHECK(groups[0].toObject().value(u"issued"_s).toInt() == 65);
    CHECK(report.json().value(u"total"_s).toObject().value(u"issued"_s).toInt() == 3 * 65);
    const test::HttpResponse csv = admin.send(
        "GET", u"/api/v1/city/report?from=2026-11-01&to=2026-11-30&format=csv"_s, admins);
    CHECK(csv.status == 200);
    CHECK(csv.body.count("\r\n") == 4);
    CHECK(
        admin.send("GET", u"/api/v1/city/report?from=2026-11-30&to=2026-11-01"_s, admins).status ==
        400);
    CHECK(admin
              .send("GET", u"/api/v1/city/report?from=2026-11-01&to=2026-11-30"_s,
                    halls[0]->token(u"display"_s))
              .status == 403);
    // With the city's database gone, the report says so at once.
    pg.stop();
    traffic(1); // the relay learns of the loss when it next sends
    REQUIRE(waitFor(
        [&] {
            return admin.send("GET", u"/api/v1/hall"_s, admins)
                       .json()
                       .value(u"city"_s)
                       .toObject()
                       .value(u"state"_s) == u"down"_s;
        },
        30'000));
    const test::HttpResponse unavailable =
        admin.send("GET", u"/api/v1/city/report?from=2026-11-01&to=2026-11-30"_s, admins);
    CHECK(unavailable.status == 503);
    CHECK(unavailable.errorCode() == u"city_unavailable"_s);
}

TEST_CASE("the link verifies the city's certificate, signs in from the password file, and never "
          "shows the password")
{
    test::PostgresServer pg;
    const QString tcp = pg.serveTls(u"city-secret-7Q"_s);
    QTemporaryDir dir;
    const QString passwordFile = dir.filePath(u"city-password"_s);
    QFile file(passwordFile);
    REQUIRE(file.open(QIODevice::WriteOnly));
    file.write("city-secret-7Q\n");
    file.close();
    QFile::setPermissions(passwordFile, QFile::ReadOwner | QFile::WriteOwner);
    const QJsonObject city{
        {u"conninfo"_s, tcp + u" sslmode=verify-full sslrootcert=%1"_s.arg(pg.caFile())},
        {u"passwordFile"_s, passwordFile}};
    const sync::CitySettings settings = sync::citySettings(city, u"test"_s);
    sync::CityLink link(settings, sync::cityPassword(settings));
    CHECK(link.encrypted());
    test::TestHall hall;
    hall.take(u"id-card"_s);
    CHECK(link.join(sync::hallIdentity(hall.service->hall(), *hall.database)) == 0);

    // A wrong password is refused, and the message does not carry it.
    try {
        sync::CityLink wrong(settings, u"not-the-secret"_s);
        FAIL("a wrong password was taken");
    } catch (const sync::PgError& e) {
        CHECK(QString::fromUtf8(e.what()).contains(u"password authentication failed"_s));
        CHECK_FALSE(QString::fromUtf8(e.what()).contains(u"not-the-secret"_s));
    }
    // A server whose certificate another CA signed is not the city's.
    QProcess openssl;
    const QString otherCa = dir.filePath(u"other-ca.pem"_s);
    openssl.start(u"openssl"_s, {u"req"_s, u"-x509"_s, u"-newkey"_s, u"rsa:2048"_s, u"-nodes"_s,
                                 u"-keyout"_s, dir.filePath(u"other.key"_s), u"-out"_s, otherCa,
                                 u"-days"_s, u"2"_s, u"-subj"_s, u"/CN=someone else"_s});
    REQUIRE(openssl.waitForFinished(60'000));
    try {
        sync::CityLink impostor(
            {tcp + u" sslmode=verify-full sslrootcert=%1"_s.arg(otherCa), {}, 500, 1000},
            sync::cityPassword(settings));
        FAIL("a server with another CA's certificate was taken");
    } catch (const sync::PgError& e) {
        CHECK(QString::fromUtf8(e.what()).contains(u"certificate verify failed"_s));
    }

    // Settings that would leak the password are refused before anything connects.
    QFile::setPermissions(passwordFile, QFile::ReadOwner | QFile::WriteOwner | QFile::ReadOther);
    CHECK_THROWS_WITH(sync::citySettings(city, u"test"_s),
                      Catch::Contains("is open to others (mode 0604)"));
    CHECK_THROWS_WITH(
        sync::citySettings({{u"conninfo"_s, tcp + u" password=city-secret-7Q"_s}}, u"test"_s),
        Catch::Contains("it holds a password"));
    CHECK_THROWS_WITH(
        sync::citySettings({{u"conninfo"_s, u"host=x"_s}, {u"batch"_s, 5}}, u"test"_s),
        Catch::Contains("unknown city setting 'batch'"));
}
