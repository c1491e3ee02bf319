// The month's reports gathered once, drawn as charts and laid out as an HTML page.
#include "monthly.h"

#include "charts.h"
#include "formats.h"
#include "reportpage.h"

#include <QBuffer>
#include <QDateTime>

using namespace Qt::Literals::StringLiterals;

namespace qh::reports {

namespace {

double minutes(const std::optional<double>& seconds)
{
    return seconds ? std::round(*seconds / 6.0) / 10.0 : 0.0;
}

Picture waitsPicture(const std::vector<std::pair<int, double>>& byHour)
{
    QStringList hours;
    BarSet waits{u"平均等候 Mean wait"_s, {}};
    for (const auto& [hour, seconds] : byHour) {
        hours << u"%1:00"_s.arg(hour);
        waits.values.push_back(minutes(seconds));
    }
    const QString title = u"各时段平均等候 Mean wait by hour of call"_s;
    return picture(
        u"waits-by-hour"_s, title,
        barChart({title, u"叫号时段 Hour of call"_s, u"分钟 Minutes"_s}, hours, {waits}));
}

Picture departmentsPicture(const Report& byDepartment, const engine::HallConfig& hall)
{
    QStringList names;
    BarSet mean{u"平均等候 Mean wait"_s, {}};
    BarSet p90{u"九成等候不超过 90th percentile"_s, {}};
    for (const Figures& f : byDepartment.groups) {
        const engine::Department* d = hall.department(f.key);
        names << (d ? d->name.zh : f.key);
        mean.values.push_back(minutes(f.waitMean));
        p90.values.push_back(minutes(f.waitP90));
    }
    const QString title = u"各部门等候 Waits by department"_s;
    return picture(u"departments"_s, title,
                   barChart({title, u"分钟 Minutes"_s, {}}, names, {mean, p90}, Qt::Horizontal));
}

Picture ratingsPicture(const Figures& hallFigures)
{
    QStringList levels;
    BarSet counts{u"评价 Ratings"_s, {}};
    for (int level = 5; level >= 1; --level) {
        levels << engine::ratingLevelName(level, u"zh"_s); // the English would not fit
        counts.values.push_back(hallFigures.levels[std::size_t(level - 1)]);
    }
    const QString title = u"评价分布 Ratings by level · 满意率 satisfaction %1"_s.arg(
        percent(hallFigures.satisfaction()));
    return picture(u"ratings"_s, title,
                   barChart({title, {}, u"评价数 Ratings"_s}, levels, {counts}));
}

Picture appraisalPicture(const Appraisal& appraisal)
{
    QStringList windows;
    BarSet scores{u"得分 Score"_s, {}};
    for (const WindowScore& w : appraisal.windows) {
        windows << u"%1. %2 号窗口"_s.arg(w.rank).arg(w.window);
        scores.values.push_back(std::round(w.score * 10.0) / 10.0);
    }
    const QString title = u"窗口考核排名 Window appraisal ranking"_s;
    return picture(u"appraisal"_s, title,
                   barChart({title, u"得分 Score"_s, {}}, windows, {scores}, Qt::Horizontal));
}

Picture sameDayPicture(const Report& byDay, const Period& month)
{
    LineSeries rates{u"受件即期办结率 Same-day completion"_s, {}};
    for (const Figures& f : byDay.groups) {
        if (const std::optional<double> rate = f.cases.sameDayRate())
            rates.points.emplace_back(QDate::fromString(f.key, Qt::ISODate).day(),
                                      std::round(*rate * 1000.0) / 10.0);
    }
    const QString title = u"受件即期办结率趋势 Same-day completion by day"_s;
    return picture(u"same-day"_s, title,
                   lineChart({title, u"日 Day of the month"_s, u"%"_s, 100.0,
                              std::pair(1.0, double(month.to.day()))},
                             {rates}));
}

QByteArray page(const engine::HallConfig& hall, const Period& period, const Figures& total,
                const Report& byDepartment, const QString& appraisalText,
                const std::vector<Picture>& charts)
{
    const QString month = period.from.toString(u"yyyy-MM"_s);
    QString html = u"<!doctype html>\n<html lang=\"zh-CN\">\n<head>\n<meta charset=\"utf-8\">\n"
                   u"<title>%1 %2 月度报告 Monthly report</title>\n<style>%3</style>\n</head>\n"
                   u"<body>\n"_s.arg(hall.name.zh.toHtmlEscaped(), month, kReportStyle);
    html += u"<h1>%1 月度报告<small>%2 · monthly report %3</small></h1>\n"_s.arg(
        hall.name.zh.toHtmlEscaped(), hall.name.en.toHtmlEscaped(), month);
    html += u"<p class=\"period\">%1 至 %2 · from %1 to %2</p>\n"_s.arg(
        period.from.toString(Qt::ISODate), period.to.toString(Qt::ISODate));
    html += u"<section class=\"figures\">\n"_s;
    html += figureCard(QString::number(total.issued), u"取号"_s, u"tickets issued"_s);
    html += figureCard(QString::number(total.served), u"办结"_s, u"served"_s);
    html += figureCard(QString::number(minutes(total.waitMean), 'f', 1) + u" 分钟"_s, u"平均等候"_s,
                       u"mean wait"_s);
    html += figureCard(percent(total.satisfaction()), u"满意率"_s, u"satisfaction"_s);
    html += figureCard(QString::number(total.bad), u"差评"_s, u"bad ratings"_s);
    html += figureCard(percent(total.cases.sameDayRate()), u"受件即期办结率"_s,
                       u"same-day completion"_s);
    html += figureCard(percent(total.cases.onTimeRate()), u"按期办结率"_s, u"on-time completion"_s);
    html += figureCard(QString::number(total.cases.overdue), u"超期办件"_s, u"overdue cases"_s);
    html += u"</section>\n"_s;
    html += figuresHtml(charts);
    html += u"<h2>各部门<small>by department (waits and service times in minutes, shares in "
            u"%)</small></h2>\n<div class=\"table\">\n"_s +
            reportHtmlTable(byDepartment, hall) + u"</div>\n"_s;
    html += u"<h2>窗口考核<small>window appraisal</small></h2>\n<pre>"_s +
            appraisalText.toHtmlEscaped() + u"</pre>\n</body>\n</html>\n"_s;
    return html.toUtf8();
}

} // namespace

MonthlyPictures drawMonth(db::Store& store, const engine::HallConfig& hall,
                          const engine::WorkingCalendar& calendar, const AppraisalRules& rules,
                          const QDate& month, const QDate& asOf)
{
    const Period period{month, month.addMonths(1).addDays(-1)};
    const Figures total =
        buildReport(store, hall, calendar, period, Grouping::Total, asOf).groups.front();
    const Report byDepartment =
        buildReport(store, hall, calendar, period, Grouping::Department, asOf);
    const Report byDay = buildReport(store, hall, calendar, period, Grouping::Day, asOf);
    const Appraisal appraisal = appraise(store, hall, calendar, rules, month, asOf);

    MonthlyPictures pictures;
    pictures.charts = {waitsPicture(waitsByHour(store, hall, calendar, period)),
                       departmentsPicture(byDepartment, hall), ratingsPicture(total),
                       appraisalPicture(appraisal), sameDayPicture(byDay, period)};
    pictures.html =
        page(hall, period, total, byDepartment, appraisalTable(appraisal, rules), pictures.charts);
    return pictures;
}

} // namespace qh::reports
