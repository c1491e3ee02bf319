// The cases of a simulated year, played into a hall service: the served tickets at their times,
// their cases accepted at the window and finished on the working days the demand draws.
#include "caseyear.h"

#include <array>
#include <random>
#include <set>

#include <QDateTime>
#include <QElapsedTimer>
#include <QTimeZone>
#include <queue>

using namespace Qt::Literals::StringLiterals;

namespace qh::sim {

namespace {

enum class Step {
    Issue,
    Serve,
    Suspend,
    Resume,
    Complete,
    Refuse,
    Withdraw,
    Pause,
    EndPause,
    Contact,
    Rectify,
    Close
};

// The citizens' ratings on the pad: how many rate, and how (levels 1 .. 5). A hall of this
// size publishes about 99.9 % satisfaction; the 差评 here are a few a day, to follow up.
constexpr double kRatedShare = 0.7;
constexpr std::array<double, 5> kLevelShares = {0.002, 0.003, 0.015, 0.08, 0.9};
constexpr double kRectifiedLateShare = 0.1; // of the 差评: rectified after the due day

struct Planned
{
    std::int64_t at;
    std::uint64_t order; // ties keep the order they were planned in
    Step step;
    std::size_t arrival; // Issue, Serve; the window of Pause and EndPause; the follow-up's id
    QString serial;      // the case steps
    bool operator>(const Planned& other) const
    {
        return std::tie(at, order) > std::tie(other.at, other.order);
    }
};

class CasePlayer
{
public:
    CasePlayer(service::HallService& service, engine::ManualClock& clock, const Demand& demand,
               const std::vector<Arrival>& arrivals, const Run& run, std::uint64_t seed)
        : m_service(service)
        , m_clock(clock)
        , m_cases(demand.cases)
        , m_arrivals(arrivals)
        , m_run(run)
        , m_zone(service.hall().timeZone)
        , m_random(seed)
    {
    }

    CaseYear play(const QDate& until)
    {
        QElapsedTimer wall;
        wall.start();
        const std::int64_t seqBefore = m_service.store().lastEventSeq();
        for (std::size_t i = 0; i < m_arrivals.size(); ++i) {
            if (m_run.tickets[i].servedAt < 0)
                continue; // never served: no case
            plan(m_arrivals[i].at, Step::Issue, i);
            plan(m_run.tickets[i].servedAt, Step::Serve, i);
            ++m_result.tickets;
            planPause(i);
        }
        while (!m_planned.empty() && localDay(m_planned.top().at) <= until) {
            const QDate day = localDay(m_planned.top().at);
            // A day is one unit of work: its escalations first, then its steps in order.
            m_service.perform([&] {
                m_clock.set(QDateTime(day, QTime(8, 0), m_zone).toMSecsSinceEpoch());
                m_service.escalateCases(m_actor);
                m_service.escalateFollowUps(m_actor);
                while (!m_planned.empty() && localDay(m_planned.top().at) == day) {
                    const Planned p = m_planned.top();
                    m_planned.pop();
                    m_clock.set(p.at);
                    run(p);
                }
            });
        }
        m_result.events = m_service.store().lastEventSeq() - seqBefore;
        m_result.wallSeconds = double(wall.nsecsElapsed()) / 1e9;
        return m_result;
    }

private:
    void plan(std::int64_t at, Step step, std::size_t arrival, const QString& serial = {})
    {
        m_planned.push({at, m_order++, step, arrival, serial});
    }

    QDate localDay(std::int64_t ms) const
    {
        return QDateTime::fromMSecsSinceEpoch(ms, m_zone).date();
    }

    // A time on the working day `days` after `from`, in office hours.
    std::int64_t workingDayAfter(const QDate& from, int days)
    {
        const QDate d = m_service.engine().calendar().addWorkingDays(from, days);
        const int minutes = std::uniform_int_distribution<int>(0, 6 * 60)(m_random);
        return QDateTime(d, QTime(9, 30).addSecs(minutes * 60), m_zone).toMSecsSinceEpoch();
    }

    bool chance(double share) { return std::bernoulli_distribution(share)(m_random); }
    int between(int low, int high)
    {
        return std::uniform_int_distribution<int>(low, high)(m_random);
    }

    void run(const Planned& p)
    {
        switch (p.step) {
        case Step::Issue: {
            const engine::TicketView v = m_service.issue(
                {.serviceId =
                     m_service.hall().services[std::size_t(m_arrivals[p.arrival].service)].id},
                m_actor);
            m_service.confirmPrinted(v.ticket.id, m_actor);
            m_numbers[p.arrival] = v.ticket.number;
            return;
        }
        case Step::Serve:
            return serve(p.arrival);
        case Step::Suspend:
            m_service.suspendCase(p.serial, u"材料不全 documents missing"_s, m_actor);
            return;
        case Step::Resume:
            m_service.resumeCase(p.serial, m_actor);
            return;
        case Step::Complete: {
            const bool approved = !chance(m_cases.notApprovedShare);
            m_service.completeCase(
                p.serial, approved ? engine::CaseResult::Approved : engine::CaseResult::NotApproved,
                approved ? QString() : u"不符合条件 conditions not met"_s, m_actor);
            return;
        }
        case Step::Refuse:
            m_service.returnCase(p.serial, u"不属于受理范围 not ours to accept"_s, m_actor);
            return;
        case Step::Withdraw:
            m_service.withdrawCase(p.serial, {}, m_actor);
            return;
        case Step::Pause:
            if (!m_service.store().window(int(p.arrival)).paused)
                m_service.pause(int(p.arrival), m_actor);
            return;
        case Step::EndPause:
            if (m_service.store().window(int(p.arrival)).paused)
                m_service.resume(int(p.arrival), m_actor);
            return;
        case Step::Contact:
            m_service.contactFollowUp(std::int64_t(p.arrival), u"电话回访 phoned back"_s, m_actor);
            return;
        case Step::Rectify:
            m_service.rectifyFollowUp(std::int64_t(p.arrival), u"等候时间过长 waited too long"_s,
                                      u"增开窗口 a window opened more"_s, m_actor);
            return;
        case Step::Close:
            m_service.closeFollowUp(std::int64_t(p.arrival), m_actor);
            return;
        }
    }

    // Each window pauses about once a day (at the hour of its first ticket of that day), for 5
    // to 25 minutes; the clerk's next call ends a pause early.
    void planPause(std::size_t arrival)
    {
        const int window = m_run.tickets[arrival].window;
        const QDate day = localDay(m_run.tickets[arrival].servedAt);
        if (!m_pausedOn.insert({window, day}).second)
            return;
        const std::int64_t at = m_run.tickets[arrival].servedAt + between(30, 120) * 60'000LL;
        plan(at, Step::Pause, std::size_t(window));
        plan(at + between(5, 25) * 60'000LL, Step::EndPause, std::size_t(window));
    }

    // The pad's rating of the ticket just completed; a 差评's follow-up contacted the next working
    // day, rectified by its due day (or a little after), closed the day after.
    void rate(int window)
    {
        if (!chance(kRatedShare))
            return;
        const int level =
            1 + std::discrete_distribution<int>(kLevelShares.begin(), kLevelShares.end())(m_random);
        m_service.rate(window, level, m_actor);
        if (level > 2)
            return;
        const engine::FollowUp f = m_service.engine().followUps().pending(false).back().record;
        const QDate today = localDay(m_clock.nowMs());
        const int days = m_service.hall().ratings.followUpDays;
        const int rectifiedAfter =
            chance(kRectifiedLateShare) ? days + between(1, 3) : between(1, days);
        plan(workingDayAfter(today, 1), Step::Contact, std::size_t(f.id));
        plan(workingDayAfter(today, std::max(2, rectifiedAfter)), Step::Rectify, std::size_t(f.id));
        plan(workingDayAfter(today, std::max(2, rectifiedAfter) + 1), Step::Close,
             std::size_t(f.id));
        ++m_result.followUps;
    }

    // Called, served, its cases accepted and their fates planned, and the ticket completed.
    void serve(std::size_t arrival)
    {
        const int window = m_run.tickets[arrival].window;
        if (m_service.store().window(window).paused)
            m_service.resume(window, m_actor);
        m_service.callNumber(window, m_numbers.at(arrival), m_actor);
        m_service.start(window, m_actor);
        const int matters = chance(m_cases.secondCaseShare) ? 2 : 1;
        for (int i = 0; i < matters; ++i) {
            const engine::Case c = m_service.acceptCase(window, {}, m_actor).record;
            ++m_result.cases;
            decide(c);
        }
        m_service.complete(window, m_actor);
        rate(window);
        m_numbers.erase(arrival);
    }

    void decide(const engine::Case& c)
    {
        const std::int64_t now = m_clock.nowMs();
        if (chance(m_cases.returnedShare))
            return plan(now, Step::Refuse, 0, c.serial);
        if (chance(m_cases.withdrawnShare))
            return plan(workingDayAfter(c.acceptedDay, 1), Step::Withdraw, 0, c.serial);
        const bool atTheWindow =
            chance(c.promisedDays == 0 ? m_cases.immediateAtWindowShare : m_cases.sameDayShare);
        if (atTheWindow)
            return plan(now, Step::Complete, 0, c.serial);
        const bool late = chance(m_cases.lateShare);
        if (c.promisedDays == 0 && !late) // finished in the back office later that day
            return plan(now + between(30, 240) * 60'000LL, Step::Complete, 0, c.serial);
        int days = late ? c.promisedDays + between(1, 3) : between(1, std::max(1, c.promisedDays));
        // Suspended on the next working day, resumed 1 to 3 working days later, and finished
        // at least a working day after that; the due day moves on by the days it stood.
        if (c.promisedDays >= 2 && chance(m_cases.suspendedShare)) {
            const int stood = between(1, 3);
            plan(workingDayAfter(c.acceptedDay, 1), Step::Suspend, 0, c.serial);
            plan(workingDayAfter(c.acceptedDay, 1 + stood), Step::Resume, 0, c.serial);
            days = std::max(days, 2) + stood;
        }
        plan(workingDayAfter(c.acceptedDay, days), Step::Complete, 0, c.serial);
    }

    service::HallService& m_service;
    engine::ManualClock& m_clock;
    const CaseDemand& m_cases;
    const std::vector<Arrival>& m_arrivals;
    const Run& m_run;
    QTimeZone m_zone;
    std::mt19937_64 m_random;
    std::priority_queue<Planned, std::vector<Planned>, std::greater<>> m_planned;
    std::uint64_t m_order = 0;
    std::map<std::size_t, QString> m_numbers;   // issued, not yet served: arrival → number
    std::set<std::pair<int, QDate>> m_pausedOn; // a window's pause planned for a day
    engine::Actor m_actor{u"simulator"_s, u"simulator"_s};
    CaseYear m_result;
};

} // namespace

CaseYear playCases(service::HallService& service, engine::ManualClock& clock, const Demand& demand,
                   const std::vector<Arrival>& arrivals, const Run& run, const QDate& until,
                   std::uint64_t seed)
{
    return CasePlayer(service, clock, demand, arrivals, run, seed).play(until);
}

} // namespace qh::sim
