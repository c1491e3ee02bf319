// The audit trail as the city's copy takes it: raw events with their hashes, and the hall's
// place in that copy (its epoch and the last event the city acknowledged), kept in hall_meta.
#pragma once

#include "database.h"

#include <cstdint>
#include <optional>
#include <vector>

#include <QByteArray>
#include <QString>

namespace qh::db {

// One event byte for byte as the trail holds it (text as UTF-8): `data` is the JSON its hash
// was taken over.
struct TrailEvent
{
    std::int64_t seq = 0;
    std::int64_t at = 0;
    QByteArray type;
    QByteArray actor;
    QByteArray device;
    std::optional<std::int64_t> ticketId;
    std::optional<int> window;
    QByteArray data;
    QByteArray prevHash;
    QByteArray hash;
};

// The events after `afterSeq`, in order, at most `limit`.
std::vector<TrailEvent> readTrail(Database& db, std::int64_t afterSeq, int limit);
// The hash of event `seq`; empty for 0 or an event the trail does not hold.
QByteArray trailHash(Database& db, std::int64_t seq);

struct CityCursor
{
    QString epoch;
    std::int64_t epochBase = 0;    // the epoch starts after this event
    std::int64_t acknowledged = 0; // the last event the city holds
};
CityCursor cityCursor(Database& db);
void setCityAcknowledged(Database& db, std::int64_t seq);
// A new epoch that starts after the last event the city acknowledged: for a database restored
// from a backup, before anything else is written to it.
void renewCityEpoch(Database& db);

} // namespace qh::db
