// Cases (办件): the case lifecycle on the working calendar. Like the queue engine, it runs inside
// the application service's unit of work and records its events to the service's audit trail.
#include "cases.h"

#include "engine.h"

#include <algorithm>
#include <cmath>

#include <QCryptographicHash>
#include <QRegularExpression>
#include <QTimeZone>

using namespace Qt::Literals::StringLiterals;

namespace qh::engine {

namespace {

const QRegularExpression& serialToken()
{
    static const QRegularExpression token(u"\\{([a-z]+)([0-9]*)\\}"_s);
    return token;
}

QString randomHex(QRandomGenerator& random, int bytes)
{
    QByteArray raw(bytes, Qt::Uninitialized);
    for (char& b : raw)
        b = char(random.bounded(256));
    return QString::fromLatin1(raw.toHex());
}

// "sha256$<salt>$<hex digest of salt and password>"
QString passwordHash(const QString& salt, const QString& password)
{
    const QByteArray digest =
        QCryptographicHash::hash((salt + u'$' + password).toUtf8(), QCryptographicHash::Sha256);
    return u"sha256$%1$%2"_s.arg(salt, QString::fromLatin1(digest.toHex()));
}

bool passwordMatches(const QString& stored, const QString& password)
{
    const QStringList parts = stored.split(u'$');
    return parts.size() == 3 && passwordHash(parts[1], password) == stored;
}

QString caseRefusal(const Case& c, const QString& action)
{
    return u"case %1 is %2; it cannot be %3"_s.arg(c.serial, toString(c.state), action);
}

QString requireReason(const QString& reason, const QString& what)
{
    const QString trimmed = reason.trimmed();
    if (trimmed.isEmpty())
        refuse(EngineError::Code::Invalid, u"a reason is required %1"_s.arg(what));
    if (trimmed.size() > 200)
        refuse(EngineError::Code::Invalid, u"a reason is at most 200 characters"_s);
    return trimmed;
}

} // namespace

QString serialFormatProblem(const QString& format)
{
    static const QRegularExpression literal(u"^[A-Za-z0-9-]*$"_s);
    int sequences = 0;
    qsizetype end = 0;
    for (const QRegularExpressionMatch& m : serialToken().globalMatch(format)) {
        if (!literal.match(format.mid(end, m.capturedStart() - end)).hasMatch())
            return u"only letters, digits and '-' may stand between the {...} parts"_s;
        end = m.capturedEnd();
        const QString name = m.captured(1);
        const int digits = m.captured(2).toInt();
        if (name == u"seq"_s && digits >= 4 && digits <= 8)
            ++sequences;
        else if ((name != u"hall"_s && name != u"yyyymmdd"_s) || !m.captured(2).isEmpty())
            return u"unknown part {%1%2}; the parts are {hall}, {yyyymmdd} and {seq4} to {seq8}"_s
                .arg(name, m.captured(2));
    }
    if (!literal.match(format.mid(end)).hasMatch())
        return u"only letters, digits and '-' may stand between the {...} parts"_s;
    if (sequences != 1)
        return u"needs exactly one sequence part, {seq4} to {seq8}"_s;
    if (format.size() > 40)
        return u"is longer than 40 characters"_s;
    return {};
}

QString serialStem(const CasePolicy& policy, const QDate& day)
{
    QString stem = policy.serialFormat;
    stem.replace(u"{hall}"_s, policy.hallCode);
    stem.replace(u"{yyyymmdd}"_s, day.toString(u"yyyyMMdd"_s));
    return stem;
}

CaseDesk::CaseDesk(HallStore& store, const Clock& clock, AuditTrail& trail,
                   QRandomGenerator& random, const HallConfig& hall,
                   const WorkingCalendar& calendar)
    : m_store(store)
    , m_clock(clock)
    , m_trail(trail)
    , m_random(random)
    , m_hall(hall)
    , m_calendar(calendar)
{
}

QDate CaseDesk::today() const
{
    return m_hall.dayOf(m_clock.nowMs());
}

void CaseDesk::record(const QString& type, const Actor& actor, const Case& c, QJsonObject data)
{
    data.insert(u"case"_s, c.serial);
    data.insert(u"service"_s, c.serviceId);
    data.insert(u"state"_s, toString(c.state));
    data.insert(u"due"_s, c.dueDay.toString(Qt::ISODate));
    data.insert(u"window"_s, c.window);
    const Window* window = m_hall.window(c.window); // none: removed since the case was closed
    data.insert(u"floor"_s, window ? window->floor : 0);
    m_trail.record(
        {0, m_clock.nowMs(), type, actor.who, actor.device, std::nullopt, c.window, data});
}

Case CaseDesk::require(const QString& serial)
{
    std::optional<Case> c = m_store.caseBySerial(serial.trimmed().toUpper());
    if (!c)
        refuse(EngineError::Code::NotFound, u"no case %1"_s.arg(serial.trimmed().left(40)));
    return *c;
}

Case CaseDesk::requireOpen(const QString& serial, const QString& action)
{
    Case c = require(serial);
    if (!isOpen(c.state))
        refuse(EngineError::Code::WrongState, caseRefusal(c, action));
    return c;
}

// The due day counts the promised working days and those the clock stood still; the warning
// day, the configured share of the promised days (none for a same-day case).
void CaseDesk::setDays(Case& c)
{
    c.dueDay = m_calendar.addWorkingDays(c.acceptedDay, c.promisedDays + c.suspendedDays);
    if (c.promisedDays > 0) {
        const int warnAfter =
            std::max(1, int(std::ceil(m_hall.cases.warnShare * c.promisedDays - 1e-9)));
        c.warnDay = m_calendar.addWorkingDays(c.acceptedDay, warnAfter + c.suspendedDays);
    }
}

AcceptedCase CaseDesk::accept(int window, const QString& serviceId, const Actor& actor)
{
    if (!m_hall.window(window))
        refuse(EngineError::Code::NotFound, u"unknown window %1"_s.arg(window));
    const WindowState w = m_store.window(window);
    const std::optional<Ticket> ticket =
        w.currentTicket ? m_store.ticket(*w.currentTicket) : std::nullopt;
    if (!ticket || ticket->state != TicketState::Serving)
        refuse(
            EngineError::Code::WrongState,
            u"window %1 is serving no ticket; a case is accepted while serving one"_s.arg(window));
    const QString id = serviceId.isEmpty() ? ticket->serviceId : serviceId;
    const Service* service = m_hall.service(id);
    if (!service)
        refuse(EngineError::Code::NotFound, u"unknown service '%1'"_s.arg(id));
    const auto& served = m_hall.window(window)->services;
    if (id != ticket->serviceId &&
        std::none_of(served.begin(), served.end(),
                     [&](const WindowService& ws) { return ws.service == id; }))
        refuse(EngineError::Code::NotServing,
               u"window %1 does not serve '%2'"_s.arg(window).arg(service->name.en));

    Case c;
    c.acceptedAt = m_clock.nowMs();
    c.acceptedDay = today();
    c.serialStem = serialStem(m_hall.cases, c.acceptedDay);
    const QRegularExpressionMatch seqToken = serialToken().match(c.serialStem);
    const int digits = seqToken.captured(2).toInt();
    c.serialSeq = m_store.lastCaseSequence(c.serialStem) + 1;
    if (c.serialSeq >= int(std::pow(10, digits)))
        refuse(EngineError::Code::NumbersExhausted,
               u"all %1-digit case numbers of %2 are used"_s.arg(digits).arg(c.serialStem));
    c.serial = QString(c.serialStem)
                   .replace(seqToken.capturedStart(), seqToken.capturedLength(),
                            u"%1"_s.arg(c.serialSeq, digits, 10, QLatin1Char('0')));
    c.ticketId = ticket->id;
    c.serviceId = id;
    c.window = window;
    c.clerk = actor.who;
    c.legalDays = service->guide.timeLimitDays;
    c.promisedDays = service->guide.promisedDays;
    setDays(c);
    const QString password = u"%1"_s.arg(m_random.bounded(1'000'000), 6, 10, QLatin1Char('0'));
    c.passwordHash = passwordHash(randomHex(m_random, 16), password);
    c.id = m_store.insertCase(c);
    record(u"case.accepted"_s, actor, c,
           {{u"ticket"_s, ticket->number},
            {u"legalDays"_s, c.legalDays},
            {u"promisedDays"_s, c.promisedDays}});
    return {c, password};
}

Case CaseDesk::suspend(const QString& serial, const QString& reason, const Actor& actor)
{
    Case c = require(serial);
    if (c.state != CaseState::Accepted)
        refuse(EngineError::Code::WrongState, caseRefusal(c, u"suspended"_s));
    c.reason = requireReason(reason, u"to suspend a case (the documents missing)"_s);
    c.state = CaseState::Suspended;
    c.suspendedDay = today();
    m_store.updateCase(c);
    record(u"case.suspended"_s, actor, c, {{u"reason"_s, c.reason}});
    return c;
}

void CaseDesk::restartClock(Case& c, const QDate& day)
{
    if (!c.suspendedDay)
        return;
    const int stood = m_calendar.workingDaysAfter(*c.suspendedDay, day);
    c.suspendedDays += stood;
    c.suspendedDay.reset();
    setDays(c);
}

Case CaseDesk::resume(const QString& serial, const Actor& actor)
{
    Case c = require(serial);
    if (c.state != CaseState::Suspended)
        refuse(EngineError::Code::WrongState, caseRefusal(c, u"resumed"_s));
    restartClock(c, today());
    c.state = CaseState::Accepted;
    c.reason.clear();
    // The due day moved on: the case may no longer be late.
    c.escalation = std::min(c.escalation, levelOn(c, today()));
    m_store.updateCase(c);
    record(u"case.resumed"_s, actor, c, {{u"suspendedDays"_s, c.suspendedDays}});
    return c;
}

Case CaseDesk::finish(Case c, CaseState state, const QString& reason, const QString& eventType,
                      const Actor& actor)
{
    const QDate day = today();
    restartClock(c, day);
    c.state = state;
    c.reason = reason;
    c.finishedAt = m_clock.nowMs();
    c.finishedDay = day;
    c.usedDays = std::max(0, m_calendar.workingDaysAfter(c.acceptedDay, day) - c.suspendedDays);
    m_store.updateCase(c);
    QJsonObject data{{u"suspendedDays"_s, c.suspendedDays}};
    if (c.result)
        data.insert(u"result"_s, toString(*c.result));
    if (!reason.isEmpty())
        data.insert(u"reason"_s, reason);
    record(eventType, actor, c, data);
    return c;
}

Case CaseDesk::complete(const QString& serial, CaseResult result, const QString& reason,
                        const Actor& actor)
{
    Case c = require(serial);
    if (c.state != CaseState::Accepted)
        refuse(EngineError::Code::WrongState,
               c.state == CaseState::Suspended
                   ? u"case %1 is suspended; resume it when the documents arrive"_s.arg(c.serial)
                   : caseRefusal(c, u"completed"_s));
    c.result = result;
    const QString why = result == CaseResult::NotApproved
                            ? requireReason(reason, u"when a case is not approved"_s)
                            : reason.trimmed().left(200);
    return finish(c, CaseState::Completed, why, u"case.completed"_s, actor);
}

Case CaseDesk::giveBack(const QString& serial, const QString& reason, const Actor& actor)
{
    const Case c = requireOpen(serial, u"returned"_s);
    return finish(c, CaseState::Returned, requireReason(reason, u"to return a case"_s),
                  u"case.returned"_s, actor);
}

Case CaseDesk::withdraw(const QString& serial, const QString& reason, const Actor& actor)
{
    const Case c = requireOpen(serial, u"withdrawn"_s);
    return finish(c, CaseState::Withdrawn, reason.trimmed().left(200), u"case.withdrawn"_s, actor);
}

Escalation CaseDesk::levelOn(const Case& c, const QDate& day) const
{
    if (!isOpen(c.state))
        return Escalation::None;
    const QDate clock = c.suspendedDay.value_or(day); // a suspended case's clock stands still
    if (clock > c.dueDay)
        return Escalation::Overdue;
    return c.warnDay && clock >= *c.warnDay ? Escalation::Warning : Escalation::None;
}

int CaseDesk::escalate(const Actor& actor)
{
    const QDate day = today();
    int raised = 0;
    for (Case c : m_store.openCases(std::nullopt)) {
        const Escalation level = levelOn(c, day);
        if (level <= c.escalation)
            continue;
        c.escalation = level;
        m_store.updateCase(c);
        record(level == Escalation::Overdue ? u"case.overdue"_s : u"case.warning"_s, actor, c,
               {{u"promisedDays"_s, c.promisedDays}});
        ++raised;
    }
    return raised;
}

CaseLookup CaseDesk::lookup(const QString& serial, const QString& password, const Actor& actor)
{
    std::optional<Case> c = m_store.caseBySerial(serial.trimmed().toUpper());
    if (!c)
        return {};
    const std::int64_t now = m_clock.nowMs();
    if (c->lockedUntil && *c->lockedUntil > now)
        return {CaseLookup::Outcome::Locked, std::nullopt, *c->lockedUntil};
    if (passwordMatches(c->passwordHash, password.trimmed())) {
        if (c->failedLookups > 0 || c->lockedUntil) {
            c->failedLookups = 0;
            c->lockedUntil.reset();
            m_store.updateCase(*c);
        }
        return {CaseLookup::Outcome::Found, viewOf(*c), 0};
    }
    ++c->failedLookups;
    const bool lock = c->failedLookups >= m_hall.cases.lookupAttempts;
    if (lock) {
        c->failedLookups = 0;
        c->lockedUntil = now + m_hall.cases.lookupLockMinutes * 60'000LL;
    }
    m_store.updateCase(*c);
    record(lock ? u"case.lookup_locked"_s : u"case.lookup_failed"_s, actor, *c);
    if (lock)
        return {CaseLookup::Outcome::Locked, std::nullopt, *c->lockedUntil};
    return {};
}

CaseView CaseDesk::viewOf(const Case& c)
{
    return {c, levelOn(c, today()), m_store.caseEvents(c.serial)};
}

CaseView CaseDesk::view(const QString& serial)
{
    return viewOf(require(serial));
}

std::vector<CaseView> CaseDesk::open(std::optional<int> window)
{
    const QDate day = today();
    std::vector<CaseView> views;
    for (const Case& c : m_store.openCases(window))
        views.push_back({c, levelOn(c, day), {}});
    return views;
}

std::vector<CaseView> CaseDesk::overdue(std::optional<int> window)
{
    std::vector<CaseView> views = open(window);
    std::erase_if(views, [](const CaseView& v) { return v.level != Escalation::Overdue; });
    return views;
}

std::vector<CaseTally> CaseDesk::rates(const QDate& from, const QDate& to, CaseGrouping grouping)
{
    return tallyCases(m_store.casesAccepted(from, to), grouping, m_hall, today());
}

CaseDay CaseDesk::day()
{
    CaseDay summary;
    summary.today = rates(today(), today(), CaseGrouping::Total).front();
    for (const CaseView& v : open(std::nullopt)) {
        ++summary.open;
        summary.warning += v.level == Escalation::Warning ? 1 : 0;
        summary.overdue += v.level == Escalation::Overdue ? 1 : 0;
    }
    return summary;
}

} // namespace qh::engine
