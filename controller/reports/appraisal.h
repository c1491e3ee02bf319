// The monthly window appraisal (窗口绩效考核): each window's score from the month's report
// figures under a rules file (assets/appraisal/default.json, docs/reports.md#the-window-appraisal),
// every deduction itemised, the ranking, and the windows last two months running.
#pragma once

#include "reports.h"

#include <QJsonObject>

namespace qh::reports {

struct AppraisalRule
{
    QString id;
    engine::LocalizedText name;
    QString figure;              // one of appraisalFigures()
    std::optional<double> below; // points per `per` short of this value
    std::optional<double> above; // points per `per` over this value
    double per = 1;
    double points = 0;         // negative: a deduction; without below/above: per unit of the figure
    std::optional<double> cap; // the most points the rule gives or takes in a month
};

struct AppraisalRules
{
    engine::LocalizedText name;
    double base = 100;
    std::vector<AppraisalRule> rules;
};

// The figures a rule may name, as the appraisal reads them from a window's Figures.
const QStringList& appraisalFigures();
// Checks the rules of a file's contents; throws db::ConfigError with each problem's field path.
AppraisalRules parseAppraisalRules(const QByteArray& json);
// Reads a rules file, the shipped default (assets/appraisal/default.json) for an empty path.
AppraisalRules readAppraisalRules(const QString& path);

struct AppraisalItem
{
    const AppraisalRule* rule = nullptr; // of the rules the appraisal was made with
    double value = 0;                    // the figure
    double points = 0;                   // what the rule gave
};

struct WindowScore
{
    int window = 0;
    double score = 0;
    int rank = 0;                     // 1 the best; windows with the same score share a rank
    std::vector<AppraisalItem> items; // the rules that gave or took points
    bool lastTwice = false;           // last this month and the month before
};

struct Appraisal
{
    QDate month;                      // its first day
    std::vector<WindowScore> windows; // by rank, then number; windows that served nobody left out
};

// The month's appraisal; the month before is computed too, for the lastTwice flags.
Appraisal appraise(db::Store& store, const engine::HallConfig& hall,
                   const engine::WorkingCalendar& calendar, const AppraisalRules& rules,
                   const QDate& month, const QDate& asOf);

QString appraisalTable(const Appraisal& a, const AppraisalRules& rules);
QByteArray appraisalCsv(const Appraisal& a, const AppraisalRules& rules);
QJsonObject appraisalJson(const Appraisal& a, const AppraisalRules& rules);

} // namespace qh::reports
