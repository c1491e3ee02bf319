// A real PostgreSQL 15 for tests: a fresh cluster in a temporary folder, served on a Unix socket
// there. initdb refuses root, so as root the server runs as `nobody`.
#pragma once

#include "pgconnection.h"

#include <QTemporaryDir>

namespace qh::test {

class PostgresServer
{
public:
    // Creates the cluster, starts it, and creates the database "city" with the central schema.
    PostgresServer();
    ~PostgresServer();

    void start();
    // Stops at once, as a crash or a pulled cable would (pg_ctl stop -m immediate).
    void stop();
    // host=<socket folder> port=... dbname=city user=queuehall
    QString conninfo() const;
    sync::PgRows query(const QString& sql, const QStringList& params = {}) const;

private:
    void run(const QString& program, const QStringList& arguments) const;

    QTemporaryDir m_dir;
};

} // namespace qh::test
