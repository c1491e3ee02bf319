// JSON shapes of the API (and of the command line's --json): tickets, services, windows, hall,
// events.
#pragma once

#include "engine.h"

#include <QJsonArray>
#include <QJsonObject>

namespace qh::api {

// A ticket as its kiosk, clerk or admin sees it.
QJsonObject ticketJson(const engine::TicketView& view, const engine::HallConfig& hall);
// What anyone holding the ticket's status code may see: no id, phone or device.
QJsonObject publicTicketJson(const engine::TicketView& view, const engine::HallConfig& hall);
// Departments with their services, guides, waiting counts and estimated waits.
QJsonObject servicesJson(const engine::HallStatus& status, const engine::HallConfig& hall);
QJsonObject windowJson(const engine::WindowStatus& window, const engine::HallStatus& status,
                       const engine::HallConfig& hall);
// The hall snapshot: issuing, windows, waiting per service, recent calls.
QJsonObject hallJson(const engine::HallStatus& status,
                     const std::vector<engine::Event>& recentCalls, std::int64_t seq,
                     const engine::HallConfig& hall);
// An event as the stream sends it: {seq, type, at, data}; the actor stays in the audit trail.
QJsonObject eventJson(const engine::Event& event, const engine::HallConfig& hall);
// A year of the working calendar: {year, source, holidays: [{name, from, to}], workdays}.
QJsonObject calendarYearJson(const engine::CalendarYear& year);
// Every year loaded, and the warnings about the calendar: {years, warnings}.
QJsonObject calendarJson(const engine::WorkingCalendar& calendar,
                         const std::vector<QString>& warnings);

QString isoTime(std::int64_t ms, const engine::HallConfig& hall);

} // namespace qh::api
