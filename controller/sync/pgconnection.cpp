// RAII wrapper over libpq.
#include "pgconnection.h"

#include <libpq-fe.h>
#include <memory>

using namespace Qt::Literals::StringLiterals;

namespace qh::sync {

namespace {

using Result = std::unique_ptr<PGresult, decltype(&PQclear)>;

[[noreturn]] void fail(PGconn* conn, const PGresult* result)
{
    const char* state = result ? PQresultErrorField(result, PG_DIAG_SQLSTATE) : nullptr;
    const char* message = result ? PQresultErrorMessage(result) : nullptr;
    if (!message || !*message)
        message = PQerrorMessage(conn);
    throw PgError(QString::fromUtf8(message).trimmed(), state ? QByteArray(state) : QByteArray());
}

Result check(PGconn* conn, PGresult* raw)
{
    Result result(raw, &PQclear);
    const ExecStatusType status = result ? PQresultStatus(result.get()) : PGRES_FATAL_ERROR;
    if (status != PGRES_COMMAND_OK && status != PGRES_TUPLES_OK && status != PGRES_COPY_IN)
        fail(conn, result.get());
    return result;
}

PgRows rowsOf(const PGresult* result)
{
    PgRows rows;
    const int columns = PQnfields(result);
    for (int r = 0; r < PQntuples(result); ++r) {
        QStringList row;
        for (int c = 0; c < columns; ++c)
            row << (PQgetisnull(result, r, c) ? QString()
                                              : QString::fromUtf8(PQgetvalue(result, r, c)));
        rows.push_back(row);
    }
    return rows;
}

} // namespace

PgError::PgError(const QString& message, const QByteArray& sqlState)
    : std::runtime_error(message.toStdString())
    , m_sqlState(sqlState)
{
}

bool PgError::linkFailure() const
{
    // No state: the connection broke. Class 08: connection exceptions; 57P: the server is
    // shutting down or restarting; 53: out of resources; 40: a serialisation failure or deadlock.
    return m_sqlState.isEmpty() || m_sqlState.startsWith("08") || m_sqlState.startsWith("57P") ||
           m_sqlState.startsWith("53") || m_sqlState.startsWith("40");
}

PgConnection::PgConnection(const QString& conninfo, const QString& password)
{
    const QByteArray info = conninfo.toUtf8();
    const QByteArray secret = password.toUtf8();
    const char* keys[] = {"dbname", "password", "application_name", "connect_timeout", nullptr};
    const char* values[] = {info.constData(), password.isEmpty() ? nullptr : secret.constData(),
                            "queuehall", "10", nullptr};
    // expand_dbname: the first value is the connection string; the others fill what it leaves.
    m_conn = PQconnectdbParams(keys, values, 1);
    if (!m_conn)
        throw PgError(u"out of memory connecting to PostgreSQL"_s);
    if (PQstatus(m_conn) != CONNECTION_OK) {
        const QString message = QString::fromUtf8(PQerrorMessage(m_conn)).trimmed();
        PQfinish(m_conn);
        throw PgError(message);
    }
    check(m_conn, PQexec(m_conn, "SET client_min_messages = warning"));
}

PgConnection::~PgConnection()
{
    PQfinish(m_conn);
}

PgRows PgConnection::exec(const QString& sql, const QStringList& params)
{
    std::vector<QByteArray> bytes;
    std::vector<const char*> values;
    bytes.reserve(params.size());
    for (const QString& p : params) {
        bytes.push_back(p.toUtf8());
        values.push_back(p.isNull() ? nullptr : bytes.back().constData());
    }
    const Result result =
        check(m_conn, PQexecParams(m_conn, sql.toUtf8().constData(), int(values.size()), nullptr,
                                   values.data(), nullptr, nullptr, 0));
    return rowsOf(result.get());
}

void PgConnection::execScript(const QString& sql)
{
    check(m_conn, PQexec(m_conn, sql.toUtf8().constData()));
}

PgRows PgConnection::copyIn(const QString& script, const QByteArray& rows)
{
    // libpq stops at the COPY; the statements after it run once the rows have gone.
    const Result started = check(m_conn, PQexec(m_conn, script.toUtf8().constData()));
    if (PQresultStatus(started.get()) != PGRES_COPY_IN)
        throw PgError(u"the script holds no COPY ... FROM STDIN"_s);
    if (PQputCopyData(m_conn, rows.constData(), int(rows.size())) != 1 ||
        PQputCopyEnd(m_conn, nullptr) != 1)
        fail(m_conn, nullptr);
    // Drained to the end of the script, as libpq asks, before any result is judged.
    std::vector<Result> results;
    while (PGresult* result = PQgetResult(m_conn))
        results.emplace_back(result, &PQclear);
    if (results.empty())
        fail(m_conn, nullptr);
    PgRows last;
    for (Result& result : results) {
        const Result judged = check(m_conn, result.release());
        if (PQresultStatus(judged.get()) == PGRES_TUPLES_OK)
            last = rowsOf(judged.get());
    }
    return last;
}

QString PgConnection::literal(const QString& value) const
{
    const QByteArray bytes = value.toUtf8();
    char* quoted = PQescapeLiteral(m_conn, bytes.constData(), size_t(bytes.size()));
    if (!quoted)
        fail(m_conn, nullptr);
    const QString result = QString::fromUtf8(quoted);
    PQfreemem(quoted);
    return result;
}

QString conninfoProblem(const QString& conninfo)
{
    char* error = nullptr;
    PQconninfoOption* options = PQconninfoParse(conninfo.toUtf8().constData(), &error);
    if (!options) {
        const QString message = error ? QString::fromUtf8(error).trimmed() : u"out of memory"_s;
        PQfreemem(error);
        return message;
    }
    bool password = false;
    for (PQconninfoOption* o = options; o->keyword; ++o)
        password = password || (qstrcmp(o->keyword, "password") == 0 && o->val && *o->val);
    PQconninfoFree(options);
    return password ? u"it holds a password; put the password in a file named by passwordFile"_s
                    : QString();
}

bool PgConnection::sslInUse() const
{
    return PQsslInUse(m_conn) == 1;
}

void appendCopyField(QByteArray& line, const QByteArray& value)
{
    // Runs without a special character are appended whole.
    qsizetype from = 0;
    for (qsizetype i = 0; i < value.size(); ++i) {
        const char c = value[i];
        if (c != '\\' && c != '\t' && c != '\n' && c != '\r')
            continue;
        line.append(value.constData() + from, i - from);
        line += c == '\\' ? "\\\\" : c == '\t' ? "\\t" : c == '\n' ? "\\n" : "\\r";
        from = i + 1;
    }
    line.append(value.constData() + from, value.size() - from);
}

PgTransaction::PgTransaction(PgConnection& connection)
    : m_connection(connection)
{
    m_connection.execScript(u"BEGIN"_s);
}

PgTransaction::~PgTransaction()
{
    if (m_done)
        return;
    try {
        m_connection.execScript(u"ROLLBACK"_s);
    } catch (const PgError&) {
        // The link is gone; the server rolls the transaction back itself.
    }
}

void PgTransaction::commit()
{
    m_connection.execScript(u"COMMIT"_s);
    m_done = true;
}

} // namespace qh::sync
