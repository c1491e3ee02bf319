// Cases (办件) on the 2026 working calendar: acceptance from a ticket being served, serial
// numbers and passwords, every transition and refusal, the clock stopped while suspended,
// escalation, the applicant's lookup with its lockout, and the rates of a hand-built month.
#include "caserates.h"
#include "engine.h"
#include "testhall.h"

#include <QJsonDocument>
#include <QRegularExpression>

using namespace qh::engine;
using qh::test::isoDay;
using qh::test::refusal;
using qh::test::shanghai;

namespace {

// The small hall on Wednesday 25 November 2026 at 10:00, with the 2026 calendar imported.
struct CaseHall : qh::test::TestHall
{
    CaseHall() { service->importCalendar(qh::test::calendarFile2026(), actor); }

    CaseDesk& desk() { return service->engine().cases(); }

    // A ticket of the service called and being served at the window.
    Ticket serving(const QString& serviceId, int window)
    {
        take(serviceId);
        service->callNext(window, actor);
        return service->start(window, actor);
    }

    AcceptedCase accept(const QString& serviceId, int window)
    {
        serving(serviceId, window);
        return service->acceptCase(window, {}, actor);
    }

    std::int64_t lastSeq() { return store->lastEventSeq(); }
    Event lastEvent() { return store->eventsSince(lastSeq() - 1, 1).front(); }
};

} // namespace

TEST_CASE("a case accepted from the ticket being served gets a serial, a password and its limits")
{
    CaseHall h;
    const Ticket ticket = h.serving(QStringLiteral("id-card"), 1);
    const AcceptedCase accepted = h.service->acceptCase(1, {}, h.actor);
    const Case& c = accepted.record;
    CHECK(c.serial == QStringLiteral("SMALL-20261125-000001"));
    CHECK(QRegularExpression(QStringLiteral("^[0-9]{6}$")).match(accepted.password).hasMatch());
    CHECK_FALSE(c.passwordHash.contains(accepted.password));
    CHECK(c.ticketId == ticket.id);
    CHECK(c.window == 1);
    CHECK(c.clerk == QStringLiteral("tester"));
    CHECK(c.legalDays == 20);
    CHECK(c.promisedDays == 10);
    // Ten working days after Wednesday 25 November: Thursday 26 ... Wednesday 9 December.
    CHECK(c.dueDay == isoDay("2026-12-09"));
    // 80 % of 10 days: the eighth working day, Monday 7 December.
    CHECK(c.warnDay == isoDay("2026-12-07"));
    CHECK(c.state == CaseState::Accepted);

    const Event e = h.lastEvent();
    CHECK(e.type == QStringLiteral("case.accepted"));
    CHECK(e.data.value(QStringLiteral("case")).toString() == c.serial);
    CHECK(e.data.value(QStringLiteral("ticket")).toString() == ticket.number);
    CHECK_FALSE(QJsonDocument(e.data).toJson().contains(accepted.password.toUtf8()));

    // A second matter of the same citizen, for another service the window serves.
    const AcceptedCase second = h.service->acceptCase(1, QStringLiteral("residence"), h.actor);
    CHECK(second.record.serial == QStringLiteral("SMALL-20261125-000002"));
    CHECK(second.record.ticketId == ticket.id);
    CHECK(second.record.promisedDays == 7);      // no promise in the hall file: the legal limit
    CHECK(second.password != accepted.password); // not certain, but one in a million

    // The next day the sequence starts again; the serial stays unique.
    h.service->complete(1, h.actor);
    h.clock.set(shanghai("2026-11-26 09:30"));
    CHECK(h.accept(QStringLiteral("id-card"), 1).record.serial ==
          QStringLiteral("SMALL-20261126-000001"));
}

TEST_CASE("a case is refused without a ticket being served, or for a service the window lacks")
{
    CaseHall h;
    const std::int64_t before = h.lastSeq();
    CHECK(refusal([&] { h.service->acceptCase(1, {}, h.actor); }) == EngineError::Code::WrongState);
    h.take(QStringLiteral("id-card"));
    h.service->callNext(1, h.actor);
    const std::int64_t called = h.lastSeq();
    CHECK(refusal([&] { h.service->acceptCase(1, {}, h.actor); }) ==
          EngineError::Code::WrongState); // called, not yet served
    h.service->start(1, h.actor);
    CHECK(refusal([&] { h.service->acceptCase(1, QStringLiteral("invoice"), h.actor); }) ==
          EngineError::Code::NotServing);
    CHECK(refusal([&] { h.service->acceptCase(1, QStringLiteral("nothing"), h.actor); }) ==
          EngineError::Code::NotFound);
    CHECK(refusal([&] { h.service->acceptCase(99, {}, h.actor); }) == EngineError::Code::NotFound);
    CHECK(h.lastSeq() == called + 1); // only the start was written
    CHECK(before < called);
    CHECK(h.desk().open(std::nullopt).empty());
}

TEST_CASE("suspension stops the clock, the due day moves on by the working days it stood")
{
    CaseHall h;
    const QString serial = h.accept(QStringLiteral("id-card"), 1).record.serial;
    h.clock.set(shanghai("2026-11-26 11:00")); // Thursday
    CHECK(refusal([&] { h.service->suspendCase(serial, QStringLiteral("  "), h.actor); }) ==
          EngineError::Code::Invalid);
    const Case suspended =
        h.service->suspendCase(serial, QStringLiteral("户口簿复印件缺失"), h.actor);
    CHECK(suspended.state == CaseState::Suspended);
    CHECK(suspended.suspendedDay == isoDay("2026-11-26"));
    CHECK(refusal([&] { h.service->suspendCase(serial, QStringLiteral("again"), h.actor); }) ==
          EngineError::Code::WrongState);
    CHECK(refusal([&] { h.service->completeCase(serial, CaseResult::Approved, {}, h.actor); }) ==
          EngineError::Code::WrongState);

    // Long after the due day, a suspended case is not late: its clock stands still.
    h.clock.set(shanghai("2026-12-14 10:00"));
    CHECK(h.desk().levelOn(h.desk().view(serial).record, isoDay("2026-12-14")) == Escalation::None);
    CHECK(h.desk().overdue(std::nullopt).empty());

    // Back on Monday 30 November: Friday 27 and Monday 30 are two working days stood still.
    h.clock.set(shanghai("2026-11-30 09:15"));
    const Case resumed = h.service->resumeCase(serial, h.actor);
    CHECK(resumed.state == CaseState::Accepted);
    CHECK(resumed.suspendedDays == 2);
    CHECK(resumed.dueDay == isoDay("2026-12-11"));
    CHECK(resumed.warnDay == isoDay("2026-12-09"));
    CHECK(resumed.reason.isEmpty());
    CHECK(refusal([&] { h.service->resumeCase(serial, h.actor); }) ==
          EngineError::Code::WrongState);

    h.clock.set(shanghai("2026-12-10 15:00"));
    const Case done = h.service->completeCase(serial, CaseResult::Approved, {}, h.actor);
    CHECK(done.state == CaseState::Completed);
    CHECK(done.result == CaseResult::Approved);
    CHECK(done.finishedDay == isoDay("2026-12-10"));
    // 11 working days from 25 November to 10 December, less the 2 suspended.
    CHECK(done.usedDays == 9);
}

TEST_CASE("every finishing transition, and refusals that write nothing")
{
    CaseHall h;
    const QString a = h.accept(QStringLiteral("id-card"), 1).record.serial;
    const QString b = h.service->acceptCase(1, QStringLiteral("residence"), h.actor).record.serial;
    const QString c = h.service->acceptCase(1, QStringLiteral("residence"), h.actor).record.serial;
    const QString d = h.service->acceptCase(1, QStringLiteral("id-card"), h.actor).record.serial;

    const std::int64_t before = h.lastSeq();
    CHECK(refusal([&] {
              h.service->completeCase(a, CaseResult::NotApproved, QStringLiteral(""), h.actor);
          }) == EngineError::Code::Invalid);
    CHECK(refusal([&] { h.service->returnCase(b, {}, h.actor); }) == EngineError::Code::Invalid);
    CHECK(refusal([&] {
              h.service->suspendCase(QStringLiteral("SMALL-1"), QStringLiteral("x"), h.actor);
          }) == EngineError::Code::NotFound);
    CHECK(h.lastSeq() == before);

    const Case refused = h.service->completeCase(a, CaseResult::NotApproved,
                                                 QStringLiteral("不符合申领条件"), h.actor);
    CHECK(refused.result == CaseResult::NotApproved);
    CHECK(refused.reason == QStringLiteral("不符合申领条件"));
    CHECK(h.lastEvent().data.value(QStringLiteral("result")).toString() ==
          QStringLiteral("not_approved"));

    const Case returned = h.service->returnCase(b, QStringLiteral("不属于本窗口受理范围"), h.actor);
    CHECK(returned.state == CaseState::Returned);
    h.service->suspendCase(c, QStringLiteral("材料不全"), h.actor);
    const Case withdrawn = h.service->withdrawCase(c, {}, h.actor); // from suspended
    CHECK(withdrawn.state == CaseState::Withdrawn);
    CHECK(withdrawn.suspendedDay == std::nullopt);
    const Case completed =
        h.service->completeCase(d, CaseResult::Approved, QStringLiteral("ok"), h.actor);
    CHECK(completed.usedDays == 0);

    // Finished is final.
    const std::int64_t finished = h.lastSeq();
    for (const QString& serial : {a, b, c, d}) {
        CHECK(refusal([&] { h.service->suspendCase(serial, QStringLiteral("x"), h.actor); }) ==
              EngineError::Code::WrongState);
        CHECK(refusal([&] { h.service->resumeCase(serial, h.actor); }) ==
              EngineError::Code::WrongState);
        CHECK(refusal([&] {
                  h.service->completeCase(serial, CaseResult::Approved, {}, h.actor);
              }) == EngineError::Code::WrongState);
        CHECK(refusal([&] { h.service->returnCase(serial, QStringLiteral("x"), h.actor); }) ==
              EngineError::Code::WrongState);
        CHECK(refusal([&] { h.service->withdrawCase(serial, {}, h.actor); }) ==
              EngineError::Code::WrongState);
    }
    CHECK(h.lastSeq() == finished);

    // Each step is on record with who and when.
    const CaseView view = h.desk().view(c);
    REQUIRE(view.steps.size() == 3);
    CHECK(view.steps[0].type == QStringLiteral("case.accepted"));
    CHECK(view.steps[1].type == QStringLiteral("case.suspended"));
    CHECK(view.steps[1].data.value(QStringLiteral("reason")).toString() ==
          QStringLiteral("材料不全"));
    CHECK(view.steps[2].type == QStringLiteral("case.withdrawn"));
    CHECK(view.steps[2].actor == QStringLiteral("tester"));
    CHECK(view.steps[2].at == h.clock.nowMs());
}

TEST_CASE("escalation: yellow at 80 % of the promised days, red past the due day, once each")
{
    CaseHall h;
    const QString serial = h.accept(QStringLiteral("id-card"), 1).record.serial;
    h.service->complete(1, h.actor);
    const QString immediate = h.accept(QStringLiteral("invoice"), 3).record.serial;
    CHECK(h.desk().view(immediate).record.dueDay == isoDay("2026-11-25"));
    CHECK(h.desk().view(immediate).record.warnDay == std::nullopt);
    CHECK(h.service->escalateCases(h.actor) == 0);

    // The next day the 即办件 is overdue; the 10-day case is not yet yellow.
    h.clock.set(shanghai("2026-11-26 09:00"));
    CHECK(h.service->escalateCases(h.actor) == 1);
    CHECK(h.lastEvent().type == QStringLiteral("case.overdue"));
    CHECK(h.lastEvent().data.value(QStringLiteral("case")).toString() == immediate);
    CHECK(h.service->escalateCases(h.actor) == 0); // once

    h.clock.set(shanghai("2026-12-04 16:00")); // the seventh working day
    CHECK(h.service->escalateCases(h.actor) == 0);
    h.clock.set(shanghai("2026-12-07 09:00")); // the eighth
    CHECK(h.service->escalateCases(h.actor) == 1);
    CHECK(h.lastEvent().type == QStringLiteral("case.warning"));
    CHECK(h.desk().view(serial).level == Escalation::Warning);
    CHECK(h.desk().view(serial).record.escalation == Escalation::Warning);

    h.clock.set(shanghai("2026-12-09 16:59")); // due today: still yellow
    CHECK(h.service->escalateCases(h.actor) == 0);
    h.clock.set(shanghai("2026-12-10 09:00"));
    CHECK(h.service->escalateCases(h.actor) == 1);
    CHECK(h.lastEvent().type == QStringLiteral("case.overdue"));
    const std::vector<CaseView> overdue = h.desk().overdue(std::nullopt);
    REQUIRE(overdue.size() == 2);
    CHECK(overdue[0].record.serial == immediate); // the longest overdue first
    CHECK(overdue[1].record.serial == serial);
    const CaseDay today = h.desk().day();
    CHECK(today.open == 2);
    CHECK(today.overdue == 2);
}

TEST_CASE("the applicant's lookup: the right password shows the case, wrong ones lock it")
{
    CaseHall h;
    const AcceptedCase accepted = h.accept(QStringLiteral("id-card"), 1);
    const QString serial = accepted.record.serial;
    const QString wrong = accepted.password == QStringLiteral("000000") ? QStringLiteral("111111")
                                                                        : QStringLiteral("000000");
    const Actor citizen{QStringLiteral("citizen"), QStringLiteral("address 10.0.0.7")};

    const CaseLookup found = h.service->lookupCase(serial.toLower(), accepted.password, citizen);
    REQUIRE(found.outcome == CaseLookup::Outcome::Found);
    CHECK(found.view->record.serial == serial);
    CHECK(found.view->steps.size() == 1);
    CHECK(h.service->lookupCase(QStringLiteral("SMALL-20261125-999999"), accepted.password, citizen)
              .outcome == CaseLookup::Outcome::Refused);

    for (int i = 0; i < 4; ++i)
        CHECK(h.service->lookupCase(serial, wrong, citizen).outcome ==
              CaseLookup::Outcome::Refused);
    CHECK(h.lastEvent().type == QStringLiteral("case.lookup_failed"));
    h.reopen(); // the failures were committed, not lost with a refusal
    const CaseLookup fifth = h.service->lookupCase(serial, wrong, citizen);
    CHECK(fifth.outcome == CaseLookup::Outcome::Locked);
    CHECK(fifth.lockedUntil == h.clock.nowMs() + 15 * 60'000);
    CHECK(h.lastEvent().type == QStringLiteral("case.lookup_locked"));
    // Locked: even the right password waits.
    CHECK(h.service->lookupCase(serial, accepted.password, citizen).outcome ==
          CaseLookup::Outcome::Locked);
    h.clock.advanceSeconds(15 * 60);
    CHECK(h.service->lookupCase(serial, accepted.password, citizen).outcome ==
          CaseLookup::Outcome::Found);
    CHECK(h.desk().view(serial).record.failedLookups == 0);
    CHECK(h.service->lookupCase(serial, wrong, citizen).outcome == CaseLookup::Outcome::Refused);
    CHECK(h.desk().view(serial).record.failedLookups == 1);
}

TEST_CASE("a hall's own serial number format")
{
    QTemporaryDir dir;
    qh::test::TestHall h(qh::test::smallHallVariant(
        dir, "\"policy\": {",
        "\"cases\": {\"hallCode\": \"SZ01\", \"serialFormat\": \"{yyyymmdd}{hall}{seq4}\"},\n"
        "\"policy\": {"));
    h.take(QStringLiteral("invoice"));
    h.service->callNext(3, h.actor);
    h.service->start(3, h.actor);
    CHECK(h.service->acceptCase(3, {}, h.actor).record.serial ==
          QStringLiteral("20261125SZ010001"));
    CHECK(h.service->acceptCase(3, {}, h.actor).record.serial ==
          QStringLiteral("20261125SZ010002"));
}

TEST_CASE("serial number formats that cannot work are named")
{
    CHECK(serialFormatProblem(QStringLiteral("{hall}-{yyyymmdd}-{seq6}")).isEmpty());
    CHECK(serialFormatProblem(QStringLiteral("{hall}-{yyyymmdd}")) ==
          QStringLiteral("needs exactly one sequence part, {seq4} to {seq8}"));
    CHECK(serialFormatProblem(QStringLiteral("{hall}{seq3}")).contains(QStringLiteral("{seq3}")));
    CHECK(serialFormatProblem(QStringLiteral("{day}{seq6}")).contains(QStringLiteral("{day}")));
    CHECK(serialFormatProblem(QStringLiteral("{hall}/{seq6}")).contains(QStringLiteral("'-'")));
    CHECK(serialFormatProblem(QStringLiteral("{seq6}{seq6}")).contains(QStringLiteral("exactly")));
}

namespace {

// A case of the small hall with the given days; finished ones carry the days they used.
Case monthCase(const char* service, int window, const char* accepted, int promised, const char* due,
               CaseState state, const char* finished = nullptr, int used = 0)
{
    Case c;
    c.serviceId = QString::fromLatin1(service);
    c.window = window;
    c.acceptedDay = isoDay(accepted);
    c.promisedDays = promised;
    c.legalDays = qh::test::smallHall().service(c.serviceId)->guide.timeLimitDays;
    c.dueDay = isoDay(due);
    c.state = state;
    if (finished)
        c.finishedDay = isoDay(finished);
    c.usedDays = used;
    return c;
}

} // namespace

TEST_CASE("the rates of a hand-built month have the answers worked out by hand")
{
    using S = CaseState;
    const std::vector<Case> month = {
        // Three 即办件 at window 3: two done the same day, one a day late.
        monthCase("invoice", 3, "2026-11-02", 0, "2026-11-02", S::Completed, "2026-11-02", 0),
        monthCase("invoice", 3, "2026-11-02", 0, "2026-11-02", S::Completed, "2026-11-02", 0),
        monthCase("invoice", 3, "2026-11-03", 0, "2026-11-03", S::Completed, "2026-11-04", 1),
        // ID cards at window 1: one early (4 of 20 legal days), one on its due day (10), one
        // still open and past due on the 30th, one returned, one withdrawn.
        monthCase("id-card", 1, "2026-11-02", 10, "2026-11-16", S::Completed, "2026-11-06", 4),
        monthCase("id-card", 1, "2026-11-03", 10, "2026-11-17", S::Completed, "2026-11-17", 10),
        monthCase("id-card", 1, "2026-11-04", 10, "2026-11-18", S::Accepted),
        monthCase("id-card", 1, "2026-11-04", 10, "2026-11-18", S::Returned, "2026-11-04"),
        monthCase("id-card", 1, "2026-11-05", 10, "2026-11-19", S::Withdrawn, "2026-11-06"),
        // A residence permit at window 2 done the same day.
        monthCase("residence", 2, "2026-11-03", 7, "2026-11-12", S::Completed, "2026-11-03", 0),
    };
    const auto& hall = qh::test::smallHall();
    const std::vector<CaseTally> total =
        tallyCases(month, CaseGrouping::Total, hall, isoDay("2026-11-30"));
    REQUIRE(total.size() == 1);
    const CaseTally& t = total[0];
    CHECK(t.accepted == 9);
    CHECK(t.returned == 1);
    CHECK(t.withdrawn == 1);
    CHECK(t.counted == 7);
    CHECK(t.sameDay == 3); // two invoices and the residence permit
    CHECK(*t.sameDayRate() == Approx(3.0 / 7));
    CHECK(t.immediate == 3);
    CHECK(*t.immediateOnTimeRate() == Approx(2.0 / 3));
    CHECK(t.completed == 6);
    CHECK(t.onTime == 5);
    CHECK(*t.onTimeRate() == Approx(5.0 / 6));
    CHECK(t.overdue == 2); // the late invoice and the open ID card
    CHECK(t.open == 1);
    // Used ÷ legal over completed cases: invoices 0+0+1 of 1+1+1, ID cards 4+10 of 20+20,
    // residence 0 of 7: 15 of 50 → 提速率 70 %.
    CHECK(t.usedDays == 15);
    CHECK(t.legalDays == 50);
    CHECK(*t.speedUp() == Approx(0.7));

    const std::vector<CaseTally> byWindow =
        tallyCases(month, CaseGrouping::Window, hall, isoDay("2026-11-30"));
    REQUIRE(byWindow.size() == 3);
    CHECK(byWindow[0].key == QStringLiteral("1"));
    CHECK(byWindow[0].counted == 3);
    CHECK(byWindow[0].sameDayRate() == 0.0);
    CHECK(byWindow[2].key == QStringLiteral("3"));
    CHECK(*byWindow[2].onTimeRate() == Approx(2.0 / 3));

    const std::vector<CaseTally> byDay =
        tallyCases(month, CaseGrouping::Day, hall, isoDay("2026-11-30"));
    REQUIRE(byDay.size() == 4);
    CHECK(byDay[0].key == QStringLiteral("2026-11-02"));
    CHECK(*byDay[0].sameDayRate() == Approx(2.0 / 3));
    CHECK(byDay[3].key == QStringLiteral("2026-11-05"));
    CHECK(byDay[3].sameDayRate() == std::nullopt); // only a withdrawn case: nothing to count

    const std::vector<CaseTally> byDepartment =
        tallyCases(month, CaseGrouping::Department, hall, isoDay("2026-11-30"));
    REQUIRE(byDepartment.size() == 2);
    CHECK(byDepartment[0].key == QStringLiteral("hukou"));
    CHECK(byDepartment[0].counted == 4);
    CHECK(byDepartment[1].key == QStringLiteral("tax"));

    CHECK(tallyCases({}, CaseGrouping::Total, hall, isoDay("2026-11-30"))[0].onTimeRate() ==
          std::nullopt);
}

TEST_CASE("a day the hall closes itself closes issuing and is no working day for a time limit")
{
    QTemporaryDir dir;
    qh::test::TestHall h(
        qh::test::smallHallVariant(
            dir, "\"holidaySessions\": [",
            "\"closures\": [{\"date\": \"2026-11-27\", \"reason\": {\"zh\": \"设备检修\", "
            "\"en\": \"equipment maintenance\"}}],\n\"holidaySessions\": ["),
        shanghai("2026-11-26 10:00"));
    h.service->importCalendar(qh::test::calendarFile2026(), h.actor);
    h.take(QStringLiteral("id-card"));
    h.service->callNext(1, h.actor);
    h.service->start(1, h.actor);
    // Ten working days after Thursday 26 November, Friday 27 left out: Monday 30 ... 11 December.
    CHECK(h.service->acceptCase(1, {}, h.actor).record.dueDay == isoDay("2026-12-11"));
    h.clock.set(shanghai("2026-11-27 10:00"));
    CHECK(h.service->engine().status().issuing.reason ==
          QStringLiteral("the hall is closed today: equipment maintenance"));
}
