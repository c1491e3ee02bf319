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

// Nothing for a helped department's ticket that has not yet waited its help-after time.
std::optional<Key> keyOf(const RoutingCandidate& c, std::int64_t nowMs, bool appointmentsFirst)
{
    if (c.green)
        return Key{0, double(nowMs - c.queuedAt), c.queuedAt, c.id};
    if (appointmentsFirst && dueAppointment(c, nowMs))
        return Key{1, double(nowMs - *c.appointmentAt), c.queuedAt, c.id};
    const std::int64_t counted = nowMs - c.queuedAt - (c.secondary ? c.helpAfterMs : 0);
    if (counted < 0 && c.secondary)
        return std::nullopt;
    return Key{2, double(counted), c.queuedAt, c.id};
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
        const std::optional<Key> key = keyOf(candidates[i], nowMs, appointmentsFirst);
        if (key && (!best || key->before(bestKey))) {
            best = i;
            bestKey = *key;
        }
    }
    return best;
}

} // namespace qh::engine
