// Which windows should take which secondary services: every department gets a second window,
// and windows with time to spare take on the busiest departments of their floor, one extra
// department per window.
#pragma once

#include "demand.h"

#include <vector>

namespace qh::sim {

struct Suggestion
{
    int window = 0;
    QString department; // taken on as secondary
    QString from;       // the names of the departments it already serves as primary
};

struct Advice
{
    std::vector<Suggestion> suggestions;
    QByteArray hallJson; // the hall file with the suggestions applied
};

// Up to `maxSuggestions` extra skills: first a backup window for every department that has
// only one, then help for the departments with the longest expected peak-hour wait, each from
// the least busy window of its floor that can help (see docs/simulator.md).
Advice advise(const db::HallFile& hall, const Demand& demand, int maxSuggestions);

} // namespace qh::sim
