// The daemon's local command socket: a command-line change to a served database runs inside the
// daemon, so its events reach every page. The socket's file permissions are the credential.
#include "control.h"

#include "cli.h"
#include "hallconfig.h"

#include <QFileInfo>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QLocalSocket>
#include <QLoggingCategory>
#include <QTimer>

using namespace Qt::Literals::StringLiterals;

Q_DECLARE_LOGGING_CATEGORY(lcController)

namespace qh::controller {

namespace {

constexpr int kConnectTimeoutMs = 2000;
constexpr int kAnswerTimeoutMs = 60'000;

// Whether a failed connection means that no daemon serves the database (none ever did, or one
// died and left its socket), rather than one that cannot be reached.
bool nobodyServes(const QLocalSocket& socket)
{
    return socket.error() == QLocalSocket::ServerNotFoundError ||
           socket.error() == QLocalSocket::ConnectionRefusedError;
}

QByteArray line(const QJsonObject& o)
{
    return QJsonDocument(o).toJson(QJsonDocument::Compact) + '\n';
}

} // namespace

QString controlSocketPath(const QString& database)
{
    // Absolute: a bare or relative name would be taken for one in the temporary folder.
    return QFileInfo(database).absoluteFilePath() + u".sock"_s;
}

ControlServer::ControlServer(service::HallService& service, const QString& database,
                             QObject* parent)
    : QObject(parent)
    , m_service(service)
    , m_path(controlSocketPath(database))
{
    m_server.setSocketOptions(QLocalServer::UserAccessOption);
    connect(&m_server, &QLocalServer::newConnection, this, [this] {
        while (QLocalSocket* socket = m_server.nextPendingConnection())
            serve(socket);
    });
}

bool ControlServer::listen()
{
    QLocalServer::removeServer(m_path); // left behind by a daemon that was killed
    return m_server.listen(m_path);
}

void ControlServer::serve(QLocalSocket* socket)
{
    connect(socket, &QLocalSocket::disconnected, socket, &QObject::deleteLater);
    QTimer::singleShot(kRequestTimeoutMs, socket, [socket] { socket->abort(); });
    connect(socket, &QLocalSocket::readyRead, socket, [this, socket] {
        if (!socket->canReadLine()) {
            if (socket->bytesAvailable() > kMaxRequestBytes) {
                socket->write(line({{u"exit"_s, 2}, {u"err"_s, u"error: request too large\n"_s}}));
                socket->disconnectFromServer();
            }
            return;
        }
        const QJsonDocument request = QJsonDocument::fromJson(socket->readLine(kMaxRequestBytes));
        QStringList arguments;
        for (const QJsonValue& v : request.object().value(u"arguments"_s).toArray())
            arguments << v.toString();
        QString out;
        QString err;
        int code = 2;
        {
            QTextStream outStream(&out);
            QTextStream errStream(&err);
            if (arguments.isEmpty())
                errStream << u"error: the request names no command\n"_s;
            else
                code = runInDaemon(arguments, m_service, outStream, errStream);
        }
        qCInfo(lcController).noquote()
            << "command line:" << arguments.mid(1).join(u' ') << "→" << code;
        socket->write(line({{u"exit"_s, code}, {u"out"_s, out}, {u"err"_s, err}}));
        socket->disconnectFromServer();
    });
}

bool daemonServes(const QString& database)
{
    QLocalSocket socket;
    socket.connectToServer(controlSocketPath(database));
    // A socket that is there but cannot be reached (another user's) counts as served.
    return socket.waitForConnected(kConnectTimeoutMs) || !nobodyServes(socket);
}

std::optional<int> forwardToDaemon(const QString& database, const QStringList& arguments,
                                   QTextStream& out, QTextStream& err)
{
    QLocalSocket socket;
    socket.connectToServer(controlSocketPath(database));
    if (!socket.waitForConnected(kConnectTimeoutMs)) {
        if (nobodyServes(socket))
            return std::nullopt;
        throw db::ConfigError({u"a controller serves %1 but cannot be reached: %2"_s.arg(
            database, socket.errorString())});
    }
    socket.write(line({{u"arguments"_s, QJsonArray::fromStringList(arguments)}}));
    QByteArray answer;
    while (!answer.endsWith('\n')) {
        if (!socket.waitForReadyRead(kAnswerTimeoutMs) && socket.bytesAvailable() == 0)
            break;
        answer += socket.readAll();
    }
    const QJsonObject reply = QJsonDocument::fromJson(answer).object();
    if (!reply.contains(u"exit"_s))
        throw db::ConfigError(
            {u"the controller serving %1 gave no answer; the change may or may not have been made"_s
                 .arg(database)});
    out << reply.value(u"out"_s).toString();
    err << reply.value(u"err"_s).toString();
    return reply.value(u"exit"_s).toInt();
}

} // namespace qh::controller
