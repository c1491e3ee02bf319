// Printing tickets and the hall status for people; scripts get the API's JSON (api/jsonmapping.h).
#include "output.h"

#include <cmath>

#include <QTimeZone>

using namespace Qt::Literals::StringLiterals;

namespace qh::controller {

namespace {

QString minutesText(std::optional<double> seconds)
{
    if (!seconds)
        return u"no open window"_s;
    return u"%1 min"_s.arg(std::lround(*seconds / 60));
}

} // namespace

QString ticketLine(const engine::TicketView& view, const engine::HallConfig& hall)
{
    const engine::Ticket& t = view.ticket;
    QString line = u"%1 (id %2) %3 %4 [%5]"_s.arg(t.number).arg(t.id).arg(
        hall.service(t.serviceId)->name.zh, t.serviceId, engine::toString(t.state));
    if (t.priority == engine::Priority::Green)
        line += u" green channel"_s;
    if (t.window)
        line += u" at window %1"_s.arg(*t.window);
    if (t.state == engine::TicketState::Waiting || t.state == engine::TicketState::Issuing)
        line +=
            u", %1 ahead, about %2"_s.arg(view.ahead).arg(minutesText(view.estimatedWaitSeconds));
    if (!t.voidReason.isEmpty())
        line += u": "_s + t.voidReason;
    return line;
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
    for (const QString& w : s.warnings)
        out << u"\nWarning: "_s << w;
    out << u"\nToday:"_s;
    for (const auto& [state, count] : s.today)
        out << u' ' << engine::toString(state) << u'=' << count;
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
            out << w.current->number << u' ' << engine::toString(w.current->state);
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
