// What the simulated hall is asked for: daily volume, department shares, the shape of the day,
// green-channel and no-show shares, how service times scatter, and what becomes of the cases.
#pragma once

#include "hallconfig.h"

#include <utility>
#include <vector>

#include <QHash>
#include <QString>

namespace qh::sim {

// What becomes of the cases (办件) accepted from served tickets (docs/simulator.md).
struct CaseDemand
{
    double secondCaseShare = 0.1;          // served tickets with a second matter
    double immediateAtWindowShare = 0.995; // 即办件 finished at the window; the rest later that day
    double sameDayShare = 0.99;   // cases with a promised limit finished at the window all the same
    double suspendedShare = 0.02; // of the rest: documents missing for 1 to 3 working days
    double lateShare = 0.0;       // of the rest: finished 1 to 3 working days after the due day
    double notApprovedShare = 0.02;
    double returnedShare = 0.003;  // returned (不予受理) at the window
    double withdrawnShare = 0.001; // withdrawn on the next working day
};

// Who books (预约) and how they keep it (docs/simulator.md): a share of the arrivals for the
// services the hall takes bookings for book the slot their visit falls in, while it has room.
struct AppointmentDemand
{
    double share = 0.3;            // of the arrivals for bookable services
    double noShowShare = 0.08;     // never come; left out of the no-appointment run too
    double arriveMeanMinutes = -8; // arrival at the kiosk against the slot's start
    double arriveSdMinutes = 8;
};

// What a hall can train (docs/simulator.md): how many departments a window may take on besides
// its own, and pairs of departments that may never share a window.
struct AdviceRules
{
    int extraPerWindow = 2;
    std::vector<std::pair<QString, QString>> neverTogether;

    bool forbidden(const QString& a, const QString& b) const;
};

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
    CaseDemand cases;
    AppointmentDemand appointments;
    AdviceRules advice;
};

// Reads a demand file (JSON, see docs/simulator.md); shares are normalised, and every
// department must exist in the hall. Throws db::ConfigError.
Demand readDemand(const QString& path, const engine::HallConfig& hall);

} // namespace qh::sim
