// The queue store: ticket rows, window state, number counters, service statistics and the event
// log.
#pragma once

#include "database.h"
#include "hallconfig.h"

#include <cstdint>
#include <optional>
#include <vector>

#include <QJsonObject>
#include <QString>

namespace qh::db {

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

QString toString(TicketState state);
QString toString(Priority priority);
std::optional<TicketState> ticketStateFromString(const QString& text);
bool isFinal(TicketState state);

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

// A ticket issued under an idempotency key, and the request it answered.
struct IdempotentIssue
{
    std::int64_t ticketId = 0;
    QString request;
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

// A waiting ticket a window may call, with that window's weight for its service.
struct QueuedTicket
{
    Ticket ticket;
    double weight = 1.0;
};

struct WindowState
{
    int number = 0;
    bool paused = false;
    std::optional<std::int64_t> currentTicket; // the ticket called or being served there
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

struct AuditReport
{
    std::int64_t checked = 0;
    QStringList problems; // empty when the chain is intact
};

class Store
{
public:
    explicit Store(Database& db);

    Database& database() { return m_db; }

    // Loads the hall into an empty database, in one transaction with its first event; throws
    // ConfigError, writing nothing, when the database already holds a hall.
    void initialise(const HallFile& hall, const QString& actor, std::int64_t atMs);
    bool hasHall();
    HallConfig loadHall();

    std::optional<Ticket> ticket(std::int64_t id);
    std::optional<Ticket> activeTicketByNumber(const QString& number);
    std::optional<Ticket> ticketByStatusCode(const QString& code);
    std::int64_t insertTicket(const Ticket& ticket);
    void updateTicket(const Ticket& ticket);
    // The ticket the window finished serving last (its rating pad rates it).
    std::optional<Ticket> lastCompletedAt(int window);
    // A citizen's rating of a finished ticket: 4 非常满意, 3 满意, 2 基本满意, 1 不满意.
    std::optional<int> rating(std::int64_t ticketId);
    void addRating(std::int64_t ticketId, int window, int rating, std::int64_t atMs);

    // Waiting tickets that the window may call, with its weight for each.
    std::vector<QueuedTicket> callableBy(int window);
    // Every waiting ticket in the hall.
    std::vector<Ticket> waitingTickets();
    std::vector<Ticket> issuingOlderThan(std::int64_t at);
    // How many tickets of the day ended in each state, and how many of them are still active.
    std::vector<std::pair<TicketState, int>> countByState(const QString& serviceDay);

    // The sequence of the day's latest ticket with this prefix; 0 before the first.
    int lastSequence(const QString& serviceDay, const QString& prefix);
    std::optional<IdempotentIssue> idempotentIssue(const QString& device, const QString& key);
    void saveIdempotentIssue(const QString& device, const QString& key,
                             const IdempotentIssue& issue, std::int64_t atMs);
    bool isNumberActive(const QString& number);

    WindowState window(int number);
    std::vector<WindowState> windows();
    void setPaused(int window, bool paused);

    std::vector<std::pair<QString, ServiceStat>> serviceStats();
    void saveServiceStat(const QString& serviceId, const ServiceStat& stat);

    std::int64_t addDevice(const Device& device, const QString& tokenHash);
    std::vector<Device> devices();
    std::optional<Device> device(std::int64_t id);
    std::optional<Device> activeDeviceByTokenHash(const QString& tokenHash);
    void revokeDevice(std::int64_t id, std::int64_t atMs);

    // Appends to the hash chain; returns the event's seq.
    std::int64_t appendEvent(const Event& event);
    std::vector<Event> eventsSince(std::int64_t seq, int limit);
    std::int64_t lastEventSeq();
    // The newest calls and recalls, newest first.
    std::vector<Event> recentCalls(int limit);
    AuditReport verifyAudit();

private:
    void saveHall(const HallConfig& hall, const QByteArray& sourceJson);

    Database& m_db;
};

} // namespace qh::db
