// The ticket lifecycle through the engine and a real SQLite store: every transition and refusal.
#include "testhall.h"

using namespace qh;
using engine::EngineError;
using engine::Priority;
using engine::TicketState;
using test::shanghai;
using test::TestHall;
using Code = EngineError::Code;

namespace {

const QString kIdCard = QStringLiteral("id-card");
const QString kResidence = QStringLiteral("residence");
const QString kInvoice = QStringLiteral("invoice");

// Runs fn and returns the refusal's code and message; fails the test when it is not refused.
template <typename Fn> std::pair<Code, QString> refusal(Fn&& fn)
{
    try {
        fn();
    } catch (const EngineError& e) {
        return {e.code(), e.message()};
    }
    FAIL("the operation was not refused");
    return {};
}

std::int64_t eventCount(TestHall& h)
{
    return std::int64_t(h.store->eventsSince(0, 1'000'000).size());
}

} // namespace

TEST_CASE("two-phase issue: a ticket is callable only once confirmed as printed")
{
    TestHall h;
    const engine::TicketView issued = h.service->issue({.serviceId = kIdCard}, h.actor);
    CHECK(issued.ticket.number == QStringLiteral("A001"));
    CHECK(issued.ticket.state == TicketState::Issuing);
    CHECK(issued.ticket.serviceDay == QStringLiteral("2026-11-25"));
    CHECK(issued.ticket.statusCode.size() == 10);
    CHECK_FALSE(h.service->callNext(1, h.actor).has_value());

    const engine::Ticket waiting = h.service->confirmPrinted(issued.ticket.id, h.actor);
    CHECK(waiting.state == TicketState::Waiting);
    const auto called = h.service->callNext(1, h.actor);
    REQUIRE(called);
    CHECK(called->number == QStringLiteral("A001"));
    CHECK(called->state == TicketState::Called);
    CHECK(called->window == 1);
    CHECK(called->calls == 1);
}

TEST_CASE("issuing refuses what it cannot honour")
{
    TestHall h;
    const auto issue = [&](engine::IssueRequest r) { return h.service->issue(r, h.actor); };
    CHECK(refusal([&] { issue({.serviceId = QStringLiteral("nope")}); }) ==
          std::pair{Code::NotFound, QStringLiteral("unknown service 'nope'")});
    CHECK(refusal([&] { issue({.serviceId = kIdCard, .phone = QStringLiteral("12ab")}); }).first ==
          Code::Invalid);
    CHECK(refusal([&] { issue({.serviceId = kIdCard, .lang = QStringLiteral("fr")}); }).first ==
          Code::Invalid);
    CHECK(refusal([&] {
              issue({.serviceId = kIdCard, .appointmentAt = shanghai("2026-11-26 10:00")});
          }) == std::pair{Code::Invalid, QStringLiteral("the appointment is not for today")});

    h.clock.set(shanghai("2026-11-25 16:30"));
    CHECK(refusal([&] { h.take(kIdCard); }) ==
          std::pair{Code::IssuingClosed, QStringLiteral("issuing closed at 16:30 for today")});
    h.clock.set(shanghai("2026-11-28 10:00"));
    CHECK(refusal([&] { h.take(kIdCard); }).first == Code::IssuingClosed);
    // Nothing was written by any refusal: no ticket, no number used, no event after init's.
    CHECK(eventCount(h) == 1);
    h.clock.set(shanghai("2026-11-30 10:00"));
    CHECK(h.take(kIdCard).number == QStringLiteral("A001"));
}

TEST_CASE("a holiday session issues appointments only, for the services of its windows")
{
    TestHall h(test::sourcePath(QStringLiteral("tests/data/small-hall.json")),
               shanghai("2027-01-02 09:30"));
    CHECK(refusal([&] { h.take(kIdCard); }) ==
          std::pair{Code::IssuingClosed, QStringLiteral("this session serves appointments only")});
    const auto appointment = shanghai("2027-01-02 10:00");
    CHECK(refusal([&] {
              h.service->issue({.serviceId = kInvoice, .appointmentAt = appointment}, h.actor);
          }).first == Code::IssuingClosed);
    const auto v = h.service->issue({.serviceId = kIdCard, .appointmentAt = appointment}, h.actor);
    CHECK(v.ticket.appointmentAt == appointment);
}

TEST_CASE("confirming and voiding follow the states")
{
    TestHall h;
    CHECK(refusal([&] { h.service->confirmPrinted(99, h.actor); }) ==
          std::pair{Code::NotFound, QStringLiteral("unknown ticket 99")});
    const engine::Ticket t = h.take(kIdCard);
    // Confirmed again (the kiosk lost the first answer): the same ticket, nothing new recorded.
    const std::int64_t events = h.store->lastEventSeq();
    CHECK(h.service->confirmPrinted(t.id, h.actor).state == TicketState::Waiting);
    CHECK(h.store->lastEventSeq() == events);
    CHECK(refusal([&] { h.service->voidTicket(t.id, QStringLiteral("  "), h.actor); }).first ==
          Code::Invalid);

    // Voiding a called ticket frees its window.
    h.service->callNext(1, h.actor);
    const engine::Ticket voided =
        h.service->voidTicket(t.id, QStringLiteral("citizen left"), h.actor);
    CHECK(voided.state == TicketState::Voided);
    CHECK(voided.voidReason == QStringLiteral("citizen left"));
    CHECK_FALSE(h.store->window(1).currentTicket.has_value());
    CHECK(refusal([&] { h.service->voidTicket(t.id, QStringLiteral("again"), h.actor); }) ==
          std::pair{Code::WrongState, QStringLiteral("ticket A001 is already voided")});
    CHECK(refusal([&] { h.service->confirmPrinted(t.id, h.actor); }) ==
          std::pair{Code::WrongState, QStringLiteral("ticket A001 is voided, not issuing")});
}

TEST_CASE("a ticket left in issuing is voided after the timeout, and never called")
{
    TestHall h;
    const auto v = h.service->issue({.serviceId = kIdCard}, h.actor);
    h.clock.advanceSeconds(59);
    CHECK(h.service->voidStaleIssuing(h.actor) == 0);
    h.clock.advanceSeconds(2);
    CHECK(h.service->voidStaleIssuing(h.actor) == 1);
    const engine::Ticket t = *h.store->ticket(v.ticket.id);
    CHECK(t.state == TicketState::Voided);
    CHECK(t.voidReason == QStringLiteral("not confirmed as printed within 60 s"));
    CHECK(refusal([&] { h.service->confirmPrinted(t.id, h.actor); }).first == Code::WrongState);
}

TEST_CASE("call-next refuses an unknown, paused or busy window and calls only its services")
{
    TestHall h;
    CHECK(refusal([&] { h.service->callNext(70, h.actor); }) ==
          std::pair{Code::NotFound, QStringLiteral("unknown window 70")});
    h.take(kIdCard);
    CHECK_FALSE(h.service->callNext(3, h.actor).has_value()); // window 3 serves tax only
    h.service->pause(1, h.actor);
    CHECK(refusal([&] { h.service->callNext(1, h.actor); }) ==
          std::pair{Code::WrongState, QStringLiteral("window 1 is paused")});
    CHECK(refusal([&] { h.service->pause(1, h.actor); }).first == Code::WrongState);
    h.service->resume(1, h.actor);
    CHECK(refusal([&] { h.service->resume(1, h.actor); }) ==
          std::pair{Code::WrongState, QStringLiteral("window 1 is not paused")});
    REQUIRE(h.service->callNext(1, h.actor));
    h.take(kIdCard);
    CHECK(refusal([&] { h.service->callNext(1, h.actor); }) ==
          std::pair{Code::WrongState,
                    QStringLiteral("window 1 still has ticket A001 (called); finish it first")});
}

TEST_CASE("green-channel tickets are called first, then the longest wait")
{
    TestHall h;
    const engine::Ticket a1 = h.take(kIdCard);
    h.clock.advanceSeconds(60);
    const engine::Ticket r1 = h.take(kResidence);
    const engine::Ticket g = h.take(kResidence, Priority::Green);
    CHECK(g.number == QStringLiteral("A003"));
    CHECK(h.service->callNext(1, h.actor)->id == g.id);
    h.service->start(1, h.actor);
    h.service->complete(1, h.actor);
    // Window 1 serves both (hukou is its department): id-card has waited 62 s, residence 1 s.
    CHECK(h.service->callNext(1, h.actor)->id == a1.id);
    CHECK(h.service->callNext(2, h.actor)->id == r1.id);
}

TEST_CASE("a window helping another department takes its tickets after the help-after time")
{
    // Window 3 (tax) also serves hukou's id card, after 5 minutes.
    QFile base(qh::test::sourcePath(QStringLiteral("tests/data/small-hall.json")));
    REQUIRE(base.open(QIODevice::ReadOnly));
    QByteArray json = base.readAll();
    json.replace(R"("prefix": "A"})", R"("prefix": "A", "helpAfterMinutes": 5})");
    json.replace(
        R"("services": [{"department": "tax"}]})",
        R"("services": [{"department": "tax"}, {"service": "id-card", "weight": "secondary"}]})");
    QTemporaryDir dir;
    QFile variant(dir.filePath(QStringLiteral("hall.json")));
    REQUIRE(variant.open(QIODevice::WriteOnly));
    variant.write(json);
    variant.close();
    TestHall h(variant.fileName());
    const auto done = [&](int window) {
        h.service->start(window, h.actor);
        h.service->complete(window, h.actor);
    };

    const engine::Ticket card = h.take(kIdCard);
    h.clock.advanceSeconds(4 * 60);
    CHECK_FALSE(h.service->callNext(3, h.actor)); // waited 4 minutes: not yet
    h.clock.advanceSeconds(60);
    CHECK(h.service->callNext(3, h.actor)->id == card.id);
    done(3);

    // Past the 5 minutes, an id card that has waited 9 minutes counts 4 against a tax ticket's 3.
    const engine::Ticket second = h.take(kIdCard);
    h.clock.advanceSeconds(6 * 60);
    const engine::Ticket invoice = h.take(kInvoice);
    h.clock.advanceSeconds(3 * 60 - 1);
    CHECK(h.service->callNext(3, h.actor)->id == second.id);
    done(3);
    // The id card's own windows take it at once: window 1 is not held back.
    const engine::Ticket third = h.take(kIdCard);
    CHECK(h.service->callNext(1, h.actor)->id == third.id);
    CHECK(h.service->callNext(3, h.actor)->id == invoice.id);
}

TEST_CASE("a due appointment is called before regular tickets")
{
    TestHall h;
    const engine::Ticket early = h.take(kInvoice);
    const auto at = shanghai("2026-11-25 10:30");
    const auto v = h.service->issue({.serviceId = kInvoice, .appointmentAt = at}, h.actor);
    h.service->confirmPrinted(v.ticket.id, h.actor);
    h.clock.set(shanghai("2026-11-25 10:29"));
    CHECK(h.service->callNext(3, h.actor)->id == early.id); // not yet due: plain wait order
    h.service->start(3, h.actor);
    h.service->complete(3, h.actor);
    const engine::Ticket later = h.take(kInvoice);
    h.clock.set(shanghai("2026-11-25 10:31"));
    CHECK(h.service->callNext(3, h.actor)->id == v.ticket.id);
    (void)later;
}

TEST_CASE("start and complete move a called ticket through serving, and only then")
{
    TestHall h;
    CHECK(refusal([&] { h.service->start(1, h.actor); }) ==
          std::pair{Code::WrongState, QStringLiteral("window 1 has no current ticket")});
    h.take(kIdCard);
    h.service->callNext(1, h.actor);
    CHECK(refusal([&] { h.service->complete(1, h.actor); }) ==
          std::pair{Code::WrongState, QStringLiteral("ticket A001 is called, not being served")});
    h.clock.advanceSeconds(30);
    const engine::Ticket serving = h.service->start(1, h.actor);
    CHECK(serving.state == TicketState::Serving);
    CHECK(refusal([&] { h.service->start(1, h.actor); }).first == Code::WrongState);
    CHECK(refusal([&] { h.service->noShow(1, h.actor); }).first == Code::WrongState);
    h.clock.advanceSeconds(270);
    const engine::Ticket done = h.service->complete(1, h.actor);
    CHECK(done.state == TicketState::Completed);
    CHECK(*done.finishedAt - *done.calledAt == 300'000);
    CHECK_FALSE(h.store->window(1).currentTicket.has_value());
    // The 5-minute service was learned for id-card, and survives a restart.
    const auto stats = h.store->serviceStats();
    REQUIRE(stats.size() == 1);
    CHECK(stats[0].first == kIdCard);
    CHECK(stats[0].second.meanSeconds == Approx(300));
}

TEST_CASE("recall is limited, a missed ticket goes back to the queue until its calls run out")
{
    TestHall h;
    const engine::Ticket t = h.take(kIdCard);
    h.service->callNext(1, h.actor);
    CHECK(h.service->recall(1, h.actor).calls == 2);
    CHECK(h.service->recall(1, h.actor).calls == 3);
    CHECK(refusal([&] { h.service->recall(1, h.actor); }) ==
          std::pair{Code::WrongState,
                    QStringLiteral("ticket A001 was called 3 times, the limit; mark it no-show")});
    CHECK(h.service->noShow(1, h.actor).state == TicketState::NoShow);
    CHECK_FALSE(h.store->window(1).currentTicket.has_value());

    // Called once and missed: back in the queue, behind those who came meanwhile.
    const engine::Ticket u = h.take(kIdCard);
    h.service->callNext(1, h.actor);
    const engine::Ticket other = h.take(kIdCard);
    h.clock.advanceSeconds(5);
    const engine::Ticket missed = h.service->noShow(1, h.actor);
    CHECK(missed.state == TicketState::Waiting);
    CHECK_FALSE(missed.window.has_value());
    CHECK(missed.calls == 1);
    CHECK(h.service->callNext(1, h.actor)->id == other.id);
    h.service->start(1, h.actor);
    h.service->complete(1, h.actor);
    CHECK(h.service->callNext(1, h.actor)->id == u.id);
    CHECK(h.store->ticket(t.id)->state == TicketState::NoShow);
}

TEST_CASE("hold puts the ticket aside for its window, return brings it back to that window")
{
    TestHall h;
    const engine::Ticket t = h.take(kIdCard);
    h.service->callNext(1, h.actor);
    h.service->start(1, h.actor);
    const engine::Ticket held = h.service->hold(1, h.actor);
    CHECK(held.state == TicketState::Held);
    CHECK_FALSE(h.store->window(1).currentTicket.has_value());
    CHECK(refusal([&] { h.service->hold(1, h.actor); }).first == Code::WrongState);
    CHECK(refusal([&] { h.service->returnHeld(2, QStringLiteral("A001"), h.actor); }) ==
          std::pair{Code::NotServing, QStringLiteral("ticket A001 is held by window 1")});
    CHECK(refusal([&] { h.service->callNumber(2, QStringLiteral("A001"), h.actor); }).first ==
          Code::NotServing);
    CHECK_FALSE(h.service->callNext(2, h.actor).has_value());
    CHECK(refusal([&] { h.service->returnHeld(1, QStringLiteral("A009"), h.actor); }).first ==
          Code::NotFound);

    const engine::Ticket back = h.service->returnHeld(1, QStringLiteral("a001"), h.actor);
    CHECK(back.state == TicketState::Waiting);
    CHECK(refusal([&] { h.service->returnHeld(1, QStringLiteral("A001"), h.actor); }) ==
          std::pair{Code::WrongState, QStringLiteral("ticket A001 is waiting, not held")});
    CHECK_FALSE(h.service->callNext(2, h.actor).has_value());
    CHECK(h.service->callNext(1, h.actor)->id == t.id);
}

TEST_CASE(
    "a transfer keeps the number and the original issue time, so the citizen keeps their place")
{
    TestHall h;
    const engine::Ticket first = h.take(kIdCard);
    h.clock.advanceSeconds(600);
    const engine::Ticket laterInvoice = h.take(kInvoice);
    h.service->callNext(1, h.actor);
    CHECK(refusal([&] { h.service->transferToService(1, kInvoice, h.actor); }).first ==
          Code::WrongState); // called, not yet being served
    h.service->start(1, h.actor);
    CHECK(refusal([&] {
              h.service->transferToService(1, QStringLiteral("nope"), h.actor);
          }).first == Code::NotFound);
    const engine::Ticket moved = h.service->transferToService(1, kInvoice, h.actor);
    CHECK(moved.number == first.number);
    CHECK(moved.statusCode == first.statusCode);
    CHECK(moved.issuedAt == first.issuedAt);
    CHECK(moved.serviceId == kInvoice);
    CHECK(moved.state == TicketState::Waiting);
    CHECK(moved.previousId == first.id);
    CHECK(h.store->ticket(first.id)->state == TicketState::Transferred);
    CHECK(h.store->ticketByStatusCode(first.statusCode)->id == moved.id);
    CHECK_FALSE(h.store->window(1).currentTicket.has_value());
    // It was issued before the invoice ticket, so window 3 calls it first.
    CHECK(h.service->engine().view(moved.id).ahead == 0);
    CHECK(h.service->engine().view(laterInvoice.id).ahead == 1);
    CHECK(h.service->callNext(3, h.actor)->id == moved.id);
}

TEST_CASE("a transfer to a window reserves the ticket for that window")
{
    TestHall h;
    h.take(kIdCard);
    h.service->callNext(1, h.actor);
    h.service->start(1, h.actor);
    CHECK(refusal([&] { h.service->transferToWindow(1, 9, h.actor); }) ==
          std::pair{Code::NotFound, QStringLiteral("unknown window 9")});
    const engine::Ticket moved = h.service->transferToWindow(1, 4, h.actor);
    CHECK(moved.targetWindow == 4);
    CHECK_FALSE(h.service->callNext(2, h.actor).has_value());
    CHECK(h.service->callNext(4, h.actor)->id == moved.id); // window 4 serves notary only
}

TEST_CASE("a window may call a specific number of a service it serves")
{
    TestHall h;
    h.take(kIdCard);
    const engine::Ticket second = h.take(kIdCard);
    const engine::Ticket invoice = h.take(kInvoice);
    CHECK(refusal([&] { h.service->callNumber(1, QStringLiteral("B001"), h.actor); }) ==
          std::pair{Code::NotServing,
                    QStringLiteral("window 1 does not serve 'VAT invoice on behalf'")});
    CHECK(refusal([&] { h.service->callNumber(1, QStringLiteral("A404"), h.actor); }) ==
          std::pair{Code::NotFound, QStringLiteral("no active ticket A404")});
    CHECK(h.service->callNumber(1, QStringLiteral("A002"), h.actor).id == second.id);
    CHECK(refusal([&] { h.service->callNumber(2, QStringLiteral("A002"), h.actor); }) ==
          std::pair{Code::WrongState, QStringLiteral("ticket A002 is called, not waiting")});
    (void)invoice;
}

TEST_CASE("numbers restart each service day, skipping any still active from the day before")
{
    TestHall h(test::sourcePath(QStringLiteral("tests/data/small-hall.json")),
               shanghai("2026-11-25 16:00"));
    CHECK(h.take(kIdCard).number == QStringLiteral("A001"));
    CHECK(h.take(kResidence).number == QStringLiteral("A002")); // one sequence per prefix
    CHECK(h.take(kInvoice).number == QStringLiteral("B001"));
    // A001 is served; A002 is still waiting at midnight (extended hours).
    h.service->callNext(1, h.actor);
    h.service->start(1, h.actor);
    h.service->complete(1, h.actor);
    h.clock.set(shanghai("2026-11-26 09:00"));
    const engine::Ticket next = h.take(kIdCard);
    CHECK(next.serviceDay == QStringLiteral("2026-11-26"));
    CHECK(next.number == QStringLiteral("A001"));
    CHECK(h.take(kIdCard).number == QStringLiteral("A003"));  // A002 still active
    CHECK(h.take(kInvoice).number == QStringLiteral("B002")); // B001 still active
}

TEST_CASE("after 999 numbering wraps to the lowest number no longer active")
{
    TestHall h;
    const engine::Ticket a1 = h.take(kIdCard);
    // A finished ticket A998 as the day's latest, as after a long busy day.
    engine::Ticket done = a1;
    done.seq = 998;
    done.number = QStringLiteral("A998");
    done.state = TicketState::Completed;
    h.store->insertTicket(done);
    CHECK(h.take(kIdCard).number == QStringLiteral("A999"));
    CHECK(h.take(kIdCard).number == QStringLiteral("A002")); // A001 is still waiting
    h.service->callNext(1, h.actor);
    h.service->start(1, h.actor);
    h.service->complete(1, h.actor);                         // serves A001, the longest waiting
    CHECK(h.take(kIdCard).number == QStringLiteral("A003")); // after A002, the day's latest
    done.seq = 999;
    done.number = QStringLiteral("A999");
    h.store->insertTicket(done); // the day's latest is 999 again; A001 is free by now
    CHECK(h.take(kIdCard).number == QStringLiteral("A001"));
}

TEST_CASE("after the cut-off issuing stops but windows serve until the queue is empty")
{
    TestHall h(test::sourcePath(QStringLiteral("tests/data/small-hall.json")),
               shanghai("2026-11-25 16:25"));
    h.take(kInvoice);
    h.take(kInvoice);
    h.clock.set(shanghai("2026-11-25 17:10"));
    CHECK(refusal([&] { h.take(kInvoice); }).first == Code::IssuingClosed);
    engine::HallStatus status = h.service->engine().status();
    CHECK_FALSE(status.issuing.open);
    CHECK(status.overtime);
    for (int i = 0; i < 2; ++i) {
        REQUIRE(h.service->callNext(3, h.actor));
        h.service->start(3, h.actor);
        h.service->complete(3, h.actor);
    }
    CHECK_FALSE(h.service->callNext(3, h.actor).has_value());
    CHECK_FALSE(h.service->engine().status().overtime);
}

TEST_CASE("the people ahead and the estimated wait come with every waiting ticket")
{
    TestHall h;
    // Windows 1 and 2 busy, so invoice and id-card waits are real.
    const engine::Ticket first = h.take(kInvoice);
    h.service->callNext(3, h.actor);
    const auto v1 = h.service->issue({.serviceId = kInvoice}, h.actor);
    CHECK(v1.ahead == 0);
    REQUIRE(v1.estimatedWaitSeconds);
    CHECK(*v1.estimatedWaitSeconds == Approx(900)); // one 15-min service at the only window
    h.service->confirmPrinted(v1.ticket.id, h.actor);
    const auto v2 = h.service->issue({.serviceId = kInvoice}, h.actor);
    CHECK(v2.ahead == 1);
    CHECK(*v2.estimatedWaitSeconds > *v1.estimatedWaitSeconds);
    const auto g = h.service->issue({.serviceId = kInvoice, .priority = Priority::Green}, h.actor);
    CHECK(g.ahead == 0);
    h.service->pause(3, h.actor);
    CHECK_FALSE(h.service->engine().view(v1.ticket.id).estimatedWaitSeconds.has_value());
    (void)first;
}

TEST_CASE("state survives a restart of the engine over the same file")
{
    TestHall h;
    const engine::Ticket t = h.take(kIdCard);
    h.service->callNext(1, h.actor);
    h.service->pause(2, h.actor);
    h.reopen();
    CHECK(h.store->ticket(t.id)->state == TicketState::Called);
    CHECK(h.store->window(1).currentTicket == t.id);
    CHECK(refusal([&] { h.service->callNext(2, h.actor); }).first == Code::WrongState);
    CHECK(h.take(kIdCard).number == QStringLiteral("A002"));
}

TEST_CASE("every state change is one event, a refused operation writes none")
{
    TestHall h;
    const engine::Ticket t = h.take(kIdCard); // issued, printed
    h.service->callNext(1, h.actor);          // called
    h.service->recall(1, h.actor);            // recalled
    h.service->start(1, h.actor);             // started
    const auto before = eventCount(h);
    CHECK_THROWS_AS(h.service->recall(1, h.actor), EngineError);
    CHECK_THROWS_AS(h.service->callNext(1, h.actor), EngineError);
    CHECK(eventCount(h) == before);
    h.service->complete(1, h.actor);
    const auto events = h.store->eventsSince(0, 100);
    QStringList types;
    for (const auto& e : events)
        types << e.type;
    CHECK(types == QStringList{QStringLiteral("hall.initialised"), QStringLiteral("ticket.issued"),
                               QStringLiteral("ticket.printed"), QStringLiteral("ticket.called"),
                               QStringLiteral("ticket.recalled"), QStringLiteral("ticket.started"),
                               QStringLiteral("ticket.completed")});
    const engine::Event& called = events[3];
    CHECK(called.window == 1);
    CHECK(called.ticketId == t.id);
    CHECK(called.actor == QStringLiteral("tester"));
    CHECK(called.data.value(QStringLiteral("number")).toString() == QStringLiteral("A001"));
    CHECK(called.data.value(QStringLiteral("floor")).toInt() == 1);
}

TEST_CASE("an issue retried with the same idempotency key returns the same ticket")
{
    TestHall h;
    engine::IssueRequest request{.serviceId = kIdCard, .idempotencyKey = QStringLiteral("k-1")};
    const engine::Actor kiosk1{QStringLiteral("kiosk 1"), QStringLiteral("kiosk#1")};
    const engine::Actor kiosk2{QStringLiteral("kiosk 2"), QStringLiteral("kiosk#2")};
    const auto first = h.service->issue(request, kiosk1);
    const auto events = eventCount(h);
    // A retry after the cut-off still gets its ticket: it was issued before.
    h.clock.set(shanghai("2026-11-25 16:45"));
    const auto retry = h.service->issue(request, kiosk1);
    CHECK(retry.ticket.id == first.ticket.id);
    CHECK(retry.ticket.number == QStringLiteral("A001"));
    CHECK(eventCount(h) == events);
    CHECK(first.ticket.issuedBy == QStringLiteral("kiosk#1"));

    request.priority = Priority::Green;
    CHECK(refusal([&] { h.service->issue(request, kiosk1); }) ==
          std::pair{Code::KeyReused,
                    QStringLiteral("idempotency key 'k-1' was used for a different request")});
    // Keys belong to a device: another kiosk's k-1 is a new request.
    h.clock.set(shanghai("2026-11-25 11:00"));
    request.priority = Priority::Normal;
    CHECK(h.service->issue(request, kiosk2).ticket.number == QStringLiteral("A002"));
}

TEST_CASE("a rating pad rates the ticket its window finished last, once, while it is fresh")
{
    TestHall h;
    CHECK(refusal([&] { h.service->rate(1, 4, h.actor); }).first == Code::NotFound);
    const engine::Ticket first = h.take(kIdCard);
    const engine::Ticket second = h.take(kIdCard);
    for (int i = 0; i < 2; ++i) {
        h.service->callNext(1, h.actor);
        h.service->start(1, h.actor);
        h.clock.advanceSeconds(120);
        h.service->complete(1, h.actor);
    }
    // Window 1 finished `second` last: that is the one rated.
    CHECK(h.service->rate(1, 3, h.actor).id == second.id);
    CHECK(h.store->rating(second.id) == 3);
    CHECK(!h.store->rating(first.id));
    const engine::Event rated = h.store->eventsSince(h.store->lastEventSeq() - 1, 1).front();
    CHECK(rated.type == QStringLiteral("ticket.rated"));
    CHECK(rated.ticketId == second.id);
    CHECK(rated.window == 1);
    CHECK(rated.data.value(QStringLiteral("rating")).toInt() == 3);
    CHECK(rated.actor == h.actor.who);

    const auto again = refusal([&] { h.service->rate(1, 1, h.actor); });
    CHECK(again ==
          std::pair{Code::WrongState, second.number + QStringLiteral(" is already rated")});
    CHECK(h.store->rating(second.id) == 3);
    CHECK(refusal([&] { h.service->rate(1, 6, h.actor); }).first == Code::Invalid);
    CHECK(refusal([&] { h.service->rate(2, 4, h.actor); }).first == Code::NotFound);

    // A pad pressed long after the service does not rate it.
    const engine::Ticket third = h.take(kIdCard);
    h.service->callNext(1, h.actor);
    h.service->start(1, h.actor);
    h.service->complete(1, h.actor);
    h.clock.advanceSeconds(11 * 60);
    CHECK(refusal([&] { h.service->rate(1, 4, h.actor); }).first == Code::NotFound);
    CHECK(!h.store->rating(third.id));
    if (h.database) // the SQLite store's hash chain holds the ratings too
        CHECK(h.sqlite().verifyAudit().problems.isEmpty());
}

TEST_CASE("the status page rates a completed ticket once, by any channel, for three days")
{
    TestHall h;
    const engine::Ticket t = h.take(kIdCard);
    const auto online = [&](const engine::Ticket& ticket, int rating) {
        return refusal([&] { h.service->rateOnline(ticket.statusCode, rating, h.actor); }).first;
    };
    CHECK(online(t, 5) == Code::WrongState); // waiting: not yet
    h.service->callNext(1, h.actor);
    h.service->start(1, h.actor);
    h.service->complete(1, h.actor);
    CHECK(h.service->engine().ratableOnline(*h.store->ticket(t.id)));
    CHECK(online(t, 0) == Code::Invalid);
    CHECK(refusal([&] { h.service->rateOnline(QStringLiteral("NOSUCHCODE"), 5, h.actor); }).first ==
          Code::NotFound);
    CHECK(h.service->rateOnline(t.statusCode, 5, h.actor).id == t.id);
    CHECK(h.store->rating(t.id) == 5);
    const engine::Event rated = h.store->eventsSince(h.store->lastEventSeq() - 1, 1).front();
    CHECK(rated.data.value(QStringLiteral("channel")).toString() == QStringLiteral("web"));
    CHECK(rated.data.value(QStringLiteral("scale")).toInt() == 5);
    CHECK(online(t, 4) == Code::WrongState); // once
    CHECK(refusal([&] { h.service->rate(1, 4, h.actor); }).first ==
          Code::WrongState); // the pad too

    const engine::Ticket late = h.take(kIdCard);
    h.service->callNext(1, h.actor);
    h.service->start(1, h.actor);
    h.service->complete(1, h.actor);
    h.clock.advanceSeconds(3 * 24 * 3600 + 1);
    CHECK_FALSE(h.service->engine().ratableOnline(*h.store->ticket(late.id)));
    CHECK(online(late, 5) == Code::WrongState);
}
