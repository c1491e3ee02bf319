// Copies of a hall's database: taken while the controller serves it, kept a number at a time,
// checked before one replaces the database, and taken before every schema upgrade.
#pragma once

#include <cstdint>

#include <QString>
#include <QStringList>

namespace qh::db {

class Database;

// What a copy holds, read without changing it.
struct CopyFacts
{
    QString integrity; // "ok", or the first problems PRAGMA integrity_check found
    int schemaVersion = 0;
    QString hallId; // empty when the copy holds no hall
    QString hallName;
    std::int64_t lastEventSeq = 0;
};

// Opens `file` read-only and reads its facts; throws DatabaseError when it is no SQLite database.
CopyFacts inspectCopy(const QString& file);

// The folder of a database's backups: "backups" beside it.
QString backupFolder(const QString& database);

// Copies the database into `folder` as "<label>-<yyyyMMdd-HHmmss>.db" (UTC) and then deletes the
// oldest copies with the same label beyond the newest `keep` (0: none are deleted). Returns the
// copy's path.
QString takeBackup(Database& database, const QString& folder, const QString& label, int keep);

// Puts a checked copy in place of the database: the database's own files (with any WAL) are
// moved aside into its backup folder as "replaced-<time>.db" first, so nothing is lost; the copy
// is copied through SQLite (with any WAL of its own) beside the database and renamed into place.
// The database must not be open anywhere.
// Returns the path the replaced database was moved to, or an empty string when there was none.
QString replaceWithCopy(const QString& copy, const QString& database);

} // namespace qh::db
