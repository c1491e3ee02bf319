// One column list for every format of a report: its name in CSV and JSON, its header in the
// table, and how its value reads there.
#include "formats.h"

#include <functional>

#include <QJsonArray>
#include <QJsonDocument>
#include <QTimeZone>

using namespace Qt::Literals::StringLiterals;

namespace qh::reports {

namespace {

enum class Unit { Count, Seconds, Minutes, Share };

struct Column
{
    QString name;   // CSV and JSON
    QString header; // the table
    Unit unit;
    std::function<QJsonValue(const Figures&)> value;
};

QJsonValue opt(const std::optional<double>& v)
{
    return v ? QJsonValue(*v) : QJsonValue(QJsonValue::Null);
}

QJsonValue opt(const std::optional<int>& v)
{
    return v ? QJsonValue(*v) : QJsonValue(QJsonValue::Null);
}

const std::vector<Column>& columns()
{
    using F = const Figures&;
    static const std::vector<Column> list = {
        {u"issued"_s, u"issued"_s, Unit::Count, [](F f) { return QJsonValue(f.issued); }},
        {u"served"_s, u"served"_s, Unit::Count, [](F f) { return QJsonValue(f.served); }},
        {u"no_show"_s, u"no-show"_s, Unit::Count, [](F f) { return QJsonValue(f.noShow); }},
        {u"voided"_s, u"voided"_s, Unit::Count, [](F f) { return QJsonValue(f.voided); }},
        {u"transferred"_s, u"transf"_s, Unit::Count, [](F f) { return QJsonValue(f.transferred); }},
        {u"wait_mean_s"_s, u"wait"_s, Unit::Seconds, [](F f) { return opt(f.waitMean); }},
        {u"wait_p50_s"_s, u"p50"_s, Unit::Seconds, [](F f) { return opt(f.waitP50); }},
        {u"wait_p90_s"_s, u"p90"_s, Unit::Seconds, [](F f) { return opt(f.waitP90); }},
        {u"wait_max_s"_s, u"max"_s, Unit::Seconds, [](F f) { return opt(f.waitMax); }},
        {u"service_mean_s"_s, u"service"_s, Unit::Seconds, [](F f) { return opt(f.serviceMean); }},
        {u"green"_s, u"green"_s, Unit::Count, [](F f) { return QJsonValue(f.green); }},
        {u"green_share"_s, u"green%"_s, Unit::Share, [](F f) { return opt(f.greenShare()); }},
        {u"green_wait_mean_s"_s, u"g.wait"_s, Unit::Seconds,
         [](F f) { return opt(f.greenWaitMean); }},
        {u"appointments"_s, u"appt"_s, Unit::Count, [](F f) { return QJsonValue(f.appointments); }},
        {u"appointment_share"_s, u"appt%"_s, Unit::Share,
         [](F f) { return opt(f.appointmentShare()); }},
        {u"appointment_wait_mean_s"_s, u"a.wait"_s, Unit::Seconds,
         [](F f) { return opt(f.appointmentWaitMean); }},
        {u"booked"_s, u"booked"_s, Unit::Count, [](F f) { return opt(f.booked); }},
        {u"checked_in"_s, u"ckd.in"_s, Unit::Count, [](F f) { return opt(f.checkedIn); }},
        {u"booking_no_shows"_s, u"b.noshow"_s, Unit::Count,
         [](F f) { return opt(f.bookingNoShows); }},
        {u"bookings_cancelled"_s, u"b.cancel"_s, Unit::Count,
         [](F f) { return opt(f.bookingsCancelled); }},
        {u"booking_punctuality"_s, u"b.on.time"_s, Unit::Share,
         [](F f) { return opt(f.punctuality()); }},
        {u"overtime_tickets"_s, u"overtime"_s, Unit::Count,
         [](F f) { return QJsonValue(f.overtimeTickets); }},
        {u"overtime_minutes"_s, u"ot.min"_s, Unit::Minutes,
         [](F f) { return QJsonValue(f.overtimeMinutes); }},
        {u"pauses"_s, u"pauses"_s, Unit::Count, [](F f) { return opt(f.pauses); }},
        {u"pause_minutes"_s, u"p.min"_s, Unit::Minutes, [](F f) { return opt(f.pauseMinutes); }},
        {u"pauses_over_15_min"_s, u">15min"_s, Unit::Count, [](F f) { return opt(f.longPauses); }},
        {u"rated"_s, u"rated"_s, Unit::Count, [](F f) { return QJsonValue(f.rated); }},
        {u"rating_rate"_s, u"rated%"_s, Unit::Share, [](F f) { return opt(f.ratingRate()); }},
        {u"satisfaction"_s, u"满意率"_s, Unit::Share, [](F f) { return opt(f.satisfaction()); }},
        {u"bad"_s, u"差评"_s, Unit::Count, [](F f) { return QJsonValue(f.bad); }},
        {u"annulled"_s, u"annulled"_s, Unit::Count, [](F f) { return QJsonValue(f.annulled); }},
        {u"rectified_on_time"_s, u"rect.ok"_s, Unit::Count,
         [](F f) { return QJsonValue(f.rectifiedOnTime); }},
        {u"follow_ups_overdue"_s, u"fu.late"_s, Unit::Count,
         [](F f) { return QJsonValue(f.followUpsOverdue); }},
        {u"cases_accepted"_s, u"cases"_s, Unit::Count,
         [](F f) { return QJsonValue(f.cases.accepted); }},
        {u"cases_same_day_rate"_s, u"即办结%"_s, Unit::Share,
         [](F f) { return opt(f.cases.sameDayRate()); }},
        {u"cases_on_time_rate"_s, u"按期%"_s, Unit::Share,
         [](F f) { return opt(f.cases.onTimeRate()); }},
        {u"cases_overdue"_s, u"overdue"_s, Unit::Count,
         [](F f) { return QJsonValue(f.cases.overdue); }},
        {u"cases_speed_up"_s, u"提速率"_s, Unit::Share, [](F f) { return opt(f.cases.speedUp()); }},
    };
    return list;
}

QString groupingName(Grouping g)
{
    switch (g) {
    case Grouping::Total:
        return u"total"_s;
    case Grouping::Day:
        return u"day"_s;
    case Grouping::Window:
        return u"window"_s;
    case Grouping::Department:
        return u"department"_s;
    case Grouping::Service:
        return u"service"_s;
    }
    return {};
}

QString groupName(const Figures& f, Grouping g, const engine::HallConfig& hall)
{
    if (g == Grouping::Department) {
        if (const engine::Department* d = hall.department(f.key))
            return d->name.zh;
    } else if (g == Grouping::Service) {
        if (const engine::Service* s = hall.service(f.key))
            return s->name.zh;
    } else if (g == Grouping::Window) {
        return u"window %1"_s.arg(f.key);
    }
    return f.key.isEmpty() ? u"hall"_s : f.key;
}

QString cell(const QJsonValue& v, Unit unit)
{
    if (v.isNull())
        return u"-"_s;
    switch (unit) {
    case Unit::Count:
        return QString::number(v.toInteger());
    case Unit::Seconds:
        return QString::number(v.toDouble() / 60.0, 'f', 1);
    case Unit::Minutes:
        return QString::number(v.toDouble(), 'f', 1);
    case Unit::Share:
        return QString::number(v.toDouble() * 100.0, 'f', 1);
    }
    return {};
}

QString csvValue(const QJsonValue& v)
{
    if (v.isNull())
        return {};
    if (v.isDouble()) {
        const double d = v.toDouble();
        return d == std::floor(d) && std::abs(d) < 1e15 ? QString::number(qint64(d))
                                                        : QString::number(d, 'f', 4);
    }
    return v.toString();
}

QString isoTime(std::int64_t ms, const engine::HallConfig& hall)
{
    return QDateTime::fromMSecsSinceEpoch(ms, QTimeZone(hall.timeZone)).toString(Qt::ISODateWithMs);
}

// The export's record layout (docs/reports.md#the-好差评-export), in its column order.
QJsonObject ratingJson(const RatingRecord& r, const engine::HallConfig& hall)
{
    const engine::Service* s = hall.service(r.serviceId);
    const engine::Department* d = hall.department(r.departmentId);
    return {{u"id"_s, double(r.id)},
            {u"subject"_s, r.subject},
            {u"ticket"_s, r.ticketNumber},
            {u"case"_s, r.caseSerial},
            {u"service_id"_s, r.serviceId},
            {u"service_name"_s, s ? s->name.zh : QString()},
            {u"department_id"_s, r.departmentId},
            {u"department_name"_s, d ? d->name.zh : QString()},
            {u"window"_s, r.window},
            {u"level"_s, r.level},
            {u"level_name"_s, engine::ratingLevelName(r.level, u"zh"_s)},
            {u"channel"_s, r.channel},
            {u"rated_at"_s, isoTime(r.ratedAt, hall)},
            {u"service_day"_s, r.serviceDay},
            {u"follow_up"_s, r.followUp}};
}

const QStringList kRatingFields = {
    u"id"_s,           u"subject"_s,       u"ticket"_s,          u"case"_s,        u"service_id"_s,
    u"service_name"_s, u"department_id"_s, u"department_name"_s, u"window"_s,      u"level"_s,
    u"level_name"_s,   u"channel"_s,       u"rated_at"_s,        u"service_day"_s, u"follow_up"_s};

// The table's header and its rows of cells, as the aligned table and the HTML one show them.
std::vector<QStringList> tableRows(const Report& report, const engine::HallConfig& hall)
{
    QStringList header{groupingName(report.grouping)};
    for (const Column& c : columns())
        header << c.header;
    std::vector<QStringList> rows{header};
    for (const Figures& f : report.groups) {
        QStringList row{groupName(f, report.grouping, hall)};
        for (const Column& c : columns())
            row << cell(c.value(f), c.unit);
        rows.push_back(row);
    }
    return rows;
}

QByteArray csvField(const QString& text)
{
    if (!text.contains(u',') && !text.contains(u'"') && !text.contains(u'\n') &&
        !text.contains(u'\r'))
        return text.toUtf8();
    return '"' + QString(text).replace(u"\""_s, u"\"\""_s).toUtf8() + '"';
}

} // namespace

QByteArray csvLine(const QStringList& fields)
{
    QByteArrayList encoded;
    for (const QString& f : fields)
        encoded << csvField(f);
    return encoded.join(',') + "\r\n";
}

QString reportTable(const Report& report, const engine::HallConfig& hall)
{
    const std::vector<QStringList> rows = tableRows(report, hall);
    std::vector<qsizetype> width(rows.front().size(), 0);
    for (const QStringList& row : rows) {
        for (qsizetype i = 0; i < row.size(); ++i)
            width[std::size_t(i)] = std::max(width[std::size_t(i)], row[i].size());
    }
    QString out = u"%1 .. %2 (waits and service times in minutes, shares in %)\n"_s.arg(
        report.period.from.toString(Qt::ISODate), report.period.to.toString(Qt::ISODate));
    for (const QStringList& row : rows) {
        QStringList padded;
        for (qsizetype i = 0; i < row.size(); ++i)
            padded << (i == 0 ? row[i].leftJustified(width[0])
                              : row[i].rightJustified(width[std::size_t(i)]));
        out += padded.join(u"  "_s) + u'\n';
    }
    return out;
}

QString reportHtmlTable(const Report& report, const engine::HallConfig& hall)
{
    const std::vector<QStringList> rows = tableRows(report, hall);
    QString out = u"<table>\n<thead><tr>"_s;
    for (const QString& header : rows.front())
        out += u"<th>%1</th>"_s.arg(header.toHtmlEscaped());
    out += u"</tr></thead>\n<tbody>\n"_s;
    for (std::size_t r = 1; r < rows.size(); ++r) {
        out += u"<tr><th scope=\"row\">%1</th>"_s.arg(rows[r].front().toHtmlEscaped());
        for (qsizetype i = 1; i < rows[r].size(); ++i)
            out += u"<td>%1</td>"_s.arg(rows[r][i].toHtmlEscaped());
        out += u"</tr>\n"_s;
    }
    return out + u"</tbody>\n</table>\n"_s;
}

QByteArray reportCsv(const Report& report)
{
    QStringList header{u"from"_s, u"to"_s, groupingName(report.grouping)};
    for (const Column& c : columns())
        header << c.name;
    QByteArray out = csvLine(header);
    for (const Figures& f : report.groups) {
        QStringList row{report.period.from.toString(Qt::ISODate),
                        report.period.to.toString(Qt::ISODate), f.key};
        for (const Column& c : columns())
            row << csvValue(c.value(f));
        out += csvLine(row);
    }
    return out;
}

QJsonObject reportJson(const Report& report, const engine::HallConfig& hall)
{
    QJsonArray groups;
    for (const Figures& f : report.groups) {
        QJsonObject o{{u"key"_s, f.key}, {u"name"_s, groupName(f, report.grouping, hall)}};
        for (const Column& c : columns())
            o.insert(c.name, c.value(f));
        QJsonArray levels;
        for (const int n : f.levels)
            levels.append(n);
        o.insert(u"levels"_s, levels); // ratings kept of level 1 .. 5
        groups.append(o);
    }
    return {{u"from"_s, report.period.from.toString(Qt::ISODate)},
            {u"to"_s, report.period.to.toString(Qt::ISODate)},
            {u"by"_s, groupingName(report.grouping)},
            {u"groups"_s, groups}};
}

namespace {

// The ratings kept (an annulled one is not) of each level, per channel and in all.
struct LevelCounts
{
    std::map<QString, std::array<int, 5>> byChannel;
    std::array<int, 5> all{};
};

LevelCounts countLevels(const std::vector<RatingRecord>& records)
{
    LevelCounts c;
    for (const RatingRecord& r : records) {
        if (r.followUp == u"annulled"_s)
            continue;
        ++c.byChannel[r.channel][std::size_t(r.level - 1)];
        ++c.all[std::size_t(r.level - 1)];
    }
    return c;
}

std::optional<double> satisfactionOf(const std::array<int, 5>& n)
{
    const int rated = n[0] + n[1] + n[2] + n[3] + n[4];
    return rated > 0 ? std::optional(double(n[4] + n[3]) / rated) : std::nullopt;
}

} // namespace

QString ratingsTable(const std::vector<RatingRecord>& records, const Period& period)
{
    const LevelCounts counts = countLevels(records);
    QString out = u"好差评 %1 .. %2 (annulled by appeal left out)\n"_s.arg(
        period.from.toString(Qt::ISODate), period.to.toString(Qt::ISODate));
    out += u"channel  5 非常满意  4 满意  3 基本满意  2 不满意  1 非常不满意  满意率\n"_s;
    const auto line = [&](const QString& name, const std::array<int, 5>& n) {
        const std::optional<double> s = satisfactionOf(n);
        out += u"%1  %2  %3  %4  %5  %6  %7\n"_s.arg(name, -7)
                   .arg(n[4], 9)
                   .arg(n[3], 6)
                   .arg(n[2], 10)
                   .arg(n[1], 8)
                   .arg(n[0], 11)
                   .arg(s ? QString::number(*s * 100.0, 'f', 1) : u"-"_s, 6);
    };
    for (const auto& [channel, n] : counts.byChannel)
        line(channel, n);
    line(u"all"_s, counts.all);
    return out;
}

QJsonObject ratingsJson(const std::vector<RatingRecord>& records, const Period& period)
{
    const LevelCounts counts = countLevels(records);
    const auto levels = [](const std::array<int, 5>& n) {
        return QJsonArray{n[0], n[1], n[2], n[3], n[4]};
    };
    QJsonObject channels;
    for (const auto& [channel, n] : counts.byChannel)
        channels.insert(channel, levels(n));
    return {{u"from"_s, period.from.toString(Qt::ISODate)},
            {u"to"_s, period.to.toString(Qt::ISODate)},
            {u"channels"_s, channels},
            {u"all"_s, levels(counts.all)},
            {u"satisfaction"_s, opt(satisfactionOf(counts.all))}};
}

QByteArray ratingLevelsCsv(const std::vector<RatingRecord>& records)
{
    const LevelCounts counts = countLevels(records);
    QByteArray out = csvLine({u"channel"_s, u"level_1"_s, u"level_2"_s, u"level_3"_s, u"level_4"_s,
                              u"level_5"_s, u"rated"_s, u"satisfaction"_s});
    const auto line = [&](const QString& name, const std::array<int, 5>& n) {
        QStringList row{name};
        for (const int count : n)
            row << QString::number(count);
        row << QString::number(n[0] + n[1] + n[2] + n[3] + n[4])
            << csvValue(opt(satisfactionOf(n)));
        out += csvLine(row);
    };
    for (const auto& [channel, n] : counts.byChannel)
        line(channel, n);
    line(u"all"_s, counts.all);
    return out;
}

QByteArray ratingsCsv(const std::vector<RatingRecord>& records, const engine::HallConfig& hall)
{
    QByteArray out = csvLine(kRatingFields);
    for (const RatingRecord& r : records) {
        const QJsonObject o = ratingJson(r, hall);
        QStringList row;
        for (const QString& field : kRatingFields)
            row << csvValue(o.value(field));
        out += csvLine(row);
    }
    return out;
}

QByteArray ratingsJsonLines(const std::vector<RatingRecord>& records,
                            const engine::HallConfig& hall)
{
    QByteArray out;
    for (const RatingRecord& r : records)
        out += QJsonDocument(ratingJson(r, hall)).toJson(QJsonDocument::Compact) + '\n';
    return out;
}

} // namespace qh::reports
