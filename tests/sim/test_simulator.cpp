// The hall simulator checked against queueing theory (the real engine on a simulated clock must
// wait as long as M/M/c says), its report's measures on a made-up day, and the skill advice.
#include "advise.h"
#include "booking.h"
#include "report.h"
#include "simulation.h"
#include "testhall.h"

#include <numeric>

#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QSet>
#include <QTemporaryDir>

using namespace qh;
using namespace Qt::Literals::StringLiterals;

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

namespace {

// A made-up hall: five departments on floor 1 (A and B busy on one window each, C, D and E quiet
// on two each), F alone on floor 2.
db::HallFile madeUpHall()
{
    QJsonArray departments, services, windows;
    const std::vector<std::tuple<QString, int, int>> plan = {{u"a"_s, 1, 1}, {u"b"_s, 1, 1},
                                                             {u"c"_s, 1, 2}, {u"d"_s, 1, 2},
                                                             {u"e"_s, 1, 2}, {u"f"_s, 2, 2}};
    int number = 0;
    for (const auto& [id, floor, count] : plan) {
        const QJsonObject name{{u"zh"_s, id}, {u"en"_s, id}};
        departments.append(QJsonObject{
            {u"id"_s, id}, {u"name"_s, name}, {u"floor"_s, floor}, {u"prefix"_s, id.toUpper()}});
        services.append(QJsonObject{{u"id"_s, id + u"-1"_s},
                                    {u"department"_s, id},
                                    {u"name"_s, name},
                                    {u"guide"_s, QJsonObject{{u"materials"_s, QJsonArray{}},
                                                             {u"timeLimitDays"_s, 1},
                                                             {u"standardMinutes"_s, 10}}}});
        for (int i = 0; i < count; ++i)
            windows.append(
                QJsonObject{{u"number"_s, ++number},
                            {u"floor"_s, floor},
                            {u"name"_s, QJsonObject{{u"zh"_s, u"窗口"_s}, {u"en"_s, u"Window"_s}}},
                            {u"services"_s, QJsonArray{QJsonObject{{u"department"_s, id}}}}});
    }
    const QJsonObject hall{
        {u"format"_s, 1},
        {u"hall"_s,
         QJsonObject{{u"id"_s, u"made-up"_s},
                     {u"name"_s, QJsonObject{{u"zh"_s, u"大厅"_s}, {u"en"_s, u"Hall"_s}}}}},
        {u"hours"_s,
         QJsonObject{{u"weekly"_s,
                      QJsonArray{QJsonObject{
                          {u"days"_s, QJsonArray{u"mon"_s, u"tue"_s, u"wed"_s, u"thu"_s, u"fri"_s}},
                          {u"periods"_s, QJsonArray{QJsonObject{{u"open"_s, u"09:00"_s},
                                                                {u"close"_s, u"17:00"_s}}}}}}}}},
        {u"departments"_s, departments},
        {u"services"_s, services},
        {u"windows"_s, windows}};
    const QByteArray json = QJsonDocument(hall).toJson();
    return {db::parseHallConfig(json), json};
}

sim::Demand madeUpDemand(const engine::HallConfig& hall)
{
    sim::Demand d;
    d.dailyVolume = 160;
    for (const engine::Department& dep : hall.departments)
        d.departmentShares[dep.id] = dep.id == u"a"_s || dep.id == u"b"_s ? 0.25 : 0.125;
    for (int hour = 9; hour < 17; ++hour)
        d.hourWeights[hour] = 1;
    return d;
}

// The windows of a department of the made-up hall.
std::vector<int> windowsOf(const engine::HallConfig& hall, const QString& department)
{
    std::vector<int> numbers;
    for (const engine::Window& w : hall.windows) {
        if (hall.windowServes(w.number, department))
            numbers.push_back(w.number);
    }
    return numbers;
}

bool anyOf(const std::vector<int>& windows, const std::vector<int>& among)
{
    return std::any_of(windows.begin(), windows.end(), [&](int w) {
        return std::find(among.begin(), among.end(), w) != among.end();
    });
}

} // namespace

TEST_CASE("skills are offered on the department's floor, never by a department's only window")
{
    const db::HallFile hall = madeUpHall();
    const sim::Demand demand = madeUpDemand(hall.config);
    const sim::SkillPlanner planner(hall.config, demand);
    const std::vector<int> donors = planner.donorsFor(u"a"_s);
    REQUIRE(!donors.empty());
    for (const int w : donors)
        CHECK(hall.config.window(w)->floor == 1);
    CHECK(!anyOf(donors, windowsOf(hall.config, u"a"_s)));
    CHECK(!anyOf(donors, windowsOf(hall.config, u"b"_s))); // B's only window
    CHECK(!anyOf(donors, windowsOf(hall.config, u"f"_s))); // F is alone on floor 2
    CHECK(planner.donorsFor(u"f"_s).empty());
}

TEST_CASE("skills keep to the cap per window and the forbidden pairs")
{
    const db::HallFile hall = madeUpHall();
    sim::Demand demand = madeUpDemand(hall.config);
    demand.advice.extraPerWindow = 1;
    demand.advice.neverTogether = {{u"a"_s, u"c"_s}, {u"b"_s, u"d"_s}};
    sim::SkillPlanner planner(hall.config, demand);
    const std::vector<int> forA = planner.donorsFor(u"a"_s);
    CHECK(!anyOf(forA, windowsOf(hall.config, u"c"_s)));
    const int window = windowsOf(hall.config, u"e"_s).front();
    REQUIRE(std::find(forA.begin(), forA.end(), window) != forA.end());
    const sim::Suggestion s = planner.add(window, u"a"_s);
    CHECK(s.from == u"e"_s);
    // The window now serves A: it may take on nothing more (the cap of 1).
    CHECK(!anyOf(planner.donorsFor(u"b"_s), {window}));
    CHECK(!anyOf(planner.donorsFor(u"b"_s), windowsOf(hall.config, u"d"_s)));
    demand.advice.extraPerWindow = 0;
    CHECK(sim::SkillPlanner(hall.config, demand).donorsFor(u"a"_s).empty());
}

TEST_CASE("the advised hall file carries the skills and the help-after times")
{
    const db::HallFile hall = madeUpHall();
    const std::vector<sim::Suggestion> skills = {{7, u"a"_s, u"e"_s}};
    const engine::HallConfig advised =
        db::parseHallConfig(sim::advisedHall(hall, skills, {{u"a"_s, 10}}));
    CHECK(advised.windowServes(7, u"a"_s));
    CHECK(advised.department(u"a"_s)->helpAfterMinutes == 10);
    CHECK(advised.department(u"b"_s)->helpAfterMinutes == 0);
}

TEST_CASE("the advice keeps only skills that shorten the waits, and its hall loads")
{
    const db::HallFile hall = madeUpHall();
    const sim::Demand demand = madeUpDemand(hall.config);
    const auto training = sim::arrivals(hall.config, demand, QDate(2027, 1, 4), 7, 3);
    const sim::Advice advice = sim::advise(hall, demand, training, 20);
    REQUIRE(!advice.suggestions.empty());
    const db::HallFile advised{db::parseHallConfig(advice.hallJson), advice.hallJson};
    for (const sim::Suggestion& s : advice.suggestions)
        CHECK(advice.helpAfter.contains(s.department));
    // On other days than it was chosen on, the advice waits less than the hall as it was.
    const auto judged = sim::arrivals(hall.config, demand, QDate(2027, 1, 4), 14, 11);
    const sim::PolicyFigures before =
        sim::figures(sim::simulateEngine(hall, demand, judged), hall.config, judged);
    const sim::PolicyFigures after =
        sim::figures(sim::simulateEngine(advised, demand, judged), advised.config, judged);
    CHECK(after.meanWait < before.meanWait * 0.8);
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
                "appointments": {"share": 2, "arriveSdMinutes": -1, "when": 1},
                "advice": {"extraPerWindow": 11, "neverTogether": [["tax"], ["tax", "nowhere"]],
                           "who": 1}})");
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
    CHECK(problems.contains(QStringLiteral("advice.extraPerWindow: must be from 0 to 10")));
    CHECK(problems.count(QStringLiteral(
              "advice.neverTogether: each entry must be two departments of the hall")) == 2);
    CHECK(problems.contains(QStringLiteral("advice.who: unknown field")));
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
