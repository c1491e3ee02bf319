// Which windows should take on which other departments, and how long a helped department's
// ticket waits before a helping window takes it: rings of departments on each floor (a window of
// A also serves B, one of B also C, ...), the department that waits longest helped first, each
// skill and its help-after time kept only when the simulator shows the hall waits less without
// any department waiting much longer than under per-department FIFO.
#pragma once

#include "report.h"

#include <span>
#include <vector>

#include <QHash>
#include <QSet>

namespace qh::sim {

struct Suggestion
{
    int window = 0;
    QString department; // taken on as secondary
    QString from;       // the names of the departments it serves as primary
};

// Which windows may take on which departments, within the demand's AdviceRules. On each floor
// the departments form a ring, those with time to spare and those short of it in turn (at the
// expected peak hour), with no forbidden pair side by side where the order allows; a
// department may be helped by windows of the departments up to two places either side of it.
// A window helps only when each of its own departments has another window, takes on at most
// `extraPerWindow` departments, and never one that is forbidden with one it serves. A department
// alone on its floor is neither helped nor helping.
class SkillPlanner
{
public:
    SkillPlanner(const engine::HallConfig& hall, const Demand& demand);

    // The windows that may take on the department now, those with the most time to spare first.
    std::vector<int> donorsFor(const QString& department) const;
    Suggestion add(int window, const QString& department);

private:
    double busyness(int window) const;

    const engine::HallConfig& m_hall;
    const AdviceRules& m_rules;
    QHash<int, QStringList> m_ownOf;            // window → its departments (primary services)
    QHash<int, QSet<QString>> m_servedBy;       // window → every department it serves
    QHash<QString, int> m_windowsOf;            // department → windows with it as their own
    QHash<QString, QSet<QString>> m_neighbours; // department → the departments that may help it
    QHash<QString, double> m_erlangs;           // department → peak-hour load, in windows busy
    QHash<QString, double> m_windows;           // department → windows' worth, as skills move it
    QHash<int, int> m_extra;                    // window → departments taken on
};

// The hall file with the skills added as secondary services, and the help-after time of each
// department named in `helpAfter`.
QByteArray advisedHall(const db::HallFile& hall, std::span<const Suggestion> skills,
                       const QHash<QString, int>& helpAfter);

struct Advice
{
    std::vector<Suggestion> suggestions; // in the order they were found worth it
    QHash<QString, int> helpAfter;       // each helped department's help-after minutes
    QByteArray hallJson;                 // the hall file with both applied
};

// Up to `maxSkills` skills, simulated on the `training` arrivals: again and again the department
// with the most waiting in all (tickets × mean wait) is offered help from its best donor window,
// with each help-after time in turn; the try that lowers the hall's mean wait most, by 1 % at
// least, is kept if no department's p95 goes further past 1.1 × its per-department FIFO p95.
// Refused, the next donor is tried; after two the department waits until another skill is
// kept. The search ends after 3 × maxSkills tries.
Advice advise(const db::HallFile& hall, const Demand& demand, const std::vector<Arrival>& training,
              int maxSkills);

} // namespace qh::sim
