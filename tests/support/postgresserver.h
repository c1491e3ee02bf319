// A real PostgreSQL 15 for tests: a fresh cluster in a temporary folder, served on a Unix socket
// there. initdb refuses root, so as root the server runs as `nobody`.
#pragma once

#include "pgconnection.h"

#include <QMap>
#include <QTemporaryDir>

namespace qh::test {

class PostgresServer
{
public:
    // Creates the cluster, starts it with `settings` (name → value) on top of the defaults, and
    // creates the database "city" with the central schema.
    explicit PostgresServer(const QMap<QString, QString>& settings = {});
    ~PostgresServer();

    void start();
    // Stops at once, as a crash or a pulled cable would (pg_ctl stop -m immediate).
    void stop();
    // host=<socket folder> port=... dbname=city user=queuehall
    QString conninfo() const;
    // Serves TLS on a loopback port too, with a certificate for 127.0.0.1 signed by a CA of the
    // test's (caFile()), where the user queuehall signs in with `password`; restarts the server.
    // Returns the TCP connection string, without the password or the TLS settings.
    QString serveTls(const QString& password);
    QString caFile() const { return m_dir.filePath(QStringLiteral("ca.pem")); }
    sync::PgRows query(const QString& sql, const QStringList& params = {}) const;

private:
    void run(const QString& program, const QStringList& arguments) const;

    QTemporaryDir m_dir;
    QString m_settings;    // the constructor's settings, as command-line options
    QString m_options;     // where it listens
    quint16 m_port = 5432; // on a socket of its own folder, so any number will do until TLS
};

} // namespace qh::test
