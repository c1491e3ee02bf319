// hallsim: service days of a hall played through the real queue engine on a simulated clock,
// against per-department FIFO and the pooled Erlang-C bound; `--advise` also tries the
// suggested secondary skills, `--year` measures how fast a year of arrivals simulates.
#include "advise.h"
#include "report.h"

#include <cstdio>

#include <QCommandLineParser>
#include <QDir>
#include <QFile>
#include <QGuiApplication>
#include <QLoggingCategory>

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

} // namespace

int main(int argc, char** argv)
{
    if (qEnvironmentVariableIsEmpty("QT_QPA_PLATFORM"))
        qputenv("QT_QPA_PLATFORM", "offscreen"); // the chart is drawn without a screen
    QGuiApplication app(argc, argv);
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
        {u"skills"_s, u"at most this many suggested skills"_s, u"n"_s, u"20"_s},
        {u"year"_s, u"only measure how fast a year of arrivals simulates"_s},
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

        const auto all = arrivals(hall.config, demand, QDate(2027, 1, 4),
                                  options.value(u"days"_s).toInt(), seed);
        Report report;
        const Run fifo = simulateFifo(hall.config, demand, all);
        const Run engine = simulateEngine(hall, demand, all);
        report.policies = {figures(fifo, hall.config, all), figures(engine, hall.config, all)};
        report.pooled = pooledBound(hall.config, demand, all);
        report.prediction = predictionFigures(engine);
        QString advised;
        if (options.isSet(u"advise"_s)) {
            const Advice advice = advise(hall, demand, options.value(u"skills"_s).toInt());
            const db::HallFile changed{db::parseHallConfig(advice.hallJson), advice.hallJson};
            Run withAdvice = simulateEngine(changed, demand, all);
            withAdvice.policy = u"engine + advice"_s;
            report.policies.push_back(figures(withAdvice, changed.config, all));
            advised = u"\nSuggested secondary skills (%1):\n\n"_s.arg(advice.suggestions.size());
            for (const Suggestion& s : advice.suggestions)
                advised += u"- window %1 (%2) also serves %3\n"_s.arg(s.window).arg(
                    s.from, hall.config.department(s.department)->name.zh);
            QDir().mkpath(options.value(u"out"_s));
            write(QDir(options.value(u"out"_s)).filePath(u"advised-hall.json"_s), advice.hallJson);
        }
        const QString text =
            u"%1 tickets over %2 days (seed %3); engine simulated in %4 s\n\n"_s.arg(all.size())
                .arg(options.value(u"days"_s))
                .arg(seed)
                .arg(engine.wallSeconds, 0, 'f', 1) +
            markdown(report) + advised;
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
