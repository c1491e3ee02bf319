// The hall's reports (docs/reports.md): tickets, waits, service times, overtime, pauses, ratings
// and cases over a range of service days, per hall, day, department, service or window, computed
// by SQL over the store's tables and its audit trail; and the 好差评 records for export.
#pragma once

#include "calendar.h"
#include "caserates.h"
#include "store.h"

#include <array>
#include <optional>
#include <vector>

#include <QDate>
#include <QString>

namespace qh::reports {

using Grouping = engine::CaseGrouping;

struct Period
{
    QDate from;
    QDate to; // inclusive
};

// The figures of one group over the period; each is defined in docs/reports.md.
struct Figures
{
    QString key; // the day, department id, service id or window number; empty for the hall

    int issued = 0; // printed tickets (a transfer is not a new one)
    int served = 0; // queue entries completed at a window
    int noShow = 0;
    int voided = 0; // printed, then voided
    int transferred = 0;
    int called = 0;                 // entries that reached a window: the waits' count
    std::optional<double> waitMean; // seconds
    std::optional<double> waitP50;
    std::optional<double> waitP90;
    std::optional<double> waitMax;
    std::optional<double> serviceMean; // seconds, of the entries served
    int green = 0;
    std::optional<double> greenWaitMean;
    int appointments = 0;
    std::optional<double> appointmentWaitMean;
    // Bookings for the period's days (none for a window: a booking has none until its call):
    // not cancelled, checked in, no-shows, cancelled, and those checked in whose ticket was
    // called within 10 minutes of the booked time.
    std::optional<int> booked;
    std::optional<int> checkedIn;
    std::optional<int> bookingNoShows;
    std::optional<int> bookingsCancelled;
    std::optional<int> calledWithin10Min;
    int overtimeTickets = 0;    // served after the day's closing
    double overtimeMinutes = 0; // from the closing to the last one served, summed over the days

    std::optional<int> pauses; // windows only: none for a department or service
    std::optional<double> pauseMinutes;
    std::optional<int> longPauses; // over 15 minutes

    int rated = 0;     // ratings kept (an appeal upheld annuls one)
    int satisfied = 0; // 5 非常满意 and 4 满意
    int bad = 0;       // 差评: 2 不满意 and 1 非常不满意
    int annulled = 0;
    int rectifiedOnTime = 0;     // 差评 rectified by their due day
    int followUpsOverdue = 0;    // 差评 still not rectified past their due day, or rectified late
    std::array<int, 5> levels{}; // ratings kept of each level, 1 .. 5

    engine::CaseTally cases;

    std::optional<double> greenShare() const;
    std::optional<double> appointmentShare() const;
    std::optional<double> punctuality() const;  // calledWithin10Min ÷ checkedIn
    std::optional<double> ratingRate() const;   // rated ÷ served
    std::optional<double> satisfaction() const; // satisfied ÷ rated
    std::optional<double> rectifiedOnTimeRate() const;
};

struct Report
{
    Period period;
    Grouping grouping = Grouping::Total;
    std::vector<Figures> groups; // in key order (windows by number); the hall alone for Total
};

// Builds the report; open cases and follow-ups are judged on `asOf`.
Report buildReport(db::Store& store, const engine::HallConfig& hall,
                   const engine::WorkingCalendar& calendar, const Period& period, Grouping grouping,
                   const QDate& asOf);

// Mean waits by the hour of the call (0 .. 23), for the entries called in the period.
std::vector<std::pair<int, double>> waitsByHour(db::Store& store, const engine::HallConfig& hall,
                                                const engine::WorkingCalendar& calendar,
                                                const Period& period);

// One 好差评 record (docs/reports.md#the-好差评-export).
struct RatingRecord
{
    std::int64_t id = 0;
    QString subject; // "ticket" or "case"
    QString ticketNumber;
    QString caseSerial;
    QString serviceId;
    QString departmentId;
    int window = 0;
    int level = 0;
    QString channel;
    std::int64_t ratedAt = 0;
    QString serviceDay;
    QString followUp; // the follow-up's state for a 差评; empty otherwise
};

// The ratings of the services given in the period, by id.
std::vector<RatingRecord> ratingRecords(db::Store& store, const Period& period);

} // namespace qh::reports
