// Which windows should take on which other departments: rings of departments on each floor, the
// department that waits longest helped first, each skill kept only when the simulator confirms
// it, with the help-after time it finds best.
#include "advise.h"

#include <algorithm>

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QSet>

using namespace Qt::Literals::StringLiterals;

namespace qh::sim {

namespace {

// Share of a window's time assumed to go to a department it takes on.
constexpr double kSecondaryShare = 0.3;
// Donors tried for a department before it is left as it is (until another skill is kept).
constexpr int kDonorsTried = 2;
// A skill is kept only when it cuts the hall's mean wait by at least this share.
constexpr double kMinGain = 0.01;
// Tries in all, per skill asked for: the search ends there.
constexpr int kTriesPerSkill = 3;
// A department's p95 may grow to this multiple of its per-department FIFO p95.
constexpr double kP95Tolerance = 1.1;
// The help-after times (minutes) the simulator tries for each department it helps.
constexpr int kHelpAfterChoices[] = {0, 5, 15, 30};
// A department may be helped by the departments this many places either side of it on the ring.
constexpr qsizetype kRingReach = 2;

struct Load
{
    double perSecond = 0;   // arrivals at the peak hour
    double meanSeconds = 0; // service time with the walk
    double windows = 0;     // primary windows (a window shared by k departments counts 1/k each)
    int floor = 1;

    double erlangs() const { return perSecond * meanSeconds; }
    // Windows' worth of time left over at the peak (negative: short of that many).
    double spare() const { return windows - erlangs(); }
};

// Each department's peak-hour load over its primary windows.
QHash<QString, Load> peakLoads(const engine::HallConfig& hall, const Demand& demand,
                               const QHash<int, QStringList>& ownOf)
{
    double peakWeight = 0, weightSeconds = 0;
    for (const engine::Period& p : hall.weekly[0]) {
        for (int at = p.open.msecsSinceStartOfDay() / 1000;
             at < p.cutoff.msecsSinceStartOfDay() / 1000; at += 3600) {
            peakWeight = std::max(peakWeight, demand.hourWeights.value(at / 3600, 1.0));
            weightSeconds += demand.hourWeights.value(at / 3600, 1.0) * 3600;
        }
    }
    QHash<QString, Load> load;
    QHash<QString, int> services;
    for (const engine::Service& s : hall.services)
        ++services[s.department];
    for (const engine::Service& s : hall.services) {
        Load& l = load[s.department];
        l.floor = hall.department(s.department)->floor;
        const double perSecond = demand.dailyVolume * demand.departmentShares.value(s.department) /
                                 services[s.department] * peakWeight / std::max(weightSeconds, 1.0);
        l.meanSeconds = (l.meanSeconds * l.perSecond +
                         perSecond * s.guide.standardMinutes * 60 * (1 + demand.walkOverhead)) /
                        std::max(l.perSecond + perSecond, 1e-12);
        l.perSecond += perSecond;
    }
    for (auto it = ownOf.begin(); it != ownOf.end(); ++it) {
        for (const QString& d : it.value())
            load[d].windows += 1.0 / double(it->size());
    }
    return load;
}

// The departments of one floor in a ring: the one with the most to spare, the one shortest of
// it, the next of each, and so on; each next one the first in that order that is not forbidden
// with the one before it, where there is such.
QStringList ring(QStringList bySpare, const AdviceRules& rules)
{
    QStringList preferred;
    while (!bySpare.isEmpty()) {
        preferred << bySpare.takeFirst();
        if (!bySpare.isEmpty())
            preferred << bySpare.takeLast();
    }
    QStringList order;
    while (!preferred.isEmpty()) {
        const auto next = std::find_if(preferred.begin(), preferred.end(), [&](const QString& d) {
            return order.isEmpty() || !rules.forbidden(order.back(), d);
        });
        order << (next == preferred.end() ? preferred.takeFirst()
                                          : preferred.takeAt(next - preferred.begin()));
    }
    return order;
}

} // namespace

SkillPlanner::SkillPlanner(const engine::HallConfig& hall, const Demand& demand)
    : m_hall(hall)
    , m_rules(demand.advice)
{
    for (const engine::Window& w : hall.windows) {
        for (const engine::WindowService& ws : w.services)
            m_servedBy[w.number].insert(hall.service(ws.service)->department);
        m_ownOf[w.number] = hall.ownDepartments(w.number);
        for (const QString& d : m_ownOf[w.number])
            ++m_windowsOf[d];
    }
    const QHash<QString, Load> load = peakLoads(hall, demand, m_ownOf);
    std::map<int, QStringList> floors;
    for (auto it = load.begin(); it != load.end(); ++it) {
        m_erlangs[it.key()] = it->erlangs();
        m_windows[it.key()] = it->windows;
        if (it->windows > 0)
            floors[it->floor] << it.key();
    }
    for (auto& [floor, departments] : floors) {
        std::sort(departments.begin(), departments.end(), [&](const QString& a, const QString& b) {
            return load[a].spare() > load[b].spare() ||
                   (load[a].spare() == load[b].spare() && a < b);
        });
        const QStringList order = ring(departments, m_rules);
        const qsizetype n = order.size();
        for (qsizetype i = 0; i < n && n > 1; ++i) {
            for (qsizetype step = 1; step <= kRingReach; ++step) {
                m_neighbours[order[i]].insert(order[(i + step) % n]);
                m_neighbours[order[i]].insert(order[((i - step) % n + n) % n]);
            }
            m_neighbours[order[i]].remove(order[i]);
        }
    }
}

double SkillPlanner::busyness(int window) const
{
    double u = 0;
    for (const QString& own : m_ownOf.value(window)) {
        const double windows = m_windows.value(own);
        u = std::max(u, windows > 0 ? m_erlangs.value(own) / windows : 1e9);
    }
    return u;
}

std::vector<int> SkillPlanner::donorsFor(const QString& department) const
{
    const QSet<QString> neighbours = m_neighbours.value(department);
    std::vector<int> donors;
    for (const engine::Window& w : m_hall.windows) {
        const QStringList own = m_ownOf.value(w.number);
        const QSet<QString> served = m_servedBy.value(w.number);
        const bool allowed =
            !own.isEmpty() && m_extra.value(w.number) < m_rules.extraPerWindow &&
            !served.contains(department) &&
            std::all_of(own.begin(), own.end(),
                        [&](const QString& d) { return m_windowsOf.value(d) >= 2; }) &&
            std::any_of(own.begin(), own.end(),
                        [&](const QString& d) { return neighbours.contains(d); }) &&
            std::none_of(served.begin(), served.end(),
                         [&](const QString& d) { return m_rules.forbidden(d, department); });
        if (allowed)
            donors.push_back(w.number);
    }
    std::stable_sort(donors.begin(), donors.end(),
                     [&](int a, int b) { return busyness(a) < busyness(b); });
    return donors;
}

Suggestion SkillPlanner::add(int window, const QString& department)
{
    ++m_extra[window];
    m_servedBy[window].insert(department);
    // The window's time moves over in part: its own departments have that much less of it.
    const QStringList& own = m_ownOf[window];
    for (const QString& d : own)
        m_windows[d] -= kSecondaryShare / double(own.size());
    m_windows[department] += kSecondaryShare;
    QStringList from;
    for (const QString& d : own)
        from << m_hall.department(d)->name.zh;
    return {window, department, from.join(u"、"_s)};
}

QByteArray advisedHall(const db::HallFile& hall, std::span<const Suggestion> skills,
                       const QHash<QString, int>& helpAfter)
{
    QJsonObject root = QJsonDocument::fromJson(hall.source).object();
    QJsonArray windows = root.value(u"windows"_s).toArray();
    for (qsizetype i = 0; i < windows.size(); ++i) {
        QJsonObject w = windows[i].toObject();
        QJsonArray served = w.value(u"services"_s).toArray();
        for (const Suggestion& s : skills) {
            if (s.window == w.value(u"number"_s).toInt())
                served.append(
                    QJsonObject{{u"department"_s, s.department}, {u"weight"_s, u"secondary"_s}});
        }
        w.insert(u"services"_s, served);
        windows[i] = w;
    }
    root.insert(u"windows"_s, windows);
    QJsonArray departments = root.value(u"departments"_s).toArray();
    for (qsizetype i = 0; i < departments.size(); ++i) {
        QJsonObject d = departments[i].toObject();
        const QString id = d.value(u"id"_s).toString();
        if (helpAfter.contains(id))
            d.insert(u"helpAfterMinutes"_s, helpAfter.value(id));
        departments[i] = d;
    }
    root.insert(u"departments"_s, departments);
    return QJsonDocument(root).toJson();
}

Advice advise(const db::HallFile& hall, const Demand& demand, const std::vector<Arrival>& training,
              int maxSkills)
{
    const PolicyFigures fifo =
        figures(simulateFifo(hall.config, demand, training), hall.config, training);
    // How far the departments' p95 waits go past what FIFO allows them, in all.
    const auto excess = [&](const PolicyFigures& f) {
        double over = 0;
        for (const auto& [department, waits] : f.byDepartment) {
            const auto base = fifo.byDepartment.find(department);
            const double allowed =
                base == fifo.byDepartment.end() ? 0 : base->second.p95 * kP95Tolerance;
            over += std::max(0.0, waits.p95 - allowed);
        }
        return over;
    };
    const auto simulate = [&](std::span<const Suggestion> skills,
                              const QHash<QString, int>& helpAfter) {
        const QByteArray json = advisedHall(hall, skills, helpAfter);
        const db::HallFile changed{db::parseHallConfig(json), json};
        return figures(simulateEngine(changed, demand, training), changed.config, training);
    };

    SkillPlanner planner(hall.config, demand);
    Advice advice;
    PolicyFigures best = simulate({}, {});
    QHash<QString, int> refused; // department → donors tried in vain since a skill was kept
    for (int tries = 0;
         int(advice.suggestions.size()) < maxSkills && tries < kTriesPerSkill * maxSkills;
         ++tries) {
        // The department with the most waiting in all, that some window may still help.
        QString neediest;
        int donor = 0;
        double most = 0;
        for (const auto& [department, waits] : best.byDepartment) {
            const double total = waits.mean * waits.tickets;
            const int tried = refused.value(department);
            if (total <= most || tried >= kDonorsTried)
                continue;
            const std::vector<int> donors = planner.donorsFor(department);
            if (tried < int(donors.size())) {
                most = total;
                neediest = department;
                donor = donors[std::size_t(tried)];
            }
        }
        if (neediest.isEmpty())
            break;
        std::optional<PolicyFigures> kept;
        int keptMinutes = 0;
        for (const int minutes : kHelpAfterChoices) {
            std::vector<Suggestion> skills = advice.suggestions;
            skills.push_back({donor, neediest, {}});
            QHash<QString, int> helpAfter = advice.helpAfter;
            helpAfter.insert(neediest, minutes);
            const PolicyFigures tried = simulate(skills, helpAfter);
            if (tried.meanWait < (kept ? kept->meanWait : best.meanWait * (1 - kMinGain)) &&
                excess(tried) <= excess(best)) {
                kept = tried;
                keptMinutes = minutes;
            }
        }
        if (!kept) {
            ++refused[neediest];
            continue;
        }
        advice.suggestions.push_back(planner.add(donor, neediest));
        advice.helpAfter.insert(neediest, keptMinutes);
        refused.clear();
        best = *kept;
    }
    advice.hallJson = advisedHall(hall, advice.suggestions, advice.helpAfter);
    return advice;
}

} // namespace qh::sim
