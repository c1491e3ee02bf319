// The live event stream: WebSocket clients get a snapshot, the events they missed, then every
// event.
#pragma once

#include "handler.h"

#include <memory>
#include <vector>

#include <QObject>
#include <QWebSocket>

namespace qh::api {

class EventHub : public QObject
{
    Q_OBJECT

public:
    static constexpr qint64 kDefaultQueueLimitBytes = 1024 * 1024;
    static constexpr std::int64_t kMaxReplayEvents = 100'000;

    EventHub(ApiHandler& handler, db::Store& store, const db::HallConfig& hall,
             qint64 queueLimitBytes, QObject* parent = nullptr);

    // Checks the client's token and `since`, then sends the snapshot and the missed events.
    void accept(std::unique_ptr<QWebSocket> socket);
    // Sends every event stored since the last publish to every client.
    void publish();
    void closeAll(const QString& reason);
    int clientCount() const { return int(m_clients.size()); }

signals:
    // Every stored event, once, in order, as it goes out to the clients.
    void eventPublished(const db::Event& event);

private:
    bool send(QWebSocket* client, const QString& message);
    void drop(QWebSocket* client, QWebSocketProtocol::CloseCode code, const QString& reason);

    ApiHandler& m_handler;
    db::Store& m_store;
    const db::HallConfig& m_hall;
    qint64 m_queueLimitBytes;
    std::int64_t m_publishedSeq;
    std::vector<QWebSocket*> m_clients;
};

} // namespace qh::api
