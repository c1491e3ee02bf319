// Numbered schema migrations: each applied in its own transaction and recorded in
// schema_migrations.
#include "migrations.h"

#include "backups.h"
#include "database.h"

#include <QDateTime>
#include <QDir>
#include <QFile>
#include <QLoggingCategory>

using namespace Qt::Literals::StringLiterals;

Q_DECLARE_LOGGING_CATEGORY(lcDb)

namespace qh::db {

std::vector<Migration> migrationsIn(const QString& folder)
{
    std::vector<Migration> migrations;
    const QDir dir(folder);
    for (const QString& file : dir.entryList({u"*.sql"_s}, QDir::Files, QDir::Name)) {
        QFile f(dir.filePath(file));
        if (!f.open(QIODevice::ReadOnly))
            throw MigrationError("cannot read built-in migration " + file.toStdString());
        migrations.push_back(
            {file.section(u'_', 0, 0).toInt(), file, QString::fromUtf8(f.readAll())});
    }
    return migrations;
}

std::vector<Migration> builtinMigrations()
{
    return migrationsIn(u":/qh/migrations"_s);
}

int latestSchemaVersion()
{
    return builtinMigrations().back().version;
}

int schemaVersion(Database& db)
{
    db.execScript(
        u"CREATE TABLE IF NOT EXISTS schema_migrations ("
        "version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at TEXT NOT NULL) STRICT"_s);
    Statement q = db.prepare("SELECT coalesce(max(version), 0) FROM schema_migrations");
    q.step();
    return q.integer(0);
}

void migrate(Database& db, const std::vector<Migration>& migrations)
{
    const int current = schemaVersion(db);
    const int known = migrations.empty() ? 0 : migrations.back().version;
    if (current > known) {
        throw MigrationError(u"database schema version %1 is newer than this program knows (%2); "
                             "use a newer queuehall"_s.arg(current)
                                 .arg(known)
                                 .toStdString());
    }
    // An upgrade keeps the database as it was before, beside it: a failed or regretted upgrade
    // can be undone with `restore`.
    if (current > 0 && current < known)
        takeBackup(db, backupFolder(db.path()), u"before-schema-%1"_s.arg(known), 0);
    for (const Migration& m : migrations) {
        if (m.version <= current)
            continue;
        try {
            Transaction tx(db);
            db.execScript(m.sql);
            db.prepare("INSERT INTO schema_migrations (version, name, applied_at) VALUES (?, ?, ?)")
                .bind(1, m.version)
                .bind(2, m.name)
                .bind(3, QDateTime::currentDateTimeUtc().toString(Qt::ISODate))
                .exec();
            tx.commit();
        } catch (const DatabaseError& e) {
            throw MigrationError(u"migration %1 failed and was rolled back: %2"_s
                                     .arg(m.name, QString::fromUtf8(e.what()))
                                     .toStdString());
        }
        qCInfo(lcDb) << "applied migration" << m.name;
    }
}

} // namespace qh::db
