// What the simulated hall is asked for: daily volume, department shares, the shape of the day,
// green-channel and no-show shares, and how service times scatter.
#pragma once

#include "hallconfig.h"

#include <QHash>
#include <QString>

namespace qh::sim {

struct Demand
{
    int dailyVolume = 1000;
    QHash<QString, double> departmentShares; // sums to 1; a department not named gets none
    QHash<int, double> hourWeights;          // relative arrival rate by hour of day (0..23)
    double greenShare = 0.02;
    double noShowShare = 0.03;
    double walkOverhead = 0.05;      // added to every call, as a share of its service time
    double serviceCv = 1.0;          // lognormal service times with this coefficient of variation
    bool exponentialService = false; // instead of lognormal (for checks against theory)
};

// Reads a demand file (JSON, see docs/simulator.md); shares are normalised, and every
// department must exist in the hall. Throws db::ConfigError.
Demand readDemand(const QString& path, const engine::HallConfig& hall);

} // namespace qh::sim
