// Appointments in the simulated hall: a share of the citizens of bookable services book the slot
// their visit falls in (within its capacity, the engine's own slotCapacities), and come at
// about its start, a few late, some never.
#pragma once

#include "arrivals.h"

#include <vector>

namespace qh::sim {

struct Bookings
{
    // Everyone who comes, in time order: walk-ins as they were, the booked at their slot (those
    // later than the grace take a walk-in ticket). Those who booked and never came are left out.
    std::vector<Arrival> withAppointments;
    // The same people, every one a walk-in at the time they would have come unbooked.
    std::vector<Arrival> walkInsOnly;
    int booked = 0;
    int neverCame = 0;
    int pastGrace = 0; // came too late: walk-ins
    int slotsFull = 0; // wanted to book, found the slot full: walk-ins
};

Bookings book(const engine::HallConfig& hall, const Demand& demand,
              const std::vector<Arrival>& arrivals, std::uint64_t seed);

} // namespace qh::sim
