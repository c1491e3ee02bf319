// Charts as PNG-ready images, drawn by Qt Charts without a screen: bars (vertical or horizontal)
// and lines, in the hall's look, with Chinese and English labels. They need a QApplication.
#pragma once

#include <optional>
#include <utility>
#include <vector>

#include <QImage>
#include <QPointF>
#include <QStringList>

namespace qh::reports {

struct BarSet
{
    QString name;
    std::vector<double> values; // one per category
};

struct LineSeries
{
    QString name;
    std::vector<QPointF> points; // in x order
};

struct ChartText
{
    QString title;
    QString xTitle;
    QString yTitle;
    std::optional<double> valueTop; // the value axis's top; else a round number above the data
    std::optional<std::pair<double, double>> xRange; // a line chart's x axis; else the data's
};

inline constexpr int kChartWidth = 1000;
inline constexpr int kChartHeight = 560;

// Bars per category; horizontal bars put the first category at the top, and the chart grows
// taller with the number of categories so every label stays legible.
QImage barChart(const ChartText& text, const QStringList& categories,
                const std::vector<BarSet>& sets, Qt::Orientation orientation = Qt::Vertical);

QImage lineChart(const ChartText& text, const std::vector<LineSeries>& lines);

} // namespace qh::reports
