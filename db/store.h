// The queue store in SQLite: ticket rows, window state, number counters, service statistics,
// devices and the hash-chained event log.
#pragma once

#include "database.h"
#include "hallconfig.h"
#include "hallstore.h"

#include <cstdint>
#include <limits>
#include <optional>
#include <vector>

#include <QJsonObject>
#include <QString>

namespace qh::db {

// What the audit page looks for in the trail; every field that is set must match.
struct EventQuery
{
    std::optional<QString> ticketNumber; // any ticket with this number ("A001")
    std::optional<QString> caseSerial;
    std::optional<int> window;
    std::optional<QString> actor;      // a part of who acted ("1024", "张三", "caller#7")
    std::optional<QString> typePrefix; // "ticket.", "staff.signed_in"
    std::optional<std::int64_t> fromMs, toMs;
    std::int64_t beforeSeq = std::numeric_limits<std::int64_t>::max(); // the page after the last
    int limit = 100;
};

// One value of hall_meta, the store's key-value facts (the hall file, the city epoch); empty
// when unset.
QString metaValue(Database& db, const char* key);
void setMetaValue(Database& db, const char* key, const QString& value);

struct AuditReport
{
    std::int64_t checked = 0;
    QStringList problems; // empty when the chain is intact
};

// The hall's store in SQLite: every write inside a unit of work, each commit durable (WAL,
// synchronous=FULL); the audit trail is hash-chained so that an edit or deletion shows.
class Store : public engine::HallStore
{
public:
    explicit Store(Database& db);

    Database& database() { return m_db; }

    // Loads the hall into an empty database, in one transaction with its first event; throws
    // ConfigError, writing nothing, when the database already holds a hall.
    void initialise(const HallFile& hall, const QString& actor, std::int64_t atMs);
    bool hasHall();
    AuditReport verifyAudit();
    // The events that match, newest first.
    std::vector<engine::Event> searchEvents(const EventQuery& query);

    void begin() override;
    void commit() override;
    void rollback() override;
    void savepoint() override;
    void releaseSavepoint() override;
    void rollbackToSavepoint() override;
    bool inTransaction() override;

    engine::HallConfig loadHall() override;
    QByteArray hallSource() override;
    void replaceHall(const engine::HallConfig& hall, const QByteArray& sourceJson) override;
    std::vector<engine::Ticket> activeTickets() override;

    std::optional<engine::Ticket> ticket(std::int64_t id) override;
    std::optional<engine::Ticket> activeTicketByNumber(const QString& number) override;
    std::optional<engine::Ticket> ticketByStatusCode(const QString& code) override;
    std::int64_t insertTicket(const engine::Ticket& ticket) override;
    void updateTicket(const engine::Ticket& ticket) override;
    std::optional<engine::Ticket> lastCompletedAt(int window) override;
    std::optional<int> rating(std::int64_t ticketId) override;
    std::optional<int> caseRating(const QString& serial) override;
    std::int64_t addRating(const engine::Rating& rating) override;
    std::int64_t insertFollowUp(const engine::FollowUp& f) override;
    void updateFollowUp(const engine::FollowUp& f) override;
    std::optional<engine::FollowUp> followUp(std::int64_t id) override;
    std::vector<engine::FollowUp> pendingFollowUps() override;
    std::vector<engine::Event> followUpEvents(std::int64_t id) override;

    std::vector<engine::Ticket> callableBy(int window) override;
    std::vector<engine::Ticket> waitingFor(const QString& serviceId) override;
    std::vector<std::pair<QString, int>> waitingCounts() override;
    std::vector<engine::Ticket> issuingOlderThan(std::int64_t at) override;
    std::vector<std::pair<engine::TicketState, int>>
    countByState(const QString& serviceDay) override;

    int lastSequence(const QString& serviceDay, const QString& prefix) override;
    std::optional<engine::IdempotentIssue> idempotentIssue(const QString& device,
                                                           const QString& key) override;
    void saveIdempotentIssue(const QString& device, const QString& key,
                             const engine::IdempotentIssue& issue, std::int64_t atMs) override;
    bool isNumberActive(const QString& number) override;

    engine::WindowState window(int number) override;
    std::vector<engine::WindowState> windows() override;
    void setPaused(int window, bool paused) override;
    void setClerk(int window, std::optional<std::int64_t> staffId, std::int64_t atMs) override;
    void setAppointmentStreak(int window, int streak) override;

    std::vector<QByteArray> calendarYears() override;
    void saveCalendarYear(int year, const QByteArray& content, std::int64_t atMs) override;

    std::int64_t insertCase(const engine::Case& c) override;
    void updateCase(const engine::Case& c) override;
    std::optional<engine::Case> caseBySerial(const QString& serial) override;
    int lastCaseSequence(const QString& stem) override;
    std::vector<engine::Case> openCases(std::optional<int> window) override;
    std::vector<engine::Case> casesAccepted(const QDate& from, const QDate& to) override;
    std::vector<engine::Event> caseEvents(const QString& serial) override;

    bool ticketHasCase(std::int64_t ticketId) override;

    std::int64_t insertOutbox(const engine::OutboxMessage& message) override;
    std::optional<engine::OutboxMessage> outboxMessage(std::int64_t id) override;
    void updateOutbox(const engine::OutboxMessage& message) override;
    std::optional<engine::OutboxMessage> nextOutbox(std::int64_t atMs) override;
    std::optional<std::int64_t> nextOutboxAt() override;
    std::vector<engine::OutboxMessage> sentOutboxTo(const QString& phone, int limit) override;
    std::optional<engine::OutboxMessage> lastOutboxTo(const QString& phone, const QString& kind,
                                                      std::int64_t sinceMs) override;
    bool hasOutbox(std::int64_t ticketId, const QString& kind) override;
    int outboxCount(engine::OutboxMessage::State state, std::int64_t sinceMs) override;
    std::optional<std::int64_t> optedOutAt(const QString& phoneHash) override;
    void addOptOut(const QString& phoneHash, std::int64_t atMs) override;
    int purgePhones(std::int64_t beforeMs) override;

    std::vector<std::pair<QString, engine::ServiceStat>> serviceStats() override;
    void saveServiceStat(const QString& serviceId, const engine::ServiceStat& stat) override;

    std::int64_t addDevice(const engine::Device& device, const QString& tokenHash) override;
    std::vector<engine::Device> devices() override;
    std::optional<engine::Device> device(std::int64_t id) override;
    std::optional<engine::Device> activeDeviceByTokenHash(const QString& tokenHash) override;
    void revokeDevice(std::int64_t id, std::int64_t atMs) override;

    std::int64_t insertAppointment(const engine::Appointment& a) override;
    void updateAppointment(const engine::Appointment& a) override;
    std::optional<engine::Appointment> appointment(std::int64_t id) override;
    std::optional<engine::Appointment> appointmentByCode(const QString& code) override;
    std::optional<engine::Appointment> appointmentByTicket(std::int64_t ticketId) override;
    std::map<std::int64_t, int> bookedSlots(const QString& serviceId, std::int64_t fromMs,
                                            std::int64_t toMs) override;
    int bookingsOn(const QString& phone, const QDate& day) override;
    int openBookings(const QString& phone, std::int64_t fromMs) override;
    std::vector<engine::Appointment> bookedBetween(std::int64_t fromMs, std::int64_t toMs) override;
    std::vector<engine::Appointment> appointmentsOn(const QDate& day) override;
    std::int64_t insertNotice(const engine::Notice& notice) override;
    void withdrawNotice(std::int64_t id, std::int64_t atMs) override;
    std::optional<engine::Notice> notice(std::int64_t id) override;
    std::vector<engine::Notice> currentNotices(std::int64_t atMs) override;

    std::int64_t addStaff(const engine::StaffMember& member) override;
    void updateStaff(const engine::StaffMember& member) override;
    std::vector<engine::StaffMember> staff() override;
    std::optional<engine::StaffMember> staffMember(std::int64_t id) override;
    std::optional<engine::StaffMember> staffByNumber(const QString& number) override;
    bool hasActiveClerks() override;

    std::int64_t appendEvent(const engine::Event& event) override;
    std::vector<engine::Event> eventsSince(std::int64_t seq, int limit) override;
    std::int64_t lastEventSeq() override;
    std::vector<engine::Event> recentCalls(int limit) override;
    std::optional<std::int64_t> eventTime(std::int64_t seq) override;
    std::int64_t cityAcknowledged() override;
    void setCityAcknowledged(std::int64_t seq) override;

private:
    Database& m_db;
};

} // namespace qh::db
