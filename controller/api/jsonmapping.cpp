// JSON shapes of the API (and of the command line's --json): tickets, services, windows, hall,
// events.
#include "jsonmapping.h"

#include <cmath>

#include <QTimeZone>

using namespace Qt::Literals::StringLiterals;

namespace qh::api {

namespace {

QJsonArray strings(const std::vector<QString>& list)
{
    QJsonArray array;
    for (const QString& s : list)
        array.append(s);
    return array;
}

QJsonObject text(const engine::LocalizedText& t)
{
    return {{u"zh"_s, t.zh}, {u"en"_s, t.en}};
}

void insertEstimate(QJsonObject& o, std::optional<double> seconds)
{
    o.insert(u"estimatedWaitSeconds"_s,
             seconds ? QJsonValue(std::round(*seconds)) : QJsonValue(QJsonValue::Null));
}

// The windows that serve a service, for "please go to windows 1-7 on floor 1".
QJsonArray windowsServing(const QString& serviceId, const engine::HallConfig& hall)
{
    QJsonArray windows;
    for (const engine::Window& w : hall.windows) {
        for (const engine::WindowService& ws : w.services) {
            if (ws.service == serviceId)
                windows.append(w.number);
        }
    }
    return windows;
}

} // namespace

QString isoTime(std::int64_t ms, const engine::HallConfig& hall)
{
    return QDateTime::fromMSecsSinceEpoch(ms, QTimeZone(hall.timeZone)).toString(Qt::ISODate);
}

QJsonObject publicTicketJson(const engine::TicketView& view, const engine::HallConfig& hall)
{
    const engine::Ticket& t = view.ticket;
    const engine::Service* service = hall.service(t.serviceId);
    QJsonObject o{{u"number"_s, t.number},
                  {u"state"_s, engine::toString(t.state)},
                  {u"service"_s, t.serviceId},
                  {u"serviceName"_s, text(service->name)},
                  {u"floor"_s, hall.department(service->department)->floor},
                  {u"windows"_s, windowsServing(t.serviceId, hall)},
                  {u"issuedAt"_s, isoTime(t.issuedAt, hall)},
                  {u"ahead"_s, view.ahead}};
    insertEstimate(o, view.estimatedWaitSeconds);
    if (t.window) {
        o.insert(u"window"_s, *t.window);
        o.insert(u"windowFloor"_s, hall.window(*t.window)->floor);
    }
    if (t.calledAt)
        o.insert(u"calledAt"_s, isoTime(*t.calledAt, hall));
    return o;
}

QJsonObject ticketJson(const engine::TicketView& view, const engine::HallConfig& hall)
{
    const engine::Ticket& t = view.ticket;
    QJsonObject o = publicTicketJson(view, hall);
    o.insert(u"id"_s, double(t.id));
    o.insert(u"priority"_s, engine::toString(t.priority));
    o.insert(u"serviceDay"_s, t.serviceDay);
    o.insert(u"calls"_s, t.calls);
    o.insert(u"statusCode"_s, t.statusCode);
    o.insert(u"lang"_s, t.lang);
    if (t.targetWindow)
        o.insert(u"reservedForWindow"_s, *t.targetWindow);
    if (t.appointmentAt)
        o.insert(u"appointmentAt"_s, isoTime(*t.appointmentAt, hall));
    if (!t.voidReason.isEmpty())
        o.insert(u"voidReason"_s, t.voidReason);
    return o;
}

QJsonObject servicesJson(const engine::HallStatus& status, const engine::HallConfig& hall)
{
    QJsonArray departments;
    for (const engine::Department& d : hall.departments) {
        QJsonArray services;
        for (const engine::ServiceQueue& q : status.queues) {
            const engine::Service& s = *q.service;
            if (s.department != d.id)
                continue;
            QJsonArray materials;
            for (const engine::LocalizedText& m : s.guide.materials)
                materials.append(text(m));
            QJsonObject o{
                {u"id"_s, s.id},
                {u"name"_s, text(s.name)},
                {u"guide"_s, QJsonObject{{u"materials"_s, materials},
                                         {u"timeLimitDays"_s, s.guide.timeLimitDays},
                                         {u"standardMinutes"_s, s.guide.standardMinutes}}},
                {u"windows"_s, windowsServing(s.id, hall)},
                {u"open"_s, q.open},
                {u"waiting"_s, q.waiting}};
            if (s.centre)
                o.insert(u"centre"_s, text(*s.centre));
            insertEstimate(o, q.estimatedWaitSeconds);
            services.append(o);
        }
        departments.append(QJsonObject{{u"id"_s, d.id},
                                       {u"name"_s, text(d.name)},
                                       {u"floor"_s, d.floor},
                                       {u"prefix"_s, d.prefix},
                                       {u"comprehensive"_s, d.comprehensive},
                                       {u"services"_s, services}});
    }
    return {{u"hall"_s, text(hall.name)},
            {u"issuingOpen"_s, status.issuing.open},
            {u"issuingClosedReason"_s, status.issuing.reason},
            {u"appointmentsOnly"_s, status.issuing.appointmentsOnly},
            {u"departments"_s, departments}};
}

QJsonObject windowJson(const engine::WindowStatus& w, const engine::HallStatus& status,
                       const engine::HallConfig& hall)
{
    QJsonObject o{{u"number"_s, w.window->number},
                  {u"floor"_s, w.window->floor},
                  {u"name"_s, text(w.window->name)},
                  {u"paused"_s, w.paused}};
    if (w.current)
        o.insert(u"current"_s, ticketJson({*w.current, 0, std::nullopt}, hall));
    QJsonArray services;
    for (const engine::WindowService& ws : w.window->services) {
        auto q = std::find_if(
            status.queues.begin(), status.queues.end(),
            [&](const engine::ServiceQueue& sq) { return sq.service->id == ws.service; });
        services.append(QJsonObject{{u"service"_s, ws.service},
                                    {u"primary"_s, ws.primary},
                                    {u"waiting"_s, q == status.queues.end() ? 0 : q->waiting}});
    }
    o.insert(u"services"_s, services);
    return o;
}

QJsonObject hallJson(const engine::HallStatus& s, const std::vector<engine::Event>& recentCalls,
                     std::int64_t seq, const engine::HallConfig& hall)
{
    QJsonArray windows;
    for (const engine::WindowStatus& w : s.windows) {
        QJsonObject o{{u"number"_s, w.window->number},
                      {u"floor"_s, w.window->floor},
                      {u"paused"_s, w.paused}};
        if (w.current) {
            o.insert(u"ticket"_s, w.current->number);
            o.insert(u"ticketState"_s, engine::toString(w.current->state));
        }
        windows.append(o);
    }
    QJsonArray queues;
    for (const engine::ServiceQueue& q : s.queues) {
        if (q.waiting == 0)
            continue;
        QJsonObject o{{u"service"_s, q.service->id},
                      {u"department"_s, q.service->department},
                      {u"waiting"_s, q.waiting}};
        insertEstimate(o, q.estimatedWaitSeconds);
        queues.append(o);
    }
    QJsonArray calls;
    for (const engine::Event& e : recentCalls)
        calls.append(eventJson(e, hall));
    QJsonObject today;
    for (const auto& [state, count] : s.today)
        today.insert(engine::toString(state), count);
    return {{u"seq"_s, double(seq)},
            {u"hall"_s, text(hall.name)},
            {u"localTime"_s, s.localTime.toString(Qt::ISODate)},
            {u"timeZone"_s, QString::fromLatin1(hall.timeZone)},
            {u"serviceDay"_s, s.serviceDay},
            {u"issuingOpen"_s, s.issuing.open},
            {u"issuingClosedReason"_s, s.issuing.reason},
            {u"appointmentsOnly"_s, s.issuing.appointmentsOnly},
            {u"overtime"_s, s.overtime},
            {u"windows"_s, windows},
            {u"queues"_s, queues},
            {u"recentCalls"_s, calls},
            {u"today"_s, today},
            {u"warnings"_s, strings(s.warnings)}};
}

QJsonObject eventJson(const engine::Event& e, const engine::HallConfig& hall)
{
    return {{u"seq"_s, double(e.seq)},
            {u"type"_s, e.type},
            {u"at"_s, isoTime(e.at, hall)},
            {u"data"_s, e.data}};
}

QJsonObject calendarYearJson(const engine::CalendarYear& year)
{
    QJsonArray holidays;
    for (const engine::PublicHoliday& h : year.holidays)
        holidays.append(QJsonObject{{u"name"_s, text(h.name)},
                                    {u"from"_s, h.from.toString(Qt::ISODate)},
                                    {u"to"_s, h.to.toString(Qt::ISODate)}});
    QJsonArray workdays;
    for (const QDate& d : year.workdays)
        workdays.append(d.toString(Qt::ISODate));
    return {{u"year"_s, year.year},
            {u"source"_s, year.source},
            {u"holidays"_s, holidays},
            {u"workdays"_s, workdays}};
}

QJsonObject calendarJson(const engine::WorkingCalendar& calendar,
                         const std::vector<QString>& warnings)
{
    QJsonArray years;
    for (const auto& [number, year] : calendar.years())
        years.append(calendarYearJson(year));
    return {{u"years"_s, years}, {u"warnings"_s, strings(warnings)}};
}

} // namespace qh::api
