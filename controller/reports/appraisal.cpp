// The window appraisal: rules read from data, applied to each window's figures of the month.
#include "appraisal.h"

#include "datadir.h"
#include "formats.h"
#include "hallconfig.h"

#include <algorithm>
#include <cmath>
#include <functional>
#include <map>
#include <set>

#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>

using namespace Qt::Literals::StringLiterals;

namespace qh::reports {

namespace {

using Reading = std::function<std::optional<double>(const Figures&)>;

std::optional<double> minutes(const std::optional<double>& seconds)
{
    return seconds ? std::optional(*seconds / 60.0) : std::nullopt;
}

const std::map<QString, Reading>& readings()
{
    static const std::map<QString, Reading> map = {
        {u"served"_s, [](const Figures& f) { return std::optional<double>(f.served); }},
        {u"satisfaction"_s, [](const Figures& f) { return f.satisfaction(); }},
        {u"ratingRate"_s, [](const Figures& f) { return f.ratingRate(); }},
        {u"bad"_s, [](const Figures& f) { return std::optional<double>(f.bad); }},
        {u"badNotRectifiedOnTime"_s,
         [](const Figures& f) { return std::optional<double>(f.bad - f.rectifiedOnTime); }},
        {u"casesOverdue"_s,
         [](const Figures& f) { return std::optional<double>(f.cases.overdue); }},
        {u"sameDayRate"_s, [](const Figures& f) { return f.cases.sameDayRate(); }},
        {u"onTimeRate"_s, [](const Figures& f) { return f.cases.onTimeRate(); }},
        {u"longPauses"_s,
         [](const Figures& f) { return std::optional<double>(f.longPauses.value_or(0)); }},
        {u"pauseMinutes"_s, [](const Figures& f) { return f.pauseMinutes; }},
        {u"waitMeanMinutes"_s, [](const Figures& f) { return minutes(f.waitMean); }},
        {u"waitP90Minutes"_s, [](const Figures& f) { return minutes(f.waitP90); }},
        {u"noShowShare"_s,
         [](const Figures& f) {
             const int reached = f.served + f.noShow;
             return reached ? std::optional(double(f.noShow) / reached) : std::nullopt;
         }},
        {u"overtimeMinutes"_s, [](const Figures& f) { return std::optional(f.overtimeMinutes); }},
    };
    return map;
}

// Units of `per` beyond the norm, whole units counted up (a tiny excess is one unit).
double units(double beyond, double per)
{
    return beyond > 0 ? std::ceil(beyond / per - 1e-9) : 0.0;
}

std::vector<WindowScore> score(const Report& report, const AppraisalRules& rules)
{
    std::vector<WindowScore> scores;
    for (const Figures& f : report.groups) {
        if (f.served == 0)
            continue;
        WindowScore s{f.key.toInt(), rules.base, 0, {}, false};
        for (const AppraisalRule& rule : rules.rules) {
            const std::optional<double> value = readings().at(rule.figure)(f);
            if (!value)
                continue; // nothing to measure this month (no ratings, no cases)
            double points = 0;
            if (rule.below)
                points = rule.points * units(*rule.below - *value, rule.per);
            else if (rule.above)
                points = rule.points * units(*value - *rule.above, rule.per);
            else
                points = rule.points * *value / rule.per;
            if (rule.cap)
                points = std::clamp(points, -*rule.cap, *rule.cap);
            if (points != 0) {
                s.items.push_back({&rule, *value, points});
                s.score += points;
            }
        }
        scores.push_back(std::move(s));
    }
    std::sort(scores.begin(), scores.end(), [](const WindowScore& a, const WindowScore& b) {
        return a.score != b.score ? a.score > b.score : a.window < b.window;
    });
    for (std::size_t i = 0; i < scores.size(); ++i)
        scores[i].rank =
            i > 0 && scores[i].score == scores[i - 1].score ? scores[i - 1].rank : int(i) + 1;
    return scores;
}

std::set<int> lastOf(const std::vector<WindowScore>& scores)
{
    std::set<int> last;
    for (const WindowScore& s : scores) {
        if (s.rank == scores.back().rank)
            last.insert(s.window);
    }
    return last;
}

Report monthReport(db::Store& store, const engine::HallConfig& hall,
                   const engine::WorkingCalendar& calendar, const QDate& first, const QDate& asOf)
{
    return buildReport(store, hall, calendar, {first, first.addMonths(1).addDays(-1)},
                       Grouping::Window, asOf);
}

QString points(double p)
{
    return (p > 0 ? u"+"_s : QString()) + QString::number(p, 'f', p == std::round(p) ? 0 : 1);
}

} // namespace

const QStringList& appraisalFigures()
{
    static const QStringList names = [] {
        QStringList list;
        for (const auto& [name, reading] : readings())
            list << name;
        return list;
    }();
    return names;
}

AppraisalRules parseAppraisalRules(const QByteArray& json)
{
    QJsonParseError error{};
    const QJsonDocument doc = QJsonDocument::fromJson(json, &error);
    if (error.error != QJsonParseError::NoError || !doc.isObject())
        throw db::ConfigError({u"(file): not a JSON object: %1"_s.arg(error.errorString())});
    const QJsonObject root = doc.object();
    QStringList problems;
    const auto only = [&](const QJsonObject& o, const QString& path, const QStringList& keys) {
        for (const QString& key : o.keys()) {
            if (!keys.contains(key))
                problems << u"%1%2: unknown field"_s.arg(path, key);
        }
    };
    const auto text = [&](const QJsonValue& v, const QString& path) {
        const QJsonObject o = v.toObject();
        if (!o.value(u"zh"_s).isString() || !o.value(u"en"_s).isString())
            problems << u"%1: must be {\"zh\": ..., \"en\": ...}"_s.arg(path);
        return engine::LocalizedText{o.value(u"zh"_s).toString(), o.value(u"en"_s).toString()};
    };
    // A number field: absent gives `fallback` (nothing for an optional one); anything but a number
    // is a problem.
    const auto number = [&](const QJsonObject& o, const QString& path, const QString& key,
                            std::optional<double> fallback) -> std::optional<double> {
        if (!o.contains(key))
            return fallback;
        if (!o.value(key).isDouble()) {
            problems << u"%1%2: must be a number"_s.arg(path, key);
            return fallback;
        }
        return o.value(key).toDouble();
    };
    only(root, {}, {u"format"_s, u"name"_s, u"base"_s, u"rules"_s});
    if (root.value(u"format"_s).toInt() != 1)
        problems << u"format: must be 1"_s;
    AppraisalRules rules;
    rules.name = text(root.value(u"name"_s), u"name"_s);
    rules.base = *number(root, {}, u"base"_s, 100.0);
    if (!root.value(u"rules"_s).isArray())
        problems << u"rules: must be an array"_s;
    const QJsonArray list = root.value(u"rules"_s).toArray();
    std::set<QString> ids;
    for (qsizetype i = 0; i < list.size(); ++i) {
        const QString path = u"rules[%1]"_s.arg(i);
        const QJsonObject o = list[i].toObject();
        only(o, path + u'.',
             {u"id"_s, u"name"_s, u"figure"_s, u"below"_s, u"above"_s, u"per"_s, u"points"_s,
              u"cap"_s});
        AppraisalRule r;
        r.id = o.value(u"id"_s).toString();
        if (r.id.isEmpty() || !ids.insert(r.id).second)
            problems << u"%1.id: must be given and unique"_s.arg(path);
        r.name = text(o.value(u"name"_s), path + u".name"_s);
        r.figure = o.value(u"figure"_s).toString();
        if (!readings().count(r.figure))
            problems << u"%1.figure: '%2' is none of %3"_s.arg(path, r.figure,
                                                               appraisalFigures().join(u", "_s));
        const QString at = path + u'.';
        r.below = number(o, at, u"below"_s, std::nullopt);
        r.above = number(o, at, u"above"_s, std::nullopt);
        if (r.below && r.above)
            problems << u"%1: 'below' and 'above' cannot both be given"_s.arg(path);
        r.per = *number(o, at, u"per"_s, 1.0);
        if (!(r.per > 0))
            problems << u"%1.per: must be above 0"_s.arg(path);
        if (!o.contains(u"points"_s))
            problems << u"%1.points: must be a number"_s.arg(path);
        r.points = number(o, at, u"points"_s, 0.0).value_or(0);
        r.cap = number(o, at, u"cap"_s, std::nullopt);
        if (r.cap && *r.cap < 0)
            problems << u"%1.cap: must be a number from 0"_s.arg(path);
        rules.rules.push_back(r);
    }
    if (!problems.isEmpty())
        throw db::ConfigError(problems);
    return rules;
}

AppraisalRules readAppraisalRules(const QString& path)
{
    QFile file(path.isEmpty() ? datadir::path(u"appraisal/default.json"_s) : path);
    if (!file.open(QIODevice::ReadOnly))
        throw db::ConfigError({u"%1: %2"_s.arg(file.fileName(), file.errorString())});
    return parseAppraisalRules(file.readAll());
}

Appraisal appraise(db::Store& store, const engine::HallConfig& hall,
                   const engine::WorkingCalendar& calendar, const AppraisalRules& rules,
                   const QDate& month, const QDate& asOf)
{
    const QDate first(month.year(), month.month(), 1);
    Appraisal a{first, score(monthReport(store, hall, calendar, first, asOf), rules)};
    const std::vector<WindowScore> before =
        score(monthReport(store, hall, calendar, first.addMonths(-1), asOf), rules);
    if (a.windows.size() > 1 && before.size() > 1) {
        const std::set<int> lastBefore = lastOf(before);
        const std::set<int> lastNow = lastOf(a.windows);
        for (WindowScore& s : a.windows)
            s.lastTwice = lastNow.count(s.window) && lastBefore.count(s.window);
    }
    return a;
}

QString appraisalTable(const Appraisal& a, const AppraisalRules& rules)
{
    QString out = u"%1, %2 (base %3)\nrank  window  score  deductions\n"_s.arg(
        rules.name.zh, a.month.toString(u"yyyy-MM"_s), QString::number(rules.base));
    for (const WindowScore& s : a.windows) {
        QStringList items;
        for (const AppraisalItem& i : s.items)
            items << u"%1 %2 (%3)"_s.arg(i.rule->name.zh, points(i.points),
                                         QString::number(i.value, 'g', 4));
        out += u"%1  %2  %3  %4%5\n"_s.arg(s.rank, 4)
                   .arg(s.window, 6)
                   .arg(QString::number(s.score, 'f', 1), 5)
                   .arg(items.isEmpty() ? u"-"_s : items.join(u"; "_s))
                   .arg(s.lastTwice ? u"  [last two months running]"_s : QString());
    }
    return out;
}

QByteArray appraisalCsv(const Appraisal& a, const AppraisalRules& rules)
{
    // One column per rule of the file, in its order, whether or not it gave points this month.
    QStringList header{u"month"_s, u"rank"_s, u"window"_s, u"score"_s, u"last_two_months"_s};
    for (const AppraisalRule& r : rules.rules)
        header << r.id;
    QByteArray out = csvLine(header);
    for (const WindowScore& s : a.windows) {
        QStringList row{a.month.toString(u"yyyy-MM"_s), QString::number(s.rank),
                        QString::number(s.window), QString::number(s.score, 'f', 2),
                        s.lastTwice ? u"1"_s : u"0"_s};
        for (const AppraisalRule& r : rules.rules) {
            double p = 0;
            for (const AppraisalItem& i : s.items)
                p += i.rule == &r ? i.points : 0;
            row << QString::number(p, 'f', 2);
        }
        out += csvLine(row);
    }
    return out;
}

QJsonObject appraisalJson(const Appraisal& a, const AppraisalRules& rules)
{
    QJsonArray windows;
    for (const WindowScore& s : a.windows) {
        QJsonArray items;
        for (const AppraisalItem& i : s.items)
            items.append(QJsonObject{{u"rule"_s, i.rule->id},
                                     {u"name"_s, i.rule->name.zh},
                                     {u"value"_s, i.value},
                                     {u"points"_s, i.points}});
        windows.append(QJsonObject{{u"window"_s, s.window},
                                   {u"rank"_s, s.rank},
                                   {u"score"_s, s.score},
                                   {u"lastTwoMonths"_s, s.lastTwice},
                                   {u"items"_s, items}});
    }
    return {{u"month"_s, a.month.toString(u"yyyy-MM"_s)},
            {u"rules"_s, rules.name.zh},
            {u"base"_s, rules.base},
            {u"windows"_s, windows}};
}

} // namespace qh::reports
