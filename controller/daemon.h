// `queuehall-controller serve`: the daemon that kiosks, callers, displays and admins talk to.
#pragma once

#include "citylink.h"
#include "clock.h"
#include "datadir.h"

#include <optional>

#include <QHostAddress>
#include <QString>
#include <QStringList>

namespace qh::controller {

struct ServeOptions
{
    QString database;
    QHostAddress listen = QHostAddress::Any;
    quint16 port = 8470;                      // 0 picks a free port
    int ticketsPerMinute = 30;                // per kiosk
    qint64 sendQueueLimitBytes = 1024 * 1024; // per event-stream client
    int sendStallLimitSeconds = 30;           // a replaying client that takes nothing is cut off
    QString voiceDirectory = datadir::path(QStringLiteral("voice"));
    QStringList voiceLanguages = {QStringLiteral("zh"), QStringLiteral("en")};
    bool playVoice = false; // speak every call on this machine's default audio output too
    std::optional<sync::CitySettings> city; // stream the audit trail to the city's PostgreSQL
};

// Serves until SIGTERM or SIGINT; returns the exit code.
int runServe(const ServeOptions& options, const engine::Clock& clock);

} // namespace qh::controller
