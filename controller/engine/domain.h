// The domain's records: tickets and their states, devices, window state, service statistics and
// the events of the audit trail.
#pragma once

#include <cstdint>
#include <optional>

#include <QDate>
#include <QJsonObject>
#include <QString>
#include <QStringList>

namespace qh::engine {

enum class TicketState {
    Issuing,
    Waiting,
    Called,
    Serving,
    Held,
    Completed,
    Transferred,
    NoShow,
    Voided
};
enum class Priority { Normal, Green };
enum class CaseState { Accepted, Suspended, Completed, Returned, Withdrawn };
enum class CaseResult { Approved, NotApproved };
// Yellow when the configured share of the promised time is used, red when past the due date.
enum class Escalation { None, Warning, Overdue };
// A 差评's follow-up: open → contacted → rectified → closed; an appeal from open or contacted is
// upheld (the rating is annulled) or rejected (back where it was).
enum class FollowUpState { Open, Contacted, Rectified, Closed, Appealed, Annulled };
// A booking: booked → checked in (a ticket printed at the kiosk) | cancelled | no-show (not
// checked in by the end of its grace period).
enum class AppointmentState { Booked, CheckedIn, Cancelled, NoShow };

QString toString(TicketState state);
QString toString(Priority priority);
std::optional<TicketState> ticketStateFromString(const QString& text);
bool isFinal(TicketState state);
QString toString(CaseState state);
QString toString(CaseResult result);
QString toString(Escalation escalation);
std::optional<CaseState> caseStateFromString(const QString& text);
std::optional<CaseResult> caseResultFromString(const QString& text);
std::optional<Escalation> escalationFromString(const QString& text);
QString toString(FollowUpState state);
std::optional<FollowUpState> followUpStateFromString(const QString& text);
bool isOpen(CaseState state); // accepted or suspended
QString toString(AppointmentState state);
std::optional<AppointmentState> appointmentStateFromString(const QString& text);

// A mainland China mobile number as 11 digits ("13800138000"), from what a citizen typed or a
// modem reported ("+86 138-0013-8000"); nothing when it is not one.
std::optional<QString> mainlandMobile(const QString& input);
// A number as pages, tickets, logs and events show it: "138****8000".
QString maskPhone(const QString& phone);

struct Ticket
{
    std::int64_t id = 0;
    QString number; // e.g. "A012"
    QString prefix;
    int seq = 0;
    QString serviceDay; // yyyy-MM-dd in the hall's time zone
    QString serviceId;
    Priority priority = Priority::Normal;
    std::optional<std::int64_t> appointmentAt;
    std::optional<int> targetWindow; // only this window may call it (transfer to window, hold)
    TicketState state = TicketState::Issuing;
    std::int64_t issuedAt = 0; // original issue time, kept across transfers (ms since epoch)
    std::int64_t queuedAt = 0; // the time its wait is counted from
    std::optional<std::int64_t> calledAt;
    std::optional<std::int64_t> startedAt;
    std::optional<std::int64_t> finishedAt;
    std::optional<int> window;
    int calls = 0;
    QString statusCode; // public code for the status page, kept across transfers; no personal data
    QString phone;
    QString lang = QStringLiteral("zh");
    QString voidReason;
    std::optional<std::int64_t> previousId; // the entry this one was transferred from
    QString issuedBy;                       // the device that issued it
};

// An application accepted at a window (办件): its serial number, time limits and progress. The
// working days are days of the hall's working calendar.
struct Case
{
    std::int64_t id = 0;
    QString serial;     // e.g. "SHIZHONG-20261202-000017", unique forever
    QString serialStem; // the serial with its sequence left out: the sequence counts per stem
    int serialSeq = 0;
    std::int64_t ticketId = 0;
    QString serviceId;
    int window = 0;
    QString clerk; // who accepted it
    int legalDays = 0;
    int promisedDays = 0;
    std::int64_t acceptedAt = 0;
    QDate acceptedDay;
    QDate dueDay;                 // moved on by the working days spent suspended
    std::optional<QDate> warnDay; // none for a same-day case (即办件)
    CaseState state = CaseState::Accepted;
    std::optional<QDate> suspendedDay; // while suspended: the day the clock stopped
    int suspendedDays = 0;             // working days the clock stood still, in all
    Escalation escalation = Escalation::None;
    std::optional<CaseResult> result;
    QString reason; // of a suspension (while suspended), a refusal, a return or a withdrawal
    std::optional<std::int64_t> finishedAt;
    std::optional<QDate> finishedDay;
    int usedDays = 0;     // once finished: the working days it took, less those suspended
    QString passwordHash; // salted; the password itself is never stored
    int failedLookups = 0;
    std::optional<std::int64_t> lockedUntil;
};

// A ticket issued under an idempotency key, and the request it answered.
struct IdempotentIssue
{
    std::int64_t ticketId = 0;
    QString request;
};

// A citizen's rating on the national 好差评 scale: 5 非常满意, 4 满意, 3 基本满意, 2 不满意,
// 1 非常不满意 (2 and 1 are 差评). Of a ticket, or of a case accepted from it.
struct Rating
{
    std::int64_t ticketId = 0;
    QString caseSerial; // empty: the ticket's service itself
    int window = 0;
    int rating = 0;
    QString channel; // "pad", "sms" or "web" (the ticket's or the case's status page)
    std::int64_t atMs = 0;
};

// The level's name on the national scale: "非常满意" / "very satisfied" for 5 .. "非常不满意" /
// "very dissatisfied" for 1; empty for anything else.
QString ratingLevelName(int rating, const QString& lang);

// What is done about a 差评 (see docs/ratings.md): the applicant contacted, the finding, the
// rectification, the supervisor's close; or an appeal against the rating, decided by an admin.
struct FollowUp
{
    std::int64_t id = 0;
    std::int64_t ratingId = 0;
    Rating rating;
    std::int64_t openedAt = 0;
    QDate dueDay; // rectified by the end of this working day to be on time
    FollowUpState state = FollowUpState::Open;
    QString contact; // how and when the applicant was reached, what they said
    QString finding;
    QString rectification;
    std::optional<std::int64_t> rectifiedAt;
    std::optional<QDate> rectifiedDay;
    std::optional<std::int64_t> closedAt;
    QString appeal;   // why the rating is malicious or mistaken
    QString decision; // the admin's reason, upheld or rejected
    std::optional<std::int64_t> decidedAt;
    bool overdue = false; // escalated: not rectified by its due day
};

// An SMS to an applicant, from the moment it is queued to its delivery report.
struct OutboxMessage
{
    enum class State { Queued, Sent, Delivered, Failed, Cancelled };
    std::int64_t id = 0;
    QString phone; // empty once the retention has passed
    QString lang;
    QString kind; // see messages.h
    int urgency = 0;
    QString body;
    std::optional<std::int64_t> ticketId;
    QString caseSerial;
    std::optional<std::int64_t> appointmentId;
    std::optional<std::int64_t> eventSeq;
    State state = State::Queued;
    int attempts = 0;
    std::int64_t notBefore = 0;
    std::int64_t queuedAt = 0;
    std::optional<std::int64_t> sentAt;
    std::optional<std::int64_t> finishedAt;
    QString failure;
    // Each part's TP-MR and whether its delivery was reported.
    std::vector<std::pair<int, bool>> parts;
};
QString toString(OutboxMessage::State state);
std::optional<OutboxMessage::State> outboxStateFromString(const QString& text);

// A booked slot of a service (预约): the citizen checks in at the kiosk with its code.
struct Appointment
{
    std::int64_t id = 0;
    QString code; // 10 random digits: typed on the kiosk's keypad or scanned from its QR
    QString serviceId;
    QDate day;                  // in the hall's time zone
    std::int64_t slotStart = 0; // ms since epoch
    std::int64_t slotEnd = 0;
    QString phone; // 11 digits; empty once the retention has passed
    QString lang = QStringLiteral("zh");
    AppointmentState state = AppointmentState::Booked;
    std::int64_t bookedAt = 0;
    QString bookedBy; // "web" (the booking page) or the booking platform's device
    std::optional<std::int64_t> ticketId;   // once checked in
    std::optional<std::int64_t> finishedAt; // checked in, cancelled or marked a no-show
};

// A kiosk, caller, display or admin allowed to use the API.
struct Device
{
    std::int64_t id = 0;
    QString name;
    QString role;              // kiosk, caller, display, admin
    std::optional<int> window; // a caller's window
    std::int64_t createdAt = 0;
    std::optional<std::int64_t> revokedAt;
};

// A person of the hall: a clerk signs in at a window with a PIN; a department head, hall admin
// or auditor signs in to the admin pages with a password.
struct StaffMember
{
    std::int64_t id = 0;
    QString number; // the staff number (工号), unique
    QString name;
    QString department; // a department id; empty for the whole hall
    QStringList roles;  // clerk, head, admin, auditor
    QString secretHash; // argon2id of the password or PIN; never shown or logged
    int failures = 0;   // wrong secrets since the last right one
    std::int64_t lockedUntil = 0;
    std::int64_t createdAt = 0;
    std::optional<std::int64_t> disabledAt;

    bool active() const { return !disabledAt; }
    bool hasRole(const QString& role) const { return roles.contains(role); }
    // How the audit trail and the reports name the person: "1024 张三".
    QString label() const { return number + u' ' + name; }
};

// A notice for the kiosk's idle screen, the display's ticker, or both, from its start to its end.
struct Notice
{
    std::int64_t id = 0;
    QString zh;
    QString en;
    QString target; // kiosk, display, both
    std::int64_t startsAt = 0;
    std::int64_t endsAt = 0;
    std::int64_t createdAt = 0;
    std::optional<std::int64_t> withdrawnAt;

    bool shownOn(const QString& screen) const
    {
        return target == screen || target == QStringLiteral("both");
    }
    bool activeAt(std::int64_t ms) const { return startsAt <= ms && ms < endsAt && !withdrawnAt; }
};

struct WindowState
{
    int number = 0;
    bool paused = false;
    std::optional<std::int64_t> currentTicket; // the ticket called or being served there
    std::optional<std::int64_t> clerk;         // the staff member signed in there
    std::int64_t clerkSince = 0;
    int appointmentStreak = 0; // due appointments called there in a row, lately
};

struct ServiceStat
{
    int samples = 0;
    double meanSeconds = 0;
};

struct Event
{
    std::int64_t seq = 0;
    std::int64_t at = 0;
    QString type;
    QString actor;  // who: "cli", "kiosk 3", "clerk at window 15"
    QString device; // through what: a device token's name, or the host's command line
    std::optional<std::int64_t> ticketId;
    std::optional<int> window;
    QJsonObject data;
};

} // namespace qh::engine
