// What the report pages share (the hall's month, the city's report): the charts as PNG pictures,
// the page's style, the figure cards and the percentages as they are printed.
#pragma once

#include <optional>
#include <vector>

#include <QByteArray>
#include <QImage>
#include <QSize>
#include <QString>

namespace qh::reports {

struct Picture
{
    QString name;   // the PNG file's stem: waits-by-hour, departments, ratings, appraisal, same-day
    QString title;  // in Chinese, then English; the picture's text on the page
    QSize size;     // in pixels
    QByteArray png; // encoded once, for the file and for the page
};

Picture picture(const QString& name, const QString& title, const QImage& image);
// The pictures as <figure>s with the PNG inside (data URIs), so the page stands alone.
QString figuresHtml(const std::vector<Picture>& pictures);
// One headline figure: its value, with its name in Chinese and English.
QString figureCard(const QString& value, const QString& zh, const QString& en);
// "97.5 %", or "-" for a share of nothing.
QString percent(const std::optional<double>& share);

extern const QString kReportStyle;

} // namespace qh::reports
