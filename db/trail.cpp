// The audit trail as the city's copy takes it, and the hall's cursor in that copy.
#include "trail.h"

#include "store.h"

#include <QRandomGenerator>

using namespace Qt::Literals::StringLiterals;

namespace qh::db {

namespace {

std::int64_t metaNumber(Database& db, const char* key)
{
    return metaValue(db, key).toLongLong();
}

} // namespace

std::vector<TrailEvent> readTrail(Database& db, std::int64_t afterSeq, int limit)
{
    Statement q = db.prepare("SELECT seq, at, type, actor, device, ticket_id, window, data, "
                             "prev_hash, hash FROM events WHERE seq > ? ORDER BY seq LIMIT ?");
    q.bind(1, afterSeq).bind(2, limit);
    std::vector<TrailEvent> events;
    while (q.step()) {
        events.push_back({q.int64(0), q.int64(1), q.blob(2), q.blob(3), q.blob(4),
                          q.optionalInt64(5),
                          q.isNull(6) ? std::nullopt : std::optional<int>(q.integer(6)), q.blob(7),
                          q.blob(8), q.blob(9)});
    }
    return events;
}

QByteArray trailHash(Database& db, std::int64_t seq)
{
    Statement q = db.prepare("SELECT hash FROM events WHERE seq = ?");
    q.bind(1, seq);
    return q.step() ? q.blob(0) : QByteArray();
}

CityCursor cityCursor(Database& db)
{
    return {metaValue(db, "city_epoch"), metaNumber(db, "city_epoch_base"),
            metaNumber(db, "city_acknowledged")};
}

void setCityAcknowledged(Database& db, std::int64_t seq)
{
    setMetaValue(db, "city_acknowledged", QString::number(seq));
}

void renewCityEpoch(Database& db)
{
    Transaction transaction(db);
    quint32 words[4];
    QRandomGenerator::system()->fillRange(words);
    setMetaValue(db, "city_epoch",
                 QString::fromLatin1(
                     QByteArray(reinterpret_cast<const char*>(words), sizeof words).toHex()));
    setMetaValue(db, "city_epoch_base", QString::number(metaNumber(db, "city_acknowledged")));
    transaction.commit();
}

} // namespace qh::db
