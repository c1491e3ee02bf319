// The hall's side of the city's PostgreSQL: the link's settings, the central schema's
// migrations, and the session that joins the hall's epoch and sends its events in batches.
#pragma once

#include "hall.h"
#include "pgconnection.h"
#include "trail.h"

#include <cstdint>
#include <map>
#include <span>
#include <vector>

#include <QJsonObject>
#include <QString>

namespace qh::sync {

struct CitySettings
{
    // A libpq connection string without the password: host, port, dbname, user, and the TLS
    // settings (sslmode=verify-full sslrootcert=/etc/queuehall/city-ca.pem).
    QString conninfo;
    // The password alone in a file that only its owner may read; empty for none (a client
    // certificate, or peer authentication on a local socket).
    QString passwordFile;
    int batchEvents = 500;
    int batchMs = 1000;
};

// The settings of a config file's "city" object: {"conninfo", "passwordFile", "batchEvents",
// "batchMs"}. Throws db::ConfigError naming `source` on an unknown key, a password in the
// connection string, a bad number, or a password file others may read.
CitySettings citySettings(const QJsonObject& city, const QString& source);
// The password of the settings (checked as citySettings checks it); empty for none.
QString cityPassword(const CitySettings& settings);

// The central schema: applies the migrations this program has that the database lacks, each in
// its own transaction under an advisory lock; returns the version.
int migrateCity(PgConnection& pg);
int citySchemaVersion(PgConnection& pg);
int latestCitySchemaVersion();

struct HallIdentity
{
    QString hallId;
    QString nameZh;
    QString nameEn;
    QString timeZone;
    QString epoch;
    std::int64_t epochBase = 0; // the epoch starts after this event
    QByteArray baseHash;        // its hash; empty for 0
};

// The hall as its store names it for the city: its id and names, and its epoch.
HallIdentity hallIdentity(const engine::HallConfig& hall, db::Database& store);

struct Acknowledgement
{
    std::int64_t seq = 0; // the last event the city holds: the hall's cursor
    QString stopped;      // why the city stopped the hall's ingest, if it did
};

// The events as rows of COPY's text format, in the events table's column order after `stream`;
// `leading` starts each row (a stream column of its own, say).
QByteArray copyRows(std::span<const db::TrailEvent> events, const QByteArray& leading = {});

class CityLink
{
public:
    // Connects and checks the central schema. Throws PgError.
    CityLink(const CitySettings& settings, const QString& password);
    // Joins the hall's epoch (once; again is harmless): the last event the city holds of it.
    std::int64_t join(const HallIdentity& hall);
    // One batch in one transaction: COPY into the events, then the central checks and ingest.
    // Events the city holds already are left out, so sending a batch again changes nothing.
    Acknowledgement send(const HallIdentity& hall, const std::vector<db::TrailEvent>& events);
    bool encrypted() const { return m_pg.sslInUse(); }

private:
    struct Stream
    {
        int id = 0;
        std::int64_t held = 0; // the last event the city holds
    };

    PgConnection m_pg;
    std::map<QString, Stream> m_streams; // by "hall/epoch", once joined
};

} // namespace qh::sync
