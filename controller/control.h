// The daemon's local command socket: a command-line change to a served database runs inside the
// daemon, so its events reach every page. The socket's file permissions are the credential.
#pragma once

#include <optional>

#include <QLocalServer>
#include <QStringList>
#include <QTextStream>

namespace qh::service {
class HallService;
}

namespace qh::controller {

// Beside the database: "/var/lib/queuehall/queuehall.db" → "/var/lib/queuehall/queuehall.db.sock".
QString controlSocketPath(const QString& database);

class ControlServer : public QObject
{
    Q_OBJECT

public:
    static constexpr qint64 kMaxRequestBytes = 64 * 1024;
    static constexpr int kRequestTimeoutMs = 5000;

    ControlServer(service::HallService& service, const QString& database,
                  QObject* parent = nullptr);
    // Listens on the socket beside the database, for the daemon's user only; false if it cannot.
    bool listen();
    QString errorString() const { return m_server.errorString(); }

private:
    void serve(QLocalSocket* socket);

    service::HallService& m_service;
    QString m_path;
    QLocalServer m_server;
};

// Whether a daemon serves the database: its command socket answers, or is there but refuses
// this user.
bool daemonServes(const QString& database);

// Runs the command in the daemon serving this database, printing what it printed; nothing when
// no daemon serves it. Throws db::ConfigError when a daemon is there but cannot be reached.
std::optional<int> forwardToDaemon(const QString& database, const QStringList& arguments,
                                   QTextStream& out, QTextStream& err);

} // namespace qh::controller
