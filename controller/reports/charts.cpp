// Bar and line charts through Qt Charts, laid out on a graphics scene and painted into an image.
#include "charts.h"

#include <algorithm>
#include <cmath>
#include <tuple>

#include <QBarCategoryAxis>
#include <QBarSeries>
#include <QBarSet>
#include <QChart>
#include <QGraphicsScene>
#include <QHorizontalBarSeries>
#include <QLineSeries>
#include <QPainter>
#include <QValueAxis>

using namespace Qt::Literals::StringLiterals;

namespace qh::reports {

namespace {

const QColor kColours[] = {QColor(0x1f, 0x5f, 0xae), QColor(0xe0, 0x7b, 0x24),
                           QColor(0x2e, 0x9b, 0x4f), QColor(0x77, 0x77, 0x77),
                           QColor(0xc8, 0x38, 0x2c)};

QColor colour(std::size_t i)
{
    return kColours[i % std::size(kColours)];
}

QFont font(int pixelSize, bool bold = false)
{
    QFont f(u"Noto Sans CJK SC"_s);
    f.setPixelSize(pixelSize);
    f.setBold(bold);
    return f;
}

QChart* newChart(const ChartText& text, bool legend)
{
    auto* chart = new QChart;
    chart->setTitle(text.title);
    chart->setTitleFont(font(20, true));
    chart->setBackgroundBrush(Qt::white);
    chart->setAnimationOptions(QChart::NoAnimation);
    chart->legend()->setVisible(legend);
    chart->legend()->setAlignment(Qt::AlignBottom);
    chart->legend()->setFont(font(14));
    return chart;
}

void style(QAbstractAxis* axis, const QString& title)
{
    axis->setTitleText(title);
    axis->setTitleFont(font(14));
    axis->setLabelsFont(font(13));
}

// A value axis from zero (or the smallest value below it) to `top`, or to a round number above
// the largest value.
QValueAxis* valueAxis(const QString& title, double low, double high, std::optional<double> top)
{
    auto* axis = new QValueAxis;
    style(axis, title);
    axis->setRange(std::min(0.0, low), top ? *top : high > 0 ? high * 1.1 : 1);
    if (!top)
        axis->applyNiceNumbers();
    axis->setLabelFormat(u"%g"_s);
    return axis;
}

QImage paint(QChart* chart, int height)
{
    QGraphicsScene scene; // owns the chart from here on
    scene.addItem(chart);
    chart->setGeometry(0, 0, kChartWidth, height);
    QImage image(kChartWidth, height, QImage::Format_RGB32);
    image.fill(Qt::white);
    QPainter painter(&image);
    painter.setRenderHint(QPainter::Antialiasing);
    painter.setRenderHint(QPainter::TextAntialiasing);
    scene.render(&painter, image.rect(), QRectF(0, 0, kChartWidth, height));
    return image;
}

} // namespace

QImage barChart(const ChartText& text, const QStringList& categories,
                const std::vector<BarSet>& sets, Qt::Orientation orientation)
{
    const bool horizontal = orientation == Qt::Horizontal;
    QChart* chart = newChart(text, sets.size() > 1);
    QAbstractBarSeries* series =
        horizontal ? static_cast<QAbstractBarSeries*>(new QHorizontalBarSeries) : new QBarSeries;
    double low = 0, high = 0;
    for (std::size_t i = 0; i < sets.size(); ++i) {
        auto* set = new QBarSet(sets[i].name);
        set->setColor(colour(i));
        set->setBorderColor(colour(i));
        set->setLabelFont(font(12));
        set->setLabelColor(Qt::black);
        std::vector<double> values = sets[i].values;
        if (horizontal) // a horizontal axis counts its categories from the bottom
            std::reverse(values.begin(), values.end());
        for (double v : values) {
            set->append(v);
            low = std::min(low, v);
            high = std::max(high, v);
        }
        series->append(set);
    }
    series->setLabelsVisible(true);
    series->setLabelsPosition(QAbstractBarSeries::LabelsOutsideEnd);
    series->setLabelsPrecision(12); // the values come rounded: show them whole
    chart->addSeries(series);

    auto* categoryAxis = new QBarCategoryAxis;
    style(categoryAxis, horizontal ? text.yTitle : text.xTitle);
    QStringList names = categories;
    if (horizontal)
        std::reverse(names.begin(), names.end());
    categoryAxis->append(names);
    QValueAxis* values =
        valueAxis(horizontal ? text.xTitle : text.yTitle, low, high, text.valueTop);
    chart->addAxis(categoryAxis, horizontal ? Qt::AlignLeft : Qt::AlignBottom);
    chart->addAxis(values, horizontal ? Qt::AlignBottom : Qt::AlignLeft);
    series->attachAxis(categoryAxis);
    series->attachAxis(values);

    const int rows = int(categories.size()) * std::max<int>(1, int(sets.size()));
    return paint(chart, horizontal ? std::max(kChartHeight, 140 + 22 * rows) : kChartHeight);
}

QImage lineChart(const ChartText& text, const std::vector<LineSeries>& lines)
{
    QChart* chart = newChart(text, lines.size() > 1);
    double xLow = INFINITY, xHigh = -INFINITY, yLow = 0, yHigh = 0;
    std::vector<QLineSeries*> series;
    for (std::size_t i = 0; i < lines.size(); ++i) {
        auto* line = new QLineSeries;
        line->setName(lines[i].name);
        line->setPen(QPen(colour(i), 3));
        line->setPointsVisible(true);
        for (const QPointF& p : lines[i].points) {
            line->append(p);
            xLow = std::min(xLow, p.x());
            xHigh = std::max(xHigh, p.x());
            yLow = std::min(yLow, p.y());
            yHigh = std::max(yHigh, p.y());
        }
        chart->addSeries(line);
        series.push_back(line);
    }
    if (text.xRange)
        std::tie(xLow, xHigh) = *text.xRange;
    else if (!std::isfinite(xLow)) // nothing to draw: an empty axis from 0 to 1
        xLow = 0, xHigh = 1;
    auto* x = new QValueAxis;
    style(x, text.xTitle);
    x->setRange(xLow, std::max(xHigh, xLow + 1));
    x->setLabelFormat(u"%g"_s);
    const double span = std::max(xHigh, xLow + 1) - xLow;
    if (span <= 31 && span == std::floor(span)) // whole steps: a tick on each
        x->setTickCount(int(span) + 1);
    QValueAxis* y = valueAxis(text.yTitle, yLow, yHigh, text.valueTop);
    chart->addAxis(x, Qt::AlignBottom);
    chart->addAxis(y, Qt::AlignLeft);
    for (QLineSeries* line : series) {
        line->attachAxis(x);
        line->attachAxis(y);
    }
    return paint(chart, kChartHeight);
}

} // namespace qh::reports
