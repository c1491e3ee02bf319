// Opening hours: whether tickets may be issued now, and whether the hall is past closing.
#include "hours.h"

#include <algorithm>

using namespace Qt::Literals::StringLiterals;

namespace qh::engine {

const HolidaySession* holidaySessionOn(const HallConfig& hall, const QDate& date)
{
    auto it = std::find_if(hall.holidays.begin(), hall.holidays.end(),
                           [&](const HolidaySession& s) { return s.date == date; });
    return it == hall.holidays.end() ? nullptr : &*it;
}

std::vector<Period> openingPeriods(const HallConfig& hall, const WorkingCalendar& calendar,
                                   const QDate& date)
{
    if (const HolidaySession* holiday = holidaySessionOn(hall, date))
        return {holiday->period};
    const bool weekday = date.dayOfWeek() < 6;
    if (weekday ? !calendar.isWorkingDay(date)
                : calendar.holidayOn(date) != nullptr || calendar.closureOn(date) != nullptr)
        return {}; // a public holiday or the hall's closure
    const std::vector<Period>& periods = hall.weekly[size_t(date.dayOfWeek() - 1)];
    if (weekday || !periods.empty() || !calendar.isWorkingDay(date))
        return periods;
    for (int day = 0; day < 5; ++day) { // a make-up working day: a weekday's hours
        if (!hall.weekly[size_t(day)].empty())
            return hall.weekly[size_t(day)];
    }
    return {};
}

IssuingState issuingState(const HallConfig& hall, const WorkingCalendar& calendar,
                          const QDateTime& local)
{
    const QTime now = local.time();
    const std::vector<Period> periods = openingPeriods(hall, calendar, local.date());
    if (periods.empty()) {
        const PublicHoliday* holiday = calendar.holidayOn(local.date());
        const Closure* closure = calendar.closureOn(local.date());
        return {false,
                false,
                {},
                holiday   ? u"the hall is closed today: %1"_s.arg(holiday->name.en)
                : closure ? u"the hall is closed today: %1"_s.arg(closure->reason.en)
                          : u"the hall is closed today"_s};
    }
    for (const Period& p : periods) {
        if (now >= p.open && now < p.cutoff) {
            IssuingState state{true, false, {}, {}};
            if (const HolidaySession* holiday = holidaySessionOn(hall, local.date())) {
                state.appointmentsOnly = holiday->appointmentsOnly;
                state.windows = holiday->windows;
            }
            return state;
        }
        if (now < p.open)
            return {false, false, {}, u"issuing opens at %1"_s.arg(p.open.toString(u"HH:mm"_s))};
    }
    return {false,
            false,
            {},
            u"issuing closed at %1 for today"_s.arg(periods.back().cutoff.toString(u"HH:mm"_s))};
}

bool withinOpeningHours(const HallConfig& hall, const WorkingCalendar& calendar,
                        const QDateTime& local)
{
    const QTime now = local.time();
    const std::vector<Period> periods = openingPeriods(hall, calendar, local.date());
    return std::any_of(periods.begin(), periods.end(),
                       [&](const Period& p) { return now >= p.open && now < p.close; });
}

} // namespace qh::engine
