// Printing tickets and the hall status for people; scripts get the API's JSON (api/jsonmapping.h).
#pragma once

#include "engine.h"

#include <QTextStream>

namespace qh::controller {

QString ticketLine(const engine::TicketView& view, const engine::HallConfig& hall);
void printStatus(QTextStream& out, const engine::HallStatus& status);

} // namespace qh::controller
