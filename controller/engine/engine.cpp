// The queue engine: the whole ticket lifecycle. It runs inside the application service's unit of
// work, which owns the transaction; the events it records go to the service's audit trail.
#include "engine.h"

#include "numbering.h"
#include "routing.h"

#include <algorithm>

#include <QJsonObject>
#include <QRandomGenerator>
#include <QTimeZone>

using namespace Qt::Literals::StringLiterals;
using qh::engine::Priority;
using qh::engine::Ticket;
using qh::engine::TicketState;

namespace qh::engine {

namespace {

constexpr int kStatusCodeLength = 10;
// No 0/O, 1/I/L: the code may be typed from paper.
constexpr char kStatusCodeAlphabet[] = "23456789ABCDEFGHJKMNPQRSTUVWXYZ";

QString newStatusCode(QRandomGenerator& random)
{
    QString code;
    for (int i = 0; i < kStatusCodeLength; ++i)
        code +=
            QLatin1Char(kStatusCodeAlphabet[random.bounded(int(sizeof(kStatusCodeAlphabet) - 1))]);
    return code;
}

QString stateRefusal(const Ticket& t, const QString& needed)
{
    return u"ticket %1 is %2, not %3"_s.arg(t.number, toString(t.state), needed);
}

} // namespace

void refuse(EngineError::Code code, const QString& message, QJsonObject details)
{
    throw EngineError(code, message, std::move(details));
}

EngineError::EngineError(Code code, const QString& message, QJsonObject details)
    : std::runtime_error(message.toStdString())
    , m_code(code)
    , m_details(std::move(details))
{
}

QString EngineError::codeName() const
{
    switch (m_code) {
    case Code::NotFound:
        return u"not_found"_s;
    case Code::WrongState:
        return u"wrong_state"_s;
    case Code::NotServing:
        return u"not_serving"_s;
    case Code::IssuingClosed:
        return u"issuing_closed"_s;
    case Code::Invalid:
        return u"invalid"_s;
    case Code::NumbersExhausted:
        return u"numbers_exhausted"_s;
    case Code::KeyReused:
        return u"idempotency_key_reused"_s;
    case Code::NoClerk:
        return u"no_clerk"_s;
    case Code::SlotFull:
        return u"slot_full"_s;
    case Code::BookingLimit:
        return u"booking_limit"_s;
    case Code::TooEarly:
        return u"too_early"_s;
    case Code::TooLate:
        return u"too_late"_s;
    case Code::AlreadyCheckedIn:
        return u"already_checked_in"_s;
    case Code::Cancelled:
        return u"cancelled"_s;
    case Code::OtherDay:
        return u"other_day"_s;
    case Code::WrongService:
        return u"wrong_service"_s;
    }
    return u"error"_s;
}

QueueEngine::QueueEngine(HallStore& store, const Clock& clock, AuditTrail& trail,
                         QRandomGenerator& random)
    : m_store(store)
    , m_clock(clock)
    , m_trail(trail)
    , m_random(random)
    , m_hall(store.loadHall())
    , m_predictor(m_hall)
    , m_serviceTimes(m_hall)
    , m_cases(store, clock, trail, random, m_hall, m_calendar)
    , m_messages(store, clock, trail, m_hall, *this)
    , m_followUps(store, clock, trail, m_hall, m_calendar)
    , m_appointments(store, clock, trail, random, m_hall, m_calendar)
{
    readCaches();
}

void QueueEngine::reloadCaches()
{
    useHall(m_store.loadHall());
}

void QueueEngine::useHall(HallConfig hall)
{
    m_hall = std::move(hall);
    m_predictor = WaitPredictor(m_hall);
    readCaches();
}

void QueueEngine::readCaches()
{
    m_serviceTimes = ServiceTimes(m_hall);
    for (const auto& [serviceId, stat] : m_store.serviceStats())
        m_serviceTimes.restore(serviceId, stat.samples, stat.meanSeconds);
    m_calendar = WorkingCalendar();
    for (const QByteArray& content : m_store.calendarYears()) {
        try {
            m_calendar.setYear(parseCalendarYear(content));
        } catch (const CalendarError& e) {
            throw StoreError(std::string("a stored calendar year cannot be read: ") + e.what());
        }
    }
    for (const Closure& closure : m_hall.closures)
        m_calendar.addClosure(closure);
}

QDateTime QueueEngine::localNow() const
{
    return QDateTime::fromMSecsSinceEpoch(m_clock.nowMs(), QTimeZone(m_hall.timeZone));
}

const Window& QueueEngine::requireWindow(int number) const
{
    const Window* window = m_hall.window(number);
    if (!window)
        refuse(EngineError::Code::NotFound, u"unknown window %1"_s.arg(number));
    return *window;
}

Ticket QueueEngine::requireTicket(std::int64_t id)
{
    std::optional<Ticket> ticket = m_store.ticket(id);
    if (!ticket)
        refuse(EngineError::Code::NotFound, u"unknown ticket %1"_s.arg(id));
    return *ticket;
}

Ticket QueueEngine::currentTicket(const WindowState& window)
{
    if (!window.currentTicket)
        refuse(EngineError::Code::WrongState,
               u"window %1 has no current ticket"_s.arg(window.number));
    return requireTicket(*window.currentTicket);
}

// Refuses unless the window exists, is not paused and has no ticket in hand.
WindowState QueueEngine::requireReadyWindow(int number)
{
    requireWindow(number);
    const WindowState window = m_store.window(number);
    if (window.paused)
        refuse(EngineError::Code::WrongState, u"window %1 is paused"_s.arg(number));
    if (!window.clerk && m_store.hasActiveClerks())
        refuse(EngineError::Code::NoClerk,
               u"nobody is signed in at window %1; a clerk signs in first"_s.arg(number));
    if (window.currentTicket) {
        const Ticket current = requireTicket(*window.currentTicket);
        refuse(EngineError::Code::WrongState,
               u"window %1 still has ticket %2 (%3); finish it first"_s.arg(number).arg(
                   current.number, toString(current.state)));
    }
    return window;
}

bool QueueEngine::serves(int window, const QString& serviceId) const
{
    const Window& w = requireWindow(window);
    return std::any_of(w.services.begin(), w.services.end(),
                       [&](const WindowService& ws) { return ws.service == serviceId; });
}

void QueueEngine::record(const QString& type, const Actor& actor, const Ticket* ticket,
                         std::optional<int> window, QJsonObject data)
{
    if (ticket) {
        data.insert(u"number"_s, ticket->number);
        data.insert(u"service"_s, ticket->serviceId);
        data.insert(u"state"_s, toString(ticket->state));
        data.insert(u"priority"_s, toString(ticket->priority));
    }
    if (window) {
        data.insert(u"window"_s, *window);
        data.insert(u"floor"_s, requireWindow(*window).floor);
    }
    m_trail.record({0, m_clock.nowMs(), type, actor.who, actor.device,
                    ticket ? std::optional(ticket->id) : std::nullopt, window, data});
}

TicketView QueueEngine::issue(const IssueRequest& request, const Actor& actor)
{
    const QString asked =
        u"%1|%2|%3|%4|%5"_s
            .arg(request.serviceId, toString(request.priority), request.phone, request.lang)
            .arg(request.appointmentAt.value_or(0));
    if (!request.idempotencyKey.isEmpty()) {
        if (const auto earlier = m_store.idempotentIssue(actor.device, request.idempotencyKey)) {
            if (earlier->request != asked)
                refuse(EngineError::Code::KeyReused,
                       u"idempotency key '%1' was used for a different request"_s.arg(
                           request.idempotencyKey));
            return viewOf(requireTicket(earlier->ticketId));
        }
    }
    const Ticket t = createTicket(request, actor);
    if (!request.idempotencyKey.isEmpty())
        m_store.saveIdempotentIssue(actor.device, request.idempotencyKey, {t.id, asked},
                                    m_clock.nowMs());
    return viewOf(t);
}

Ticket QueueEngine::createTicket(const IssueRequest& request, const Actor& actor)
{
    const Service* service = m_hall.service(request.serviceId);
    if (!service)
        refuse(EngineError::Code::NotFound, u"unknown service '%1'"_s.arg(request.serviceId));
    const std::optional<QString> phone = mainlandMobile(request.phone);
    if (!request.phone.isEmpty() && !phone)
        refuse(EngineError::Code::Invalid,
               u"phone must be a mainland mobile number: 11 digits starting 13 to 19"_s);
    if (request.lang != u"zh"_s && request.lang != u"en"_s)
        refuse(EngineError::Code::Invalid, u"lang must be \"zh\" or \"en\""_s);

    const QDateTime local = localNow();
    const IssuingState issuing = issuingState(m_hall, m_calendar, local);
    if (!issuing.open)
        refuse(EngineError::Code::IssuingClosed, issuing.reason);
    if (issuing.appointmentsOnly && !request.appointmentAt)
        refuse(EngineError::Code::IssuingClosed, u"this session serves appointments only"_s);
    if (!issuing.windows.empty() && std::none_of(issuing.windows.begin(), issuing.windows.end(),
                                                 [&](int w) { return serves(w, service->id); }))
        refuse(EngineError::Code::IssuingClosed,
               u"'%1' is not offered in today's session"_s.arg(service->name.en));
    if (request.appointmentAt &&
        QDateTime::fromMSecsSinceEpoch(*request.appointmentAt, local.timeZone()).date() !=
            local.date())
        refuse(EngineError::Code::Invalid, u"the appointment is not for today"_s);

    Ticket t;
    t.serviceDay = local.date().toString(Qt::ISODate);
    t.prefix = m_hall.department(service->department)->prefix;
    const std::optional<int> seq =
        nextSequence(m_store.lastSequence(t.serviceDay, t.prefix), [&](int candidate) {
            return m_store.isNumberActive(formatNumber(t.prefix, candidate));
        });
    if (!seq)
        refuse(EngineError::Code::NumbersExhausted,
               u"all %1 numbers of prefix %2 are in use"_s.arg(kMaxSequence).arg(t.prefix));
    t.seq = *seq;
    t.number = formatNumber(t.prefix, *seq);
    t.serviceId = service->id;
    t.priority = request.priority;
    t.appointmentAt = request.appointmentAt;
    t.state = TicketState::Issuing;
    t.issuedAt = t.queuedAt = m_clock.nowMs();
    t.statusCode = newStatusCode(m_random);
    t.phone = phone.value_or(QString());
    t.lang = request.lang;
    t.issuedBy = actor.device;
    t.id = m_store.insertTicket(t);
    record(u"ticket.issued"_s, actor, &t, std::nullopt);
    return t;
}

TicketView QueueEngine::checkIn(const QString& code, const QString& lang, const Actor& actor)
{
    const std::optional<Appointment> found = m_store.appointmentByCode(code.trimmed());
    if (!found)
        refuse(EngineError::Code::NotFound, u"no booking has this code"_s);
    const Appointment& a = *found;
    const QDateTime local = localNow();
    const QTimeZone zone = local.timeZone();
    const auto iso = [&](std::int64_t ms) {
        return QDateTime::fromMSecsSinceEpoch(ms, zone).toString(Qt::ISODateWithMs);
    };
    const LocalizedText serviceName = m_hall.serviceName(a.serviceId);
    QJsonObject details{
        {u"service"_s, a.serviceId},
        {u"serviceName"_s, QJsonObject{{u"zh"_s, serviceName.zh}, {u"en"_s, serviceName.en}}},
        {u"day"_s, a.day.toString(Qt::ISODate)},
        {u"start"_s, iso(a.slotStart)},
        {u"end"_s, iso(a.slotEnd)}};
    const AppointmentPolicy& policy = m_hall.appointments;
    switch (checkInVerdict(a, policy, local.date(), m_clock.nowMs())) {
    case CheckInVerdict::AlreadyCheckedIn: {
        const Ticket t = requireTicket(a.ticketId.value_or(0));
        if (t.state == TicketState::Issuing && t.issuedBy == actor.device)
            return viewOf(t); // the kiosk lost the answer and asks again
        details.insert(u"ticket"_s, t.number);
        refuse(EngineError::Code::AlreadyCheckedIn,
               u"this booking has its ticket %1 already"_s.arg(t.number), details);
    }
    case CheckInVerdict::Cancelled:
        refuse(EngineError::Code::Cancelled, u"this booking was cancelled"_s, details);
    case CheckInVerdict::OtherDay:
        refuse(EngineError::Code::OtherDay,
               u"this booking is for %1"_s.arg(a.day.toString(Qt::ISODate)), details);
    case CheckInVerdict::TooEarly: {
        const std::int64_t from = a.slotStart - policy.earlyMinutes * 60'000LL;
        details.insert(u"checkInFrom"_s, iso(from));
        refuse(EngineError::Code::TooEarly,
               u"check-in opens at %1"_s.arg(
                   QDateTime::fromMSecsSinceEpoch(from, zone).toString(u"HH:mm"_s)),
               details);
    }
    case CheckInVerdict::TooLate:
        refuse(EngineError::Code::TooLate,
               u"the booking's grace period of %1 minutes has passed"_s.arg(policy.graceMinutes),
               details);
    case CheckInVerdict::OnTime:
    case CheckInVerdict::Late:
        break;
    }
    const Service* service = m_hall.service(a.serviceId);
    const IssuingState issuing = issuingState(m_hall, m_calendar, local);
    // Early for a slot after a break (12:40 for 13:00): back when the period opens.
    for (const Period& p :
         issuing.open ? std::vector<Period>{} : openingPeriods(m_hall, m_calendar, local.date())) {
        if (local.time() < p.open) {
            details.insert(u"checkInFrom"_s,
                           iso(QDateTime(local.date(), p.open, zone).toMSecsSinceEpoch()));
            refuse(EngineError::Code::TooEarly,
                   u"check-in opens at %1"_s.arg(p.open.toString(u"HH:mm"_s)), details);
        }
    }
    if (!service ||
        (!issuing.windows.empty() && std::none_of(issuing.windows.begin(), issuing.windows.end(),
                                                  [&](int w) { return serves(w, a.serviceId); })))
        refuse(EngineError::Code::WrongService,
               u"the booked service is not served in today's session"_s, details);
    IssueRequest request;
    request.serviceId = a.serviceId;
    request.phone = a.phone;
    request.lang = lang.isEmpty() ? a.lang : lang;
    request.appointmentAt = a.slotStart;
    const Ticket t = createTicket(request, actor);
    m_appointments.checkedIn(a, t, actor);
    return viewOf(t);
}

Ticket QueueEngine::confirmPrinted(std::int64_t ticketId, const Actor& actor)
{
    Ticket t = requireTicket(ticketId);
    // A kiosk that lost the answer asks again: the ticket it printed is confirmed already.
    if (t.state != TicketState::Issuing && t.state != TicketState::Voided)
        return t;
    if (t.state != TicketState::Issuing)
        refuse(EngineError::Code::WrongState, stateRefusal(t, u"issuing"_s));
    t.state = TicketState::Waiting;
    m_store.updateTicket(t);
    record(u"ticket.printed"_s, actor, &t, std::nullopt);
    return t;
}

Ticket QueueEngine::voidTicket(std::int64_t ticketId, const QString& reason, const Actor& actor)
{
    if (reason.trimmed().isEmpty())
        refuse(EngineError::Code::Invalid, u"a reason is required to void a ticket"_s);
    Ticket t = requireTicket(ticketId);
    if (isFinal(t.state))
        refuse(EngineError::Code::WrongState,
               u"ticket %1 is already %2"_s.arg(t.number, toString(t.state)));
    t.state = TicketState::Voided;
    t.voidReason = reason.trimmed();
    t.finishedAt = m_clock.nowMs();
    m_store.updateTicket(t);
    record(u"ticket.voided"_s, actor, &t, t.window, {{u"reason"_s, t.voidReason}});
    m_appointments.ticketVoided(t, actor);
    return t;
}

int QueueEngine::voidStaleIssuing(const Actor& actor)
{
    const std::int64_t cutoff = m_clock.nowMs() - m_hall.policy.issuingTimeoutSeconds * 1000LL;
    const std::vector<Ticket> stale = m_store.issuingOlderThan(cutoff);
    for (Ticket t : stale) {
        t.state = TicketState::Voided;
        t.voidReason =
            u"not confirmed as printed within %1 s"_s.arg(m_hall.policy.issuingTimeoutSeconds);
        t.finishedAt = m_clock.nowMs();
        m_store.updateTicket(t);
        record(u"ticket.voided"_s, actor, &t, std::nullopt, {{u"reason"_s, t.voidReason}});
        m_appointments.ticketVoided(t, actor);
    }
    return int(stale.size());
}

Ticket QueueEngine::callTicket(Ticket t, int window, const Actor& actor)
{
    t.state = TicketState::Called;
    t.window = window;
    t.calledAt = m_clock.nowMs();
    ++t.calls;
    m_store.updateTicket(t);
    record(u"ticket.called"_s, actor, &t, window, {{u"calls"_s, t.calls}});
    return t;
}

std::optional<Ticket> QueueEngine::callNext(int window, const Actor& actor)
{
    const int streak = requireReadyWindow(window).appointmentStreak;
    const std::vector<Ticket> queued = m_store.callableBy(window);
    const QStringList own = m_hall.ownDepartments(window);
    std::vector<RoutingCandidate> candidates;
    candidates.reserve(queued.size());
    for (const Ticket& t : queued) {
        const Department* d = m_hall.department(m_hall.service(t.serviceId)->department);
        const bool secondary = !t.targetWindow && !own.contains(d->id);
        const std::int64_t helpAfterMs = secondary ? d->helpAfterMinutes * 60'000LL : 0;
        candidates.push_back({t.priority == Priority::Green, t.appointmentAt, t.queuedAt, t.id,
                              secondary, helpAfterMs});
    }
    const AppointmentPolicy& policy = m_hall.appointments;
    const std::int64_t now = m_clock.nowMs();
    const std::optional<std::size_t> chosen = chooseNext(
        candidates, now, {policy.maxInARow, policy.walkInNormMinutes * 60'000LL, streak});
    if (!chosen)
        return std::nullopt;
    const int nextStreak = dueAppointment(candidates[*chosen], now) ? streak + 1 : 0;
    if (nextStreak != streak)
        m_store.setAppointmentStreak(window, nextStreak);
    return callTicket(queued[*chosen], window, actor);
}

Ticket QueueEngine::callNumber(int window, const QString& number, const Actor& actor)
{
    requireReadyWindow(window);
    std::optional<Ticket> t = m_store.activeTicketByNumber(number.trimmed().toUpper());
    if (!t)
        refuse(EngineError::Code::NotFound, u"no active ticket %1"_s.arg(number));
    if (t->state != TicketState::Waiting && t->state != TicketState::Held)
        refuse(EngineError::Code::WrongState, stateRefusal(*t, u"waiting"_s));
    if (t->targetWindow && *t->targetWindow != window)
        refuse(EngineError::Code::NotServing,
               u"ticket %1 is reserved for window %2"_s.arg(t->number).arg(*t->targetWindow));
    if (!t->targetWindow && !serves(window, t->serviceId))
        refuse(EngineError::Code::NotServing, u"window %1 does not serve '%2'"_s.arg(window).arg(
                                                  m_hall.service(t->serviceId)->name.en));
    return callTicket(*t, window, actor);
}

Ticket QueueEngine::recall(int window, const Actor& actor)
{
    requireWindow(window);
    Ticket t = currentTicket(m_store.window(window));
    if (t.state != TicketState::Called)
        refuse(EngineError::Code::WrongState, stateRefusal(t, u"called"_s));
    if (t.calls >= m_hall.policy.recallLimit)
        refuse(EngineError::Code::WrongState,
               u"ticket %1 was called %2 times, the limit; mark it no-show"_s.arg(t.number).arg(
                   t.calls));
    ++t.calls;
    m_store.updateTicket(t);
    record(u"ticket.recalled"_s, actor, &t, window, {{u"calls"_s, t.calls}});
    return t;
}

Ticket QueueEngine::start(int window, const Actor& actor)
{
    requireWindow(window);
    Ticket t = currentTicket(m_store.window(window));
    if (t.state != TicketState::Called)
        refuse(EngineError::Code::WrongState, stateRefusal(t, u"called"_s));
    t.state = TicketState::Serving;
    t.startedAt = m_clock.nowMs();
    m_store.updateTicket(t);
    record(u"ticket.started"_s, actor, &t, window);
    return t;
}

// Ends the window's hold on a ticket: it leaves the window in `state`.
Ticket QueueEngine::finishAtWindow(Ticket t, TicketState state, const Actor& actor,
                                   const QString& eventType)
{
    const int at = *t.window;
    t.state = state;
    if (isFinal(state))
        t.finishedAt = m_clock.nowMs();
    else
        t.window.reset();
    m_store.updateTicket(t);
    record(eventType, actor, &t, at);
    return t;
}

Ticket QueueEngine::complete(int window, const Actor& actor)
{
    requireWindow(window);
    Ticket t = currentTicket(m_store.window(window));
    if (t.state != TicketState::Serving)
        refuse(EngineError::Code::WrongState, stateRefusal(t, u"being served"_s));
    t = finishAtWindow(t, TicketState::Completed, actor, u"ticket.completed"_s);
    const auto [samples, mean] =
        m_serviceTimes.observe(t.serviceId, double(*t.finishedAt - *t.calledAt) / 1000.0);
    m_store.saveServiceStat(t.serviceId, {samples, mean});
    ++m_cacheChanges;
    return t;
}

Ticket QueueEngine::rate(int window, int rating, const Actor& actor)
{
    requireWindow(window);
    requireRating(rating);
    const std::optional<Ticket> t = m_store.lastCompletedAt(window);
    if (!t || m_clock.nowMs() - *t->finishedAt > kRatingWindowMs)
        refuse(EngineError::Code::NotFound,
               u"window %1 finished no ticket in the last %2 minutes"_s.arg(window).arg(
                   kRatingWindowMs / 60'000));
    if (m_store.rating(t->id))
        refuse(EngineError::Code::WrongState, u"%1 is already rated"_s.arg(t->number));
    addRating(*t, {}, window, rating, u"pad"_s, actor);
    return *t;
}

Ticket QueueEngine::rateOnline(const QString& statusCode, int rating, const Actor& actor)
{
    requireRating(rating);
    const std::optional<Ticket> t = m_store.ticketByStatusCode(statusCode);
    if (!t)
        refuse(EngineError::Code::NotFound, u"no ticket has this status code"_s);
    if (m_store.rating(t->id))
        refuse(EngineError::Code::WrongState, u"%1 is already rated"_s.arg(t->number));
    if (!ratableOnline(*t))
        refuse(EngineError::Code::WrongState,
               u"%1 can be rated here once it is completed, for %2 days"_s.arg(t->number).arg(
                   m_hall.ratings.onlineDays));
    addRating(*t, {}, *t->window, rating, u"web"_s, actor);
    return *t;
}

bool QueueEngine::ratableOnline(const Ticket& t)
{
    return t.state == TicketState::Completed && t.window && t.finishedAt &&
           withinOnlineRating(*t.finishedAt) && !m_store.rating(t.id) &&
           !m_store.ticketHasCase(t.id);
}

Case QueueEngine::rateCaseOnline(const QString& serial, int rating, const Actor& actor)
{
    requireRating(rating);
    const std::optional<Case> c = m_store.caseBySerial(serial);
    if (!c)
        refuse(EngineError::Code::NotFound, u"no case has this serial number"_s);
    if (m_store.caseRating(c->serial))
        refuse(EngineError::Code::WrongState, u"case %1 is already rated"_s.arg(c->serial));
    if (!ratableOnline(*c))
        refuse(EngineError::Code::WrongState,
               u"case %1 can be rated here once it is finished, for %2 days"_s.arg(c->serial).arg(
                   m_hall.ratings.onlineDays));
    addRating(requireTicket(c->ticketId), c->serial, c->window, rating, u"web"_s, actor);
    return *c;
}

bool QueueEngine::ratableOnline(const Case& c)
{
    return (c.state == CaseState::Completed || c.state == CaseState::Returned) && c.finishedAt &&
           withinOnlineRating(*c.finishedAt) && !m_store.caseRating(c.serial);
}

bool QueueEngine::withinOnlineRating(std::int64_t finishedAt) const
{
    return m_clock.nowMs() - finishedAt <=
           std::int64_t(m_hall.ratings.onlineDays) * 24 * 3600 * 1000;
}

void QueueEngine::requireRating(int rating)
{
    if (rating < 1 || rating > 5)
        refuse(EngineError::Code::Invalid, u"a rating is 1 to 5, got %1"_s.arg(rating));
}

void QueueEngine::addRating(const Ticket& t, const QString& caseSerial, int window, int rating,
                            const QString& channel, const Actor& actor)
{
    const Rating r{t.id, caseSerial, window, rating, channel, m_clock.nowMs()};
    const std::int64_t id = m_store.addRating(r);
    QJsonObject data{{u"rating"_s, rating}, {u"scale"_s, 5}, {u"channel"_s, channel}};
    if (!caseSerial.isEmpty())
        data.insert(u"case"_s, caseSerial);
    record(u"ticket.rated"_s, actor, &t, window, data);
    m_followUps.rated(r, id, actor);
}

Ticket QueueEngine::noShow(int window, const Actor& actor)
{
    requireWindow(window);
    Ticket t = currentTicket(m_store.window(window));
    if (t.state != TicketState::Called)
        refuse(EngineError::Code::WrongState, stateRefusal(t, u"called"_s));
    if (t.calls >= m_hall.policy.recallLimit)
        return finishAtWindow(t, TicketState::NoShow, actor, u"ticket.no_show"_s);
    // Missed, but calls are left: back of the queue, to be called again later.
    t.queuedAt = m_clock.nowMs();
    return finishAtWindow(t, TicketState::Waiting, actor, u"ticket.missed"_s);
}

Ticket QueueEngine::hold(int window, const Actor& actor)
{
    requireWindow(window);
    Ticket t = currentTicket(m_store.window(window));
    t.targetWindow = window;
    return finishAtWindow(t, TicketState::Held, actor, u"ticket.held"_s);
}

Ticket QueueEngine::returnHeld(int window, const QString& number, const Actor& actor)
{
    requireWindow(window);
    std::optional<Ticket> t = m_store.activeTicketByNumber(number.trimmed().toUpper());
    if (!t)
        refuse(EngineError::Code::NotFound, u"no active ticket %1"_s.arg(number));
    if (t->state != TicketState::Held)
        refuse(EngineError::Code::WrongState, stateRefusal(*t, u"held"_s));
    if (t->targetWindow != window)
        refuse(EngineError::Code::NotServing,
               u"ticket %1 is held by window %2"_s.arg(t->number).arg(*t->targetWindow));
    t->state = TicketState::Waiting;
    m_store.updateTicket(*t);
    record(u"ticket.returned"_s, actor, &*t, window);
    return *t;
}

Ticket QueueEngine::transferToService(int window, const QString& serviceId, const Actor& actor)
{
    if (!m_hall.service(serviceId))
        refuse(EngineError::Code::NotFound, u"unknown service '%1'"_s.arg(serviceId));
    return transferTo(window, serviceId, std::nullopt, actor);
}

Ticket QueueEngine::transferToWindow(int window, int targetWindow, const Actor& actor)
{
    requireWindow(targetWindow);
    return transferTo(window, {}, targetWindow, actor);
}

// Serving → transferred; a new queue entry keeps the number, the status code and the original
// issue time, so the citizen waits no longer than if the ticket had been for the new queue.
Ticket QueueEngine::transferTo(int window, const QString& serviceId,
                               std::optional<int> targetWindow, const Actor& actor)
{
    requireWindow(window);
    Ticket old = currentTicket(m_store.window(window));
    if (old.state != TicketState::Serving)
        refuse(EngineError::Code::WrongState, stateRefusal(old, u"being served"_s));
    old = finishAtWindow(old, TicketState::Transferred, actor, u"ticket.transferred"_s);
    Ticket next = old;
    next.previousId = old.id;
    if (!serviceId.isEmpty())
        next.serviceId = serviceId;
    next.targetWindow = targetWindow;
    next.state = TicketState::Waiting;
    next.queuedAt = old.issuedAt;
    next.calledAt.reset();
    next.startedAt.reset();
    next.finishedAt.reset();
    next.window.reset();
    next.calls = 0;
    next.id = m_store.insertTicket(next);
    record(u"ticket.queued"_s, actor, &next, targetWindow,
           {{u"transferredFrom"_s, QString::number(old.id)}});
    return next;
}

void QueueEngine::pause(int window, const Actor& actor)
{
    requireWindow(window);
    if (m_store.window(window).paused)
        refuse(EngineError::Code::WrongState, u"window %1 is already paused"_s.arg(window));
    m_store.setPaused(window, true);
    record(u"window.paused"_s, actor, nullptr, window);
}

void QueueEngine::resume(int window, const Actor& actor)
{
    requireWindow(window);
    if (!m_store.window(window).paused)
        refuse(EngineError::Code::WrongState, u"window %1 is not paused"_s.arg(window));
    m_store.setPaused(window, false);
    record(u"window.resumed"_s, actor, nullptr, window);
}

void QueueEngine::signIn(int window, const StaffMember& clerk, const Actor& actor)
{
    requireWindow(window);
    if (!clerk.active() || !clerk.hasRole(u"clerk"_s))
        refuse(EngineError::Code::WrongState, u"%1 is not an active clerk"_s.arg(clerk.label()));
    for (const WindowState& w : m_store.windows()) {
        if (w.clerk && (w.number == window || *w.clerk == clerk.id))
            signOut(w.number, u"signed in at window %1"_s.arg(window), actor);
    }
    m_store.setClerk(window, clerk.id, m_clock.nowMs());
    record(u"staff.signed_in"_s, actor, nullptr, window,
           {{u"staff"_s, clerk.number}, {u"name"_s, clerk.name}});
}

void QueueEngine::signOut(int window, const QString& reason, const Actor& actor)
{
    requireWindow(window);
    const WindowState w = m_store.window(window);
    if (!w.clerk)
        refuse(EngineError::Code::WrongState, u"nobody is signed in at window %1"_s.arg(window));
    const std::optional<StaffMember> clerk = m_store.staffMember(*w.clerk);
    m_store.setClerk(window, std::nullopt, m_clock.nowMs());
    QJsonObject data{{u"staff"_s, clerk ? clerk->number : QString()},
                     {u"name"_s, clerk ? clerk->name : QString()}};
    if (!reason.isEmpty())
        data.insert(u"reason"_s, reason);
    record(u"staff.signed_out"_s, actor, nullptr, window, data);
}

int QueueEngine::signOutPastDays(const Actor& actor)
{
    const QDate today = localNow().date();
    int count = 0;
    for (const WindowState& w : m_store.windows()) {
        if (w.clerk &&
            QDateTime::fromMSecsSinceEpoch(w.clerkSince, QTimeZone(m_hall.timeZone)).date() <
                today) {
            signOut(w.number, u"end of day"_s, actor);
            ++count;
        }
    }
    return count;
}

void QueueEngine::changeHall(const HallConfig& next, const QByteArray& source,
                             const QJsonArray& changes, const Actor& actor)
{
    if (next.timeZone != m_hall.timeZone || next.id != m_hall.id)
        refuse(EngineError::Code::WrongState,
               u"the hall's id and time zone cannot change while it runs; use a new database"_s);
    const auto keepsService = [&](const QString& id, const QString& what) {
        if (!next.service(id))
            refuse(EngineError::Code::WrongState,
                   u"service '%1' cannot be removed: %2"_s.arg(id, what));
    };
    const auto keepsWindow = [&](int number, const QString& what) {
        if (!next.window(number))
            refuse(EngineError::Code::WrongState,
                   u"window %1 cannot be removed: %2"_s.arg(number).arg(what));
    };
    for (const Ticket& t : m_store.activeTickets()) {
        const QString what = u"ticket %1 is %2"_s.arg(t.number, toString(t.state));
        keepsService(t.serviceId, what);
        if (t.window)
            keepsWindow(*t.window, what);
        if (t.targetWindow)
            keepsWindow(*t.targetWindow, what);
    }
    for (const Case& c : m_store.openCases(std::nullopt)) {
        const QString what = u"case %1 is open"_s.arg(c.serial);
        keepsService(c.serviceId, what);
        keepsWindow(c.window, what);
    }
    for (const WindowState& w : m_store.windows()) {
        if (w.clerk && m_hall.window(w.number))
            keepsWindow(w.number, u"a clerk is signed in there"_s);
    }
    m_store.replaceHall(next, source);
    ++m_cacheChanges;
    useHall(next);
    record(u"hall.changed"_s, actor, nullptr, std::nullopt, {{u"changes"_s, changes}});
    m_appointments.cancelStranded(actor);
}

namespace {
QJsonObject noticeData(const Notice& n, const HallConfig& hall)
{
    const auto iso = [&](std::int64_t ms) {
        return QDateTime::fromMSecsSinceEpoch(ms, QTimeZone(hall.timeZone)).toString(Qt::ISODate);
    };
    return {{u"notice"_s, double(n.id)},
            {u"target"_s, n.target},
            {u"text"_s, QJsonObject{{u"zh"_s, n.zh}, {u"en"_s, n.en}}},
            {u"starts"_s, iso(n.startsAt)},
            {u"ends"_s, iso(n.endsAt)}};
}
} // namespace

Notice QueueEngine::publishNotice(Notice notice, const Actor& actor)
{
    notice.zh = notice.zh.trimmed();
    notice.en = notice.en.trimmed();
    if (notice.zh.isEmpty() || notice.zh.size() > kNoticeLength)
        refuse(
            EngineError::Code::Invalid,
            u"text.zh: the Chinese text is required, at most %1 characters"_s.arg(kNoticeLength));
    if (notice.en.size() > kNoticeLength)
        refuse(EngineError::Code::Invalid, u"text.en: at most %1 characters"_s.arg(kNoticeLength));
    if (notice.target != u"kiosk"_s && notice.target != u"display"_s && notice.target != u"both"_s)
        refuse(EngineError::Code::Invalid, u"target: kiosk, display or both"_s);
    constexpr std::int64_t kYearMs = 366LL * 24 * 3600 * 1000;
    if (notice.endsAt <= notice.startsAt || notice.endsAt - notice.startsAt > kYearMs)
        refuse(EngineError::Code::Invalid, u"ends: after the start, and within a year of it"_s);
    if (notice.endsAt <= m_clock.nowMs())
        refuse(EngineError::Code::Invalid, u"ends: already past"_s);
    notice.createdAt = m_clock.nowMs();
    notice.withdrawnAt.reset();
    notice.id = m_store.insertNotice(notice);
    record(u"notice.published"_s, actor, nullptr, std::nullopt, noticeData(notice, m_hall));
    return notice;
}

void QueueEngine::withdrawNotice(std::int64_t id, const Actor& actor)
{
    const std::optional<Notice> notice = m_store.notice(id);
    if (!notice)
        refuse(EngineError::Code::NotFound, u"no notice %1"_s.arg(id));
    if (notice->withdrawnAt || notice->endsAt <= m_clock.nowMs())
        refuse(EngineError::Code::WrongState, u"notice %1 is no longer shown"_s.arg(id));
    m_store.withdrawNotice(id, m_clock.nowMs());
    record(u"notice.withdrawn"_s, actor, nullptr, std::nullopt, noticeData(*notice, m_hall));
}

HallLoad QueueEngine::load()
{
    HallLoad load;
    for (const auto& [serviceId, count] : m_store.waitingCounts())
        load.waiting[serviceId] = count;
    for (const WindowState& w : m_store.windows()) {
        load.paused[w.number] = w.paused;
        load.busy[w.number] = w.currentTicket.has_value();
    }
    return load;
}

// People ahead: waiting tickets of the same service that routing puts first (green before
// normal, then the earlier wait); tickets reserved for one window are not counted.
TicketView QueueEngine::viewOf(const Ticket& ticket)
{
    TicketView view{ticket, 0, std::nullopt};
    if (isFinal(ticket.state) || ticket.state == TicketState::Called ||
        ticket.state == TicketState::Serving)
        return view;
    view.ahead = ahead(ticket);
    view.estimatedWaitSeconds =
        m_predictor.estimateSeconds(ticket.serviceId, view.ahead, load(), m_serviceTimes);
    return view;
}

int QueueEngine::ahead(const Ticket& ticket)
{
    const bool green = ticket.priority == Priority::Green;
    int ahead = 0;
    for (const Ticket& other : m_store.waitingFor(ticket.serviceId)) {
        if (other.id == ticket.id || other.targetWindow)
            continue;
        const bool otherGreen = other.priority == Priority::Green;
        if ((otherGreen && !green) ||
            (otherGreen == green &&
             std::tie(other.queuedAt, other.id) < std::tie(ticket.queuedAt, ticket.id)))
            ++ahead;
    }
    return ahead;
}

TicketView QueueEngine::view(std::int64_t ticketId)
{
    return viewOf(requireTicket(ticketId));
}

HallStatus QueueEngine::status()
{
    HallStatus s;
    s.localTime = localNow();
    s.serviceDay = s.localTime.date().toString(Qt::ISODate);
    s.issuing = issuingState(m_hall, m_calendar, s.localTime);
    s.signInRequired = m_store.hasActiveClerks();
    s.notices = m_store.currentNotices(m_clock.nowMs());
    const HallLoad hallLoad = load();
    for (const WindowState& w : m_store.windows()) {
        if (!m_hall.window(w.number))
            continue; // removed from the hall; its row stays for the tickets that name it
        WindowStatus ws{m_hall.window(w.number), w.paused, std::nullopt, std::nullopt};
        if (w.currentTicket)
            ws.current = m_store.ticket(*w.currentTicket);
        if (w.clerk)
            ws.clerk = m_store.staffMember(*w.clerk);
        s.windows.push_back(ws);
    }
    for (const Service& service : m_hall.services) {
        const int count = hallLoad.waiting.value(service.id);
        const bool offered =
            std::any_of(s.windows.begin(), s.windows.end(), [&](const WindowStatus& w) {
                const bool inSession = s.issuing.windows.empty() ||
                                       std::count(s.issuing.windows.begin(),
                                                  s.issuing.windows.end(), w.window->number) > 0;
                return !w.paused && inSession && serves(w.window->number, service.id);
            });
        s.queues.push_back(
            {&service, s.issuing.open && offered, count,
             m_predictor.estimateSeconds(service.id, count, hallLoad, m_serviceTimes)});
    }
    s.today = m_store.countByState(s.serviceDay);
    const bool active = std::any_of(s.today.begin(), s.today.end(), [](const auto& c) {
        return !isFinal(c.first) && c.second > 0;
    });
    s.overtime = active && !withinOpeningHours(m_hall, m_calendar, s.localTime);
    s.warnings = calendarWarnings();
    return s;
}

std::vector<QString> QueueEngine::calendarWarnings() const
{
    std::vector<QString> warnings;
    const QDate today = localNow().date();
    // From December on, time limits reach into the next year.
    const QDate reach = today.month() == 12 ? QDate(today.year() + 1, 1, 31) : today;
    for (const int year : m_calendar.uncoveredYears(today, reach))
        warnings.push_back(
            u"no working calendar for %1: time limits count weekdays only (calendar import)"_s.arg(
                year));
    for (const HolidaySession& session : m_hall.holidays) {
        if (session.date >= today && m_calendar.covers(session.date.year()) &&
            m_calendar.isWorkingDay(session.date))
            warnings.push_back(u"the holiday session on %1 (%2) falls on a working day"_s.arg(
                session.date.toString(Qt::ISODate), session.name.en));
    }
    return warnings;
}

CalendarYear QueueEngine::importCalendar(const QByteArray& content, const Actor& actor)
{
    CalendarYear year;
    try {
        year = parseCalendarYear(content);
    } catch (const CalendarError& e) {
        refuse(EngineError::Code::Invalid, u"calendar: "_s + QString::fromUtf8(e.what()));
    }
    const bool replaced = m_calendar.covers(year.year);
    m_store.saveCalendarYear(year.year, content, m_clock.nowMs());
    ++m_cacheChanges;
    m_calendar.setYear(year);
    record(u"calendar.imported"_s, actor, nullptr, std::nullopt,
           {{u"year"_s, year.year},
            {u"source"_s, year.source},
            {u"holidays"_s, int(year.holidays.size())},
            {u"workdays"_s, int(year.workdays.size())},
            {u"replaced"_s, replaced}});
    m_appointments.cancelStranded(actor);
    return year;
}

} // namespace qh::engine
