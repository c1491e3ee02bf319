// Migrations: fresh, current, newer and failed upgrades.
#include "database.h"
#include "migrations.h"
#include "testhall.h"

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
