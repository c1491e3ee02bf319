// The queue engine: the whole ticket lifecycle, run inside the application service's unit of work.
#pragma once

#include "appointments.h"
#include "calendar.h"
#include "cases.h"
#include "clock.h"
#include "followups.h"
#include "hallstore.h"
#include "hours.h"
#include "messages.h"
#include "prediction.h"

#include <optional>
#include <stdexcept>
#include <vector>

#include <QDateTime>
#include <QJsonObject>
#include <QRandomGenerator>
#include <QString>

namespace qh::engine {

// A refused operation. The code is stable (API error codes); the message says what was wrong.
class EngineError : public std::runtime_error
{
public:
    enum class Code {
        NotFound,
        WrongState,
        NotServing,
        IssuingClosed,
        Invalid,
        NumbersExhausted,
        KeyReused,
        NoClerk,      // the window needs a clerk signed in to call
        SlotFull,     // an appointment slot is fully booked
        BookingLimit, // the phone number has as many bookings as the hall allows
        // A booking's check-in refused, see CheckInVerdict; and its service not served today.
        TooEarly,
        TooLate,
        AlreadyCheckedIn,
        Cancelled,
        OtherDay,
        WrongService
    };
    // `details` tell a device what to show (a check-in refusal: the booking, when to come back).
    EngineError(Code code, const QString& message, QJsonObject details = {});
    Code code() const { return m_code; }
    QString codeName() const;
    QString message() const { return QString::fromUtf8(what()); }
    const QJsonObject& details() const { return m_details; }

private:
    Code m_code;
    QJsonObject m_details;
};

// Throws the EngineError: every refusal of the engine goes through here.
[[noreturn]] void refuse(EngineError::Code code, const QString& message, QJsonObject details = {});

// Who asks, and through which device; both go into the audit trail.
struct Actor
{
    QString who = QStringLiteral("system");
    QString device = QStringLiteral("controller");
};

struct IssueRequest
{
    QString serviceId;
    Priority priority = Priority::Normal;
    QString phone;
    QString lang = QStringLiteral("zh");
    std::optional<std::int64_t> appointmentAt; // ms since epoch; must fall on today
    // A retried request with the same key from the same device gets the same ticket.
    QString idempotencyKey;
};

// A ticket with the people ahead of it and its estimated wait (while it waits).
struct TicketView
{
    Ticket ticket;
    int ahead = 0;
    std::optional<double> estimatedWaitSeconds;
};

struct WindowStatus
{
    const Window* window = nullptr;
    bool paused = false;
    std::optional<Ticket> current;
    std::optional<StaffMember> clerk; // signed in there
};

struct ServiceQueue
{
    const Service* service = nullptr;
    bool open = false; // a ticket for it can be taken now (appointments only, in such a session)
    int waiting = 0;
    std::optional<double> estimatedWaitSeconds; // for a ticket taken now
};

struct HallStatus
{
    QDateTime localTime;
    QString serviceDay;
    IssuingState issuing;
    bool overtime = false; // past closing with tickets still to serve
    std::vector<WindowStatus> windows;
    std::vector<ServiceQueue> queues; // every service, in hall order
    std::vector<Notice> notices;      // not yet ended nor withdrawn, by start
    bool signInRequired = false;      // the hall has clerks: a window calls with one signed in
    std::vector<std::pair<TicketState, int>> today;
    // What a technician should fix: a year without a working calendar, a holiday session on a
    // working day.
    std::vector<QString> warnings;
};

// Where the engine's events go: the application service's audit trail, inside the unit of work
// that the operation runs in.
class AuditTrail
{
public:
    virtual ~AuditTrail() = default;
    virtual void record(Event event) = 0;
};

// Each operation reads and writes through the store without opening a transaction of its own:
// the caller (the application service) runs it in a unit of work and commits or rolls back.
class QueueEngine
{
public:
    static constexpr std::int64_t kRatingWindowMs = 10 * 60 * 1000;

    // Loads the hall the store was initialised with; status codes are drawn from `random`.
    QueueEngine(HallStore& store, const Clock& clock, AuditTrail& trail, QRandomGenerator& random);

    const HallConfig& hall() const { return m_hall; }
    const WorkingCalendar& calendar() const { return m_calendar; }
    // The cases (办件) accepted at the windows, on the same store, trail and calendar.
    CaseDesk& cases() { return m_cases; }
    // The SMS to applicants and their replies, on the same store, trail and clock.
    MessageDesk& messages() { return m_messages; }
    // The follow-ups of 差评, on the same store, trail and calendar.
    FollowUpDesk& followUps() { return m_followUps; }
    // Booking and no-shows, on the same store, trail, hall and calendar.
    AppointmentDesk& appointments() { return m_appointments; }

    // Two-phase issue: a ticket in `issuing` that is never called until confirmed as printed.
    // With an idempotency key, a repeated request returns the ticket the first one issued; a
    // repeated confirmation returns the ticket as it is now (a voided one is refused).
    TicketView issue(const IssueRequest& request, const Actor& actor);
    Ticket confirmPrinted(std::int64_t ticketId, const Actor& actor);
    // The kiosk's check-in of a booking by its code (see CheckInVerdict): on time or late within
    // the grace, a ticket in `issuing` for the booked service with its appointment time, in
    // `lang` (empty: the booking's); else refused with the verdict's code and the booking in
    // the details. A kiosk asking again for a ticket it has not printed yet gets that ticket.
    TicketView checkIn(const QString& code, const QString& lang, const Actor& actor);
    Ticket voidTicket(std::int64_t ticketId, const QString& reason, const Actor& actor);
    // Voids tickets left in `issuing` past the policy's timeout; returns how many.
    int voidStaleIssuing(const Actor& actor);

    // Window operations.
    std::optional<Ticket> callNext(int window, const Actor& actor);
    Ticket callNumber(int window, const QString& number, const Actor& actor);
    Ticket recall(int window, const Actor& actor);
    Ticket start(int window, const Actor& actor);
    Ticket complete(int window, const Actor& actor);
    Ticket noShow(int window, const Actor& actor);
    Ticket hold(int window, const Actor& actor);
    Ticket returnHeld(int window, const QString& number, const Actor& actor);
    Ticket transferToService(int window, const QString& serviceId, const Actor& actor);
    Ticket transferToWindow(int window, int targetWindow, const Actor& actor);
    // The citizen's rating (5 非常满意 .. 1 非常不满意, see Rating) of the ticket the window
    // finished last, once per ticket and within kRatingWindowMs of its end.
    Ticket rate(int window, int rating, const Actor& actor);
    // The citizen's rating on the ticket's status page (扫码评价): while ratableOnline().
    Ticket rateOnline(const QString& statusCode, int rating, const Actor& actor);
    // Completed within the hall's ratings.onlineDays, not rated by any channel, and without a
    // case (a case is rated as the case).
    bool ratableOnline(const Ticket& ticket);
    // The applicant's rating of a case on the case page, once its lookup succeeded: while
    // ratableOnline().
    Case rateCaseOnline(const QString& serial, int rating, const Actor& actor);
    // Completed (or refused) within the hall's ratings.onlineDays and not rated by any channel.
    bool ratableOnline(const Case& c);
    // Keeps a rating its channel checked (one per ticket, or per case when `caseSerial` is
    // given), with the event `ticket.rated`; a 差评 opens its follow-up.
    void addRating(const Ticket& ticket, const QString& caseSerial, int window, int rating,
                   const QString& channel, const Actor& actor);
    void pause(int window, const Actor& actor);
    void resume(int window, const Actor& actor);

    // A clerk (checked by the caller: an active account with the clerk role) signs in at the
    // window; whoever was signed in there, and the clerk's sign-in at another window, end.
    // Once the hall has an active clerk, a window calls only with one signed in.
    void signIn(int window, const StaffMember& clerk, const Actor& actor);
    void signOut(int window, const QString& reason, const Actor& actor);
    // Signs out every clerk signed in on an earlier service day; returns how many.
    int signOutPastDays(const Actor& actor);

    // Runs the hall on another configuration, checked already against the hall file's rules,
    // without a restart. Refused, changing nothing: another time zone or hall id; leaving out a
    // service with a ticket not finished or an open case; leaving out a window with a ticket at
    // it or reserved for it, an open case or a clerk signed in. Records hall.changed with
    // `changes` (what changed, with its before and after); bookings whose slot is gone are
    // cancelled and their citizens texted (AppointmentDesk::cancelStranded).
    void changeHall(const HallConfig& next, const QByteArray& source, const QJsonArray& changes,
                    const Actor& actor);

    // A notice for the kiosk's idle screen and/or the display's ticker: Chinese text required,
    // each text at most kNoticeLength characters, ending after it starts and within a year.
    static constexpr int kNoticeLength = 200;
    Notice publishNotice(Notice notice, const Actor& actor);
    void withdrawNotice(std::int64_t id, const Actor& actor);

    // Adds a year of the working calendar from its file, or replaces the year already there;
    // bookings on a day it closes are cancelled and their citizens texted.
    CalendarYear importCalendar(const QByteArray& content, const Actor& actor);

    TicketView view(std::int64_t ticketId);
    // How many of the waiting tickets of its service go before a waiting ticket.
    int ahead(const Ticket& ticket);
    HallStatus status();
    // Warnings about the calendar as it stands today (see HallStatus::warnings).
    std::vector<QString> calendarWarnings() const;

    // The hall, the learned service times and the calendar are kept in memory too: after a
    // rollback that undid a change to them, they are read again from the store.
    std::uint64_t cacheChanges() const { return m_cacheChanges; }
    void reloadCaches();

private:
    QDateTime localNow() const;
    // Runs on this hall: the wait predictor and the caches that depend on it are made anew.
    void useHall(HallConfig hall);
    // The learned service times and the calendar, read from the store for the hall in use.
    void readCaches();
    Ticket createTicket(const IssueRequest& request, const Actor& actor);
    const Window& requireWindow(int number) const;
    Ticket requireTicket(std::int64_t id);
    Ticket currentTicket(const WindowState& window);
    // The window's state, once it may call: not paused, a clerk there if needed, nobody at it.
    WindowState requireReadyWindow(int number);
    bool serves(int window, const QString& serviceId) const;
    Ticket callTicket(Ticket ticket, int window, const Actor& actor);
    Ticket transferTo(int window, const QString& serviceId, std::optional<int> targetWindow,
                      const Actor& actor);
    static void requireRating(int rating); // 1 .. 5
    bool withinOnlineRating(std::int64_t finishedAt) const;
    Ticket finishAtWindow(Ticket ticket, TicketState state, const Actor& actor,
                          const QString& eventType);
    void record(const QString& type, const Actor& actor, const Ticket* ticket,
                std::optional<int> window, QJsonObject data = {});
    HallLoad load();
    TicketView viewOf(const Ticket& ticket);

    HallStore& m_store;
    const Clock& m_clock;
    AuditTrail& m_trail;
    QRandomGenerator& m_random;
    HallConfig m_hall;
    WaitPredictor m_predictor;
    ServiceTimes m_serviceTimes;
    WorkingCalendar m_calendar;
    CaseDesk m_cases;
    MessageDesk m_messages;
    FollowUpDesk m_followUps;
    AppointmentDesk m_appointments;
    std::uint64_t m_cacheChanges = 0;
};

} // namespace qh::engine
