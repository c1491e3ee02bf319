// What a simulation run says: waits overall, by department and by hour, green channel,
// overtaking, gap closure, and how well each predictor foresaw the waits; as markdown, CSV and a
// PNG chart.
#include "report.h"

#include <algorithm>
#include <cmath>
#include <stdexcept>

#include <QDateTime>
#include <QHash>
#include <QImage>
#include <QPainter>
#include <QPainterPath>
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
        const double d = p95(it.value());
        if (d > f.worstDepartmentP95) {
            f.worstDepartmentP95 = d;
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

QString markdown(const Report& report)
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
        md += u"- gap closure of %1: %2; worst department p95 / hall p95: %3; green p95 / "
              u"regular p95: %4\n"_s.arg(f.policy)
                  .arg(gapClosure(fifo.meanWait, f.meanWait, report.pooled.meanWaitSeconds), 0, 'f',
                       2)
                  .arg(f.p95Wait > 0 ? f.worstDepartmentP95 / f.p95Wait : 0, 0, 'f', 2)
                  .arg(f.regularP95 > 0 ? f.greenP95 / f.regularP95 : 0, 0, 'f', 2);
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
    constexpr int kWidth = 1000, kHeight = 560, kLeft = 80, kRight = 180, kTop = 50, kBottom = 60;
    std::vector<std::pair<QString, std::map<int, double>>> lines;
    for (const PolicyFigures& f : report.policies)
        lines.emplace_back(f.policy, f.meanWaitByHour);
    lines.emplace_back(u"pooled Erlang C"_s, report.pooled.byHour);
    int firstHour = 23, lastHour = 0;
    double top = 1;
    for (const auto& [name, byHour] : lines) {
        for (const auto& [hour, wait] : byHour) {
            firstHour = std::min(firstHour, hour);
            lastHour = std::max(lastHour, hour);
            if (std::isfinite(wait))
                top = std::max(top, wait / 60);
        }
    }
    top = std::ceil(top / 5) * 5;
    const double plotW = kWidth - kLeft - kRight, plotH = kHeight - kTop - kBottom;
    const auto x = [&](double hour) {
        return kLeft + plotW * (hour - firstHour) / std::max(1, lastHour - firstHour);
    };
    const auto y = [&](double minutesValue) {
        return kTop + plotH * (1 - std::min(minutesValue, top) / top);
    };

    QImage image(kWidth, kHeight, QImage::Format_RGB32);
    image.fill(Qt::white);
    QPainter p(&image);
    p.setRenderHint(QPainter::Antialiasing);
    p.setPen(Qt::black);
    p.drawText(QRectF(0, 10, kWidth, 30), Qt::AlignCenter,
               u"Mean wait by hour of issue (minutes)"_s);
    p.setPen(QColor(200, 200, 200));
    for (double m = 0; m <= top; m += 5) {
        p.drawLine(QPointF(kLeft, y(m)), QPointF(kLeft + plotW, y(m)));
        p.drawText(QRectF(0, y(m) - 10, kLeft - 8, 20), Qt::AlignRight | Qt::AlignVCenter,
                   QString::number(m, 'f', 0));
    }
    for (int h = firstHour; h <= lastHour; ++h)
        p.drawText(QRectF(x(h) - 30, kTop + plotH + 8, 60, 20), Qt::AlignCenter, u"%1:00"_s.arg(h));
    const QColor colours[] = {QColor(200, 60, 40), QColor(30, 100, 200), QColor(40, 150, 60),
                              QColor(120, 120, 120)};
    for (std::size_t i = 0; i < lines.size(); ++i) {
        QPainterPath curve;
        bool first = true;
        for (const auto& [hour, wait] : lines[i].second) {
            const QPointF point(x(hour), y(std::isfinite(wait) ? wait / 60 : top));
            if (first)
                curve.moveTo(point);
            else
                curve.lineTo(point);
            first = false;
        }
        p.setPen(QPen(colours[std::min<std::size_t>(i, 3)], 3));
        p.drawPath(curve);
        p.drawLine(QPointF(kLeft + plotW + 20, kTop + 20 + 28 * double(i)),
                   QPointF(kLeft + plotW + 50, kTop + 20 + 28 * double(i)));
        p.setPen(Qt::black);
        p.drawText(QPointF(kLeft + plotW + 58, kTop + 25 + 28 * double(i)), lines[i].first);
    }
    p.end();
    if (!image.save(path, "PNG"))
        throw std::runtime_error("cannot write " + path.toStdString());
}

} // namespace qh::sim
