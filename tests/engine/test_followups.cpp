// 差评 follow-ups on the 2026 working calendar: opened by a rating of 2 or 1 from any channel, due
// in five working days, stepped through to a supervisor's close, appealed and decided, escalated
// once when late; every step refused out of order writes nothing.
#include "engine.h"
#include "testhall.h"

using namespace qh::engine;
using qh::test::isoDay;
using qh::test::refusal;
using qh::test::shanghai;

namespace {

// The small hall on Wednesday 25 November 2026 at 10:00, with the 2026 calendar imported.
struct FollowUpHall : qh::test::TestHall
{
    FollowUpHall() { service->importCalendar(qh::test::calendarFile2026(), actor); }

    FollowUpDesk& desk() { return service->engine().followUps(); }

    // A ticket served at window 1 and rated on its pad.
    Ticket rated(int rating)
    {
        take(QStringLiteral("id-card"));
        service->callNext(1, actor);
        service->start(1, actor);
        const Ticket t = service->complete(1, actor);
        service->rate(1, rating, actor);
        return t;
    }

    std::int64_t lastSeq() { return store->lastEventSeq(); }
    Event lastEvent() { return store->eventsSince(lastSeq() - 1, 1).front(); }
};

const QString kContact = QStringLiteral("rang 138****0000 at 14:10; waited too long at window 1");
const QString kFinding = QStringLiteral("window 1 was paused 25 minutes without notice");
const QString kFix = QStringLiteral("pauses over 10 minutes are now announced on the board");

} // namespace

TEST_CASE("a rating of 2 or 1 opens a follow-up due five working days later and 3 to 5 open none")
{
    FollowUpHall h;
    h.rated(5);
    h.rated(4);
    h.rated(3);
    CHECK(h.desk().pending(false).empty());

    const Ticket bad = h.rated(2);
    const std::vector<FollowUpView> pending = h.desk().pending(false);
    REQUIRE(pending.size() == 1);
    const FollowUp& f = pending[0].record;
    CHECK(f.state == FollowUpState::Open);
    CHECK(f.rating.ticketId == bad.id);
    CHECK(f.rating.rating == 2);
    CHECK(f.rating.window == 1);
    CHECK(f.rating.channel == QStringLiteral("pad"));
    // Wednesday 25 November + 5 working days: Thursday 26 ... Wednesday 2 December.
    CHECK(f.dueDay == isoDay("2026-12-02"));
    CHECK_FALSE(pending[0].late);

    const Event e = h.lastEvent();
    CHECK(e.type == QStringLiteral("followup.opened"));
    CHECK(e.ticketId == bad.id);
    CHECK(e.data.value(QStringLiteral("followUp")).toInteger() == f.id);
    CHECK(e.data.value(QStringLiteral("due")).toString() == QStringLiteral("2026-12-02"));

    h.rated(1);
    CHECK(h.desk().pending(false).size() == 2);
}

TEST_CASE(
    "a follow-up goes contact then rectification then close and refuses each step out of order")
{
    FollowUpHall h;
    h.rated(1);
    const std::int64_t id = h.desk().pending(false).front().record.id;
    const std::int64_t before = h.lastSeq();

    CHECK(refusal([&] { h.service->rectifyFollowUp(id, kFinding, kFix, h.actor); }) ==
          EngineError::Code::WrongState);
    CHECK(refusal([&] { h.service->closeFollowUp(id, h.actor); }) == EngineError::Code::WrongState);
    CHECK(refusal([&] { h.service->contactFollowUp(id, QStringLiteral("  "), h.actor); }) ==
          EngineError::Code::Invalid);
    CHECK(refusal([&] { h.service->contactFollowUp(id, QString(501, u'x'), h.actor); }) ==
          EngineError::Code::Invalid);
    CHECK(refusal([&] { h.service->contactFollowUp(999, kContact, h.actor); }) ==
          EngineError::Code::NotFound);
    CHECK(h.lastSeq() == before);
    CHECK(h.desk().view(id).record.state == FollowUpState::Open);

    h.clock.set(shanghai("2026-11-26 14:10"));
    CHECK(h.service->contactFollowUp(id, kContact, h.actor).state == FollowUpState::Contacted);
    h.clock.set(shanghai("2026-11-30 11:00"));
    const FollowUp rectified = h.service->rectifyFollowUp(id, kFinding, kFix, h.actor);
    CHECK(rectified.state == FollowUpState::Rectified);
    CHECK(rectified.rectifiedDay == isoDay("2026-11-30"));
    CHECK(h.lastEvent().data.value(QStringLiteral("onTime")).toBool());
    CHECK(h.desk().pending(false).empty());
    CHECK(refusal([&] { h.service->appealFollowUp(id, QStringLiteral("x"), h.actor); }) ==
          EngineError::Code::WrongState);

    const FollowUp closed = h.service->closeFollowUp(id, h.actor);
    CHECK(closed.state == FollowUpState::Closed);
    CHECK(closed.closedAt == shanghai("2026-11-30 11:00"));

    const FollowUpView view = h.desk().view(id);
    CHECK(view.record.contact == kContact);
    CHECK(view.record.finding == kFinding);
    CHECK(view.record.rectification == kFix);
    QStringList steps;
    for (const Event& e : view.steps)
        steps << e.type;
    CHECK(steps ==
          QStringList{QStringLiteral("followup.opened"), QStringLiteral("followup.contacted"),
                      QStringLiteral("followup.rectified"), QStringLiteral("followup.closed")});
    CHECK(view.steps[1].data.value(QStringLiteral("contact")).toString() == kContact);
    CHECK(view.steps[2].actor == QStringLiteral("tester"));
}

TEST_CASE("an appeal is upheld (the rating annulled) or rejected (back where it was)")
{
    FollowUpHall h;
    h.rated(1);
    h.rated(2);
    const std::vector<FollowUpView> pending = h.desk().pending(false);
    const std::int64_t upheld = pending[0].record.id;
    const std::int64_t rejected = pending[1].record.id;
    const QString malicious = QStringLiteral("the applicant said he rated 1 to get served faster");

    CHECK(refusal([&] { h.service->decideFollowUp(upheld, true, malicious, h.actor); }) ==
          EngineError::Code::WrongState);
    CHECK(refusal([&] { h.service->appealFollowUp(upheld, {}, h.actor); }) ==
          EngineError::Code::Invalid);
    CHECK(h.service->appealFollowUp(upheld, malicious, h.actor).state == FollowUpState::Appealed);
    CHECK(refusal([&] { h.service->contactFollowUp(upheld, kContact, h.actor); }) ==
          EngineError::Code::WrongState);
    CHECK(refusal([&] { h.service->decideFollowUp(upheld, true, QStringLiteral(" "), h.actor); }) ==
          EngineError::Code::Invalid);
    const FollowUp annulled =
        h.service->decideFollowUp(upheld, true, QStringLiteral("recording confirms it"), h.actor);
    CHECK(annulled.state == FollowUpState::Annulled);
    CHECK(annulled.appeal == malicious);
    CHECK(annulled.decision == QStringLiteral("recording confirms it"));
    CHECK(h.lastEvent().data.value(QStringLiteral("decision")).toString() ==
          QStringLiteral("upheld"));

    h.service->contactFollowUp(rejected, kContact, h.actor);
    h.service->appealFollowUp(rejected, QStringLiteral("mistaken key"), h.actor);
    const FollowUp back =
        h.service->decideFollowUp(rejected, false, QStringLiteral("no evidence"), h.actor);
    CHECK(back.state == FollowUpState::Contacted);
    CHECK(h.lastEvent().data.value(QStringLiteral("decision")).toString() ==
          QStringLiteral("rejected"));
    REQUIRE(h.desk().pending(false).size() == 1);
    CHECK(h.desk().pending(false).front().record.id == rejected);
}

TEST_CASE("a follow-up not rectified by its due day escalates once while an appeal waits")
{
    FollowUpHall h;
    h.rated(1); // 1: left open
    h.rated(2); // 2: rectified
    h.rated(2); // 3: appealed
    h.service->contactFollowUp(2, kContact, h.actor);
    h.service->rectifyFollowUp(2, kFinding, kFix, h.actor);
    h.service->appealFollowUp(3, QStringLiteral("mistaken key"), h.actor);

    h.clock.set(shanghai("2026-12-02 17:59")); // due today
    CHECK(h.service->escalateFollowUps(h.actor) == 0);
    CHECK(h.desk().pending(true).empty());

    h.clock.set(shanghai("2026-12-03 09:00"));
    const std::vector<FollowUpView> late = h.desk().pending(true);
    REQUIRE(late.size() == 1);
    CHECK(late[0].record.id == 1);
    CHECK(late[0].late);
    CHECK(h.service->escalateFollowUps(h.actor) == 1);
    CHECK(h.lastEvent().type == QStringLiteral("followup.overdue"));
    CHECK(h.lastEvent().data.value(QStringLiteral("followUp")).toInteger() == 1);
    CHECK(h.desk().view(1).record.overdue);
    CHECK(h.service->escalateFollowUps(h.actor) == 0); // once

    // Rejected after the due day: late at once, and escalated.
    h.service->decideFollowUp(3, false, QStringLiteral("no evidence"), h.actor);
    CHECK(h.service->escalateFollowUps(h.actor) == 1);

    // Rectified late: not on time.
    h.service->contactFollowUp(1, kContact, h.actor);
    h.service->rectifyFollowUp(1, kFinding, kFix, h.actor);
    CHECK_FALSE(h.lastEvent().data.value(QStringLiteral("onTime")).toBool());
}

TEST_CASE("a 差评 on the status page opens a follow-up too, with its channel")
{
    FollowUpHall h;
    h.take(QStringLiteral("id-card"));
    h.service->callNext(1, h.actor);
    h.service->start(1, h.actor);
    const Ticket t = h.service->complete(1, h.actor);
    h.service->rateOnline(t.statusCode, 1, h.actor);
    const std::vector<FollowUpView> pending = h.desk().pending(false);
    REQUIRE(pending.size() == 1);
    CHECK(pending[0].record.rating.channel == QStringLiteral("web"));
    CHECK(pending[0].record.rating.ticketId == t.id);
}

TEST_CASE("the follow-up days and the online rating period come from the hall file")
{
    QTemporaryDir dir;
    FollowUpHall h; // the default: 5
    CHECK(h.service->hall().ratings.followUpDays == 5);
    qh::test::TestHall other(qh::test::hallWithSection(
        dir, qh::test::sourcePath(QStringLiteral("tests/data/small-hall.json")),
        QStringLiteral("ratings"),
        QJsonObject{{QStringLiteral("followUpDays"), 2}, {QStringLiteral("onlineDays"), 1}}));
    CHECK(other.service->hall().ratings.followUpDays == 2);
    // A day on the status page: rated the next morning still, not the day after.
    other.take(QStringLiteral("id-card"));
    other.service->callNext(1, other.actor);
    other.service->start(1, other.actor);
    const Ticket t = other.service->complete(1, other.actor);
    other.clock.set(shanghai("2026-11-26 10:00"));
    CHECK(other.service->engine().ratableOnline(*other.store->ticket(t.id)));
    other.clock.set(shanghai("2026-11-26 10:01"));
    CHECK_FALSE(other.service->engine().ratableOnline(*other.store->ticket(t.id)));
    CHECK(refusal([&] { other.service->rateOnline(t.statusCode, 5, other.actor); }) ==
          EngineError::Code::WrongState);
}

TEST_CASE("a rating undone with its unit of work leaves no follow-up behind")
{
    FollowUpHall h;
    h.take(QStringLiteral("id-card"));
    h.service->callNext(1, h.actor);
    h.service->start(1, h.actor);
    const Ticket t = h.service->complete(1, h.actor);
    const std::int64_t before = h.lastSeq();
    CHECK_THROWS_WITH(h.service->perform([&] {
        h.service->rate(1, 1, h.actor);
        throw std::runtime_error("the disk is full");
    }),
                      "the disk is full");
    CHECK(h.desk().pending(false).empty());
    CHECK_FALSE(h.store->rating(t.id));
    CHECK(h.lastSeq() == before);
    h.service->rate(1, 1, h.actor);
    REQUIRE(h.desk().pending(false).size() == 1);
    CHECK(h.desk().pending(false).front().record.id == 1);
}
