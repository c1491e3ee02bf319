// What a simulation run says: waits overall, by department and by hour, green channel,
// overtaking, gap closure, and how well each predictor foresaw the waits; as markdown, CSV and a
// PNG chart.
#include "report.h"

#include "charts.h"

#include <algorithm>
#include <cmath>
#include <stdexcept>

#include <QDateTime>
#include <QHash>
#include <QImage>
#include <QTimeZone>

using namespace Qt::Literals::StringLiterals;

namespace qh::sim {

namespace {

double p95(std::vector<double> values)
{
    if (values.empty())
        return 0;
    std::sort(values.begin(), values.end());
    return values[std::size_t(0.95 * double(values.size() - 1))];
}

double mean(const std::vector<double>& values)
{
    if (values.empty())
        return 0;
    double sum = 0;
    for (const double v : values)
        sum += v;
    return sum / double(values.size());
}

QString minutes(double seconds)
{
    return std::isfinite(seconds) ? QString::number(seconds / 60, 'f', 1) : u"∞"_s;
}

} // namespace

PolicyFigures figures(const Run& run, const engine::HallConfig& hall,
                      const std::vector<Arrival>& arrivals)
{
    PolicyFigures f;
    f.policy = run.policy;
    std::vector<double> all, green, regular;
    QHash<QString, std::vector<double>> byDepartment;
    std::map<int, std::vector<double>> byHour;
    const QTimeZone zone(hall.timeZone);
    // Overtaken: a later ticket of the same service was called first. Walking each service's
    // tickets from the newest back, keep the earliest call seen so far.
    std::vector<std::int64_t> earliestLaterCall(hall.services.size(),
                                                std::numeric_limits<std::int64_t>::max());
    int overtaken = 0;
    for (std::size_t i = run.tickets.size(); i-- > 0;) {
        const TicketRecord& t = run.tickets[i];
        if (t.calledAt < 0)
            continue;
        auto& later = earliestLaterCall[std::size_t(arrivals[i].service)];
        if (later < t.calledAt)
            ++overtaken;
        later = std::min(later, t.calledAt);
    }
    for (std::size_t i = 0; i < run.tickets.size(); ++i) {
        const TicketRecord& t = run.tickets[i];
        if (t.calledAt < 0)
            continue;
        const double w = t.waitSeconds();
        all.push_back(w);
        (arrivals[i].green ? green : regular).push_back(w);
        byDepartment[hall.services[std::size_t(arrivals[i].service)].department].push_back(w);
        byHour[QDateTime::fromMSecsSinceEpoch(t.issuedAt, zone).time().hour()].push_back(w);
    }
    f.tickets = int(all.size());
    f.meanWait = mean(all);
    f.p95Wait = p95(all);
    f.greenP95 = p95(green);
    f.regularP95 = p95(regular);
    f.overtakenShare = all.empty() ? 0 : double(overtaken) / double(all.size());
    for (auto it = byDepartment.begin(); it != byDepartment.end(); ++it) {
        const Waits w{int(it->size()), mean(it.value()), p95(it.value())};
        f.byDepartment[it.key()] = w;
        if (w.p95 > f.worstDepartmentP95) {
            f.worstDepartmentP95 = w.p95;
            f.worstDepartment = hall.department(it.key())->name.zh;
        }
    }
    for (const auto& [hour, waits] : byHour)
        f.meanWaitByHour[hour] = mean(waits);
    return f;
}

double gapClosure(double fifo, double engine, double pooled)
{
    return fifo - pooled <= 0 ? 0 : (fifo - engine) / (fifo - pooled);
}

PredictionFigures predictionFigures(const Run& run)
{
    PredictionFigures p;
    double waits = 0, engine = 0, queueLength = 0, lastToEnter = 0;
    for (const TicketRecord& t : run.tickets) {
        if (t.calledAt < 0 || std::isnan(t.predicted) || std::isnan(t.queueLength) ||
            std::isnan(t.lastToEnter))
            continue;
        const double w = t.waitSeconds();
        ++p.tickets;
        waits += w;
        engine += (t.predicted - w) * (t.predicted - w);
        queueLength += (t.queueLength - w) * (t.queueLength - w);
        lastToEnter += (t.lastToEnter - w) * (t.lastToEnter - w);
    }
    if (p.tickets == 0 || waits <= 0)
        return p;
    const double meanWait = waits / p.tickets;
    p.engine = std::sqrt(engine / p.tickets) / meanWait;
    p.queueLength = std::sqrt(queueLength / p.tickets) / meanWait;
    p.lastToEnter = std::sqrt(lastToEnter / p.tickets) / meanWait;
    return p;
}

QString markdown(const Report& report, const engine::HallConfig& hall)
{
    QString md = u"| policy | tickets | mean wait (min) | p95 wait | worst department p95 | "
                 u"green p95 | regular p95 | overtaken |\n|---|---|---|---|---|---|---|---|\n"_s;
    for (const PolicyFigures& f : report.policies) {
        md += u"| %1 | %2 | %3 | %4 | %5 (%6) | %7 | %8 | %9% |\n"_s.arg(f.policy)
                  .arg(f.tickets)
                  .arg(minutes(f.meanWait), minutes(f.p95Wait), minutes(f.worstDepartmentP95),
                       f.worstDepartment, minutes(f.greenP95), minutes(f.regularP95))
                  .arg(f.overtakenShare * 100, 0, 'f', 1);
    }
    md += u"| pooled Erlang C | | %1 | | | | | |\n\n"_s.arg(minutes(report.pooled.meanWaitSeconds));
    const PolicyFigures& fifo = report.policies.front();
    for (std::size_t i = 1; i < report.policies.size(); ++i) {
        const PolicyFigures& f = report.policies[i];
        // Departments waiting longer at the p95 than under per-department FIFO, by over 10 %.
        QStringList worse;
        for (const auto& [department, waits] : f.byDepartment) {
            const auto base = fifo.byDepartment.find(department);
            if (base != fifo.byDepartment.end() && waits.p95 > base->second.p95 * 1.1)
                worse << u"%1 %2 → %3"_s.arg(hall.department(department)->name.zh,
                                             minutes(base->second.p95), minutes(waits.p95));
        }
        md += u"- gap closure of %1: %2; worst department p95 / hall p95: %3; green p95 / "
              u"regular p95: %4; p95 over 1.1 × FIFO's: %5\n"_s.arg(f.policy)
                  .arg(gapClosure(fifo.meanWait, f.meanWait, report.pooled.meanWaitSeconds), 0, 'f',
                       2)
                  .arg(f.p95Wait > 0 ? f.worstDepartmentP95 / f.p95Wait : 0, 0, 'f', 2)
                  .arg(f.regularP95 > 0 ? f.greenP95 / f.regularP95 : 0, 0, 'f', 2)
                  .arg(worse.isEmpty() ? u"none"_s : worse.join(u"; "_s));
    }
    md += u"\n| department | floor |"_s;
    QString rule = u"\n|---|---|"_s;
    for (const PolicyFigures& f : report.policies) {
        md += u" %1: mean / p95 (min) |"_s.arg(f.policy);
        rule += u"---|"_s;
    }
    md += rule + u"\n"_s;
    for (const engine::Department& d : hall.departments) {
        md += u"| %1 | %2 |"_s.arg(d.name.zh).arg(d.floor);
        for (const PolicyFigures& f : report.policies) {
            const auto it = f.byDepartment.find(d.id);
            md += it == f.byDepartment.end()
                      ? u" - |"_s
                      : u" %1 / %2 |"_s.arg(minutes(it->second.mean), minutes(it->second.p95));
        }
        md += u"\n"_s;
    }
    const PredictionFigures& p = report.prediction;
    md += u"\n| predictor (engine run, %1 tickets) | RMSE / mean wait |\n|---|---|\n"
          u"| the engine's | %2 |\n| queue length, true service rate (QL) | %3 |\n"
          u"| last to enter service (LES) | %4 |\n"_s.arg(p.tickets)
              .arg(p.engine, 0, 'f', 3)
              .arg(p.queueLength, 0, 'f', 3)
              .arg(p.lastToEnter, 0, 'f', 3);
    return md;
}

QString csv(const Report& report)
{
    QString out = u"policy,hour,mean_wait_seconds\n"_s;
    for (const PolicyFigures& f : report.policies) {
        for (const auto& [hour, wait] : f.meanWaitByHour)
            out += u"%1,%2,%3\n"_s.arg(f.policy).arg(hour).arg(wait, 0, 'f', 1);
    }
    for (const auto& [hour, wait] : report.pooled.byHour)
        out += u"pooled,%1,%2\n"_s.arg(hour).arg(wait, 0, 'f', 1);
    return out;
}

void writeChart(const Report& report, const QString& path)
{
    std::vector<reports::LineSeries> lines;
    const auto add = [&](const QString& name, const std::map<int, double>& byHour) {
        reports::LineSeries line{name, {}};
        for (const auto& [hour, wait] : byHour) {
            if (std::isfinite(wait)) // an unstable pooled bound has no wait to draw
                line.points.emplace_back(hour, wait / 60);
        }
        lines.push_back(line);
    };
    for (const PolicyFigures& f : report.policies)
        add(f.policy, f.meanWaitByHour);
    add(u"pooled Erlang C"_s, report.pooled.byHour);
    const QImage chart = reports::lineChart(
        {u"Mean wait by hour of issue"_s, u"hour of issue"_s, u"minutes"_s}, lines);
    if (!chart.save(path, "PNG"))
        throw std::runtime_error("cannot write " + path.toStdString());
}

} // namespace qh::sim
