// The city relay and its worker thread.
#include "relay.h"

#include "cityreport.h"

#include <memory>

#include <QJsonDocument>
#include <QLoggingCategory>

using namespace Qt::Literals::StringLiterals;

Q_DECLARE_LOGGING_CATEGORY(lcSync)

namespace qh::sync {

namespace {

constexpr int kFirstRetryMs = 1000;
constexpr int kLastRetryMs = 30'000;
constexpr int kStoppedRetryMs = 60'000; // a hall the city stopped asks again this often
constexpr int kCursorSaveMs = 1000;

} // namespace

// On the relay's thread: its own read connection to the hall's store and its own link.
class RelayWorker : public QObject
{
    Q_OBJECT

public:
    RelayWorker(const QString& databasePath, const CitySettings& settings, const QString& password,
                const HallIdentity& hall, std::int64_t acknowledged)
        : m_databasePath(databasePath)
        , m_settings(settings)
        , m_password(password)
        , m_hall(hall)
        , m_acknowledged(acknowledged)
    {
        // Children, so that they move to the relay's thread with the worker.
        m_batch.setParent(this);
        m_retry.setParent(this);
        m_batch.setSingleShot(true);
        m_retry.setSingleShot(true);
        connect(&m_batch, &QTimer::timeout, this, &RelayWorker::ship);
        connect(&m_retry, &QTimer::timeout, this, &RelayWorker::ship);
    }

    // The trail holds events up to `seq`.
    void written(std::int64_t seq)
    {
        m_written = std::max(m_written, seq);
        // A link that is down waits for its retry; a hall the city stopped asks with each batch,
        // so that it goes on as soon as the city resumes it.
        if (m_retry.isActive() && !m_stoppedByCity)
            return;
        if (m_written - m_acknowledged >= m_settings.batchEvents)
            ship();
        else if (!m_batch.isActive())
            m_batch.start(m_settings.batchMs);
    }

    void ship()
    {
        m_batch.stop();
        m_retry.stop();
        try {
            if (!m_store)
                m_store =
                    std::make_unique<db::Database>(m_databasePath, db::Database::Mode::ReadOnly);
            if (!m_link) {
                m_link = std::make_unique<CityLink>(m_settings, m_password);
                // The city's word is the cursor: after a loss on its side the hall sends again.
                m_acknowledged = m_link->join(m_hall);
                Q_EMIT acknowledged(m_acknowledged);
                Q_EMIT linkState(u"streaming"_s, {}, m_link->encrypted());
                qCInfo(lcSync) << "city link up; the city holds the trail to event"
                               << m_acknowledged;
            }
            while (!QThread::currentThread()->isInterruptionRequested()) {
                const std::vector<db::TrailEvent> events =
                    db::readTrail(*m_store, m_acknowledged, m_settings.batchEvents);
                if (events.empty())
                    break;
                const Acknowledgement ack = m_link->send(m_hall, events);
                const bool advanced = ack.seq > m_acknowledged;
                m_acknowledged = ack.seq;
                Q_EMIT acknowledged(m_acknowledged);
                if (!ack.stopped.isEmpty()) {
                    if (!m_stoppedByCity)
                        qCCritical(lcSync) << "the city stopped this hall's ingest:" << ack.stopped;
                    m_stoppedByCity = true;
                    Q_EMIT linkState(u"stopped"_s, ack.stopped, m_link->encrypted());
                    m_retry.start(kStoppedRetryMs);
                    return;
                }
                if (m_stoppedByCity) {
                    m_stoppedByCity = false;
                    qCInfo(lcSync) << "the city resumed this hall's ingest";
                    Q_EMIT linkState(u"streaming"_s, {}, m_link->encrypted());
                }
                if (!advanced)
                    break;
            }
            m_retryMs = kFirstRetryMs;
        } catch (const PgError& e) {
            m_link.reset();
            m_stoppedByCity = false;
            const bool refused = e.sqlState().startsWith("QH");
            qCWarning(lcSync) << "city link:" << e.what();
            Q_EMIT linkState(refused ? u"refused"_s : u"down"_s, QString::fromUtf8(e.what()),
                             false);
            m_retry.start(refused ? kStoppedRetryMs : m_retryMs);
            m_retryMs = std::min(m_retryMs * 2, kLastRetryMs);
        } catch (const std::exception& e) {
            // The hall's store could not be read: try again, the hall itself goes on.
            m_store.reset();
            qCWarning(lcSync) << "reading the trail for the city:" << e.what();
            Q_EMIT linkState(u"down"_s, QString::fromUtf8(e.what()), false);
            m_retry.start(m_retryMs);
        }
    }

Q_SIGNALS:
    void acknowledged(qint64 seq);
    void linkState(const QString& state, const QString& error, bool encrypted);

private:
    QString m_databasePath;
    CitySettings m_settings;
    QString m_password;
    HallIdentity m_hall;
    std::unique_ptr<db::Database> m_store;
    std::unique_ptr<CityLink> m_link;
    QTimer m_batch;
    QTimer m_retry;
    int m_retryMs = kFirstRetryMs;
    bool m_stoppedByCity = false;
    std::int64_t m_acknowledged = 0;
    std::int64_t m_written = 0;
};

CityRelay::CityRelay(service::HallService& service, const QString& databasePath,
                     const CitySettings& settings, const QString& password)
    : m_service(service)
    , m_settings(settings)
    , m_password(password)
{
    engine::HallStore& store = service.store();
    m_acknowledged = store.cityAcknowledged();
    db::Database reader(databasePath, db::Database::Mode::ReadOnly);
    const HallIdentity hall = hallIdentity(service.hall(), reader);
    m_worker = new RelayWorker(databasePath, settings, password, hall, m_acknowledged);
    m_worker->moveToThread(&m_thread);
    connect(&m_thread, &QThread::finished, m_worker, &QObject::deleteLater);
    connect(m_worker, &RelayWorker::acknowledged, this, &CityRelay::onAcknowledged);
    connect(m_worker, &RelayWorker::linkState, this, &CityRelay::onLinkState);
    connect(&service, &service::HallService::committed, this, [this](const engine::Event& e) {
        QMetaObject::invokeMethod(m_worker, [w = m_worker, seq = e.seq] { w->written(seq); });
    });
    m_saveCursor.setSingleShot(true);
    connect(&m_saveCursor, &QTimer::timeout, this, [this] {
        try {
            m_service.cityAcknowledged(m_acknowledged);
        } catch (const std::exception& e) {
            qCWarning(lcSync) << "cannot keep the city's cursor:" << e.what();
        }
    });
}

CityRelay::~CityRelay()
{
    m_thread.requestInterruption();
    m_thread.quit();
    m_thread.wait();
}

void CityRelay::start()
{
    m_thread.setObjectName(u"city relay"_s);
    m_thread.start();
    QMetaObject::invokeMethod(m_worker, [w = m_worker] { w->ship(); });
}

void CityRelay::onAcknowledged(std::int64_t seq)
{
    m_acknowledged = seq;
    if (!m_saveCursor.isActive())
        m_saveCursor.start(kCursorSaveMs);
}

void CityRelay::onLinkState(const QString& state, const QString& error, bool encrypted)
{
    m_state = state;
    m_error = error;
    m_encrypted = encrypted;
}

QJsonObject CityRelay::city() const
{
    QJsonObject o = cityLag(m_service.store(), m_acknowledged, m_service.clock().nowMs());
    o.insert(u"configured"_s, true);
    o.insert(u"state"_s, m_state);
    o.insert(u"encrypted"_s, m_encrypted);
    if (!m_error.isEmpty())
        o.insert(u"error"_s, m_error);
    return o;
}

QByteArray CityRelay::cityReport(const QDate& from, const QDate& to, const QString& format)
{
    if (m_state != u"streaming"_s)
        throw std::runtime_error(u"the city's database is not reachable now (%1)"_s
                                     .arg(m_error.isEmpty() ? m_state : m_error)
                                     .toStdString());
    try {
        PgConnection pg(m_settings.conninfo, m_password);
        const CityReport report =
            sync::cityReport(pg, from, to, m_service.engine().cases().today());
        return format == u"csv"_s
                   ? cityReportCsv(report)
                   : QJsonDocument(cityReportJson(report)).toJson(QJsonDocument::Compact);
    } catch (const PgError& e) {
        throw std::runtime_error(std::string("the city's database: ") + e.what());
    }
}

QJsonObject cityLag(engine::HallStore& store, std::int64_t acknowledged, std::int64_t nowMs)
{
    const std::int64_t last = store.lastEventSeq();
    const std::optional<std::int64_t> oldest =
        acknowledged < last ? store.eventTime(acknowledged + 1) : std::nullopt;
    return {{u"acknowledged"_s, qint64(acknowledged)},
            {u"last"_s, qint64(last)},
            {u"lagEvents"_s, qint64(std::max<std::int64_t>(0, last - acknowledged))},
            {u"lagSeconds"_s,
             oldest ? QJsonValue(double(std::max<std::int64_t>(0, nowMs - *oldest)) / 1000.0)
                    : QJsonValue()}};
}

} // namespace qh::sync

#include "relay.moc"
