// Estimated wait: effective windows per service and service times learned from history.
#include "prediction.h"
#include "testhall.h"

using namespace qh::engine;

namespace {

HallLoad busyHall()
{
    HallLoad load;
    for (int w = 1; w <= 4; ++w)
        load.busy[w] = true;
    return load;
}

} // namespace

TEST_CASE("a window with nothing else to do counts whole for a service")
{
    HallLoad load = busyHall();
    load.waiting[QStringLiteral("id-card")] = 4;
    const WaitPredictor predictor(qh::test::smallHall());
    // Windows 1 and 2 both serve id-card and have no other waiting tickets.
    CHECK(predictor.effectiveServers(QStringLiteral("id-card"), load) == Approx(2.0));
    // With residence tickets waiting, window 2 (primary for residence) gives id-card less.
    load.waiting[QStringLiteral("residence")] = 4;
    const double shared = predictor.effectiveServers(QStringLiteral("id-card"), load);
    CHECK(shared < 2.0);
    CHECK(shared > 1.0);
    // A paused window does not count.
    load.paused[2] = true;
    CHECK(predictor.effectiveServers(QStringLiteral("id-card"), load) < 1.0);
}

TEST_CASE("the estimate grows with the people ahead and is zero with an idle window")
{
    const WaitPredictor predictor(qh::test::smallHall());
    const ServiceTimes times(qh::test::smallHall());
    HallLoad load = busyHall();
    load.waiting[QStringLiteral("invoice")] = 3;
    // One window, all busy, 15 standard minutes: 3 ahead → (3 + 1) × 15 min.
    CHECK(*predictor.estimateSeconds(QStringLiteral("invoice"), 3, load, times) == Approx(3600));
    CHECK(*predictor.estimateSeconds(QStringLiteral("invoice"), 0, load, times) == Approx(900));
    load.busy[3] = false;
    CHECK(*predictor.estimateSeconds(QStringLiteral("invoice"), 0, load, times) == Approx(0));
    load.paused[3] = true;
    CHECK_FALSE(predictor.estimateSeconds(QStringLiteral("invoice"), 0, load, times).has_value());
}

TEST_CASE("service times move from the guide's standard toward what windows take")
{
    ServiceTimes times(qh::test::smallHall());
    CHECK(times.meanSeconds(QStringLiteral("invoice")) == Approx(900));
    for (int i = 0; i < 5; ++i)
        times.observe(QStringLiteral("invoice"), 300);
    // Five observations of 5 minutes weigh as much as the 15-minute standard.
    CHECK(times.meanSeconds(QStringLiteral("invoice")) == Approx(600));
    for (int i = 0; i < 200; ++i)
        times.observe(QStringLiteral("invoice"), 300);
    CHECK(times.meanSeconds(QStringLiteral("invoice")) == Approx(300).epsilon(0.1));
    // Restored statistics give the same mean as the ones observed.
    ServiceTimes restored(qh::test::smallHall());
    const auto [samples, mean] = times.observe(QStringLiteral("invoice"), 300);
    restored.restore(QStringLiteral("invoice"), samples, mean);
    CHECK(restored.meanSeconds(QStringLiteral("invoice")) ==
          Approx(times.meanSeconds(QStringLiteral("invoice"))));
}
