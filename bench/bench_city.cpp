// bench_city: a city of halls into one PostgreSQL. The events of a simulated hall (a database
// written by `hallsim --cases --db FILE`) go to the city as each of N halls, through the relay's
// own path (read from SQLite, COPY into the events, the central checks and ingest, one
// transaction per batch), a few halls at a time; the city's monthly report over it all; then
// PostgreSQL's own COPY of the same rows into a bare copy of the events table, in the same run.
#include "citylink.h"
#include "cityreport.h"
#include "postgresserver.h"

#include <algorithm>
#include <atomic>
#include <cstdio>
#include <stdexcept>
#include <thread>
#include <unistd.h>

#include <QApplication>
#include <QCommandLineParser>
#include <QElapsedTimer>
#include <QFile>

using namespace qh;
using namespace Qt::Literals::StringLiterals;

namespace {

// The machine's busy CPU time since boot, over all processes: the user, nice, system, irq and
// softirq ticks of /proc/stat's first line ("cpu user nice system idle iowait irq softirq ...").
double busyCpuSeconds()
{
    enum Field { User = 1, Nice, System, Idle, IoWait, Irq, SoftIrq };
    QFile stat(u"/proc/stat"_s);
    const QList<QByteArray> ticks = stat.open(QIODevice::ReadOnly)
                                        ? stat.readLine().simplified().split(' ')
                                        : QList<QByteArray>();
    if (ticks.size() <= SoftIrq || ticks[0] != "cpu")
        throw std::runtime_error("/proc/stat does not give the machine's CPU times");
    qulonglong busy = 0;
    for (const Field field : {User, Nice, System, Irq, SoftIrq}) {
        bool counted = false;
        busy += ticks[field].toULongLong(&counted);
        if (!counted)
            throw std::runtime_error("/proc/stat gives a CPU time that is not a count of ticks");
    }
    return double(busy) / double(::sysconf(_SC_CLK_TCK));
}

} // namespace

int main(int argc, char* argv[])
{
    qputenv("QT_QPA_PLATFORM", "offscreen");
    QApplication app(argc, argv);
    QCommandLineParser options;
    options.addOptions(
        {{u"db"_s, u"a hall database from hallsim --cases --db"_s, u"file"_s},
         {u"halls"_s, u"halls"_s, u"n"_s, u"50"_s},
         {u"days"_s, u"days of the hall's trail each hall sends"_s, u"n"_s, u"365"_s},
         {u"parallel"_s, u"halls sending at once"_s, u"n"_s, u"4"_s}});
    options.process(app);
    const int halls = options.value(u"halls"_s).toInt();
    const int days = options.value(u"days"_s).toInt();
    const int parallel = options.value(u"parallel"_s).toInt();

    db::Database hallDb(options.value(u"db"_s), db::Database::Mode::ReadOnly);
    std::vector<db::TrailEvent> trail = db::readTrail(hallDb, 0, 100'000'000);
    const std::int64_t end = trail.front().at + std::int64_t(days) * 86'400'000;
    trail.erase(std::find_if(trail.begin(), trail.end(), [&](auto& e) { return e.at >= end; }),
                trail.end());
    const std::int64_t perHall = std::int64_t(trail.size());
    std::printf("city of %d halls, each sending %lld events (%d days of the simulated hall)\n",
                halls, static_cast<long long>(perHall), days);

    // The server as docs/city.md recommends a city's: a quarter of the RAM for its buffers, WAL
    // compressed, checkpoints spaced for a steady write load.
    const long long ramMb =
        static_cast<long long>(::sysconf(_SC_PHYS_PAGES)) * ::sysconf(_SC_PAGE_SIZE) / (1 << 20);
    test::PostgresServer pg({{u"shared_buffers"_s, u"%1MB"_s.arg(ramMb / 4)},
                             {u"wal_compression"_s, u"on"_s},
                             {u"checkpoint_timeout"_s, u"15min"_s},
                             {u"max_wal_size"_s, u"4GB"_s}});
    // What a phase costs beside its time: the WAL it writes and the machine's busy CPU time (all
    // processes: the server and its background work, the senders).
    sync::PgConnection pgc(pg.conninfo());
    struct Reading
    {
        double walBytes;
        double busySeconds;
    };
    struct PerEvent
    {
        double walBytes;
        double cpuMicroseconds;
    };
    const auto readCosts = [&pgc] {
        return Reading{
            pgc.exec(u"SELECT pg_wal_lsn_diff(pg_current_wal_lsn(), '0/0')"_s)[0][0].toDouble(),
            busyCpuSeconds()};
    };
    const auto perEvent = [&readCosts](const Reading& start, double events) {
        const Reading now = readCosts();
        return PerEvent{(now.walBytes - start.walBytes) / events,
                        (now.busySeconds - start.busySeconds) / events * 1e6};
    };

    // Through the relay's path: each hall's events read from SQLite in batches of 500.
    std::atomic<int> next{0};
    Reading start = readCosts();
    QElapsedTimer timer;
    timer.start();
    std::vector<std::thread> senders;
    for (int t = 0; t < parallel; ++t) {
        senders.emplace_back([&] {
            sync::CityLink link({pg.conninfo(), {}, 500, 1000}, {});
            db::Database reader(options.value(u"db"_s), db::Database::Mode::ReadOnly);
            for (int h = next++; h < halls; h = next++) {
                const sync::HallIdentity hall{u"city-%1"_s.arg(h + 1, 2, 10, QLatin1Char('0')),
                                              u"第%1大厅"_s.arg(h + 1),
                                              u"Hall %1"_s.arg(h + 1),
                                              u"Asia/Shanghai"_s,
                                              u"bench"_s,
                                              0,
                                              {}};
                std::int64_t acknowledged = link.join(hall);
                while (acknowledged < perHall) {
                    std::vector<db::TrailEvent> batch =
                        db::readTrail(reader, acknowledged,
                                      int(std::min<std::int64_t>(500, perHall - acknowledged)));
                    acknowledged = link.send(hall, batch).seq;
                }
            }
        });
    }
    for (std::thread& t : senders)
        t.join();
    const double relaySeconds = double(timer.elapsed()) / 1000.0;
    const double total = double(perHall) * halls;

    const PerEvent relayCost = perEvent(start, total);
    const long long held = pgc.exec(u"SELECT count(*) FROM events"_s)[0][0].toLongLong();
    const double relayRate = total / relaySeconds;
    std::printf("through the relay (%d halls at once, batches of 500, checked and counted): %.0f "
                "events/s (%lld events held in %.1f s)\n",
                parallel, relayRate, held, relaySeconds);
    std::fflush(stdout);

    // The city's monthly report over all of it: the trail's first month.
    const QDate first = QDateTime::fromMSecsSinceEpoch(trail.front().at).date();
    const QDate month(first.year(), first.month(), 1);
    std::vector<double> ms;
    sync::CityReport report;
    for (int i = 0; i < 5; ++i) {
        timer.restart();
        report = sync::cityReport(pgc, month, month.addMonths(1).addDays(-1), month.addMonths(1));
        ms.push_back(double(timer.nsecsElapsed()) / 1e6);
    }
    std::sort(ms.begin(), ms.end());
    timer.restart();
    const QByteArray html = sync::cityReportHtml(report);
    const double htmlMs = double(timer.nsecsElapsed()) / 1e6;
    std::printf("city monthly report (%s, %zu halls, %lld tickets): %.1f ms (median of 5), %.3f of "
                "the 2 s target; as an HTML page with charts: %.0f ms more (%lld KB)\n",
                qPrintable(month.toString(u"yyyy-MM"_s)), report.halls.size(),
                static_cast<long long>(report.total.tickets), ms[2], ms[2] / 2000.0, htmlMs,
                static_cast<long long>(html.size() / 1024));
    std::fflush(stdout);

    // PostgreSQL's own COPY of the same rows, one hall's rows per COPY, into a bare events table
    // of its own. The relay's copy goes first, so both fill a table of the same size on the same
    // disk.
    pgc.execScript(
        u"TRUNCATE events; CHECKPOINT; CREATE TABLE copy_events (LIKE events INCLUDING ALL)"_s);
    start = readCosts();
    timer.restart();
    for (int h = 0; h < halls; ++h)
        pgc.copyIn(u"COPY copy_events FROM STDIN"_s,
                   sync::copyRows(trail, QByteArray::number(h + 1) + '\t'));
    const double copySeconds = double(timer.elapsed()) / 1000.0;
    const double copyRate = total / copySeconds;
    const PerEvent copyCost = perEvent(start, total);
    std::printf("baseline, PostgreSQL's COPY of the same rows: %.0f events/s (%.1f s)\n"
                "relay ÷ COPY: %.2f (target ≥ 0.5)\n"
                "per event, relay and COPY: %.1f and %.1f µs of the machine's CPU (%.2f×), %.0f "
                "and %.0f bytes of WAL\n",
                copyRate, copySeconds, relayRate / copyRate, relayCost.cpuMicroseconds,
                copyCost.cpuMicroseconds, relayCost.cpuMicroseconds / copyCost.cpuMicroseconds,
                relayCost.walBytes, copyCost.walBytes);
    return 0;
}
