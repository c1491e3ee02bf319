// The cases (办件) of a simulated year: every ticket served in a run is played again into a hall
// service at its own times (issued, then served at its window), its cases are accepted there, and
// each is finished, suspended and resumed, returned or withdrawn on later working days as the
// demand's case shares draw it. The hall service's store keeps it all (SQLite for the benchmark).
#pragma once

#include "hallservice.h"
#include "simulation.h"

namespace qh::sim {

struct CaseYear
{
    int tickets = 0;
    int cases = 0;
    int followUps = 0; // 差评 followed up
    std::int64_t events = 0;
    double wallSeconds = 0;
};

// Plays the run's served tickets and their cases into `service`, whose clock is `clock`, up to
// the end of `until` (later steps are left undone: those cases stay open); the arrivals must fall
// on the working days of its calendar. Each simulated day is one unit of work.
CaseYear playCases(service::HallService& service, engine::ManualClock& clock, const Demand& demand,
                   const std::vector<Arrival>& arrivals, const Run& run, const QDate& until,
                   std::uint64_t seed);

} // namespace qh::sim
