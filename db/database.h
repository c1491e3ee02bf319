// RAII wrapper over the sqlite3 C API: connection, prepared statements and transactions.
#pragma once

#include "hallstore.h"

#include <cstdint>
#include <memory>
#include <optional>
#include <stdexcept>
#include <string>
#include <unordered_map>

#include <QByteArray>
#include <QString>

struct sqlite3;
struct sqlite3_stmt;

namespace qh::db {

// Any SQLite failure; the message carries SQLite's own text.
// A failed SQLite call, with its result code.
class DatabaseError : public engine::StoreError
{
public:
    DatabaseError(const std::string& what, int code);
    int code() const { return m_code; }

private:
    int m_code;
};

class Database;

// A prepared statement, owned by its Database's cache or by itself (see Database::prepareBuilt);
// bind, step, read columns, reset.
class Statement
{
public:
    Statement(Statement&& other) noexcept;
    Statement& operator=(Statement&&) = delete;
    Statement(const Statement&) = delete;
    ~Statement();

    Statement& bind(int index, std::int64_t value);
    Statement& bind(int index, int value) { return bind(index, std::int64_t{value}); }
    Statement& bind(int index, double value);
    Statement& bind(int index, const QString& value);
    Statement& bind(int index, const QByteArray& value);
    Statement& bind(int index, std::nullopt_t);
    template <typename T> Statement& bind(int index, const std::optional<T>& value)
    {
        return value ? bind(index, *value) : bind(index, std::nullopt);
    }

    // Advances to the next row; false when done. Throws on error.
    bool step();
    // Runs a statement that returns no rows.
    void exec();

    bool isNull(int column) const;
    std::int64_t int64(int column) const;
    int integer(int column) const { return static_cast<int>(int64(column)); }
    double real(int column) const;
    QString text(int column) const;
    QByteArray blob(int column) const;
    std::optional<std::int64_t> optionalInt64(int column) const;

private:
    friend class Database;
    Statement(sqlite3_stmt* stmt, sqlite3* db, bool owned);
    sqlite3_stmt* m_stmt;
    sqlite3* m_db;
    bool m_owned; // finalized, not reset, when the handle goes
};

// One connection in WAL mode with synchronous=FULL and a busy timeout.
class Database
{
public:
    enum class Mode { ReadWrite, ReadOnly };
    explicit Database(const QString& path, Mode mode = Mode::ReadWrite);
    ~Database();
    Database(const Database&) = delete;
    Database& operator=(const Database&) = delete;

    // Runs one or more SQL statements with no parameters.
    void execScript(const QString& sql);
    // A statement prepared once per connection and reused; reset when the handle goes. The cache
    // knows it by the text's address: `sql` is a string literal.
    Statement prepare(const char* sql);
    // A statement whose text is built at run time (a report's, with its days): prepared for this
    // use alone and finalized when the handle goes.
    Statement prepareBuilt(const QByteArray& sql);
    // Writes a consistent copy of the whole database to `target` (SQLite's online backup: one
    // read snapshot, so writers elsewhere go on), as a single file in rollback-journal mode. The
    // copy is written beside the target and renamed into place once complete. Throws
    // DatabaseError.
    void copyTo(const QString& target);
    std::int64_t lastInsertId() const;
    int changes() const;
    bool inTransaction() const;
    const QString& path() const { return m_path; }

private:
    sqlite3* m_db = nullptr;
    QString m_path;
    std::unordered_map<const char*, sqlite3_stmt*> m_cache;
};

// BEGIN IMMEDIATE on construction, ROLLBACK on destruction unless commit() was called.
class Transaction
{
public:
    explicit Transaction(Database& db);
    ~Transaction();
    Transaction(const Transaction&) = delete;
    Transaction& operator=(const Transaction&) = delete;
    void commit();

private:
    Database& m_db;
    bool m_done = false;
};

} // namespace qh::db
