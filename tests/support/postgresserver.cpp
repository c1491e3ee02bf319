// A real PostgreSQL 15 for tests.
#include "postgresserver.h"

#include "citylink.h"

#include <stdexcept>
#include <unistd.h>

#include <QDir>
#include <QFile>
#include <QProcess>
#include <QTcpServer>
#include <QThread>

using namespace Qt::Literals::StringLiterals;

namespace qh::test {

namespace {

const QString kBin = u"/usr/lib/postgresql/15/bin/"_s;

} // namespace

PostgresServer::PostgresServer(const QMap<QString, QString>& settings)
{
    for (auto it = settings.begin(); it != settings.end(); ++it)
        m_settings += u"-c %1=%2 "_s.arg(it.key(), it.value());
    if (::geteuid() == 0)
        run(u"chown"_s, {u"nobody:nogroup"_s, m_dir.path()});
    run(kBin + u"initdb"_s,
        {u"-D"_s, m_dir.filePath(u"data"_s), u"-U"_s, u"queuehall"_s, u"--auth=trust"_s, u"-E"_s,
         u"UTF8"_s, u"--locale=C.UTF-8"_s, u"-N"_s});
    start();
    {
        sync::PgConnection admin(conninfo().replace(u"dbname=city"_s, u"dbname=postgres"_s));
        admin.execScript(u"CREATE DATABASE city"_s);
    }
    sync::PgConnection city(conninfo());
    sync::migrateCity(city);
}

PostgresServer::~PostgresServer()
{
    try {
        stop();
    } catch (const std::exception&) {
        // Already stopped.
    }
}

void PostgresServer::run(const QString& program, const QStringList& arguments) const
{
    QProcess p;
    if (::geteuid() == 0 && program != u"chown"_s)
        p.start(u"setpriv"_s, QStringList{u"--reuid=nobody"_s, u"--regid=nogroup"_s,
                                          u"--clear-groups"_s, program} +
                                  arguments);
    else
        p.start(program, arguments);
    if (!p.waitForFinished(120'000) || p.exitStatus() != QProcess::NormalExit || p.exitCode() != 0)
        throw std::runtime_error(
            (program + u" failed: "_s +
             QString::fromLocal8Bit(p.readAllStandardError() + p.readAllStandardOutput()))
                .toStdString());
}

void PostgresServer::start()
{
    run(kBin + u"pg_ctl"_s,
        {u"start"_s, u"-w"_s, u"-D"_s, m_dir.filePath(u"data"_s), u"-l"_s,
         m_dir.filePath(u"server.log"_s), u"-o"_s,
         u"-k %1 -p %2 -c fsync=off "_s.arg(m_dir.path()).arg(m_port) + m_settings +
             (m_options.isEmpty() ? u"-c listen_addresses=''"_s : m_options)});
}

QString PostgresServer::serveTls(const QString& password)
{
    const auto openssl = [&](const QStringList& arguments) { run(u"openssl"_s, arguments); };
    const QString ca = m_dir.filePath(u"ca"_s);
    const QString server = m_dir.filePath(u"server"_s);
    openssl({u"req"_s, u"-x509"_s, u"-newkey"_s, u"rsa:2048"_s, u"-nodes"_s, u"-keyout"_s,
             ca + u".key"_s, u"-out"_s, caFile(), u"-days"_s, u"2"_s, u"-subj"_s,
             u"/CN=queuehall test city CA"_s});
    openssl({u"req"_s, u"-newkey"_s, u"rsa:2048"_s, u"-nodes"_s, u"-keyout"_s, server + u".key"_s,
             u"-out"_s, server + u".csr"_s, u"-subj"_s, u"/CN=127.0.0.1"_s});
    QFile extensions(m_dir.filePath(u"san.cnf"_s));
    if (!extensions.open(QIODevice::WriteOnly) ||
        extensions.write("subjectAltName=IP:127.0.0.1\n") < 0)
        throw std::runtime_error("cannot write the certificate's extensions");
    extensions.close();
    openssl({u"x509"_s, u"-req"_s, u"-in"_s, server + u".csr"_s, u"-CA"_s, caFile(), u"-CAkey"_s,
             ca + u".key"_s, u"-CAcreateserial"_s, u"-out"_s, server + u".crt"_s, u"-days"_s,
             u"2"_s, u"-extfile"_s, extensions.fileName()});
    QFile::setPermissions(server + u".key"_s, QFile::ReadOwner | QFile::WriteOwner);
    if (::geteuid() == 0)
        run(u"chown"_s, {u"nobody:nogroup"_s, server + u".key"_s, server + u".crt"_s});
    sync::PgConnection(conninfo())
        .exec(
            u"ALTER ROLE queuehall PASSWORD '%1'"_s.arg(QString(password).replace(u'\'', u"''"_s)));
    // The socket stays open to the test; over TCP only TLS with the password.
    QFile hba(m_dir.filePath(u"data/pg_hba.conf"_s));
    if (!hba.open(QIODevice::WriteOnly | QIODevice::Truncate) ||
        hba.write("local all all trust\nhostssl all all 127.0.0.1/32 scram-sha-256\n") < 0)
        throw std::runtime_error("cannot write pg_hba.conf");
    hba.close();
    quint16 port = 0;
    {
        QTcpServer probe;
        probe.listen(QHostAddress::LocalHost);
        port = probe.serverPort();
    }
    m_options = u"-c listen_addresses=127.0.0.1 -c ssl=on -c ssl_cert_file=%1.crt "
                "-c ssl_key_file=%1.key"_s.arg(server);
    stop();
    m_port = port; // the socket's name follows the port
    start();
    return u"host=127.0.0.1 port=%1 dbname=city user=queuehall"_s.arg(port);
}

void PostgresServer::stop()
{
    run(kBin + u"pg_ctl"_s,
        {u"stop"_s, u"-w"_s, u"-m"_s, u"immediate"_s, u"-D"_s, m_dir.filePath(u"data"_s)});
}

QString PostgresServer::conninfo() const
{
    return u"host=%1 port=%2 dbname=city user=queuehall"_s.arg(m_dir.path()).arg(m_port);
}

sync::PgRows PostgresServer::query(const QString& sql, const QStringList& params) const
{
    sync::PgConnection pg(conninfo());
    return pg.exec(sql, params);
}

} // namespace qh::test
