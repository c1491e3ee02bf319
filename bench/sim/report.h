// What a simulation run says: waits overall, by department and by hour, green channel,
// overtaking, gap closure, and how well each predictor foresaw the waits; as markdown, CSV and a
// PNG chart.
#pragma once

#include "simulation.h"

#include <map>

namespace qh::sim {

struct Waits
{
    int tickets = 0;
    double mean = 0; // seconds
    double p95 = 0;
};

struct PolicyFigures
{
    QString policy;
    int tickets = 0;
    double meanWait = 0; // seconds, over every called ticket
    double p95Wait = 0;
    double worstDepartmentP95 = 0;
    QString worstDepartment;
    double greenP95 = 0;
    double regularP95 = 0;
    double overtakenShare = 0;             // overtaken by a later ticket of the same service
    std::map<int, double> meanWaitByHour;  // hour of issue → seconds
    std::map<QString, Waits> byDepartment; // department id → its tickets' waits
};

PolicyFigures figures(const Run& run, const engine::HallConfig& hall,
                      const std::vector<Arrival>& arrivals);

// (W_fifo − W_engine) / (W_fifo − W_pooled) on mean waits.
double gapClosure(double fifo, double engine, double pooled);

struct PredictionFigures
{
    int tickets = 0;   // where every predictor had an answer
    double engine = 0; // RMSE / mean wait
    double queueLength = 0;
    double lastToEnter = 0;
};

PredictionFigures predictionFigures(const Run& run);

struct Report
{
    std::vector<PolicyFigures> policies; // fifo, engine[, engine with advice]
    PooledBound pooled;
    PredictionFigures prediction;
};

// The policies side by side, overall and by department, then the predictors.
QString markdown(const Report& report, const engine::HallConfig& hall);
// policy,hour,mean_wait_seconds — one row per policy and hour of issue, the pooled bound too.
QString csv(const Report& report);
// Mean wait by hour of issue, one line per policy; throws std::runtime_error if not written.
void writeChart(const Report& report, const QString& path);

} // namespace qh::sim
