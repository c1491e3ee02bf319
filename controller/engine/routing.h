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

// The cap on due appointments going first: once a window has called `maxInARow` of them in a
// row (`streak`), a walk-in that has waited `walkInNormMs` or longer goes first again.
struct AppointmentCap
{
    int maxInARow = 2;
    std::int64_t walkInNormMs = 20 * 60 * 1000;
    int streak = 0;
};

// Green-channel tickets first (longest waiting), then appointments that are due (earliest
// appointment) unless the cap holds them back, then the longest weighted wait (wait × weight;
// a held-back appointment competes there with the rest). Returns the index of the chosen
// candidate, or nothing when there are none.
std::optional<std::size_t> chooseNext(std::span<const RoutingCandidate> candidates,
                                      std::int64_t nowMs, const AppointmentCap& cap = {});

// Whether the candidate is a due appointment (the streak counts the calls of those).
bool dueAppointment(const RoutingCandidate& candidate, std::int64_t nowMs);

} // namespace qh::engine
