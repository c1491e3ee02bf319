// Appointments: the capacity arithmetic on the small hall with known answers, booking and its
// limits, cancelling, every check-in rule, no-shows at the grace end, the cap on appointments in
// a row at a window, and the SMS a booking queues.
#include "engine.h"
#include "hallconfig.h"
#include "testhall.h"

#include <QJsonDocument>

using namespace qh::engine;
using namespace Qt::Literals::StringLiterals;
using qh::test::isoDay;
using qh::test::refusal;
using qh::test::shanghai;

namespace {

const QString kPhone = u"13800138000"_s;

// The small hall (id-card bookable at half its windows' time) with SMS on, without a modem.
QString bookingHallFile()
{
    static QTemporaryDir dir;
    return qh::test::hallWithSection(dir, qh::test::sourcePath(u"tests/data/small-hall.json"_s),
                                     u"sms"_s, QJsonObject{{u"port"_s, u"/dev/qh-no-modem"_s}});
}

std::vector<int> capacities(const std::vector<Slot>& offered)
{
    std::vector<int> result;
    for (const Slot& s : offered)
        result.push_back(s.capacity);
    return result;
}

struct BookingHall : qh::test::TestHall
{
    explicit BookingHall(std::int64_t startMs = shanghai("2026-11-25 10:00"))
        : TestHall(bookingHallFile(), startMs)
    {
    }

    AppointmentDesk& desk() { return service->engine().appointments(); }
    Appointment book(const char* slot, const QString& phone = kPhone)
    {
        return service->book(u"id-card"_s, shanghai(slot), phone, u"zh"_s, actor);
    }
    Event lastEvent() { return store->eventsSince(store->lastEventSeq() - 1, 1).front(); }
};

} // namespace

TEST_CASE("a slot's capacity is the service's share of its windows' time over its standard time")
{
    BookingHall h;
    const HallConfig& hall = h.service->hall();
    const WorkingCalendar& calendar = h.service->engine().calendar();
    // id-card: 1/1.4 of window 1 (primary) and 0.4/1.4 of window 2 (secondary) = one window's
    // time; half of it, 30 minutes over 10 minutes' service: 1.5 appointments a slot, 6 slots in
    // the morning and 7 before the 16:30 cut-off.
    const std::vector<Slot> thursday =
        slotCapacities(hall, calendar, u"id-card"_s, isoDay("2026-11-26"));
    CHECK(capacities(thursday) ==
          std::vector<int>{1, 2, 1, 2, 1, 2, 1, 2, 1, 2, 1, 2, 1}); // 19 in all
    CHECK(thursday.front().start == shanghai("2026-11-26 09:00"));
    CHECK(thursday.back().end == shanghai("2026-11-26 16:30"));
    CHECK(thursday[6].start == shanghai("2026-11-26 13:00"));
    // No share: no slots on a working day; the weekend and a public holiday have none either.
    CHECK(slotCapacities(hall, calendar, u"invoice"_s, isoDay("2026-11-26")).empty());
    CHECK(slotCapacities(hall, calendar, u"id-card"_s, isoDay("2026-11-28")).empty());
    h.service->importCalendar(qh::test::calendarFile2026(), h.actor);
    CHECK(slotCapacities(hall, calendar, u"id-card"_s, isoDay("2026-10-01")).empty()); // 国庆
    // The appointments-only holiday session on 2027-01-02 gives window 1's whole time: id-card
    // 1/1.4 × 30 / 10 = 2.14 a slot, residence 0.4/1.4 × 30 / 5 = 1.71 a slot; invoice none.
    CHECK(capacities(slotCapacities(hall, calendar, u"id-card"_s, isoDay("2027-01-02"))) ==
          std::vector<int>{2, 2, 2, 2, 2, 2});
    CHECK(capacities(slotCapacities(hall, calendar, u"residence"_s, isoDay("2027-01-02"))) ==
          std::vector<int>{1, 2, 2, 1, 2, 2});
    CHECK(slotCapacities(hall, calendar, u"invoice"_s, isoDay("2027-01-02")).empty());
}

TEST_CASE("the booking calendar runs from today's slots still ahead to the horizon")
{
    BookingHall h; // Wednesday 2026-11-25 10:00
    const std::vector<BookingDay> days = h.desk().days(u"id-card"_s);
    REQUIRE(days.size() == 15);
    CHECK(days[0].offered.size() == 10); // 10:30 onwards
    CHECK(days[0].offered.front().start == shanghai("2026-11-25 10:30"));
    CHECK(days[1].offered.size() == 13);
    CHECK(days[3].offered.empty());                                       // Saturday
    CHECK(h.desk().bookable(*h.service->hall().service(u"residence"_s))); // the holiday session
    CHECK(refusal([&] { h.desk().days(u"invoice"_s); }) == EngineError::Code::NotFound);
}

TEST_CASE("booking fills a slot, keeps to the number's limits and frees the slot on cancel")
{
    BookingHall h;
    const Appointment a = h.book("2026-11-26 09:00");
    CHECK(a.code.size() == AppointmentDesk::kCodeLength);
    CHECK(a.state == AppointmentState::Booked);
    CHECK(h.lastEvent().type == u"appointment.booked"_s);
    CHECK(h.lastEvent().data[u"phone"_s].toString() == u"138****8000"_s);
    // The 09:00 slot holds 1: full for anyone else.
    CHECK(refusal([&] { h.book("2026-11-26 09:00", u"13912345678"_s); }) ==
          EngineError::Code::SlotFull);
    // Two on one day per number, three open in all.
    h.book("2026-11-26 09:30");
    CHECK(refusal([&] { h.book("2026-11-26 10:00"); }) == EngineError::Code::BookingLimit);
    h.book("2026-11-27 09:30");
    CHECK(refusal([&] { h.book("2026-11-30 09:30"); }) == EngineError::Code::BookingLimit);
    // Bad input.
    CHECK(refusal([&] { h.book("2026-11-26 09:10", u"13912345678"_s); }) ==
          EngineError::Code::NotFound); // not a slot's start
    CHECK(refusal([&] { h.book("2026-12-30 09:00", u"13912345678"_s); }) ==
          EngineError::Code::NotFound); // past the horizon
    CHECK(refusal([&] { h.book("2026-11-25 09:30", u"13912345678"_s); }) ==
          EngineError::Code::NotFound); // already begun
    CHECK(refusal([&] { h.book("2026-11-26 10:00", u"12345"_s); }) == EngineError::Code::Invalid);

    // Cancel with the code and the number; a wrong number is as unknown as a wrong code.
    CHECK(refusal([&] { h.service->cancelAppointment(a.code, u"13912345678"_s, h.actor); }) ==
          EngineError::Code::NotFound);
    const Appointment cancelled = h.service->cancelAppointment(a.code, kPhone, h.actor);
    CHECK(cancelled.state == AppointmentState::Cancelled);
    CHECK(refusal([&] { h.service->cancelAppointment(a.code, kPhone, h.actor); }) ==
          EngineError::Code::WrongState);
    CHECK(h.book("2026-11-26 09:00", u"13912345678"_s).state == AppointmentState::Booked);
}

TEST_CASE("check-in: too early, on time with its ticket, again, late within the grace, too late")
{
    BookingHall h;
    const Appointment a = h.book("2026-11-26 09:30");
    const Appointment b = h.book("2026-11-26 10:00");
    const Appointment c = h.book("2026-11-27 10:00", u"13912345678"_s);
    const Appointment d = h.book("2026-11-26 11:00", u"13912345678"_s);
    h.service->cancelAppointment(d.code, u"13912345678"_s, h.actor);

    h.clock.set(shanghai("2026-11-26 08:55"));
    try {
        h.service->checkIn(a.code, {}, h.actor);
        FAIL("checked in too early");
    } catch (const EngineError& e) {
        CHECK(e.code() == EngineError::Code::TooEarly);
        CHECK(e.details()[u"checkInFrom"_s].toString().startsWith(u"2026-11-26T09:00"_s));
    }
    CHECK(refusal([&] { h.service->checkIn(c.code, {}, h.actor); }) == EngineError::Code::OtherDay);
    CHECK(refusal([&] { h.service->checkIn(d.code, {}, h.actor); }) ==
          EngineError::Code::Cancelled);
    CHECK(refusal([&] { h.service->checkIn(u"1234567890"_s, {}, h.actor); }) ==
          EngineError::Code::NotFound);

    h.clock.set(shanghai("2026-11-26 09:05"));
    const TicketView t = h.service->checkIn(a.code, u"en"_s, h.actor);
    CHECK(t.ticket.state == TicketState::Issuing);
    CHECK(t.ticket.appointmentAt == shanghai("2026-11-26 09:30"));
    CHECK(t.ticket.phone == kPhone);
    CHECK(t.ticket.lang == u"en"_s);
    CHECK(h.store->appointment(a.id)->state == AppointmentState::CheckedIn);
    // The same kiosk asking again before printing gets the same ticket; another is refused.
    CHECK(h.service->checkIn(a.code, {}, h.actor).ticket.id == t.ticket.id);
    CHECK(refusal([&] {
              h.service->checkIn(a.code, {}, {u"k"_s, u"kiosk#9"_s});
          }) == EngineError::Code::AlreadyCheckedIn);
    // A print that failed voids the ticket and opens the booking again.
    h.service->voidTicket(t.ticket.id, u"out of paper"_s, h.actor);
    CHECK(h.store->appointment(a.id)->state == AppointmentState::Booked);
    CHECK(h.lastEvent().type == u"appointment.reopened"_s);
    const TicketView again = h.service->checkIn(a.code, {}, h.actor);
    h.service->confirmPrinted(again.ticket.id, h.actor);
    CHECK(refusal([&] { h.service->checkIn(a.code, {}, h.actor); }) ==
          EngineError::Code::AlreadyCheckedIn);

    h.clock.set(shanghai("2026-11-26 10:15")); // the grace's last minute
    CHECK(h.service->checkIn(b.code, {}, h.actor).ticket.appointmentAt ==
          shanghai("2026-11-26 10:00"));
    const Appointment e = h.book("2026-11-26 10:30", u"13912345678"_s);
    h.clock.set(shanghai("2026-11-26 10:46"));
    CHECK(refusal([&] { h.service->checkIn(e.code, {}, h.actor); }) == EngineError::Code::TooLate);
}

TEST_CASE("a booking not checked in by the grace end is a no-show, once")
{
    BookingHall h;
    const Appointment a = h.book("2026-11-26 09:30");
    h.clock.set(shanghai("2026-11-26 09:45"));
    CHECK(h.service->markNoShows(h.actor) == 0); // the grace's end itself
    h.clock.set(shanghai("2026-11-26 09:46"));
    CHECK(h.service->markNoShows(h.actor) == 1);
    CHECK(h.store->appointment(a.id)->state == AppointmentState::NoShow);
    CHECK(h.lastEvent().type == u"appointment.no_show"_s);
    CHECK(h.service->markNoShows(h.actor) == 0);
    CHECK(refusal([&] { h.service->checkIn(a.code, {}, h.actor); }) == EngineError::Code::TooLate);
}

TEST_CASE("a window calls at most two due appointments in a row while a walk-in waits past 20 min")
{
    BookingHall h(shanghai("2026-11-26 09:00"));
    const Appointment a1 = h.book("2026-11-26 09:30");
    const Appointment a2 = h.book("2026-11-26 09:30", u"13912345678"_s);
    const Appointment a3 = h.book("2026-11-26 10:00", u"13912345678"_s);
    const Ticket walkIn = h.take(u"id-card"_s);
    const auto checkIn = [&](const Appointment& a, const char* at) {
        h.clock.set(shanghai(at));
        h.service->confirmPrinted(h.service->checkIn(a.code, {}, h.actor).ticket.id, h.actor);
    };
    checkIn(a1, "2026-11-26 09:20");
    checkIn(a2, "2026-11-26 09:25");
    checkIn(a3, "2026-11-26 09:40");
    h.clock.set(shanghai("2026-11-26 10:00")); // every appointment due, the walk-in 60 min in
    const auto callAndFinish = [&] {
        const std::optional<Ticket> t = h.service->callNext(1, h.actor);
        REQUIRE(t);
        h.service->start(1, h.actor);
        h.service->complete(1, h.actor);
        return *t;
    };
    CHECK(callAndFinish().appointmentAt == shanghai("2026-11-26 09:30"));
    CHECK(callAndFinish().appointmentAt == shanghai("2026-11-26 09:30"));
    CHECK(callAndFinish().id == walkIn.id); // the cap
    CHECK(callAndFinish().appointmentAt == shanghai("2026-11-26 10:00"));
}

TEST_CASE("a booking's SMS: the confirmation with its code, two reminders, and the cancellation")
{
    BookingHall h;
    const Appointment a = h.book("2026-11-27 09:30");
    std::vector<OutboxMessage> queued;
    for (std::int64_t id = 1; const std::optional<OutboxMessage> m = h.store->outboxMessage(id);
         ++id)
        queued.push_back(*m);
    REQUIRE(queued.size() == 3);
    CHECK(queued[0].kind == u"booked"_s);
    CHECK(queued[0].body.contains(a.code));
    CHECK(queued[0].body.contains(u"11月27日 09:30"_s));
    CHECK(queued[0].body.contains(h.service->hall().service(u"id-card"_s)->name.zh));
    CHECK(queued[1].kind == u"reminder"_s);
    CHECK(queued[1].notBefore == shanghai("2026-11-26 09:30"));
    CHECK(queued[2].notBefore == shanghai("2026-11-27 08:30"));

    h.service->cancelAppointment(a.code, kPhone, h.actor);
    const std::optional<OutboxMessage> cancel = h.store->outboxMessage(4);
    REQUIRE(cancel);
    CHECK(cancel->kind == u"booking_cancelled"_s);
    // The reminders of a cancelled booking are not sent.
    h.clock.set(shanghai("2026-11-26 09:31"));
    const std::optional<OutboxMessage> next = h.service->nextMessage(h.actor);
    REQUIRE(next);
    CHECK(next->kind == u"booked"_s);
    h.service->messageSent(next->id, {1}, h.actor);
    CHECK(h.service->nextMessage(h.actor)->kind == u"booking_cancelled"_s);
    CHECK(h.store->outboxMessage(2)->state == OutboxMessage::State::Cancelled);
}

TEST_CASE("a check-in over the lunch break is told when the hall opens again")
{
    BookingHall h;
    const Appointment a = h.book("2026-11-26 13:00");
    h.clock.set(shanghai("2026-11-26 12:40")); // within 30 minutes of the slot, but closed
    try {
        h.service->checkIn(a.code, {}, h.actor);
        FAIL("checked in while the hall is closed");
    } catch (const EngineError& e) {
        CHECK(e.code() == EngineError::Code::TooEarly);
        CHECK(e.details()[u"checkInFrom"_s].toString().startsWith(u"2026-11-26T13:00"_s));
    }
    CHECK(h.store->appointment(a.id)->state == AppointmentState::Booked);
    h.clock.set(shanghai("2026-11-26 13:00"));
    CHECK(h.service->checkIn(a.code, {}, h.actor).ticket.appointmentAt ==
          shanghai("2026-11-26 13:00"));
}

TEST_CASE("a hall change that closes a booked day cancels those bookings and texts them")
{
    BookingHall h;
    const Appointment closed = h.book("2026-11-27 09:30");
    const Appointment kept = h.book("2026-11-26 10:00", u"13912345678"_s);
    QJsonObject file = QJsonDocument::fromJson(h.store->hallSource()).object();
    QJsonObject hours = file[u"hours"_s].toObject();
    hours.insert(u"closures"_s,
                 QJsonArray{QJsonObject{{u"date"_s, u"2026-11-27"_s},
                                        {u"reason"_s, QJsonObject{{u"zh"_s, u"停电检修"_s},
                                                                  {u"en"_s, u"Power works"_s}}}}});
    file.insert(u"hours"_s, hours);
    const QByteArray source = QJsonDocument(file).toJson();
    h.service->changeHall(qh::db::parseHallConfig(source), source, {}, h.actor);
    CHECK(h.store->appointment(closed.id)->state == AppointmentState::Cancelled);
    CHECK(h.store->appointment(kept.id)->state == AppointmentState::Booked);
    const Event e = h.lastEvent();
    CHECK(e.type == u"appointment.cancelled"_s);
    CHECK(e.data[u"reason"_s].toString() == u"the hall no longer offers this slot"_s);
    std::optional<OutboxMessage> last;
    for (std::int64_t id = 1; const std::optional<OutboxMessage> m = h.store->outboxMessage(id);
         ++id)
        last = m;
    REQUIRE(last);
    CHECK(last->kind == u"booking_cancelled"_s);
    CHECK(last->phone == kPhone);
    CHECK(last->body.contains(u"11月27日 09:30"_s));
}
