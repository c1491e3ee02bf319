// Which windows should take which secondary services: every department gets a second window,
// and windows with time to spare take on the busiest departments of their floor, one extra
// department per window.
#include "advise.h"

#include <cmath>

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QSet>

using namespace Qt::Literals::StringLiterals;

namespace qh::sim {

namespace {

// Share of a window's time assumed to go to a secondary department it takes on.
constexpr double kSecondaryShare = 0.3;
// A suggestion must cut the worst expected wait it touches by at least this share.
constexpr double kMinGain = 0.1;

struct Load
{
    double perSecond = 0;   // arrivals at the peak hour
    double meanSeconds = 0; // service time with the walk
    double windows = 0;     // primary windows (a window shared by k departments counts 1/k each)
    int floor = 1;

    double utilisation() const { return windows > 0 ? perSecond * meanSeconds / windows : 1e9; }

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

} // namespace

Advice advise(const db::HallFile& hallFile, const Demand& demand, int maxSuggestions)
{
    const engine::HallConfig& hall = hallFile.config;
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
    QHash<int, QStringList> primaryOf;  // window → departments
    QHash<int, QSet<QString>> servedBy; // window → every department it serves
    for (const engine::Window& w : hall.windows) {
        for (const engine::WindowService& ws : w.services) {
            const QString d = hall.service(ws.service)->department;
            servedBy[w.number].insert(d);
            if (ws.primary && !primaryOf[w.number].contains(d))
                primaryOf[w.number] << d;
        }
        for (const QString& d : primaryOf[w.number])
            load[d].windows += 1.0 / double(primaryOf[w.number].size());
    }

    Advice advice;
    QSet<int> helping;
    const double cv = demand.serviceCv;
    // How much of its time a window's own departments take: the idler, the more it can give.
    const auto busyness = [&](const engine::Window& w) {
        double u = 0;
        for (const QString& own : primaryOf[w.number])
            u = std::max(u, load[own].utilisation());
        return u;
    };
    const auto suggest = [&](const engine::Window& donor, const QString& department) {
        helping.insert(donor.number);
        servedBy[donor.number].insert(department);
        for (const QString& d : primaryOf[donor.number])
            load[d].windows -= kSecondaryShare / double(primaryOf[donor.number].size());
        load[department].windows += kSecondaryShare;
        QStringList from;
        for (const QString& d : primaryOf[donor.number])
            from << hall.department(d)->name.zh;
        advice.suggestions.push_back({donor.number, department, from.join(u"、"_s)});
    };
    // First, no department hangs on one window: one long service there stops its whole queue.
    // Its backup is the least busy window of its floor.
    for (const engine::Department& d : hall.departments) {
        const auto serving =
            std::count_if(hall.windows.begin(), hall.windows.end(), [&](const engine::Window& w) {
                return servedBy[w.number].contains(d.id);
            });
        const engine::Window* backup = nullptr;
        for (const engine::Window& w : hall.windows) {
            if (serving >= 2 || helping.contains(w.number) || w.floor != d.floor ||
                servedBy[w.number].contains(d.id) || primaryOf[w.number].isEmpty())
                continue;
            if (!backup || busyness(w) < busyness(*backup))
                backup = &w;
        }
        if (backup && int(advice.suggestions.size()) < maxSuggestions)
            suggest(*backup, d.id);
    }
    // Then help where the expected waits are longest, as long as some window can.
    QSet<QString> beyondHelp;
    while (int(advice.suggestions.size()) < maxSuggestions) {
        // The department with the longest expected wait, and the window on its floor whose help
        // leaves the longest wait it touches the shortest.
        QString busiest;
        for (auto it = load.begin(); it != load.end(); ++it) {
            if (!beyondHelp.contains(it.key()) &&
                (busiest.isEmpty() || it->wait(cv) > load[busiest].wait(cv)))
                busiest = it.key();
        }
        if (busiest.isEmpty())
            break;
        const engine::Window* donor = nullptr;
        const double mustBeat = load[busiest].wait(cv) * (1 - kMinGain);
        for (const engine::Window& w : hall.windows) {
            if (helping.contains(w.number) || servedBy[w.number].contains(busiest) ||
                w.floor != load[busiest].floor || primaryOf[w.number].isEmpty())
                continue;
            Load helped = load[busiest];
            helped.windows += kSecondaryShare;
            double worst = helped.wait(cv);
            for (const QString& d : primaryOf[w.number]) {
                Load giving = load[d];
                giving.windows -= kSecondaryShare / double(primaryOf[w.number].size());
                worst = std::max(worst, giving.windows > 0 ? giving.wait(cv) : 1e18);
            }
            if (worst < mustBeat && (!donor || busyness(w) < busyness(*donor)))
                donor = &w;
        }
        if (donor)
            suggest(*donor, busiest);
        else
            beyondHelp.insert(busiest); // nobody can without making another queue as long
    }

    QJsonObject root = QJsonDocument::fromJson(hallFile.source).object();
    QJsonArray windows = root.value(u"windows"_s).toArray();
    for (const Suggestion& s : advice.suggestions) {
        for (qsizetype i = 0; i < windows.size(); ++i) {
            QJsonObject w = windows[i].toObject();
            if (w.value(u"number"_s).toInt() != s.window)
                continue;
            QJsonArray served = w.value(u"services"_s).toArray();
            served.append(
                QJsonObject{{u"department"_s, s.department}, {u"weight"_s, u"secondary"_s}});
            w.insert(u"services"_s, served);
            windows[i] = w;
        }
    }
    root.insert(u"windows"_s, windows);
    advice.hallJson = QJsonDocument(root).toJson();
    return advice;
}

} // namespace qh::sim
