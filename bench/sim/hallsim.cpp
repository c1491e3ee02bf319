// hallsim: service days of a hall played through the real queue engine on a simulated clock,
// against per-department FIFO and the pooled Erlang-C bound; `--advise` also tries the
// suggested secondary skills, `--appointments` books a share of the visits and compares the
// waits with and without, `--year` measures how fast a year of arrivals simulates, `--cases`
// plays a year's cases into SQLite: its rates, and how fast the overdue list and a month's rates
// come out of it.
#include "advise.h"
#include "appraisal.h"
#include "booking.h"
#include "caseyear.h"
#include "jsonmapping.h"
#include "migrations.h"
#include "monthly.h"
#include "report.h"
#include "store.h"

#include <algorithm>
#include <cstdio>

#include <QApplication>
#include <QCommandLineParser>
#include <QDir>
#include <QElapsedTimer>
#include <QFile>
#include <QJsonDocument>
#include <QLoggingCategory>
#include <QTemporaryDir>
#include <QTimeZone>

using namespace qh;
using namespace qh::sim;
using namespace Qt::Literals::StringLiterals;

namespace {

void write(const QString& path, const QByteArray& bytes)
{
    QFile f(path);
    if (!f.open(QIODevice::WriteOnly) || f.write(bytes) != bytes.size())
        throw std::runtime_error("cannot write " + path.toStdString());
}

int year(const db::HallFile& hall, const Demand& demand, std::uint64_t seed)
{
    constexpr int kServiceDays = 250;
    // 250 weekdays: a year of a hall open Monday to Friday.
    const auto all = arrivals(hall.config, demand, QDate(2027, 1, 4), kServiceDays * 7 / 5, seed);
    const Run run = simulateEngine(hall, demand, all);
    std::printf("a year: %zu tickets over %d service days simulated in %.1f s: %.0f× real time "
                "(%.0f tickets/s)\n",
                run.tickets.size(), kServiceDays, run.wallSeconds,
                run.simulatedSeconds / run.wallSeconds,
                double(run.tickets.size()) / run.wallSeconds);
    return 0;
}

double mean(const std::vector<double>& values)
{
    double sum = 0;
    for (const double v : values)
        sum += v;
    return values.empty() ? 0 : sum / double(values.size());
}

double p95(std::vector<double> values)
{
    if (values.empty())
        return 0;
    std::sort(values.begin(), values.end());
    return values[std::min(values.size() - 1, (values.size() * 95 + 99) / 100 - 1)];
}

// The same citizens with a share of them booked, and all walking in: the walk-ins' waits in
// both, the appointments' punctuality (called within 10 minutes of the slot) and their waits
// past the slot.
int appointments(const db::HallFile& hall, const Demand& demand, const std::vector<Arrival>& all,
                 std::uint64_t seed)
{
    constexpr double kPunctualSeconds = 600;
    const Bookings b = book(hall.config, demand, all, seed);
    const Run without = simulateEngine(hall, demand, b.walkInsOnly);
    const Run with = simulateEngine(hall, demand, b.withAppointments);
    std::vector<double> baseline;
    for (const TicketRecord& r : without.tickets) {
        if (r.calledAt >= 0)
            baseline.push_back(r.waitSeconds());
    }
    std::vector<double> walkIns;
    std::vector<double> pastSlot;
    int kept = 0;
    int punctual = 0;
    for (std::size_t i = 0; i < with.tickets.size(); ++i) {
        const TicketRecord& r = with.tickets[i];
        const std::optional<std::int64_t> slot = b.withAppointments[i].appointmentAt;
        if (r.calledAt < 0)
            continue;
        if (!slot) {
            walkIns.push_back(r.waitSeconds());
            continue;
        }
        ++kept;
        const double late = double(r.calledAt - std::max(*slot, r.issuedAt)) / 1000;
        pastSlot.push_back(std::max(0.0, late));
        punctual += double(r.calledAt - *slot) / 1000 <= kPunctualSeconds;
    }
    const double baseMean = mean(baseline);
    const double walkInMean = mean(walkIns);
    std::printf(
        "appointments: %zu citizens; %d booked (%.0f %% of the bookable services' visits asked, "
        "%d found their slot full), %d never came, %d came past the grace and walked in\n"
        "no appointments: mean wait %.1f min, p95 %.1f min\n"
        "with appointments: walk-ins' mean wait %.1f min (%.2f× without; target ≤ 1.10), p95 "
        "%.1f min\n"
        "appointments kept: %d, called within 10 min of their slot: %.1f %% (target ≥ 90 %%); "
        "mean wait past the slot %.1f min, p95 %.1f min\n",
        without.tickets.size(), b.booked, demand.appointments.share * 100, b.slotsFull, b.neverCame,
        b.pastGrace, baseMean / 60, p95(baseline) / 60, walkInMean / 60,
        baseMean > 0 ? walkInMean / baseMean : 0, p95(walkIns) / 60, kept,
        kept ? 100.0 * punctual / kept : 0, mean(pastSlot) / 60, p95(pastSlot) / 60);
    return 0;
}

constexpr int kTrainingDays = 14;

// What each kept skill buys, taken in order (simulated on the judged days), and what the helping
// windows' own departments wait before and after.
QString adviceMarkdown(const db::HallFile& hall, const Demand& demand,
                       const std::vector<Arrival>& all, const Advice& advice, const Report& report)
{
    const engine::HallConfig& config = hall.config;
    QString md = u"\nSuggested secondary skills (%1): the hall's mean wait and worst department's "
                 u"p95 with the skills up to each\n\n| # | window | its departments | also serves "
                 u"(help after) | mean wait (min) | worst department p95 |\n"
                 u"|---|---|---|---|---|---|\n"_s.arg(advice.suggestions.size());
    for (std::size_t i = 0; i < advice.suggestions.size(); ++i) {
        const Suggestion& s = advice.suggestions[i];
        const QByteArray json =
            advisedHall(hall, std::span(advice.suggestions).first(i + 1), advice.helpAfter);
        const db::HallFile prefix{db::parseHallConfig(json), json};
        const PolicyFigures f = figures(simulateEngine(prefix, demand, all), prefix.config, all);
        md += u"| %1 | %2 | %3 | %4 (%5 min) | %6 | %7 (%8) |\n"_s.arg(i + 1)
                  .arg(s.window)
                  .arg(s.from, config.department(s.department)->name.zh)
                  .arg(advice.helpAfter.value(s.department))
                  .arg(f.meanWait / 60, 0, 'f', 2)
                  .arg(f.worstDepartmentP95 / 60, 0, 'f', 1)
                  .arg(f.worstDepartment);
    }
    // The helping windows' own queues: their departments' waits as configured and as advised.
    const PolicyFigures& before = report.policies[1];
    const PolicyFigures& after = report.policies.back();
    md += u"\nThe helping windows' own departments, mean / p95 wait (min): engine as configured → "
          u"with the advice\n\n| department | helps | before | after |\n|---|---|---|---|\n"_s;
    QStringList seen;
    for (const Suggestion& s : advice.suggestions) {
        for (const QString& d : config.ownDepartments(s.window)) {
            if (seen.contains(d))
                continue;
            seen << d;
            QStringList helps;
            for (const Suggestion& other : advice.suggestions) {
                const QString name = config.department(other.department)->name.zh;
                if (config.ownDepartments(other.window).contains(d) && !helps.contains(name))
                    helps << name;
            }
            const Waits b = before.byDepartment.at(d);
            const Waits a = after.byDepartment.at(d);
            md += u"| %1 | %2 | %3 / %4 | %5 / %6 |\n"_s
                      .arg(config.department(d)->name.zh, helps.join(u"、"_s))
                      .arg(b.mean / 60, 0, 'f', 1)
                      .arg(b.p95 / 60, 0, 'f', 1)
                      .arg(a.mean / 60, 0, 'f', 1)
                      .arg(a.p95 / 60, 0, 'f', 1);
        }
    }
    return md;
}

// The median of `runs` timings of fn, in milliseconds.
template <typename Fn> double medianMs(int runs, Fn&& fn)
{
    std::vector<double> ms;
    for (int i = 0; i < runs; ++i) {
        QElapsedTimer t;
        t.start();
        fn();
        ms.push_back(double(t.nsecsElapsed()) / 1e6);
    }
    std::sort(ms.begin(), ms.end());
    return ms[ms.size() / 2];
}

QString percent(std::optional<double> share)
{
    return share ? QString::number(*share * 100, 'f', 2) + u" %"_s : u"-"_s;
}

// 2026, the year of the shipped working calendar: its arrivals on its working days, through the
// engine, then every served ticket's cases into a SQLite store; the year's rates beside the ones
// the hall publishes, and the times of `case list --overdue` and of a month's rates.
int caseYear(const db::HallFile& hall, const Demand& demand, const QString& dbPath,
             std::uint64_t seed)
{
    QFile calendarFile(QStringLiteral(QH_CALENDAR_2026));
    if (!calendarFile.open(QIODevice::ReadOnly))
        throw std::runtime_error("cannot read the 2026 calendar");
    const QByteArray calendarJson = calendarFile.readAll();
    engine::WorkingCalendar calendar;
    calendar.setYear(engine::parseCalendarYear(calendarJson));
    std::vector<Arrival> all = arrivals(hall.config, demand, QDate(2026, 1, 1), 365, seed);
    const QTimeZone zone(hall.config.timeZone);
    std::erase_if(all, [&](const Arrival& a) {
        return !calendar.isWorkingDay(QDateTime::fromMSecsSinceEpoch(a.at, zone).date());
    });
    const Run run = simulateEngine(hall, demand, all);

    QTemporaryDir dir;
    const QString path = dbPath.isEmpty() ? dir.filePath(u"case-year.db"_s) : dbPath;
    QFile::remove(path);
    db::Database database(path);
    db::migrate(database);
    db::Store store(database);
    store.initialise(hall, u"simulator"_s, all.front().at);
    engine::ManualClock clock(all.front().at);
    QRandomGenerator random(seed);
    service::HallService service(store, clock, random);
    service.importCalendar(calendarJson, {u"simulator"_s, u"simulator"_s});
    const QDate yearEnd(2026, 12, 31);
    const CaseYear played = playCases(service, clock, demand, all, run, yearEnd, seed);
    std::printf("a year of cases: %d tickets served, %d cases, %d 差评 followed up, %lld events "
                "into SQLite in %.1f s\n",
                played.tickets, played.cases, played.followUps,
                static_cast<long long>(played.events), played.wallSeconds);

    // The rates of the year, as the hall reports them (cases accepted in 2026, judged at its end).
    clock.set(QDateTime(yearEnd, QTime(17, 0), zone).toMSecsSinceEpoch());
    engine::CaseDesk& desk = service.engine().cases();
    const engine::CaseTally t =
        desk.rates(QDate(2026, 1, 1), yearEnd, engine::CaseGrouping::Total).front();
    std::printf("same-day completion (受件即期办结率): %s (the hall publishes 99.4 %%)\n"
                "on-time completion (按期办结率): %s (the hall publishes 100 %%)\n"
                "即办件 finished on time: %s; speed-up on the legal limits (提速率): %s\n"
                "%d overdue, %d still open at the year's end, %d returned, %d withdrawn\n",
                qPrintable(percent(t.sameDayRate())), qPrintable(percent(t.onTimeRate())),
                qPrintable(percent(t.immediateOnTimeRate())), qPrintable(percent(t.speedUp())),
                t.overdue, t.open, t.returned, t.withdrawn);

    // How fast the two views a supervisor opens every morning come out of a year's store.
    std::size_t overdue = 0;
    const double listMs = medianMs(5, [&] {
        const std::vector<engine::CaseView> list = desk.overdue(std::nullopt);
        overdue = list.size();
        QJsonDocument(api::caseListJson(list, hall.config)).toJson(QJsonDocument::Compact);
    });
    const double monthMs = medianMs(
        5, [&] { desk.rates(QDate(2026, 6, 1), QDate(2026, 6, 30), engine::CaseGrouping::Total); });
    const double monthByWindowMs = medianMs(5, [&] {
        desk.rates(QDate(2026, 6, 1), QDate(2026, 6, 30), engine::CaseGrouping::Window);
    });
    // The same store read bare: every case row counted by SQLite, for this machine's speed.
    const double scanMs = medianMs(5, [&] {
        db::Statement q = database.prepare("SELECT count(*), sum(used_days) FROM cases");
        q.step();
    });
    std::printf("case list --overdue (%zu cases, as JSON): %.1f ms, %.2f of the 200 ms target\n"
                "a month's rates (June): %.1f ms total, %.1f ms by window, %.2f of the target\n"
                "baseline, a bare count over all %d case rows: %.1f ms (the list takes %.1f×, the "
                "month %.1f×)\n",
                overdue, listMs, listMs / 200, monthMs, monthByWindowMs,
                std::max(monthMs, monthByWindowMs) / 200, played.cases, scanMs, listMs / scanMs,
                monthMs / scanMs);

    // The month's report and the appraisal a director reads (report monthly, report appraisal).
    const reports::AppraisalRules rules = reports::readAppraisalRules({});
    const engine::WorkingCalendar& workdays = service.engine().calendar();
    const reports::Period june{QDate(2026, 6, 1), QDate(2026, 6, 30)};
    reports::Figures juneTotal;
    const double reportMs = medianMs(5, [&] {
        juneTotal = reports::buildReport(store, hall.config, workdays, june,
                                         reports::Grouping::Total, yearEnd)
                        .groups.front();
    });
    const double reportByWindowMs = medianMs(5, [&] {
        reports::buildReport(store, hall.config, workdays, june, reports::Grouping::Window,
                             yearEnd);
    });
    std::size_t ranked = 0;
    const double appraisalMs = medianMs(5, [&] {
        ranked = reports::appraise(store, hall.config, workdays, rules, june.from, yearEnd)
                     .windows.size();
    });
    std::size_t pageBytes = 0;
    const double picturesMs = medianMs(3, [&] {
        pageBytes =
            reports::drawMonth(store, hall.config, workdays, rules, june.from, yearEnd).html.size();
    });
    const double ticketScanMs = medianMs(5, [&] {
        db::Statement q = database.prepare("SELECT count(*), sum(finished_at - called_at) FROM "
                                           "tickets");
        q.step();
    });
    std::printf("report monthly (June: %d issued, %d rated, satisfaction %s, %d 差评, %d pauses): "
                "%.1f ms for the hall, %.1f ms by window, %.2f of the 1 s target\n"
                "report appraisal (June, %zu windows ranked, with May for the flags): %.1f ms, "
                "%.2f of the target\n"
                "baseline, a bare scan of all ticket rows: %.1f ms (the month by window takes "
                "%.1f×, the appraisal %.1f×)\n",
                juneTotal.issued, juneTotal.rated, qPrintable(percent(juneTotal.satisfaction())),
                juneTotal.bad, juneTotal.pauses.value_or(0), reportMs, reportByWindowMs,
                std::max(reportMs, reportByWindowMs) / 1000, ranked, appraisalMs,
                appraisalMs / 1000, ticketScanMs, reportByWindowMs / ticketScanMs,
                appraisalMs / ticketScanMs);
    std::printf("report monthly --format html (June, the five charts drawn, a %.0f KB page): "
                "%.1f ms, %.2f of the 1 s target, %.1f× the bare scan\n",
                double(pageBytes) / 1024, picturesMs, picturesMs / 1000, picturesMs / ticketScanMs);

    // A hall far behind: every case accepted from 16 November on left open, so that most are
    // overdue at the year's end (written straight into this benchmark's store).
    database.execScript(u"UPDATE cases SET state = 'accepted', result = NULL, reason = NULL, "
                        "finished_at = NULL, finished_day = NULL, used_days = 0 "
                        "WHERE accepted_day >= '2026-11-16'"_s);
    const std::size_t open = desk.open(std::nullopt).size();
    const double behindMs = medianMs(5, [&] {
        const std::vector<engine::CaseView> list = desk.overdue(std::nullopt);
        overdue = list.size();
        QJsonDocument(api::caseListJson(list, hall.config)).toJson(QJsonDocument::Compact);
    });
    std::printf("worst case, six weeks of cases left open (%zu open, %zu overdue): case list "
                "--overdue %.1f ms, %.2f of the target\n",
                open, overdue, behindMs, behindMs / 200);
    return 0;
}

} // namespace

int main(int argc, char** argv)
{
    if (qEnvironmentVariableIsEmpty("QT_QPA_PLATFORM"))
        qputenv("QT_QPA_PLATFORM", "offscreen"); // the chart is drawn without a screen
    QApplication app(argc, argv);                // Qt Charts draw in a widget application
    QLoggingCategory::setFilterRules(u"qh.db.info=false"_s); // a fresh store now and then
    QCommandLineParser options;
    options.setApplicationDescription(u"Simulates service days of a hall."_s);
    options.addHelpOption();
    options.addOptions({
        {u"hall"_s, u"hall file"_s, u"file"_s, QStringLiteral(QH_SAMPLE_HALL)},
        {u"demand"_s, u"demand file"_s, u"file"_s, QStringLiteral(QH_SAMPLE_DEMAND)},
        {u"days"_s, u"calendar days from 2027-01-04 (weekends have no hours)"_s, u"n"_s, u"28"_s},
        {u"volume"_s, u"tickets per service day (overrides the demand file)"_s, u"n"_s},
        {u"seed"_s, u"random seed"_s, u"n"_s, u"1"_s},
        {u"out"_s, u"folder for report.md, waits-by-hour.csv and waits-by-hour.png"_s, u"dir"_s,
         u"sim-out"_s},
        {u"advise"_s, u"suggest secondary skills and simulate them too"_s},
        {u"skills"_s, u"at most this many suggested skills"_s, u"n"_s, u"40"_s},
        {u"appointments"_s,
         u"book a share of the visits: waits and punctuality, with and without"_s},
        {u"year"_s, u"only measure how fast a year of arrivals simulates"_s},
        {u"cases"_s, u"play a year's cases into SQLite: rates and query times"_s},
        {u"db"_s, u"keep the case year's database here"_s, u"file"_s},
    });
    options.process(app);
    try {
        const db::HallFile hall = db::readHallFile(options.value(u"hall"_s));
        Demand demand = readDemand(options.value(u"demand"_s), hall.config);
        if (options.isSet(u"volume"_s))
            demand.dailyVolume = options.value(u"volume"_s).toInt();
        const std::uint64_t seed = options.value(u"seed"_s).toULongLong();
        if (options.isSet(u"year"_s))
            return year(hall, demand, seed);
        if (options.isSet(u"cases"_s))
            return caseYear(hall, demand, options.value(u"db"_s), seed);

        const auto all = arrivals(hall.config, demand, QDate(2027, 1, 4),
                                  options.value(u"days"_s).toInt(), seed);
        if (options.isSet(u"appointments"_s))
            return appointments(hall, demand, all, seed);
        Report report;
        const Run fifo = simulateFifo(hall.config, demand, all);
        const Run engine = simulateEngine(hall, demand, all);
        report.policies = {figures(fifo, hall.config, all), figures(engine, hall.config, all)};
        report.pooled = pooledBound(hall.config, demand, all);
        report.prediction = predictionFigures(engine);
        QString advised;
        if (options.isSet(u"advise"_s)) {
            // Trained on other days than it is judged on: two weeks of another seed.
            const auto training =
                arrivals(hall.config, demand, QDate(2027, 1, 4), kTrainingDays, seed + 1000);
            const Advice advice =
                advise(hall, demand, training, options.value(u"skills"_s).toInt());
            const db::HallFile changed{db::parseHallConfig(advice.hallJson), advice.hallJson};
            Run withAdvice = simulateEngine(changed, demand, all);
            withAdvice.policy = u"engine + advice"_s;
            report.policies.push_back(figures(withAdvice, changed.config, all));
            advised = adviceMarkdown(hall, demand, all, advice, report);
            QDir().mkpath(options.value(u"out"_s));
            write(QDir(options.value(u"out"_s)).filePath(u"advised-hall.json"_s), advice.hallJson);
        }
        const QString text =
            u"%1 tickets over %2 days (seed %3); engine simulated in %4 s\n\n"_s.arg(all.size())
                .arg(options.value(u"days"_s))
                .arg(seed)
                .arg(engine.wallSeconds, 0, 'f', 1) +
            markdown(report, hall.config) + advised;
        const QDir out(options.value(u"out"_s));
        QDir().mkpath(out.path());
        write(out.filePath(u"report.md"_s), text.toUtf8());
        write(out.filePath(u"waits-by-hour.csv"_s), csv(report).toUtf8());
        writeChart(report, out.filePath(u"waits-by-hour.png"_s));
        std::printf("%s\nwritten to %s/\n", qPrintable(text), qPrintable(out.path()));
        return 0;
    } catch (const db::ConfigError& e) {
        for (const QString& p : e.problems())
            std::fprintf(stderr, "error: %s\n", qPrintable(p));
        return 2;
    } catch (const std::exception& e) {
        std::fprintf(stderr, "error: %s\n", e.what());
        return 1;
    }
}
