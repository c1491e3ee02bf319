// A service day (or a year of them) played through a routing policy: the real queue engine on
// a simulated clock, or per-department FIFO on dedicated windows; and the pooled Erlang-C bound.
#pragma once

#include "arrivals.h"

#include <limits>
#include <map>
#include <vector>

#include <QString>

namespace qh::sim {

constexpr double kNone = std::numeric_limits<double>::quiet_NaN();
constexpr std::int64_t kNoShowWaitMs = 60'000; // a clerk waits this long for a called citizen
constexpr int kCallsBeforeGone = 3;            // the FIFO baseline's recall limit
constexpr std::int64_t kIdleRetryMs = 30'000;  // an idle clerk with people waiting calls again

// One arrival as it went: its first call, and the waits predicted for it when it was issued.
struct TicketRecord
{
    std::int64_t issuedAt = 0;
    std::int64_t calledAt = -1; // first call; -1 if never called
    double predicted = kNone;   // what the ticket said (the engine's predictor)
    double queueLength = kNone; // QL: people ahead over the windows, with the true service time
    double lastToEnter = kNone; // LES: the wait of the last ticket of its service to be called
    int window = 0;             // where it was served; 0 if it never was
    std::int64_t servedAt = -1; // when its service at the window ended

    double waitSeconds() const { return double(calledAt - issuedAt) / 1000; }
};

struct Run
{
    QString policy;
    std::vector<TicketRecord> tickets; // one per arrival, same order
    double wallSeconds = 0;
    double simulatedSeconds = 0; // first arrival to the last ticket finished
};

// The queue engine with its routing and predictor, on an in-memory store of the hall.
Run simulateEngine(const db::HallFile& hall, const Demand& demand,
                   const std::vector<Arrival>& arrivals);
// Each window serves the departments of its primary services, first come first served.
Run simulateFifo(const engine::HallConfig& hall, const Demand& demand,
                 const std::vector<Arrival>& arrivals);

// Mean wait in queue of M/M/c (Erlang C); infinity when the servers cannot keep up.
double erlangCWaitSeconds(int servers, double arrivalsPerSecond, double meanServiceSeconds);
struct PooledBound
{
    double meanWaitSeconds = 0;
    std::map<int, double> byHour; // hour of day → mean wait of the tickets issued then
};
// The pooled bound: every window serving everything, hour by hour, with the service time
// stretched by the walk overhead; weighted by the arrivals of each hour.
PooledBound pooledBound(const engine::HallConfig& hall, const Demand& demand,
                        const std::vector<Arrival>& arrivals);

} // namespace qh::sim
