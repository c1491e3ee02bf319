// The routing policy: which waiting ticket a window calls next. One pure function.
#pragma once

#include <cstdint>
#include <optional>
#include <span>

namespace qh::engine {

struct RoutingCandidate
{
    bool green = false;
    std::optional<std::int64_t> appointmentAt;
    std::int64_t queuedAt = 0; // ms; the wait counts from here
    std::int64_t id = 0;       // tie-breaker: the earlier ticket first
    double weight = 1.0;       // the calling window's weight for the ticket's service
};

// Green-channel tickets first (longest waiting), then appointments that are due (earliest
// appointment), then the longest weighted wait (wait × weight). Returns the index of the
// chosen candidate, or nothing when there are none.
std::optional<std::size_t> chooseNext(std::span<const RoutingCandidate> candidates,
                                      std::int64_t nowMs);

} // namespace qh::engine
