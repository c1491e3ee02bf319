// The monthly report in pictures (docs/reports.md#the-monthly-report-in-pictures): its five charts
// and one self-contained HTML page that holds them with the month's figures, the departments'
// table and the appraisal. Drawing needs a QApplication.
#pragma once

#include "appraisal.h"
#include "reportpage.h"

#include <QByteArray>

namespace qh::reports {

struct MonthlyPictures
{
    std::vector<Picture> charts;
    QByteArray html; // UTF-8; the charts are in it as data URIs
};

MonthlyPictures drawMonth(db::Store& store, const engine::HallConfig& hall,
                          const engine::WorkingCalendar& calendar, const AppraisalRules& rules,
                          const QDate& month, const QDate& asOf);

} // namespace qh::reports
