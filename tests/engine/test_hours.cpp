// Opening hours: issuing periods, cut-off, weekends and holiday sessions.
#include "hours.h"
#include "testhall.h"

#include <QTimeZone>

using namespace qh::engine;
using qh::test::shanghai;

namespace {

IssuingState at(const char* local, const WorkingCalendar& calendar = {})
{
    return issuingState(
        qh::test::smallHall(), calendar,
        QDateTime::fromMSecsSinceEpoch(shanghai(local), QTimeZone("Asia/Shanghai")));
}

bool openingHours(const char* local)
{
    return withinOpeningHours(
        qh::test::smallHall(), WorkingCalendar(),
        QDateTime::fromMSecsSinceEpoch(shanghai(local), QTimeZone("Asia/Shanghai")));
}

} // namespace

TEST_CASE("issuing follows the weekday periods and their cut-off")
{
    CHECK_FALSE(at("2026-11-25 08:59").open);
    CHECK(at("2026-11-25 08:59").reason == QStringLiteral("issuing opens at 09:00"));
    CHECK(at("2026-11-25 09:00").open);
    CHECK(at("2026-11-25 11:59").open);
    CHECK_FALSE(at("2026-11-25 12:00").open);
    CHECK(at("2026-11-25 12:30").reason == QStringLiteral("issuing opens at 13:00"));
    CHECK(at("2026-11-25 16:29").open);
    CHECK_FALSE(at("2026-11-25 16:30").open); // cut-off before the 17:00 close
    CHECK(at("2026-11-25 16:45").reason == QStringLiteral("issuing closed at 16:30 for today"));
}

TEST_CASE("the hall is closed at the weekend")
{
    const IssuingState saturday = at("2026-11-28 10:00");
    CHECK_FALSE(saturday.open);
    CHECK(saturday.reason == QStringLiteral("the hall is closed today"));
}

TEST_CASE("a holiday session opens a closed day for appointments at its windows")
{
    const IssuingState holiday = at("2027-01-02 10:00");
    CHECK(holiday.open);
    CHECK(holiday.appointmentsOnly);
    CHECK(holiday.windows == std::vector<int>{1});
    CHECK_FALSE(at("2027-01-02 12:00").open);
}

TEST_CASE("after the cut-off the hall is still within opening hours until closing")
{
    CHECK(openingHours("2026-11-25 16:45"));
    CHECK_FALSE(openingHours("2026-11-25 17:00"));
    CHECK_FALSE(openingHours("2026-11-25 12:15"));
}

TEST_CASE("on a public holiday the hall is closed, on a make-up working day it keeps weekday hours")
{
    WorkingCalendar calendar;
    calendar.setYear(parseCalendarYear(qh::test::calendarFile2026()));
    const IssuingState nationalDay = at("2026-10-01 10:00", calendar); // a Thursday
    CHECK_FALSE(nationalDay.open);
    CHECK(nationalDay.reason == QStringLiteral("the hall is closed today: National Day"));
    CHECK(at("2026-10-01 10:00").open);           // without the calendar: an ordinary Thursday
    CHECK(at("2026-10-10 10:00", calendar).open); // Saturday, 调休上班
    CHECK_FALSE(at("2026-10-10 16:45", calendar).open); // with a weekday's 16:30 cut-off
    CHECK_FALSE(at("2026-10-11 10:00", calendar).open); // the Sunday after
}
