// The live event stream: WebSocket clients get a snapshot, the events they missed, then every
// event.
#include "eventhub.h"

#include "jsonmapping.h"

#include <QJsonDocument>
#include <QLoggingCategory>
#include <QNetworkRequest>

using namespace Qt::Literals::StringLiterals;

Q_DECLARE_LOGGING_CATEGORY(lcApi)

namespace qh::api {

namespace {

constexpr int kPage = 1000;

QByteArray compact(const QJsonObject& o)
{
    return QJsonDocument(o).toJson(QJsonDocument::Compact);
}

} // namespace

EventHub::EventHub(ApiHandler& handler, db::Store& store, const db::HallConfig& hall,
                   qint64 queueLimitBytes, QObject* parent)
    : QObject(parent)
    , m_handler(handler)
    , m_store(store)
    , m_hall(hall)
    , m_queueLimitBytes(queueLimitBytes)
    , m_publishedSeq(store.lastEventSeq())
{
}

void EventHub::accept(std::unique_ptr<QWebSocket> owned)
{
    QWebSocket* client = owned.release();
    client->setParent(this);
    connect(client, &QWebSocket::disconnected, client, &QObject::deleteLater);

    const QUrl url = client->requestUrl();
    ApiRequest request{"GET", url.path(), QUrlQuery(url), {}, {}};
    const QByteArray authorization = client->request().rawHeader("Authorization");
    if (!authorization.isEmpty())
        request.headers.insert("authorization", authorization);
    const auto refuse = [&](const QString& code, const QString& message) {
        client->sendTextMessage(QString::fromUtf8(
            compact({{u"error"_s, QJsonObject{{u"code"_s, code}, {u"message"_s, message}}}})));
        client->close(QWebSocketProtocol::CloseCodePolicyViolated, message);
    };
    const std::optional<unsigned> roles = ApiHandler::rolesFor("GET", request.path);
    if (request.path != u"/api/v1/events"_s || !roles)
        return refuse(u"no_route"_s, u"the event stream is at /api/v1/events"_s);
    const std::optional<db::Device> device = m_handler.authenticate(request);
    if (!device)
        return refuse(u"unauthorized"_s, u"a valid device token is required"_s);
    if (!ApiHandler::mayUse(*device, *roles))
        return refuse(u"forbidden"_s, u"a %1 may not follow the event stream"_s.arg(device->role));
    std::optional<std::int64_t> since;
    if (request.query.hasQueryItem(u"since"_s)) {
        bool ok = false;
        since = request.query.queryItemValue(u"since"_s).toLongLong(&ok);
        if (!ok || *since < 0)
            return refuse(u"invalid"_s, u"since must be a whole number of at least 0"_s);
    }

    publish(); // everyone else is up to date; the newcomer starts from the same point
    if (since && m_publishedSeq - *since > kMaxReplayEvents)
        return refuse(u"invalid"_s, u"since is too old to replay; reconnect without it"_s);
    QJsonObject snapshot = m_handler.hallSnapshot();
    if (!send(client, QString::fromUtf8(compact({{u"type"_s, u"snapshot"_s},
                                                 {u"seq"_s, double(m_publishedSeq)},
                                                 {u"data"_s, snapshot}}))))
        return;
    for (std::int64_t from = since.value_or(m_publishedSeq); from < m_publishedSeq;) {
        const std::vector<db::Event> page = m_store.eventsSince(from, kPage);
        if (page.empty())
            break;
        for (const db::Event& e : page) {
            if (e.seq > m_publishedSeq)
                break;
            if (!send(client, QString::fromUtf8(compact(eventJson(e, m_hall)))))
                return;
            from = e.seq;
        }
    }
    m_clients.push_back(client);
    connect(client, &QWebSocket::disconnected, this,
            [this, client] { std::erase(m_clients, client); });
    qCDebug(lcApi) << "event stream opened for" << device->role << device->id << "since"
                   << since.value_or(-1);
}

void EventHub::publish()
{
    while (true) {
        const std::vector<db::Event> events = m_store.eventsSince(m_publishedSeq, kPage);
        if (events.empty())
            return;
        for (const db::Event& e : events) {
            const QString message = QString::fromUtf8(compact(eventJson(e, m_hall)));
            const std::vector<QWebSocket*> clients = m_clients; // send() may drop one
            for (QWebSocket* client : clients)
                send(client, message);
            m_publishedSeq = e.seq;
            emit eventPublished(e);
        }
    }
}

bool EventHub::send(QWebSocket* client, const QString& message)
{
    if (client->bytesToWrite() > m_queueLimitBytes) {
        drop(client, QWebSocketProtocol::CloseCodePolicyViolated,
             u"too slow: %1 bytes unsent; reconnect with since"_s.arg(client->bytesToWrite()));
        return false;
    }
    client->sendTextMessage(message);
    return true;
}

void EventHub::drop(QWebSocket* client, QWebSocketProtocol::CloseCode code, const QString& reason)
{
    qCWarning(lcApi) << "closing an event stream:" << reason;
    std::erase(m_clients, client);
    client->close(code, reason);
    client->abort();
}

void EventHub::closeAll(const QString& reason)
{
    for (QWebSocket* client : std::vector<QWebSocket*>(m_clients))
        client->close(QWebSocketProtocol::CloseCodeGoingAway, reason);
    m_clients.clear();
}

} // namespace qh::api
