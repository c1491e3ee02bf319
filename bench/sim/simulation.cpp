// A service day (or a year of them) played through a routing policy: the real queue engine on
// a simulated clock, or per-department FIFO on dedicated windows; and the pooled Erlang-C bound.
#include "simulation.h"

#include "hallservice.h"
#include "memorystore.h"
#include "prediction.h"

#include <cmath>
#include <deque>
#include <map>
#include <memory>
#include <set>

#include <QDateTime>
#include <QElapsedTimer>
#include <QHash>
#include <QTimeZone>
#include <queue>

using namespace Qt::Literals::StringLiterals;

namespace qh::sim {

namespace {

// What a routing policy decides; the hall's clock, windows and citizens are the same for all.
class Policy
{
public:
    virtual ~Policy() = default;
    struct Issued
    {
        int ahead = 0;            // in its service
        double predicted = kNone; // the wait the ticket shows, if the policy tells one
    };
    // A citizen takes a ticket.
    virtual Issued issue(std::size_t arrival, std::int64_t now) = 0;
    // The window calls; the arrival it calls, if anyone waits for it.
    virtual std::optional<std::size_t> callNext(int window, std::int64_t now) = 0;
    virtual void start(int window, std::int64_t now) = 0;
    // The ticket at the window is done: served, or the citizen never came. Returns whether the
    // ticket went back in the queue (a no-show with calls left).
    virtual bool finish(int window, bool came, std::int64_t now) = 0;
    // The windows that may call a ticket of this service.
    virtual const std::vector<int>& windowsFor(int service) const = 0;
    // Nobody waits and no window is busy: the hall's state is nothing but what it learned.
    virtual void quiet() {}
};

// Plays the arrivals through a policy: windows call as soon as they are free and someone waits
// for them; a citizen takes a walk of `walkOverhead` of the service time before it starts.
class Hall
{
public:
    Hall(const engine::HallConfig& hall, const Demand& demand, const std::vector<Arrival>& arrivals,
         Policy& policy)
        : m_hall(hall)
        , m_demand(demand)
        , m_arrivals(arrivals)
        , m_policy(policy)
        , m_predictor(hall)
        , m_trueTimes(hall)
    {
        for (std::size_t s = 0; s < hall.services.size(); ++s)
            m_trueTimes.restore(hall.services[s].id, 1'000'000,
                                hall.services[s].guide.standardMinutes * 60 *
                                    (1 + demand.walkOverhead));
        for (const engine::Window& w : hall.windows)
            m_load.busy[w.number] = false;
    }

    Run run(const QString& name)
    {
        QElapsedTimer wall;
        wall.start();
        Run result{name, std::vector<TicketRecord>(m_arrivals.size()), 0, 0};
        m_records = &result.tickets;
        std::size_t next = 0;
        std::int64_t now = 0;
        while (next < m_arrivals.size() || !m_events.empty()) {
            if (m_events.empty() ||
                (next < m_arrivals.size() && m_arrivals[next].at <= m_events.top().at)) {
                now = m_arrivals[next].at;
                arrive(next++, now);
            } else {
                const Event e = m_events.top();
                m_events.pop();
                now = e.at;
                handle(e);
                if (m_active == 0)
                    m_policy.quiet();
            }
        }
        result.wallSeconds = double(wall.nsecsElapsed()) / 1e9;
        if (!m_arrivals.empty())
            result.simulatedSeconds = double(now - m_arrivals.front().at) / 1000;
        return result;
    }

private:
    struct Event
    {
        std::int64_t at;
        enum Kind { Start, Finish, Retry } kind;
        int window;
        bool came;
        bool operator>(const Event& other) const { return at > other.at; }
    };

    void arrive(std::size_t index, std::int64_t now)
    {
        const Arrival& a = m_arrivals[index];
        const QString& service = m_hall.services[std::size_t(a.service)].id;
        TicketRecord& r = (*m_records)[index];
        r.issuedAt = a.at;
        const Policy::Issued issued = m_policy.issue(index, now);
        r.predicted = issued.predicted;
        r.queueLength =
            m_predictor.estimateSeconds(service, issued.ahead, m_load, m_trueTimes).value_or(kNone);
        r.lastToEnter = m_lastWait.value(a.service, 0.0);
        ++m_load.waiting[service];
        ++m_active;
        ++m_waiting;
        callAtIdleWindows(a.service, now);
    }

    void callAtIdleWindows(int service, std::int64_t now)
    {
        for (const int w : m_policy.windowsFor(service)) {
            if (!m_load.busy.value(w) && tryCall(w, now))
                return;
        }
    }

    bool tryCall(int window, std::int64_t now)
    {
        const std::optional<std::size_t> called = m_policy.callNext(window, now);
        if (!called) {
            // Someone waits that this window may take later (a helped department's ticket
            // before its help-after time): its clerk presses "call next" again in a while.
            if (m_waiting > 0 && m_retrying.insert(window).second)
                m_events.push({now + kIdleRetryMs, Event::Retry, window, false});
            return false;
        }
        --m_waiting;
        const Arrival& a = m_arrivals[*called];
        TicketRecord& r = (*m_records)[*called];
        if (r.calledAt < 0) {
            r.calledAt = now;
            m_lastWait[a.service] = r.waitSeconds();
        }
        --m_load.waiting[m_hall.services[std::size_t(a.service)].id];
        m_load.busy[window] = true;
        m_atWindow[window] = *called;
        if (a.noShow) {
            m_events.push({now + kNoShowWaitMs, Event::Finish, window, false});
        } else {
            const auto walk = std::int64_t(a.serviceSeconds * m_demand.walkOverhead * 1000);
            m_events.push({now + walk, Event::Start, window, true});
            m_events.push(
                {now + walk + std::int64_t(a.serviceSeconds * 1000), Event::Finish, window, true});
        }
        return true;
    }

    void handle(const Event& e)
    {
        if (e.kind == Event::Retry) {
            m_retrying.erase(e.window);
            if (!m_load.busy.value(e.window))
                tryCall(e.window, e.at);
            return;
        }
        if (e.kind == Event::Start) {
            m_policy.start(e.window, e.at);
            return;
        }
        const bool requeued = m_policy.finish(e.window, e.came, e.at);
        if (e.came) {
            TicketRecord& served = (*m_records)[m_atWindow[e.window]];
            served.window = e.window;
            served.servedAt = e.at;
        }
        m_load.busy[e.window] = false;
        if (!requeued)
            --m_active;
        if (requeued) {
            const int service = m_arrivals[m_atWindow[e.window]].service;
            ++m_load.waiting[m_hall.services[std::size_t(service)].id];
            ++m_waiting;
            if (tryCall(e.window, e.at))
                callAtIdleWindows(service, e.at);
            return;
        }
        tryCall(e.window, e.at);
    }

    const engine::HallConfig& m_hall;
    const Demand& m_demand;
    const std::vector<Arrival>& m_arrivals;
    Policy& m_policy;
    engine::WaitPredictor m_predictor;
    engine::ServiceTimes m_trueTimes;
    engine::HallLoad m_load;
    QHash<int, double> m_lastWait; // per service
    int m_active = 0;              // tickets waiting or at a window
    int m_waiting = 0;             // tickets waiting
    std::set<int> m_retrying;      // idle windows that will press "call next" again
    QHash<int, std::size_t> m_atWindow;
    std::vector<TicketRecord>* m_records = nullptr;
    std::priority_queue<Event, std::vector<Event>, std::greater<>> m_events;
};

// Windows by service, from the hall: the ones that serve it at all (engine) or as primary.
std::vector<std::vector<int>> windowsByService(const engine::HallConfig& hall, bool primaryOnly)
{
    std::vector<std::vector<int>> windows(hall.services.size());
    for (std::size_t s = 0; s < hall.services.size(); ++s) {
        for (const engine::Window& w : hall.windows) {
            for (const engine::WindowService& ws : w.services) {
                if (ws.service == hall.services[s].id && (ws.primary || !primaryOnly))
                    windows[s].push_back(w.number);
            }
        }
    }
    return windows;
}

class EnginePolicy : public Policy
{
public:
    EnginePolicy(const db::HallFile& hall, const std::vector<Arrival>& arrivals)
        : m_hall(hall)
        , m_arrivals(arrivals)
        , m_clock(arrivals.empty() ? 0 : arrivals.front().at)
        , m_windows(windowsByService(hall.config, false))
    {
        open();
        for (const engine::Service& s : hall.config.services)
            m_serviceIds << s.id;
    }

    // A fresh store now and then keeps a year's simulation small in memory; what the engine
    // learned (service times) moves over, and nothing else is left when the hall is quiet.
    void quiet() override
    {
        if (m_ticketsInStore < kTicketsPerStore)
            return;
        const auto learned = m_store->serviceStats();
        m_engine.reset();
        m_store.reset();
        m_arrivalOf.clear();
        open(learned);
    }

    Issued issue(std::size_t arrival, std::int64_t now) override
    {
        m_clock.set(now);
        const Arrival& a = m_arrivals[arrival];
        const engine::TicketView view = m_engine->issue(
            {.serviceId = m_serviceIds[a.service],
             .priority = a.green ? engine::Priority::Green : engine::Priority::Normal,
             .appointmentAt = a.appointmentAt},
            m_actor);
        m_engine->confirmPrinted(view.ticket.id, m_actor);
        m_arrivalOf[view.ticket.id] = arrival;
        ++m_ticketsInStore;
        return {view.ahead, view.estimatedWaitSeconds.value_or(kNone)};
    }

    std::optional<std::size_t> callNext(int window, std::int64_t now) override
    {
        m_clock.set(now);
        const std::optional<engine::Ticket> t = m_engine->callNext(window, m_actor);
        if (!t)
            return std::nullopt;
        return m_arrivalOf.value(t->id);
    }

    void start(int window, std::int64_t now) override
    {
        m_clock.set(now);
        m_engine->start(window, m_actor);
    }

    bool finish(int window, bool came, std::int64_t now) override
    {
        m_clock.set(now);
        if (came) {
            m_engine->complete(window, m_actor);
            return false;
        }
        return m_engine->noShow(window, m_actor).state == engine::TicketState::Waiting;
    }

    const std::vector<int>& windowsFor(int service) const override
    {
        return m_windows[std::size_t(service)];
    }

private:
    static constexpr int kTicketsPerStore = 20'000;

    void open(const std::vector<std::pair<QString, engine::ServiceStat>>& learned = {})
    {
        m_store =
            std::make_unique<engine::MemoryStore>(m_hall.config, u"simulator"_s, m_clock.nowMs());
        for (const auto& [service, stat] : learned)
            m_store->saveServiceStat(service, stat);
        m_engine = std::make_unique<service::HallService>(*m_store, m_clock, m_random);
        m_ticketsInStore = 0;
    }

    const db::HallFile& m_hall;
    const std::vector<Arrival>& m_arrivals;
    std::unique_ptr<engine::MemoryStore> m_store;
    engine::ManualClock m_clock;
    QRandomGenerator m_random{2026}; // status codes, the same in every run
    std::unique_ptr<service::HallService> m_engine;
    std::vector<std::vector<int>> m_windows;
    QStringList m_serviceIds;
    QHash<std::int64_t, std::size_t> m_arrivalOf;
    engine::Actor m_actor{u"simulator"_s, u"simulator"_s};
    int m_ticketsInStore = 0;
};

class FifoPolicy : public Policy
{
public:
    FifoPolicy(const engine::HallConfig& hall, const std::vector<Arrival>& arrivals)
        : m_arrivals(arrivals)
        , m_calls(arrivals.size(), 0)
    {
        // A window is dedicated to the departments of its primary services.
        QHash<QString, int> departmentIndex;
        for (std::size_t d = 0; d < hall.departments.size(); ++d)
            departmentIndex[hall.departments[d].id] = int(d);
        for (const engine::Service& s : hall.services)
            m_departmentOf.push_back(departmentIndex.value(s.department));
        m_queues.resize(hall.departments.size());
        std::vector<std::vector<int>> windowsOfDepartment(hall.departments.size());
        for (const engine::Window& w : hall.windows) {
            for (const engine::WindowService& ws : w.services) {
                const int d = departmentIndex.value(hall.service(ws.service)->department);
                if (ws.primary && !m_departments[w.number].contains(d)) {
                    m_departments[w.number] << d;
                    windowsOfDepartment[std::size_t(d)].push_back(w.number);
                }
            }
        }
        for (const int d : m_departmentOf)
            m_windows.push_back(windowsOfDepartment[std::size_t(d)]);
    }

    Issued issue(std::size_t arrival, std::int64_t) override
    {
        auto& queue =
            m_queues[std::size_t(m_departmentOf[std::size_t(m_arrivals[arrival].service)])];
        const int ahead = int(std::count_if(queue.begin(), queue.end(), [&](std::size_t other) {
            return m_arrivals[other].service == m_arrivals[arrival].service;
        }));
        queue.push_back(arrival);
        return {ahead};
    }

    std::optional<std::size_t> callNext(int window, std::int64_t) override
    {
        std::deque<std::size_t>* first = nullptr;
        for (const int d : m_departments.value(window)) {
            auto& q = m_queues[std::size_t(d)];
            if (!q.empty() && (!first || m_queuedAt(q.front()) < m_queuedAt(first->front())))
                first = &q;
        }
        if (!first)
            return std::nullopt;
        const std::size_t arrival = first->front();
        first->pop_front();
        m_current[window] = arrival;
        ++m_calls[arrival];
        return arrival;
    }

    void start(int, std::int64_t) override {}

    bool finish(int window, bool came, std::int64_t now) override
    {
        const std::size_t arrival = m_current.value(window);
        if (came || m_calls[arrival] >= kCallsBeforeGone)
            return false;
        m_requeuedAt[arrival] = now;
        m_queues[std::size_t(m_departmentOf[std::size_t(m_arrivals[arrival].service)])].push_back(
            arrival);
        return true;
    }

    const std::vector<int>& windowsFor(int service) const override
    {
        return m_windows[std::size_t(service)];
    }

private:
    std::int64_t m_queuedAt(std::size_t arrival) const
    {
        return m_requeuedAt.value(arrival, m_arrivals[arrival].at);
    }

    const std::vector<Arrival>& m_arrivals;
    std::vector<int> m_departmentOf; // by service
    std::vector<std::deque<std::size_t>> m_queues;
    QHash<int, QList<int>> m_departments;    // by window
    std::vector<std::vector<int>> m_windows; // by service
    QHash<int, std::size_t> m_current;
    QHash<std::size_t, std::int64_t> m_requeuedAt;
    std::vector<int> m_calls;
};

} // namespace

Run simulateEngine(const db::HallFile& hall, const Demand& demand,
                   const std::vector<Arrival>& arrivals)
{
    EnginePolicy policy(hall, arrivals);
    return Hall(hall.config, demand, arrivals, policy).run(u"engine"_s);
}

Run simulateFifo(const engine::HallConfig& hall, const Demand& demand,
                 const std::vector<Arrival>& arrivals)
{
    FifoPolicy policy(hall, arrivals);
    return Hall(hall, demand, arrivals, policy).run(u"fifo"_s);
}

double erlangCWaitSeconds(int servers, double arrivalsPerSecond, double meanServiceSeconds)
{
    const double load = arrivalsPerSecond * meanServiceSeconds; // offered load in erlangs
    if (load >= servers)
        return std::numeric_limits<double>::infinity();
    if (load <= 0)
        return 0;
    // Sum of load^k / k! for k < servers, and load^servers / servers!, built up term by term.
    double term = 1, sum = 0;
    for (int k = 0; k < servers; ++k) {
        sum += term;
        term *= load / (k + 1);
    }
    const double rho = load / servers;
    const double waitingTerm = term / (1 - rho);
    const double probabilityOfWaiting = waitingTerm / (sum + waitingTerm);
    return probabilityOfWaiting * meanServiceSeconds / (servers - load);
}

PooledBound pooledBound(const engine::HallConfig& hall, const Demand& demand,
                        const std::vector<Arrival>& arrivals)
{
    PooledBound bound;
    if (arrivals.empty())
        return bound;
    // Arrivals and service seconds by day and hour: each hour is its own stationary M/M/c.
    std::map<std::int64_t, std::pair<int, double>> hours;
    for (const Arrival& a : arrivals) {
        auto& [count, service] = hours[a.at / 3'600'000];
        ++count;
        service += a.serviceSeconds * (1 + demand.walkOverhead);
    }
    const QTimeZone zone(hall.timeZone);
    std::map<int, std::pair<double, int>> byHour; // weighted wait, tickets
    double weighted = 0;
    for (const auto& [hour, figures] : hours) {
        const auto& [count, service] = figures;
        const double wait =
            erlangCWaitSeconds(int(hall.windows.size()), count / 3600.0, service / count);
        weighted += count * wait;
        auto& [sum, n] =
            byHour[QDateTime::fromMSecsSinceEpoch(hour * 3'600'000, zone).time().hour()];
        sum += count * wait;
        n += count;
    }
    bound.meanWaitSeconds = weighted / double(arrivals.size());
    for (const auto& [hour, figures] : byHour)
        bound.byHour[hour] = figures.first / figures.second;
    return bound;
}

} // namespace qh::sim
