// The hall simulator checked against queueing theory (the real engine on a simulated clock must
// wait as long as M/M/c says), its report's measures on a made-up day, and the skill advice.
#include "advise.h"
#include "booking.h"
#include "report.h"
#include "simulation.h"
#include "testhall.h"

#include <numeric>

#include <QFile>
#include <QSet>
#include <QTemporaryDir>

using namespace qh;

TEST_CASE("one department, 3 windows, rho 0.85, exponential service: the mean wait is Erlang C")
{
    const db::HallFile hall =
        db::readHallFile(test::sourcePath(QStringLiteral("tests/data/erlang-hall.json")));
    sim::Demand demand;
    demand.departmentShares = {{QStringLiteral("one"), 1.0}};
    demand.greenShare = 0;
    demand.noShowShare = 0;
    demand.walkOverhead = 0;
    demand.exponentialService = true;
    constexpr double kService = 600; // the hall's 10 standard minutes
    constexpr double kRho = 0.85;
    const double lambda = kRho * 3 / kService;                        // per second
    demand.dailyVolume = int(std::lround(lambda * (24 * 3600 - 60))); // open 00:00-23:59
    // About 500,000 tickets: at rho 0.85 successive waits are strongly correlated, and fewer
    // leave the estimate a few percent either way of the truth by chance alone.
    constexpr int kDays = 1400;
    const auto arrivals = sim::arrivals(hall.config, demand, QDate(2026, 11, 23), kDays, 20261126);
    const sim::Run run = sim::simulateEngine(hall, demand, arrivals);
    double total = 0;
    for (const sim::TicketRecord& t : run.tickets) {
        REQUIRE(t.calledAt >= 0);
        total += t.waitSeconds();
    }
    const double simulated = total / double(run.tickets.size());
    const double theory = sim::erlangCWaitSeconds(3, lambda, kService);
    INFO(run.tickets.size() << " tickets in " << run.wallSeconds << " s: simulated " << simulated
                            << " s, Erlang C " << theory << " s");
    CHECK(std::abs(simulated - theory) / theory < 0.05);
}

TEST_CASE("the report counts a ticket overtaken by a later one of its service")
{
    const engine::HallConfig& hall = test::smallHall();
    // Three tickets of service 0 and one of service 1; the second of service 0 is called first.
    std::vector<sim::Arrival> arrivals(4);
    sim::Run run{QStringLiteral("test"), std::vector<sim::TicketRecord>(4), 0, 0};
    const std::int64_t nine = test::shanghai("2026-11-25 09:00");
    const std::int64_t calledAfter[] = {300, 100, 400, 50}; // seconds after nine
    for (int i = 0; i < 4; ++i) {
        arrivals[i].service = i < 3 ? 0 : 1;
        arrivals[i].at = nine + i * 10'000;
        arrivals[i].green = i == 1;
        run.tickets[i].issuedAt = arrivals[i].at;
        run.tickets[i].calledAt = nine + calledAfter[i] * 1000;
    }
    const sim::PolicyFigures f = sim::figures(run, hall, arrivals);
    CHECK(f.tickets == 4);
    CHECK(f.overtakenShare == Approx(0.25)); // the first, by the green second
    CHECK(f.greenP95 == Approx(90));
    CHECK(f.meanWait == Approx((300 + 90 + 380 + 20) / 4.0));
    CHECK(f.meanWaitByHour.at(9) == Approx(f.meanWait));
    CHECK(sim::gapClosure(600, 300, 0) == Approx(0.5));
}

TEST_CASE("advice gives every department a second window, and the advised hall loads")
{
    const db::HallFile hall =
        db::readHallFile(test::sourcePath(QStringLiteral("assets/halls/shizhong.json")));
    const sim::Demand demand = sim::readDemand(
        test::sourcePath(QStringLiteral("bench/sim/demand-shizhong.json")), hall.config);
    const sim::Advice advice = sim::advise(hall, demand, 20);
    REQUIRE(!advice.suggestions.empty());
    CHECK(advice.suggestions.size() <= 20);
    const engine::HallConfig advised = db::parseHallConfig(advice.hallJson);
    QSet<int> windows;
    for (const sim::Suggestion& s : advice.suggestions) {
        CHECK(!windows.contains(s.window)); // one extra department per window
        windows.insert(s.window);
        CHECK(advised.window(s.window)->floor == advised.department(s.department)->floor);
    }
    for (const engine::Department& d : advised.departments) {
        int serving = 0;
        for (const engine::Window& w : advised.windows) {
            serving += std::any_of(w.services.begin(), w.services.end(), [&](const auto& ws) {
                return advised.service(ws.service)->department == d.id;
            });
        }
        INFO(d.id.toStdString());
        CHECK(serving >= 2);
    }
}

TEST_CASE("a malformed demand file is refused with every problem named")
{
    QTemporaryDir dir;
    const QString path = dir.filePath(QStringLiteral("demand.json"));
    QFile f(path);
    REQUIRE(f.open(QIODevice::WriteOnly));
    f.write(R"({"dailyVolume": "many", "greenShare": 1.5, "serviceCv": 0, "extra": 1,
                "departmentShares": {"tax": "half", "nowhere": 1},
                "hourWeights": {"25": 1, "9": -1},
                "appointments": {"share": 2, "arriveSdMinutes": -1, "when": 1}})");
    f.close();
    QStringList problems;
    try {
        sim::readDemand(path, test::smallHall());
    } catch (const db::ConfigError& e) {
        problems = e.problems();
    }
    INFO(problems.join(u'\n').toStdString());
    CHECK(problems.contains(QStringLiteral("extra: unknown field")));
    CHECK(problems.contains(QStringLiteral("dailyVolume: must be a number")));
    CHECK(problems.contains(QStringLiteral("greenShare: must be a share from 0 to 1")));
    CHECK(problems.contains(QStringLiteral("serviceCv: must be above 0")));
    CHECK(problems.contains(QStringLiteral("departmentShares.tax: must be a number")));
    CHECK(problems.contains(QStringLiteral("departmentShares.nowhere: no such department")));
    CHECK(problems.contains(
        QStringLiteral("hourWeights.25: an hour 0-23 with a weight of 0 or more")));
    CHECK(problems.contains(
        QStringLiteral("hourWeights.9: an hour 0-23 with a weight of 0 or more")));
    CHECK(problems.contains(QStringLiteral("appointments.share: must be a share from 0 to 1")));
    CHECK(problems.contains(QStringLiteral("appointments.arriveSdMinutes: must not be negative")));
    CHECK(problems.contains(QStringLiteral("appointments.when: unknown field")));
    CHECK_THROWS_AS(
        sim::readDemand(dir.filePath(QStringLiteral("missing.json")), test::smallHall()),
        db::ConfigError);
}

TEST_CASE("booked visits keep to the slots' capacity and come within the check-in rules")
{
    const engine::HallConfig& hall = test::smallHall();
    sim::Demand demand;
    demand.departmentShares = {{QStringLiteral("hukou"), 1.0}};
    demand.dailyVolume = 300;
    demand.appointments.share = 0.5;
    demand.appointments.noShowShare = 0.1;
    const auto arrivals = sim::arrivals(hall, demand, QDate(2026, 11, 23), 5, 7);
    const sim::Bookings b = sim::book(hall, demand, arrivals, 7);
    CHECK(b.booked > 0);
    CHECK(b.slotsFull > 0); // 300 a day is more than half a window's time can book
    CHECK(b.neverCame > 0);
    CHECK(b.withAppointments.size() + std::size_t(b.neverCame) == arrivals.size());
    CHECK(b.walkInsOnly.size() == b.withAppointments.size());
    CHECK(std::is_sorted(b.withAppointments.begin(), b.withAppointments.end(),
                         [](const sim::Arrival& x, const sim::Arrival& y) { return x.at < y.at; }));
    std::map<std::pair<int, std::int64_t>, int> perSlot;
    int kept = 0;
    for (const sim::Arrival& a : b.withAppointments) {
        if (!a.appointmentAt)
            continue;
        ++kept;
        ++perSlot[{a.service, *a.appointmentAt}];
        CHECK(a.at >= *a.appointmentAt - hall.appointments.earlyMinutes * 60'000LL);
        CHECK(a.at <= *a.appointmentAt + hall.appointments.graceMinutes * 60'000LL);
    }
    CHECK(kept + b.neverCame + b.pastGrace == b.booked);
    for (const auto& [slot, count] : perSlot) {
        const QDate day = hall.dayOf(slot.second);
        const auto offered = engine::slotCapacities(hall, engine::WorkingCalendar(),
                                                    hall.services[std::size_t(slot.first)].id, day);
        const auto it = std::find_if(offered.begin(), offered.end(),
                                     [&](const engine::Slot& s) { return s.start == slot.second; });
        REQUIRE(it != offered.end());
        CHECK(count <= it->capacity);
    }
}
