// Appointments in the simulated hall: who books, when they come, who never does.
#include "booking.h"

#include "appointments.h"

#include <algorithm>
#include <map>
#include <random>

namespace qh::sim {

Bookings book(const engine::HallConfig& hall, const Demand& demand,
              const std::vector<Arrival>& arrivals, std::uint64_t seed)
{
    std::mt19937_64 rng(seed ^ 0xb00c);
    std::uniform_real_distribution<double> unit(0, 1);
    const AppointmentDemand& d = demand.appointments;
    std::normal_distribution<double> arrive(d.arriveMeanMinutes * 60'000.0,
                                            d.arriveSdMinutes * 60'000.0);
    const engine::WorkingCalendar calendar; // the simulated days are plain weeks
    const std::int64_t earlyMs = hall.appointments.earlyMinutes * 60'000LL;
    const std::int64_t graceMs = hall.appointments.graceMinutes * 60'000LL;
    // Each service's day of slots, with what is booked of them, as they are asked for.
    std::map<std::pair<int, QDate>, std::vector<engine::Slot>> offered;
    Bookings result;
    for (const Arrival& a : arrivals) {
        const engine::Service& service = hall.services[std::size_t(a.service)];
        if (service.appointmentShare <= 0 || a.green || unit(rng) >= d.share) {
            result.withAppointments.push_back(a);
            result.walkInsOnly.push_back(a);
            continue;
        }
        const QDate day = hall.dayOf(a.at);
        auto [it, fresh] = offered.try_emplace({a.service, day});
        if (fresh)
            it->second = engine::slotCapacities(hall, calendar, service.id, day);
        const auto slot = std::find_if(it->second.begin(), it->second.end(),
                                       [&](const engine::Slot& s) { return a.at < s.end; });
        if (slot == it->second.end() || slot->free() == 0) {
            ++result.slotsFull;
            result.withAppointments.push_back(a);
            result.walkInsOnly.push_back(a);
            continue;
        }
        ++slot->booked;
        ++result.booked;
        if (unit(rng) < d.noShowShare) {
            ++result.neverCame;
            continue;
        }
        // Too early, they wait for the check-in to open, or for the hall to (after lunch).
        auto first = slot;
        while (first != it->second.begin() && std::prev(first)->end == first->start)
            --first;
        Arrival booked = a;
        booked.at = std::max(
            {first->start, slot->start - earlyMs, slot->start + std::int64_t(arrive(rng))});
        if (booked.at <= slot->start + graceMs)
            booked.appointmentAt = slot->start;
        else
            ++result.pastGrace;
        result.withAppointments.push_back(booked);
        result.walkInsOnly.push_back(a);
    }
    std::stable_sort(result.withAppointments.begin(), result.withAppointments.end(),
                     [](const Arrival& x, const Arrival& y) { return x.at < y.at; });
    return result;
}

} // namespace qh::sim
