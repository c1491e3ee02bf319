// The demo: a scripted morning of the sample hall driven through the real engine and store.
#include "demo.h"

#include "engine.h"
#include "migrations.h"
#include "output.h"

#include <cmath>
#include <map>

#include <QFile>
#include <QRandomGenerator>
#include <QTemporaryDir>
#include <QTimeZone>

using namespace Qt::Literals::StringLiterals;

namespace qh::controller {

namespace {

constexpr int kStepSeconds = 10;
constexpr double kArrivalsPerMinute = 4.0;
constexpr double kGreenShare = 0.02;
constexpr int kWalkSeconds = 30; // from the call until the citizen sits down

QDateTime nextWeekdayMorning(const QTimeZone& zone)
{
    QDate day = QDateTime::currentDateTimeUtc().toTimeZone(zone).date();
    while (day.dayOfWeek() > 5)
        day = day.addDays(1);
    return QDateTime(day, QTime(9, 0), zone);
}

} // namespace

int runDemo(const QString& hallPath, const QString& dbPath, QTextStream& out)
{
    const QString hallFile = hallPath.isEmpty() ? QStringLiteral(QH_SAMPLE_HALL) : hallPath;
    const db::HallFile file = db::readHallFile(hallFile);
    const db::HallConfig& hall = file.config;
    QTemporaryDir scratch;
    const QString path = dbPath.isEmpty() ? scratch.filePath(u"demo.db"_s) : dbPath;
    db::Database database(path);
    db::migrate(database);
    db::Store store(database);
    const QTimeZone zone(hall.timeZone);
    const QDateTime start = nextWeekdayMorning(zone);
    store.initialise(file, u"demo"_s, start.toMSecsSinceEpoch());
    engine::ManualClock clock(start.toMSecsSinceEpoch());
    engine::QueueEngine engine(store, clock);
    const engine::Actor kiosk{u"demo kiosk"_s, u"kiosk 1"_s};
    QRandomGenerator random(20261126);

    out << u"%1 / %2\nA scripted morning, %3 09:00-10:30: %4 windows, %5 services.\n\n"_s
               .arg(hall.name.zh, hall.name.en, start.date().toString(Qt::ISODate))
               .arg(hall.windows.size())
               .arg(hall.services.size());

    struct Visit
    {
        std::int64_t startAt; // the citizen reaches the window
        std::int64_t endAt;   // the clerk completes the ticket
    };
    std::map<int, Visit> visits; // per busy window
    int issued = 0;
    int called = 0;
    int completed = 0;
    const auto clockText = [&](const char* format) {
        return QDateTime::fromMSecsSinceEpoch(clock.nowMs(), zone)
            .toString(QLatin1StringView(format));
    };
    const std::int64_t begin = start.toMSecsSinceEpoch();
    const std::int64_t end = start.addSecs(90 * 60).toMSecsSinceEpoch();
    for (std::int64_t now = begin; now < end; now += kStepSeconds * 1000) {
        clock.set(now);
        if (random.generateDouble() < kArrivalsPerMinute * kStepSeconds / 60.0) {
            const db::Service& service = hall.services[random.bounded(int(hall.services.size()))];
            const db::Priority priority =
                random.generateDouble() < kGreenShare ? db::Priority::Green : db::Priority::Normal;
            const engine::TicketView v =
                engine.issue({.serviceId = service.id, .priority = priority}, kiosk);
            engine.confirmPrinted(v.ticket.id, kiosk);
            if (++issued <= 5)
                out << clockText("HH:mm:ss") << u" issued "_s << ticketLine(v, hall) << u'\n';
        }
        for (const db::Window& w : hall.windows) {
            const engine::Actor clerk{u"clerk"_s, u"caller %1"_s.arg(w.number)};
            auto visit = visits.find(w.number);
            if (visit == visits.end()) {
                if (const std::optional<db::Ticket> t = engine.callNext(w.number, clerk)) {
                    const double minutes = hall.service(t->serviceId)->guide.standardMinutes *
                                           std::exp(random.generateDouble() - 0.5);
                    const std::int64_t startAt = now + kWalkSeconds * 1000;
                    visits[w.number] = {startAt, startAt + std::int64_t(minutes * 60000)};
                    if (++called <= 5)
                        out << clockText("HH:mm:ss") << u" called "_s
                            << ticketLine({*t, 0, std::nullopt}, hall) << u'\n';
                }
            } else if (visit->second.startAt <= now &&
                       visit->second.startAt > now - kStepSeconds * 1000) {
                engine.start(w.number, clerk);
            } else if (visit->second.endAt <= now) {
                engine.complete(w.number, clerk);
                visits.erase(visit);
                ++completed;
            }
        }
        if (now > begin && (now - begin) % (15 * 60 * 1000) == 0)
            out << clockText("HH:mm")
                << u"  issued %1, called %2, completed %3\n"_s.arg(issued).arg(called).arg(
                       completed);
    }
    out << u'\n';
    printStatus(out, engine.status());
    const db::AuditReport audit = store.verifyAudit();
    out << u"\nAudit trail: %1 events, %2\n"_s.arg(audit.checked)
               .arg(audit.problems.isEmpty() ? u"hash chain intact"_s
                                             : audit.problems.join(u"; "_s));
    if (!dbPath.isEmpty())
        out << u"The database is kept at %1; try: queuehall-controller --db %1 hall status\n"_s.arg(
            path);
    out.flush();
    return audit.problems.isEmpty() ? 0 : 1;
}

} // namespace qh::controller
