// Estimated wait: a queue-length predictor over the windows that serve a service, with service
// times learned per service from completed tickets.
#include "prediction.h"

#include <algorithm>

namespace qh::engine {

namespace {

constexpr double kPriorSamples = 5; // the guide's standard time counts as this many observations
constexpr double kMaxSamples = 100; // past this, history outweighs the standard 20 to 1
constexpr double kMinLearningRate = 0.05; // the mean follows drift over about 20 observations

} // namespace

ServiceTimes::ServiceTimes(const HallConfig& hall)
{
    for (const Service& s : hall.services)
        m_stats[s.id].standardSeconds = s.guide.standardMinutes * 60;
}

void ServiceTimes::restore(const QString& serviceId, int samples, double meanSeconds)
{
    Stat& stat = m_stats[serviceId];
    stat.samples = samples;
    stat.observedMean = meanSeconds;
}

std::pair<int, double> ServiceTimes::observe(const QString& serviceId, double seconds)
{
    Stat& stat = m_stats[serviceId];
    ++stat.samples;
    const double rate = std::max(1.0 / stat.samples, kMinLearningRate);
    stat.observedMean += rate * (seconds - stat.observedMean);
    return {stat.samples, stat.observedMean};
}

double ServiceTimes::meanSeconds(const QString& serviceId) const
{
    const Stat stat = m_stats.value(serviceId);
    const double n = std::min<double>(stat.samples, kMaxSamples);
    return (kPriorSamples * stat.standardSeconds + n * stat.observedMean) / (kPriorSamples + n);
}

WaitPredictor::WaitPredictor(const HallConfig& hall)
{
    for (const Window& w : hall.windows) {
        for (const WindowService& ws : w.services) {
            m_windowsByService[ws.service].push_back({w.number, hall.weight(ws)});
            m_servicesByWindow[w.number].emplace_back(ws.service, hall.weight(ws));
        }
    }
}

double WaitPredictor::effectiveServers(const QString& serviceId, const HallLoad& load) const
{
    double servers = 0;
    for (const Skill& skill : m_windowsByService.value(serviceId)) {
        if (load.paused.value(skill.window))
            continue;
        const double mine = skill.weight * (load.waiting.value(serviceId) + 1);
        double all = mine;
        for (const auto& [other, weight] : m_servicesByWindow.value(skill.window)) {
            if (other != serviceId)
                all += weight * load.waiting.value(other);
        }
        servers += mine / all;
    }
    return servers;
}

std::optional<double> WaitPredictor::estimateSeconds(const QString& serviceId, int ahead,
                                                     const HallLoad& load,
                                                     const ServiceTimes& times) const
{
    const double servers = effectiveServers(serviceId, load);
    if (servers <= 0)
        return std::nullopt;
    int idle = 0;
    for (const Skill& skill : m_windowsByService.value(serviceId)) {
        if (!load.paused.value(skill.window) && !load.busy.value(skill.window))
            ++idle;
    }
    const int queued = std::max(0, ahead + 1 - idle);
    return queued * times.meanSeconds(serviceId) / servers;
}

} // namespace qh::engine
