// A report asked for by name (daily, monthly, range, appraisal, ratings, export) with its period,
// grouping and format, as the command line and the API ask for one; rendered to bytes.
#pragma once

#include "reports.h"

#include <stdexcept>

namespace qh::reports {

// What was asked is not a report: the message says what is wrong.
class RequestError : public std::runtime_error
{
public:
    using std::runtime_error::runtime_error;
};

struct ReportRequest
{
    QString kind;            // daily | monthly | range | appraisal | ratings | export | charts
    QString from, to, month; // as given (YYYY-MM-DD, YYYY-MM); empty when not given
    QString by = QStringLiteral("total");
    // table | csv | json (export: csv | json); html, and the charts, are drawn by the command line
    QString format = QStringLiteral("table");
    QString rulesPath; // the appraisal's; empty: the shipped default
    // A department head's view: only this department's groups (by department, window or
    // service; a hall-wide grouping is refused), windows and ratings. Empty: the whole hall.
    QString department;
};

struct Rendered
{
    QByteArray body;
    QByteArray contentType;
};

// The period a request names: a day (daily, from `from`, default today), a month (monthly,
// appraisal and charts, from `month` or the month of `from`), or a range of at most a year.
Period periodOf(const ReportRequest& request, const QDate& today);

// Open cases and follow-ups are judged on `today`.
Rendered render(const ReportRequest& request, db::Store& store, const engine::HallConfig& hall,
                const engine::WorkingCalendar& calendar, const QDate& today);

} // namespace qh::reports
