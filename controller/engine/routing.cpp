// The routing policy: which waiting ticket a window calls next. One pure function.
#include "routing.h"

#include <algorithm>
#include <tuple>

namespace qh::engine {

namespace {

// Lower ranks are called first; within a rank, the larger score, then the earlier ticket.
struct Key
{
    int rank;
    double score;
    std::int64_t queuedAt;
    std::int64_t id;

    bool before(const Key& other) const
    {
        return std::tie(rank, other.score, queuedAt, id) <
               std::tie(other.rank, score, other.queuedAt, other.id);
    }
};

Key keyOf(const RoutingCandidate& c, std::int64_t nowMs, bool appointmentsFirst)
{
    if (c.green)
        return {0, double(nowMs - c.queuedAt), c.queuedAt, c.id};
    if (appointmentsFirst && dueAppointment(c, nowMs))
        return {1, double(nowMs - *c.appointmentAt), c.queuedAt, c.id};
    const std::int64_t waited = nowMs - c.queuedAt;
    return {2, double(waited - (c.secondary ? c.helpAfterMs : 0)), c.queuedAt, c.id};
}

} // namespace

bool dueAppointment(const RoutingCandidate& c, std::int64_t nowMs)
{
    return !c.green && c.appointmentAt && *c.appointmentAt <= nowMs;
}

std::optional<std::size_t> chooseNext(std::span<const RoutingCandidate> candidates,
                                      std::int64_t nowMs, const AppointmentCap& cap)
{
    const bool walkInPastNorm =
        std::any_of(candidates.begin(), candidates.end(), [&](const RoutingCandidate& c) {
            return !c.green && !c.appointmentAt && nowMs - c.queuedAt >= cap.walkInNormMs;
        });
    const bool appointmentsFirst = cap.streak < cap.maxInARow || !walkInPastNorm;
    std::optional<std::size_t> best;
    Key bestKey{};
    for (std::size_t i = 0; i < candidates.size(); ++i) {
        const Key key = keyOf(candidates[i], nowMs, appointmentsFirst);
        if (candidates[i].secondary && key.rank == 2 && key.score < 0)
            continue; // not yet waited its help-after time
        if (!best || key.before(bestKey)) {
            best = i;
            bestKey = key;
        }
    }
    return best;
}

} // namespace qh::engine
