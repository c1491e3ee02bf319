// Copies of a hall's database: taken online, pruned, inspected and put back.
#include "backups.h"

#include "database.h"
#include "hallconfig.h"
#include "trail.h"

#include <optional>

#include <QDateTime>
#include <QDir>
#include <QFile>
#include <QFileInfo>

using namespace Qt::Literals::StringLiterals;

namespace qh::db {

namespace {

QString timestamp()
{
    return QDateTime::currentDateTimeUtc().toString(u"yyyyMMdd-HHmmss"_s);
}

void makeFolder(const QString& folder)
{
    if (!QDir().mkpath(folder))
        throw DatabaseError("cannot create the folder " + folder.toStdString(), 14);
}

} // namespace

CopyFacts inspectCopy(const QString& file)
{
    if (!QFileInfo(file).isFile())
        throw DatabaseError(file.toStdString() + ": no such file", 14);
    constexpr int kNotADatabase = 26; // SQLITE_NOTADB
    CopyFacts facts;
    std::optional<Database> opened;
    QStringList problems;
    try {
        opened.emplace(file, Database::Mode::ReadOnly);
        Statement check = opened->prepareBuilt("PRAGMA integrity_check(5)");
        while (check.step())
            problems << check.text(0).split(u'\n');
    } catch (const DatabaseError& e) {
        if (e.code() == kNotADatabase)
            throw;
        problems << QString::fromUtf8(e.what()); // too damaged to be checked at all
    }
    facts.integrity = problems.mid(0, 5).join(u"; "_s);
    if (facts.integrity != u"ok"_s)
        return facts;
    Database& copy = *opened;
    const auto hasTable = [&](const char* name) {
        Statement q = copy.prepareBuilt("SELECT 1 FROM sqlite_master WHERE type = 'table' AND "
                                        "name = ?");
        q.bind(1, QString::fromLatin1(name));
        return q.step();
    };
    if (hasTable("schema_migrations")) {
        Statement q = copy.prepareBuilt("SELECT coalesce(max(version), 0) FROM schema_migrations");
        q.step();
        facts.schemaVersion = q.integer(0);
    }
    if (hasTable("hall_meta")) {
        Statement q = copy.prepareBuilt("SELECT value FROM hall_meta WHERE key = 'hall_config'");
        if (q.step()) {
            const engine::HallConfig hall = parseHallConfig(q.text(0).toUtf8());
            facts.hallId = hall.id;
            facts.hallName = hall.name.zh;
        }
    }
    if (hasTable("events")) {
        Statement q = copy.prepareBuilt("SELECT coalesce(max(seq), 0) FROM events");
        q.step();
        facts.lastEventSeq = q.int64(0);
    }
    return facts;
}

QString backupFolder(const QString& database)
{
    return QFileInfo(database).absoluteDir().filePath(u"backups"_s);
}

QString takeBackup(Database& database, const QString& folder, const QString& label, int keep)
{
    makeFolder(folder);
    const QString path = QDir(folder).filePath(u"%1-%2.db"_s.arg(label, timestamp()));
    database.copyTo(path);
    if (keep > 0) {
        // The names sort by time: the oldest come first.
        const QStringList copies =
            QDir(folder).entryList({label + u"-[0-9]*.db"_s}, QDir::Files, QDir::Name);
        for (qsizetype i = 0; i + keep < copies.size(); ++i)
            QFile::remove(QDir(folder).filePath(copies[i]));
    }
    return path;
}

QString replaceWithCopy(const QString& copy, const QString& database)
{
    // Through SQLite, so a copy that still has its WAL beside it comes whole.
    const QString incoming = database + u".restoring"_s;
    Database(copy, Database::Mode::ReadOnly).copyTo(incoming);
    {
        Database restored(incoming);
        renewCityEpoch(restored);
    }
    QString replaced;
    if (QFileInfo::exists(database)) {
        const QString folder = backupFolder(database);
        makeFolder(folder);
        replaced = QDir(folder).filePath(u"replaced-%1.db"_s.arg(timestamp()));
        // The WAL goes with its database, so the moved copy opens with every commit it had.
        for (const QString& suffix : {u""_s, u"-wal"_s, u"-shm"_s}) {
            if (QFileInfo::exists(database + suffix) &&
                !QFile::rename(database + suffix, replaced + suffix))
                throw DatabaseError(
                    "cannot move " + database.toStdString() + suffix.toStdString() + " aside", 14);
        }
    }
    if (!QFile::rename(incoming, database))
        throw DatabaseError("cannot put the copy in place of " + database.toStdString(), 14);
    return replaced;
}

} // namespace qh::db
