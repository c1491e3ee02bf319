// A private cupsd for tests: its own configuration, spool and loopback port, with raw queues.
#pragma once

#include <QProcess>
#include <QString>
#include <QTemporaryDir>

namespace qh::test {

class CupsServer
{
public:
    CupsServer();  // starts cupsd; throws when it does not come up
    ~CupsServer(); // stops it

    int port() const { return m_port; }
    // A raw queue sending jobs to socket://127.0.0.1:printerPort; a failed job is aborted.
    void addRawQueue(const QString& name, quint16 printerPort);
    void disable(const QString& name, const QString& reason);
    QString errorLog() const;

private:
    void run(const QString& program, const QStringList& arguments);

    QTemporaryDir m_dir;
    QProcess m_cupsd;
    int m_port = 0;
};

} // namespace qh::test
