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
    ApiServer(ApiHandler& handler, EventHub& hub, QObject* parent = nullptr);

protected:
    bool handleRequest(const QHttpServerRequest& request, QTcpSocket* socket) override;
    void missingHandler(const QHttpServerRequest& request, QTcpSocket* socket) override;

private:
    ApiHandler& m_handler;
    EventHub& m_hub;
};

} // namespace qh::api
