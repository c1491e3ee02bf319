// The city's report: SQL over the figures the ingest keeps per hall and day (docs/city.md), as a
// table, CSV or an HTML page with charts, the way the hall's own report reads.
#pragma once

#include "pgconnection.h"

#include <cstdint>
#include <optional>
#include <vector>

#include <QDate>
#include <QJsonObject>

namespace qh::sync {

struct CityFigures
{
    QString hallId; // empty for the city's total
    QString nameZh;
    QString nameEn;
    std::int64_t tickets = 0;
    std::int64_t served = 0;
    std::int64_t called = 0;
    std::int64_t waitSeconds = 0; // issue to first call, summed over `called`
    std::int64_t rated = 0;
    std::int64_t satisfied = 0; // 5 and 4
    std::int64_t bad = 0;       // 差评: 2 and 1
    // Cases accepted in the period, as the hall counts them.
    std::int64_t accepted = 0;
    std::int64_t returned = 0;
    std::int64_t withdrawn = 0;
    std::int64_t completed = 0;
    std::int64_t sameDay = 0;
    std::int64_t onTime = 0;
    std::int64_t overdue = 0; // completed after the due day, or open past it on the report's day

    std::optional<double> waitMeanMinutes() const;
    std::optional<double> satisfaction() const; // satisfied ÷ rated
    std::optional<double> sameDayRate() const;  // same day ÷ (accepted − returned − withdrawn)
    std::optional<double> onTimeRate() const;   // on time ÷ completed
};

struct CityDay
{
    QDate day;
    std::int64_t tickets = 0;
    std::optional<double> waitMeanMinutes;
};

struct CityReport
{
    QDate from;
    QDate to;
    QDate asOf;                     // open cases are judged overdue on this day
    std::vector<CityFigures> halls; // by hall id
    CityFigures total;
    std::vector<CityDay> days;
};

CityReport cityReport(PgConnection& pg, const QDate& from, const QDate& to, const QDate& asOf);

QString cityReportText(const CityReport& report);
QByteArray cityReportCsv(const CityReport& report);
// {from, to, asOf, groups: [{key, name, name_en, issued, served, wait_mean_s, satisfaction, bad,
// cases_accepted, cases_same_day_rate, cases_on_time_rate, cases_overdue}], total: {...}}: the
// keys of the hall's own report where they mean the same.
QJsonObject cityReportJson(const CityReport& report);
// Draws charts: needs a QApplication.
QByteArray cityReportHtml(const CityReport& report);

} // namespace qh::sync
