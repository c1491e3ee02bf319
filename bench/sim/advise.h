// Which windows should take on which other departments, and how long a helped department's
// ticket waits before a helping window takes it in line with its own: chains across the
// departments of each floor proposed from the expected peak-hour loads, each skill kept only when
// the simulator shows it shortens the waits, and the help-after time the simulator finds best.
#pragma once

#include "report.h"

#include <span>
#include <vector>

#include <QHash>

namespace qh::sim {

struct Suggestion
{
    int window = 0;
    QString department; // taken on as secondary
    QString from;       // the names of the departments it serves as primary
};

// The skills worth trying, most needed first, within the demand's AdviceRules: on each floor the
// departments form a ring, heavy and light in turn, and a department is helped by windows of the
// next two on the ring (a window of A also serves B, one of B also C, ...), each time the
// department with the longest expected peak-hour wait by the least busy window that can help.
// A department alone on its floor is left as it is.
std::vector<Suggestion> proposeSkills(const engine::HallConfig& hall, const Demand& demand,
                                      int maxSkills);

// The hall file with the skills added as secondary services, and the help-after time of each
// department named in `helpAfter`.
QByteArray advisedHall(const db::HallFile& hall, std::span<const Suggestion> skills,
                       const QHash<QString, int>& helpAfter);

struct Advice
{
    std::vector<Suggestion> suggestions; // the proposals the simulator kept, in order
    QHash<QString, int> helpAfter;       // each helped department's help-after minutes
    QByteArray hallJson;                 // the hall file with both applied
};

// Tries the proposals one by one on the `training` arrivals, keeps each one that lowers the
// hall's mean wait without pushing a department's p95 past 1.1 × its per-department FIFO p95
// (or further past it, if it already was), then picks the help-after time that waits least.
Advice advise(const db::HallFile& hall, const Demand& demand, const std::vector<Arrival>& training,
              int maxSkills);

} // namespace qh::sim
