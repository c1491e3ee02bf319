// The reports as people and programs read them: an aligned table, CSV (UTF-8, a header row, RFC
// 4180 quoting) and JSON; the 好差评 records as CSV and JSON Lines for the provincial platform.
#pragma once

#include "reports.h"

#include <QByteArray>
#include <QJsonObject>

namespace qh::reports {

// One CSV record: the fields RFC 4180 quoted where they need it, then CRLF.
QByteArray csvLine(const QStringList& fields);

QString reportTable(const Report& report, const engine::HallConfig& hall);
// The same table as an HTML <table>: a header row, then a row per group headed by its name.
QString reportHtmlTable(const Report& report, const engine::HallConfig& hall);
QByteArray reportCsv(const Report& report);
QJsonObject reportJson(const Report& report, const engine::HallConfig& hall);

// The ratings per level and channel over the period: a short table for people.
QString ratingsTable(const std::vector<RatingRecord>& records, const Period& period);
// channel,level_1 .. level_5,rated,satisfaction: a line per channel and one for all.
QByteArray ratingLevelsCsv(const std::vector<RatingRecord>& records);
// {from, to, channels: {pad: [n1 .. n5], ...}, all: [n1 .. n5], satisfaction}
QJsonObject ratingsJson(const std::vector<RatingRecord>& records, const Period& period);
QByteArray ratingsCsv(const std::vector<RatingRecord>& records, const engine::HallConfig& hall);
QByteArray ratingsJsonLines(const std::vector<RatingRecord>& records,
                            const engine::HallConfig& hall);

} // namespace qh::reports
