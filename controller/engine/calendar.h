// The working calendar: weekdays, minus public holidays, plus make-up working days (调休上班), one
// year of data at a time, with the hall's own closures on top. Time limits count its working days.
#pragma once

#include "hall.h"

#include <map>
#include <set>
#include <stdexcept>
#include <vector>

#include <QByteArray>
#include <QDate>
#include <QString>

namespace qh::engine {

// A calendar file that cannot be used; the message says what is wrong and where.
class CalendarError : public std::runtime_error
{
public:
    explicit CalendarError(const QString& message)
        : std::runtime_error(message.toStdString())
    {
    }
};

struct PublicHoliday
{
    LocalizedText name;
    QDate from;
    QDate to; // inclusive
};

// One year as the State Council's notice gives it.
struct CalendarYear
{
    int year = 0;
    QString source; // the notice it is taken from
    std::vector<PublicHoliday> holidays;
    std::set<QDate> workdays; // weekend days that are working days
};

// Reads a calendar file ("format": "queuehall-calendar/1"); throws CalendarError.
CalendarYear parseCalendarYear(const QByteArray& json);

class WorkingCalendar
{
public:
    // Adds a year, or replaces the year already there.
    void setYear(CalendarYear year);
    // A day the hall itself is closed: not a working day.
    void addClosure(const Closure& closure);

    bool covers(int year) const { return m_years.count(year) > 0; }
    const std::map<int, CalendarYear>& years() const { return m_years; }
    // A year without data counts weekdays only.
    bool isWorkingDay(const QDate& date) const;
    // The public holiday a date falls in, if any.
    const PublicHoliday* holidayOn(const QDate& date) const;
    // The hall's own closure on a date, if any.
    const Closure* closureOn(const QDate& date) const;
    // The day `days` working days after `from` (0: `from` itself, the same-day limit of 即办件).
    QDate addWorkingDays(const QDate& from, int days) const;
    // The working days after `from` up to and including `to`; 0 when `to` is not after `from`.
    int workingDaysAfter(const QDate& from, const QDate& to) const;
    // The years from `from` to `to` that have no data, for a warning.
    std::vector<int> uncoveredYears(const QDate& from, const QDate& to) const;

private:
    std::map<int, CalendarYear> m_years;
    // Derived from m_years by setYear, for lookups by day.
    std::map<QDate, PublicHoliday> m_holidays;
    std::set<QDate> m_workdays;
    std::map<QDate, Closure> m_closures;
};

} // namespace qh::engine
