// The SQLite wrapper: durability settings, statements and transactions.
#include "database.h"
#include "testhall.h"

#include <QTemporaryDir>

using qh::db::Database;
using qh::db::Transaction;

namespace {

QString pragma(Database& db, const char* sql)
{
    auto q = db.prepare(sql);
    REQUIRE(q.step());
    return q.text(0);
}

} // namespace

TEST_CASE("a database opens in WAL mode with synchronous=FULL and a busy timeout")
{
    QTemporaryDir dir;
    Database db(dir.filePath(QStringLiteral("t.db")));
    CHECK(pragma(db, "PRAGMA journal_mode") == QStringLiteral("wal"));
    CHECK(pragma(db, "PRAGMA synchronous") == QStringLiteral("2"));
    CHECK(pragma(db, "PRAGMA busy_timeout") == QStringLiteral("5000"));
    CHECK(pragma(db, "PRAGMA foreign_keys") == QStringLiteral("1"));
}

TEST_CASE("a transaction that is not committed is rolled back")
{
    QTemporaryDir dir;
    Database db(dir.filePath(QStringLiteral("t.db")));
    db.execScript(QStringLiteral("CREATE TABLE t (v TEXT)"));
    {
        Transaction tx(db);
        db.prepare("INSERT INTO t VALUES (?)").bind(1, QStringLiteral("lost")).exec();
    }
    {
        Transaction tx(db);
        db.prepare("INSERT INTO t VALUES (?)").bind(1, QStringLiteral("中文 kept")).exec();
        tx.commit();
    }
    auto q = db.prepare("SELECT group_concat(v) FROM t");
    REQUIRE(q.step());
    CHECK(q.text(0) == QStringLiteral("中文 kept"));
}

TEST_CASE("SQLite errors surface as DatabaseError with SQLite's message")
{
    QTemporaryDir dir;
    Database db(dir.filePath(QStringLiteral("t.db")));
    CHECK_THROWS_WITH(db.execScript(QStringLiteral("SELECT * FROM missing")),
                      Catch::Contains("no such table: missing"));
    CHECK_THROWS_AS(db.prepare("NOT SQL"), qh::db::DatabaseError);
    CHECK_THROWS_WITH(Database(dir.filePath(QStringLiteral("no/such/dir/t.db"))),
                      Catch::Contains("no/such/dir"));
}

TEST_CASE("a second writer waits for the first instead of failing at once")
{
    QTemporaryDir dir;
    const QString path = dir.filePath(QStringLiteral("t.db"));
    Database first(path);
    first.execScript(QStringLiteral("CREATE TABLE t (v INTEGER)"));
    Database second(path);
    second.execScript(QStringLiteral("PRAGMA busy_timeout=50"));
    Transaction tx(first);
    // While the first holds the write lock, the second times out with SQLITE_BUSY.
    CHECK_THROWS_WITH(Transaction(second), Catch::Contains("locked"));
    tx.commit();
    Transaction later(second);
    later.commit();
}
