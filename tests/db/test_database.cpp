// The SQLite wrapper: durability settings, statements and transactions.
#include "database.h"
#include "testhall.h"

#include <atomic>
#include <chrono>
#include <thread>

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
    Database(path).execScript(QStringLiteral("CREATE TABLE t (v INTEGER)"));
    std::atomic<bool> holding = false;
    std::atomic<bool> firstCommitted = false;
    std::thread first([&] {
        Database db(path);
        Transaction tx(db);
        db.execScript(QStringLiteral("INSERT INTO t VALUES (1)"));
        holding = true;
        std::this_thread::sleep_for(std::chrono::milliseconds(300));
        firstCommitted = true;
        tx.commit();
    });
    while (!holding)
        std::this_thread::yield();
    Database second(path);  // the default busy timeout: 5 s
    Transaction tx(second); // waits for the write lock rather than failing
    CHECK(firstCommitted);
    second.execScript(QStringLiteral("INSERT INTO t VALUES (2)"));
    tx.commit();
    first.join();
    auto rows = second.prepare("SELECT count(*) FROM t");
    REQUIRE(rows.step());
    CHECK(rows.integer(0) == 2);

    // With a short timeout, a writer that waits in vain fails with SQLITE_BUSY.
    Database holder(path);
    Transaction held(holder);
    second.execScript(QStringLiteral("PRAGMA busy_timeout=50"));
    CHECK_THROWS_WITH(Transaction(second), Catch::Contains("locked"));
}
