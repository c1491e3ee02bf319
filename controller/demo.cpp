// The demo: a scripted morning of the sample hall through the real engine, then the hall served
// live.
#include "demo.h"

#include "calendarfiles.h"
#include "datadir.h"
#include "devices.h"
#include "hallservice.h"
#include "maintenance.h"
#include "migrations.h"
#include "output.h"
#include "staff.h"
#include "store.h"

#include <algorithm>
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

// Today, or the next working day, at 9:00.
QDateTime nextWorkingMorning(const QTimeZone& zone, const std::vector<QByteArray>& calendars)
{
    engine::WorkingCalendar calendar;
    for (const QByteArray& content : calendars)
        calendar.setYear(engine::parseCalendarYear(content));
    QDate day = QDateTime::currentDateTimeUtc().toTimeZone(zone).date();
    while (!calendar.isWorkingDay(day))
        day = day.addDays(1);
    return QDateTime(day, QTime(9, 0), zone);
}

} // namespace

// Plays the morning into the database; returns the simulated time it ends at.
std::int64_t playMorning(const db::HallFile& file, const QString& path, QTextStream& out)
{
    const engine::HallConfig& hall = file.config;
    db::Database database(path);
    db::migrate(database);
    db::Store store(database);
    const QTimeZone zone(hall.timeZone);
    const std::vector<QByteArray> calendars = calendarFiles(defaultCalendarDirectory());
    const QDateTime start = nextWorkingMorning(zone, calendars);
    store.initialise(file, u"demo"_s, start.toMSecsSinceEpoch());
    const std::int64_t end = start.addSecs(90 * 60).toMSecsSinceEpoch();
    engine::ManualClock clock(start.toMSecsSinceEpoch());
    service::HallService hallService(store, clock);
    importCalendars(hallService, calendars, {u"demo"_s, u"demo"_s});
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
    int cases = 0;
    const auto clockText = [&](const char* format) {
        return QDateTime::fromMSecsSinceEpoch(clock.nowMs(), zone)
            .toString(QLatin1StringView(format));
    };
    const std::int64_t begin = start.toMSecsSinceEpoch();
    for (std::int64_t now = begin; now < end; now += kStepSeconds * 1000) {
        clock.set(now);
        if (random.generateDouble() < kArrivalsPerMinute * kStepSeconds / 60.0) {
            const engine::Service& service =
                hall.services[random.bounded(int(hall.services.size()))];
            const engine::Priority priority = random.generateDouble() < kGreenShare
                                                  ? engine::Priority::Green
                                                  : engine::Priority::Normal;
            const engine::TicketView v =
                hallService.issue({.serviceId = service.id, .priority = priority}, kiosk);
            hallService.confirmPrinted(v.ticket.id, kiosk);
            if (++issued <= 5)
                out << clockText("HH:mm:ss") << u" issued "_s << ticketLine(v, hall) << u'\n';
        }
        for (const engine::Window& w : hall.windows) {
            const engine::Actor clerk{u"clerk"_s, u"caller %1"_s.arg(w.number)};
            auto visit = visits.find(w.number);
            if (visit == visits.end()) {
                if (const std::optional<engine::Ticket> t = hallService.callNext(w.number, clerk)) {
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
                hallService.start(w.number, clerk);
            } else if (visit->second.endAt <= now) {
                // Every visit ends in a case; a same-day one (即办件) is finished at the window.
                const engine::Case c = hallService.acceptCase(w.number, {}, clerk).record;
                if (c.promisedDays == 0)
                    hallService.completeCase(c.serial, engine::CaseResult::Approved, {}, clerk);
                if (++cases <= 3)
                    out << clockText("HH:mm:ss") << u" case "_s
                        << caseLine(hallService.engine().cases().view(c.serial), hall) << u'\n';
                hallService.complete(w.number, clerk);
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
    printStatus(out, hallService.engine().status(), hallService.engine().cases().day());
    const db::AuditReport audit = store.verifyAudit();
    out << u"\nAudit trail: %1 events, %2\n"_s.arg(audit.checked)
               .arg(audit.problems.isEmpty() ? u"hash chain intact"_s
                                             : audit.problems.join(u"; "_s));
    out.flush();
    return end;
}

int runDemo(const QString& hallPath, ServeOptions serve, QTextStream& out)
{
    const db::HallFile file =
        db::readHallFile(hallPath.isEmpty() ? datadir::path(u"halls/shizhong.json"_s) : hallPath);
    QTemporaryDir scratch;
    if (serve.database.isEmpty())
        serve.database = scratch.filePath(u"demo.db"_s);
    const std::int64_t morningEnd = playMorning(file, serve.database, out);

    // The hall goes on live from the end of the morning, with one device of each role.
    engine::ShiftedClock clock(morningEnd);
    QStringList tokens;
    // A hall admin for /admin, and a clerk signed in at window 1 (so the hall now asks every
    // window for a clerk): their password and PIN are made up now and printed once.
    const QString adminPassword = newPassword();
    const QString clerkPin =
        u"%1"_s.arg(QRandomGenerator::system()->bounded(1'000'000), 6, 10, QLatin1Char('0'));
    QString booking;
    {
        db::Database database(serve.database);
        db::Store store(database);
        service::HallService service(store, clock);
        api::DeviceRegistry devices(service);
        const engine::Actor demo{u"demo"_s, u"demo"_s};
        const std::vector<std::pair<QString, std::optional<int>>> roles = {
            {u"kiosk"_s, std::nullopt},
            {u"caller"_s, 1},
            {u"display"_s, std::nullopt},
            {u"admin"_s, std::nullopt}};
        for (const auto& [role, window] : roles)
            tokens << devices.add(u"demo %1"_s.arg(role), role, window, demo).token;
        api::StaffRegistry staff(service);
        staff.add({u"0001"_s, u"演示管理员"_s, QString(), {u"admin"_s}, adminPassword}, demo);
        const engine::StaffMember clerk =
            staff.add({u"1001"_s, u"张三"_s, QString(), {u"clerk"_s}, clerkPin}, demo);
        service.signIn(1, clerk, api::clerkActor(clerk, demo));
        // A booking of today's next free slot, to check in at the kiosk (预约取号).
        for (const engine::BookingDay& day : service.engine().appointments().days(u"hrss-01"_s)) {
            const auto free = std::find_if(day.offered.begin(), day.offered.end(),
                                           [](const engine::Slot& s) { return s.free() > 0; });
            if (free == day.offered.end())
                continue;
            const engine::Appointment a =
                service.book(u"hrss-01"_s, free->start, u"13800138000"_s, u"zh"_s, demo);
            const auto local = [&](std::int64_t ms) {
                return QDateTime::fromMSecsSinceEpoch(ms, QTimeZone(file.config.timeZone))
                    .toString(u"HH:mm"_s);
            };
            booking = u"%1 %2 (劳动合同备案), code %3, check-in from %4"_s.arg(
                a.day.toString(Qt::ISODate), local(a.slotStart), a.code,
                local(a.slotStart - file.config.appointments.earlyMinutes * 60'000LL));
            break;
        }
    }
    const QString host =
        serve.listen == QHostAddress::Any ? u"127.0.0.1"_s : serve.listen.toString();
    const QString base = u"http://%1:%2/api/v1"_s.arg(host).arg(serve.port);
    out << u"\nServing the hall live, the clock going on from 10:30. Device tokens (shown once):\n"_s
        << u"  kiosk            %1\n  caller window 1  %2\n  display          %3\n"
           "  admin            %4\n"_s.arg(tokens[0], tokens[1], tokens[2], tokens[3])
        << u"\nTry:\n"_s << u"  curl %1/health\n"_s.arg(base)
        << u"  curl -H 'Authorization: Bearer %2' %1/hall\n"_s.arg(base, tokens[2])
        << u"  curl -X POST -H 'Authorization: Bearer %2' -H 'Idempotency-Key: demo-1' "
           "-d '{\"service\":\"hrss-01\"}' %1/tickets\n"_s.arg(base, tokens[0])
        << u"  curl -X POST -H 'Authorization: Bearer %2' %1/windows/1/complete   (then call-next)\n"_s
               .arg(base, tokens[1])
        << u"  event stream: ws://%1:%2/api/v1/events?access_token=%3\n"_s.arg(host)
               .arg(serve.port)
               .arg(tokens[2])
        << u"  lobby display: http://%1:%2/display?access_token=%3\n"_s.arg(host)
               .arg(serve.port)
               .arg(tokens[2])
        << u"  window 1 caller: http://%1:%2/caller?access_token=%3\n"_s.arg(host)
               .arg(serve.port)
               .arg(tokens[1])
        << u"  hall admin: http://%1:%2/admin  staff number 0001, password %3\n"_s.arg(host)
               .arg(serve.port)
               .arg(adminPassword)
        << u"  clerk 1001 张三 is signed in at window 1 (PIN %1 signs in again)\n"_s.arg(clerkPin)
        << u"  booking (预约): http://%1:%2/book, then 预约取号 on the kiosk with the code;\n"
           "    one is booked already: %3\n"_s.arg(host)
               .arg(serve.port)
               .arg(booking)
        << u"  the database: %1\n\nCtrl-C stops.\n"_s.arg(serve.database);
    out.flush();
    return runServe(serve, clock);
}

} // namespace qh::controller
