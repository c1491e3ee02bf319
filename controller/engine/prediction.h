// Estimated wait: a queue-length predictor over the windows that serve a service, with service
// times learned per service from completed tickets.
#pragma once

#include "hall.h"

#include <optional>
#include <vector>

#include <QHash>
#include <QString>

namespace qh::engine {

// What the predictor needs to know about the hall right now.
struct HallLoad
{
    QHash<QString, int> waiting; // waiting tickets per service
    QHash<int, bool> paused;     // per window
    QHash<int, bool> busy;       // per window: a ticket is called or being served
};

// Learned mean service time (call to completion) per service, starting from the guide's
// standard minutes and moving toward what the windows actually take.
class ServiceTimes
{
public:
    explicit ServiceTimes(const HallConfig& hall);
    void restore(const QString& serviceId, int samples, double meanSeconds);
    // Adds one observation; returns the new sample count and mean to persist.
    std::pair<int, double> observe(const QString& serviceId, double seconds);
    double meanSeconds(const QString& serviceId) const;

private:
    struct Stat
    {
        double standardSeconds = 0;
        int samples = 0;
        double observedMean = 0;
    };
    QHash<QString, Stat> m_stats;
};

class WaitPredictor
{
public:
    explicit WaitPredictor(const HallConfig& hall);

    // Effective windows for the service: each open window counts with the share of its time the
    // service is expected to take, from its weights and the waiting tickets of its services.
    double effectiveServers(const QString& serviceId, const HallLoad& load) const;
    // Seconds until a ticket with `ahead` tickets before it is called; nothing when no open
    // window serves the service.
    std::optional<double> estimateSeconds(const QString& serviceId, int ahead, const HallLoad& load,
                                          const ServiceTimes& times) const;

private:
    struct Skill
    {
        int window;
        double weight;
    };
    QHash<QString, std::vector<Skill>> m_windowsByService;
    QHash<int, std::vector<std::pair<QString, double>>> m_servicesByWindow;
};

} // namespace qh::engine
