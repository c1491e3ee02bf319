// Reports by name: the period, the grouping and the format checked, then the report rendered.
#include "request.h"

#include "appraisal.h"
#include "formats.h"

#include <QJsonDocument>

using namespace Qt::Literals::StringLiterals;

namespace qh::reports {

namespace {

QDate dayOf(const QString& text, const char* name, const QDate& fallback)
{
    if (text.isEmpty())
        return fallback;
    const QDate day = QDate::fromString(text, Qt::ISODate);
    if (!day.isValid())
        throw RequestError(
            u"'%1' must be a date, YYYY-MM-DD"_s.arg(QLatin1String(name)).toStdString());
    return day;
}

QByteArray compact(const QJsonObject& o)
{
    return QJsonDocument(o).toJson(QJsonDocument::Compact) + '\n';
}

const QByteArray kCsv = "text/csv; charset=utf-8";
const QByteArray kJson = "application/json; charset=utf-8";
const QByteArray kText = "text/plain; charset=utf-8";

} // namespace

Period periodOf(const ReportRequest& r, const QDate& today)
{
    if (r.kind == u"monthly"_s || r.kind == u"appraisal"_s || r.kind == u"charts"_s) {
        QDate first = dayOf(r.from, "from", today);
        if (!r.month.isEmpty()) {
            first = QDate::fromString(r.month + u"-01"_s, Qt::ISODate);
            if (!first.isValid())
                throw RequestError("'month' must be a month, YYYY-MM");
        }
        first.setDate(first.year(), first.month(), 1);
        return {first, first.addMonths(1).addDays(-1)};
    }
    if (r.kind == u"range"_s && (r.from.isEmpty() || r.to.isEmpty()))
        throw RequestError("a range needs 'from' and 'to'");
    const QDate from = dayOf(r.from, "from", today);
    const QDate to = dayOf(r.to, "to", r.kind == u"daily"_s ? from : today);
    if (to < from || from.daysTo(to) > 366)
        throw RequestError("'to' must be from 'from' to a year after it");
    return {from, to};
}

Rendered render(const ReportRequest& r, db::Store& store, const engine::HallConfig& hall,
                const engine::WorkingCalendar& calendar, const QDate& today)
{
    static const QStringList kinds = {u"daily"_s,     u"monthly"_s, u"range"_s,
                                      u"appraisal"_s, u"ratings"_s, u"export"_s};
    if (!kinds.contains(r.kind))
        throw RequestError(
            u"unknown report '%1'; the reports are %2"_s.arg(r.kind, kinds.join(u", "_s))
                .toStdString());
    if (r.format != u"table"_s && r.format != u"csv"_s && r.format != u"json"_s)
        throw RequestError("the format is table, csv or json");
    const Period period = periodOf(r, today);
    const bool everything = r.department.isEmpty();
    const auto ratings = [&] {
        std::vector<RatingRecord> records = ratingRecords(store, period);
        if (!everything)
            std::erase_if(records,
                          [&](const RatingRecord& x) { return x.departmentId != r.department; });
        return records;
    };
    if (r.kind == u"ratings"_s) {
        const std::vector<RatingRecord> records = ratings();
        if (r.format == u"json"_s)
            return {compact(ratingsJson(records, period)), kJson};
        if (r.format == u"csv"_s)
            return {ratingLevelsCsv(records), kCsv};
        return {ratingsTable(records, period).toUtf8(), kText};
    }
    if (r.kind == u"export"_s) {
        const std::vector<RatingRecord> records = ratings();
        if (r.format == u"csv"_s)
            return {ratingsCsv(records, hall), kCsv};
        if (r.format == u"json"_s)
            return {ratingsJsonLines(records, hall), "application/x-ndjson; charset=utf-8"};
        throw RequestError("the export is csv or json (JSON Lines)");
    }
    if (r.kind == u"appraisal"_s) {
        const AppraisalRules rules = readAppraisalRules(r.rulesPath);
        Appraisal a = appraise(store, hall, calendar, rules, period.from, today);
        if (!everything)
            std::erase_if(a.windows, [&](const WindowScore& w) {
                return !hall.windowServes(w.window, r.department);
            });
        if (r.format == u"csv"_s)
            return {appraisalCsv(a, rules), kCsv};
        if (r.format == u"json"_s)
            return {compact(appraisalJson(a, rules)), kJson};
        return {appraisalTable(a, rules).toUtf8(), kText};
    }
    const std::optional<Grouping> grouping = engine::caseGroupingFromString(r.by);
    if (!grouping)
        throw RequestError("'by' must be total, day, window, department or service");
    if (!everything && (*grouping == Grouping::Total || *grouping == Grouping::Day))
        throw RequestError("a department's report is by department, window or service");
    Report report = buildReport(store, hall, calendar, period, *grouping, today);
    if (!everything)
        std::erase_if(report.groups, [&](const Figures& f) {
            if (*grouping == Grouping::Department)
                return f.key != r.department;
            if (*grouping == Grouping::Window)
                return !hall.windowServes(f.key.toInt(), r.department);
            const engine::Service* s = hall.service(f.key);
            return !s || s->department != r.department;
        });
    if (r.format == u"csv"_s)
        return {reportCsv(report), kCsv};
    if (r.format == u"json"_s)
        return {compact(reportJson(report, hall)), kJson};
    return {reportTable(report, hall).toUtf8(), kText};
}

} // namespace qh::reports
