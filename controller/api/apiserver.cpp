// The HTTP server: QtHttpServer's parser and sockets in front of the API handler and event hub.
#include "apiserver.h"

#include <QHttpServerRequest>
#include <QHttpServerResponder>
#include <QLoggingCategory>
#include <QMetaEnum>
#include <QPointer>
#include <QTcpSocket>

Q_DECLARE_LOGGING_CATEGORY(lcApi)

namespace qh::api {

namespace {
constexpr int kStreamSocketBuffer = 64 * 1024;
}

ApiServer::ApiServer(ApiHandler& handler, EventHub& hub, service::HallService& service,
                     QObject* parent)
    : QAbstractHttpServer(parent)
    , m_handler(handler)
    , m_hub(hub)
    , m_service(service)
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
    api.client = socket->peerAddress().toString();

    if (api.method != "POST") {
        respond(request, socket, api, m_handler.handle(api));
        return true;
    }
    // A change is answered only once its group is committed. The request object lives as long
    // as its socket, which may go before the commit.
    auto response = std::make_shared<ApiResponse>();
    m_service.submit([this, api, response] { *response = m_handler.handle(api); },
                     [this, &request, socket = QPointer<QTcpSocket>(socket), api,
                      response](std::exception_ptr failure) {
                         if (failure)
                             *response = ApiHandler::failure(failure, api);
                         if (socket)
                             respond(request, socket, api, *response);
                     });
    return true;
}

void ApiServer::respond(const QHttpServerRequest& request, QTcpSocket* socket,
                        const ApiRequest& api, const ApiResponse& response)
{
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
}

void ApiServer::missingHandler(const QHttpServerRequest& request, QTcpSocket* socket)
{
    qCDebug(lcApi) << "no handler for" << request.url().path();
    makeResponder(request, socket).write(QHttpServerResponder::StatusCode::NotFound);
}

} // namespace qh::api
