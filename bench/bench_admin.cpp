// The admin side's costs on the sample hall: an argon2id sign-in beside the SHA-256 of a device
// token; a live change of the hall (parse, compare, apply, audit) beside the bare parse of its
// file; a booking and the booking page's slot calendar beside a ticket's issue and the kiosk's
// service list; a search of the audit trail over a busy day beside a bare count of its events.
#include "hallconfig.h"
#include "hallservice.h"
#include "migrations.h"
#include "staff.h"
#include "store.h"

#include <algorithm>
#include <cstdio>
#include <vector>

#include <QCoreApplication>
#include <QCryptographicHash>
#include <QDir>
#include <QElapsedTimer>
#include <QJsonArray>
#include <QJsonDocument>
#include <QTemporaryDir>
#include <QTimeZone>

using namespace qh;

namespace {

// The mean milliseconds of `runs` calls of fn.
template <typename Fn> double meanMs(int runs, Fn&& fn)
{
    QElapsedTimer t;
    t.start();
    for (int i = 0; i < runs; ++i)
        fn(i);
    return double(t.nsecsElapsed()) / 1e6 / runs;
}

} // namespace

int main(int argc, char** argv)
{
    QCoreApplication app(argc, argv);
    const int tickets = argc > 1 ? std::atoi(argv[1]) : 20'000;
    QTemporaryDir dir(QDir::currentPath() + QStringLiteral("/bench-XXXXXX"));
    db::Database database(dir.filePath(QStringLiteral("admin.db")));
    db::migrate(database);
    db::Store store(database);
    const QDateTime morning(QDate(2026, 11, 25), QTime(9, 0), QTimeZone("Asia/Shanghai"));
    const db::HallFile file = db::readHallFile(QStringLiteral(QH_SAMPLE_HALL));
    store.initialise(file, QStringLiteral("bench"), morning.toMSecsSinceEpoch());
    engine::ManualClock clock(morning.toMSecsSinceEpoch());
    service::HallService service(store, clock);
    const engine::Actor actor{QStringLiteral("bench"), QStringLiteral("bench")};
    std::printf("queuehall admin benchmark: the sample hall (%lld bytes), %d tickets\n",
                static_cast<long long>(file.source.size()), tickets);

    // Sign-in: argon2id (libsodium's interactive limits) beside a token's SHA-256.
    api::StaffRegistry staff(service);
    staff.add({QStringLiteral("0001"),
               QStringLiteral("bench"),
               QString(),
               {QStringLiteral("admin")},
               QStringLiteral("a-long-enough-password")},
              actor);
    const double sha = meanMs(1000, [](int i) {
        QCryptographicHash::hash(QByteArray("qh_token-") + QByteArray::number(i),
                                 QCryptographicHash::Sha256);
    });
    const double argon = meanMs(10, [&](int) {
        staff.verify(QStringLiteral("0001"), QStringLiteral("a-long-enough-password"), actor);
    });
    std::printf("sign-in: argon2id verify %.1f ms (a device token's SHA-256: %.4f ms, %.0fx)\n",
                argon, sha, argon / sha);

    // A live change of one service's name, all of it, beside the parse alone.
    const QJsonObject before = QJsonDocument::fromJson(file.source).object();
    const double parse = meanMs(20, [&](int) { db::parseHallConfig(file.source); });
    QJsonObject hall = before;
    const double change = meanMs(20, [&](int i) {
        QJsonArray services = hall.value(QStringLiteral("services")).toArray();
        QJsonObject first = services.at(0).toObject();
        first.insert(
            QStringLiteral("name"),
            QJsonObject{{QStringLiteral("zh"), QStringLiteral("劳动合同备案%1").arg(i)},
                        {QStringLiteral("en"), QStringLiteral("Labour contract %1").arg(i)}});
        services.replace(0, first);
        QJsonObject next = hall;
        next.insert(QStringLiteral("services"), services);
        const QByteArray source = QJsonDocument(next).toJson();
        const QJsonArray changes = db::hallChanges(hall, next);
        service.changeHall(db::parseHallConfig(source), source, changes, actor);
        hall = next;
    });
    std::printf("hall change: %.1f ms (the file's parse alone: %.1f ms, %.1fx)\n", change, parse,
                change / parse);

    // Bookings: every bookable service's slots over the horizon filled, one committed booking at
    // a time as the booking page makes them, beside a ticket issued and printed; then a service's
    // calendar (the booking page's slots) beside the hall's status (the kiosk's service list).
    std::vector<std::pair<QString, std::int64_t>> free;
    for (const engine::Service& s : service.hall().services) {
        if (s.appointmentShare <= 0)
            continue;
        for (const engine::BookingDay& day : service.engine().appointments().days(s.id)) {
            for (const engine::Slot& slot : day.offered) {
                for (int k = 0; k < slot.capacity; ++k)
                    free.emplace_back(s.id, slot.start);
            }
        }
    }
    const double booking = meanMs(int(free.size()), [&](int i) {
        service.book(free[std::size_t(i)].first, free[std::size_t(i)].second,
                     QStringLiteral("139%1").arg(i, 8, 10, QChar(u'0')), QStringLiteral("zh"),
                     actor);
    });
    const double issue = meanMs(200, [&](int) {
        engine::IssueRequest r;
        r.serviceId = QStringLiteral("hrss-01");
        service.confirmPrinted(service.issue(r, actor).ticket.id, actor);
    });
    const double calendar =
        meanMs(50, [&](int) { service.engine().appointments().days(QStringLiteral("hrss-01")); });
    const double status = meanMs(50, [&](int) { service.engine().status(); });
    std::printf("booking: %.2f ms each, %zu bookings filling %d days of the bookable services "
                "(a ticket issued and printed: %.2f ms, %.1fx); a service's slot calendar %.2f ms "
                "(the hall's status for the kiosk: %.2f ms, %.2fx)\n",
                booking, free.size(), service.hall().appointments.horizonDays + 1, issue,
                booking / issue, calendar, status, calendar / status);

    // A busy day in the trail: each ticket issued, printed, called, served and completed at a
    // window of its department (whose numbers go to 999 a day), then searches of it.
    const engine::HallConfig& config = service.hall();
    std::vector<std::pair<QString, int>> lanes; // a service of each department, and its window
    for (const engine::Department& d : config.departments) {
        for (const engine::Window& w : config.windows) {
            const auto primary = std::find_if(
                w.services.begin(), w.services.end(), [&](const engine::WindowService& ws) {
                    return ws.primary && config.service(ws.service)->department == d.id;
                });
            if (primary != w.services.end()) {
                lanes.emplace_back(primary->service, w.number);
                break;
            }
        }
    }
    for (int done = 0; done < tickets;) {
        service.perform([&] {
            for (int k = 0; k < 500 && done < tickets; ++k, ++done) {
                clock.advanceSeconds(0.5); // 20,000 tickets fit the morning, 09:00 to 11:47
                const auto& [serviceId, window] = lanes[std::size_t(done) % lanes.size()];
                engine::IssueRequest r;
                r.serviceId = serviceId;
                service.confirmPrinted(service.issue(r, actor).ticket.id, actor);
                service.callNext(window, actor);
                service.start(window, actor);
                service.complete(window, actor);
            }
        });
    }
    const double count = meanMs(5, [&](int) {
        db::Statement q = database.prepare("SELECT count(*) FROM events");
        q.step();
    });
    db::EventQuery byWho;
    byWho.actor = QStringLiteral("nobody-matches");
    const double who = meanMs(5, [&](int) { store.searchEvents(byWho); });
    db::EventQuery byTicket;
    byTicket.ticketNumber = QStringLiteral("A100");
    const double ticket = meanMs(5, [&](int) { store.searchEvents(byTicket); });
    db::EventQuery latest;
    const double page = meanMs(5, [&](int) { store.searchEvents(latest); });
    std::printf("audit search over %lld events: by person (every event read) %.1f ms, by ticket "
                "%.1f ms, the newest 100 %.2f ms (a bare count of the events: %.1f ms; person "
                "%.1fx)\n",
                static_cast<long long>(store.lastEventSeq()), who, ticket, page, count,
                who / count);
    return 0;
}
