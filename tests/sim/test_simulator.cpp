// The hall simulator checked against queueing theory: the real engine on a simulated clock
// must wait as long as M/M/c says.
#include "simulation.h"
#include "testhall.h"

#include <numeric>

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
    const int days = QStringLiteral("%1")
                         .arg(qEnvironmentVariable("QH_SIM_DAYS", QStringLiteral("400")))
                         .toInt();
    const auto arrivals = sim::arrivals(hall.config, demand, QDate(2026, 11, 23), days, 20261126);
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
    WARN(run.tickets.size() << " tickets in " << run.wallSeconds << " s: simulated " << simulated
                            << " s, Erlang C " << theory << " s");
}
