// Printing tickets, hall status and audit results for people (text) and scripts (JSON).
#include "output.h"

#include <cmath>

#include <QJsonArray>
#include <QTimeZone>

using namespace Qt::Literals::StringLiterals;

namespace qh::controller {

namespace {

QString isoTime(std::optional<std::int64_t> ms, const db::HallConfig& hall)
{
    if (!ms)
        return {};
    return QDateTime::fromMSecsSinceEpoch(*ms, QTimeZone(hall.timeZone)).toString(Qt::ISODate);
}

QString minutesText(std::optional<double> seconds)
{
    if (!seconds)
        return u"no open window"_s;
    return u"%1 min"_s.arg(std::lround(*seconds / 60));
}

} // namespace

QJsonObject ticketJson(const engine::TicketView& view, const db::HallConfig& hall)
{
    const db::Ticket& t = view.ticket;
    const db::Service* service = hall.service(t.serviceId);
    QJsonObject o{
        {u"id"_s, double(t.id)},
        {u"number"_s, t.number},
        {u"service"_s, t.serviceId},
        {u"serviceName"_s, QJsonObject{{u"zh"_s, service->name.zh}, {u"en"_s, service->name.en}}},
        {u"state"_s, db::toString(t.state)},
        {u"priority"_s, db::toString(t.priority)},
        {u"serviceDay"_s, t.serviceDay},
        {u"issuedAt"_s, isoTime(t.issuedAt, hall)},
        {u"calls"_s, t.calls},
        {u"statusCode"_s, t.statusCode},
        {u"ahead"_s, view.ahead}};
    if (view.estimatedWaitSeconds)
        o.insert(u"estimatedWaitSeconds"_s, std::round(*view.estimatedWaitSeconds));
    if (t.window)
        o.insert(u"window"_s, *t.window);
    if (t.targetWindow)
        o.insert(u"reservedForWindow"_s, *t.targetWindow);
    if (t.appointmentAt)
        o.insert(u"appointmentAt"_s, isoTime(t.appointmentAt, hall));
    if (!t.voidReason.isEmpty())
        o.insert(u"voidReason"_s, t.voidReason);
    return o;
}

QString ticketLine(const engine::TicketView& view, const db::HallConfig& hall)
{
    const db::Ticket& t = view.ticket;
    QString line = u"%1 (id %2) %3 %4 [%5]"_s.arg(t.number).arg(t.id).arg(
        hall.service(t.serviceId)->name.zh, t.serviceId, db::toString(t.state));
    if (t.priority == db::Priority::Green)
        line += u" green channel"_s;
    if (t.window)
        line += u" at window %1"_s.arg(*t.window);
    if (t.state == db::TicketState::Waiting || t.state == db::TicketState::Issuing)
        line +=
            u", %1 ahead, about %2"_s.arg(view.ahead).arg(minutesText(view.estimatedWaitSeconds));
    if (!t.voidReason.isEmpty())
        line += u": "_s + t.voidReason;
    return line;
}

QJsonObject statusJson(const engine::HallStatus& s)
{
    QJsonArray windows;
    for (const engine::WindowStatus& w : s.windows) {
        QJsonObject o{{u"number"_s, w.window->number},
                      {u"floor"_s, w.window->floor},
                      {u"paused"_s, w.paused}};
        if (w.current) {
            o.insert(u"ticket"_s, w.current->number);
            o.insert(u"ticketState"_s, db::toString(w.current->state));
        }
        windows.append(o);
    }
    QJsonArray queues;
    for (const engine::ServiceQueue& q : s.queues) {
        if (q.waiting == 0)
            continue;
        QJsonObject o{{u"service"_s, q.service->id}, {u"waiting"_s, q.waiting}};
        if (q.estimatedWaitSeconds)
            o.insert(u"estimatedWaitSeconds"_s, std::round(*q.estimatedWaitSeconds));
        queues.append(o);
    }
    QJsonObject today;
    for (const auto& [state, count] : s.today)
        today.insert(db::toString(state), count);
    return {{u"localTime"_s, s.localTime.toString(Qt::ISODate)},
            {u"serviceDay"_s, s.serviceDay},
            {u"issuingOpen"_s, s.issuing.open},
            {u"issuingClosedReason"_s, s.issuing.reason},
            {u"appointmentsOnly"_s, s.issuing.appointmentsOnly},
            {u"overtime"_s, s.overtime},
            {u"windows"_s, windows},
            {u"queues"_s, queues},
            {u"today"_s, today}};
}

void printStatus(QTextStream& out, const engine::HallStatus& s)
{
    out << u"Hall status at %1 (service day %2)\n"_s.arg(
        s.localTime.toString(u"yyyy-MM-dd HH:mm"_s), s.serviceDay);
    out << (s.issuing.open ? u"Issuing: open"_s : u"Issuing: closed, "_s + s.issuing.reason);
    if (s.issuing.appointmentsOnly)
        out << u" (appointments only)"_s;
    if (s.overtime)
        out << u"; serving overtime"_s;
    out << u"\nToday:"_s;
    for (const auto& [state, count] : s.today)
        out << u' ' << db::toString(state) << u'=' << count;
    out << u"\nWindows:\n"_s;
    for (const engine::WindowStatus& w : s.windows) {
        if (!w.current && !w.paused)
            continue;
        out << u"  %1 F%2 %3: "_s.arg(w.window->number, 2)
                   .arg(w.window->floor)
                   .arg(w.window->name.zh);
        if (w.paused)
            out << u"paused "_s;
        if (w.current)
            out << w.current->number << u' ' << db::toString(w.current->state);
        out << u'\n';
    }
    const auto idle = std::count_if(s.windows.begin(), s.windows.end(),
                                    [](const auto& w) { return !w.current && !w.paused; });
    out << u"  (%1 windows idle)\nWaiting:\n"_s.arg(idle);
    for (const engine::ServiceQueue& q : s.queues) {
        if (q.waiting > 0) {
            out << u"  %1 %2: %3 waiting, about %4\n"_s.arg(q.service->id, q.service->name.zh)
                       .arg(q.waiting)
                       .arg(minutesText(q.estimatedWaitSeconds));
        }
    }
    out.flush();
}

} // namespace qh::controller
