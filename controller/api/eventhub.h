// The live event stream: WebSocket clients get a snapshot, the events they missed (read from the
// store as their socket drains), then every committed event.
#pragma once

#include "handler.h"

#include <memory>
#include <vector>

#include <QObject>
#include <QTimer>
#include <QWebSocket>

namespace qh::api {

class EventHub : public QObject
{
    Q_OBJECT

public:
    static constexpr std::int64_t kMaxReplayEvents = 100'000;

    // A live client with more than queueLimitBytes unsent, or a replaying client that takes
    // nothing for a whole stallLimitMs, is cut off as too slow.
    EventHub(ApiHandler& handler, service::HallService& service, qint64 queueLimitBytes,
             int stallLimitMs, QObject* parent = nullptr);

    // Checks the client's token and `since`, then sends the snapshot and the missed events.
    void accept(std::unique_ptr<QWebSocket> socket);
    void closeAll(const QString& reason);

private:
    struct Client
    {
        QWebSocket* socket = nullptr;
        Principal viewer;                 // a department head sees his department's events
        std::int64_t sentSeq = 0;         // the last event it was sent
        bool live = false;                // caught up: it gets each event as it is committed
        std::int64_t seqAtLastCheck = -1; // for the stall check of a replaying client
    };

    void onCommitted(const engine::Event& event);
    // Sends the next stored events while the client's socket has room; live once caught up.
    void replay(QWebSocket* socket);
    void checkStalls();
    Client* client(QWebSocket* socket);
    void drop(QWebSocket* socket, QWebSocketProtocol::CloseCode code, const QString& reason);

    ApiHandler& m_handler;
    engine::HallStore& m_store;
    const engine::HallConfig& m_hall;
    qint64 m_queueLimitBytes;
    std::int64_t m_committedSeq;
    std::vector<Client> m_clients;
    QTimer m_stallCheck;
};

} // namespace qh::api
