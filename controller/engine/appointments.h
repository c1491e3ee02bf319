// Appointments (预约): the slots a service offers with their capacity, booking within the hall's
// limits, cancelling, the check-in rules at the kiosk and no-shows. Runs inside the application
// service's unit of work, like the queue engine.
#pragma once

#include "calendar.h"
#include "clock.h"
#include "hallstore.h"

#include <optional>
#include <vector>

#include <QDate>
#include <QRandomGenerator>
#include <QString>

namespace qh::engine {

class AuditTrail;
struct Actor;

struct Slot
{
    std::int64_t start = 0; // ms since epoch
    std::int64_t end = 0;
    int capacity = 0;
    int booked = 0; // appointments not cancelled

    int free() const { return capacity > booked ? capacity - booked : 0; }
};

// One day of a service's booking calendar.
struct BookingDay
{
    QDate date;
    const HolidaySession* session = nullptr; // the holiday session held that day, if any
    std::vector<Slot> offered;               // empty when the service takes no bookings that day
};

// The slots of a service on a day, with their capacity and nothing booked yet (see
// docs/appointments.md): every slotMinutes from each opening period's start, ending by its
// cut-off. A window serving the service gives it its share of the window's time (the service's
// weight over the weights of all it serves), times the service's appointment share (the whole
// time in an appointments-only holiday session, whose windows alone count), over the service's
// standard minutes. The fractions add up over the day: a slot's capacity is the whole
// appointments reached by its end less those reached by its start.
std::vector<Slot> slotCapacities(const HallConfig& hall, const WorkingCalendar& calendar,
                                 const QString& serviceId, const QDate& day);

// What the kiosk does with an appointment's code now (see docs/appointments.md).
enum class CheckInVerdict {
    OnTime,           // from earlyMinutes before the slot to its start: a ticket
    Late,             // within graceMinutes after the start: still a ticket
    TooEarly,         // come back at the start less earlyMinutes
    TooLate,          // past the grace: a walk-in ticket is offered
    AlreadyCheckedIn, // its ticket was printed
    Cancelled,
    OtherDay // a booking for another day
};
CheckInVerdict checkInVerdict(const Appointment& a, const AppointmentPolicy& policy,
                              const QDate& today, std::int64_t nowMs);
QString toString(CheckInVerdict verdict); // "on_time", "too_early", ...

class AppointmentDesk
{
public:
    static constexpr int kCodeLength = 10;

    AppointmentDesk(HallStore& store, const Clock& clock, AuditTrail& trail,
                    QRandomGenerator& random, const HallConfig& hall,
                    const WorkingCalendar& calendar);

    // Whether the service takes bookings on some day: an appointment share, or a window in an
    // appointments-only holiday session.
    bool bookable(const Service& service) const;
    // Today and the horizon's days, with the slots still to start and what is booked of them.
    std::vector<BookingDay> days(const QString& serviceId);
    // Books the slot beginning at slotStart for the number (a mainland mobile). Refused: an
    // unknown service or slot, a full slot (slot_full), a number at its limits
    // (booking_limit).
    Appointment book(const QString& serviceId, std::int64_t slotStart, const QString& phone,
                     const QString& lang, const Actor& actor);
    // The booking with this code made with this number; not_found alike for either wrong.
    Appointment find(const QString& code, const QString& phone);
    // Cancels a booking not yet due (checked in, past or cancelled: wrong_state).
    Appointment cancel(const QString& code, const QString& phone, const Actor& actor);
    // After a change of the hall or its calendar: cancels each booking still to come whose slot
    // the hall no longer offers (its service gone, the day closed, the hours or session moved),
    // with an event that texts the citizen; returns how many. A slot with fewer places than
    // booked keeps its bookings.
    int cancelStranded(const Actor& actor);
    // Marks each booking not checked in by the end of its grace period as a no-show, with an
    // event; returns how many.
    int markNoShows(const Actor& actor);
    // The ticket issued at check-in was voided (the print failed): the booking may check in
    // again.
    void ticketVoided(const Ticket& ticket, const Actor& actor);
    // Records the check-in of a booking with the ticket issued for it.
    void checkedIn(Appointment a, const Ticket& ticket, const Actor& actor);

private:
    void requireBookable(const QString& serviceId) const; // not_found unless bookable()
    // The day's slots of the service still to start, with what is booked of them.
    BookingDay offeredOn(const QString& serviceId, const QDate& date);
    QString newCode();
    QDate today() const;
    void record(const QString& type, const Actor& actor, const Appointment& a,
                std::optional<std::int64_t> ticketId = std::nullopt, const QString& reason = {});

    HallStore& m_store;
    const Clock& m_clock;
    AuditTrail& m_trail;
    QRandomGenerator& m_random;
    const HallConfig& m_hall;
    const WorkingCalendar& m_calendar;
};

} // namespace qh::engine
