// 差评 follow-ups: opened with the rating, stepped through by the hall's staff, escalated when
// late. Every step is an event of the audit trail naming the follow-up.
#include "followups.h"

#include "engine.h"

#include <algorithm>

using namespace Qt::Literals::StringLiterals;

namespace qh::engine {

namespace {

constexpr int kTextLimit = 500;

QString requireStepText(const QString& text, const QString& what)
{
    const QString trimmed = text.trimmed();
    if (trimmed.isEmpty())
        refuse(EngineError::Code::Invalid, u"%1 is required"_s.arg(what));
    if (trimmed.size() > kTextLimit)
        refuse(EngineError::Code::Invalid,
               u"%1 is at most %2 characters"_s.arg(what).arg(kTextLimit));
    return trimmed;
}

} // namespace

FollowUpDesk::FollowUpDesk(HallStore& store, const Clock& clock, AuditTrail& trail,
                           const HallConfig& hall, const WorkingCalendar& calendar)
    : m_store(store)
    , m_clock(clock)
    , m_trail(trail)
    , m_hall(hall)
    , m_calendar(calendar)
{
}

void FollowUpDesk::rated(const Rating& rating, std::int64_t ratingId, const Actor& actor)
{
    if (rating.rating > 2)
        return;
    FollowUp f;
    f.ratingId = ratingId;
    f.rating = rating;
    f.openedAt = rating.atMs;
    f.dueDay = m_calendar.addWorkingDays(m_hall.dayOf(rating.atMs), m_hall.ratings.followUpDays);
    f.id = m_store.insertFollowUp(f);
    record(u"followup.opened"_s, actor, f, {{u"channel"_s, rating.channel}});
}

FollowUp FollowUpDesk::contact(std::int64_t id, const QString& record, const Actor& actor)
{
    FollowUp f = require(id);
    f.contact = requireStepText(record, u"the contact record"_s);
    return step(f, {FollowUpState::Open, FollowUpState::Contacted}, FollowUpState::Contacted,
                u"followup.contacted"_s, {{u"contact"_s, f.contact}}, actor);
}

FollowUp FollowUpDesk::rectify(std::int64_t id, const QString& finding,
                               const QString& rectification, const Actor& actor)
{
    FollowUp f = require(id);
    f.finding = requireStepText(finding, u"the finding"_s);
    f.rectification = requireStepText(rectification, u"the rectification"_s);
    f.rectifiedAt = m_clock.nowMs();
    f.rectifiedDay = today();
    return step(f, {FollowUpState::Contacted}, FollowUpState::Rectified, u"followup.rectified"_s,
                {{u"finding"_s, f.finding},
                 {u"rectification"_s, f.rectification},
                 {u"onTime"_s, *f.rectifiedDay <= f.dueDay}},
                actor);
}

FollowUp FollowUpDesk::close(std::int64_t id, const Actor& actor)
{
    FollowUp f = require(id);
    f.closedAt = m_clock.nowMs();
    return step(f, {FollowUpState::Rectified}, FollowUpState::Closed, u"followup.closed"_s, {},
                actor);
}

FollowUp FollowUpDesk::appeal(std::int64_t id, const QString& reason, const Actor& actor)
{
    FollowUp f = require(id);
    f.appeal = requireStepText(reason, u"the reason of the appeal"_s);
    return step(f, {FollowUpState::Open, FollowUpState::Contacted}, FollowUpState::Appealed,
                u"followup.appealed"_s, {{u"reason"_s, f.appeal}}, actor);
}

FollowUp FollowUpDesk::decide(std::int64_t id, bool upheld, const QString& reason,
                              const Actor& actor)
{
    FollowUp f = require(id);
    f.decision = requireStepText(reason, u"the reason of the decision"_s);
    f.decidedAt = m_clock.nowMs();
    const FollowUpState back = f.contact.isEmpty() ? FollowUpState::Open : FollowUpState::Contacted;
    return step(f, {FollowUpState::Appealed}, upheld ? FollowUpState::Annulled : back,
                u"followup.decided"_s,
                {{u"decision"_s, upheld ? u"upheld"_s : u"rejected"_s}, {u"reason"_s, f.decision}},
                actor);
}

int FollowUpDesk::escalate(const Actor& actor)
{
    const QDate day = today();
    int raised = 0;
    for (FollowUp f : m_store.pendingFollowUps()) {
        if (f.overdue || !isLate(f, day))
            continue;
        f.overdue = true;
        m_store.updateFollowUp(f);
        record(u"followup.overdue"_s, actor, f, {});
        ++raised;
    }
    return raised;
}

FollowUpView FollowUpDesk::view(std::int64_t id)
{
    return viewOf(require(id));
}

std::vector<FollowUpView> FollowUpDesk::pending(bool lateOnly)
{
    const QDate day = today();
    std::vector<FollowUpView> list;
    for (const FollowUp& f : m_store.pendingFollowUps()) {
        if (!lateOnly || isLate(f, day))
            list.push_back({f, isLate(f, day), {}});
    }
    return list;
}

FollowUp FollowUpDesk::require(std::int64_t id)
{
    std::optional<FollowUp> f = m_store.followUp(id);
    if (!f)
        refuse(EngineError::Code::NotFound, u"no follow-up %1"_s.arg(id));
    return *f;
}

FollowUp FollowUpDesk::step(FollowUp f, std::initializer_list<FollowUpState> from, FollowUpState to,
                            const QString& eventType, const QJsonObject& data, const Actor& actor)
{
    if (std::find(from.begin(), from.end(), f.state) == from.end()) {
        QStringList needed;
        for (const FollowUpState s : from)
            needed << toString(s);
        refuse(EngineError::Code::WrongState, u"follow-up %1 is %2, not %3"_s.arg(f.id).arg(
                                                  toString(f.state), needed.join(u" or "_s)));
    }
    f.state = to;
    m_store.updateFollowUp(f);
    record(eventType, actor, f, data);
    return f;
}

bool FollowUpDesk::isLate(const FollowUp& f, const QDate& day) const
{
    return (f.state == FollowUpState::Open || f.state == FollowUpState::Contacted) &&
           day > f.dueDay;
}

QDate FollowUpDesk::today() const
{
    return m_hall.dayOf(m_clock.nowMs());
}

void FollowUpDesk::record(const QString& type, const Actor& actor, const FollowUp& f,
                          QJsonObject data)
{
    data.insert(u"followUp"_s, double(f.id));
    data.insert(u"rating"_s, f.rating.rating);
    data.insert(u"state"_s, toString(f.state));
    data.insert(u"due"_s, f.dueDay.toString(Qt::ISODate));
    data.insert(u"window"_s, f.rating.window);
    if (!f.rating.caseSerial.isEmpty())
        data.insert(u"ratedCase"_s, f.rating.caseSerial); // not "case": not a step of the case
    m_trail.record({0, m_clock.nowMs(), type, actor.who, actor.device, f.rating.ticketId,
                    f.rating.window, data});
}

FollowUpView FollowUpDesk::viewOf(const FollowUp& f)
{
    return {f, isLate(f, today()), m_store.followUpEvents(f.id)};
}

} // namespace qh::engine
