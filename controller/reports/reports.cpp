// The reports' SQL: each figure of docs/reports.md is one expression here, over the tickets, the
// ratings and follow-ups, the cases and the audit trail's printed and pause events.
#include "reports.h"

#include "hours.h"

#include <algorithm>
#include <map>

#include <QDateTime>
#include <QTimeZone>

using namespace Qt::Literals::StringLiterals;

namespace qh::reports {

namespace {

constexpr std::int64_t kLongPauseMs = 15 * 60 * 1000;
constexpr std::int64_t kPunctualMs = 10 * 60 * 1000; // a booking called this soon is on time

// The service days of the period as a table the queries join: `days(day, starts_at, ends_at,
// closes_at)`, times in ms; a day without opening hours closes at its start.
class DayTable
{
public:
    DayTable(const engine::HallConfig& hall, const engine::WorkingCalendar& calendar,
             const Period& period)
    {
        const QTimeZone zone(hall.timeZone);
        QStringList rows;
        for (QDate d = period.from; d <= period.to; d = d.addDays(1)) {
            const std::int64_t start = QDateTime(d, QTime(0, 0), zone).toMSecsSinceEpoch();
            const std::vector<engine::Period> periods = engine::openingPeriods(hall, calendar, d);
            QTime close(0, 0);
            for (const engine::Period& p : periods)
                close = std::max(close, p.close);
            m_days.push_back({d.toString(Qt::ISODate), start,
                              QDateTime(d.addDays(1), QTime(0, 0), zone).toMSecsSinceEpoch(),
                              QDateTime(d, close, zone).toMSecsSinceEpoch()});
            rows << u"(?, ?, ?, ?)"_s;
        }
        m_sql = "WITH days(day, starts_at, ends_at, closes_at) AS (VALUES " +
                rows.join(u", "_s).toUtf8() + ")";
    }

    // The WITH clause, to begin a query; further CTEs follow with ", name AS (...)".
    const QByteArray& with() const { return m_sql; }

    // Binds the days from parameter 1 on; returns the next free parameter.
    int bind(db::Statement& q) const
    {
        int i = 1;
        for (const Day& d : m_days) {
            q.bind(i++, d.day);
            q.bind(i++, d.startsAt);
            q.bind(i++, d.endsAt);
            q.bind(i++, d.closesAt);
        }
        return i;
    }

private:
    struct Day
    {
        QString day;
        std::int64_t startsAt;
        std::int64_t endsAt;
        std::int64_t closesAt;
    };
    std::vector<Day> m_days;
    QByteArray m_sql;
};

std::optional<double> optionalReal(const db::Statement& q, int column)
{
    return q.isNull(column) ? std::nullopt : std::optional(q.real(column));
}

std::optional<double> share(int part, int whole)
{
    return whole > 0 ? std::optional(double(part) / whole) : std::nullopt;
}

// The group of a queue entry `t` of service `s`.
QByteArray ticketKey(Grouping g)
{
    switch (g) {
    case Grouping::Total:
        return "''";
    case Grouping::Day:
        return "t.service_day";
    case Grouping::Department:
        return "s.department_id";
    case Grouping::Service:
        return "t.service_id";
    case Grouping::Window:
        return "CAST(t.window AS TEXT)";
    }
    return "''";
}

// The queue entries of the period's days that count (see docs/reports.md#tickets): printed
// tickets and the entries their transfers made, with their group, wait and service time.
QByteArray entriesSql(Grouping g)
{
    return ", entries AS (SELECT t.id, t.state, t.priority, t.appointment_at, t.previous_id, "
           "t.finished_at, t.service_day, d.closes_at, " +
           ticketKey(g) +
           " AS key, "
           "CASE WHEN t.state IN ('called', 'serving', 'completed', 'no_show', 'transferred') "
           "THEN t.called_at - coalesce(p.finished_at, t.queued_at) END AS wait, "
           "CASE WHEN t.state = 'completed' THEN t.finished_at - t.called_at END AS service "
           "FROM days d CROSS JOIN tickets t ON t.service_day = d.day "
           "JOIN services s ON s.id = t.service_id "
           "LEFT JOIN tickets p ON p.id = t.previous_id "
           "WHERE t.state <> 'issuing' AND (t.previous_id IS NOT NULL OR EXISTS (SELECT 1 FROM "
           "events e WHERE e.ticket_id = t.id AND e.type = 'ticket.printed'))" +
           (g == Grouping::Window ? QByteArray(" AND t.window IS NOT NULL") : QByteArray()) + ")";
}

class Builder
{
public:
    Builder(db::Store& store, const DayTable& days, Grouping grouping)
        : m_db(store.database())
        , m_days(days)
        , m_grouping(grouping)
    {
        if (grouping == Grouping::Total)
            group(QString());
    }

    void tickets()
    {
        db::Statement q =
            prepare(entriesSql(m_grouping) +
                    " SELECT key, sum(previous_id IS NULL), sum(state = 'completed'), "
                    "sum(state = 'no_show'), sum(state = 'voided'), sum(state = 'transferred'), "
                    "count(wait), avg(wait) / 1000.0, max(wait) / 1000.0, avg(service) / 1000.0, "
                    "sum(previous_id IS NULL AND priority = 'green'), "
                    "avg(wait) FILTER (WHERE priority = 'green') / 1000.0, "
                    "sum(previous_id IS NULL AND appointment_at IS NOT NULL), "
                    "avg(wait) FILTER (WHERE appointment_at IS NOT NULL) / 1000.0, "
                    "sum(state = 'completed' AND finished_at > closes_at) "
                    "FROM entries GROUP BY key");
        while (q.step()) {
            Figures& f = group(q.text(0));
            f.issued = q.integer(1);
            f.served = q.integer(2);
            f.noShow = q.integer(3);
            f.voided = q.integer(4);
            f.transferred = q.integer(5);
            f.called = q.integer(6);
            f.waitMean = optionalReal(q, 7);
            f.waitMax = optionalReal(q, 8);
            f.serviceMean = optionalReal(q, 9);
            f.green = q.integer(10);
            f.greenWaitMean = optionalReal(q, 11);
            f.appointments = q.integer(12);
            f.appointmentWaitMean = optionalReal(q, 13);
            f.overtimeTickets = q.integer(14);
        }
    }

    // Nearest-rank percentiles: the p-th is the wait at rank ⌈p × n⌉ of the n ordered waits.
    void percentiles()
    {
        db::Statement q =
            prepare(entriesSql(m_grouping) +
                    ", ranked AS (SELECT key, wait, row_number() OVER (PARTITION BY key ORDER BY "
                    "wait) AS rank, count(*) OVER (PARTITION BY key) AS n FROM entries WHERE "
                    "wait IS NOT NULL) "
                    "SELECT key, min(wait) FILTER (WHERE rank >= (n * 50 + 99) / 100) / 1000.0, "
                    "min(wait) FILTER (WHERE rank >= (n * 90 + 99) / 100) / 1000.0 "
                    "FROM ranked GROUP BY key");
        while (q.step()) {
            Figures& f = group(q.text(0));
            f.waitP50 = optionalReal(q, 1);
            f.waitP90 = optionalReal(q, 2);
        }
    }

    // From each day's closing to the last entry served that day, per group.
    void overtime()
    {
        db::Statement q = prepare(
            entriesSql(m_grouping) +
            " SELECT key, sum(max(0, last - closes_at)) / 60000.0 FROM (SELECT key, service_day, "
            "closes_at, max(finished_at) AS last FROM entries WHERE state = 'completed' "
            "GROUP BY key, service_day) GROUP BY key");
        while (q.step())
            group(q.text(0)).overtimeMinutes = q.real(1);
    }

    // A pause lasts until the window's next resume that day, else until the day's closing.
    void pauses()
    {
        QByteArray key;
        if (m_grouping == Grouping::Total)
            key = "''";
        else if (m_grouping == Grouping::Day)
            key = "day";
        else if (m_grouping == Grouping::Window)
            key = "CAST(window AS TEXT)";
        else
            return; // a pause is a window's, not a department's or a service's
        db::Statement q = prepare(
            ", pauses AS (SELECT e.window, d.day, e.at AS from_at, coalesce((SELECT min(r.at) "
            "FROM events r WHERE r.type = 'window.resumed' AND r.window = e.window AND "
            "r.at >= e.at AND r.at < d.ends_at), max(d.closes_at, e.at)) AS to_at "
            "FROM days d JOIN events e ON e.type = 'window.paused' AND e.at >= d.starts_at AND "
            "e.at < d.ends_at) "
            "SELECT " +
            key +
            ", count(*), sum(to_at - from_at) / 60000.0, sum(to_at - from_at > ?) "
            "FROM pauses GROUP BY 1");
        q.bind(m_next, kLongPauseMs);
        m_pausesCounted = true;
        while (q.step()) {
            Figures& f = group(q.text(0));
            f.pauses = q.integer(1);
            f.pauseMinutes = q.real(2);
            f.longPauses = q.integer(3);
        }
    }

    // The bookings of the period's days, by their service (see Figures::booked).
    void bookings()
    {
        QByteArray key = "''";
        if (m_grouping == Grouping::Day)
            key = "a.day";
        else if (m_grouping == Grouping::Department)
            key = "s.department_id";
        else if (m_grouping == Grouping::Service)
            key = "a.service_id";
        else if (m_grouping == Grouping::Window)
            return;
        db::Statement q = prepare(
            " SELECT " + key +
            ", sum(a.state <> 'cancelled'), sum(a.state = 'checked_in'), "
            "sum(a.state = 'no_show'), sum(a.state = 'cancelled'), "
            "sum(a.state = 'checked_in' AND t.called_at <= a.slot_start + ?) "
            "FROM days d JOIN appointments a ON a.day = d.day "
            "JOIN services s ON s.id = a.service_id LEFT JOIN tickets t ON t.id = a.ticket_id "
            "GROUP BY 1");
        q.bind(m_next, kPunctualMs);
        m_bookingsCounted = true;
        while (q.step()) {
            Figures& f = group(q.text(0));
            f.booked = q.integer(1);
            f.checkedIn = q.integer(2);
            f.bookingNoShows = q.integer(3);
            f.bookingsCancelled = q.integer(4);
            f.calledWithin10Min = q.integer(5);
        }
    }

    // The ratings of the services given on the period's days: a ticket's, or a case's (the
    // case's service), at the rating's window.
    void ratings()
    {
        QByteArray key = "''";
        if (m_grouping == Grouping::Day)
            key = "t.service_day";
        else if (m_grouping == Grouping::Department)
            key = "s.department_id";
        else if (m_grouping == Grouping::Service)
            key = "s.id";
        else if (m_grouping == Grouping::Window)
            key = "CAST(r.window AS TEXT)";
        db::Statement q =
            prepare(" SELECT " + key +
                    ", r.rating, count(*) FILTER (WHERE f.state IS NOT 'annulled'), "
                    "count(*) FILTER (WHERE f.state = 'annulled'), "
                    "count(*) FILTER (WHERE f.state IN ('rectified', 'closed') AND "
                    "f.rectified_day <= f.due_day), "
                    "count(*) FILTER (WHERE f.state IS NOT 'annulled' AND (f.overdue = 1 OR "
                    "f.rectified_day > f.due_day)) "
                    "FROM days d CROSS JOIN tickets t ON t.service_day = d.day "
                    "CROSS JOIN ratings r ON r.ticket_id = t.id "
                    "LEFT JOIN cases c ON c.serial = r.case_serial "
                    "JOIN services s ON s.id = coalesce(c.service_id, t.service_id) "
                    "LEFT JOIN followups f ON f.rating_id = r.id GROUP BY 1, 2");
        while (q.step()) {
            Figures& f = group(q.text(0));
            const int level = q.integer(1);
            const int kept = q.integer(2);
            f.levels[std::size_t(level - 1)] += kept;
            f.rated += kept;
            if (level >= 4)
                f.satisfied += kept;
            if (level <= 2)
                f.bad += kept;
            f.annulled += q.integer(3);
            f.rectifiedOnTime += q.integer(4);
            f.followUpsOverdue += q.integer(5);
        }
    }

    void cases(const std::vector<engine::CaseTally>& tallies)
    {
        for (const engine::CaseTally& t : tallies)
            group(t.key).cases = t;
    }

    std::vector<Figures> take()
    {
        std::vector<Figures> groups;
        for (auto& [key, f] : m_groups) {
            if (m_pausesCounted && !f.pauses) {
                f.pauses = 0;
                f.pauseMinutes = 0.0;
                f.longPauses = 0;
            }
            if (m_bookingsCounted && !f.booked)
                f.booked = f.checkedIn = f.bookingNoShows = f.bookingsCancelled =
                    f.calledWithin10Min = 0;
            groups.push_back(std::move(f));
        }
        if (m_grouping == Grouping::Window)
            std::sort(groups.begin(), groups.end(), [](const Figures& a, const Figures& b) {
                return a.key.toInt() < b.key.toInt();
            });
        return groups;
    }

private:
    db::Statement prepare(const QByteArray& rest)
    {
        db::Statement q = m_db.prepareBuilt(m_days.with() + rest);
        m_next = m_days.bind(q);
        return q;
    }

    Figures& group(const QString& key)
    {
        Figures& f = m_groups[key];
        f.key = key;
        f.cases.key = key;
        return f;
    }

    db::Database& m_db;
    const DayTable& m_days;
    Grouping m_grouping;
    std::map<QString, Figures> m_groups;
    int m_next = 1;
    bool m_pausesCounted = false;   // a window grouping, by day, or the hall's
    bool m_bookingsCounted = false; // any grouping but by window
};

} // namespace

std::optional<double> Figures::greenShare() const
{
    return share(green, issued);
}

std::optional<double> Figures::appointmentShare() const
{
    return share(appointments, issued);
}

std::optional<double> Figures::punctuality() const
{
    return checkedIn ? share(calledWithin10Min.value_or(0), *checkedIn) : std::nullopt;
}

std::optional<double> Figures::ratingRate() const
{
    return share(rated, served);
}

std::optional<double> Figures::satisfaction() const
{
    return share(satisfied, rated);
}

std::optional<double> Figures::rectifiedOnTimeRate() const
{
    return share(rectifiedOnTime, bad);
}

Report buildReport(db::Store& store, const engine::HallConfig& hall,
                   const engine::WorkingCalendar& calendar, const Period& period, Grouping grouping,
                   const QDate& asOf)
{
    const DayTable days(hall, calendar, period);
    Builder b(store, days, grouping);
    b.tickets();
    b.percentiles();
    b.overtime();
    b.pauses();
    b.bookings();
    b.ratings();
    b.cases(engine::tallyCases(store.casesAccepted(period.from, period.to), grouping, hall, asOf));
    return {period, grouping, b.take()};
}

std::vector<std::pair<int, double>> waitsByHour(db::Store& store, const engine::HallConfig& hall,
                                                const engine::WorkingCalendar& calendar,
                                                const Period& period)
{
    const DayTable days(hall, calendar, period);
    db::Statement q = store.database().prepareBuilt(
        days.with() + entriesSql(Grouping::Total) +
        ", called AS (SELECT e.wait, (t.called_at - d.starts_at) / 3600000 AS hour FROM entries e "
        "JOIN tickets t ON t.id = e.id JOIN days d ON d.day = e.service_day WHERE e.wait IS NOT "
        "NULL) SELECT hour, avg(wait) / 1000.0 FROM called GROUP BY hour ORDER BY hour");
    days.bind(q);
    std::vector<std::pair<int, double>> hours;
    while (q.step())
        hours.emplace_back(q.integer(0), q.real(1));
    return hours;
}

std::vector<RatingRecord> ratingRecords(db::Store& store, const Period& period)
{
    db::Statement q = store.database().prepare(
        "SELECT r.id, r.case_serial IS NOT NULL, t.number, coalesce(r.case_serial, ''), s.id, "
        "s.department_id, r.window, r.rating, r.channel, r.rated_at, t.service_day, "
        "coalesce(f.state, '') FROM tickets t CROSS JOIN ratings r ON r.ticket_id = t.id "
        "LEFT JOIN cases c ON c.serial = r.case_serial "
        "JOIN services s ON s.id = coalesce(c.service_id, t.service_id) "
        "LEFT JOIN followups f ON f.rating_id = r.id "
        "WHERE t.service_day BETWEEN ? AND ? ORDER BY r.id");
    q.bind(1, period.from.toString(Qt::ISODate)).bind(2, period.to.toString(Qt::ISODate));
    std::vector<RatingRecord> records;
    while (q.step())
        records.push_back({q.int64(0), q.integer(1) ? u"case"_s : u"ticket"_s, q.text(2), q.text(3),
                           q.text(4), q.text(5), q.integer(6), q.integer(7), q.text(8), q.int64(9),
                           q.text(10), q.text(11)});
    return records;
}

} // namespace qh::reports
