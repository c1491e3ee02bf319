// JSON shapes of the API (and of the command line's --json): tickets, services, windows, hall,
// events, the calendar and cases.
#pragma once

#include "caserates.h"
#include "engine.h"

#include <QJsonArray>
#include <QJsonObject>

namespace qh::api {

// A notice: {id, text{zh, en}, target, startsAt, endsAt}.
QJsonObject noticeJson(const engine::Notice& n, const engine::HallConfig& hall);
// The hall's notices shown on a screen ("kiosk" or "display"): those not yet ended, or only those
// shown now.
QJsonArray noticesJson(const engine::HallStatus& status, const engine::HallConfig& hall,
                       const QString& screen, bool activeOnly);
// A device without its token: {id, name, role, window?, createdAt, revoked}.
QJsonObject deviceJson(const engine::Device& d, const engine::HallConfig& hall);
// A clerk as a window shows them: {number, name}.
QJsonObject clerkJson(const engine::StaffMember& clerk);
// An account without its secret: {number, name, department, roles, active}.
QJsonObject staffJson(const engine::StaffMember& member);

// A ticket as its kiosk, clerk or admin sees it.
QJsonObject ticketJson(const engine::TicketView& view, const engine::HallConfig& hall);
// What anyone holding the ticket's status code may see: no id, phone or device.
QJsonObject publicTicketJson(const engine::TicketView& view, const engine::HallConfig& hall);
// Departments with their services, guides, waiting counts and estimated waits.
QJsonObject servicesJson(const engine::HallStatus& status, const engine::HallConfig& hall);
QJsonObject windowJson(const engine::WindowStatus& window, const engine::HallStatus& status,
                       const engine::HallConfig& hall);
// The hall snapshot: issuing, windows, waiting per service, recent calls, today's cases.
QJsonObject hallJson(const engine::HallStatus& status, const engine::CaseDay& cases,
                     const std::vector<engine::Event>& recentCalls, std::int64_t seq,
                     const engine::HallConfig& hall);
// An event as the stream sends it: {seq, type, at, data}; the actor stays in the audit trail.
QJsonObject eventJson(const engine::Event& event, const engine::HallConfig& hall);
// A year of the working calendar: {year, source, holidays: [{name, from, to}], workdays}.
QJsonObject calendarYearJson(const engine::CalendarYear& year);
// Every year loaded, and the warnings about the calendar: {years, warnings}.
QJsonObject calendarJson(const engine::WorkingCalendar& calendar,
                         const std::vector<QString>& warnings);

// What the applicant sees with the serial number and password: the service, state, due day,
// result and each step's day and window; never the clerk, the ticket or anyone's data.
QJsonObject publicCaseJson(const engine::CaseView& view, const engine::HallConfig& hall);
// A case as its window's clerk or an admin sees it: with the clerk, the ticket, the escalation
// and every event of it (who and when).
QJsonObject caseJson(const engine::CaseView& view, const engine::HallConfig& hall);
// A list of cases, each in short: {serial, service, serviceName, state, window, clerk,
// promisedDays, acceptedOn, dueOn, escalation, reason?}.
QJsonObject caseListJson(const std::vector<engine::CaseView>& cases,
                         const engine::HallConfig& hall);
// Counts and rates of a group of cases (rates are null when nothing was there to count).
QJsonObject caseTallyJson(const engine::CaseTally& tally);

// A 差评's follow-up: {id, state, rating, channel, ticketId, case?, window, ratedAt, dueOn, late,
// overdue, contact, finding, rectification, rectifiedOn, closedAt, appeal, decision, events?}.
QJsonObject followUpJson(const engine::FollowUpView& view, const engine::HallConfig& hall);
QJsonObject followUpListJson(const std::vector<engine::FollowUpView>& list,
                             const engine::HallConfig& hall);

// The services that take bookings, by department, with their guides: what the booking page
// starts from.
QJsonObject bookableServicesJson(engine::AppointmentDesk& desk, const engine::HallConfig& hall);
// A service's booking calendar: {service, days: [{date, session?, appointmentsOnly, slots:
// [{start, end, capacity, free}]}]}.
QJsonObject bookingDaysJson(const QString& serviceId, const std::vector<engine::BookingDay>& days,
                            const engine::HallConfig& hall);
// A booking as the citizen who made it sees it: {code, service, serviceName, day, start, end,
// state, phone (masked)}; the admin's list adds the ticket's number.
QJsonObject appointmentJson(const engine::Appointment& a, const engine::HallConfig& hall);

QString isoTime(std::int64_t ms, const engine::HallConfig& hall);

} // namespace qh::api
