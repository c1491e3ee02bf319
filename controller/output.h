// Printing tickets, cases and the hall status for people; scripts get the API's JSON
// (api/jsonmapping.h).
#pragma once

#include "engine.h"

#include <QJsonObject>
#include <QTextStream>

namespace qh::controller {

QString ticketLine(const engine::TicketView& view, const engine::HallConfig& hall);
// The city's copy of the trail (cityLag's object, with the link's state when the daemon gives
// it); nothing when the hall has no city link.
void printCityLag(QTextStream& out, const QJsonObject& city);
void printStatus(QTextStream& out, const engine::HallStatus& status, const engine::CaseDay& cases);
// "SHIZHONG-20261202-000001 劳动合同备案 [accepted] window 1, due 2026-12-03 (warning)"
QString caseLine(const engine::CaseView& view, const engine::HallConfig& hall);
void printCaseTally(QTextStream& out, const engine::CaseTally& tally);
// "#3 [contacted] 1 非常不满意 (web) of A012 at window 1, due 2026-12-02 (late)"
QString followUpLine(const engine::FollowUpView& view, const engine::Ticket& ticket);

} // namespace qh::controller
