// The HTTP server: QtHttpServer's parser and sockets in front of the API handler and event hub.
#pragma once

#include "eventhub.h"
#include "handler.h"

#include <QAbstractHttpServer>

namespace qh::api {

class ApiServer : public QAbstractHttpServer
{
    Q_OBJECT

public:
    ApiServer(ApiHandler& handler, EventHub& hub, service::HallService& service,
              QObject* parent = nullptr);

protected:
    bool handleRequest(const QHttpServerRequest& request, QTcpSocket* socket) override;
    void missingHandler(const QHttpServerRequest& request, QTcpSocket* socket) override;

private:
    void respond(const QHttpServerRequest& request, QTcpSocket* socket, const ApiRequest& api,
                 const ApiResponse& response);

    ApiHandler& m_handler;
    EventHub& m_hub;
    service::HallService& m_service;
};

} // namespace qh::api
