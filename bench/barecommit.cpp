// The baseline every benchmark is measured against: bare SQLite single-row commits on this disk.
#include "barecommit.h"

#include "database.h"

#include <algorithm>
#include <cstdio>

#include <QElapsedTimer>

namespace qh::bench {

Figures summarise(std::vector<double> latenciesMs, double seconds)
{
    if (latenciesMs.empty())
        return {};
    std::sort(latenciesMs.begin(), latenciesMs.end());
    const auto at = [&](double q) {
        return latenciesMs[std::size_t(q * double(latenciesMs.size() - 1))];
    };
    return {double(latenciesMs.size()) / seconds, at(0.5), at(0.99), long(latenciesMs.size())};
}

Figures bareCommits(const QString& dir, double seconds)
{
    db::Database database(dir + QStringLiteral("/bare.db"));
    database.execScript(
        QStringLiteral("CREATE TABLE IF NOT EXISTS t (id INTEGER PRIMARY KEY, v TEXT)"));
    std::vector<double> latencies;
    QElapsedTimer total;
    total.start();
    while (total.elapsed() < seconds * 1000) {
        QElapsedTimer one;
        one.start();
        database.prepare("INSERT INTO t (v) VALUES (?)").bind(1, QStringLiteral("A001")).exec();
        latencies.push_back(double(one.nsecsElapsed()) / 1e6);
    }
    return summarise(latencies, double(total.nsecsElapsed()) / 1e9);
}

void print(const char* name, const Figures& f)
{
    std::printf("%-34s %10.0f/s  p50 %7.3f ms  p99 %7.3f ms  (%ld)\n", name, f.perSecond, f.p50Ms,
                f.p99Ms, f.count);
}

} // namespace qh::bench
