// Appointments (预约): slots and their capacity, booking, cancelling, check-in rules, no-shows.
#include "appointments.h"

#include "engine.h"
#include "hours.h"

#include <algorithm>
#include <cmath>
#include <limits>
#include <map>

#include <QTimeZone>

using namespace Qt::Literals::StringLiterals;

namespace qh::engine {

namespace {

constexpr std::int64_t kMinuteMs = 60'000;

// The share of a window's time that goes to one of its services: its weight over the weights of
// every service the window serves.
double timeShare(const HallConfig& hall, const Window& w, const QString& serviceId)
{
    double all = 0;
    double own = 0;
    for (const WindowService& ws : w.services) {
        all += hall.weight(ws);
        if (ws.service == serviceId)
            own += hall.weight(ws);
    }
    return all > 0 ? own / all : 0;
}

} // namespace

std::vector<Slot> slotCapacities(const HallConfig& hall, const WorkingCalendar& calendar,
                                 const QString& serviceId, const QDate& day)
{
    const Service* service = hall.service(serviceId);
    const std::vector<Period> periods = openingPeriods(hall, calendar, day);
    if (!service || periods.empty())
        return {};
    const HolidaySession* session = holidaySessionOn(hall, day);
    const bool wholeTime = session && session->appointmentsOnly;
    const double share = wholeTime ? 1.0 : service->appointmentShare;
    double windowShare = 0; // of one minute of the hall's time, summed over the windows
    for (const Window& w : hall.windows) {
        if (session && !session->windows.empty() &&
            std::find(session->windows.begin(), session->windows.end(), w.number) ==
                session->windows.end())
            continue;
        windowShare += timeShare(hall, w, serviceId);
    }
    if (share <= 0 || windowShare <= 0)
        return {};
    const double perSlot =
        windowShare * share * hall.appointments.slotMinutes / service->guide.standardMinutes;
    const QTimeZone zone(hall.timeZone);
    std::vector<Slot> result;
    double reached = 0;
    for (const Period& p : periods) {
        for (QTime start = p.open; start.isValid() && start < p.cutoff;) {
            const QTime end = start.addSecs(hall.appointments.slotMinutes * 60);
            if (end > p.cutoff || end <= start)
                break;
            // A small tolerance: 0.3 × 10 is 3 whole appointments, not 2.999….
            const int before = int(std::floor(reached + 1e-9));
            reached += perSlot;
            const int capacity = int(std::floor(reached + 1e-9)) - before;
            result.push_back({QDateTime(day, start, zone).toMSecsSinceEpoch(),
                              QDateTime(day, end, zone).toMSecsSinceEpoch(), capacity, 0});
            start = end;
        }
    }
    return result;
}

CheckInVerdict checkInVerdict(const Appointment& a, const AppointmentPolicy& policy,
                              const QDate& today, std::int64_t nowMs)
{
    switch (a.state) {
    case AppointmentState::CheckedIn:
        return CheckInVerdict::AlreadyCheckedIn;
    case AppointmentState::Cancelled:
        return CheckInVerdict::Cancelled;
    case AppointmentState::NoShow:
        return a.day == today ? CheckInVerdict::TooLate : CheckInVerdict::OtherDay;
    case AppointmentState::Booked:
        break;
    }
    if (a.day != today)
        return CheckInVerdict::OtherDay;
    if (nowMs < a.slotStart - policy.earlyMinutes * kMinuteMs)
        return CheckInVerdict::TooEarly;
    if (nowMs <= a.slotStart)
        return CheckInVerdict::OnTime;
    return nowMs <= a.slotStart + policy.graceMinutes * kMinuteMs ? CheckInVerdict::Late
                                                                  : CheckInVerdict::TooLate;
}

QString toString(CheckInVerdict verdict)
{
    static const QStringList names = {
        u"on_time"_s,   u"late"_s,     u"too_early"_s, u"too_late"_s, u"already_checked_in"_s,
        u"cancelled"_s, u"other_day"_s};
    return names[int(verdict)];
}

AppointmentDesk::AppointmentDesk(HallStore& store, const Clock& clock, AuditTrail& trail,
                                 QRandomGenerator& random, const HallConfig& hall,
                                 const WorkingCalendar& calendar)
    : m_store(store)
    , m_clock(clock)
    , m_trail(trail)
    , m_random(random)
    , m_hall(hall)
    , m_calendar(calendar)
{
}

bool AppointmentDesk::bookable(const Service& service) const
{
    if (service.appointmentShare > 0)
        return true;
    return std::any_of(m_hall.holidays.begin(), m_hall.holidays.end(),
                       [&](const HolidaySession& s) {
                           return s.appointmentsOnly &&
                                  std::any_of(s.windows.begin(), s.windows.end(), [&](int w) {
                                      const Window* window = m_hall.window(w);
                                      return window && timeShare(m_hall, *window, service.id) > 0;
                                  });
                       });
}

void AppointmentDesk::requireBookable(const QString& serviceId) const
{
    const Service* service = m_hall.service(serviceId);
    if (!service || !bookable(*service))
        refuse(EngineError::Code::NotFound, u"'%1' takes no bookings"_s.arg(serviceId));
}

QDate AppointmentDesk::today() const
{
    return m_hall.dayOf(m_clock.nowMs());
}

std::vector<BookingDay> AppointmentDesk::days(const QString& serviceId)
{
    requireBookable(serviceId);
    std::vector<BookingDay> result;
    for (int d = 0; d <= m_hall.appointments.horizonDays; ++d)
        result.push_back(offeredOn(serviceId, today().addDays(d)));
    return result;
}

BookingDay AppointmentDesk::offeredOn(const QString& serviceId, const QDate& date)
{
    BookingDay day{date, holidaySessionOn(m_hall, date), {}};
    for (const Slot& s : slotCapacities(m_hall, m_calendar, serviceId, date)) {
        if (s.start > m_clock.nowMs() && s.capacity > 0)
            day.offered.push_back(s);
    }
    if (day.offered.empty())
        return day;
    const std::map<std::int64_t, int> booked =
        m_store.bookedSlots(serviceId, day.offered.front().start, day.offered.back().end);
    for (Slot& s : day.offered) {
        const auto it = booked.find(s.start);
        s.booked = it == booked.end() ? 0 : it->second;
    }
    return day;
}

QString AppointmentDesk::newCode()
{
    for (;;) {
        QString code;
        for (int i = 0; i < kCodeLength; ++i)
            code += QChar(u'0' + m_random.bounded(10));
        if (code.front() != u'0' && !m_store.appointmentByCode(code))
            return code;
    }
}

Appointment AppointmentDesk::book(const QString& serviceId, std::int64_t slotStart,
                                  const QString& phone, const QString& lang, const Actor& actor)
{
    const std::optional<QString> mobile = mainlandMobile(phone);
    if (!mobile)
        refuse(EngineError::Code::Invalid,
               u"phone must be a mainland mobile number: 11 digits starting 13 to 19"_s);
    if (lang != u"zh"_s && lang != u"en"_s)
        refuse(EngineError::Code::Invalid, u"lang must be \"zh\" or \"en\""_s);
    requireBookable(serviceId);
    const QDate day = m_hall.dayOf(slotStart);
    const std::vector<Slot> offered = day <= today().addDays(m_hall.appointments.horizonDays)
                                          ? offeredOn(serviceId, day).offered
                                          : std::vector<Slot>{};
    const auto slot = std::find_if(offered.begin(), offered.end(),
                                   [&](const Slot& s) { return s.start == slotStart; });
    if (slot == offered.end())
        refuse(EngineError::Code::NotFound,
               u"no slot of '%1' begins then within the next %2 days"_s.arg(serviceId).arg(
                   m_hall.appointments.horizonDays));
    if (slot->free() == 0)
        refuse(EngineError::Code::SlotFull, u"this slot is fully booked"_s);
    const AppointmentPolicy& policy = m_hall.appointments;
    if (m_store.bookingsOn(*mobile, day) >= policy.perPhonePerDay)
        refuse(EngineError::Code::BookingLimit,
               u"this number has %1 bookings on that day already"_s.arg(policy.perPhonePerDay));
    if (m_store.openBookings(*mobile, m_clock.nowMs()) >= policy.openPerPhone)
        refuse(EngineError::Code::BookingLimit,
               u"this number has %1 bookings still to come; cancel one first"_s.arg(
                   policy.openPerPhone));
    Appointment a;
    a.code = newCode();
    a.serviceId = serviceId;
    a.day = day;
    a.slotStart = slot->start;
    a.slotEnd = slot->end;
    a.phone = *mobile;
    a.lang = lang;
    a.bookedAt = m_clock.nowMs();
    a.bookedBy = actor.device;
    a.id = m_store.insertAppointment(a);
    record(u"appointment.booked"_s, actor, a);
    return a;
}

Appointment AppointmentDesk::find(const QString& code, const QString& phone)
{
    const std::optional<Appointment> a = m_store.appointmentByCode(code.trimmed());
    const std::optional<QString> mobile = mainlandMobile(phone);
    if (!a || !mobile || a->phone != *mobile)
        refuse(EngineError::Code::NotFound, u"no booking with this code and phone number"_s);
    return *a;
}

Appointment AppointmentDesk::cancel(const QString& code, const QString& phone, const Actor& actor)
{
    Appointment a = find(code, phone);
    if (a.state != AppointmentState::Booked)
        refuse(EngineError::Code::WrongState,
               u"this booking is %1 and cannot be cancelled"_s.arg(toString(a.state)));
    if (a.slotStart <= m_clock.nowMs())
        refuse(EngineError::Code::WrongState, u"this booking's time has begun"_s);
    a.state = AppointmentState::Cancelled;
    a.finishedAt = m_clock.nowMs();
    m_store.updateAppointment(a);
    record(u"appointment.cancelled"_s, actor, a);
    return a;
}

int AppointmentDesk::cancelStranded(const Actor& actor)
{
    std::map<std::pair<QString, QDate>, std::vector<Slot>> offered; // what the hall offers now
    int cancelled = 0;
    for (Appointment a :
         m_store.bookedBetween(m_clock.nowMs(), std::numeric_limits<std::int64_t>::max())) {
        auto [it, fresh] = offered.try_emplace({a.serviceId, a.day});
        if (fresh)
            it->second = slotCapacities(m_hall, m_calendar, a.serviceId, a.day);
        if (std::any_of(it->second.begin(), it->second.end(),
                        [&](const Slot& s) { return s.start == a.slotStart; }))
            continue;
        a.state = AppointmentState::Cancelled;
        a.finishedAt = m_clock.nowMs();
        m_store.updateAppointment(a);
        record(u"appointment.cancelled"_s, actor, a, std::nullopt,
               u"the hall no longer offers this slot"_s);
        ++cancelled;
    }
    return cancelled;
}

int AppointmentDesk::markNoShows(const Actor& actor)
{
    const std::int64_t graceMs = m_hall.appointments.graceMinutes * kMinuteMs;
    const std::vector<Appointment> missed =
        m_store.bookedBetween(std::numeric_limits<std::int64_t>::min(), m_clock.nowMs() - graceMs);
    for (Appointment a : missed) {
        a.state = AppointmentState::NoShow;
        a.finishedAt = m_clock.nowMs();
        m_store.updateAppointment(a);
        record(u"appointment.no_show"_s, actor, a);
    }
    return int(missed.size());
}

void AppointmentDesk::checkedIn(Appointment a, const Ticket& ticket, const Actor& actor)
{
    a.state = AppointmentState::CheckedIn;
    a.ticketId = ticket.id;
    a.finishedAt = m_clock.nowMs();
    m_store.updateAppointment(a);
    record(u"appointment.checked_in"_s, actor, a, ticket.id);
}

void AppointmentDesk::ticketVoided(const Ticket& ticket, const Actor& actor)
{
    std::optional<Appointment> a = m_store.appointmentByTicket(ticket.id);
    if (!a || a->state != AppointmentState::CheckedIn)
        return;
    a->state = AppointmentState::Booked;
    a->ticketId.reset();
    a->finishedAt.reset();
    m_store.updateAppointment(*a);
    record(u"appointment.reopened"_s, actor, *a, ticket.id);
}

void AppointmentDesk::record(const QString& type, const Actor& actor, const Appointment& a,
                             std::optional<std::int64_t> ticketId, const QString& reason)
{
    const QTimeZone zone(m_hall.timeZone);
    QJsonObject data{
        {u"appointment"_s, qint64(a.id)},
        {u"service"_s, a.serviceId},
        {u"day"_s, a.day.toString(Qt::ISODate)},
        {u"slot"_s, QDateTime::fromMSecsSinceEpoch(a.slotStart, zone).toString(u"HH:mm"_s)},
        {u"phone"_s, maskPhone(a.phone)},
        {u"state"_s, toString(a.state)}};
    if (!reason.isEmpty())
        data.insert(u"reason"_s, reason);
    m_trail.record(
        {0, m_clock.nowMs(), type, actor.who, actor.device, ticketId, std::nullopt, data});
}

} // namespace qh::engine
