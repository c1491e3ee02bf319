// RAII wrapper over the sqlite3 C API: connection, prepared statements and transactions.
#include "database.h"

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <sqlite3.h>

#include <QFile>
#include <QLoggingCategory>

Q_LOGGING_CATEGORY(lcDb, "qh.db")

namespace qh::db {

namespace {

[[noreturn]] void fail(sqlite3* db, int code, const char* what)
{
    std::string message = what;
    message += ": ";
    message += db ? sqlite3_errmsg(db) : sqlite3_errstr(code);
    throw DatabaseError(message, code);
}

void check(sqlite3* db, int code, const char* what)
{
    if (code != SQLITE_OK)
        fail(db, code, what);
}

} // namespace

DatabaseError::DatabaseError(const std::string& what, int code)
    : engine::StoreError(what)
    , m_code(code)
{
}

Statement::Statement(sqlite3_stmt* stmt, sqlite3* db, bool owned)
    : m_stmt(stmt)
    , m_db(db)
    , m_owned(owned)
{
}

Statement::Statement(Statement&& other) noexcept
    : m_stmt(other.m_stmt)
    , m_db(other.m_db)
    , m_owned(other.m_owned)
{
    other.m_stmt = nullptr;
}

Statement::~Statement()
{
    if (m_stmt && m_owned) {
        sqlite3_finalize(m_stmt);
    } else if (m_stmt) {
        sqlite3_reset(m_stmt);
        sqlite3_clear_bindings(m_stmt);
    }
}

Statement& Statement::bind(int index, std::int64_t value)
{
    check(m_db, sqlite3_bind_int64(m_stmt, index, value), "bind");
    return *this;
}

Statement& Statement::bind(int index, double value)
{
    check(m_db, sqlite3_bind_double(m_stmt, index, value), "bind");
    return *this;
}

Statement& Statement::bind(int index, const QString& value)
{
    const QByteArray utf8 = value.toUtf8();
    check(m_db,
          sqlite3_bind_text(m_stmt, index, utf8.constData(), int(utf8.size()), SQLITE_TRANSIENT),
          "bind");
    return *this;
}

Statement& Statement::bind(int index, const QByteArray& value)
{
    check(m_db,
          sqlite3_bind_blob(m_stmt, index, value.constData(), int(value.size()), SQLITE_TRANSIENT),
          "bind");
    return *this;
}

Statement& Statement::bind(int index, std::nullopt_t)
{
    check(m_db, sqlite3_bind_null(m_stmt, index), "bind");
    return *this;
}

bool Statement::step()
{
    const int rc = sqlite3_step(m_stmt);
    if (rc == SQLITE_ROW)
        return true;
    if (rc == SQLITE_DONE)
        return false;
    fail(m_db, rc, "step");
}

void Statement::exec()
{
    while (step()) {
    }
}

bool Statement::isNull(int column) const
{
    return sqlite3_column_type(m_stmt, column) == SQLITE_NULL;
}

std::int64_t Statement::int64(int column) const
{
    return sqlite3_column_int64(m_stmt, column);
}

double Statement::real(int column) const
{
    return sqlite3_column_double(m_stmt, column);
}

QString Statement::text(int column) const
{
    const auto* data = reinterpret_cast<const char*>(sqlite3_column_text(m_stmt, column));
    return QString::fromUtf8(data, sqlite3_column_bytes(m_stmt, column));
}

QByteArray Statement::blob(int column) const
{
    const auto* data = static_cast<const char*>(sqlite3_column_blob(m_stmt, column));
    return QByteArray(data, sqlite3_column_bytes(m_stmt, column));
}

std::optional<std::int64_t> Statement::optionalInt64(int column) const
{
    if (isNull(column))
        return std::nullopt;
    return int64(column);
}

Database::Database(const QString& path, Mode mode)
    : m_path(path)
{
    const int flags =
        mode == Mode::ReadOnly ? SQLITE_OPEN_READONLY : SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE;
    const int rc =
        sqlite3_open_v2(path.toUtf8().constData(), &m_db, flags | SQLITE_OPEN_NOMUTEX, nullptr);
    if (rc != SQLITE_OK) {
        const std::string message = "open " + path.toStdString() + ": " +
                                    (m_db ? sqlite3_errmsg(m_db) : sqlite3_errstr(rc));
        sqlite3_close(m_db);
        throw DatabaseError(message, rc);
    }
    sqlite3_extended_result_codes(m_db, 1);
    sqlite3_busy_timeout(m_db, 5000);
    if (mode == Mode::ReadWrite)
        execScript(QStringLiteral("PRAGMA journal_mode=WAL;"));
    execScript(QStringLiteral("PRAGMA synchronous=FULL; PRAGMA foreign_keys=ON;"));
}

Database::~Database()
{
    for (auto& [sql, stmt] : m_cache)
        sqlite3_finalize(stmt);
    if (sqlite3_close(m_db) != SQLITE_OK)
        qCWarning(lcDb) << "closing" << m_path << "failed:" << sqlite3_errmsg(m_db);
}

void Database::execScript(const QString& sql)
{
    char* error = nullptr;
    const int rc = sqlite3_exec(m_db, sql.toUtf8().constData(), nullptr, nullptr, &error);
    if (rc != SQLITE_OK) {
        std::string message = error ? error : sqlite3_errstr(rc);
        sqlite3_free(error);
        throw DatabaseError(message, rc);
    }
}

Statement Database::prepare(const char* sql)
{
    auto it = m_cache.find(sql);
    if (it == m_cache.end()) {
        sqlite3_stmt* stmt = nullptr;
        check(m_db, sqlite3_prepare_v3(m_db, sql, -1, SQLITE_PREPARE_PERSISTENT, &stmt, nullptr),
              sql);
        it = m_cache.emplace(sql, stmt).first;
    }
    return Statement(it->second, m_db, false);
}

Statement Database::prepareBuilt(const QByteArray& sql)
{
    sqlite3_stmt* stmt = nullptr;
    check(m_db, sqlite3_prepare_v2(m_db, sql.constData(), int(sql.size()), &stmt, nullptr),
          sql.constData());
    return Statement(stmt, m_db, true);
}

void Database::copyTo(const QString& target)
{
    const QByteArray part = QFile::encodeName(target + QStringLiteral(".part"));
    std::remove(part.constData());
    sqlite3* copy = nullptr;
    int rc = sqlite3_open_v2(part.constData(), &copy, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE,
                             nullptr);
    if (rc == SQLITE_OK) {
        if (sqlite3_backup* backup = sqlite3_backup_init(copy, "main", m_db, "main")) {
            rc = sqlite3_backup_step(backup, -1); // every page from one snapshot
            sqlite3_backup_finish(backup);
            if (rc == SQLITE_DONE)
                rc = sqlite3_exec(copy, "PRAGMA journal_mode=DELETE", nullptr, nullptr, nullptr);
        } else {
            rc = sqlite3_errcode(copy);
        }
    }
    const std::string message = "copy to " + target.toStdString() + ": " + sqlite3_errstr(rc);
    sqlite3_close(copy);
    if (rc != SQLITE_OK) {
        std::remove(part.constData());
        throw DatabaseError(message, rc);
    }
    if (std::rename(part.constData(), QFile::encodeName(target).constData()) != 0) {
        const int error = errno;
        std::remove(part.constData());
        throw DatabaseError("copy to " + target.toStdString() + ": " + std::strerror(error),
                            SQLITE_CANTOPEN);
    }
}

std::int64_t Database::lastInsertId() const
{
    return sqlite3_last_insert_rowid(m_db);
}

int Database::changes() const
{
    return sqlite3_changes(m_db);
}

bool Database::inTransaction() const
{
    return sqlite3_get_autocommit(m_db) == 0;
}

Transaction::Transaction(Database& db)
    : m_db(db)
{
    m_db.prepare("BEGIN IMMEDIATE").exec();
}

Transaction::~Transaction()
{
    if (!m_done && m_db.inTransaction()) {
        try {
            m_db.execScript(QStringLiteral("ROLLBACK"));
        } catch (const DatabaseError& e) {
            qCWarning(lcDb) << "rollback failed:" << e.what();
        }
    }
}

void Transaction::commit()
{
    m_db.prepare("COMMIT").exec();
    m_done = true;
}

} // namespace qh::db
