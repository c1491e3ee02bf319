// The hall's side of the city's PostgreSQL.
#include "citylink.h"

#include "hallconfig.h"
#include "migrations.h"

#include <algorithm>
#include <charconv>
#include <sys/stat.h>

#include <QFile>
#include <QLoggingCategory>

using namespace Qt::Literals::StringLiterals;

Q_LOGGING_CATEGORY(lcSync, "qh.controller.sync")

namespace qh::sync {

namespace {

// Fails the way a config error does: the daemon does not start with a link it cannot use.
[[noreturn]] void refuse(const QString& message)
{
    throw db::ConfigError({message});
}

int settingNumber(const QJsonObject& city, const QString& key, int fallback, int min, int max,
                  const QString& source)
{
    if (!city.contains(key))
        return fallback;
    const QJsonValue v = city.value(key);
    if (!v.isDouble() || v.toDouble() != double(v.toInt()) || v.toInt() < min || v.toInt() > max)
        refuse(u"%1: city.%2 must be a whole number from %3 to %4"_s.arg(source, key)
                   .arg(min)
                   .arg(max));
    return v.toInt();
}

} // namespace

CitySettings citySettings(const QJsonObject& city, const QString& source)
{
    const QStringList known = {u"conninfo"_s, u"passwordFile"_s, u"batchEvents"_s, u"batchMs"_s};
    for (const QString& key : city.keys()) {
        if (!known.contains(key))
            refuse(u"%1: unknown city setting '%2'"_s.arg(source, key));
    }
    CitySettings settings;
    settings.conninfo = city.value(u"conninfo"_s).toString();
    if (settings.conninfo.trimmed().isEmpty())
        refuse(u"%1: city.conninfo is missing (host=... dbname=... user=...)"_s.arg(source));
    if (const QString problem = conninfoProblem(settings.conninfo); !problem.isEmpty())
        refuse(u"%1: city.conninfo: %2"_s.arg(source, problem));
    settings.passwordFile = city.value(u"passwordFile"_s).toString();
    settings.batchEvents =
        settingNumber(city, u"batchEvents"_s, settings.batchEvents, 1, 100000, source);
    settings.batchMs = settingNumber(city, u"batchMs"_s, settings.batchMs, 10, 600000, source);
    cityPassword(settings); // checked now, so that a bad file stops the start
    return settings;
}

QString cityPassword(const CitySettings& settings)
{
    if (settings.passwordFile.isEmpty())
        return {};
    struct stat info
    {
    };
    if (::stat(QFile::encodeName(settings.passwordFile).constData(), &info) != 0)
        refuse(u"the city password file %1 cannot be read"_s.arg(settings.passwordFile));
    if (info.st_mode & (S_IRWXG | S_IRWXO))
        refuse(u"the city password file %1 is open to others (mode %2); make it 0600 or 0400"_s
                   .arg(settings.passwordFile)
                   .arg(info.st_mode & 0777, 4, 8, QLatin1Char('0')));
    QFile file(settings.passwordFile);
    if (!file.open(QIODevice::ReadOnly))
        refuse(u"the city password file %1 cannot be read"_s.arg(settings.passwordFile));
    const QString password = QString::fromUtf8(file.readAll()).trimmed();
    if (password.isEmpty())
        refuse(u"the city password file %1 is empty"_s.arg(settings.passwordFile));
    return password;
}

int citySchemaVersion(PgConnection& pg)
{
    pg.execScript(u"CREATE TABLE IF NOT EXISTS schema_migrations ("
                  "version integer PRIMARY KEY, name text NOT NULL, "
                  "applied_at timestamptz NOT NULL DEFAULT now())"_s);
    return pg.exec(u"SELECT coalesce(max(version), 0) FROM schema_migrations"_s)[0][0].toInt();
}

int latestCitySchemaVersion()
{
    return db::migrationsIn(u":/qh/city"_s).back().version;
}

int migrateCity(PgConnection& pg)
{
    int version = citySchemaVersion(pg);
    for (const db::Migration& m : db::migrationsIn(u":/qh/city"_s)) {
        PgTransaction transaction(pg);
        // One migrator at a time; the version is read again under the lock.
        pg.exec(u"SELECT pg_advisory_xact_lock(8470)"_s);
        version =
            pg.exec(u"SELECT coalesce(max(version), 0) FROM schema_migrations"_s)[0][0].toInt();
        if (m.version <= version)
            continue;
        qCInfo(lcSync) << "applying city migration" << m.name;
        pg.execScript(m.sql);
        pg.exec(u"INSERT INTO schema_migrations (version, name) VALUES ($1, $2)"_s,
                {QString::number(m.version), m.name});
        transaction.commit();
        version = m.version;
    }
    return version;
}

HallIdentity hallIdentity(const engine::HallConfig& hall, db::Database& store)
{
    const db::CityCursor cursor = db::cityCursor(store);
    return {hall.id,
            hall.name.zh,
            hall.name.en,
            QString::fromLatin1(hall.timeZone),
            cursor.epoch,
            cursor.epochBase,
            db::trailHash(store, cursor.epochBase)};
}

CityLink::CityLink(const CitySettings& settings, const QString& password)
    : m_pg(settings.conninfo, password)
{
    const int version = citySchemaVersion(m_pg);
    if (version < latestCitySchemaVersion())
        throw PgError(u"the city database has schema version %1 and this hall needs %2; run "
                      "'queuehall-city migrate' there"_s.arg(version)
                          .arg(latestCitySchemaVersion()),
                      "QH000");
}

std::int64_t CityLink::join(const HallIdentity& hall)
{
    const QStringList row = m_pg.exec(
        u"SELECT stream_id, held FROM join_epoch($1, $2, $3, $4, $5, $6, $7)"_s,
        {hall.hallId, hall.nameZh, hall.nameEn, hall.timeZone, hall.epoch,
         QString::number(hall.epochBase),
         hall.baseHash.isEmpty() ? QStringLiteral("") : QString::fromLatin1(hall.baseHash)})[0];
    Stream& stream = m_streams[hall.hallId + u'/' + hall.epoch];
    stream.id = row[0].toInt();
    stream.held = row[1].toLongLong();
    return stream.held;
}

QByteArray copyRows(std::span<const db::TrailEvent> events, const QByteArray& leading)
{
    QByteArray rows;
    rows.reserve(qsizetype(events.size()) * 400);
    const auto appendNumber = [&rows](std::int64_t n) {
        char digits[24];
        rows.append(digits, std::to_chars(digits, digits + sizeof digits, n).ptr - digits);
    };
    for (const db::TrailEvent& e : events) {
        rows += leading;
        appendNumber(e.seq);
        rows += '\t';
        appendNumber(e.at);
        for (const QByteArray* field : {&e.type, &e.actor, &e.device}) {
            rows += '\t';
            appendCopyField(rows, *field);
        }
        rows += '\t';
        if (e.ticketId)
            appendNumber(*e.ticketId);
        else
            rows += "\\N";
        rows += '\t';
        if (e.window)
            appendNumber(*e.window);
        else
            rows += "\\N";
        for (const QByteArray* field : {&e.data, &e.prevHash, &e.hash}) {
            rows += '\t';
            appendCopyField(rows, *field);
        }
        rows += '\n';
    }
    return rows;
}

Acknowledgement CityLink::send(const HallIdentity& hall, const std::vector<db::TrailEvent>& events)
{
    const auto found = m_streams.find(hall.hallId + u'/' + hall.epoch);
    if (found == m_streams.end())
        throw PgError(u"hall %1 sends before it has joined"_s.arg(hall.hallId));
    Stream& stream = found->second;
    // What the city holds already is not sent again (it would be refused whole).
    const std::span<const db::TrailEvent> fresh(
        std::partition_point(events.begin(), events.end(),
                             [&](const db::TrailEvent& e) { return e.seq <= stream.held; }),
        events.end());
    if (fresh.empty())
        return {stream.held, {}};
    // The rows and their ingest are one transaction, sent in one go.
    const PgRows result = m_pg.copyIn(
        u"COPY events FROM STDIN; SELECT acknowledged, problem FROM ingest(%1, %2)"_s.arg(
            m_pg.literal(hall.hallId), m_pg.literal(hall.epoch)),
        copyRows(fresh, QByteArray::number(stream.id) + '\t'));
    stream.held = result[0][0].toLongLong();
    return {stream.held, result[0][1]};
}

} // namespace qh::sync
