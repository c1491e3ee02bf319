// Engine throughput: committed state changes per second through the engine and the store,
// printed beside the bare SQLite single-row commit rate (WAL, synchronous=FULL) of this disk.
#include "barecommit.h"
#include "hallservice.h"
#include "migrations.h"
#include "store.h"

#include <algorithm>
#include <array>
#include <cstdio>
#include <vector>

#include <QCoreApplication>
#include <QDir>
#include <QElapsedTimer>
#include <QFile>
#include <QTemporaryDir>
#include <QTimeZone>

using namespace qh;
using namespace qh::bench;

namespace {

constexpr std::array<const char*, 5> kOperations = {"issue", "confirm", "call-next", "start",
                                                    "complete"};

struct EngineFigures
{
    Figures all;
    std::array<Figures, kOperations.size()> byOperation;
};

// The four state changes of a served ticket (issue, confirm, call-next, complete) plus start,
// each one transaction, over the sample hall with all 69 windows taking turns.
EngineFigures engineChanges(const QString& dir, int round, double seconds)
{
    const QString path = dir + QStringLiteral("/engine-%1.db").arg(round);
    db::Database database(path);
    db::migrate(database);
    db::Store store(database);
    const QDateTime morning(QDate(2026, 11, 25), QTime(9, 0), QTimeZone("Asia/Shanghai"));
    store.initialise(db::readHallFile(QStringLiteral(QH_SAMPLE_HALL)), QStringLiteral("bench"),
                     morning.toMSecsSinceEpoch());
    engine::ManualClock clock(morning.toMSecsSinceEpoch());
    service::HallService engine(store, clock);
    const engine::Actor actor{QStringLiteral("bench"), QStringLiteral("bench")};
    const auto& windows = engine.hall().windows;

    std::vector<double> latencies;
    std::array<std::vector<double>, kOperations.size()> byKind;
    std::size_t kind = 0;
    const auto timed = [&](auto&& op) {
        QElapsedTimer one;
        one.start();
        op();
        latencies.push_back(double(one.nsecsElapsed()) / 1e6);
        byKind[kind++ % byKind.size()].push_back(latencies.back());
    };
    QElapsedTimer total;
    total.start();
    for (std::size_t i = 0; total.elapsed() < seconds * 1000; ++i) {
        clock.advanceSeconds(0.5);
        const engine::Window& w = windows[i % windows.size()];
        engine::TicketView v;
        timed([&] {
            engine::IssueRequest request;
            request.serviceId = w.services.front().service;
            v = engine.issue(request, actor);
        });
        timed([&] { engine.confirmPrinted(v.ticket.id, actor); });
        timed([&] { engine.callNext(w.number, actor); });
        timed([&] { engine.start(w.number, actor); });
        timed([&] { engine.complete(w.number, actor); });
    }
    EngineFigures result{summarise(latencies, double(total.nsecsElapsed()) / 1e9), {}};
    for (std::size_t k = 0; k < byKind.size(); ++k)
        result.byOperation[k] = summarise(byKind[k], 1);
    return result;
}

} // namespace

int main(int argc, char** argv)
{
    QCoreApplication app(argc, argv);
    const double seconds = argc > 1 ? std::atof(argv[1]) : 3.0;
    // On the disk under the working folder, not a RAM-backed /tmp.
    QTemporaryDir dir(QDir::currentPath() + QStringLiteral("/bench-XXXXXX"));
    std::printf("queuehall engine benchmark: %.1f s per phase, database in %s\n", seconds,
                qPrintable(dir.path()));
    std::vector<double> ratios;
    for (int round = 1; round <= 2; ++round) {
        const Figures bare = bareCommits(dir.path(), seconds);
        const EngineFigures engine = engineChanges(dir.path(), round, seconds);
        std::printf("round %d\n", round);
        print("  bare SQLite single-row commit", bare);
        print("  engine state change", engine.all);
        for (std::size_t k = 0; k < kOperations.size(); ++k)
            std::printf("    %-10s p50 %7.3f ms  p99 %7.3f ms\n", kOperations[k],
                        engine.byOperation[k].p50Ms, engine.byOperation[k].p99Ms);
        ratios.push_back(engine.all.perSecond / bare.perSecond);
        std::printf("  ratio engine/bare: %.2f (target >= 0.50)\n", ratios.back());
    }
    std::printf("ratio over rounds: min %.2f, max %.2f\n",
                *std::min_element(ratios.begin(), ratios.end()),
                *std::max_element(ratios.begin(), ratios.end()));
    return 0;
}
