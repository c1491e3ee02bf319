// The baseline every benchmark is measured against: bare SQLite single-row commits on this disk.
#pragma once

#include <vector>

#include <QString>

namespace qh::bench {

struct Figures
{
    double perSecond = 0;
    double p50Ms = 0;
    double p99Ms = 0;
    long count = 0;
};

// Rate and latency percentiles of a list of latencies gathered over `seconds`.
Figures summarise(std::vector<double> latenciesMs, double seconds);

// One row per committed transaction (WAL, synchronous=FULL, as the store runs): the most this
// disk allows. Its p99 is the fsync p99 the targets refer to.
Figures bareCommits(const QString& dir, double seconds);

void print(const char* name, const Figures& f);

} // namespace qh::bench
