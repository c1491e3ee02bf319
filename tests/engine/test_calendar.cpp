// The working calendar on the real 2026 dates (the State Council's notice) and on a made-up
// year: holidays, make-up working days, time limits across them, and files that are refused.
#include "calendar.h"
#include "engine.h"
#include "testhall.h"

using namespace qh::engine;

namespace {

QDate day(const char* iso)
{
    return QDate::fromString(QString::fromLatin1(iso), Qt::ISODate);
}

WorkingCalendar calendar2026()
{
    WorkingCalendar calendar;
    calendar.setYear(parseCalendarYear(qh::test::calendarFile2026()));
    return calendar;
}

QByteArray madeUpYear(const char* holidays, const char* workdays)
{
    return QStringLiteral(
               R"({"format": "queuehall-calendar/1", "year": 2031, "source": "test notice",
                             "holidays": [%1], "workdays": [%2]})")
        .arg(QLatin1StringView(holidays), QLatin1StringView(workdays))
        .toUtf8();
}

} // namespace

TEST_CASE("2026: the Spring Festival week is off and its two make-up Saturdays are working days")
{
    const WorkingCalendar c = calendar2026();
    CHECK(c.covers(2026));
    CHECK(c.isWorkingDay(day("2026-02-13"))); // Friday before
    CHECK(c.isWorkingDay(day("2026-02-14"))); // Saturday, 调休上班
    for (QDate d = day("2026-02-15"); d <= day("2026-02-23"); d = d.addDays(1))
        CHECK_FALSE(c.isWorkingDay(d)); // Sunday to Monday, nine days off
    CHECK(c.isWorkingDay(day("2026-02-24")));
    CHECK(c.isWorkingDay(day("2026-02-28")));       // Saturday, 调休上班
    CHECK_FALSE(c.isWorkingDay(day("2026-03-01"))); // an ordinary Sunday
    REQUIRE(c.holidayOn(day("2026-02-17")));
    CHECK(c.holidayOn(day("2026-02-17"))->name.zh == QStringLiteral("春节"));
    CHECK(c.holidayOn(day("2026-02-24")) == nullptr);
}

TEST_CASE("2026: a time limit counts working days across holidays and make-up days")
{
    const WorkingCalendar c = calendar2026();
    // Accepted on Friday 13 February with 3 working days: Sat 14 (make-up), Tue 24, Wed 25.
    CHECK(c.addWorkingDays(day("2026-02-13"), 3) == day("2026-02-25"));
    // 即办件: due the same day.
    CHECK(c.addWorkingDays(day("2026-02-13"), 0) == day("2026-02-13"));
    // Across 国庆: accepted Tuesday 29 September with 5 days: Wed 30, Thu 8, Fri 9, Sat 10
    // (make-up), Mon 12.
    CHECK(c.addWorkingDays(day("2026-09-29"), 5) == day("2026-10-12"));
    // Sunday 20 September is a working day before the Mid-Autumn holiday.
    CHECK(c.addWorkingDays(day("2026-09-18"), 1) == day("2026-09-20"));
    // Labour Day: accepted Thursday 30 April with 2 days: Wed 6, Thu 7.
    CHECK(c.addWorkingDays(day("2026-04-30"), 2) == day("2026-05-07"));
    CHECK(c.workingDaysAfter(day("2026-09-29"), day("2026-10-12")) == 5);
    CHECK(c.workingDaysAfter(day("2026-10-12"), day("2026-09-29")) == 0);
    // New Year: the Thursday to Saturday off, Sunday 4 January worked.
    CHECK_FALSE(c.isWorkingDay(day("2026-01-02")));
    CHECK(c.isWorkingDay(day("2026-01-04")));
}

TEST_CASE("a limit that runs past the year end counts weekdays in a year without data and says so")
{
    const WorkingCalendar c = calendar2026();
    // Thursday 31 December 2026 with 2 days: Friday 1 and Monday 4 January 2027, weekdays only
    // (2027's notice is not loaded; its New Year holiday is not known).
    CHECK(c.addWorkingDays(day("2026-12-31"), 2) == day("2027-01-04"));
    CHECK(c.uncoveredYears(day("2026-12-31"), day("2027-01-04")) == std::vector<int>{2027});
    CHECK(c.uncoveredYears(day("2026-03-01"), day("2026-12-31")).empty());
}

TEST_CASE("a made-up year, the hall's own closures, and a replaced year")
{
    WorkingCalendar c;
    c.setYear(parseCalendarYear(madeUpYear(
        R"({"name": {"zh": "测试节", "en": "Test Day"}, "from": "2031-03-03", "to": "2031-03-04"})",
        R"("2031-03-08")")));
    CHECK_FALSE(c.isWorkingDay(day("2031-03-03")));                     // Monday, a holiday
    CHECK(c.isWorkingDay(day("2031-03-08")));                           // Saturday, made up
    CHECK(c.addWorkingDays(day("2031-02-28"), 3) == day("2031-03-07")); // Fri + Wed, Thu, Fri
    c.addClosure({day("2031-03-05"), {QStringLiteral("搬迁"), QStringLiteral("moving")}});
    CHECK(c.addWorkingDays(day("2031-02-28"), 3) == day("2031-03-08")); // Thu, Fri, Sat
    c.setYear(parseCalendarYear(madeUpYear("", "")));
    CHECK(c.isWorkingDay(day("2031-03-03"))); // the corrected notice has no holiday there
    CHECK_FALSE(c.isWorkingDay(day("2031-03-08")));
}

TEST_CASE("a calendar file that is wrong is refused and says where")
{
    const auto refusal = [](const QByteArray& json) {
        try {
            parseCalendarYear(json);
        } catch (const CalendarError& e) {
            return QString::fromUtf8(e.what());
        }
        return QString();
    };
    CHECK(refusal("[1, 2").startsWith(QStringLiteral("not a JSON object")));
    CHECK(refusal(R"({"format": "other", "year": 2031})").contains(QStringLiteral("format")));
    CHECK(refusal(madeUpYear("", "").replace("2031", "1931")).contains(QStringLiteral("year")));
    CHECK(refusal(madeUpYear("", R"("2031-03-05")")) ==
          QStringLiteral("workdays[0]: 2031-03-05 is a weekday; a make-up working day is a "
                         "Saturday or Sunday"));
    CHECK(refusal(madeUpYear("", R"("2031-02-30")")).contains(QStringLiteral("is not a date")));
    CHECK(
        refusal(
            madeUpYear(
                R"({"name": {"zh": "节", "en": "Day"}, "from": "2031-03-04", "to": "2031-03-03"})",
                ""))
            .contains(QStringLiteral("holidays[0]")));
    CHECK(refusal(
              madeUpYear(R"({"name": {"zh": "节"}, "from": "2031-03-03", "to": "2031-03-03"})", ""))
              .contains(QStringLiteral("zh and en")));
    CHECK(
        refusal(
            madeUpYear(
                R"({"name": {"zh": "节", "en": "Day"}, "from": "2031-03-01", "to": "2031-03-01"})",
                R"("2031-03-01")"))
            .contains(QStringLiteral("is a holiday")));
}

TEST_CASE("an imported calendar is audited and kept over a restart, and a bad one writes nothing")
{
    qh::test::TestHall h(qh::test::sourcePath(QStringLiteral("tests/data/small-hall.json")),
                         qh::test::shanghai("2026-09-30 10:00"));
    CHECK(h.service->engine().status().warnings ==
          std::vector<QString>{QStringLiteral(
              "no working calendar for 2026: time limits count weekdays only (calendar import)")});
    const std::int64_t seqBefore = h.store->lastEventSeq();
    CHECK_THROWS_AS(h.service->importCalendar("{\"format\": \"queuehall-calendar/1\"}", h.actor),
                    EngineError);
    CHECK(h.store->lastEventSeq() == seqBefore);
    CHECK_FALSE(h.service->engine().calendar().covers(2026));

    const CalendarYear year = h.service->importCalendar(qh::test::calendarFile2026(), h.actor);
    CHECK(year.holidays.size() == 7);
    const Event imported = h.store->eventsSince(seqBefore, 10).back();
    CHECK(imported.type == QStringLiteral("calendar.imported"));
    CHECK(imported.data.value(QStringLiteral("year")).toInt() == 2026);
    CHECK(imported.data.value(QStringLiteral("replaced")).toBool() == false);
    CHECK(h.service->engine().status().warnings.empty());
    h.clock.set(qh::test::shanghai("2026-10-01 10:00"));
    CHECK(h.service->engine().status().issuing.reason ==
          QStringLiteral("the hall is closed today: National Day"));

    h.reopen();
    CHECK(h.service->engine().calendar().covers(2026));
    CHECK_FALSE(h.service->engine().calendar().isWorkingDay(day("2026-10-01")));
    h.service->importCalendar(qh::test::calendarFile2026(), h.actor);
    CHECK(h.store->eventsSince(0, 100).back().data.value(QStringLiteral("replaced")).toBool());
    // In December the next year's limits begin to matter.
    h.clock.set(qh::test::shanghai("2026-12-01 10:00"));
    CHECK(h.service->engine().status().warnings ==
          std::vector<QString>{QStringLiteral(
              "no working calendar for 2027: time limits count weekdays only (calendar import)")});
}
