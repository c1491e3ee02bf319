// The working calendar's files as shipped (assets/calendar, one per year) and what imports them.
#pragma once

#include "hallservice.h"

#include <vector>

#include <QByteArray>
#include <QString>

namespace qh::controller {

// The shipped calendar folder, unless --calendar-dir names another.
QString defaultCalendarDirectory();
// Every *.json file in the folder, in name order; throws db::ConfigError when one cannot be read.
std::vector<QByteArray> calendarFiles(const QString& directory);
// Imports each file through the hall service (audited); returns the years imported.
std::vector<int> importCalendars(service::HallService& hallService,
                                 const std::vector<QByteArray>& files, const engine::Actor& actor);

} // namespace qh::controller
