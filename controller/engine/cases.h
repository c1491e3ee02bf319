// Cases (办件): accepted from a ticket being served, numbered, timed on the working calendar,
// suspended and resumed, finished, escalated when late, and looked up by the applicant.
#pragma once

#include "calendar.h"
#include "caserates.h"
#include "clock.h"
#include "hallstore.h"

#include <optional>
#include <vector>

#include <QRandomGenerator>
#include <QString>

namespace qh::engine {

class AuditTrail;
struct Actor;

// What is wrong with a serial number format (see CasePolicy::serialFormat); empty when nothing.
QString serialFormatProblem(const QString& format);
// The serial number of a day with its sequence token left in, e.g. "SHIZHONG-20261202-{seq6}".
QString serialStem(const CasePolicy& policy, const QDate& day);

// A case just accepted, with its password: shown once to the clerk, then only its hash is kept.
struct AcceptedCase
{
    Case record;
    QString password;
};

// A case with its escalation today and its steps (the audit trail's events of it, in order).
struct CaseView
{
    Case record;
    Escalation level = Escalation::None;
    std::vector<Event> steps;
};

// The applicant's lookup: found, or refused (unknown serial or wrong password, which look the
// same), or locked after too many wrong passwords.
struct CaseLookup
{
    enum class Outcome { Found, Refused, Locked };
    Outcome outcome = Outcome::Refused;
    std::optional<CaseView> view;
    std::int64_t lockedUntil = 0; // when locked
};

// Today's cases, and the open ones by escalation (for the hall status).
struct CaseDay
{
    CaseTally today;
    int open = 0;
    int warning = 0;
    int overdue = 0;
};

class CaseDesk
{
public:
    CaseDesk(HallStore& store, const Clock& clock, AuditTrail& trail, QRandomGenerator& random,
             const HallConfig& hall, const WorkingCalendar& calendar);

    // From the ticket being served at the window: the ticket's service unless another service
    // of that window is named (a citizen with several matters).
    AcceptedCase accept(int window, const QString& serviceId, const Actor& actor);
    Case suspend(const QString& serial, const QString& reason, const Actor& actor);
    Case resume(const QString& serial, const Actor& actor);
    // A result of "not approved" needs a reason.
    Case complete(const QString& serial, CaseResult result, const QString& reason,
                  const Actor& actor);
    Case giveBack(const QString& serial, const QString& reason, const Actor& actor); // 不予受理
    Case withdraw(const QString& serial, const QString& reason, const Actor& actor);
    // Raises each open case whose escalation today is above its recorded one, with an event;
    // returns how many were raised.
    int escalate(const Actor& actor);
    // Counts a wrong password against the case (the unit of work must be committed even then).
    CaseLookup lookup(const QString& serial, const QString& password, const Actor& actor);

    CaseView view(const QString& serial);
    // Accepted and suspended cases, of one window or all, by due day.
    std::vector<CaseView> open(std::optional<int> window);
    // Open cases past their due day (a suspended one: past it when its clock stopped), of one
    // window or all.
    std::vector<CaseView> overdue(std::optional<int> window);

    // Tallies of the cases accepted from `from` to `to` (see caserates.h), judged today.
    std::vector<CaseTally> rates(const QDate& from, const QDate& to, CaseGrouping grouping);

    CaseDay day();

    Escalation levelOn(const Case& c, const QDate& day) const;
    QDate today() const;

private:
    Case require(const QString& serial);
    Case requireOpen(const QString& serial, const QString& action);
    Case finish(Case c, CaseState state, const QString& reason, const QString& eventType,
                const Actor& actor);
    // Moves the due and warning days on by the working days since the clock stopped.
    void restartClock(Case& c, const QDate& day);
    void setDays(Case& c);
    void record(const QString& type, const Actor& actor, const Case& c, QJsonObject data = {});
    CaseView viewOf(const Case& c);

    HallStore& m_store;
    const Clock& m_clock;
    AuditTrail& m_trail;
    QRandomGenerator& m_random;
    const HallConfig& m_hall;
    const WorkingCalendar& m_calendar;
};

} // namespace qh::engine
