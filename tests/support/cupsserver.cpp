// A private cupsd for tests: its own configuration, spool and loopback port, with raw queues.
#include "cupsserver.h"

#include <stdexcept>
#include <sys/stat.h>

#include <QDir>
#include <QFile>
#include <QTcpServer>
#include <QTcpSocket>
#include <QThread>

namespace qh::test {

namespace {

int freePort()
{
    QTcpServer probe;
    probe.listen(QHostAddress::LocalHost, 0);
    return probe.serverPort();
}

void writeFile(const QString& path, const QString& text)
{
    QFile f(path);
    if (!f.open(QIODevice::WriteOnly) || f.write(text.toUtf8()) < 0)
        throw std::runtime_error("cannot write " + path.toStdString());
}

} // namespace

CupsServer::CupsServer()
    : m_port(freePort())
{
    const QDir dir(m_dir.path());
    // cupsd runs the socket backend as user lp, which must reach the spooled job.
    ::chmod(m_dir.path().toLocal8Bit().constData(), 0755);
    for (const char* sub : {"spool", "spool/tmp", "cache", "state", "ppd"})
        dir.mkpath(QString::fromLatin1(sub));
    writeFile(dir.filePath(QStringLiteral("cupsd.conf")), QStringLiteral(R"(Listen 127.0.0.1:%1
LogLevel info
WebInterface No
Browsing Off
DefaultAuthType None
JobRetryLimit 0
<Location />
  Order allow,deny
  Allow all
</Location>
<Policy default>
  <Limit All>
    Order deny,allow
    Allow all
  </Limit>
</Policy>
)")
                                                              .arg(m_port));
    writeFile(dir.filePath(QStringLiteral("cups-files.conf")), QStringLiteral(R"(ServerRoot %1
RequestRoot %1/spool
TempDir %1/spool/tmp
CacheDir %1/cache
StateDir %1/state
ServerBin /usr/lib/cups
DataDir /usr/share/cups
AccessLog %1/access_log
ErrorLog %1/error_log
PageLog %1/page_log
User lp
Group lp
SystemGroup root
FileDevice No
)")
                                                                   .arg(m_dir.path()));
    m_cupsd.setProcessChannelMode(QProcess::MergedChannels);
    m_cupsd.start(QStringLiteral("/usr/sbin/cupsd"),
                  {QStringLiteral("-f"), QStringLiteral("-c"),
                   dir.filePath(QStringLiteral("cupsd.conf")), QStringLiteral("-s"),
                   dir.filePath(QStringLiteral("cups-files.conf"))});
    for (int i = 0; i < 100; ++i) {
        QTcpSocket probe;
        probe.connectToHost(QStringLiteral("127.0.0.1"), quint16(m_port));
        if (probe.waitForConnected(100))
            return;
        if (m_cupsd.state() == QProcess::NotRunning)
            break;
        QThread::msleep(50);
    }
    throw std::runtime_error("cupsd did not start: " + m_cupsd.readAll().toStdString() +
                             errorLog().toStdString());
}

CupsServer::~CupsServer()
{
    m_cupsd.terminate();
    if (!m_cupsd.waitForFinished(5000))
        m_cupsd.kill();
}

void CupsServer::run(const QString& program, const QStringList& arguments)
{
    QProcess p;
    p.setProcessChannelMode(QProcess::MergedChannels);
    p.start(program, QStringList{QStringLiteral("-h"), QStringLiteral("127.0.0.1:%1").arg(m_port)} +
                         arguments);
    if (!p.waitForFinished(15'000) || p.exitCode() != 0)
        throw std::runtime_error(program.toStdString() + " failed: " + p.readAll().toStdString());
}

void CupsServer::addRawQueue(const QString& name, quint16 printerPort)
{
    run(QStringLiteral("/usr/sbin/lpadmin"),
        {QStringLiteral("-p"), name, QStringLiteral("-E"), QStringLiteral("-v"),
         QStringLiteral("socket://127.0.0.1:%1").arg(printerPort), QStringLiteral("-m"),
         QStringLiteral("raw"), QStringLiteral("-o"),
         QStringLiteral("printer-error-policy=abort-job")});
}

void CupsServer::disable(const QString& name, const QString& reason)
{
    run(QStringLiteral("/usr/sbin/cupsdisable"), {QStringLiteral("-r"), reason, name});
}

QString CupsServer::errorLog() const
{
    QFile f(QDir(m_dir.path()).filePath(QStringLiteral("error_log")));
    return f.open(QIODevice::ReadOnly) ? QString::fromUtf8(f.readAll()) : QString();
}

} // namespace qh::test
