// Opening hours: whether tickets may be issued now, and whether the hall is past closing.
#pragma once

#include "calendar.h"
#include "hall.h"

#include <vector>

#include <QDateTime>
#include <QString>

namespace qh::engine {

struct IssuingState
{
    bool open = false;
    bool appointmentsOnly = false; // a holiday session that takes appointments only
    std::vector<int> windows;      // the windows of a holiday session; empty for every window
    QString reason;                // why issuing is closed
};

// The holiday session held on the date, if any.
const HolidaySession* holidaySessionOn(const HallConfig& hall, const QDate& date);

// The day's opening periods: a holiday session's, none on a public holiday or closure, the
// weekday's, or on a make-up working day the hours of the first weekday that has any.
std::vector<Period> openingPeriods(const HallConfig& hall, const WorkingCalendar& calendar,
                                   const QDate& date);

// Issuing is open from a period's opening until its cut-off. A holiday session replaces the
// weekly hours on its date; on a public holiday or a closure the hall is closed; a make-up
// working day (a weekend day worked) keeps the hours of the first weekday that has any. Calling
// goes on after the cut-off until every ticket is served.
IssuingState issuingState(const HallConfig& hall, const WorkingCalendar& calendar,
                          const QDateTime& local);

// True while inside an opening period (open..close); outside it, serving is overtime.
bool withinOpeningHours(const HallConfig& hall, const WorkingCalendar& calendar,
                        const QDateTime& local);

} // namespace qh::engine
