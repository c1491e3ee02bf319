// The hall kept in memory: the engine tests run against it as well as against SQLite, and the
// simulator runs whole years on it. Units of work are undo journals; nothing is durable.
#include "memorystore.h"

#include <algorithm>
#include <iterator>
#include <stdexcept>
#include <utility>

using namespace Qt::Literals::StringLiterals;

namespace qh::engine {

namespace {

bool isActive(TicketState state)
{
    return !isFinal(state);
}

} // namespace

MemoryStore::MemoryStore(const HallConfig& hall, const QString& actor, std::int64_t atMs)
    : m_hall(hall)
{
    appendEvent(hallInitialisedEvent(hall, actor, atMs));
}

void MemoryStore::replaceHall(const HallConfig& hall, const QByteArray& sourceJson)
{
    onUndo([this, before = m_hall, source = m_hallSource] {
        m_hall = before;
        m_hallSource = source;
    });
    m_hall = hall;
    m_hallSource = sourceJson;
}

std::vector<Ticket> MemoryStore::activeTickets()
{
    std::vector<Ticket> result;
    for (const auto& [number, id] : m_activeByNumber)
        result.push_back(m_tickets[std::size_t(id - 1)]);
    return result;
}

void MemoryStore::onUndo(std::function<void()> undo)
{
    if (m_inTransaction)
        m_undo.push_back(std::move(undo));
}

void MemoryStore::begin()
{
    if (m_inTransaction)
        throw std::logic_error("a transaction is already open");
    m_inTransaction = true;
}

void MemoryStore::commit()
{
    m_undo.clear();
    m_savepoints.clear();
    m_inTransaction = false;
}

void MemoryStore::rollback()
{
    while (!m_undo.empty()) {
        m_undo.back()();
        m_undo.pop_back();
    }
    m_savepoints.clear();
    m_inTransaction = false;
}

void MemoryStore::savepoint()
{
    if (!m_inTransaction)
        throw std::logic_error("a savepoint needs a transaction");
    m_savepoints.push_back(m_undo.size());
}

void MemoryStore::releaseSavepoint()
{
    m_savepoints.pop_back();
}

void MemoryStore::rollbackToSavepoint()
{
    const std::size_t mark = m_savepoints.back();
    m_savepoints.pop_back();
    while (m_undo.size() > mark) {
        m_undo.back()();
        m_undo.pop_back();
    }
}

void MemoryStore::index(const Ticket& t)
{
    if (!isActive(t.state))
        return;
    m_activeByNumber[t.number] = t.id;
    if (t.state == TicketState::Waiting)
        m_waiting.insert(t.id);
}

void MemoryStore::unindex(const Ticket& t)
{
    const auto it = m_activeByNumber.find(t.number);
    if (it != m_activeByNumber.end() && it->second == t.id)
        m_activeByNumber.erase(it);
    m_waiting.erase(t.id);
}

std::optional<Ticket> MemoryStore::ticket(std::int64_t id)
{
    if (id < 1 || id > std::int64_t(m_tickets.size()))
        return std::nullopt;
    return m_tickets[std::size_t(id - 1)];
}

std::optional<Ticket> MemoryStore::activeTicketByNumber(const QString& number)
{
    const auto it = m_activeByNumber.find(number);
    return it == m_activeByNumber.end() ? std::nullopt : ticket(it->second);
}

std::optional<Ticket> MemoryStore::ticketByStatusCode(const QString& code)
{
    for (auto it = m_tickets.rbegin(); it != m_tickets.rend(); ++it) {
        if (it->statusCode == code)
            return *it;
    }
    return std::nullopt;
}

std::int64_t MemoryStore::insertTicket(const Ticket& ticket)
{
    Ticket t = ticket;
    t.id = std::int64_t(m_tickets.size()) + 1;
    m_tickets.push_back(t);
    index(t);
    const std::pair<QString, QString> day{t.serviceDay, t.prefix};
    const auto before = m_lastSequence.find(day);
    const std::optional<int> previous =
        before == m_lastSequence.end() ? std::nullopt : std::optional(before->second);
    m_lastSequence[day] = t.seq;
    onUndo([this, t, day, previous] {
        unindex(t);
        m_tickets.pop_back();
        if (previous)
            m_lastSequence[day] = *previous;
        else
            m_lastSequence.erase(day);
    });
    return t.id;
}

void MemoryStore::updateTicket(const Ticket& ticket)
{
    Ticket& stored = m_tickets.at(std::size_t(ticket.id - 1));
    const Ticket old = stored;
    unindex(old);
    // What a ticket's life changes; the rest was fixed when it was issued.
    stored.targetWindow = ticket.targetWindow;
    stored.state = ticket.state;
    stored.queuedAt = ticket.queuedAt;
    stored.calledAt = ticket.calledAt;
    stored.startedAt = ticket.startedAt;
    stored.finishedAt = ticket.finishedAt;
    stored.window = ticket.window;
    stored.calls = ticket.calls;
    stored.voidReason = ticket.voidReason;
    index(stored);
    onUndo([this, old] {
        Ticket& t = m_tickets.at(std::size_t(old.id - 1));
        unindex(t);
        t = old;
        index(t);
    });
}

std::optional<Ticket> MemoryStore::lastCompletedAt(int window)
{
    const Ticket* last = nullptr;
    for (const Ticket& t : m_tickets) {
        if (t.state == TicketState::Completed && t.window == window &&
            (!last || *t.finishedAt > *last->finishedAt))
            last = &t;
    }
    return last ? std::optional(*last) : std::nullopt;
}

std::optional<int> MemoryStore::rating(std::int64_t ticketId)
{
    const auto it = m_ratings.find(ticketId);
    return it == m_ratings.end() ? std::nullopt : std::optional(it->second);
}

std::optional<int> MemoryStore::caseRating(const QString& serial)
{
    const auto it = m_caseRatings.find(serial);
    return it == m_caseRatings.end() ? std::nullopt : std::optional(it->second);
}

std::int64_t MemoryStore::addRating(const Rating& r)
{
    if (!r.caseSerial.isEmpty()) {
        if (!m_caseRatings.emplace(r.caseSerial, r.rating).second)
            throw std::logic_error("the case is rated already");
        onUndo([this, serial = r.caseSerial] { m_caseRatings.erase(serial); });
    } else {
        if (!m_ratings.emplace(r.ticketId, r.rating).second)
            throw std::logic_error("the ticket is rated already");
        onUndo([this, id = r.ticketId] { m_ratings.erase(id); });
    }
    onUndo([this] { --m_ratingCount; });
    return ++m_ratingCount;
}

std::int64_t MemoryStore::insertFollowUp(const FollowUp& f)
{
    FollowUp stored = f;
    stored.id = std::int64_t(m_followUps.size()) + 1;
    m_followUps.push_back(stored);
    onUndo([this] { m_followUps.pop_back(); });
    return stored.id;
}

void MemoryStore::updateFollowUp(const FollowUp& f)
{
    FollowUp& stored = m_followUps.at(std::size_t(f.id - 1));
    onUndo([this, old = stored] { m_followUps.at(std::size_t(old.id - 1)) = old; });
    stored = f;
}

std::optional<FollowUp> MemoryStore::followUp(std::int64_t id)
{
    if (id < 1 || id > std::int64_t(m_followUps.size()))
        return std::nullopt;
    return m_followUps[std::size_t(id - 1)];
}

std::vector<FollowUp> MemoryStore::pendingFollowUps()
{
    std::vector<FollowUp> pending;
    for (const FollowUp& f : m_followUps) {
        if (f.state == FollowUpState::Open || f.state == FollowUpState::Contacted ||
            f.state == FollowUpState::Appealed)
            pending.push_back(f);
    }
    std::stable_sort(pending.begin(), pending.end(),
                     [](const FollowUp& a, const FollowUp& b) { return a.dueDay < b.dueDay; });
    return pending;
}

std::vector<Event> MemoryStore::followUpEvents(std::int64_t id)
{
    std::vector<Event> found;
    for (const Event& e : m_events) {
        if (e.data.value(u"followUp"_s).toInteger() == id)
            found.push_back(e);
    }
    return found;
}

std::vector<Ticket> MemoryStore::callableBy(int window)
{
    const Window* w = m_hall.window(window);
    std::vector<Ticket> result;
    for (const std::int64_t id : m_waiting) {
        const Ticket& t = m_tickets[std::size_t(id - 1)];
        const bool served =
            w && std::any_of(w->services.begin(), w->services.end(),
                             [&](const WindowService& ws) { return ws.service == t.serviceId; });
        if (t.targetWindow == window || (!t.targetWindow && served))
            result.push_back(t);
    }
    return result;
}

std::vector<Ticket> MemoryStore::waitingFor(const QString& serviceId)
{
    std::vector<Ticket> result;
    for (const std::int64_t id : m_waiting) {
        const Ticket& t = m_tickets[std::size_t(id - 1)];
        if (t.serviceId == serviceId)
            result.push_back(t);
    }
    return result;
}

std::vector<std::pair<QString, int>> MemoryStore::waitingCounts()
{
    std::map<QString, int> counts;
    for (const std::int64_t id : m_waiting)
        ++counts[m_tickets[std::size_t(id - 1)].serviceId];
    return {counts.begin(), counts.end()};
}

std::vector<Ticket> MemoryStore::issuingOlderThan(std::int64_t at)
{
    std::vector<Ticket> result;
    for (const auto& [number, id] : m_activeByNumber) {
        const Ticket& t = m_tickets[std::size_t(id - 1)];
        if (t.state == TicketState::Issuing && t.issuedAt < at)
            result.push_back(t);
    }
    return result;
}

std::vector<std::pair<TicketState, int>> MemoryStore::countByState(const QString& serviceDay)
{
    std::map<TicketState, int> counts;
    for (const Ticket& t : m_tickets) {
        if (t.serviceDay == serviceDay)
            ++counts[t.state];
    }
    return {counts.begin(), counts.end()};
}

int MemoryStore::lastSequence(const QString& serviceDay, const QString& prefix)
{
    const auto it = m_lastSequence.find({serviceDay, prefix});
    return it == m_lastSequence.end() ? 0 : it->second;
}

std::optional<IdempotentIssue> MemoryStore::idempotentIssue(const QString& device,
                                                            const QString& key)
{
    const auto it = m_idempotent.find({device, key});
    return it == m_idempotent.end() ? std::nullopt : std::optional(it->second);
}

void MemoryStore::saveIdempotentIssue(const QString& device, const QString& key,
                                      const IdempotentIssue& issue, std::int64_t)
{
    if (!m_idempotent.emplace(std::pair(device, key), issue).second)
        throw std::logic_error("the idempotency key is in use already");
    onUndo([this, device, key] { m_idempotent.erase({device, key}); });
}

bool MemoryStore::isNumberActive(const QString& number)
{
    return m_activeByNumber.count(number) > 0;
}

WindowState MemoryStore::window(int number)
{
    if (!m_hall.window(number))
        return {};
    WindowState state{number, m_paused[number], std::nullopt};
    withClerk(state);
    for (const auto& [ticketNumber, id] : m_activeByNumber) {
        const Ticket& t = m_tickets[std::size_t(id - 1)];
        if ((t.state == TicketState::Called || t.state == TicketState::Serving) &&
            t.window == number)
            state.currentTicket = id;
    }
    return state;
}

std::vector<WindowState> MemoryStore::windows()
{
    std::map<int, WindowState> byNumber;
    for (const Window& w : m_hall.windows)
        withClerk(byNumber[w.number] = {w.number, m_paused[w.number], std::nullopt});
    for (const auto& [number, id] : m_activeByNumber) {
        const Ticket& t = m_tickets[std::size_t(id - 1)];
        if ((t.state == TicketState::Called || t.state == TicketState::Serving) && t.window)
            byNumber[*t.window].currentTicket = id;
    }
    std::vector<WindowState> result;
    for (const auto& [number, state] : byNumber)
        result.push_back(state);
    return result;
}

void MemoryStore::withClerk(WindowState& state) const
{
    if (const auto it = m_clerks.find(state.number); it != m_clerks.end()) {
        state.clerk = it->second.first;
        state.clerkSince = it->second.second;
    }
    if (const auto it = m_streaks.find(state.number); it != m_streaks.end())
        state.appointmentStreak = it->second;
}

void MemoryStore::setAppointmentStreak(int window, int streak)
{
    const int before = m_streaks[window];
    m_streaks[window] = streak;
    onUndo([this, window, before] { m_streaks[window] = before; });
}

void MemoryStore::setClerk(int window, std::optional<std::int64_t> staffId, std::int64_t atMs)
{
    const auto before = m_clerks;
    if (staffId)
        m_clerks[window] = {*staffId, atMs};
    else
        m_clerks.erase(window);
    onUndo([this, before] { m_clerks = before; });
}

void MemoryStore::setPaused(int window, bool paused)
{
    const bool before = m_paused[window];
    m_paused[window] = paused;
    onUndo([this, window, before] { m_paused[window] = before; });
}

std::vector<QByteArray> MemoryStore::calendarYears()
{
    std::vector<QByteArray> years;
    for (const auto& [year, content] : m_calendarYears)
        years.push_back(content);
    return years;
}

void MemoryStore::saveCalendarYear(int year, const QByteArray& content, std::int64_t)
{
    const auto it = m_calendarYears.find(year);
    const std::optional<QByteArray> before =
        it == m_calendarYears.end() ? std::nullopt : std::optional(it->second);
    m_calendarYears[year] = content;
    onUndo([this, year, before] {
        if (before)
            m_calendarYears[year] = *before;
        else
            m_calendarYears.erase(year);
    });
}

std::int64_t MemoryStore::insertCase(const Case& c)
{
    Case stored = c;
    stored.id = std::int64_t(m_cases.size()) + 1;
    if (m_caseBySerial.count(stored.serial))
        throw StoreError("case serial " + stored.serial.toStdString() + " is taken");
    m_cases.push_back(stored);
    m_caseBySerial[stored.serial] = stored.id;
    const int previous = std::exchange(m_lastCaseSequence[stored.serialStem], stored.serialSeq);
    if (isOpen(stored.state))
        m_openCases.insert(stored.id);
    onUndo([this, stored, previous] {
        m_openCases.erase(stored.id);
        m_lastCaseSequence[stored.serialStem] = previous;
        m_caseBySerial.erase(stored.serial);
        m_cases.pop_back();
    });
    return stored.id;
}

void MemoryStore::updateCase(const Case& c)
{
    Case& stored = m_cases.at(std::size_t(c.id - 1));
    const Case old = stored;
    stored = c;
    if (isOpen(c.state))
        m_openCases.insert(c.id);
    else
        m_openCases.erase(c.id);
    onUndo([this, old] {
        m_cases.at(std::size_t(old.id - 1)) = old;
        if (isOpen(old.state))
            m_openCases.insert(old.id);
        else
            m_openCases.erase(old.id);
    });
}

std::optional<Case> MemoryStore::caseBySerial(const QString& serial)
{
    const auto it = m_caseBySerial.find(serial);
    if (it == m_caseBySerial.end())
        return std::nullopt;
    return m_cases.at(std::size_t(it->second - 1));
}

int MemoryStore::lastCaseSequence(const QString& stem)
{
    const auto it = m_lastCaseSequence.find(stem);
    return it == m_lastCaseSequence.end() ? 0 : it->second;
}

std::vector<Case> MemoryStore::openCases(std::optional<int> window)
{
    std::vector<Case> open;
    for (const std::int64_t id : m_openCases) {
        const Case& c = m_cases.at(std::size_t(id - 1));
        if (!window || c.window == *window)
            open.push_back(c);
    }
    std::stable_sort(open.begin(), open.end(),
                     [](const Case& a, const Case& b) { return a.dueDay < b.dueDay; });
    return open;
}

std::vector<Case> MemoryStore::casesAccepted(const QDate& from, const QDate& to)
{
    std::vector<Case> found;
    for (const Case& c : m_cases) {
        if (c.acceptedDay >= from && c.acceptedDay <= to)
            found.push_back(c);
    }
    return found;
}

std::vector<Event> MemoryStore::caseEvents(const QString& serial)
{
    std::vector<Event> found;
    for (const Event& e : m_events) {
        if (e.data.value(u"case"_s).toString() == serial)
            found.push_back(e);
    }
    return found;
}

bool MemoryStore::ticketHasCase(std::int64_t ticketId)
{
    return std::any_of(m_cases.begin(), m_cases.end(),
                       [&](const Case& c) { return c.ticketId == ticketId; });
}

std::int64_t MemoryStore::insertOutbox(const OutboxMessage& message)
{
    OutboxMessage m = message;
    m.id = std::int64_t(m_outbox.size()) + 1;
    m_outbox.push_back(m);
    onUndo([this] { m_outbox.pop_back(); });
    return m.id;
}

std::optional<OutboxMessage> MemoryStore::outboxMessage(std::int64_t id)
{
    if (id < 1 || id > std::int64_t(m_outbox.size()))
        return std::nullopt;
    return m_outbox[std::size_t(id - 1)];
}

void MemoryStore::updateOutbox(const OutboxMessage& message)
{
    OutboxMessage& stored = m_outbox.at(std::size_t(message.id - 1));
    const OutboxMessage old = stored;
    stored = message;
    stored.phone = old.phone; // what sending changes, as the SQLite store
    onUndo([this, old] { m_outbox.at(std::size_t(old.id - 1)) = old; });
}

std::optional<OutboxMessage> MemoryStore::nextOutbox(std::int64_t atMs)
{
    const OutboxMessage* next = nullptr;
    for (const OutboxMessage& m : m_outbox) {
        if (m.state == OutboxMessage::State::Queued && m.notBefore <= atMs &&
            (!next || m.urgency < next->urgency))
            next = &m;
    }
    return next ? std::optional(*next) : std::nullopt;
}

std::optional<std::int64_t> MemoryStore::nextOutboxAt()
{
    std::optional<std::int64_t> at;
    for (const OutboxMessage& m : m_outbox) {
        if (m.state == OutboxMessage::State::Queued && (!at || m.notBefore < *at))
            at = m.notBefore;
    }
    return at;
}

std::vector<OutboxMessage> MemoryStore::sentOutboxTo(const QString& phone, int limit)
{
    std::vector<OutboxMessage> sent;
    for (auto it = m_outbox.rbegin(); it != m_outbox.rend() && int(sent.size()) < limit; ++it) {
        if (it->state == OutboxMessage::State::Sent && it->phone == phone)
            sent.push_back(*it);
    }
    return sent;
}

std::optional<OutboxMessage> MemoryStore::lastOutboxTo(const QString& phone, const QString& kind,
                                                       std::int64_t sinceMs)
{
    for (auto it = m_outbox.rbegin(); it != m_outbox.rend(); ++it) {
        if (it->phone == phone && it->kind == kind && it->queuedAt >= sinceMs)
            return *it;
    }
    return std::nullopt;
}

bool MemoryStore::hasOutbox(std::int64_t ticketId, const QString& kind)
{
    return std::any_of(m_outbox.begin(), m_outbox.end(), [&](const OutboxMessage& m) {
        return m.ticketId == ticketId && m.kind == kind;
    });
}

int MemoryStore::outboxCount(OutboxMessage::State state, std::int64_t sinceMs)
{
    return int(std::count_if(m_outbox.begin(), m_outbox.end(), [&](const OutboxMessage& m) {
        return m.state == state && m.queuedAt >= sinceMs;
    }));
}

std::optional<std::int64_t> MemoryStore::optedOutAt(const QString& phoneHash)
{
    const auto it = m_optOuts.find(phoneHash);
    return it == m_optOuts.end() ? std::nullopt : std::optional(it->second);
}

void MemoryStore::addOptOut(const QString& phoneHash, std::int64_t atMs)
{
    const std::optional<std::int64_t> before = optedOutAt(phoneHash);
    m_optOuts[phoneHash] = atMs;
    onUndo([this, phoneHash, before] {
        if (before)
            m_optOuts[phoneHash] = *before;
        else
            m_optOuts.erase(phoneHash);
    });
}

int MemoryStore::purgePhones(std::int64_t beforeMs)
{
    int purged = 0;
    for (Ticket& t : m_tickets) {
        if (!t.phone.isEmpty() && t.issuedAt < beforeMs) {
            onUndo([this, id = t.id, phone = t.phone] {
                m_tickets.at(std::size_t(id - 1)).phone = phone;
            });
            t.phone.clear();
            ++purged;
        }
    }
    for (OutboxMessage& m : m_outbox) {
        if (!m.phone.isEmpty() && m.queuedAt < beforeMs) {
            onUndo([this, id = m.id, phone = m.phone] {
                m_outbox.at(std::size_t(id - 1)).phone = phone;
            });
            m.phone.clear();
            ++purged;
        }
    }
    for (Appointment& a : m_appointments) {
        if (!a.phone.isEmpty() && a.slotEnd < beforeMs) {
            onUndo([this, id = a.id, phone = a.phone] {
                m_appointments.at(std::size_t(id - 1)).phone = phone;
            });
            a.phone.clear();
            ++purged;
        }
    }
    return purged;
}

std::vector<std::pair<QString, ServiceStat>> MemoryStore::serviceStats()
{
    return {m_stats.begin(), m_stats.end()};
}

void MemoryStore::saveServiceStat(const QString& serviceId, const ServiceStat& stat)
{
    const auto it = m_stats.find(serviceId);
    const std::optional<ServiceStat> before =
        it == m_stats.end() ? std::nullopt : std::optional(it->second);
    m_stats[serviceId] = stat;
    onUndo([this, serviceId, before] {
        if (before)
            m_stats[serviceId] = *before;
        else
            m_stats.erase(serviceId);
    });
}

std::int64_t MemoryStore::addDevice(const Device& device, const QString& tokenHash)
{
    Device d = device;
    d.id = std::int64_t(m_devices.size()) + 1;
    m_devices.emplace_back(d, tokenHash);
    onUndo([this] { m_devices.pop_back(); });
    return d.id;
}

std::vector<Device> MemoryStore::devices()
{
    std::vector<Device> result;
    for (const auto& [device, hash] : m_devices)
        result.push_back(device);
    return result;
}

std::optional<Device> MemoryStore::device(std::int64_t id)
{
    if (id < 1 || id > std::int64_t(m_devices.size()))
        return std::nullopt;
    return m_devices[std::size_t(id - 1)].first;
}

std::optional<Device> MemoryStore::activeDeviceByTokenHash(const QString& tokenHash)
{
    for (const auto& [device, hash] : m_devices) {
        if (hash == tokenHash && !device.revokedAt)
            return device;
    }
    return std::nullopt;
}

void MemoryStore::revokeDevice(std::int64_t id, std::int64_t atMs)
{
    Device& d = m_devices.at(std::size_t(id - 1)).first;
    const std::optional<std::int64_t> before = d.revokedAt;
    d.revokedAt = atMs;
    onUndo([this, id, before] { m_devices.at(std::size_t(id - 1)).first.revokedAt = before; });
}

std::int64_t MemoryStore::insertAppointment(const Appointment& a)
{
    Appointment stored = a;
    stored.id = std::int64_t(m_appointments.size()) + 1;
    m_appointments.push_back(stored);
    onUndo([this] { m_appointments.pop_back(); });
    return stored.id;
}

void MemoryStore::updateAppointment(const Appointment& a)
{
    Appointment& stored = m_appointments.at(std::size_t(a.id - 1));
    onUndo([this, before = stored] { m_appointments.at(std::size_t(before.id - 1)) = before; });
    stored.state = a.state;
    stored.ticketId = a.ticketId;
    stored.finishedAt = a.finishedAt;
    stored.phone = a.phone;
}

std::optional<Appointment> MemoryStore::appointment(std::int64_t id)
{
    if (id < 1 || id > std::int64_t(m_appointments.size()))
        return std::nullopt;
    return m_appointments[std::size_t(id - 1)];
}

std::optional<Appointment>
MemoryStore::firstAppointment(const std::function<bool(const Appointment&)>& matches) const
{
    const auto it = std::find_if(m_appointments.begin(), m_appointments.end(), matches);
    return it == m_appointments.end() ? std::nullopt : std::optional(*it);
}

std::optional<Appointment> MemoryStore::appointmentByCode(const QString& code)
{
    return firstAppointment([&](const Appointment& a) { return a.code == code; });
}

std::optional<Appointment> MemoryStore::appointmentByTicket(std::int64_t ticketId)
{
    return firstAppointment([&](const Appointment& a) { return a.ticketId == ticketId; });
}

std::map<std::int64_t, int> MemoryStore::bookedSlots(const QString& serviceId, std::int64_t fromMs,
                                                     std::int64_t toMs)
{
    std::map<std::int64_t, int> result;
    for (const Appointment& a : m_appointments) {
        if (a.serviceId == serviceId && a.slotStart >= fromMs && a.slotStart < toMs &&
            a.state != AppointmentState::Cancelled)
            ++result[a.slotStart];
    }
    return result;
}

int MemoryStore::bookingsOn(const QString& phone, const QDate& day)
{
    return int(std::count_if(m_appointments.begin(), m_appointments.end(), [&](const auto& a) {
        return a.phone == phone && a.day == day && a.state != AppointmentState::Cancelled;
    }));
}

int MemoryStore::openBookings(const QString& phone, std::int64_t fromMs)
{
    return int(std::count_if(m_appointments.begin(), m_appointments.end(), [&](const auto& a) {
        return a.phone == phone && a.state == AppointmentState::Booked && a.slotStart >= fromMs;
    }));
}

std::vector<Appointment> MemoryStore::bookedBetween(std::int64_t fromMs, std::int64_t toMs)
{
    std::vector<Appointment> result;
    std::copy_if(m_appointments.begin(), m_appointments.end(), std::back_inserter(result),
                 [&](const Appointment& a) {
                     return a.state == AppointmentState::Booked && a.slotStart >= fromMs &&
                            a.slotStart < toMs;
                 });
    std::stable_sort(result.begin(), result.end(),
                     [](const auto& a, const auto& b) { return a.slotStart < b.slotStart; });
    return result;
}

std::vector<Appointment> MemoryStore::appointmentsOn(const QDate& day)
{
    std::vector<Appointment> result;
    std::copy_if(m_appointments.begin(), m_appointments.end(), std::back_inserter(result),
                 [&](const Appointment& a) { return a.day == day; });
    std::stable_sort(result.begin(), result.end(),
                     [](const auto& a, const auto& b) { return a.slotStart < b.slotStart; });
    return result;
}

std::int64_t MemoryStore::insertNotice(const Notice& notice)
{
    Notice n = notice;
    n.id = std::int64_t(m_notices.size()) + 1;
    m_notices.push_back(n);
    onUndo([this] { m_notices.pop_back(); });
    return n.id;
}

void MemoryStore::withdrawNotice(std::int64_t id, std::int64_t atMs)
{
    Notice& n = m_notices.at(std::size_t(id - 1));
    const std::optional<std::int64_t> before = n.withdrawnAt;
    n.withdrawnAt = atMs;
    onUndo([this, id, before] { m_notices.at(std::size_t(id - 1)).withdrawnAt = before; });
}

std::optional<Notice> MemoryStore::notice(std::int64_t id)
{
    if (id < 1 || id > std::int64_t(m_notices.size()))
        return std::nullopt;
    return m_notices[std::size_t(id - 1)];
}

std::vector<Notice> MemoryStore::currentNotices(std::int64_t atMs)
{
    std::vector<Notice> result;
    std::copy_if(m_notices.begin(), m_notices.end(), std::back_inserter(result),
                 [&](const Notice& n) { return n.endsAt > atMs && !n.withdrawnAt; });
    std::stable_sort(result.begin(), result.end(),
                     [](const Notice& a, const Notice& b) { return a.startsAt < b.startsAt; });
    return result;
}

std::int64_t MemoryStore::addStaff(const StaffMember& member)
{
    if (staffByNumber(member.number))
        throw StoreError("staff number " + member.number.toStdString() + " is taken");
    StaffMember m = member;
    m.id = std::int64_t(m_staff.size()) + 1;
    m_staff.push_back(m);
    onUndo([this] { m_staff.pop_back(); });
    return m.id;
}

void MemoryStore::updateStaff(const StaffMember& member)
{
    StaffMember& m = m_staff.at(std::size_t(member.id - 1));
    const StaffMember before = m;
    m = member;
    m.number = before.number;
    onUndo([this, before] { m_staff.at(std::size_t(before.id - 1)) = before; });
}

std::vector<StaffMember> MemoryStore::staff()
{
    std::vector<StaffMember> result = m_staff;
    std::sort(result.begin(), result.end(),
              [](const StaffMember& a, const StaffMember& b) { return a.number < b.number; });
    return result;
}

std::optional<StaffMember> MemoryStore::staffMember(std::int64_t id)
{
    if (id < 1 || id > std::int64_t(m_staff.size()))
        return std::nullopt;
    return m_staff[std::size_t(id - 1)];
}

std::optional<StaffMember> MemoryStore::staffByNumber(const QString& number)
{
    for (const StaffMember& m : m_staff) {
        if (m.number == number)
            return m;
    }
    return std::nullopt;
}

bool MemoryStore::hasActiveClerks()
{
    return std::any_of(m_staff.begin(), m_staff.end(), [](const StaffMember& m) {
        return m.active() && m.hasRole(QStringLiteral("clerk"));
    });
}

std::int64_t MemoryStore::appendEvent(const Event& event)
{
    Event e = event;
    e.seq = std::int64_t(m_events.size()) + 1;
    m_events.push_back(e);
    onUndo([this] { m_events.pop_back(); });
    return e.seq;
}

std::vector<Event> MemoryStore::eventsSince(std::int64_t seq, int limit)
{
    std::vector<Event> result;
    for (std::size_t i = std::size_t(std::max<std::int64_t>(seq, 0));
         i < m_events.size() && int(result.size()) < limit; ++i)
        result.push_back(m_events[i]);
    return result;
}

std::vector<Event> MemoryStore::recentCalls(int limit)
{
    std::vector<Event> result;
    for (auto it = m_events.rbegin(); it != m_events.rend() && int(result.size()) < limit; ++it) {
        if (it->type == QStringLiteral("ticket.called") ||
            it->type == QStringLiteral("ticket.recalled"))
            result.push_back(*it);
    }
    return result;
}

std::optional<std::int64_t> MemoryStore::eventTime(std::int64_t seq)
{
    if (seq < 1 || seq > std::int64_t(m_events.size()))
        return std::nullopt;
    return m_events[std::size_t(seq - 1)].at;
}

void MemoryStore::setCityAcknowledged(std::int64_t seq)
{
    onUndo([this, before = m_cityAcknowledged] { m_cityAcknowledged = before; });
    m_cityAcknowledged = seq;
}

} // namespace qh::engine
