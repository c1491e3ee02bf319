// The queue store: ticket rows, window state, number counters, service statistics and the event
// log.
#include "store.h"

#include "trail.h"

#include <algorithm>
#include <array>
#include <map>
#include <unordered_map>

#include <QCryptographicHash>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>

using namespace Qt::Literals::StringLiterals;

namespace qh::db {

using namespace engine; // the domain's records, which this file stores

namespace {

// Exactly the WHERE of the partial index tickets_active: SQLite uses that index only for
// queries that repeat the term, so every query over unfinished tickets starts with it.
#define QH_ACTIVE "state IN ('issuing', 'waiting', 'called', 'serving', 'held')"

#define QH_TICKET_COLUMNS                                                                          \
    "id, number, prefix, seq, service_day, service_id, priority, appointment_at, target_window, "  \
    "state, issued_at, queued_at, called_at, started_at, finished_at, window, calls, "             \
    "status_code, "                                                                                \
    "phone, lang, void_reason, previous_id, issued_by"

#define QH_CASE_COLUMNS                                                                            \
    "id, serial, serial_stem, serial_seq, ticket_id, service_id, window, clerk, legal_days, "      \
    "promised_days, accepted_at, accepted_day, due_day, warn_day, state, suspended_day, "          \
    "suspended_days, escalation, result, reason, finished_at, finished_day, used_days, "           \
    "password_hash, failed_lookups, locked_until"

std::optional<int> optionalInt(const Statement& q, int column)
{
    if (q.isNull(column))
        return std::nullopt;
    return q.integer(column);
}

Ticket readTicket(const Statement& q)
{
    Ticket t;
    t.id = q.int64(0);
    t.number = q.text(1);
    t.prefix = q.text(2);
    t.seq = q.integer(3);
    t.serviceDay = q.text(4);
    t.serviceId = q.text(5);
    t.priority = q.text(6) == u"green"_s ? Priority::Green : Priority::Normal;
    t.appointmentAt = q.optionalInt64(7);
    t.targetWindow = optionalInt(q, 8);
    t.state = ticketStateFromString(q.text(9)).value_or(TicketState::Voided);
    t.issuedAt = q.int64(10);
    t.queuedAt = q.int64(11);
    t.calledAt = q.optionalInt64(12);
    t.startedAt = q.optionalInt64(13);
    t.finishedAt = q.optionalInt64(14);
    t.window = optionalInt(q, 15);
    t.calls = q.integer(16);
    t.statusCode = q.text(17);
    t.phone = q.text(18);
    t.lang = q.text(19);
    t.voidReason = q.text(20);
    t.previousId = q.optionalInt64(21);
    t.issuedBy = q.text(22);
    return t;
}

// Binds every ticket column after id, starting at parameter 2.
void bindTicket(Statement& q, const Ticket& t)
{
    q.bind(2, t.number)
        .bind(3, t.prefix)
        .bind(4, t.seq)
        .bind(5, t.serviceDay)
        .bind(6, t.serviceId)
        .bind(7, toString(t.priority))
        .bind(8, t.appointmentAt)
        .bind(9, t.targetWindow)
        .bind(10, toString(t.state))
        .bind(11, t.issuedAt)
        .bind(12, t.queuedAt)
        .bind(13, t.calledAt)
        .bind(14, t.startedAt)
        .bind(15, t.finishedAt)
        .bind(16, t.window)
        .bind(17, t.calls)
        .bind(18, t.statusCode)
        .bind(19, t.phone.isEmpty() ? std::nullopt : std::optional(t.phone))
        .bind(20, t.lang)
        .bind(21, t.voidReason.isEmpty() ? std::nullopt : std::optional(t.voidReason))
        .bind(22, t.previousId)
        .bind(23, t.issuedBy);
}

std::vector<Ticket> readTickets(Statement& q)
{
    std::vector<Ticket> tickets;
    while (q.step())
        tickets.push_back(readTicket(q));
    return tickets;
}

std::optional<QDate> optionalDate(const Statement& q, int column)
{
    if (q.isNull(column))
        return std::nullopt;
    return QDate::fromString(q.text(column), Qt::ISODate);
}

std::optional<QString> optionalDateText(const std::optional<QDate>& day)
{
    return day ? std::optional(day->toString(Qt::ISODate)) : std::nullopt;
}

Case readCase(const Statement& q)
{
    Case c;
    c.id = q.int64(0);
    c.serial = q.text(1);
    c.serialStem = q.text(2);
    c.serialSeq = q.integer(3);
    c.ticketId = q.int64(4);
    c.serviceId = q.text(5);
    c.window = q.integer(6);
    c.clerk = q.text(7);
    c.legalDays = q.integer(8);
    c.promisedDays = q.integer(9);
    c.acceptedAt = q.int64(10);
    c.acceptedDay = QDate::fromString(q.text(11), Qt::ISODate);
    c.dueDay = QDate::fromString(q.text(12), Qt::ISODate);
    c.warnDay = optionalDate(q, 13);
    c.state = caseStateFromString(q.text(14)).value_or(CaseState::Accepted);
    c.suspendedDay = optionalDate(q, 15);
    c.suspendedDays = q.integer(16);
    c.escalation = escalationFromString(q.text(17)).value_or(Escalation::None);
    c.result = q.isNull(18) ? std::nullopt : caseResultFromString(q.text(18));
    c.reason = q.text(19);
    c.finishedAt = q.optionalInt64(20);
    c.finishedDay = optionalDate(q, 21);
    c.usedDays = q.integer(22);
    c.passwordHash = q.text(23);
    c.failedLookups = q.integer(24);
    c.lockedUntil = q.optionalInt64(25);
    return c;
}

// The follow-up's columns with its rating's, for "SELECT ... WHERE ...".
#define QH_FOLLOW_UP_COLUMNS                                                                       \
    "f.id, f.rating_id, f.opened_at, f.due_day, f.state, f.contact, f.finding, f.rectification, "  \
    "f.rectified_at, f.rectified_day, f.closed_at, f.appeal, f.decision, f.decided_at, "           \
    "f.overdue, r.ticket_id, r.case_serial, r.window, r.rating, r.channel, r.rated_at "            \
    "FROM followups f JOIN ratings r ON r.id = f.rating_id"

FollowUp readFollowUp(const Statement& q)
{
    FollowUp f;
    f.id = q.int64(0);
    f.ratingId = q.int64(1);
    f.openedAt = q.int64(2);
    f.dueDay = QDate::fromString(q.text(3), Qt::ISODate);
    f.state = followUpStateFromString(q.text(4)).value_or(FollowUpState::Open);
    f.contact = q.text(5);
    f.finding = q.text(6);
    f.rectification = q.text(7);
    f.rectifiedAt = q.optionalInt64(8);
    f.rectifiedDay = optionalDate(q, 9);
    f.closedAt = q.optionalInt64(10);
    f.appeal = q.text(11);
    f.decision = q.text(12);
    f.decidedAt = q.optionalInt64(13);
    f.overdue = q.integer(14) != 0;
    f.rating = {q.int64(15), q.text(16), q.integer(17), q.integer(18), q.text(19), q.int64(20)};
    return f;
}

std::vector<Case> readCases(Statement& q)
{
    std::vector<Case> cases;
    while (q.step())
        cases.push_back(readCase(q));
    return cases;
}

std::vector<Event> readEvents(Statement& q)
{
    std::vector<Event> events;
    while (q.step()) {
        events.push_back({q.int64(0), q.int64(1), q.text(2), q.text(3), q.text(4),
                          q.optionalInt64(5), optionalInt(q, 6),
                          QJsonDocument::fromJson(q.text(7).toUtf8()).object()});
    }
    return events;
}

QByteArray eventHash(const QByteArray& prevHash, std::int64_t seq, std::int64_t at,
                     const QString& type, const QString& actor, const QString& device,
                     std::optional<std::int64_t> ticket, std::optional<int> window,
                     const QByteArray& data)
{
    QCryptographicHash h(QCryptographicHash::Sha256);
    const auto field = [&](const QByteArray& value) {
        h.addData(value);
        h.addData(QByteArrayView("\x1f", 1));
    };
    field(prevHash);
    field(QByteArray::number(seq));
    field(QByteArray::number(at));
    field(type.toUtf8());
    field(actor.toUtf8());
    field(device.toUtf8());
    field(ticket ? QByteArray::number(*ticket) : QByteArray());
    field(window ? QByteArray::number(*window) : QByteArray());
    field(data);
    return h.result().toHex();
}

} // namespace

QString metaValue(Database& db, const char* key)
{
    Statement q = db.prepare("SELECT value FROM hall_meta WHERE key = ?");
    q.bind(1, QString::fromLatin1(key));
    return q.step() ? q.text(0) : QString();
}

void setMetaValue(Database& db, const char* key, const QString& value)
{
    db.prepare("INSERT INTO hall_meta (key, value) VALUES (?1, ?2) "
               "ON CONFLICT (key) DO UPDATE SET value = ?2")
        .bind(1, QString::fromLatin1(key))
        .bind(2, value)
        .exec();
}

Store::Store(Database& db)
    : m_db(db)
{
}

void Store::initialise(const HallFile& hall, const QString& actor, std::int64_t atMs)
{
    Transaction tx(m_db);
    if (hasHall())
        throw ConfigError({u"%1 already holds a hall; use a new database"_s.arg(m_db.path())});
    replaceHall(hall.config, hall.source);
    appendEvent(hallInitialisedEvent(hall.config, actor, atMs));
    tx.commit();
}

void Store::begin()
{
    m_db.prepare("BEGIN IMMEDIATE").exec();
}

void Store::commit()
{
    m_db.prepare("COMMIT").exec();
}

void Store::rollback()
{
    m_db.execScript(u"ROLLBACK"_s);
}

void Store::savepoint()
{
    m_db.prepare("SAVEPOINT unit").exec();
}

void Store::releaseSavepoint()
{
    m_db.prepare("RELEASE unit").exec();
}

void Store::rollbackToSavepoint()
{
    m_db.execScript(u"ROLLBACK TO unit; RELEASE unit"_s);
}

bool Store::inTransaction()
{
    return m_db.inTransaction();
}

bool Store::hasHall()
{
    return !metaValue(m_db, "hall_config").isEmpty();
}

void Store::replaceHall(const HallConfig& hall, const QByteArray& sourceJson)
{
    setMetaValue(m_db, "hall_config", QString::fromUtf8(sourceJson));
    for (const Department& d : hall.departments) {
        m_db.prepare("INSERT INTO departments (id, name_zh, name_en, floor, prefix, comprehensive) "
                     "VALUES (?1, ?2, ?3, ?4, ?5, ?6) ON CONFLICT (id) DO UPDATE SET "
                     "name_zh = ?2, name_en = ?3, floor = ?4, prefix = ?5, comprehensive = ?6")
            .bind(1, d.id)
            .bind(2, d.name.zh)
            .bind(3, d.name.en)
            .bind(4, d.floor)
            .bind(5, d.prefix)
            .bind(6, int(d.comprehensive))
            .exec();
    }
    for (const Service& s : hall.services) {
        m_db.prepare("INSERT INTO services (id, department_id, name_zh, name_en, time_limit_days, "
                     "standard_minutes) VALUES (?1, ?2, ?3, ?4, ?5, ?6) ON CONFLICT (id) DO UPDATE "
                     "SET department_id = ?2, name_zh = ?3, name_en = ?4, time_limit_days = ?5, "
                     "standard_minutes = ?6")
            .bind(1, s.id)
            .bind(2, s.department)
            .bind(3, s.name.zh)
            .bind(4, s.name.en)
            .bind(5, s.guide.timeLimitDays)
            .bind(6, s.guide.standardMinutes)
            .exec();
    }
    m_db.prepare("DELETE FROM window_services").exec();
    for (const Window& w : hall.windows) {
        m_db.prepare(
                "INSERT INTO windows (number, floor, name_zh, name_en) VALUES (?1, ?2, ?3, ?4) "
                "ON CONFLICT (number) DO UPDATE SET floor = ?2, name_zh = ?3, name_en = ?4")
            .bind(1, w.number)
            .bind(2, w.floor)
            .bind(3, w.name.zh)
            .bind(4, w.name.en)
            .exec();
        for (const WindowService& ws : w.services) {
            m_db.prepare(
                    "INSERT INTO window_services (window, service_id, weight) VALUES (?, ?, ?)")
                .bind(1, w.number)
                .bind(2, ws.service)
                .bind(3, hall.weight(ws))
                .exec();
        }
    }
}

HallConfig Store::loadHall()
{
    return parseHallConfig(hallSource());
}

QByteArray Store::hallSource()
{
    return metaValue(m_db, "hall_config").toUtf8();
}

std::vector<Ticket> Store::activeTickets()
{
    Statement q = m_db.prepare("SELECT " QH_TICKET_COLUMNS " FROM tickets WHERE " QH_ACTIVE);
    std::vector<Ticket> result;
    while (q.step())
        result.push_back(readTicket(q));
    return result;
}

std::optional<Ticket> Store::ticket(std::int64_t id)
{
    Statement q = m_db.prepare("SELECT " QH_TICKET_COLUMNS " FROM tickets WHERE id = ?");
    q.bind(1, id);
    if (!q.step())
        return std::nullopt;
    return readTicket(q);
}

std::optional<Ticket> Store::activeTicketByNumber(const QString& number)
{
    Statement q =
        m_db.prepare("SELECT " QH_TICKET_COLUMNS " FROM tickets WHERE " QH_ACTIVE " AND number = ? "
                     "ORDER BY id DESC LIMIT 1");
    q.bind(1, number);
    if (!q.step())
        return std::nullopt;
    return readTicket(q);
}

std::optional<Ticket> Store::ticketByStatusCode(const QString& code)
{
    Statement q = m_db.prepare("SELECT " QH_TICKET_COLUMNS
                               " FROM tickets WHERE status_code = ? ORDER BY id DESC LIMIT 1");
    q.bind(1, code);
    if (!q.step())
        return std::nullopt;
    return readTicket(q);
}

std::int64_t Store::insertTicket(const Ticket& ticket)
{
    Statement q = m_db.prepare(
        "INSERT INTO tickets (" QH_TICKET_COLUMNS ") VALUES "
        "(NULL, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17, ?18, ?19, "
        "?20, ?21, ?22, ?23)");
    bindTicket(q, ticket);
    q.exec();
    return m_db.lastInsertId();
}

// Only the columns a ticket's life changes: an UPDATE naming an indexed column rewrites that
// index entry, and every one avoided is a page less to write before the commit returns.
void Store::updateTicket(const Ticket& ticket)
{
    m_db.prepare(
            "UPDATE tickets SET target_window = ?2, state = ?3, queued_at = ?4, called_at = ?5, "
            "started_at = ?6, finished_at = ?7, window = ?8, calls = ?9, void_reason = ?10 "
            "WHERE id = ?1")
        .bind(1, ticket.id)
        .bind(2, ticket.targetWindow)
        .bind(3, toString(ticket.state))
        .bind(4, ticket.queuedAt)
        .bind(5, ticket.calledAt)
        .bind(6, ticket.startedAt)
        .bind(7, ticket.finishedAt)
        .bind(8, ticket.window)
        .bind(9, ticket.calls)
        .bind(10, ticket.voidReason.isEmpty() ? std::nullopt : std::optional(ticket.voidReason))
        .exec();
}

std::optional<Ticket> Store::lastCompletedAt(int window)
{
    Statement q = m_db.prepare("SELECT " QH_TICKET_COLUMNS " FROM tickets "
                               "WHERE state = 'completed' AND window = ? "
                               "ORDER BY finished_at DESC LIMIT 1");
    q.bind(1, window);
    if (!q.step())
        return std::nullopt;
    return readTicket(q);
}

std::optional<int> Store::rating(std::int64_t ticketId)
{
    Statement q =
        m_db.prepare("SELECT rating FROM ratings WHERE ticket_id = ? AND case_serial IS NULL");
    q.bind(1, ticketId);
    if (!q.step())
        return std::nullopt;
    return q.integer(0);
}

std::optional<int> Store::caseRating(const QString& serial)
{
    Statement q = m_db.prepare("SELECT rating FROM ratings WHERE case_serial = ?");
    q.bind(1, serial);
    if (!q.step())
        return std::nullopt;
    return q.integer(0);
}

std::int64_t Store::addRating(const Rating& r)
{
    m_db.prepare("INSERT INTO ratings (ticket_id, case_serial, window, rating, channel, "
                 "rated_at) VALUES (?, ?, ?, ?, ?, ?)")
        .bind(1, r.ticketId)
        .bind(2, r.caseSerial.isEmpty() ? std::nullopt : std::optional(r.caseSerial))
        .bind(3, r.window)
        .bind(4, r.rating)
        .bind(5, r.channel)
        .bind(6, r.atMs)
        .exec();
    return m_db.lastInsertId();
}

std::int64_t Store::insertFollowUp(const FollowUp& f)
{
    m_db.prepare("INSERT INTO followups (rating_id, opened_at, due_day, state) "
                 "VALUES (?, ?, ?, ?)")
        .bind(1, f.ratingId)
        .bind(2, f.openedAt)
        .bind(3, f.dueDay.toString(Qt::ISODate))
        .bind(4, toString(f.state))
        .exec();
    return m_db.lastInsertId();
}

void Store::updateFollowUp(const FollowUp& f)
{
    m_db.prepare("UPDATE followups SET state = ?2, contact = ?3, finding = ?4, "
                 "rectification = ?5, rectified_at = ?6, rectified_day = ?7, closed_at = ?8, "
                 "appeal = ?9, decision = ?10, decided_at = ?11, overdue = ?12 WHERE id = ?1")
        .bind(1, f.id)
        .bind(2, toString(f.state))
        .bind(3, f.contact)
        .bind(4, f.finding)
        .bind(5, f.rectification)
        .bind(6, f.rectifiedAt)
        .bind(7, optionalDateText(f.rectifiedDay))
        .bind(8, f.closedAt)
        .bind(9, f.appeal)
        .bind(10, f.decision)
        .bind(11, f.decidedAt)
        .bind(12, int(f.overdue))
        .exec();
}

std::optional<FollowUp> Store::followUp(std::int64_t id)
{
    Statement q = m_db.prepare("SELECT " QH_FOLLOW_UP_COLUMNS " WHERE f.id = ?");
    q.bind(1, id);
    if (!q.step())
        return std::nullopt;
    return readFollowUp(q);
}

std::vector<FollowUp> Store::pendingFollowUps()
{
    Statement q = m_db.prepare("SELECT " QH_FOLLOW_UP_COLUMNS
                               " WHERE f.state IN ('open', 'contacted', 'appealed') "
                               "ORDER BY f.due_day, f.id");
    std::vector<FollowUp> list;
    while (q.step())
        list.push_back(readFollowUp(q));
    return list;
}

std::vector<Event> Store::followUpEvents(std::int64_t id)
{
    Statement q = m_db.prepare("SELECT seq, at, type, actor, device, ticket_id, window, data "
                               "FROM events WHERE follow_up = ? ORDER BY seq");
    q.bind(1, id);
    return readEvents(q);
}

std::vector<Ticket> Store::callableBy(int window)
{
    Statement q = m_db.prepare(
        "SELECT " QH_TICKET_COLUMNS " FROM tickets WHERE " QH_ACTIVE " AND state = 'waiting' AND "
        "(target_window = ?1 OR (target_window IS NULL AND EXISTS (SELECT 1 FROM window_services "
        "ws WHERE ws.window = ?1 AND ws.service_id = tickets.service_id)))");
    q.bind(1, window);
    std::vector<Ticket> result;
    while (q.step())
        result.push_back(readTicket(q));
    return result;
}

std::vector<Ticket> Store::waitingFor(const QString& serviceId)
{
    Statement q = m_db.prepare("SELECT " QH_TICKET_COLUMNS " FROM tickets WHERE " QH_ACTIVE
                               " AND state = 'waiting' AND service_id = ?");
    q.bind(1, serviceId);
    return readTickets(q);
}

std::vector<std::pair<QString, int>> Store::waitingCounts()
{
    Statement q = m_db.prepare("SELECT service_id, count(*) FROM tickets WHERE " QH_ACTIVE
                               " AND state = 'waiting' GROUP BY service_id");
    std::vector<std::pair<QString, int>> counts;
    while (q.step())
        counts.emplace_back(q.text(0), q.integer(1));
    return counts;
}

std::vector<Ticket> Store::issuingOlderThan(std::int64_t at)
{
    Statement q = m_db.prepare("SELECT " QH_TICKET_COLUMNS " FROM tickets WHERE " QH_ACTIVE
                               " AND state = 'issuing' AND issued_at < ?");
    q.bind(1, at);
    return readTickets(q);
}

std::vector<std::pair<TicketState, int>> Store::countByState(const QString& serviceDay)
{
    Statement q =
        m_db.prepare("SELECT state, count(*) FROM tickets WHERE service_day = ? GROUP BY state");
    q.bind(1, serviceDay);
    std::vector<std::pair<TicketState, int>> counts;
    while (q.step()) {
        if (auto state = ticketStateFromString(q.text(0)))
            counts.emplace_back(*state, q.integer(1));
    }
    return counts;
}

std::optional<IdempotentIssue> Store::idempotentIssue(const QString& device, const QString& key)
{
    Statement q = m_db.prepare(
        "SELECT ticket_id, request FROM idempotency_keys WHERE device = ? AND key = ?");
    q.bind(1, device).bind(2, key);
    if (!q.step())
        return std::nullopt;
    return IdempotentIssue{q.int64(0), q.text(1)};
}

void Store::saveIdempotentIssue(const QString& device, const QString& key,
                                const IdempotentIssue& issue, std::int64_t atMs)
{
    m_db.prepare("INSERT INTO idempotency_keys (device, key, request, ticket_id, created_at) "
                 "VALUES (?, ?, ?, ?, ?)")
        .bind(1, device)
        .bind(2, key)
        .bind(3, issue.request)
        .bind(4, issue.ticketId)
        .bind(5, atMs)
        .exec();
}

std::int64_t Store::addDevice(const Device& device, const QString& tokenHash)
{
    m_db.prepare("INSERT INTO devices (name, role, window, token_hash, created_at) "
                 "VALUES (?, ?, ?, ?, ?)")
        .bind(1, device.name)
        .bind(2, device.role)
        .bind(3, device.window)
        .bind(4, tokenHash)
        .bind(5, device.createdAt)
        .exec();
    return m_db.lastInsertId();
}

namespace {
Device readDevice(const Statement& q)
{
    return {q.int64(0), q.text(1), q.text(2), optionalInt(q, 3), q.int64(4), q.optionalInt64(5)};
}
} // namespace

std::vector<Device> Store::devices()
{
    Statement q = m_db.prepare(
        "SELECT id, name, role, window, created_at, revoked_at FROM devices ORDER BY id");
    std::vector<Device> result;
    while (q.step())
        result.push_back(readDevice(q));
    return result;
}

std::optional<Device> Store::device(std::int64_t id)
{
    Statement q = m_db.prepare(
        "SELECT id, name, role, window, created_at, revoked_at FROM devices WHERE id = ?");
    q.bind(1, id);
    if (!q.step())
        return std::nullopt;
    return readDevice(q);
}

std::optional<Device> Store::activeDeviceByTokenHash(const QString& tokenHash)
{
    Statement q = m_db.prepare("SELECT id, name, role, window, created_at, revoked_at FROM devices "
                               "WHERE token_hash = ? AND revoked_at IS NULL");
    q.bind(1, tokenHash);
    if (!q.step())
        return std::nullopt;
    return readDevice(q);
}

void Store::revokeDevice(std::int64_t id, std::int64_t atMs)
{
    m_db.prepare("UPDATE devices SET revoked_at = ? WHERE id = ?").bind(1, atMs).bind(2, id).exec();
}

namespace {

#define QH_APPOINTMENT_COLUMNS                                                                     \
    "id, code, service_id, day, slot_start, slot_end, phone, lang, state, booked_at, booked_by, "  \
    "ticket_id, finished_at"

Appointment readAppointment(const Statement& q)
{
    Appointment a;
    a.id = q.int64(0);
    a.code = q.text(1);
    a.serviceId = q.text(2);
    a.day = QDate::fromString(q.text(3), Qt::ISODate);
    a.slotStart = q.int64(4);
    a.slotEnd = q.int64(5);
    a.phone = q.text(6);
    a.lang = q.text(7);
    a.state = appointmentStateFromString(q.text(8)).value_or(AppointmentState::Cancelled);
    a.bookedAt = q.int64(9);
    a.bookedBy = q.text(10);
    a.ticketId = q.optionalInt64(11);
    a.finishedAt = q.optionalInt64(12);
    return a;
}

std::optional<Appointment> firstAppointment(Statement& q)
{
    if (!q.step())
        return std::nullopt;
    return readAppointment(q);
}

std::vector<Appointment> readAppointments(Statement& q)
{
    std::vector<Appointment> result;
    while (q.step())
        result.push_back(readAppointment(q));
    return result;
}

} // namespace

std::int64_t Store::insertAppointment(const Appointment& a)
{
    m_db.prepare("INSERT INTO appointments (" QH_APPOINTMENT_COLUMNS ") VALUES (NULL, ?2, ?3, ?4, "
                 "?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13)")
        .bind(2, a.code)
        .bind(3, a.serviceId)
        .bind(4, a.day.toString(Qt::ISODate))
        .bind(5, a.slotStart)
        .bind(6, a.slotEnd)
        .bind(7, a.phone)
        .bind(8, a.lang)
        .bind(9, toString(a.state))
        .bind(10, a.bookedAt)
        .bind(11, a.bookedBy)
        .bind(12, a.ticketId)
        .bind(13, a.finishedAt)
        .exec();
    return m_db.lastInsertId();
}

void Store::updateAppointment(const Appointment& a)
{
    m_db.prepare("UPDATE appointments SET state = ?2, ticket_id = ?3, finished_at = ?4, "
                 "phone = ?5 WHERE id = ?1")
        .bind(1, a.id)
        .bind(2, toString(a.state))
        .bind(3, a.ticketId)
        .bind(4, a.finishedAt)
        .bind(5, a.phone.isEmpty() ? std::nullopt : std::optional(a.phone))
        .exec();
}

std::optional<Appointment> Store::appointment(std::int64_t id)
{
    Statement q = m_db.prepare("SELECT " QH_APPOINTMENT_COLUMNS " FROM appointments WHERE id = ?");
    q.bind(1, id);
    return firstAppointment(q);
}

std::optional<Appointment> Store::appointmentByCode(const QString& code)
{
    Statement q =
        m_db.prepare("SELECT " QH_APPOINTMENT_COLUMNS " FROM appointments WHERE code = ?");
    q.bind(1, code);
    return firstAppointment(q);
}

std::optional<Appointment> Store::appointmentByTicket(std::int64_t ticketId)
{
    Statement q =
        m_db.prepare("SELECT " QH_APPOINTMENT_COLUMNS " FROM appointments WHERE ticket_id = ?");
    q.bind(1, ticketId);
    return firstAppointment(q);
}

std::map<std::int64_t, int> Store::bookedSlots(const QString& serviceId, std::int64_t fromMs,
                                               std::int64_t toMs)
{
    Statement q = m_db.prepare("SELECT slot_start, count(*) FROM appointments WHERE service_id = ? "
                               "AND slot_start >= ? AND slot_start < ? AND state != 'cancelled' "
                               "GROUP BY slot_start");
    q.bind(1, serviceId).bind(2, fromMs).bind(3, toMs);
    std::map<std::int64_t, int> result;
    while (q.step())
        result[q.int64(0)] = q.integer(1);
    return result;
}

int Store::bookingsOn(const QString& phone, const QDate& day)
{
    Statement q = m_db.prepare("SELECT count(*) FROM appointments WHERE phone = ? AND day = ? AND "
                               "state != 'cancelled'");
    q.bind(1, phone).bind(2, day.toString(Qt::ISODate));
    q.step();
    return q.integer(0);
}

int Store::openBookings(const QString& phone, std::int64_t fromMs)
{
    Statement q = m_db.prepare("SELECT count(*) FROM appointments WHERE phone = ? AND "
                               "state = 'booked' AND slot_start >= ?");
    q.bind(1, phone).bind(2, fromMs);
    q.step();
    return q.integer(0);
}

std::vector<Appointment> Store::bookedBetween(std::int64_t fromMs, std::int64_t toMs)
{
    Statement q = m_db.prepare("SELECT " QH_APPOINTMENT_COLUMNS " FROM appointments WHERE "
                               "state = 'booked' AND slot_start >= ? AND slot_start < ? "
                               "ORDER BY slot_start, id");
    q.bind(1, fromMs).bind(2, toMs);
    return readAppointments(q);
}

std::vector<Appointment> Store::appointmentsOn(const QDate& day)
{
    Statement q = m_db.prepare("SELECT " QH_APPOINTMENT_COLUMNS " FROM appointments WHERE day = ? "
                               "ORDER BY slot_start, id");
    q.bind(1, day.toString(Qt::ISODate));
    return readAppointments(q);
}

std::int64_t Store::insertNotice(const Notice& notice)
{
    m_db.prepare("INSERT INTO notices (text_zh, text_en, target, starts_at, ends_at, created_at) "
                 "VALUES (?, ?, ?, ?, ?, ?)")
        .bind(1, notice.zh)
        .bind(2, notice.en)
        .bind(3, notice.target)
        .bind(4, notice.startsAt)
        .bind(5, notice.endsAt)
        .bind(6, notice.createdAt)
        .exec();
    return m_db.lastInsertId();
}

void Store::withdrawNotice(std::int64_t id, std::int64_t atMs)
{
    m_db.prepare("UPDATE notices SET withdrawn_at = ? WHERE id = ?")
        .bind(1, atMs)
        .bind(2, id)
        .exec();
}

namespace {
#define QH_NOTICE_COLUMNS                                                                          \
    "SELECT id, text_zh, text_en, target, starts_at, ends_at, created_at, withdrawn_at "           \
    "FROM notices "
Notice readNotice(const Statement& q)
{
    return {q.int64(0), q.text(1),  q.text(2),  q.text(3),
            q.int64(4), q.int64(5), q.int64(6), q.optionalInt64(7)};
}
} // namespace

std::optional<Notice> Store::notice(std::int64_t id)
{
    Statement q = m_db.prepare(QH_NOTICE_COLUMNS "WHERE id = ?");
    q.bind(1, id);
    if (!q.step())
        return std::nullopt;
    return readNotice(q);
}

std::vector<Notice> Store::currentNotices(std::int64_t atMs)
{
    Statement q = m_db.prepare(QH_NOTICE_COLUMNS
                               "WHERE withdrawn_at IS NULL AND ends_at > ? ORDER BY starts_at, id");
    q.bind(1, atMs);
    std::vector<Notice> result;
    while (q.step())
        result.push_back(readNotice(q));
    return result;
}

std::int64_t Store::addStaff(const StaffMember& member)
{
    m_db.prepare("INSERT INTO staff (number, name, department, roles, secret_hash, created_at) "
                 "VALUES (?, ?, ?, ?, ?, ?)")
        .bind(1, member.number)
        .bind(2, member.name)
        .bind(3, member.department)
        .bind(4, member.roles.join(u','))
        .bind(5, member.secretHash)
        .bind(6, member.createdAt)
        .exec();
    return m_db.lastInsertId();
}

void Store::updateStaff(const StaffMember& member)
{
    m_db.prepare("UPDATE staff SET name = ?, department = ?, roles = ?, secret_hash = ?, "
                 "failures = ?, locked_until = ?, disabled_at = ? WHERE id = ?")
        .bind(1, member.name)
        .bind(2, member.department)
        .bind(3, member.roles.join(u','))
        .bind(4, member.secretHash)
        .bind(5, member.failures)
        .bind(6, member.lockedUntil)
        .bind(7, member.disabledAt)
        .bind(8, member.id)
        .exec();
}

namespace {
#define QH_STAFF_COLUMNS                                                                           \
    "SELECT id, number, name, department, roles, secret_hash, failures, locked_until, "            \
    "created_at, disabled_at FROM staff "
StaffMember readStaff(const Statement& q)
{
    return {
        q.int64(0), q.text(1),    q.text(2),  q.text(3),  q.text(4).split(u',', Qt::SkipEmptyParts),
        q.text(5),  q.integer(6), q.int64(7), q.int64(8), q.optionalInt64(9)};
}
} // namespace

std::vector<StaffMember> Store::staff()
{
    Statement q = m_db.prepare(QH_STAFF_COLUMNS "ORDER BY number");
    std::vector<StaffMember> result;
    while (q.step())
        result.push_back(readStaff(q));
    return result;
}

std::optional<StaffMember> Store::staffMember(std::int64_t id)
{
    Statement q = m_db.prepare(QH_STAFF_COLUMNS "WHERE id = ?");
    q.bind(1, id);
    if (!q.step())
        return std::nullopt;
    return readStaff(q);
}

std::optional<StaffMember> Store::staffByNumber(const QString& number)
{
    Statement q = m_db.prepare(QH_STAFF_COLUMNS "WHERE number = ?");
    q.bind(1, number);
    if (!q.step())
        return std::nullopt;
    return readStaff(q);
}

bool Store::hasActiveClerks()
{
    Statement q = m_db.prepare("SELECT 1 FROM staff WHERE disabled_at IS NULL AND "
                               "(',' || roles || ',') LIKE '%,clerk,%' LIMIT 1");
    return q.step();
}

int Store::lastSequence(const QString& serviceDay, const QString& prefix)
{
    Statement q = m_db.prepare("SELECT seq FROM tickets WHERE service_day = ? AND prefix = ? "
                               "ORDER BY id DESC LIMIT 1");
    q.bind(1, serviceDay).bind(2, prefix);
    return q.step() ? q.integer(0) : 0;
}

bool Store::isNumberActive(const QString& number)
{
    Statement q = m_db.prepare("SELECT 1 FROM tickets WHERE " QH_ACTIVE " AND number = ? LIMIT 1");
    q.bind(1, number);
    return q.step();
}

WindowState Store::window(int number)
{
    Statement q = m_db.prepare(
        "SELECT paused, clerk, clerk_since, appointment_streak FROM windows WHERE number = ?");
    q.bind(1, number);
    if (!q.step())
        return {};
    WindowState state{number,
                      q.integer(0) != 0,
                      std::nullopt,
                      q.optionalInt64(1),
                      q.optionalInt64(2).value_or(0),
                      q.integer(3)};
    Statement current = m_db.prepare("SELECT id FROM tickets WHERE " QH_ACTIVE
                                     " AND state IN ('called', 'serving') AND window = ?");
    current.bind(1, number);
    if (current.step())
        state.currentTicket = current.int64(0);
    return state;
}

std::vector<WindowState> Store::windows()
{
    std::vector<WindowState> result;
    Statement q = m_db.prepare("SELECT number, paused, clerk, clerk_since, appointment_streak "
                               "FROM windows ORDER BY number");
    while (q.step())
        result.push_back({q.integer(0), q.integer(1) != 0, std::nullopt, q.optionalInt64(2),
                          q.optionalInt64(3).value_or(0), q.integer(4)});
    Statement current = m_db.prepare("SELECT window, id FROM tickets WHERE " QH_ACTIVE
                                     " AND state IN ('called', 'serving')");
    while (current.step()) {
        auto it = std::lower_bound(result.begin(), result.end(), current.integer(0),
                                   [](const WindowState& w, int n) { return w.number < n; });
        if (it != result.end() && it->number == current.integer(0))
            it->currentTicket = current.int64(1);
    }
    return result;
}

void Store::setPaused(int window, bool paused)
{
    m_db.prepare("UPDATE windows SET paused = ? WHERE number = ?")
        .bind(1, int(paused))
        .bind(2, window)
        .exec();
}

void Store::setAppointmentStreak(int window, int streak)
{
    m_db.prepare("UPDATE windows SET appointment_streak = ? WHERE number = ?")
        .bind(1, streak)
        .bind(2, window)
        .exec();
}

void Store::setClerk(int window, std::optional<std::int64_t> staffId, std::int64_t atMs)
{
    m_db.prepare("UPDATE windows SET clerk = ?, clerk_since = ? WHERE number = ?")
        .bind(1, staffId)
        .bind(2, staffId ? std::optional<std::int64_t>(atMs) : std::nullopt)
        .bind(3, window)
        .exec();
}

std::vector<QByteArray> Store::calendarYears()
{
    Statement q = m_db.prepare("SELECT content FROM calendar_years ORDER BY year");
    std::vector<QByteArray> years;
    while (q.step())
        years.push_back(q.text(0).toUtf8());
    return years;
}

void Store::saveCalendarYear(int year, const QByteArray& content, std::int64_t atMs)
{
    m_db.prepare("INSERT INTO calendar_years (year, content, imported_at) VALUES (?1, ?2, ?3) "
                 "ON CONFLICT (year) DO UPDATE SET content = ?2, imported_at = ?3")
        .bind(1, year)
        .bind(2, QString::fromUtf8(content))
        .bind(3, atMs)
        .exec();
}

std::int64_t Store::insertCase(const Case& c)
{
    m_db.prepare("INSERT INTO cases (" QH_CASE_COLUMNS ") VALUES (NULL, ?2, ?3, ?4, ?5, ?6, ?7, "
                 "?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, NULL, 0, ?16, NULL, NULL, NULL, NULL, 0, "
                 "?17, 0, NULL)")
        .bind(2, c.serial)
        .bind(3, c.serialStem)
        .bind(4, c.serialSeq)
        .bind(5, c.ticketId)
        .bind(6, c.serviceId)
        .bind(7, c.window)
        .bind(8, c.clerk)
        .bind(9, c.legalDays)
        .bind(10, c.promisedDays)
        .bind(11, c.acceptedAt)
        .bind(12, c.acceptedDay.toString(Qt::ISODate))
        .bind(13, c.dueDay.toString(Qt::ISODate))
        .bind(14, optionalDateText(c.warnDay))
        .bind(15, toString(c.state))
        .bind(16, toString(c.escalation))
        .bind(17, c.passwordHash)
        .exec();
    return m_db.lastInsertId();
}

void Store::updateCase(const Case& c)
{
    m_db.prepare("UPDATE cases SET due_day = ?2, warn_day = ?3, state = ?4, suspended_day = ?5, "
                 "suspended_days = ?6, escalation = ?7, result = ?8, reason = ?9, "
                 "finished_at = ?10, finished_day = ?11, used_days = ?12, failed_lookups = ?13, "
                 "locked_until = ?14 WHERE id = ?1")
        .bind(1, c.id)
        .bind(2, c.dueDay.toString(Qt::ISODate))
        .bind(3, optionalDateText(c.warnDay))
        .bind(4, toString(c.state))
        .bind(5, optionalDateText(c.suspendedDay))
        .bind(6, c.suspendedDays)
        .bind(7, toString(c.escalation))
        .bind(8, c.result ? std::optional(toString(*c.result)) : std::nullopt)
        .bind(9, c.reason.isEmpty() ? std::nullopt : std::optional(c.reason))
        .bind(10, c.finishedAt)
        .bind(11, optionalDateText(c.finishedDay))
        .bind(12, c.usedDays)
        .bind(13, c.failedLookups)
        .bind(14, c.lockedUntil)
        .exec();
}

std::optional<Case> Store::caseBySerial(const QString& serial)
{
    Statement q = m_db.prepare("SELECT " QH_CASE_COLUMNS " FROM cases WHERE serial = ?");
    q.bind(1, serial);
    if (!q.step())
        return std::nullopt;
    return readCase(q);
}

int Store::lastCaseSequence(const QString& stem)
{
    Statement q =
        m_db.prepare("SELECT coalesce(max(serial_seq), 0) FROM cases WHERE serial_stem = ?");
    q.bind(1, stem);
    q.step();
    return q.integer(0);
}

std::vector<Case> Store::openCases(std::optional<int> window)
{
    Statement q = m_db.prepare("SELECT " QH_CASE_COLUMNS " FROM cases "
                               "WHERE state IN ('accepted', 'suspended') "
                               "AND (?1 IS NULL OR window = ?1) ORDER BY due_day, id");
    q.bind(1, window);
    return readCases(q);
}

std::vector<Case> Store::casesAccepted(const QDate& from, const QDate& to)
{
    Statement q = m_db.prepare("SELECT " QH_CASE_COLUMNS " FROM cases "
                               "WHERE accepted_day BETWEEN ? AND ? ORDER BY id");
    q.bind(1, from.toString(Qt::ISODate)).bind(2, to.toString(Qt::ISODate));
    return readCases(q);
}

std::vector<Event> Store::searchEvents(const EventQuery& query)
{
    Statement q = m_db.prepare(
        "SELECT seq, at, type, actor, device, ticket_id, window, data FROM events WHERE seq < ?1 "
        "AND (?2 IS NULL OR ticket_id IN (SELECT id FROM tickets WHERE number = ?2)) "
        "AND (?3 IS NULL OR case_serial = ?3) AND (?4 IS NULL OR window = ?4) "
        "AND (?5 IS NULL OR instr(actor, ?5) > 0 OR instr(device, ?5) > 0) "
        "AND (?6 IS NULL OR at >= ?6) AND (?7 IS NULL OR at < ?7) "
        "AND (?8 IS NULL OR substr(type, 1, length(?8)) = ?8) ORDER BY seq DESC LIMIT ?9");
    q.bind(1, query.beforeSeq)
        .bind(2, query.ticketNumber)
        .bind(3, query.caseSerial)
        .bind(4, query.window)
        .bind(5, query.actor)
        .bind(6, query.fromMs)
        .bind(7, query.toMs)
        .bind(8, query.typePrefix)
        .bind(9, query.limit);
    return readEvents(q);
}

std::vector<Event> Store::caseEvents(const QString& serial)
{
    Statement q = m_db.prepare("SELECT seq, at, type, actor, device, ticket_id, window, data "
                               "FROM events WHERE case_serial = ? ORDER BY seq");
    q.bind(1, serial);
    return readEvents(q);
}

bool Store::ticketHasCase(std::int64_t ticketId)
{
    Statement q = m_db.prepare("SELECT 1 FROM cases WHERE ticket_id = ? LIMIT 1");
    q.bind(1, ticketId);
    return q.step();
}

namespace {

#define QH_OUTBOX_COLUMNS                                                                          \
    "id, phone, lang, kind, urgency, body, ticket_id, case_serial, event_seq, state, attempts, "   \
    "not_before, queued_at, sent_at, finished_at, failure, parts, appointment_id"

QString partsJson(const OutboxMessage& m)
{
    QJsonArray parts;
    for (const auto& [reference, delivered] : m.parts)
        parts.append(QJsonObject{{u"mr"_s, reference}, {u"delivered"_s, delivered}});
    return QString::fromUtf8(QJsonDocument(parts).toJson(QJsonDocument::Compact));
}

OutboxMessage readOutbox(const Statement& q)
{
    OutboxMessage m;
    m.id = q.int64(0);
    m.phone = q.text(1);
    m.lang = q.text(2);
    m.kind = q.text(3);
    m.urgency = q.integer(4);
    m.body = q.text(5);
    m.ticketId = q.optionalInt64(6);
    m.caseSerial = q.text(7);
    m.eventSeq = q.optionalInt64(8);
    m.state = outboxStateFromString(q.text(9)).value_or(OutboxMessage::State::Failed);
    m.attempts = q.integer(10);
    m.notBefore = q.int64(11);
    m.queuedAt = q.int64(12);
    m.sentAt = q.optionalInt64(13);
    m.finishedAt = q.optionalInt64(14);
    m.failure = q.text(15);
    for (const QJsonValue part : QJsonDocument::fromJson(q.text(16).toUtf8()).array())
        m.parts.emplace_back(part[u"mr"_s].toInt(), part[u"delivered"_s].toBool());
    m.appointmentId = q.optionalInt64(17);
    return m;
}

std::vector<OutboxMessage> readOutboxes(Statement& q)
{
    std::vector<OutboxMessage> messages;
    while (q.step())
        messages.push_back(readOutbox(q));
    return messages;
}

std::optional<QString> nonEmpty(const QString& text)
{
    return text.isEmpty() ? std::nullopt : std::optional(text);
}

} // namespace

std::int64_t Store::insertOutbox(const OutboxMessage& m)
{
    m_db.prepare("INSERT INTO outbox (" QH_OUTBOX_COLUMNS ") VALUES (NULL, ?2, ?3, ?4, ?5, ?6, "
                 "?7, ?8, ?9, ?10, ?11, ?12, ?13, NULL, NULL, NULL, NULL, ?18)")
        .bind(2, nonEmpty(m.phone))
        .bind(3, m.lang)
        .bind(4, m.kind)
        .bind(5, m.urgency)
        .bind(6, m.body)
        .bind(7, m.ticketId)
        .bind(8, nonEmpty(m.caseSerial))
        .bind(9, m.eventSeq)
        .bind(10, toString(m.state))
        .bind(11, m.attempts)
        .bind(12, m.notBefore)
        .bind(13, m.queuedAt)
        .bind(18, m.appointmentId)
        .exec();
    return m_db.lastInsertId();
}

std::optional<OutboxMessage> Store::outboxMessage(std::int64_t id)
{
    Statement q = m_db.prepare("SELECT " QH_OUTBOX_COLUMNS " FROM outbox WHERE id = ?");
    q.bind(1, id);
    if (!q.step())
        return std::nullopt;
    return readOutbox(q);
}

void Store::updateOutbox(const OutboxMessage& m)
{
    m_db.prepare("UPDATE outbox SET body = ?2, state = ?3, attempts = ?4, not_before = ?5, "
                 "sent_at = ?6, finished_at = ?7, failure = ?8, parts = ?9 WHERE id = ?1")
        .bind(1, m.id)
        .bind(2, m.body)
        .bind(3, toString(m.state))
        .bind(4, m.attempts)
        .bind(5, m.notBefore)
        .bind(6, m.sentAt)
        .bind(7, m.finishedAt)
        .bind(8, nonEmpty(m.failure))
        .bind(9, m.parts.empty() ? std::nullopt : std::optional(partsJson(m)))
        .exec();
}

std::optional<OutboxMessage> Store::nextOutbox(std::int64_t atMs)
{
    Statement q = m_db.prepare("SELECT " QH_OUTBOX_COLUMNS " FROM outbox WHERE state = 'queued' "
                               "AND not_before <= ? ORDER BY urgency, id LIMIT 1");
    q.bind(1, atMs);
    if (!q.step())
        return std::nullopt;
    return readOutbox(q);
}

std::optional<std::int64_t> Store::nextOutboxAt()
{
    Statement q = m_db.prepare("SELECT min(not_before) FROM outbox WHERE state = 'queued'");
    q.step();
    return q.optionalInt64(0);
}

std::vector<OutboxMessage> Store::sentOutboxTo(const QString& phone, int limit)
{
    Statement q = m_db.prepare("SELECT " QH_OUTBOX_COLUMNS " FROM outbox WHERE state = 'sent' "
                               "AND phone = ? ORDER BY id DESC LIMIT ?");
    q.bind(1, phone).bind(2, limit);
    return readOutboxes(q);
}

std::optional<OutboxMessage> Store::lastOutboxTo(const QString& phone, const QString& kind,
                                                 std::int64_t sinceMs)
{
    Statement q = m_db.prepare("SELECT " QH_OUTBOX_COLUMNS " FROM outbox WHERE phone = ? AND "
                               "kind = ? AND queued_at >= ? ORDER BY id DESC LIMIT 1");
    q.bind(1, phone).bind(2, kind).bind(3, sinceMs);
    if (!q.step())
        return std::nullopt;
    return readOutbox(q);
}

bool Store::hasOutbox(std::int64_t ticketId, const QString& kind)
{
    Statement q = m_db.prepare("SELECT 1 FROM outbox WHERE ticket_id = ? AND kind = ? LIMIT 1");
    q.bind(1, ticketId).bind(2, kind);
    return q.step();
}

int Store::outboxCount(OutboxMessage::State state, std::int64_t sinceMs)
{
    Statement q = m_db.prepare("SELECT count(*) FROM outbox WHERE state = ? AND queued_at >= ?");
    q.bind(1, toString(state)).bind(2, sinceMs);
    q.step();
    return q.integer(0);
}

std::optional<std::int64_t> Store::optedOutAt(const QString& phoneHash)
{
    Statement q = m_db.prepare("SELECT at FROM sms_opt_outs WHERE phone_hash = ?");
    q.bind(1, phoneHash);
    if (!q.step())
        return std::nullopt;
    return q.int64(0);
}

void Store::addOptOut(const QString& phoneHash, std::int64_t atMs)
{
    m_db.prepare("INSERT INTO sms_opt_outs (phone_hash, at) VALUES (?, ?) "
                 "ON CONFLICT (phone_hash) DO UPDATE SET at = excluded.at")
        .bind(1, phoneHash)
        .bind(2, atMs)
        .exec();
}

int Store::purgePhones(std::int64_t beforeMs)
{
    m_db.prepare("UPDATE tickets SET phone = NULL WHERE phone IS NOT NULL AND issued_at < ?")
        .bind(1, beforeMs)
        .exec();
    int purged = m_db.changes();
    m_db.prepare("UPDATE outbox SET phone = NULL WHERE phone IS NOT NULL AND queued_at < ?")
        .bind(1, beforeMs)
        .exec();
    purged += m_db.changes();
    m_db.prepare("UPDATE appointments SET phone = NULL WHERE phone IS NOT NULL AND slot_end < ?")
        .bind(1, beforeMs)
        .exec();
    return purged + m_db.changes();
}

std::vector<std::pair<QString, ServiceStat>> Store::serviceStats()
{
    Statement q = m_db.prepare("SELECT service_id, samples, mean_seconds FROM service_stats");
    std::vector<std::pair<QString, ServiceStat>> result;
    while (q.step())
        result.emplace_back(q.text(0), ServiceStat{q.integer(1), q.real(2)});
    return result;
}

void Store::saveServiceStat(const QString& serviceId, const ServiceStat& stat)
{
    m_db.prepare(
            "INSERT INTO service_stats (service_id, samples, mean_seconds) VALUES (?1, ?2, ?3) "
            "ON CONFLICT (service_id) DO UPDATE SET samples = ?2, mean_seconds = ?3")
        .bind(1, serviceId)
        .bind(2, stat.samples)
        .bind(3, stat.meanSeconds)
        .exec();
}

std::int64_t Store::appendEvent(const Event& event)
{
    std::int64_t seq = 1;
    QByteArray prevHash;
    {
        Statement last = m_db.prepare("SELECT seq, hash FROM events ORDER BY seq DESC LIMIT 1");
        if (last.step()) {
            seq = last.int64(0) + 1;
            prevHash = last.text(1).toLatin1();
        }
    }
    const QByteArray data = QJsonDocument(event.data).toJson(QJsonDocument::Compact);
    const QByteArray hash = eventHash(prevHash, seq, event.at, event.type, event.actor,
                                      event.device, event.ticketId, event.window, data);
    m_db.prepare("INSERT INTO events (seq, at, type, actor, device, ticket_id, window, data, "
                 "prev_hash, hash) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")
        .bind(1, seq)
        .bind(2, event.at)
        .bind(3, event.type)
        .bind(4, event.actor)
        .bind(5, event.device)
        .bind(6, event.ticketId)
        .bind(7, event.window)
        .bind(8, QString::fromUtf8(data))
        .bind(9, QString::fromLatin1(prevHash))
        .bind(10, QString::fromLatin1(hash))
        .exec();
    return seq;
}

std::vector<Event> Store::eventsSince(std::int64_t seq, int limit)
{
    Statement q = m_db.prepare("SELECT seq, at, type, actor, device, ticket_id, window, data "
                               "FROM events WHERE seq > ? ORDER BY seq LIMIT ?");
    q.bind(1, seq).bind(2, limit);
    return readEvents(q);
}

std::vector<Event> Store::recentCalls(int limit)
{
    Statement q = m_db.prepare(
        "SELECT seq, at, type, actor, device, ticket_id, window, data FROM events "
        "WHERE type IN ('ticket.called', 'ticket.recalled') ORDER BY seq DESC LIMIT ?");
    q.bind(1, limit);
    return readEvents(q);
}

std::optional<std::int64_t> Store::eventTime(std::int64_t seq)
{
    Statement q = m_db.prepare("SELECT at FROM events WHERE seq = ?");
    q.bind(1, seq);
    return q.step() ? std::optional(q.int64(0)) : std::nullopt;
}

std::int64_t Store::cityAcknowledged()
{
    return cityCursor(m_db).acknowledged;
}

void Store::setCityAcknowledged(std::int64_t seq)
{
    db::setCityAcknowledged(m_db, seq);
}

std::int64_t Store::lastEventSeq()
{
    Statement q = m_db.prepare("SELECT coalesce(max(seq), 0) FROM events");
    q.step();
    return q.int64(0);
}

// Walks the chain, then checks that the last event of each ticket and window matches its row:
// a deleted tail, or a row changed without its event, shows up there.
AuditReport Store::verifyAudit()
{
    AuditReport report;
    Statement q = m_db.prepare("SELECT seq, at, type, actor, device, ticket_id, window, data, "
                               "prev_hash, hash FROM events ORDER BY seq");
    std::int64_t expectedSeq = 1;
    QByteArray prevHash;
    std::unordered_map<std::int64_t, QString> lastTicketState;
    std::unordered_map<int, bool> lastPaused;
    std::map<QString, QString> lastCaseState;
    while (q.step()) {
        const std::int64_t seq = q.int64(0);
        if (seq != expectedSeq) {
            report.problems << u"events %1 to %2 are missing"_s.arg(expectedSeq).arg(seq - 1);
        } else if (q.text(8).toLatin1() != prevHash) {
            report.problems << u"event %1 does not follow the event before it"_s.arg(seq);
        }
        const QByteArray data = q.text(7).toUtf8();
        const QByteArray hash =
            eventHash(q.text(8).toLatin1(), seq, q.int64(1), q.text(2), q.text(3), q.text(4),
                      q.optionalInt64(5), optionalInt(q, 6), data);
        if (hash != q.text(9).toLatin1())
            report.problems << u"event %1 was altered after it was written"_s.arg(seq);
        if (!q.isNull(5))
            lastTicketState[q.int64(5)] =
                QJsonDocument::fromJson(data).object().value(u"state"_s).toString();
        else if (q.text(2).startsWith(u"case."_s)) {
            const QJsonObject o = QJsonDocument::fromJson(data).object();
            lastCaseState[o.value(u"case"_s).toString()] = o.value(u"state"_s).toString();
        } else if (q.text(2).startsWith(u"window."_s))
            lastPaused[q.integer(6)] = q.text(2) == u"window.paused"_s;
        prevHash = q.text(9).toLatin1();
        expectedSeq = seq + 1;
        ++report.checked;
    }
    Statement tickets = m_db.prepare("SELECT id, number, state FROM tickets ORDER BY id");
    while (tickets.step()) {
        const auto it = lastTicketState.find(tickets.int64(0));
        if (it == lastTicketState.end()) {
            report.problems
                << u"ticket %1 (id %2) has no event"_s.arg(tickets.text(1)).arg(tickets.int64(0));
        } else if (it->second != tickets.text(2)) {
            report.problems << u"ticket %1 (id %2) is %3 but its last event says %4"_s
                                   .arg(tickets.text(1))
                                   .arg(tickets.int64(0))
                                   .arg(tickets.text(2), it->second);
        }
    }
    Statement cases = m_db.prepare("SELECT serial, state FROM cases ORDER BY id");
    while (cases.step()) {
        const auto it = lastCaseState.find(cases.text(0));
        if (it == lastCaseState.end())
            report.problems << u"case %1 has no event"_s.arg(cases.text(0));
        else if (it->second != cases.text(1))
            report.problems << u"case %1 is %2 but its last event says %3"_s.arg(
                cases.text(0), cases.text(1), it->second);
    }
    for (const WindowState& w : windows()) {
        const auto it = lastPaused.find(w.number);
        if (w.paused != (it != lastPaused.end() && it->second))
            report.problems << u"window %1 is %2 but its last event says otherwise"_s.arg(w.number)
                                   .arg(w.paused ? u"paused"_s : u"open"_s);
    }
    return report;
}

} // namespace qh::db
