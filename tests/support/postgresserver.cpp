// A real PostgreSQL 15 for tests.
#include "postgresserver.h"

#include "citylink.h"

#include <stdexcept>
#include <unistd.h>

#include <QDir>
#include <QProcess>
#include <QThread>

using namespace Qt::Literals::StringLiterals;

namespace qh::test {

namespace {

const QString kBin = u"/usr/lib/postgresql/15/bin/"_s;
constexpr int kPort = 5432; // on a socket of its own folder, so any number will do

} // namespace

PostgresServer::PostgresServer()
{
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
         u"-c listen_addresses='' -k %1 -p %2 -c fsync=off"_s.arg(m_dir.path()).arg(kPort)});
}

void PostgresServer::stop()
{
    run(kBin + u"pg_ctl"_s,
        {u"stop"_s, u"-w"_s, u"-m"_s, u"immediate"_s, u"-D"_s, m_dir.filePath(u"data"_s)});
}

QString PostgresServer::conninfo() const
{
    return u"host=%1 port=%2 dbname=city user=queuehall"_s.arg(m_dir.path()).arg(kPort);
}

sync::PgRows PostgresServer::query(const QString& sql, const QStringList& params) const
{
    sync::PgConnection pg(conninfo());
    return pg.exec(sql, params);
}

} // namespace qh::test
