// Migrations: fresh, current, newer and failed upgrades.
#include "backups.h"
#include "database.h"
#include "migrations.h"
#include "testhall.h"

#include <QDir>
#include <QTemporaryDir>

using namespace qh::db;

namespace {

bool tableExists(Database& db, const char* name)
{
    auto q = db.prepare("SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name = ?");
    q.bind(1, QString::fromLatin1(name));
    q.step();
    return q.integer(0) == 1;
}

} // namespace

TEST_CASE("a fresh database gets every built-in migration and records each version")
{
    QTemporaryDir dir;
    Database db(dir.filePath(QStringLiteral("t.db")));
    const auto migrations = builtinMigrations();
    REQUIRE(!migrations.empty());
    CHECK(migrations.front().version == 1);
    migrate(db);
    CHECK(schemaVersion(db) == migrations.back().version);
    CHECK(tableExists(db, "tickets"));
    CHECK(tableExists(db, "events"));
}

TEST_CASE("migrating a current database changes nothing")
{
    QTemporaryDir dir;
    Database db(dir.filePath(QStringLiteral("t.db")));
    migrate(db);
    db.execScript(QStringLiteral("INSERT INTO hall_meta VALUES ('probe', 'kept')"));
    migrate(db);
    auto q = db.prepare("SELECT count(*) FROM schema_migrations");
    q.step();
    CHECK(q.integer(0) == int(builtinMigrations().size()));
    auto probe = db.prepare("SELECT value FROM hall_meta WHERE key = 'probe'");
    REQUIRE(probe.step());
    CHECK(probe.text(0) == QStringLiteral("kept"));
}

TEST_CASE("an upgrade keeps a copy of the database as it was, and a fresh one needs none")
{
    QTemporaryDir dir;
    Database db(dir.filePath(QStringLiteral("t.db")));
    std::vector<Migration> older = builtinMigrations();
    const int latest = older.back().version;
    older.resize(older.size() - 1);
    migrate(db, older);
    CHECK_FALSE(QDir(backupFolder(db.path())).exists());
    db.execScript(QStringLiteral("INSERT INTO hall_meta VALUES ('probe', 'before')"));

    migrate(db);
    const QStringList copies =
        QDir(backupFolder(db.path()))
            .entryList({QStringLiteral("before-schema-%1-*.db").arg(latest)}, QDir::Files);
    REQUIRE(copies.size() == 1);
    const CopyFacts facts = inspectCopy(QDir(backupFolder(db.path())).filePath(copies[0]));
    CHECK(facts.integrity == QStringLiteral("ok"));
    CHECK(facts.schemaVersion == latest - 1);
    CHECK(schemaVersion(db) == latest);
    Database copy(QDir(backupFolder(db.path())).filePath(copies[0]), Database::Mode::ReadOnly);
    auto probe = copy.prepare("SELECT value FROM hall_meta WHERE key = 'probe'");
    REQUIRE(probe.step());
    CHECK(probe.text(0) == QStringLiteral("before"));
}

TEST_CASE("a database newer than the program is refused and left alone")
{
    QTemporaryDir dir;
    Database db(dir.filePath(QStringLiteral("t.db")));
    migrate(db);
    db.execScript(
        QStringLiteral("INSERT INTO schema_migrations VALUES (999, '0999_future.sql', 'later')"));
    CHECK_THROWS_WITH(migrate(db), Catch::Contains("version 999 is newer"));
    CHECK(schemaVersion(db) == 999);
}

TEST_CASE("a failing migration is rolled back whole and names itself")
{
    QTemporaryDir dir;
    Database db(dir.filePath(QStringLiteral("t.db")));
    std::vector<Migration> list = {
        {1, QStringLiteral("0001_base.sql"), QStringLiteral("CREATE TABLE a (x INTEGER);")},
        {2, QStringLiteral("0002_broken.sql"),
         QStringLiteral("CREATE TABLE b (y INTEGER); INSERT INTO nowhere VALUES (1);")},
    };
    CHECK_THROWS_WITH(migrate(db, list),
                      Catch::Contains("0002_broken.sql failed") && Catch::Contains("nowhere"));
    CHECK(schemaVersion(db) == 1);
    CHECK(tableExists(db, "a"));
    CHECK_FALSE(tableExists(db, "b"));

    list[1].sql = QStringLiteral("CREATE TABLE b (y INTEGER);");
    migrate(db, list);
    CHECK(schemaVersion(db) == 2);
    CHECK(tableExists(db, "b"));
}

TEST_CASE("four-level ratings move to the five-level 好差评 scale with their words kept")
{
    QTemporaryDir dir;
    Database db(dir.filePath(QStringLiteral("t.db")));
    std::vector<Migration> upToCases = builtinMigrations();
    upToCases.resize(5); // 0001 .. 0005: ratings 4 非常满意 .. 1 不满意
    migrate(db, upToCases);
    db.execScript(
        QStringLiteral("PRAGMA foreign_keys=OFF;"
                       "INSERT INTO ratings (ticket_id, window, rating, rated_at) VALUES "
                       "(1, 3, 4, 100), (2, 3, 3, 101), (3, 3, 2, 102), (4, 3, 1, 103);"));
    migrate(db);
    std::vector<std::pair<int, QString>> ratings;
    auto q = db.prepare("SELECT rating, channel FROM ratings ORDER BY ticket_id");
    while (q.step())
        ratings.emplace_back(q.integer(0), q.text(1));
    const QString pad = QStringLiteral("pad");
    CHECK(ratings == std::vector<std::pair<int, QString>>{{5, pad}, {4, pad}, {3, pad}, {2, pad}});
    CHECK_THROWS(db.execScript(
        QStringLiteral("INSERT INTO ratings (ticket_id, window, rating, channel, rated_at) "
                       "VALUES (5, 3, 6, 'pad', 104)")));
}

TEST_CASE("the outbox and the devices keep their rows when bookings widen their kinds and roles")
{
    QTemporaryDir dir;
    Database db(dir.filePath(QStringLiteral("t.db")));
    std::vector<Migration> upToNotices = builtinMigrations();
    upToNotices.resize(9); // 0001 .. 0009
    migrate(db, upToNotices);
    db.execScript(QStringLiteral(
        "PRAGMA foreign_keys=OFF;"
        "INSERT INTO devices (name, role, window, token_hash, created_at) VALUES "
        "('kiosk 1', 'kiosk', NULL, 'h1', 1), ('caller 3', 'caller', 3, 'h2', 2);"
        "INSERT INTO outbox (phone, lang, kind, urgency, body, state, not_before, queued_at) "
        "VALUES ('13800138000', 'zh', 'called', 0, '请A001号到3号窗口', 'sent', 5, 5);"));
    migrate(db);
    auto devices = db.prepare("SELECT name, role, window FROM devices ORDER BY id");
    REQUIRE(devices.step());
    CHECK(devices.text(0) == QStringLiteral("kiosk 1"));
    REQUIRE(devices.step());
    CHECK(devices.integer(2) == 3);
    auto outbox = db.prepare("SELECT body, state, appointment_id FROM outbox");
    REQUIRE(outbox.step());
    CHECK(outbox.text(0) == QStringLiteral("请A001号到3号窗口"));
    CHECK(outbox.text(1) == QStringLiteral("sent"));
    CHECK(outbox.isNull(2));
    db.execScript(QStringLiteral(
        "INSERT INTO devices (name, role, window, token_hash, created_at) VALUES "
        "('platform', 'booking', NULL, 'h3', 3);"
        "INSERT INTO outbox (phone, lang, kind, urgency, body, state, not_before, queued_at) "
        "VALUES ('13800138000', 'zh', 'reminder', 9, '提醒', 'queued', 6, 6);"));
    CHECK_THROWS(db.execScript(
        QStringLiteral("INSERT INTO devices (name, role, window, token_hash, created_at) VALUES "
                       "('x', 'printer', NULL, 'h4', 4)")));
}
