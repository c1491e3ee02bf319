// The SMS the hall sends its applicants and what it does with their replies.
#include "messages.h"

#include "engine.h"

#include <array>
#include <cmath>

#include <QCryptographicHash>
#include <QJsonArray>
#include <QLocale>
#include <QRegularExpression>
#include <QTimeZone>

using namespace Qt::Literals::StringLiterals;

namespace qh::engine {

namespace {

constexpr std::int64_t kDayMs = 24LL * 3600 * 1000;
constexpr int kReplyTextShown = 70; // of a reply, in its audit event
constexpr int kReportsMatched = 50; // recent messages to a number a delivery report may be of

const QStringList kPlaceholders = {u"hall"_s, u"number"_s, u"service"_s, u"ahead"_s,  u"wait"_s,
                                   u"link"_s, u"window"_s, u"floor"_s,   u"serial"_s, u"password"_s,
                                   u"due"_s,  u"result"_s, u"time"_s,    u"code"_s};
constexpr std::int64_t kHourMs = 3600 * 1000;

// Case updates and rating invites wait out the quiet hours; ticket messages are of the moment.
bool respectsQuietHours(MessageKind kind)
{
    return kind == MessageKind::CaseSuspended || kind == MessageKind::CaseFinished ||
           kind == MessageKind::Rating;
}

QString kindName(MessageKind kind)
{
    return messageKindNames()[int(kind)];
}

} // namespace

const QStringList& messageKindNames()
{
    static const QStringList names = {
        u"called"_s,         u"near"_s,          u"issued"_s,           u"case_accepted"_s,
        u"case_suspended"_s, u"case_finished"_s, u"rating"_s,           u"help"_s,
        u"booked"_s,         u"reminder"_s,      u"booking_cancelled"_s};
    return names;
}

QString defaultTemplate(MessageKind kind, const QString& lang)
{
    // {zh, en} of each kind, in the enum's order.
    static const std::array<std::pair<QString, QString>, 11> templates = {{
        {u"【{hall}】请{number}号到{window}号窗口（{floor}楼）办理。"_s,
         u"[{hall}] {number}, please go to window {window}, floor {floor}."_s}, // Called
        {u"【{hall}】{number}号前面还有{ahead}位，请留意叫号。"_s,
         u"[{hall}] {number}: {ahead} ahead of you. Please stay close."_s}, // Near
        {u"【{hall}】您已取号{number}（{service}），前面{ahead}位，预计等候{wait}分钟。{link}"_s,
         u"[{hall}] Ticket {number} ({service}): {ahead} ahead, about {wait} min. {link}"_s}, // Issued
        {u"【{hall}】您的{service}办件已受理，受理编号{serial}，查询密码{password}，承诺{due}前办结。"_s,
         u"[{hall}] Your {service} application is accepted: serial {serial}, password {password}, due by {due}."_s}, // CaseAccepted
        {u"【{hall}】您的办件{serial}暂停办理：{result}。补齐后继续办理。"_s,
         u"[{hall}] Your application {serial} is on hold: {result}."_s}, // CaseSuspended
        {u"【{hall}】您的办件{serial}{result}。"_s,
         u"[{hall}] Your application {serial}: {result}."_s}, // CaseFinished
        {u"【{hall}】请评价本次服务，回复5非常满意 4满意 3基本满意 2不满意 1非常不满意。回复TD退订"_s,
         u"[{hall}] Please rate our service: reply 5 very satisfied, 4 satisfied, 3 fair, 2 dissatisfied, 1 very dissatisfied. Reply TD to opt out."_s}, // Rating
        {u"【{hall}】回复1-5评价最近一次服务（5非常满意，1非常不满意），回复TD退订。"_s,
         u"[{hall}] Reply 1-5 to rate your last visit (5 best, 1 worst), TD to opt out."_s}, // Help
        {u"【{hall}】您已预约{service}，时间{time}，预约码{code}。请按时到大厅自助机输入或扫描预约码取号。"_s,
         u"[{hall}] Booked: {service}, {time}, code {code}. Check in with the code at a kiosk in the hall."_s}, // Booked
        {u"【{hall}】提醒：您预约的{service}在{time}，请凭预约码{code}到大厅自助机取号。"_s,
         u"[{hall}] Reminder: {service} at {time}. Check in with code {code} at a kiosk in the hall."_s}, // Reminder
        {u"【{hall}】您预约的{service}（{time}）已取消。"_s,
         u"[{hall}] Your booking of {service} ({time}) is cancelled."_s}, // BookingCancelled
    }};
    const auto& [zh, en] = templates[std::size_t(kind)];
    return lang == u"en"_s ? en : zh;
}

QString templateProblem(const QString& text)
{
    static const QRegularExpression placeholder(u"\\{([^{}]*)\\}"_s);
    for (const QRegularExpressionMatch& m : placeholder.globalMatch(text)) {
        if (!kPlaceholders.contains(m.captured(1)))
            return u"unknown placeholder {%1}; known: {%2}"_s.arg(m.captured(1),
                                                                  kPlaceholders.join(u"}, {"_s));
    }
    return {};
}

QString phoneHash(const QString& phone)
{
    return QString::fromLatin1(
        QCryptographicHash::hash(phone.toUtf8(), QCryptographicHash::Sha256).toHex());
}

QString toString(SmsReply::Outcome outcome)
{
    static const QStringList names = {u"rated"_s, u"already_rated"_s, u"opted_out"_s, u"help"_s,
                                      u"ignored"_s};
    return names[int(outcome)];
}

struct MessageDesk::Fields
{
    std::map<QString, QString> values;
};

MessageDesk::MessageDesk(HallStore& store, const Clock& clock, AuditTrail& trail,
                         const HallConfig& hall, QueueEngine& engine)
    : m_store(store)
    , m_clock(clock)
    , m_trail(trail)
    , m_hall(hall)
    , m_engine(engine)
{
}

// --- queueing ----------------------------------------------------------------------------

void MessageDesk::follow(const Event& e)
{
    if (!m_hall.sms.enabled())
        return;
    if (e.type == u"ticket.printed"_s && e.ticketId)
        printed(*e.ticketId, e.seq);
    else if (e.type == u"ticket.called"_s && e.ticketId && e.window)
        called(*e.ticketId, *e.window, e.seq);
    else if (e.type == u"ticket.completed"_s && e.ticketId)
        completed(*e.ticketId, e.seq);
    else if (e.type == u"case.suspended"_s || e.type == u"case.completed"_s ||
             e.type == u"case.returned"_s)
        caseStep(e);
    else if (e.type == u"appointment.booked"_s || e.type == u"appointment.cancelled"_s)
        appointmentStep(e);
}

void MessageDesk::appointmentStep(const Event& e)
{
    const std::optional<Appointment> a = m_store.appointment(e.data[u"appointment"_s].toInteger());
    if (!a || a->phone.isEmpty())
        return;
    const bool en = a->lang == u"en"_s;
    const QDateTime start =
        QDateTime::fromMSecsSinceEpoch(a->slotStart, QTimeZone(m_hall.timeZone));
    Fields f;
    f.values[u"time"_s] = en ? QLocale(QLocale::English).toString(start, u"d MMM HH:mm"_s)
                             : start.toString(u"M月d日 HH:mm"_s);
    f.values[u"code"_s] = a->code;
    if (const Service* s = m_hall.service(a->serviceId))
        f.values[u"service"_s] = en ? s->name.en : s->name.zh;
    const auto queueAt = [&](MessageKind kind, std::int64_t notBefore) {
        OutboxMessage m;
        m.phone = a->phone;
        m.lang = a->lang;
        m.appointmentId = a->id;
        m.eventSeq = e.seq;
        m.queuedAt = m_clock.nowMs();
        m.notBefore = notBefore;
        enqueue(kind, m, f);
    };
    if (e.type == u"appointment.cancelled"_s) {
        queueAt(MessageKind::BookingCancelled, m_clock.nowMs());
        return;
    }
    queueAt(MessageKind::Booked, m_clock.nowMs());
    // A reminder the day before and an hour before, each only while it is still ahead.
    for (const std::int64_t before : {24 * kHourMs, kHourMs}) {
        if (a->slotStart - before > m_clock.nowMs())
            queueAt(MessageKind::Reminder, a->slotStart - before);
    }
}

void MessageDesk::printed(std::int64_t ticketId, std::int64_t seq)
{
    const std::optional<Ticket> t = m_store.ticket(ticketId);
    if (!t || t->phone.isEmpty())
        return;
    const TicketView view = m_engine.view(t->id);
    Fields f;
    f.values[u"ahead"_s] = QString::number(view.ahead);
    f.values[u"wait"_s] = view.estimatedWaitSeconds
                              ? QString::number(int(std::ceil(*view.estimatedWaitSeconds / 60)))
                              : u"?"_s;
    f.values[u"link"_s] =
        m_hall.sms.statusUrl.isEmpty() ? QString() : m_hall.sms.statusUrl + t->statusCode;
    queue(MessageKind::Issued, *t, {}, f, seq);
}

void MessageDesk::called(std::int64_t ticketId, int window, std::int64_t seq)
{
    const std::optional<Ticket> t = m_store.ticket(ticketId);
    if (!t)
        return;
    if (!t->phone.isEmpty()) {
        Fields f;
        f.values[u"window"_s] = QString::number(window);
        f.values[u"floor"_s] = QString::number(m_hall.window(window)->floor);
        queue(MessageKind::Called, *t, {}, f, seq);
    }
    // Whoever the call leaves exactly N ahead of, once: a call moves up only its own service's
    // queue, and a ticket taken with fewer ahead was told so in its issued message.
    for (const Ticket& waiting : m_store.waitingFor(t->serviceId)) {
        if (waiting.phone.isEmpty() || m_store.hasOutbox(waiting.id, kindName(MessageKind::Near)) ||
            m_engine.ahead(waiting) != m_hall.sms.nearTurn)
            continue;
        Fields f;
        f.values[u"ahead"_s] = QString::number(m_hall.sms.nearTurn);
        queue(MessageKind::Near, waiting, {}, f, seq);
    }
}

void MessageDesk::completed(std::int64_t ticketId, std::int64_t seq)
{
    // A ticket with a case is rated with its case, when the case is finished.
    const std::optional<Ticket> t = m_store.ticket(ticketId);
    if (t && !t->phone.isEmpty() && !m_store.ticketHasCase(t->id))
        queue(MessageKind::Rating, *t, {}, {}, seq);
}

void MessageDesk::caseStep(const Event& e)
{
    const std::optional<Case> c = m_store.caseBySerial(e.data[u"case"_s].toString());
    const std::optional<Ticket> t = c ? m_store.ticket(c->ticketId) : std::nullopt;
    if (!t || t->phone.isEmpty())
        return;
    const bool zh = t->lang != u"en"_s;
    Fields f;
    f.values[u"serial"_s] = c->serial;
    if (e.type == u"case.suspended"_s) {
        f.values[u"result"_s] = c->reason;
        queue(MessageKind::CaseSuspended, *t, c->serial, f, e.seq);
        return;
    }
    if (e.type == u"case.returned"_s)
        f.values[u"result"_s] = (zh ? u"已退回：%1"_s : u"returned: %1"_s).arg(c->reason);
    else if (c->result == CaseResult::Approved)
        f.values[u"result"_s] = zh ? u"已办结（准予许可）"_s : u"completed (approved)"_s;
    else
        f.values[u"result"_s] =
            (zh ? u"已办结（不予许可：%1）"_s : u"completed (not approved: %1)"_s).arg(c->reason);
    queue(MessageKind::CaseFinished, *t, c->serial, f, e.seq);
    if (e.type == u"case.completed"_s)
        queue(MessageKind::Rating, *t, c->serial, {}, e.seq);
}

void MessageDesk::caseAccepted(const Case& c, const QString& password, std::int64_t eventSeq)
{
    if (!m_hall.sms.enabled())
        return;
    const std::optional<Ticket> t = m_store.ticket(c.ticketId);
    if (!t || t->phone.isEmpty())
        return;
    queue(MessageKind::CaseAccepted, *t, c.serial, acceptedFields(c, *t, password), eventSeq);
}

MessageDesk::Fields MessageDesk::acceptedFields(const Case& c, const Ticket& t,
                                                const QString& password) const
{
    Fields f;
    f.values[u"number"_s] = t.number;
    f.values[u"serial"_s] = c.serial;
    f.values[u"password"_s] = password;
    f.values[u"due"_s] = c.dueDay.toString(Qt::ISODate);
    if (const Service* s = m_hall.service(c.serviceId))
        f.values[u"service"_s] = t.lang == u"en"_s ? s->name.en : s->name.zh;
    return f;
}

void MessageDesk::forgetPassword(OutboxMessage& m)
{
    if (m.kind != kindName(MessageKind::CaseAccepted))
        return;
    const std::optional<Case> c = m_store.caseBySerial(m.caseSerial);
    const std::optional<Ticket> t = c ? m_store.ticket(c->ticketId) : std::nullopt;
    if (t)
        m.body = render(MessageKind::CaseAccepted, m.lang, acceptedFields(*c, *t, u"******"_s));
}

void MessageDesk::queue(MessageKind kind, const Ticket& t, const QString& caseSerial,
                        const Fields& fields, std::optional<std::int64_t> eventSeq)
{
    Fields f = fields;
    f.values.try_emplace(u"number"_s, t.number);
    if (const Service* s = m_hall.service(t.serviceId))
        f.values.try_emplace(u"service"_s, t.lang == u"en"_s ? s->name.en : s->name.zh);
    OutboxMessage m;
    m.phone = t.phone;
    m.lang = t.lang;
    m.ticketId = t.id;
    m.caseSerial = caseSerial;
    m.eventSeq = eventSeq;
    m.queuedAt = m_clock.nowMs();
    // A rating invite waits out the pad's time: whoever rates at the window is not asked again.
    const bool padFirst = kind == MessageKind::Rating && caseSerial.isEmpty();
    m.notBefore = notBefore(kind, m.queuedAt + (padFirst ? QueueEngine::kRatingWindowMs : 0));
    enqueue(kind, m, f);
}

void MessageDesk::enqueue(MessageKind kind, OutboxMessage m, const Fields& fields)
{
    m.kind = kindName(kind);
    m.urgency = int(kind);
    m.body = render(kind, m.lang, fields);
    m_store.insertOutbox(m);
    m_queued = true;
}

QString MessageDesk::render(MessageKind kind, const QString& lang, const Fields& fields) const
{
    const auto custom = m_hall.sms.templates.find(kindName(kind));
    QString text = custom == m_hall.sms.templates.end()
                       ? defaultTemplate(kind, lang)
                       : (lang == u"en"_s ? custom->second.en : custom->second.zh);
    Fields f = fields;
    f.values.try_emplace(u"hall"_s, lang == u"en"_s ? m_hall.name.en : m_hall.name.zh);
    for (const QString& name : kPlaceholders) {
        const auto it = f.values.find(name);
        text.replace(u'{' + name + u'}', it == f.values.end() ? QString() : it->second);
    }
    return text.trimmed();
}

std::int64_t MessageDesk::notBefore(MessageKind kind, std::int64_t earliest) const
{
    if (!respectsQuietHours(kind))
        return earliest;
    const QTimeZone zone(m_hall.timeZone);
    const QDateTime local = QDateTime::fromMSecsSinceEpoch(earliest, zone);
    const QTime from = m_hall.sms.quietFrom;
    const QTime until = m_hall.sms.quietUntil;
    const QTime t = local.time();
    const bool quiet = from <= until ? (t >= from && t < until) : (t >= from || t < until);
    if (!quiet)
        return earliest;
    QDateTime end(local.date(), until, zone);
    if (end <= local)
        end = end.addDays(1);
    return end.toMSecsSinceEpoch();
}

bool MessageDesk::takeQueued()
{
    return std::exchange(m_queued, false);
}

// --- sending -----------------------------------------------------------------------------

bool MessageDesk::wanted(const OutboxMessage& m, QString& why)
{
    if (m.phone.isEmpty()) {
        why = u"the number was erased"_s;
        return false;
    }
    // A number that opted out gets only what it asked for afterwards: messages of a ticket it
    // took with the number since.
    const std::optional<Ticket> t = m.ticketId ? m_store.ticket(*m.ticketId) : std::nullopt;
    const std::optional<Appointment> a =
        m.appointmentId ? m_store.appointment(*m.appointmentId) : std::nullopt;
    if (const std::optional<std::int64_t> out = m_store.optedOutAt(phoneHash(m.phone))) {
        // When the number asked for the ticket or the booking the message is about.
        const std::int64_t asked = t ? t->issuedAt : a ? a->bookedAt : 0;
        if (m.kind == kindName(MessageKind::Rating) || m.kind == kindName(MessageKind::Help) ||
            asked < *out) {
            why = u"the number opted out"_s;
            return false;
        }
    }
    if (m.kind == kindName(MessageKind::Reminder) && (!a || a->state != AppointmentState::Booked)) {
        why = u"the booking is no longer open"_s;
        return false;
    }
    if (m.kind == kindName(MessageKind::Rating) && m.ticketId &&
        (m.caseSerial.isEmpty() ? m_store.rating(*m.ticketId) : m_store.caseRating(m.caseSerial))) {
        why = u"already rated"_s;
        return false;
    }
    return true;
}

std::optional<OutboxMessage> MessageDesk::next(const Actor& actor)
{
    while (std::optional<OutboxMessage> m = m_store.nextOutbox(m_clock.nowMs())) {
        QString why;
        if (wanted(*m, why))
            return m;
        m->state = OutboxMessage::State::Cancelled;
        m->finishedAt = m_clock.nowMs();
        m->failure = why;
        forgetPassword(*m);
        m_store.updateOutbox(*m);
        recordMessage(u"sms.cancelled"_s, *m, actor, {{u"reason"_s, why}});
    }
    return std::nullopt;
}

void MessageDesk::sent(std::int64_t id, const std::vector<int>& references, const Actor& actor)
{
    std::optional<OutboxMessage> m = m_store.outboxMessage(id);
    if (!m || m->state != OutboxMessage::State::Queued)
        return;
    m->state = OutboxMessage::State::Sent;
    m->attempts += 1;
    m->sentAt = m_clock.nowMs();
    m->parts.clear();
    for (const int reference : references)
        m->parts.emplace_back(reference, false);
    forgetPassword(*m);
    m_store.updateOutbox(*m);
    recordMessage(u"sms.sent"_s, *m, actor, {{u"parts"_s, int(references.size())}});
}

void MessageDesk::failed(std::int64_t id, bool temporary, const QString& reason, const Actor& actor)
{
    std::optional<OutboxMessage> m = m_store.outboxMessage(id);
    if (!m || m->state != OutboxMessage::State::Queued)
        return;
    m->attempts += 1;
    m->failure = reason.left(200);
    const bool final = !temporary || m->attempts >= m_hall.sms.maxAttempts;
    if (final) {
        m->state = OutboxMessage::State::Failed;
        m->finishedAt = m_clock.nowMs();
        forgetPassword(*m);
    } else {
        m->notBefore = m_clock.nowMs() + (kFirstRetryMs << (m->attempts - 1));
    }
    m_store.updateOutbox(*m);
    recordMessage(u"sms.failed"_s, *m, actor,
                  {{u"reason"_s, m->failure}, {u"final"_s, final}, {u"attempts"_s, m->attempts}});
}

void MessageDesk::reported(const QString& phone, int reference, bool delivered, int status,
                           const Actor& actor)
{
    for (OutboxMessage& m : m_store.sentOutboxTo(phone, kReportsMatched)) {
        const auto part = std::find_if(m.parts.begin(), m.parts.end(), [&](const auto& p) {
            return p.first == reference && !p.second;
        });
        if (part == m.parts.end())
            continue;
        if (!delivered) {
            m.state = OutboxMessage::State::Failed;
            m.finishedAt = m_clock.nowMs();
            m.failure = u"the network could not deliver it (status %1)"_s.arg(status);
            m_store.updateOutbox(m);
            recordMessage(u"sms.failed"_s, m, actor,
                          {{u"reason"_s, m.failure}, {u"final"_s, true}});
            return;
        }
        part->second = true;
        const bool all =
            std::all_of(m.parts.begin(), m.parts.end(), [](const auto& p) { return p.second; });
        if (all) {
            m.state = OutboxMessage::State::Delivered;
            m.finishedAt = m_clock.nowMs();
        }
        m_store.updateOutbox(m);
        if (all)
            recordMessage(u"sms.delivered"_s, m, actor);
        return;
    }
}

// --- replies -----------------------------------------------------------------------------

SmsReply MessageDesk::reply(const QString& phone, const QString& text, const Actor& actor)
{
    const QString said = text.trimmed();
    // Full-width digits (a Chinese keyboard's) are digits too.
    const QString normalized = said.normalized(QString::NormalizationForm_KC).toUpper();
    SmsReply result;
    const std::optional<OutboxMessage> invite =
        m_store.lastOutboxTo(phone, kindName(MessageKind::Rating),
                             m_clock.nowMs() - std::int64_t(m_hall.sms.replyDays) * kDayMs);
    // The number's newest message, whatever its kind: a stranger's text gets no answer.
    std::optional<OutboxMessage> latest;
    for (const QString& kind : messageKindNames()) {
        const std::optional<OutboxMessage> m = m_store.lastOutboxTo(phone, kind, 0);
        if (m && (!latest || m->id > latest->id))
            latest = m;
    }
    const QString lang = latest ? latest->lang : u"zh"_s;
    QJsonObject data{{u"phone"_s, maskPhone(phone)}, {u"text"_s, said.left(kReplyTextShown)}};
    std::optional<std::int64_t> ticketId;

    static const QRegularExpression digit(u"^[1-5]$"_s);
    if (normalized == u"TD"_s || normalized == u"退订"_s) {
        m_store.addOptOut(phoneHash(phone), m_clock.nowMs());
        result.outcome = SmsReply::Outcome::OptedOut;
    } else if (digit.match(normalized).hasMatch() && invite && invite->ticketId) {
        const int rating = normalized.toInt();
        const std::optional<Ticket> t = m_store.ticket(*invite->ticketId);
        ticketId = invite->ticketId;
        const bool rated = invite->caseSerial.isEmpty()
                               ? m_store.rating(*ticketId).has_value()
                               : m_store.caseRating(invite->caseSerial).has_value();
        if (!invite->caseSerial.isEmpty())
            data.insert(u"case"_s, invite->caseSerial);
        if (rated || !t || !t->window) {
            result.outcome = SmsReply::Outcome::AlreadyRated; // 一次一评
        } else {
            m_engine.addRating(*t, invite->caseSerial, *t->window, rating, u"sms"_s, actor);
            result = {SmsReply::Outcome::Rated, rating};
            data.insert(u"rating"_s, rating);
            data.insert(u"scale"_s, 5);
        }
    } else if (latest &&
               !m_store.lastOutboxTo(phone, kindName(MessageKind::Help), startOfToday())) {
        // A rating with no invite to answer, or anything else: how to reply, once a day.
        queueHelp(phone, lang);
        result.outcome = SmsReply::Outcome::Help;
    }
    data.insert(u"outcome"_s, toString(result.outcome));
    m_trail.record({0, m_clock.nowMs(), u"sms.reply"_s, actor.who, actor.device, ticketId,
                    std::nullopt, data});
    return result;
}

void MessageDesk::queueHelp(const QString& phone, const QString& lang)
{
    OutboxMessage m;
    m.phone = phone;
    m.lang = lang;
    m.queuedAt = m.notBefore = m_clock.nowMs();
    enqueue(MessageKind::Help, m, {});
}

int MessageDesk::purge(const Actor& actor)
{
    const int purged =
        m_store.purgePhones(m_clock.nowMs() - std::int64_t(m_hall.sms.retentionDays) * kDayMs);
    if (purged > 0)
        m_trail.record({0,
                        m_clock.nowMs(),
                        u"sms.purged"_s,
                        actor.who,
                        actor.device,
                        std::nullopt,
                        std::nullopt,
                        {{u"rows"_s, purged}, {u"retentionDays"_s, m_hall.sms.retentionDays}}});
    return purged;
}

void MessageDesk::recordMessage(const QString& type, const OutboxMessage& m, const Actor& actor,
                                QJsonObject data)
{
    data.insert(u"message"_s, qint64(m.id));
    data.insert(u"kind"_s, m.kind);
    data.insert(u"phone"_s, maskPhone(m.phone));
    if (!m.caseSerial.isEmpty())
        data.insert(u"case"_s, m.caseSerial);
    m_trail.record(
        {0, m_clock.nowMs(), type, actor.who, actor.device, m.ticketId, std::nullopt, data});
}

std::int64_t MessageDesk::startOfToday() const
{
    const QTimeZone zone(m_hall.timeZone);
    const QDate day = QDateTime::fromMSecsSinceEpoch(m_clock.nowMs(), zone).date();
    return QDateTime(day, QTime(0, 0), zone).toMSecsSinceEpoch();
}

OutboxSummary MessageDesk::summary()
{
    return {m_store.outboxCount(OutboxMessage::State::Queued, m_clock.nowMs() - kDayMs),
            m_store.outboxCount(OutboxMessage::State::Failed, startOfToday())};
}

} // namespace qh::engine
