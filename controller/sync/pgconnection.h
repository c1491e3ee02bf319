// RAII wrapper over libpq: one connection, parameterised statements, COPY FROM STDIN and
// transactions. libpq's header stays in the .cpp.
#pragma once

#include <stdexcept>
#include <vector>

#include <QByteArray>
#include <QString>
#include <QStringList>

struct pg_conn;

namespace qh::sync {

class PgError : public std::runtime_error
{
public:
    PgError(const QString& message, const QByteArray& sqlState = {});
    // The SQLSTATE of a server error ("40001", "QH001"); empty when the link itself failed.
    const QByteArray& sqlState() const { return m_sqlState; }
    // A failure of the link or the server's state (not of what was sent): worth a retry.
    bool linkFailure() const;

private:
    QByteArray m_sqlState;
};

// The rows of a result as text; a NULL is a null QString.
using PgRows = std::vector<QStringList>;

class PgConnection
{
public:
    // `conninfo` is a libpq connection string; the password is given apart so that the string can
    // be shown. Throws PgError.
    PgConnection(const QString& conninfo, const QString& password = {});
    ~PgConnection();
    PgConnection(const PgConnection&) = delete;
    PgConnection& operator=(const PgConnection&) = delete;

    PgRows exec(const QString& sql, const QStringList& params = {});
    // Runs statements with no parameters (a migration's file).
    void execScript(const QString& sql);
    // Runs `script`, statements without parameters of which one is COPY ... FROM STDIN, fed
    // `rows` in COPY's text format. The script is one transaction unless it says otherwise, and
    // costs two round trips however many statements it holds. Returns the rows of the last
    // statement that gave rows.
    PgRows copyIn(const QString& script, const QByteArray& rows);
    // `value` as a string literal for a script.
    QString literal(const QString& value) const;
    bool sslInUse() const;

private:
    pg_conn* m_conn = nullptr;
};

// One field in COPY's text format: backslash, tab, newline and carriage return escaped (a NULL
// is written as \N by the caller).
void appendCopyField(QByteArray& line, const QByteArray& value);

// Why a connection string cannot be used, or empty when it can: it does not parse, or it holds
// a password (which would then show wherever the string does).
QString conninfoProblem(const QString& conninfo);

// BEGIN on construction, ROLLBACK on destruction unless commit() was called.
class PgTransaction
{
public:
    explicit PgTransaction(PgConnection& connection);
    ~PgTransaction();
    PgTransaction(const PgTransaction&) = delete;
    PgTransaction& operator=(const PgTransaction&) = delete;
    void commit();

private:
    PgConnection& m_connection;
    bool m_done = false;
};

} // namespace qh::sync
