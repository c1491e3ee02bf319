// JSON shapes of the API (and of the command line's --json): tickets, services, windows, hall,
// events, the calendar and cases.
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
// A record (ticket, case) may name a service, department or window the hall has since removed:
// the service is then named by its id, on floor 0, in no department.
QJsonObject departmentName(const QString& serviceId, const engine::HallConfig& hall)
{
    const engine::Service* s = hall.service(serviceId);
    const engine::Department* d = s ? hall.department(s->department) : nullptr;
    return d ? text(d->name) : QJsonObject{{u"zh"_s, QString()}, {u"en"_s, QString()}};
}

int serviceFloor(const QString& serviceId, const engine::HallConfig& hall)
{
    const engine::Service* s = hall.service(serviceId);
    const engine::Department* d = s ? hall.department(s->department) : nullptr;
    return d ? d->floor : 0;
}

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

QJsonValue isoDay(const std::optional<QDate>& day)
{
    return day ? QJsonValue(day->toString(Qt::ISODate)) : QJsonValue(QJsonValue::Null);
}

QJsonValue rate(std::optional<double> value)
{
    return value ? QJsonValue(std::round(*value * 10000) / 10000) : QJsonValue(QJsonValue::Null);
}

// The steps of a case's life an applicant is shown (not its escalations or failed lookups).
bool isCaseStep(const QString& type)
{
    static const QStringList steps = {u"case.accepted"_s, u"case.suspended"_s,
                                      u"case.resumed"_s,  u"case.completed"_s,
                                      u"case.returned"_s, u"case.withdrawn"_s};
    return steps.contains(type);
}

} // namespace

QJsonObject publicCaseJson(const engine::CaseView& view, const engine::HallConfig& hall)
{
    const engine::Case& c = view.record;
    const engine::Window* window = hall.window(c.window);
    QJsonArray steps;
    for (const engine::Event& e : view.steps) {
        if (!isCaseStep(e.type))
            continue;
        QJsonObject step{{u"step"_s, e.type.mid(5)},
                         {u"at"_s, isoTime(e.at, hall)},
                         {u"window"_s, e.data.value(u"window"_s)}};
        if (e.data.contains(u"reason"_s))
            step.insert(u"reason"_s, e.data.value(u"reason"_s));
        steps.append(step);
    }
    return {{u"serial"_s, c.serial},
            {u"service"_s, c.serviceId},
            {u"serviceName"_s, text(hall.serviceName(c.serviceId))},
            {u"departmentName"_s, departmentName(c.serviceId, hall)},
            {u"state"_s, engine::toString(c.state)},
            {u"result"_s, c.result ? QJsonValue(engine::toString(*c.result)) : QJsonValue()},
            {u"reason"_s, c.reason.isEmpty() ? QJsonValue() : QJsonValue(c.reason)},
            {u"window"_s, c.window},
            {u"windowName"_s, window ? QJsonValue(text(window->name)) : QJsonValue(c.window)},
            {u"floor"_s, window ? window->floor : 0},
            {u"legalDays"_s, c.legalDays},
            {u"promisedDays"_s, c.promisedDays},
            {u"acceptedOn"_s, isoDay(c.acceptedDay)},
            {u"dueOn"_s, isoDay(c.dueDay)},
            {u"finishedOn"_s, isoDay(c.finishedDay)},
            {u"steps"_s, steps}};
}

// The steps of a case or a follow-up, each with who took it and when.
QJsonArray stepsJson(const std::vector<engine::Event>& steps, const engine::HallConfig& hall)
{
    QJsonArray events;
    for (const engine::Event& e : steps)
        events.append(QJsonObject{{u"seq"_s, double(e.seq)},
                                  {u"type"_s, e.type},
                                  {u"at"_s, isoTime(e.at, hall)},
                                  {u"actor"_s, e.actor},
                                  {u"data"_s, e.data}});
    return events;
}

QJsonObject caseJson(const engine::CaseView& view, const engine::HallConfig& hall)
{
    const engine::Case& c = view.record;
    QJsonObject o = publicCaseJson(view, hall);
    o.insert(u"events"_s, stepsJson(view.steps, hall));
    o.insert(u"id"_s, double(c.id));
    o.insert(u"ticketId"_s, double(c.ticketId));
    o.insert(u"clerk"_s, c.clerk);
    o.insert(u"acceptedAt"_s, isoTime(c.acceptedAt, hall));
    o.insert(u"warnOn"_s, isoDay(c.warnDay));
    o.insert(u"suspendedOn"_s, isoDay(c.suspendedDay));
    o.insert(u"suspendedDays"_s, c.suspendedDays);
    o.insert(u"usedDays"_s, c.usedDays);
    o.insert(u"escalation"_s, engine::toString(view.level));
    return o;
}

QJsonObject caseListJson(const std::vector<engine::CaseView>& cases, const engine::HallConfig& hall)
{
    QJsonArray list;
    for (const engine::CaseView& v : cases) {
        const engine::Case& c = v.record;
        QJsonObject o{{u"serial"_s, c.serial},
                      {u"service"_s, c.serviceId},
                      {u"serviceName"_s, text(hall.serviceName(c.serviceId))},
                      {u"state"_s, engine::toString(c.state)},
                      {u"window"_s, c.window},
                      {u"clerk"_s, c.clerk},
                      {u"promisedDays"_s, c.promisedDays},
                      {u"acceptedOn"_s, isoDay(c.acceptedDay)},
                      {u"dueOn"_s, isoDay(c.dueDay)},
                      {u"escalation"_s, engine::toString(v.level)}};
        if (!c.reason.isEmpty())
            o.insert(u"reason"_s, c.reason);
        list.append(o);
    }
    return {{u"cases"_s, list}};
}

QJsonObject caseTallyJson(const engine::CaseTally& t)
{
    return {{u"key"_s, t.key},
            {u"accepted"_s, t.accepted},
            {u"returned"_s, t.returned},
            {u"withdrawn"_s, t.withdrawn},
            {u"counted"_s, t.counted},
            {u"sameDay"_s, t.sameDay},
            {u"immediate"_s, t.immediate},
            {u"immediateOnTime"_s, t.immediateOnTime},
            {u"completed"_s, t.completed},
            {u"onTime"_s, t.onTime},
            {u"overdue"_s, t.overdue},
            {u"open"_s, t.open},
            {u"usedDays"_s, double(t.usedDays)},
            {u"legalDays"_s, double(t.legalDays)},
            {u"sameDayRate"_s, rate(t.sameDayRate())},
            {u"immediateOnTimeRate"_s, rate(t.immediateOnTimeRate())},
            {u"onTimeRate"_s, rate(t.onTimeRate())},
            {u"speedUp"_s, rate(t.speedUp())}};
}

QJsonObject followUpJson(const engine::FollowUpView& view, const engine::HallConfig& hall)
{
    const engine::FollowUp& f = view.record;
    const auto time = [&](const std::optional<std::int64_t>& ms) {
        return ms ? QJsonValue(isoTime(*ms, hall)) : QJsonValue(QJsonValue::Null);
    };
    QJsonObject o{{u"id"_s, double(f.id)},
                  {u"state"_s, engine::toString(f.state)},
                  {u"rating"_s, f.rating.rating},
                  {u"channel"_s, f.rating.channel},
                  {u"ticketId"_s, double(f.rating.ticketId)},
                  {u"case"_s, f.rating.caseSerial.isEmpty() ? QJsonValue(QJsonValue::Null)
                                                            : QJsonValue(f.rating.caseSerial)},
                  {u"window"_s, f.rating.window},
                  {u"ratedAt"_s, isoTime(f.rating.atMs, hall)},
                  {u"dueOn"_s, isoDay(f.dueDay)},
                  {u"late"_s, view.late},
                  {u"overdue"_s, f.overdue},
                  {u"contact"_s, f.contact},
                  {u"finding"_s, f.finding},
                  {u"rectification"_s, f.rectification},
                  {u"rectifiedOn"_s, isoDay(f.rectifiedDay)},
                  {u"closedAt"_s, time(f.closedAt)},
                  {u"appeal"_s, f.appeal},
                  {u"decision"_s, f.decision},
                  {u"decidedAt"_s, time(f.decidedAt)}};
    if (!view.steps.empty())
        o.insert(u"events"_s, stepsJson(view.steps, hall));
    return o;
}

QJsonObject followUpListJson(const std::vector<engine::FollowUpView>& list,
                             const engine::HallConfig& hall)
{
    QJsonArray array;
    for (const engine::FollowUpView& v : list)
        array.append(followUpJson(v, hall));
    return {{u"followUps"_s, array}};
}

QString isoTime(std::int64_t ms, const engine::HallConfig& hall)
{
    return QDateTime::fromMSecsSinceEpoch(ms, QTimeZone(hall.timeZone)).toString(Qt::ISODate);
}

QJsonObject publicTicketJson(const engine::TicketView& view, const engine::HallConfig& hall)
{
    const engine::Ticket& t = view.ticket;
    QJsonObject o{{u"number"_s, t.number},
                  {u"state"_s, engine::toString(t.state)},
                  {u"service"_s, t.serviceId},
                  {u"serviceName"_s, text(hall.serviceName(t.serviceId))},
                  {u"floor"_s, serviceFloor(t.serviceId, hall)},
                  {u"windows"_s, windowsServing(t.serviceId, hall)},
                  {u"issuedAt"_s, isoTime(t.issuedAt, hall)},
                  {u"ahead"_s, view.ahead}};
    insertEstimate(o, view.estimatedWaitSeconds);
    if (t.window) {
        o.insert(u"window"_s, *t.window);
        const engine::Window* window = hall.window(*t.window);
        o.insert(u"windowFloor"_s, window ? window->floor : 0);
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
                                         {u"promisedDays"_s, s.guide.promisedDays},
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
            {u"sms"_s, hall.sms.enabled()},
            {u"notices"_s, noticesJson(status, hall, u"kiosk"_s, true)},
            {u"departments"_s, departments}};
}

QJsonObject bookableServicesJson(engine::AppointmentDesk& desk, const engine::HallConfig& hall)
{
    QJsonArray departments;
    for (const engine::Department& d : hall.departments) {
        QJsonArray services;
        for (const engine::Service& s : hall.services) {
            if (s.department != d.id || !desk.bookable(s))
                continue;
            QJsonArray materials;
            for (const engine::LocalizedText& m : s.guide.materials)
                materials.append(text(m));
            services.append(QJsonObject{
                {u"id"_s, s.id},
                {u"name"_s, text(s.name)},
                {u"guide"_s, QJsonObject{{u"materials"_s, materials},
                                         {u"timeLimitDays"_s, s.guide.timeLimitDays},
                                         {u"promisedDays"_s, s.guide.promisedDays},
                                         {u"standardMinutes"_s, s.guide.standardMinutes}}}});
        }
        if (!services.isEmpty())
            departments.append(QJsonObject{{u"id"_s, d.id},
                                           {u"name"_s, text(d.name)},
                                           {u"floor"_s, d.floor},
                                           {u"services"_s, services}});
    }
    const engine::AppointmentPolicy& p = hall.appointments;
    return {{u"hall"_s, text(hall.name)},
            {u"horizonDays"_s, p.horizonDays},
            {u"earlyMinutes"_s, p.earlyMinutes},
            {u"graceMinutes"_s, p.graceMinutes},
            {u"perPhonePerDay"_s, p.perPhonePerDay},
            {u"openPerPhone"_s, p.openPerPhone},
            {u"sms"_s, hall.sms.enabled()},
            {u"departments"_s, departments}};
}

QJsonObject bookingDaysJson(const QString& serviceId, const std::vector<engine::BookingDay>& days,
                            const engine::HallConfig& hall)
{
    QJsonArray list;
    for (const engine::BookingDay& d : days) {
        QJsonArray offered;
        for (const engine::Slot& s : d.offered)
            offered.append(QJsonObject{{u"start"_s, isoTime(s.start, hall)},
                                       {u"end"_s, isoTime(s.end, hall)},
                                       {u"capacity"_s, s.capacity},
                                       {u"free"_s, s.free()}});
        QJsonObject day{{u"date"_s, d.date.toString(Qt::ISODate)},
                        {u"appointmentsOnly"_s, d.session && d.session->appointmentsOnly},
                        {u"slots"_s, offered}};
        if (d.session)
            day.insert(u"session"_s, text(d.session->name));
        list.append(day);
    }
    return {{u"service"_s, serviceId},
            {u"serviceName"_s, text(hall.serviceName(serviceId))},
            {u"days"_s, list}};
}

QJsonObject appointmentJson(const engine::Appointment& a, const engine::HallConfig& hall)
{
    return {{u"code"_s, a.code},
            {u"service"_s, a.serviceId},
            {u"serviceName"_s, text(hall.serviceName(a.serviceId))},
            {u"day"_s, a.day.toString(Qt::ISODate)},
            {u"start"_s, isoTime(a.slotStart, hall)},
            {u"end"_s, isoTime(a.slotEnd, hall)},
            {u"state"_s, toString(a.state)},
            {u"phone"_s, engine::maskPhone(a.phone)}};
}

QJsonObject noticeJson(const engine::Notice& n, const engine::HallConfig& hall)
{
    return {{u"id"_s, double(n.id)},
            {u"text"_s, QJsonObject{{u"zh"_s, n.zh}, {u"en"_s, n.en}}},
            {u"target"_s, n.target},
            {u"startsAt"_s, isoTime(n.startsAt, hall)},
            {u"endsAt"_s, isoTime(n.endsAt, hall)}};
}

QJsonArray noticesJson(const engine::HallStatus& status, const engine::HallConfig& hall,
                       const QString& screen, bool activeOnly)
{
    QJsonArray list;
    for (const engine::Notice& n : status.notices) {
        if (n.shownOn(screen) && (!activeOnly || n.activeAt(status.localTime.toMSecsSinceEpoch())))
            list.append(noticeJson(n, hall));
    }
    return list;
}

QJsonObject deviceJson(const engine::Device& d, const engine::HallConfig& hall)
{
    QJsonObject o{{u"id"_s, double(d.id)},
                  {u"name"_s, d.name},
                  {u"role"_s, d.role},
                  {u"createdAt"_s, isoTime(d.createdAt, hall)},
                  {u"revoked"_s, d.revokedAt.has_value()}};
    if (d.window)
        o.insert(u"window"_s, *d.window);
    return o;
}

QJsonObject clerkJson(const engine::StaffMember& clerk)
{
    return {{u"number"_s, clerk.number}, {u"name"_s, clerk.name}};
}

QJsonObject staffJson(const engine::StaffMember& member)
{
    return {{u"number"_s, member.number},
            {u"name"_s, member.name},
            {u"department"_s, member.department},
            {u"roles"_s, QJsonArray::fromStringList(member.roles)},
            {u"active"_s, member.active()}};
}

QJsonObject windowJson(const engine::WindowStatus& w, const engine::HallStatus& status,
                       const engine::HallConfig& hall)
{
    QJsonObject o{{u"number"_s, w.window->number},
                  {u"floor"_s, w.window->floor},
                  {u"name"_s, text(w.window->name)},
                  {u"paused"_s, w.paused},
                  {u"signInRequired"_s, status.signInRequired}};
    if (w.clerk)
        o.insert(u"clerk"_s, clerkJson(*w.clerk));
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

QJsonObject hallJson(const engine::HallStatus& s, const engine::CaseDay& cases,
                     const std::vector<engine::Event>& recentCalls, std::int64_t seq,
                     const engine::HallConfig& hall)
{
    QJsonArray windows;
    for (const engine::WindowStatus& w : s.windows) {
        QJsonObject o{{u"number"_s, w.window->number},
                      {u"floor"_s, w.window->floor},
                      {u"paused"_s, w.paused}};
        if (w.clerk)
            o.insert(u"clerk"_s, clerkJson(*w.clerk));
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
            {u"signInRequired"_s, s.signInRequired},
            {u"notices"_s, noticesJson(s, hall, u"display"_s, false)},
            {u"windows"_s, windows},
            {u"queues"_s, queues},
            {u"recentCalls"_s, calls},
            {u"today"_s, today},
            {u"cases"_s, QJsonObject{{u"today"_s, caseTallyJson(cases.today)},
                                     {u"open"_s, cases.open},
                                     {u"warning"_s, cases.warning},
                                     {u"overdue"_s, cases.overdue}}},
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
