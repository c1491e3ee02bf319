// Citizens arriving at the kiosks: a non-homogeneous Poisson process over the hall's issuing
// hours, with a department, a service, a service time and whether they are green or absent.
#include "arrivals.h"

#include "hours.h"

#include <cmath>

#include <QTimeZone>

namespace qh::sim {

namespace {

// The issuing hours of a day as [start, end) in seconds since midnight, cut at each hour so
// that each piece has one arrival rate.
std::vector<std::pair<int, int>> issuingPieces(const engine::HallConfig& hall, QDate day)
{
    std::vector<std::pair<int, int>> pieces;
    for (const engine::Period& p : hall.weekly[std::size_t(day.dayOfWeek() - 1)]) {
        for (int at = p.open.msecsSinceStartOfDay() / 1000,
                 end = p.cutoff.msecsSinceStartOfDay() / 1000;
             at < end;) {
            const int next = std::min(end, (at / 3600 + 1) * 3600);
            pieces.emplace_back(at, next);
            at = next;
        }
    }
    return pieces;
}

} // namespace

std::vector<double> meanServiceSeconds(const engine::HallConfig& hall)
{
    std::vector<double> means;
    for (const engine::Service& s : hall.services)
        means.push_back(s.guide.standardMinutes * 60);
    return means;
}

std::vector<Arrival> arrivals(const engine::HallConfig& hall, const Demand& demand, QDate firstDay,
                              int days, std::uint64_t seed)
{
    std::mt19937_64 rng(seed);
    std::uniform_real_distribution<double> unit(0, 1);
    const std::vector<double> means = meanServiceSeconds(hall);

    // Which services each department offers, and the departments in a fixed order.
    std::vector<std::vector<int>> servicesOf(hall.departments.size());
    std::vector<double> shares;
    for (std::size_t d = 0; d < hall.departments.size(); ++d) {
        shares.push_back(demand.departmentShares.value(hall.departments[d].id));
        for (std::size_t s = 0; s < hall.services.size(); ++s) {
            if (hall.services[s].department == hall.departments[d].id)
                servicesOf[d].push_back(int(s));
        }
    }
    std::discrete_distribution<std::size_t> department(shares.begin(), shares.end());
    const double sigma2 = std::log(1 + demand.serviceCv * demand.serviceCv);

    std::vector<Arrival> all;
    const QTimeZone zone(hall.timeZone);
    for (int i = 0; i < days; ++i) {
        const QDate day = firstDay.addDays(i);
        const auto pieces = issuingPieces(hall, day);
        double weightSeconds = 0;
        for (const auto& [from, to] : pieces)
            weightSeconds += demand.hourWeights.value(from / 3600, 1.0) * (to - from);
        if (weightSeconds <= 0)
            continue;
        const std::int64_t midnight = QDateTime(day, QTime(0, 0), zone).toMSecsSinceEpoch();
        for (const auto& [from, to] : pieces) {
            const double rate =
                demand.dailyVolume * demand.hourWeights.value(from / 3600, 1.0) / weightSeconds;
            if (rate <= 0)
                continue;
            std::exponential_distribution<double> gap(rate);
            for (double t = from + gap(rng); t < to; t += gap(rng)) {
                Arrival a;
                a.at = midnight + std::int64_t(t * 1000);
                const auto& services = servicesOf[department(rng)];
                a.service =
                    services[std::size_t(unit(rng) * double(services.size())) % services.size()];
                a.green = unit(rng) < demand.greenShare;
                a.noShow = unit(rng) < demand.noShowShare;
                const double mean = means[std::size_t(a.service)];
                if (demand.exponentialService) {
                    a.serviceSeconds = std::exponential_distribution<double>(1 / mean)(rng);
                } else {
                    std::lognormal_distribution<double> time(std::log(mean) - sigma2 / 2,
                                                             std::sqrt(sigma2));
                    a.serviceSeconds = time(rng);
                }
                all.push_back(a);
            }
        }
    }
    return all;
}

} // namespace qh::sim
