// The live event stream: WebSocket clients get a snapshot, the events they missed (read from the
// store as their socket drains), then every committed event.
#include "eventhub.h"

#include "jsonmapping.h"

#include <QJsonDocument>
#include <QLoggingCategory>
#include <QNetworkRequest>

using namespace Qt::Literals::StringLiterals;

Q_DECLARE_LOGGING_CATEGORY(lcApi)

namespace qh::api {

namespace {

constexpr int kReplayPage = 200;
// A replay sends the next page only when less than this waits in the client's socket.
constexpr qint64 kReplayLowWaterBytes = 64 * 1024;

QString compact(const QJsonObject& o)
{
    return QString::fromUtf8(QJsonDocument(o).toJson(QJsonDocument::Compact));
}

} // namespace

EventHub::EventHub(ApiHandler& handler, service::HallService& service, qint64 queueLimitBytes,
                   int stallLimitMs, QObject* parent)
    : QObject(parent)
    , m_handler(handler)
    , m_store(service.store())
    , m_hall(service.hall())
    , m_queueLimitBytes(queueLimitBytes)
    , m_committedSeq(service.store().lastEventSeq())
{
    connect(&service, &service::HallService::committed, this, &EventHub::onCommitted);
    connect(&m_stallCheck, &QTimer::timeout, this, &EventHub::checkStalls);
    m_stallCheck.start(stallLimitMs);
}

void EventHub::accept(std::unique_ptr<QWebSocket> owned)
{
    QWebSocket* socket = owned.release();
    socket->setParent(this);
    connect(socket, &QWebSocket::disconnected, socket, &QObject::deleteLater);

    const QUrl url = socket->requestUrl();
    ApiRequest request{"GET", url.path(), QUrlQuery(url), {}, {}};
    const QByteArray authorization = socket->request().rawHeader("Authorization");
    if (!authorization.isEmpty())
        request.headers.insert("authorization", authorization);
    // The admin pages' session cookie; SameSite=Strict keeps other sites' pages from sending it.
    const QByteArray cookie = socket->request().rawHeader("Cookie");
    if (!cookie.isEmpty())
        request.headers.insert("cookie", cookie);
    request.client = socket->peerAddress().toString();
    const auto refuse = [&](const QString& code, const QString& message) {
        socket->sendTextMessage(
            compact({{u"error"_s, QJsonObject{{u"code"_s, code}, {u"message"_s, message}}}}));
        socket->close(QWebSocketProtocol::CloseCodePolicyViolated, message);
    };
    try {
        const std::optional<unsigned> roles = ApiHandler::rolesFor("GET", request.path);
        if (request.path != u"/api/v1/events"_s || !roles)
            return refuse(u"no_route"_s, u"the event stream is at /api/v1/events"_s);
        const std::optional<Principal> viewer = m_handler.authenticate(request);
        if (!viewer)
            return refuse(u"unauthorized"_s,
                          u"a valid device token, or a signed-in session, is required"_s);
        if (!ApiHandler::mayUse(*viewer, *roles))
            return refuse(u"forbidden"_s,
                          u"a %1 may not follow the event stream"_s.arg(viewer->describe()));
        std::optional<std::int64_t> since;
        if (request.query.hasQueryItem(u"since"_s)) {
            bool ok = false;
            since = request.query.queryItemValue(u"since"_s).toLongLong(&ok);
            if (!ok || *since < 0)
                return refuse(u"invalid"_s, u"since must be a whole number of at least 0"_s);
        }
        if (since && m_committedSeq - *since > kMaxReplayEvents)
            return refuse(u"invalid"_s, u"since is too old to replay; reconnect without it"_s);
        socket->sendTextMessage(compact({{u"type"_s, u"snapshot"_s},
                                         {u"seq"_s, double(m_committedSeq)},
                                         {u"data"_s, m_handler.hallSnapshot(*viewer)}}));
        const std::int64_t from = std::min(since.value_or(m_committedSeq), m_committedSeq);
        m_clients.push_back({socket, *viewer, from, from == m_committedSeq});
        qCDebug(lcApi) << "event stream opened for" << viewer->actor.device << "since"
                       << since.value_or(-1);
    } catch (const std::exception& e) {
        qCCritical(lcApi) << "cannot open an event stream:" << e.what();
        socket->close(QWebSocketProtocol::CloseCodeBadOperation,
                      u"the controller cannot read its store; try again"_s);
        return;
    }
    connect(socket, &QWebSocket::disconnected, this, [this, socket] {
        std::erase_if(m_clients, [&](const Client& c) { return c.socket == socket; });
    });
    connect(socket, &QWebSocket::bytesWritten, this, [this, socket] { replay(socket); });
    replay(socket);
}

EventHub::Client* EventHub::client(QWebSocket* socket)
{
    const auto it = std::find_if(m_clients.begin(), m_clients.end(),
                                 [&](const Client& c) { return c.socket == socket; });
    return it == m_clients.end() ? nullptr : &*it;
}

void EventHub::replay(QWebSocket* socket)
{
    try {
        for (Client* c = client(socket);
             c && !c->live && socket->bytesToWrite() < kReplayLowWaterBytes; c = client(socket)) {
            std::int64_t sent = c->sentSeq;
            const Principal viewer = c->viewer;
            const std::vector<engine::Event> page = m_store.eventsSince(sent, kReplayPage);
            for (const engine::Event& e : page) {
                if (e.seq > m_committedSeq)
                    break;
                if (m_handler.sees(viewer, e))
                    socket->sendTextMessage(compact(eventJson(e, m_hall)));
                sent = e.seq;
            }
            if (Client* still = client(socket)) {
                still->sentSeq = sent;
                still->live = page.empty() || sent >= m_committedSeq;
            }
        }
    } catch (const std::exception& e) {
        qCCritical(lcApi) << "cannot replay events to a client:" << e.what();
        drop(socket, QWebSocketProtocol::CloseCodeBadOperation,
             u"the controller cannot read its store; reconnect with since"_s);
    }
}

void EventHub::onCommitted(const engine::Event& event)
{
    m_committedSeq = event.seq;
    if (m_clients.empty())
        return;
    const QString message = compact(eventJson(event, m_hall));
    // A stream lasts as long as what opened it: the device's token, the person's session.
    const bool revoked = event.type == u"device.revoked"_s;
    std::vector<std::pair<QWebSocket*, QString>> ended;
    std::vector<QWebSocket*> live;
    for (const Client& c : m_clients) {
        const Principal& v = c.viewer;
        if (revoked && v.device && v.device->id == event.data.value(u"device"_s).toInteger())
            ended.emplace_back(c.socket, u"the device token was revoked"_s);
        else if (v.session && !m_handler.sessionAlive(*v.session))
            ended.emplace_back(c.socket, u"the session has ended; sign in again"_s);
        else if (c.live) // a replaying client reads this one from the store when it gets there
            live.push_back(c.socket);
    }
    for (const auto& [socket, reason] : ended)
        drop(socket, QWebSocketProtocol::CloseCodePolicyViolated, reason);
    for (QWebSocket* socket : live) {
        Client* c = client(socket);
        if (!c)
            continue;
        if (socket->bytesToWrite() > m_queueLimitBytes) {
            drop(socket, QWebSocketProtocol::CloseCodePolicyViolated,
                 u"too slow: %1 bytes unsent; reconnect with since"_s.arg(socket->bytesToWrite()));
            continue;
        }
        c->sentSeq = event.seq;
        if (m_handler.sees(c->viewer, event))
            socket->sendTextMessage(message);
    }
}

void EventHub::checkStalls()
{
    std::vector<QWebSocket*> stalled;
    for (Client& c : m_clients) {
        if (!c.live && c.sentSeq == c.seqAtLastCheck && c.socket->bytesToWrite() > 0)
            stalled.push_back(c.socket);
        c.seqAtLastCheck = c.sentSeq;
    }
    for (QWebSocket* socket : stalled) {
        drop(socket, QWebSocketProtocol::CloseCodePolicyViolated,
             u"too slow: the replay made no progress; reconnect with since"_s);
    }
}

void EventHub::drop(QWebSocket* socket, QWebSocketProtocol::CloseCode code, const QString& reason)
{
    qCWarning(lcApi) << "closing an event stream:" << reason;
    std::erase_if(m_clients, [&](const Client& c) { return c.socket == socket; });
    socket->close(code, reason);
    socket->abort();
}

void EventHub::closeAll(const QString& reason)
{
    for (const Client& c : std::vector<Client>(m_clients))
        c.socket->close(QWebSocketProtocol::CloseCodeGoingAway, reason);
    m_clients.clear();
}

} // namespace qh::api
