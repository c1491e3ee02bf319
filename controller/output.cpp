// Printing tickets, cases and the hall status for people; scripts get the API's JSON
// (api/jsonmapping.h).
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

QString percent(std::optional<double> share)
{
    return share ? u"%1 %"_s.arg(*share * 100, 0, 'f', 1) : u"-"_s;
}

} // namespace

QString ticketLine(const engine::TicketView& view, const engine::HallConfig& hall)
{
    const engine::Ticket& t = view.ticket;
    QString line = u"%1 (id %2) %3 %4 [%5]"_s.arg(t.number).arg(t.id).arg(
        hall.serviceName(t.serviceId).zh, t.serviceId, engine::toString(t.state));
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

QString caseLine(const engine::CaseView& v, const engine::HallConfig& hall)
{
    const engine::Case& c = v.record;
    QString line = u"%1 %2 [%3] window %4, due %5"_s
                       .arg(c.serial, hall.serviceName(c.serviceId).zh, engine::toString(c.state))
                       .arg(c.window)
                       .arg(c.dueDay.toString(Qt::ISODate));
    if (c.result)
        line += u", "_s + engine::toString(*c.result);
    if (v.level != engine::Escalation::None)
        line += u" (%1)"_s.arg(engine::toString(v.level));
    if (!c.reason.isEmpty())
        line += u": "_s + c.reason;
    return line;
}

QString followUpLine(const engine::FollowUpView& v, const engine::Ticket& ticket)
{
    const engine::FollowUp& f = v.record;
    QString line = u"#%1 [%2] %3 %4 (%5) of %6"_s.arg(f.id)
                       .arg(engine::toString(f.state))
                       .arg(f.rating.rating)
                       .arg(engine::ratingLevelName(f.rating.rating, u"zh"_s), f.rating.channel,
                            f.rating.caseSerial.isEmpty() ? ticket.number : f.rating.caseSerial);
    line += u" at window %1, due %2"_s.arg(f.rating.window).arg(f.dueDay.toString(Qt::ISODate));
    if (v.late)
        line += u" (late)"_s;
    return line;
}

void printCaseTally(QTextStream& out, const engine::CaseTally& t)
{
    out << u"%1 accepted (%2 returned, %3 withdrawn): same day %4, on time %5, %6 overdue, "
           "即办件 on time %7, speed-up %8"_s.arg(t.accepted)
               .arg(t.returned)
               .arg(t.withdrawn)
               .arg(percent(t.sameDayRate()), percent(t.onTimeRate()))
               .arg(t.overdue)
               .arg(percent(t.immediateOnTimeRate()), percent(t.speedUp()));
}

void printCityLag(QTextStream& out, const QJsonObject& city)
{
    if (!city.value(u"configured"_s).toBool())
        return;
    const qint64 lag = city.value(u"lagEvents"_s).toInteger();
    out << u"City: the city holds the trail to event %1 of %2"_s
               .arg(city.value(u"acknowledged"_s).toInteger())
               .arg(city.value(u"last"_s).toInteger());
    if (lag > 0)
        out << u"; %1 events behind, the oldest written %2 s ago"_s.arg(lag).arg(
            city.value(u"lagSeconds"_s).toDouble(), 0, 'f', 0);
    if (city.contains(u"state"_s))
        out << u" (link "_s << city.value(u"state"_s).toString() << u')';
    if (city.contains(u"error"_s))
        out << u": "_s << city.value(u"error"_s).toString();
    out << u'\n';
}

void printStatus(QTextStream& out, const engine::HallStatus& s, const engine::CaseDay& cases)
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
    out << u"\nCases today: "_s;
    printCaseTally(out, cases.today);
    out << u"\nOpen cases: %1 (%2 warning, %3 overdue)"_s.arg(cases.open)
               .arg(cases.warning)
               .arg(cases.overdue);
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
