// Citizens arriving at the kiosks: a non-homogeneous Poisson process over the hall's issuing
// hours, with a department, a service, a service time and whether they are green or absent.
#pragma once

#include "demand.h"

#include <cstdint>
#include <optional>
#include <random>
#include <vector>

#include <QDate>

namespace qh::sim {

struct Arrival
{
    std::int64_t at = 0; // ms since the epoch
    int service = 0;     // index into hall.services
    bool green = false;
    bool noShow = false;                       // takes a ticket and is gone when called
    double serviceSeconds = 0;                 // at the window, once they come
    std::optional<std::int64_t> appointmentAt; // the booked slot's start, when booked
};

// The service days' arrivals in time order; days with no issuing hours have none.
std::vector<Arrival> arrivals(const engine::HallConfig& hall, const Demand& demand, QDate firstDay,
                              int days, std::uint64_t seed);

// The mean service time of each service in hall order, from the guides' standard minutes.
std::vector<double> meanServiceSeconds(const engine::HallConfig& hall);

} // namespace qh::sim
