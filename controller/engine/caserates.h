// The hall's case rates (see docs/cases.md): same-day completion, on-time completion, overdue
// cases and the speed-up against the legal limits, per day, window, department or service.
#pragma once

#include "domain.h"
#include "hall.h"

#include <optional>
#include <vector>

#include <QDate>
#include <QString>

namespace qh::engine {

enum class CaseGrouping { Total, Day, Window, Department, Service };

// The counts behind the rates of one group of cases (by the day they were accepted).
struct CaseTally
{
    QString key;       // the day, window number, department or service id; empty for the total
    int accepted = 0;  // all cases accepted
    int returned = 0;  // returned (不予受理): not counted in the rates
    int withdrawn = 0; // withdrawn by the applicant: not counted in the rates
    int counted = 0;   // accepted, less returned and withdrawn
    int sameDay = 0;   // counted and completed on the day they were accepted
    int immediate = 0; // counted with a promised limit of 0 days (即办件)
    int immediateOnTime = 0;
    int completed = 0;
    int onTime = 0;  // completed by the due day
    int overdue = 0; // completed after the due day, or open past it
    int open = 0;
    long long usedDays = 0;  // working days used by completed cases with a legal limit
    long long legalDays = 0; // their legal limits

    std::optional<double> sameDayRate() const; // 受件即期办结率
    std::optional<double> immediateOnTimeRate() const;
    std::optional<double> onTimeRate() const; // 按期办结率
    std::optional<double> speedUp() const;    // 提速率 = 1 − used ÷ legal
};

// Tallies the cases into groups, in key order (the total alone for CaseGrouping::Total);
// `asOf` is the day open cases are judged overdue on.
std::vector<CaseTally> tallyCases(const std::vector<Case>& cases, CaseGrouping grouping,
                                  const HallConfig& hall, const QDate& asOf);
std::optional<CaseGrouping> caseGroupingFromString(const QString& text);

} // namespace qh::engine
