// Which windows should take on which other departments: rings of departments on each floor,
// proposed from the expected peak-hour loads and kept or dropped by the simulator, and the
// help-after time it finds best.
#include "advise.h"

#include <algorithm>
#include <cmath>

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QSet>

using namespace Qt::Literals::StringLiterals;

namespace qh::sim {

namespace {

// Share of a window's time assumed to go to a department it takes on.
constexpr double kSecondaryShare = 0.3;
// A proposal must cut the worst expected wait it touches by at least this share.
constexpr double kMinGain = 0.1;
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

    double utilisation() const { return windows > 0 ? perSecond * meanSeconds / windows : 1e9; }
    // Windows' worth of time left over at the peak (negative: short of that many).
    double spare() const { return windows - perSecond * meanSeconds; }

    // Expected peak-hour wait (Sakasegawa's M/G/c approximation, which takes fractional
    // windows); an overloaded department ranks by how overloaded it is.
    double wait(double cv) const
    {
        const double rho = utilisation();
        if (rho >= 1)
            return 1e9 * rho;
        return std::pow(rho, std::sqrt(2 * (windows + 1)) - 1) / (windows * (1 - rho)) *
               meanSeconds * (1 + cv * cv) / 2;
    }
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

// The departments of one floor in a ring, heavy and light in turn, no forbidden pair side by
// side where that can be helped (depth-first, preferring that order).
QStringList ring(QStringList byLoad, const AdviceRules& rules)
{
    QStringList preferred;
    while (!byLoad.isEmpty()) {
        preferred << byLoad.takeFirst();
        if (!byLoad.isEmpty())
            preferred << byLoad.takeLast();
    }
    QStringList order;
    const auto extend = [&](const auto& self) -> bool {
        if (order.size() == preferred.size())
            return order.size() < 3 || !rules.forbidden(order.back(), order.front());
        for (const QString& d : preferred) {
            if (order.contains(d) || (!order.isEmpty() && rules.forbidden(order.back(), d)))
                continue;
            order << d;
            if (self(self))
                return true;
            order.removeLast();
        }
        return false;
    };
    return extend(extend) ? order : preferred;
}

} // namespace

std::vector<Suggestion> proposeSkills(const engine::HallConfig& hall, const Demand& demand,
                                      int maxSkills)
{
    const AdviceRules& rules = demand.advice;
    QHash<int, QStringList> ownOf;      // window → its departments (of its primary services)
    QHash<int, QSet<QString>> servedBy; // window → every department it serves
    for (const engine::Window& w : hall.windows) {
        for (const engine::WindowService& ws : w.services) {
            const QString d = hall.service(ws.service)->department;
            servedBy[w.number].insert(d);
            if (ws.primary && !ownOf[w.number].contains(d))
                ownOf[w.number] << d;
        }
    }
    QHash<QString, Load> load = peakLoads(hall, demand, ownOf);
    const double cv = demand.serviceCv;

    // The ring of each floor: a department is helped by the next two on it.
    QHash<QString, QSet<QString>> helpers; // department → the departments whose windows may help
    std::map<int, QStringList> floors;
    for (const engine::Department& d : hall.departments) {
        if (load.value(d.id).windows > 0)
            floors[d.floor] << d.id;
    }
    for (auto& [floor, departments] : floors) {
        std::sort(departments.begin(), departments.end(), [&](const QString& a, const QString& b) {
            return load[a].spare() > load[b].spare();
        });
        const QStringList order = ring(departments, rules);
        const qsizetype n = order.size();
        for (qsizetype i = 0; i < n && n > 1; ++i) {
            for (qsizetype step = 1; step <= kRingReach; ++step) {
                helpers[order[i]].insert(order[(i + step) % n]);
                helpers[order[i]].insert(order[((i - step) % n + n) % n]);
            }
            helpers[order[i]].remove(order[i]);
        }
    }

    QHash<int, int> extra; // window → departments taken on
    const auto busyness = [&](int window) {
        double u = 0;
        for (const QString& own : ownOf.value(window))
            u = std::max(u, load[own].utilisation());
        return u;
    };
    const auto mayHelp = [&](const engine::Window& w, const QString& department) {
        const QStringList& own = ownOf.value(w.number);
        return !own.isEmpty() && extra.value(w.number) < rules.extraPerWindow &&
               !servedBy[w.number].contains(department) &&
               std::any_of(own.begin(), own.end(),
                           [&](const QString& d) { return helpers[department].contains(d); }) &&
               std::none_of(servedBy[w.number].begin(), servedBy[w.number].end(),
                            [&](const QString& d) { return rules.forbidden(d, department); });
    };

    std::vector<Suggestion> proposals;
    QSet<QString> beyondHelp;
    while (int(proposals.size()) < maxSkills) {
        QString neediest;
        for (auto it = load.begin(); it != load.end(); ++it) {
            if (!beyondHelp.contains(it.key()) && !helpers[it.key()].isEmpty() &&
                (neediest.isEmpty() || it->wait(cv) > load[neediest].wait(cv)))
                neediest = it.key();
        }
        if (neediest.isEmpty())
            break;
        // The least busy window that may help and leaves the longest wait it touches shorter.
        const engine::Window* donor = nullptr;
        const double mustBeat = load[neediest].wait(cv) * (1 - kMinGain);
        for (const engine::Window& w : hall.windows) {
            if (!mayHelp(w, neediest))
                continue;
            Load helped = load[neediest];
            helped.windows += kSecondaryShare;
            double worst = helped.wait(cv);
            for (const QString& d : ownOf[w.number]) {
                Load giving = load[d];
                giving.windows -= kSecondaryShare / double(ownOf[w.number].size());
                worst = std::max(worst, giving.windows > 0 ? giving.wait(cv) : 1e18);
            }
            if (worst < mustBeat && (!donor || busyness(w.number) < busyness(donor->number)))
                donor = &w;
        }
        if (!donor) {
            beyondHelp.insert(neediest); // nobody can without making another wait as long
            continue;
        }
        ++extra[donor->number];
        servedBy[donor->number].insert(neediest);
        for (const QString& d : ownOf[donor->number])
            load[d].windows -= kSecondaryShare / double(ownOf[donor->number].size());
        load[neediest].windows += kSecondaryShare;
        QStringList from;
        for (const QString& d : ownOf[donor->number])
            from << hall.department(d)->name.zh;
        proposals.push_back({donor->number, neediest, from.join(u"、"_s)});
    }
    return proposals;
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
    const std::vector<Suggestion> proposals = proposeSkills(hall.config, demand, maxSkills);
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

    Advice advice;
    PolicyFigures best = simulate({}, {});
    for (const Suggestion& proposal : proposals) {
        advice.suggestions.push_back(proposal);
        std::optional<int> chosen;
        for (const int minutes : kHelpAfterChoices) {
            QHash<QString, int> helpAfter = advice.helpAfter;
            helpAfter.insert(proposal.department, minutes);
            const PolicyFigures tried = simulate(advice.suggestions, helpAfter);
            if (tried.meanWait < best.meanWait && excess(tried) <= excess(best)) {
                best = tried;
                chosen = minutes;
            }
        }
        if (chosen)
            advice.helpAfter.insert(proposal.department, *chosen);
        else
            advice.suggestions.pop_back();
    }
    advice.hallJson = advisedHall(hall, advice.suggestions, advice.helpAfter);
    return advice;
}

} // namespace qh::sim
