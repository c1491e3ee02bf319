// The working calendar: weekdays, minus public holidays, plus make-up working days (调休上班), one
// year of data at a time, with the hall's own closures on top. Time limits count its working days.
#include "calendar.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>

using namespace Qt::Literals::StringLiterals;

namespace qh::engine {

namespace {

QDate dateAt(const QJsonValue& value, const QString& where)
{
    const QDate date = QDate::fromString(value.toString(), Qt::ISODate);
    if (!date.isValid())
        throw CalendarError(
            u"%1: \"%2\" is not a date (yyyy-MM-dd)"_s.arg(where, value.toString()));
    return date;
}

bool isWeekend(const QDate& date)
{
    return date.dayOfWeek() >= 6;
}

} // namespace

CalendarYear parseCalendarYear(const QByteArray& json)
{
    QJsonParseError parseError;
    const QJsonDocument doc = QJsonDocument::fromJson(json, &parseError);
    if (!doc.isObject())
        throw CalendarError(u"not a JSON object: %1"_s.arg(parseError.errorString()));
    const QJsonObject root = doc.object();
    if (root.value(u"format"_s).toString() != u"queuehall-calendar/1"_s)
        throw CalendarError(u"\"format\" must be \"queuehall-calendar/1\""_s);
    CalendarYear year;
    year.year = root.value(u"year"_s).toInt();
    if (year.year < 2000 || year.year > 2100)
        throw CalendarError(u"\"year\" must be a year from 2000 to 2100"_s);
    year.source = root.value(u"source"_s).toString();
    if (year.source.trimmed().isEmpty())
        throw CalendarError(u"\"source\" must name the notice the dates come from"_s);
    const QDate first(year.year, 1, 1);
    const QDate last(year.year, 12, 31);
    // A year's make-up days and holidays may reach a few days into its neighbours.
    const auto inReach = [&](const QDate& d) {
        return d >= first.addDays(-31) && d <= last.addDays(31);
    };
    std::set<QDate> off;
    const QJsonArray holidays = root.value(u"holidays"_s).toArray();
    for (qsizetype i = 0; i < holidays.size(); ++i) {
        const QJsonObject h = holidays[i].toObject();
        const QString where = u"holidays[%1]"_s.arg(i);
        PublicHoliday holiday{{h.value(u"name"_s).toObject().value(u"zh"_s).toString(),
                               h.value(u"name"_s).toObject().value(u"en"_s).toString()},
                              dateAt(h.value(u"from"_s), where + u".from"_s),
                              dateAt(h.value(u"to"_s), where + u".to"_s)};
        if (holiday.name.zh.isEmpty() || holiday.name.en.isEmpty())
            throw CalendarError(where + u": a holiday needs a name in zh and en"_s);
        if (holiday.to < holiday.from || holiday.from.daysTo(holiday.to) > 14)
            throw CalendarError(where + u": \"to\" must be 0 to 14 days after \"from\""_s);
        if (!inReach(holiday.from) || !inReach(holiday.to))
            throw CalendarError(where + u": the dates are not in %1"_s.arg(year.year));
        for (QDate d = holiday.from; d <= holiday.to; d = d.addDays(1)) {
            if (!off.insert(d).second)
                throw CalendarError(where +
                                    u": %1 is in two holidays"_s.arg(d.toString(Qt::ISODate)));
        }
        year.holidays.push_back(holiday);
    }
    const QJsonArray workdays = root.value(u"workdays"_s).toArray();
    for (qsizetype i = 0; i < workdays.size(); ++i) {
        const QString where = u"workdays[%1]"_s.arg(i);
        const QDate d = dateAt(workdays[i], where);
        if (!isWeekend(d))
            throw CalendarError(
                where + u": %1 is a weekday; a make-up working day is a Saturday or Sunday"_s.arg(
                            d.toString(Qt::ISODate)));
        if (off.count(d) || !inReach(d))
            throw CalendarError(
                where +
                u": %1 is a holiday or not in %2"_s.arg(d.toString(Qt::ISODate)).arg(year.year));
        year.workdays.insert(d);
    }
    return year;
}

void WorkingCalendar::setYear(CalendarYear year)
{
    m_years[year.year] = std::move(year);
    m_holidays.clear();
    m_workdays.clear();
    for (const auto& [number, y] : m_years) {
        for (const PublicHoliday& h : y.holidays) {
            for (QDate d = h.from; d <= h.to; d = d.addDays(1))
                m_holidays.emplace(d, h);
        }
        m_workdays.insert(y.workdays.begin(), y.workdays.end());
    }
}

void WorkingCalendar::addClosure(const Closure& closure)
{
    m_closures[closure.date] = closure;
}

const Closure* WorkingCalendar::closureOn(const QDate& date) const
{
    const auto it = m_closures.find(date);
    return it == m_closures.end() ? nullptr : &it->second;
}

const PublicHoliday* WorkingCalendar::holidayOn(const QDate& date) const
{
    const auto it = m_holidays.find(date);
    return it == m_holidays.end() ? nullptr : &it->second;
}

bool WorkingCalendar::isWorkingDay(const QDate& date) const
{
    if (m_closures.count(date) || m_holidays.count(date))
        return false;
    return !isWeekend(date) || m_workdays.count(date) > 0;
}

QDate WorkingCalendar::addWorkingDays(const QDate& from, int days) const
{
    QDate d = from;
    for (int left = days; left > 0;) {
        d = d.addDays(1);
        if (isWorkingDay(d))
            --left;
    }
    return d;
}

int WorkingCalendar::workingDaysAfter(const QDate& from, const QDate& to) const
{
    int days = 0;
    for (QDate d = from.addDays(1); d <= to; d = d.addDays(1))
        days += isWorkingDay(d) ? 1 : 0;
    return days;
}

std::vector<int> WorkingCalendar::uncoveredYears(const QDate& from, const QDate& to) const
{
    std::vector<int> missing;
    for (int y = from.year(); y <= to.year(); ++y) {
        if (!covers(y))
            missing.push_back(y);
    }
    return missing;
}

} // namespace qh::engine
