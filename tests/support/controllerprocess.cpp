// A real queuehall-controller daemon for tests: its own database, devices and loopback port.
#include "controllerprocess.h"

#include "devices.h"
#include "migrations.h"
#include "testhall.h"

#include <QDeadlineTimer>
#include <QJsonDocument>
#include <QRegularExpression>
#include <QTimeZone>

namespace qh::test {

ControllerProcess::ControllerProcess(const QString& hallFile, const char* localTime,
                                     QStringList serveArguments, int kiosks,
                                     const QStringList& environment)
{
    if (!environment.isEmpty())
        m_process.setEnvironment(QProcess::systemEnvironment() + environment);
    const std::int64_t at = shanghai(localTime);
    {
        db::Database database(dbPath());
        db::migrate(database);
        db::Store store(database);
        store.initialise(db::readHallFile(hallFile), QStringLiteral("tester"), at);
        engine::ManualClock clock(at);
        service::HallService service(store, clock);
        const engine::HallConfig& hall = service.hall();
        api::DeviceRegistry devices(service);
        const engine::Actor admin{QStringLiteral("tester"), QStringLiteral("test")};
        const auto add = [&](const QString& name, const QString& role, std::optional<int> window) {
            m_tokens[name] = devices.add(name, role, window, admin).token;
        };
        add(QStringLiteral("kiosk"), QStringLiteral("kiosk"), std::nullopt);
        for (int k = 2; k <= kiosks; ++k)
            add(QStringLiteral("kiosk%1").arg(k), QStringLiteral("kiosk"), std::nullopt);
        add(QStringLiteral("display"), QStringLiteral("display"), std::nullopt);
        add(QStringLiteral("admin"), QStringLiteral("admin"), std::nullopt);
        for (const engine::Window& w : hall.windows)
            add(QStringLiteral("caller%1").arg(w.number), QStringLiteral("caller"), w.number);
        add(QStringLiteral("booking"), QStringLiteral("booking"), std::nullopt);
    }
    const QDateTime startAt = QDateTime::fromMSecsSinceEpoch(at, QTimeZone("Asia/Shanghai"));
    m_arguments = QStringList{QStringLiteral("--db"),      dbPath(),
                              QStringLiteral("--at"),      startAt.toString(Qt::ISODate),
                              QStringLiteral("serve"),     QStringLiteral("--listen"),
                              QStringLiteral("127.0.0.1"), QStringLiteral("--port"),
                              QStringLiteral("0")} +
                  serveArguments;
    start();
}

int ControllerProcess::command(const QStringList& arguments, const QByteArray& input,
                               QString* output) const
{
    QProcess cli;
    cli.start(binaryPath(QStringLiteral("queuehall-controller")),
              QStringList{QStringLiteral("--db"), dbPath()} + arguments);
    cli.write(input);
    cli.closeWriteChannel();
    if (!cli.waitForFinished(30'000))
        return -1;
    if (output)
        *output = QString::fromUtf8(cli.readAllStandardOutput() + cli.readAllStandardError());
    return cli.exitCode();
}

void ControllerProcess::addStaff(const QString& number, const QString& name, const QString& roles,
                                 const QString& department, const QString& secret) const
{
    QStringList arguments{QStringLiteral("staff"),
                          QStringLiteral("add"),
                          number,
                          QStringLiteral("--name"),
                          name,
                          QStringLiteral("--roles"),
                          roles};
    if (!department.isEmpty())
        arguments << QStringLiteral("--department") << department;
    QString output;
    if (command(arguments, secret.toUtf8() + '\n', &output) != 0)
        throw std::runtime_error("staff add failed: " + output.toStdString());
}

engine::Event ControllerProcess::lastEvent(const QString& type) const
{
    db::Database database(dbPath());
    db::Statement q = database.prepare("SELECT actor, data FROM events WHERE type = ? ORDER BY "
                                       "seq DESC LIMIT 1");
    q.bind(1, type);
    engine::Event e;
    if (q.step()) {
        e.type = type;
        e.actor = q.text(0);
        e.data = QJsonDocument::fromJson(q.text(1).toUtf8()).object();
    }
    return e;
}

QHash<QByteArray, QByteArray> ControllerProcess::signIn(const QString& number,
                                                        const QString& password) const
{
    HttpConnection http = connection();
    const HttpResponse r =
        http.send("POST", QStringLiteral("/api/v1/session"), {},
                  QJsonDocument(QJsonObject{{QStringLiteral("staff"), number},
                                            {QStringLiteral("password"), password}})
                      .toJson(QJsonDocument::Compact));
    if (r.status != 200)
        throw std::runtime_error("sign-in failed: " + r.body.toStdString());
    const QByteArray cookie = r.headers.value("set-cookie").split(';').first();
    return {{"Cookie", cookie},
            {"X-CSRF-Token", r.json().value(QStringLiteral("csrfToken")).toString().toLatin1()}};
}

ControllerProcess::~ControllerProcess()
{
    if (m_process.state() != QProcess::NotRunning)
        kill();
}

void ControllerProcess::start()
{
    m_process.setProcessChannelMode(QProcess::SeparateChannels);
    m_process.start(binaryPath(QStringLiteral("queuehall-controller")), m_arguments);
    if (!m_process.waitForStarted(10'000))
        throw std::runtime_error("queuehall-controller did not start");
    static const QRegularExpression listening(QStringLiteral("listening on http://[^:]+:(\\d+)"));
    const QDeadlineTimer deadline(15'000);
    while (!deadline.hasExpired()) {
        m_process.waitForReadyRead(100);
        m_output += QString::fromUtf8(m_process.readAllStandardOutput());
        const QRegularExpressionMatch m = listening.match(m_output);
        if (m.hasMatch()) {
            m_port = quint16(m.captured(1).toUInt());
            m_output.clear();
            return;
        }
        if (m_process.state() == QProcess::NotRunning)
            break;
    }
    throw std::runtime_error("queuehall-controller did not listen: " +
                             m_process.readAllStandardError().toStdString());
}

QJsonObject ControllerProcess::takeTicket(const QString& serviceId, QJsonObject fields)
{
    HttpConnection http = connection();
    const QString kiosk = token(QStringLiteral("kiosk"));
    fields.insert(QStringLiteral("service"), serviceId);
    const HttpResponse issued =
        http.send("POST", QStringLiteral("/api/v1/tickets"), kiosk, QJsonDocument(fields).toJson(),
                  {{"Idempotency-Key", "take-" + QByteArray::number(++m_issued)}});
    if (issued.status != 201)
        throw std::runtime_error("issuing failed: " + issued.body.toStdString());
    const HttpResponse printed =
        http.send("POST",
                  QStringLiteral("/api/v1/tickets/%1/printed")
                      .arg(issued.json().value(QStringLiteral("id")).toInteger()),
                  kiosk);
    if (printed.status != 200)
        throw std::runtime_error("confirming failed: " + printed.body.toStdString());
    return printed.json();
}

void ControllerProcess::startAt(const char* localTime)
{
    const QDateTime at =
        QDateTime::fromMSecsSinceEpoch(shanghai(localTime), QTimeZone("Asia/Shanghai"));
    m_arguments[m_arguments.indexOf(QStringLiteral("--at")) + 1] = at.toString(Qt::ISODate);
    start();
}

void ControllerProcess::stop()
{
    m_process.terminate();
    m_process.waitForFinished(10'000);
}

void ControllerProcess::kill()
{
    m_process.kill();
    m_process.waitForFinished(10'000);
}

} // namespace qh::test
