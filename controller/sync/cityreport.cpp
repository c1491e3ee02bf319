// The city's report from the per-hall, per-day figures.
#include "cityreport.h"

#include "charts.h"
#include "formats.h"
#include "reportpage.h"

#include <QJsonArray>

using namespace Qt::Literals::StringLiterals;

namespace qh::sync {

namespace {

std::optional<double> share(std::int64_t part, std::int64_t whole)
{
    return whole > 0 ? std::optional(double(part) / double(whole)) : std::nullopt;
}

QString minutesText(const std::optional<double>& minutes)
{
    return minutes ? QString::number(*minutes, 'f', 1) : u"-"_s;
}

struct Column
{
    QString zh;
    QString en;
    std::function<QString(const CityFigures&)> value;
};

const std::vector<Column>& columns()
{
    static const std::vector<Column> all = {
        {u"取号"_s, u"tickets"_s, [](const CityFigures& f) { return QString::number(f.tickets); }},
        {u"办结"_s, u"served"_s, [](const CityFigures& f) { return QString::number(f.served); }},
        {u"平均等候(分)"_s, u"mean wait (min)"_s,
         [](const CityFigures& f) { return minutesText(f.waitMeanMinutes()); }},
        {u"评价"_s, u"rated"_s, [](const CityFigures& f) { return QString::number(f.rated); }},
        {u"满意率"_s, u"satisfaction"_s,
         [](const CityFigures& f) { return reports::percent(f.satisfaction()); }},
        {u"差评"_s, u"bad ratings"_s, [](const CityFigures& f) { return QString::number(f.bad); }},
        {u"受理"_s, u"cases accepted"_s,
         [](const CityFigures& f) { return QString::number(f.accepted); }},
        {u"受件即期办结率"_s, u"same-day completion"_s,
         [](const CityFigures& f) { return reports::percent(f.sameDayRate()); }},
        {u"按期办结率"_s, u"on-time completion"_s,
         [](const CityFigures& f) { return reports::percent(f.onTimeRate()); }},
        {u"超期办件"_s, u"overdue cases"_s,
         [](const CityFigures& f) { return QString::number(f.overdue); }},
    };
    return all;
}

QStringList rowOf(const CityFigures& f)
{
    QStringList row{f.hallId.isEmpty() ? u"全市 city"_s : f.hallId, f.nameZh};
    for (const Column& c : columns())
        row << c.value(f);
    return row;
}

void add(CityFigures& total, const CityFigures& f)
{
    total.tickets += f.tickets;
    total.served += f.served;
    total.called += f.called;
    total.waitSeconds += f.waitSeconds;
    total.rated += f.rated;
    total.satisfied += f.satisfied;
    total.bad += f.bad;
    total.accepted += f.accepted;
    total.returned += f.returned;
    total.withdrawn += f.withdrawn;
    total.completed += f.completed;
    total.sameDay += f.sameDay;
    total.onTime += f.onTime;
    total.overdue += f.overdue;
}

} // namespace

std::optional<double> CityFigures::waitMeanMinutes() const
{
    return called > 0 ? std::optional(double(waitSeconds) / double(called) / 60.0) : std::nullopt;
}

std::optional<double> CityFigures::satisfaction() const
{
    return share(satisfied, rated);
}

std::optional<double> CityFigures::sameDayRate() const
{
    return share(sameDay, accepted - returned - withdrawn);
}

std::optional<double> CityFigures::onTimeRate() const
{
    return share(onTime, completed);
}

CityReport cityReport(PgConnection& pg, const QDate& from, const QDate& to, const QDate& asOf)
{
    CityReport report{from, to, asOf, {}, {}, {}};
    const QStringList period = {from.toString(Qt::ISODate), to.toString(Qt::ISODate),
                                asOf.toString(Qt::ISODate)};
    const PgRows halls = pg.exec(
        u"SELECT h.hall_id, h.name_zh, h.name_en, coalesce(sum(d.tickets), 0), "
        "coalesce(sum(d.served), 0), coalesce(sum(d.called), 0), coalesce(sum(d.wait_seconds), 0), "
        "coalesce(sum(d.rated), 0), coalesce(sum(d.satisfied), 0), coalesce(sum(d.bad), 0), "
        "coalesce(sum(d.accepted), 0), coalesce(sum(d.returned), 0), "
        "coalesce(sum(d.withdrawn), 0), coalesce(sum(d.completed), 0), "
        "coalesce(sum(d.same_day), 0), coalesce(sum(d.on_time), 0), "
        "coalesce(sum(d.late), 0) + (SELECT count(*) FROM open_cases c "
        "  WHERE c.hall_id = h.hall_id AND c.due_day < $3::date "
        "  AND c.accepted_day BETWEEN $1::date AND $2::date) "
        "FROM halls h LEFT JOIN daily d ON d.hall_id = h.hall_id "
        "  AND d.day BETWEEN $1::date AND $2::date "
        "GROUP BY h.hall_id ORDER BY h.hall_id"_s,
        period);
    for (const QStringList& r : halls) {
        CityFigures f{r[0],
                      r[1],
                      r[2],
                      r[3].toLongLong(),
                      r[4].toLongLong(),
                      r[5].toLongLong(),
                      r[6].toLongLong(),
                      r[7].toLongLong(),
                      r[8].toLongLong(),
                      r[9].toLongLong(),
                      r[10].toLongLong(),
                      r[11].toLongLong(),
                      r[12].toLongLong(),
                      r[13].toLongLong(),
                      r[14].toLongLong(),
                      r[15].toLongLong(),
                      r[16].toLongLong()};
        add(report.total, f);
        report.halls.push_back(f);
    }
    const PgRows days = pg.exec(
        u"SELECT day, sum(tickets), sum(wait_seconds)::float8 / nullif(sum(called), 0) / 60 "
        "FROM daily WHERE day BETWEEN $1::date AND $2::date GROUP BY day ORDER BY day"_s,
        period.mid(0, 2));
    for (const QStringList& r : days)
        report.days.push_back({QDate::fromString(r[0], Qt::ISODate), r[1].toLongLong(),
                               r[2].isNull() ? std::nullopt : std::optional(r[2].toDouble())});
    return report;
}

QString cityReportText(const CityReport& report)
{
    std::vector<QStringList> rows;
    QStringList header{u"hall"_s, u"name"_s};
    for (const Column& c : columns())
        header << c.en;
    rows.push_back(header);
    for (const CityFigures& f : report.halls)
        rows.push_back(rowOf(f));
    rows.push_back(rowOf(report.total));
    std::vector<qsizetype> width(header.size(), 0);
    for (const QStringList& row : rows) {
        for (qsizetype i = 0; i < row.size(); ++i)
            width[std::size_t(i)] = std::max(width[std::size_t(i)], row[i].size());
    }
    QString text = u"City report %1 to %2 (open cases judged on %3)\n"_s.arg(
        report.from.toString(Qt::ISODate), report.to.toString(Qt::ISODate),
        report.asOf.toString(Qt::ISODate));
    for (const QStringList& row : rows) {
        for (qsizetype i = 0; i < row.size(); ++i)
            text += (i < 2 ? row[i].leftJustified(width[std::size_t(i)])
                           : row[i].rightJustified(width[std::size_t(i)])) +
                    (i + 1 < row.size() ? u"  "_s : u"\n"_s);
    }
    return text;
}

QByteArray cityReportCsv(const CityReport& report)
{
    QStringList header{u"from"_s, u"to"_s, u"hall"_s, u"name"_s};
    for (const Column& c : columns())
        header << c.en;
    QByteArray out = reports::csvLine(header);
    for (const CityFigures& f : report.halls) {
        out += reports::csvLine(
            QStringList{report.from.toString(Qt::ISODate), report.to.toString(Qt::ISODate)} +
            rowOf(f));
    }
    return out;
}

QJsonObject cityReportJson(const CityReport& report)
{
    const auto number = [](const std::optional<double>& v) {
        return v ? QJsonValue(*v) : QJsonValue();
    };
    const auto figures = [&](const CityFigures& f) {
        return QJsonObject{
            {u"key"_s, f.hallId},
            {u"name"_s, f.hallId.isEmpty() ? u"全市"_s : f.nameZh},
            {u"name_en"_s, f.hallId.isEmpty() ? u"the city"_s : f.nameEn},
            {u"issued"_s, qint64(f.tickets)},
            {u"served"_s, qint64(f.served)},
            {u"wait_mean_s"_s,
             number(f.waitMeanMinutes() ? std::optional(*f.waitMeanMinutes() * 60) : std::nullopt)},
            {u"satisfaction"_s, number(f.satisfaction())},
            {u"bad"_s, qint64(f.bad)},
            {u"cases_accepted"_s, qint64(f.accepted)},
            {u"cases_same_day_rate"_s, number(f.sameDayRate())},
            {u"cases_on_time_rate"_s, number(f.onTimeRate())},
            {u"cases_overdue"_s, qint64(f.overdue)},
        };
    };
    QJsonArray groups;
    for (const CityFigures& f : report.halls)
        groups.append(figures(f));
    return {{u"from"_s, report.from.toString(Qt::ISODate)},
            {u"to"_s, report.to.toString(Qt::ISODate)},
            {u"asOf"_s, report.asOf.toString(Qt::ISODate)},
            {u"groups"_s, groups},
            {u"total"_s, figures(report.total)}};
}

QByteArray cityReportHtml(const CityReport& report)
{
    QStringList names;
    std::vector<double> tickets;
    std::vector<double> waits;
    for (const CityFigures& f : report.halls) {
        names << f.nameZh;
        tickets.push_back(double(f.tickets));
        waits.push_back(f.waitMeanMinutes().value_or(0));
    }
    reports::LineSeries daily{u"取号 tickets"_s, {}};
    for (const CityDay& d : report.days)
        daily.points.emplace_back(double(report.from.daysTo(d.day)), double(d.tickets));
    const std::vector<reports::Picture> charts = {
        reports::picture(u"tickets-by-hall"_s, u"各大厅取号 tickets by hall"_s,
                         reports::barChart({u"各大厅取号 · tickets by hall"_s, {}, u"张"_s, {}, {}},
                                           names, {{u"取号 tickets"_s, tickets}}, Qt::Horizontal)),
        reports::picture(u"waits-by-hall"_s, u"各大厅平均等候 mean wait by hall"_s,
                         reports::barChart({u"平均等候 · mean wait (min)"_s, {}, u"分钟"_s, {}, {}},
                                           names, {{u"平均等候 mean wait"_s, waits}},
                                           Qt::Horizontal)),
        reports::picture(u"tickets-by-day"_s, u"全市每日取号 tickets per day"_s,
                         reports::lineChart({u"全市每日取号 · tickets per day"_s,
                                             u"自 %1 起的天数 days from %1"_s.arg(
                                                 report.from.toString(Qt::ISODate)),
                                             u"张"_s,
                                             {},
                                             {}},
                                            {daily})),
    };
    const CityFigures& t = report.total;
    const QString period =
        u"%1 至 %2"_s.arg(report.from.toString(Qt::ISODate), report.to.toString(Qt::ISODate));
    QString html = u"<!doctype html>\n<html lang=\"zh-CN\">\n<head>\n<meta charset=\"utf-8\">\n"
                   u"<title>全市政务服务报告 City report %1</title>\n<style>%2</style>\n</head>\n"
                   u"<body>\n<h1>全市政务服务报告<small>city report</small></h1>\n"
                   u"<p class=\"period\">%1 · %3 halls, open cases judged on %4</p>\n"_s
                       .arg(period, reports::kReportStyle)
                       .arg(report.halls.size())
                       .arg(report.asOf.toString(Qt::ISODate));
    html += u"<section class=\"figures\">\n"_s;
    html += reports::figureCard(QString::number(t.tickets), u"取号"_s, u"tickets issued"_s);
    html += reports::figureCard(QString::number(t.served), u"办结"_s, u"served"_s);
    html += reports::figureCard(minutesText(t.waitMeanMinutes()) + u" 分钟"_s, u"平均等候"_s,
                                u"mean wait"_s);
    html += reports::figureCard(reports::percent(t.satisfaction()), u"满意率"_s, u"satisfaction"_s);
    html += reports::figureCard(QString::number(t.bad), u"差评"_s, u"bad ratings"_s);
    html += reports::figureCard(reports::percent(t.sameDayRate()), u"受件即期办结率"_s,
                                u"same-day completion"_s);
    html += reports::figureCard(reports::percent(t.onTimeRate()), u"按期办结率"_s,
                                u"on-time completion"_s);
    html += reports::figureCard(QString::number(t.overdue), u"超期办件"_s, u"overdue cases"_s);
    html += u"</section>\n"_s + reports::figuresHtml(charts);
    html += u"<h2>各大厅<small>by hall</small></h2>\n<div class=\"table\"><table>\n<thead><tr>"
            u"<th>大厅 hall</th><th>名称 name</th>"_s;
    for (const Column& c : columns())
        html += u"<th>%1<br><small>%2</small></th>"_s.arg(c.zh, c.en);
    html += u"</tr></thead>\n<tbody>\n"_s;
    std::vector<CityFigures> rows = report.halls;
    rows.push_back(t);
    for (const CityFigures& f : rows) {
        const QStringList cells = rowOf(f);
        html += u"<tr><th scope=\"row\">%1</th>"_s.arg(cells[0].toHtmlEscaped());
        for (qsizetype i = 1; i < cells.size(); ++i)
            html += u"<td>%1</td>"_s.arg(cells[i].toHtmlEscaped());
        html += u"</tr>\n"_s;
    }
    html += u"</tbody>\n</table></div>\n</body>\n</html>\n"_s;
    return html.toUtf8();
}

} // namespace qh::sync
