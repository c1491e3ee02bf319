// The HTTP server: QtHttpServer's parser and sockets in front of the API handler and event hub.
#include "apiserver.h"

#include <QHttpServerRequest>
#include <QHttpServerResponder>
#include <QLoggingCategory>
#include <QMetaEnum>
#include <QTcpSocket>

Q_DECLARE_LOGGING_CATEGORY(lcApi)

namespace qh::api {

namespace {
constexpr int kStreamSocketBuffer = 64 * 1024;
}

ApiServer::ApiServer(ApiHandler& handler, EventHub& hub, QObject* parent)
    : QAbstractHttpServer(parent)
    , m_handler(handler)
    , m_hub(hub)
{
    connect(this, &QAbstractHttpServer::newWebSocketConnection, this, [this] {
        while (hasPendingWebSocketConnections())
            m_hub.accept(nextPendingWebSocketConnection());
    });
}

bool ApiServer::handleRequest(const QHttpServerRequest& request, QTcpSocket* socket)
{
    // Qt 6.4 upgrades a WebSocket request once the handler has taken it, writing nothing; the
    // event hub then checks the path and token on the upgraded connection.
    if (request.value("upgrade").compare("websocket", Qt::CaseInsensitive) == 0) {
        // A small kernel buffer, so that a client that stops reading shows up in the hub's
        // send queue (and is cut off there) instead of hiding megabytes in the kernel.
        socket->setSocketOption(QAbstractSocket::SendBufferSizeSocketOption, kStreamSocketBuffer);
        return true;
    }
    ApiRequest api;
    api.method = QByteArray(QMetaEnum::fromType<QHttpServerRequest::Method>().valueToKey(
                                int(request.method())))
                     .toUpper();
    api.path = request.url().path();
    api.query = request.query();
    for (const auto& [name, value] : request.headers())
        api.headers.insert(name.toLower(), value);
    api.body = request.body();

    const ApiResponse response = m_handler.handle(api);
    // The path only: a token in the query never reaches the log.
    qCDebug(lcApi) << api.method << api.path << response.status;

    QHttpServerResponder responder = makeResponder(request, socket);
    responder.writeStatusLine(static_cast<QHttpServerResponder::StatusCode>(response.status));
    for (const auto& [name, value] : response.headers)
        responder.writeHeader(name, value);
    if (!response.body.isEmpty())
        responder.writeHeader("Content-Type", response.contentType);
    responder.writeHeader("Content-Length", QByteArray::number(response.body.size()));
    responder.writeHeader("Cache-Control", "no-store");
    responder.writeBody(response.body);
    if (api.method == "POST")
        m_hub.publish();
    return true;
}

void ApiServer::missingHandler(const QHttpServerRequest& request, QTcpSocket* socket)
{
    qCDebug(lcApi) << "no handler for" << request.url().path();
    makeResponder(request, socket).write(QHttpServerResponder::StatusCode::NotFound);
}

} // namespace qh::api
