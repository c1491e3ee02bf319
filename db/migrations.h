// Numbered schema migrations: each applied in its own transaction and recorded in
// schema_migrations.
#pragma once

#include <stdexcept>
#include <vector>

#include <QString>

namespace qh::db {

class Database;

struct Migration
{
    int version;
    QString name;
    QString sql;
};

class MigrationError : public std::runtime_error
{
public:
    using std::runtime_error::runtime_error;
};

// The migrations built into this binary (db/migrations/NNNN_name.sql), in version order.
std::vector<Migration> builtinMigrations();
// The numbered .sql files of a folder (a resource folder), in order.
std::vector<Migration> migrationsIn(const QString& folder);

// The newest schema version this program knows.
int latestSchemaVersion();

// The schema version recorded in the database; 0 for an empty one.
int schemaVersion(Database& db);

// Applies every migration newer than the database, after a copy of a database that had a schema
// is taken into its backup folder ("before-schema-N-<time>.db"). Refuses a database newer than
// the list; a failing migration is rolled back whole and reported, leaving the previous version.
void migrate(Database& db, const std::vector<Migration>& migrations = builtinMigrations());

} // namespace qh::db
