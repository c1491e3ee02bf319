// The follow-up each 差评 opens: the applicant contacted, the finding, the rectification and a
// supervisor's close, on a working-day deadline; or an appeal against the rating, decided by an
// admin. Runs inside the application service's unit of work, like the queue engine.
#pragma once

#include "calendar.h"
#include "clock.h"
#include "hallstore.h"

#include <initializer_list>
#include <optional>
#include <vector>

#include <QString>

namespace qh::engine {

class AuditTrail;
struct Actor;

// A follow-up with its steps (the audit trail's events of it, in order).
struct FollowUpView
{
    FollowUp record;
    bool late = false; // past its due day and not rectified (escalated or not yet)
    std::vector<Event> steps;
};

class FollowUpDesk
{
public:
    FollowUpDesk(HallStore& store, const Clock& clock, AuditTrail& trail, const HallConfig& hall,
                 const WorkingCalendar& calendar);

    // Opens the follow-up of a rating just kept when it is a 差评 (2 or 1); due in the hall's
    // follow-up days after the day of the rating.
    void rated(const Rating& rating, std::int64_t ratingId, const Actor& actor);

    // The steps. Each text is required (at most 500 characters) and kept with the step's event.
    FollowUp contact(std::int64_t id, const QString& record, const Actor& actor);
    FollowUp rectify(std::int64_t id, const QString& finding, const QString& rectification,
                     const Actor& actor);
    FollowUp close(std::int64_t id, const Actor& actor); // by a supervisor, once rectified
    FollowUp appeal(std::int64_t id, const QString& reason, const Actor& actor);
    // Upheld: the rating is annulled (left out of every rate); rejected: back where it was.
    FollowUp decide(std::int64_t id, bool upheld, const QString& reason, const Actor& actor);
    // Marks each follow-up past its due day and not rectified as overdue, with an event; returns
    // how many. An appeal waiting for its decision is not escalated.
    int escalate(const Actor& actor);

    FollowUpView view(std::int64_t id);
    // Open, contacted and appealed follow-ups, by due day; or only the late ones.
    std::vector<FollowUpView> pending(bool lateOnly);

private:
    FollowUp require(std::int64_t id);
    // Moves a follow-up in one of the `from` states on to `to`, with its event.
    FollowUp step(FollowUp f, std::initializer_list<FollowUpState> from, FollowUpState to,
                  const QString& eventType, const QJsonObject& data, const Actor& actor);
    bool isLate(const FollowUp& f, const QDate& day) const;
    QDate today() const;
    void record(const QString& type, const Actor& actor, const FollowUp& f, QJsonObject data);
    FollowUpView viewOf(const FollowUp& f);

    HallStore& m_store;
    const Clock& m_clock;
    AuditTrail& m_trail;
    const HallConfig& m_hall;
    const WorkingCalendar& m_calendar;
};

} // namespace qh::engine
