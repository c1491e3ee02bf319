// The city relay: follows the service's committed events and ships the audit trail to the city's
// PostgreSQL from a thread of its own, in batches (batchEvents, or what came within batchMs), at
// least once; the city's acknowledgement becomes the hall's cursor. With the link down the hall
// works as before, and the backlog goes at full speed when the link returns.
#pragma once

#include "citylink.h"
#include "followers.h"
#include "hallservice.h"

#include <QThread>
#include <QTimer>

namespace qh::sync {

class RelayWorker;

class CityRelay : public QObject, public service::CityLinkStatus
{
    Q_OBJECT

public:
    // `databasePath` is the service's store, read on the relay's thread through a connection of
    // its own.
    CityRelay(service::HallService& service, const QString& databasePath,
              const CitySettings& settings, const QString& password);
    ~CityRelay() override;

    void start();
    QJsonObject city() const override;
    // Asked only while the link streams, so that a city server that does not answer cannot hold
    // the hall's event loop up to the connect timeout.
    QByteArray cityReport(const QDate& from, const QDate& to, const QString& format) override;

private:
    void onAcknowledged(std::int64_t seq);
    void onLinkState(const QString& state, const QString& error, bool encrypted);

    service::HallService& m_service;
    CitySettings m_settings;
    QString m_password;
    QThread m_thread;
    RelayWorker* m_worker = nullptr; // lives on m_thread
    QTimer m_saveCursor;             // the cursor is written at most once a second
    std::int64_t m_acknowledged = 0;
    QString m_state = QStringLiteral("connecting");
    QString m_error;
    bool m_encrypted = false;
};

// The lag of the city's copy behind the trail: {acknowledged, last, lagEvents, lagSeconds (of
// the oldest event not yet acknowledged; null when none)}.
QJsonObject cityLag(engine::HallStore& store, std::int64_t acknowledged, std::int64_t nowMs);

} // namespace qh::sync
