// The hall kept in memory: the engine tests run against it as well as against SQLite, and the
// simulator runs whole years on it. Units of work are undo journals; nothing is durable.
#pragma once

#include "hallstore.h"

#include <functional>
#include <map>
#include <set>

namespace qh::engine {

class MemoryStore : public HallStore
{
public:
    // A store holding this hall, with its first event.
    MemoryStore(const HallConfig& hall, const QString& actor, std::int64_t atMs);

    void begin() override;
    void commit() override;
    void rollback() override;
    void savepoint() override;
    void releaseSavepoint() override;
    void rollbackToSavepoint() override;
    bool inTransaction() override { return m_inTransaction; }

    HallConfig loadHall() override { return m_hall; }
    QByteArray hallSource() override { return m_hallSource; }
    void replaceHall(const HallConfig& hall, const QByteArray& sourceJson) override;
    std::vector<Ticket> activeTickets() override;

    std::optional<Ticket> ticket(std::int64_t id) override;
    std::optional<Ticket> activeTicketByNumber(const QString& number) override;
    std::optional<Ticket> ticketByStatusCode(const QString& code) override;
    std::int64_t insertTicket(const Ticket& ticket) override;
    void updateTicket(const Ticket& ticket) override;
    std::optional<Ticket> lastCompletedAt(int window) override;
    std::optional<int> rating(std::int64_t ticketId) override;
    std::optional<int> caseRating(const QString& serial) override;
    std::int64_t addRating(const Rating& rating) override;
    std::int64_t insertFollowUp(const FollowUp& f) override;
    void updateFollowUp(const FollowUp& f) override;
    std::optional<FollowUp> followUp(std::int64_t id) override;
    std::vector<FollowUp> pendingFollowUps() override;
    std::vector<Event> followUpEvents(std::int64_t id) override;

    std::vector<Ticket> callableBy(int window) override;
    std::vector<Ticket> waitingFor(const QString& serviceId) override;
    std::vector<std::pair<QString, int>> waitingCounts() override;
    std::vector<Ticket> issuingOlderThan(std::int64_t at) override;
    std::vector<std::pair<TicketState, int>> countByState(const QString& serviceDay) override;

    int lastSequence(const QString& serviceDay, const QString& prefix) override;
    std::optional<IdempotentIssue> idempotentIssue(const QString& device,
                                                   const QString& key) override;
    void saveIdempotentIssue(const QString& device, const QString& key,
                             const IdempotentIssue& issue, std::int64_t atMs) override;
    bool isNumberActive(const QString& number) override;

    WindowState window(int number) override;
    std::vector<WindowState> windows() override;
    void setPaused(int window, bool paused) override;
    void setClerk(int window, std::optional<std::int64_t> staffId, std::int64_t atMs) override;
    void setAppointmentStreak(int window, int streak) override;

    std::vector<QByteArray> calendarYears() override;
    void saveCalendarYear(int year, const QByteArray& content, std::int64_t atMs) override;

    std::int64_t insertCase(const Case& c) override;
    void updateCase(const Case& c) override;
    std::optional<Case> caseBySerial(const QString& serial) override;
    int lastCaseSequence(const QString& stem) override;
    std::vector<Case> openCases(std::optional<int> window) override;
    std::vector<Case> casesAccepted(const QDate& from, const QDate& to) override;
    std::vector<Event> caseEvents(const QString& serial) override;

    bool ticketHasCase(std::int64_t ticketId) override;

    std::int64_t insertOutbox(const OutboxMessage& message) override;
    std::optional<OutboxMessage> outboxMessage(std::int64_t id) override;
    void updateOutbox(const OutboxMessage& message) override;
    std::optional<OutboxMessage> nextOutbox(std::int64_t atMs) override;
    std::optional<std::int64_t> nextOutboxAt() override;
    std::vector<OutboxMessage> sentOutboxTo(const QString& phone, int limit) override;
    std::optional<OutboxMessage> lastOutboxTo(const QString& phone, const QString& kind,
                                              std::int64_t sinceMs) override;
    bool hasOutbox(std::int64_t ticketId, const QString& kind) override;
    int outboxCount(OutboxMessage::State state, std::int64_t sinceMs) override;
    std::optional<std::int64_t> optedOutAt(const QString& phoneHash) override;
    void addOptOut(const QString& phoneHash, std::int64_t atMs) override;
    int purgePhones(std::int64_t beforeMs) override;

    std::vector<std::pair<QString, ServiceStat>> serviceStats() override;
    void saveServiceStat(const QString& serviceId, const ServiceStat& stat) override;

    std::int64_t addDevice(const Device& device, const QString& tokenHash) override;
    std::vector<Device> devices() override;
    std::optional<Device> device(std::int64_t id) override;
    std::optional<Device> activeDeviceByTokenHash(const QString& tokenHash) override;
    void revokeDevice(std::int64_t id, std::int64_t atMs) override;

    std::int64_t insertAppointment(const Appointment& a) override;
    void updateAppointment(const Appointment& a) override;
    std::optional<Appointment> appointment(std::int64_t id) override;
    std::optional<Appointment> appointmentByCode(const QString& code) override;
    std::optional<Appointment> appointmentByTicket(std::int64_t ticketId) override;
    std::map<std::int64_t, int> bookedSlots(const QString& serviceId, std::int64_t fromMs,
                                            std::int64_t toMs) override;
    int bookingsOn(const QString& phone, const QDate& day) override;
    int openBookings(const QString& phone, std::int64_t fromMs) override;
    std::vector<Appointment> bookedBetween(std::int64_t fromMs, std::int64_t toMs) override;
    std::vector<Appointment> appointmentsOn(const QDate& day) override;
    std::int64_t insertNotice(const Notice& notice) override;
    void withdrawNotice(std::int64_t id, std::int64_t atMs) override;
    std::optional<Notice> notice(std::int64_t id) override;
    std::vector<Notice> currentNotices(std::int64_t atMs) override;

    std::int64_t addStaff(const StaffMember& member) override;
    void updateStaff(const StaffMember& member) override;
    std::vector<StaffMember> staff() override;
    std::optional<StaffMember> staffMember(std::int64_t id) override;
    std::optional<StaffMember> staffByNumber(const QString& number) override;
    bool hasActiveClerks() override;

    std::int64_t appendEvent(const Event& event) override;
    std::vector<Event> eventsSince(std::int64_t seq, int limit) override;
    std::int64_t lastEventSeq() override { return std::int64_t(m_events.size()); }
    std::vector<Event> recentCalls(int limit) override;
    std::optional<std::int64_t> eventTime(std::int64_t seq) override;
    std::int64_t cityAcknowledged() override { return m_cityAcknowledged; }
    void setCityAcknowledged(std::int64_t seq) override;

private:
    // Remembers how to undo a change made inside a transaction.
    void onUndo(std::function<void()> undo);
    void index(const Ticket& ticket);
    void unindex(const Ticket& ticket);
    // The clerk signed in at the window and its appointment streak.
    void withClerk(WindowState& state) const;
    std::optional<Appointment>
    firstAppointment(const std::function<bool(const Appointment&)>& matches) const;

    HallConfig m_hall;
    QByteArray m_hallSource; // empty until the hall is replaced: the store starts from a config
    std::vector<Ticket> m_tickets; // by id - 1
    // Unfinished tickets: by number, and those waiting, in id order.
    std::map<QString, std::int64_t> m_activeByNumber;
    std::set<std::int64_t> m_waiting;
    std::map<std::pair<QString, QString>, int> m_lastSequence; // (day, prefix) → seq
    std::map<std::int64_t, int> m_ratings;                     // of tickets
    std::map<QString, int> m_caseRatings;                      // of cases, by serial
    std::int64_t m_ratingCount = 0;
    std::vector<FollowUp> m_followUps;         // by id - 1
    std::vector<OutboxMessage> m_outbox;       // by id - 1
    std::map<QString, std::int64_t> m_optOuts; // phone hash → when
    std::map<std::pair<QString, QString>, IdempotentIssue> m_idempotent;
    std::map<int, bool> m_paused;
    std::map<int, std::pair<std::int64_t, std::int64_t>> m_clerks; // window → (staff id, since)
    std::map<int, int> m_streaks;                                  // window → appointment streak
    std::vector<Appointment> m_appointments;                       // by id - 1
    std::map<QString, ServiceStat> m_stats;
    std::map<int, QByteArray> m_calendarYears;
    std::vector<Case> m_cases; // by id - 1
    std::map<QString, std::int64_t> m_caseBySerial;
    std::map<QString, int> m_lastCaseSequence; // stem → seq
    std::set<std::int64_t> m_openCases;
    std::vector<std::pair<Device, QString>> m_devices; // with its token hash, by id - 1
    std::vector<StaffMember> m_staff;                  // by id - 1
    std::vector<Notice> m_notices;                     // by id - 1
    std::vector<Event> m_events;                       // by seq - 1
    std::int64_t m_cityAcknowledged = 0;

    bool m_inTransaction = false;
    std::vector<std::function<void()>> m_undo;
    std::vector<std::size_t> m_savepoints; // undo journal sizes
};

} // namespace qh::engine
