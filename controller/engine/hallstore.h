// The storage the engine and the application service work through, and its units of work:
// db::Store keeps the hall in SQLite, MemoryStore in memory (engine tests, the simulator).
#pragma once

#include "domain.h"
#include "hall.h"

#include <cstdint>
#include <map>
#include <optional>
#include <stdexcept>
#include <utility>
#include <vector>

#include <QString>

namespace qh::engine {

// The store failed (a full disk, an I/O error): whatever the unit of work did is undone.
class StoreError : public std::runtime_error
{
public:
    using std::runtime_error::runtime_error;
};

class HallStore
{
public:
    virtual ~HallStore() = default;

    // A unit of work: one transaction that holds the write lock from its start, with nested
    // savepoints inside it (see Transaction and Savepoint below).
    virtual void begin() = 0;
    virtual void commit() = 0;
    virtual void rollback() = 0;
    virtual void savepoint() = 0;
    virtual void releaseSavepoint() = 0;
    // Undoes everything since the newest savepoint, and releases it.
    virtual void rollbackToSavepoint() = 0;
    // False outside a transaction, and after a failure that ended it (a full disk, say).
    virtual bool inTransaction() = 0;

    virtual HallConfig loadHall() = 0;
    // The hall file the hall runs on, as JSON.
    virtual QByteArray hallSource() = 0;
    // Runs the hall on another configuration: departments, services and windows are updated or
    // added, the windows' services replaced; what the new one leaves out stays in the store for
    // the tickets and cases that name it.
    virtual void replaceHall(const HallConfig& hall, const QByteArray& sourceJson) = 0;
    // Every ticket not yet finished (issuing, waiting, called, serving, held).
    virtual std::vector<Ticket> activeTickets() = 0;

    virtual std::optional<Ticket> ticket(std::int64_t id) = 0;
    virtual std::optional<Ticket> activeTicketByNumber(const QString& number) = 0;
    virtual std::optional<Ticket> ticketByStatusCode(const QString& code) = 0;
    // Returns the new ticket's id.
    virtual std::int64_t insertTicket(const Ticket& ticket) = 0;
    // Writes what a ticket's life changes: target window, state, times, window, calls, reason.
    virtual void updateTicket(const Ticket& ticket) = 0;
    // The ticket the window finished serving last (its rating pad rates it).
    virtual std::optional<Ticket> lastCompletedAt(int window) = 0;
    // A citizen's rating (see Rating) of a finished ticket, or of a case.
    virtual std::optional<int> rating(std::int64_t ticketId) = 0;
    virtual std::optional<int> caseRating(const QString& serial) = 0;
    // Returns the new rating's id.
    virtual std::int64_t addRating(const Rating& rating) = 0;

    // The follow-ups of 差评 (see FollowUp). Returns the new follow-up's id.
    virtual std::int64_t insertFollowUp(const FollowUp& f) = 0;
    // Writes what a follow-up's life changes: state, texts, times, overdue.
    virtual void updateFollowUp(const FollowUp& f) = 0;
    virtual std::optional<FollowUp> followUp(std::int64_t id) = 0;
    // Open, contacted and appealed follow-ups, by due day, then id.
    virtual std::vector<FollowUp> pendingFollowUps() = 0;
    // The audit trail's events of one follow-up (their data's "followUp"), in order.
    virtual std::vector<Event> followUpEvents(std::int64_t id) = 0;

    // Waiting tickets that the window may call (of a service it serves, or reserved for it).
    virtual std::vector<Ticket> callableBy(int window) = 0;
    // The waiting tickets of one service.
    virtual std::vector<Ticket> waitingFor(const QString& serviceId) = 0;
    // How many tickets wait for each service that has any.
    virtual std::vector<std::pair<QString, int>> waitingCounts() = 0;
    virtual std::vector<Ticket> issuingOlderThan(std::int64_t at) = 0;
    // How many tickets of the day are in each state.
    virtual std::vector<std::pair<TicketState, int>> countByState(const QString& serviceDay) = 0;

    // The sequence of the day's latest ticket with this prefix; 0 before the first.
    virtual int lastSequence(const QString& serviceDay, const QString& prefix) = 0;
    virtual std::optional<IdempotentIssue> idempotentIssue(const QString& device,
                                                           const QString& key) = 0;
    virtual void saveIdempotentIssue(const QString& device, const QString& key,
                                     const IdempotentIssue& issue, std::int64_t atMs) = 0;
    virtual bool isNumberActive(const QString& number) = 0;

    // A window's state; its current ticket is the one called or being served there.
    virtual WindowState window(int number) = 0;
    virtual std::vector<WindowState> windows() = 0; // by number
    virtual void setPaused(int window, bool paused) = 0;
    virtual void setAppointmentStreak(int window, int streak) = 0;
    // Signs a clerk in at the window (or nobody out, with nullopt).
    virtual void setClerk(int window, std::optional<std::int64_t> staffId, std::int64_t atMs) = 0;

    // Every year of the working calendar, as its file was imported, by year.
    virtual std::vector<QByteArray> calendarYears() = 0;
    // Adds a year, or replaces the year already there.
    virtual void saveCalendarYear(int year, const QByteArray& content, std::int64_t atMs) = 0;

    // Cases (办件). Returns the new case's id.
    virtual std::int64_t insertCase(const Case& c) = 0;
    // Writes what a case's life changes: state, days, escalation, result, reason, lookups.
    virtual void updateCase(const Case& c) = 0;
    virtual std::optional<Case> caseBySerial(const QString& serial) = 0;
    // The highest sequence of a serial stem; 0 before the first.
    virtual int lastCaseSequence(const QString& stem) = 0;
    // Accepted and suspended cases, of one window or all, by due day, then id.
    virtual std::vector<Case> openCases(std::optional<int> window) = 0;
    // The cases accepted from `from` to `to`, both included, by id.
    virtual std::vector<Case> casesAccepted(const QDate& from, const QDate& to) = 0;
    // The audit trail's events of one case (their data's "case"), in order.
    virtual std::vector<Event> caseEvents(const QString& serial) = 0;

    // Whether any case was accepted from the ticket.
    virtual bool ticketHasCase(std::int64_t ticketId) = 0;

    // The SMS outbox. Returns the new message's id.
    virtual std::int64_t insertOutbox(const OutboxMessage& message) = 0;
    virtual std::optional<OutboxMessage> outboxMessage(std::int64_t id) = 0;
    // Writes what sending changes: state, attempts, not before, times, failure, parts.
    virtual void updateOutbox(const OutboxMessage& message) = 0;
    // The queued message to send next at `atMs`: the most urgent, then the oldest.
    virtual std::optional<OutboxMessage> nextOutbox(std::int64_t atMs) = 0;
    // When the earliest queued message may be sent.
    virtual std::optional<std::int64_t> nextOutboxAt() = 0;
    // Messages sent to a number and not yet delivered, newest first.
    virtual std::vector<OutboxMessage> sentOutboxTo(const QString& phone, int limit) = 0;
    // The newest message of a kind queued for a number since `sinceMs`.
    virtual std::optional<OutboxMessage> lastOutboxTo(const QString& phone, const QString& kind,
                                                      std::int64_t sinceMs) = 0;
    virtual bool hasOutbox(std::int64_t ticketId, const QString& kind) = 0;
    // How many messages are in a state, of those queued since `sinceMs`.
    virtual int outboxCount(OutboxMessage::State state, std::int64_t sinceMs) = 0;
    // Opt-outs by the number's hash: when the number opted out, if it did.
    virtual std::optional<std::int64_t> optedOutAt(const QString& phoneHash) = 0;
    virtual void addOptOut(const QString& phoneHash, std::int64_t atMs) = 0;
    // Erases the numbers of tickets issued and messages queued before `beforeMs`; returns how
    // many rows held one.
    virtual int purgePhones(std::int64_t beforeMs) = 0;

    virtual std::vector<std::pair<QString, ServiceStat>> serviceStats() = 0;
    virtual void saveServiceStat(const QString& serviceId, const ServiceStat& stat) = 0;

    virtual std::int64_t addDevice(const Device& device, const QString& tokenHash) = 0;
    virtual std::vector<Device> devices() = 0; // by id
    virtual std::optional<Device> device(std::int64_t id) = 0;
    virtual std::optional<Device> activeDeviceByTokenHash(const QString& tokenHash) = 0;
    virtual void revokeDevice(std::int64_t id, std::int64_t atMs) = 0;

    // Appointments (预约). Returns the new appointment's id.
    virtual std::int64_t insertAppointment(const Appointment& a) = 0;
    // Writes what an appointment's life changes: state, ticket, finished, phone.
    virtual void updateAppointment(const Appointment& a) = 0;
    virtual std::optional<Appointment> appointment(std::int64_t id) = 0;
    virtual std::optional<Appointment> appointmentByCode(const QString& code) = 0;
    virtual std::optional<Appointment> appointmentByTicket(std::int64_t ticketId) = 0;
    // How many appointments of a service, not cancelled, begin at each slot start in
    // [fromMs, toMs).
    virtual std::map<std::int64_t, int> bookedSlots(const QString& serviceId, std::int64_t fromMs,
                                                    std::int64_t toMs) = 0;
    // A number's appointments not cancelled: on a day; and booked ones beginning at or after
    // `fromMs`.
    virtual int bookingsOn(const QString& phone, const QDate& day) = 0;
    virtual int openBookings(const QString& phone, std::int64_t fromMs) = 0;
    // Booked appointments whose slot begins in [fromMs, toMs), by slot.
    virtual std::vector<Appointment> bookedBetween(std::int64_t fromMs, std::int64_t toMs) = 0;
    // The appointments of a day, by slot, then id.
    virtual std::vector<Appointment> appointmentsOn(const QDate& day) = 0;

    virtual std::int64_t insertNotice(const Notice& notice) = 0;
    virtual void withdrawNotice(std::int64_t id, std::int64_t atMs) = 0;
    virtual std::optional<Notice> notice(std::int64_t id) = 0;
    // The notices not yet ended at the time and not withdrawn, by start.
    virtual std::vector<Notice> currentNotices(std::int64_t atMs) = 0;

    virtual std::int64_t addStaff(const StaffMember& member) = 0;
    // Writes every field but the id and the staff number.
    virtual void updateStaff(const StaffMember& member) = 0;
    virtual std::vector<StaffMember> staff() = 0; // by staff number
    virtual std::optional<StaffMember> staffMember(std::int64_t id) = 0;
    virtual std::optional<StaffMember> staffByNumber(const QString& number) = 0;
    // Whether any active account has the clerk role: then every window needs one to call.
    virtual bool hasActiveClerks() = 0;

    // Appends to the audit trail; returns the event's seq (1, 2, 3, ...).
    virtual std::int64_t appendEvent(const Event& event) = 0;
    virtual std::vector<Event> eventsSince(std::int64_t seq, int limit) = 0;
    virtual std::int64_t lastEventSeq() = 0;
    // The newest calls and recalls, newest first.
    virtual std::vector<Event> recentCalls(int limit) = 0;
    // When event `seq` was written, if the trail holds it.
    virtual std::optional<std::int64_t> eventTime(std::int64_t seq) = 0;

    // The last event of the trail that the city's copy holds (docs/city.md).
    virtual std::int64_t cityAcknowledged() = 0;
    virtual void setCityAcknowledged(std::int64_t seq) = 0;
};

// The hall's first event, written with the hall into a new store.
Event hallInitialisedEvent(const HallConfig& hall, const QString& actor, std::int64_t atMs);

// begin() on construction, rollback() on destruction unless commit() was called.
class Transaction
{
public:
    explicit Transaction(HallStore& store);
    ~Transaction();
    Transaction(const Transaction&) = delete;
    Transaction& operator=(const Transaction&) = delete;
    void commit();

private:
    HallStore& m_store;
    bool m_done = false;
};

// A savepoint inside a transaction: release() keeps its changes; destruction without it undoes
// them and leaves the rest of the transaction as it was.
class Savepoint
{
public:
    explicit Savepoint(HallStore& store);
    ~Savepoint();
    Savepoint(const Savepoint&) = delete;
    Savepoint& operator=(const Savepoint&) = delete;
    void release();

private:
    HallStore& m_store;
    bool m_done = false;
};

} // namespace qh::engine
