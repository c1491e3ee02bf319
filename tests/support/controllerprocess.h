// A real queuehall-controller daemon for tests: its own database, devices and loopback port.
#pragma once

#include "httpclient.h"
#include "testhall.h"

#include <QMap>
#include <QProcess>
#include <QTemporaryDir>

namespace qh::test {

class ControllerProcess
{
public:
    // Creates a database with the hall (the small test hall unless told) and one device per role (a
    // caller for every window), then starts `serve` at a loopback port with the clock starting at
    // `localTime`; `environment` ("NAME=value") is added to the daemon's.
    explicit ControllerProcess(
        const QString& hallFile = sourcePath(QStringLiteral("tests/data/small-hall.json")),
        const char* localTime = "2026-11-25 10:00", QStringList serveArguments = {}, int kiosks = 2,
        const QStringList& environment = {});
    ~ControllerProcess();

    void start();
    // Starts again with the clock at another local time, e.g. a restart 15 s later.
    void startAt(const char* localTime);
    void stop(); // SIGTERM, then wait for a clean exit
    void kill(); // SIGKILL
    QProcess& process() { return m_process; }

    quint16 port() const { return m_port; }
    QString dbPath() const { return m_dir.filePath(QStringLiteral("hall.db")); }
    // Tokens by name: "kiosk", "kiosk2" .. "kioskK", "display", "admin", "caller1" .. "callerN",
    // "booking" (a booking platform).
    QString token(const QString& name) const { return m_tokens.value(name); }
    HttpConnection connection() const { return HttpConnection(m_port); }
    // Issues a ticket of a service at the first kiosk, with any further fields of the request
    // (phone, lang), and confirms it printed: it now waits.
    QJsonObject takeTicket(const QString& serviceId, QJsonObject fields = {});
    QString serveOutput() const { return m_output; }
    // Runs queuehall-controller on this database (through the daemon while it serves) with
    // `input` on its standard input; its exit code, and its output in `output` if given.
    int command(const QStringList& arguments, const QByteArray& input = {},
                QString* output = nullptr) const;
    // Adds a staff account with `staff add`; roles comma-separated.
    void addStaff(const QString& number, const QString& name, const QString& roles,
                  const QString& department, const QString& secret) const;
    // The newest event of a type in the trail (an empty one when there is none).
    engine::Event lastEvent(const QString& type) const;
    // Signs a person in to the admin pages: the session's Cookie and X-CSRF-Token headers.
    QHash<QByteArray, QByteArray> signIn(const QString& number, const QString& password) const;

private:
    QTemporaryDir m_dir;
    QStringList m_arguments;
    QProcess m_process;
    quint16 m_port = 0;
    QMap<QString, QString> m_tokens;
    QString m_output;
    int m_issued = 0;
};

} // namespace qh::test
