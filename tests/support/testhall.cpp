// Test fixtures: a hall in a real SQLite file in a temporary folder, or in memory, with a manual
// clock.
#include "testhall.h"

#include "memorystore.h"
#include "migrations.h"

#include <stdexcept>

#include <QFile>
#include <QJsonDocument>
#include <QTimeZone>

namespace qh::test {

QString sourcePath(const QString& relative)
{
    return QStringLiteral(QH_SOURCE_DIR "/") + relative;
}

QString binaryPath(const QString& name)
{
    return QStringLiteral(QH_BINARY_DIR "/") + name;
}

QDate isoDay(const char* iso)
{
    return QDate::fromString(QString::fromLatin1(iso), Qt::ISODate);
}

std::int64_t shanghai(const char* localTime)
{
    const QString text = QString::fromLatin1(localTime);
    const QDateTime local(QDate::fromString(text.left(10), Qt::ISODate),
                          QTime::fromString(text.mid(11), QStringLiteral("HH:mm")),
                          QTimeZone("Asia/Shanghai"));
    return local.toMSecsSinceEpoch();
}

const engine::HallConfig& smallHall()
{
    static const engine::HallConfig hall =
        db::readHallFile(sourcePath(QStringLiteral("tests/data/small-hall.json"))).config;
    return hall;
}

QByteArray calendarFile2026()
{
    QFile file(sourcePath(QStringLiteral("assets/calendar/cn-2026.json")));
    if (!file.open(QIODevice::ReadOnly))
        throw std::runtime_error("assets/calendar/cn-2026.json cannot be read");
    return file.readAll();
}

QString smallHallVariant(const QTemporaryDir& dir, const QByteArray& from, const QByteArray& to)
{
    QFile source(sourcePath(QStringLiteral("tests/data/small-hall.json")));
    if (!source.open(QIODevice::ReadOnly))
        throw std::runtime_error("cannot read the small hall");
    QByteArray text = source.readAll();
    if (!text.contains(from))
        throw std::runtime_error("the small hall has no " + from.toStdString());
    text.replace(from, to);
    const QString path = dir.filePath(QStringLiteral("hall-variant.json"));
    QFile variant(path);
    if (!variant.open(QIODevice::WriteOnly) || variant.write(text) != text.size())
        throw std::runtime_error("cannot write " + path.toStdString());
    return path;
}

namespace {

bool inMemory()
{
    return qEnvironmentVariable("QH_TEST_STORE") == QStringLiteral("memory");
}

} // namespace

TestHall::TestHall(const QString& hallFile, std::int64_t startMs)
    : clock(startMs)
{
    const db::HallFile file = db::readHallFile(hallFile);
    if (inMemory()) {
        store =
            std::make_unique<engine::MemoryStore>(file.config, QStringLiteral("tester"), startMs);
    } else {
        database = std::make_unique<db::Database>(dbPath());
        db::migrate(*database);
        auto sqliteStore = std::make_unique<db::Store>(*database);
        sqliteStore->initialise(file, QStringLiteral("tester"), startMs);
        store = std::move(sqliteStore);
    }
    service = std::make_unique<service::HallService>(*store, clock);
}

engine::Ticket TestHall::take(const QString& serviceId, engine::Priority priority,
                              const QString& phone)
{
    clock.advanceSeconds(1);
    const engine::TicketView view =
        service->issue({.serviceId = serviceId, .priority = priority, .phone = phone}, actor);
    return service->confirmPrinted(view.ticket.id, actor);
}

void TestHall::reopen()
{
    service.reset();
    if (database) {
        store.reset();
        database = std::make_unique<db::Database>(dbPath());
        db::migrate(*database);
        store = std::make_unique<db::Store>(*database);
    }
    service = std::make_unique<service::HallService>(*store, clock);
}

db::Store& TestHall::sqlite()
{
    if (!database)
        throw std::logic_error("this test needs the SQLite store");
    return static_cast<db::Store&>(*store);
}

QString hallWithSection(const QTemporaryDir& dir, const QString& base, const QString& section,
                        const QJsonValue& value)
{
    QFile in(base);
    if (!in.open(QIODevice::ReadOnly))
        throw std::runtime_error("cannot read " + base.toStdString());
    QJsonObject hall = QJsonDocument::fromJson(in.readAll()).object();
    hall.insert(section, value);
    const QString path = dir.filePath(QStringLiteral("hall-with-%1.json").arg(section));
    QFile out(path);
    if (!out.open(QIODevice::WriteOnly) || out.write(QJsonDocument(hall).toJson()) < 0)
        throw std::runtime_error("cannot write " + path.toStdString());
    return path;
}

QJsonObject serialDevice(int address, const char* kind, int window)
{
    QJsonObject d{{QStringLiteral("address"), address},
                  {QStringLiteral("kind"), QLatin1String(kind)}};
    if (window)
        d.insert(QStringLiteral("window"), window);
    return d;
}

} // namespace qh::test
