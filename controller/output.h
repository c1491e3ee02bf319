// Printing tickets, hall status and audit results for people (text) and scripts (JSON).
#pragma once

#include "engine.h"

#include <QJsonObject>
#include <QTextStream>

namespace qh::controller {

QJsonObject ticketJson(const engine::TicketView& view, const db::HallConfig& hall);
QJsonObject statusJson(const engine::HallStatus& status);
QString ticketLine(const engine::TicketView& view, const db::HallConfig& hall);
void printStatus(QTextStream& out, const engine::HallStatus& status);

} // namespace qh::controller
