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
    // Of a department the calling window only helps (it has no primary service of it), and how
    // long such a ticket must wait before that window takes it.
    bool secondary = false;
    std::int64_t helpAfterMs = 0;
};

// The cap on due appointments going first: once a window has called `maxInARow` of them in a
// row (`streak`), a walk-in that has waited `walkInNormMs` or longer goes first again.
struct AppointmentCap
{
    int maxInARow = 2;
    std::int64_t walkInNormMs = 20 * 60 * 1000;
    int streak = 0;
};

// In this order:
//  1. green-channel tickets, longest waiting first;
//  2. due appointments, earliest appointment first, unless the cap holds them back;
//  3. the rest by the longest wait, where a secondary ticket's wait counts its help-after time
//     less, and it is not called at all before it has waited that long.
// A held-back appointment competes in 3 like any other ticket. Returns the index of the chosen
// candidate, or nothing when there is none to call.
std::optional<std::size_t> chooseNext(std::span<const RoutingCandidate> candidates,
                                      std::int64_t nowMs, const AppointmentCap& cap = {});

// Whether the candidate is a due appointment (the streak counts the calls of those).
bool dueAppointment(const RoutingCandidate& candidate, std::int64_t nowMs);

} // namespace qh::engine
