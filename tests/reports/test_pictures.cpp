// The monthly report in pictures: the hand-built November's charts show its figures (bars as
// tall as the values, one per hour, department and window), an empty month draws empty charts,
// the HTML page holds the same charts and figures, and the command line writes the PNG files.
#include "charts.h"
#include "httpclient.h"
#include "monthly.h"
#include "november.h"

#include <QApplication>
#include <QDir>
#include <QRegularExpression>
#include <QTemporaryDir>

using namespace qh;
using qh::test::November;

namespace {

const QColor kFirstSeries(0x1f, 0x5f, 0xae); // the charts' colour of their first bar set or line

bool firstSeries(QRgb pixel)
{
    return std::abs(qRed(pixel) - kFirstSeries.red()) < 8 &&
           std::abs(qGreen(pixel) - kFirstSeries.green()) < 8 &&
           std::abs(qBlue(pixel) - kFirstSeries.blue()) < 8;
}

// The bars of the first set as the eye finds them: runs of columns (or of rows, for horizontal
// bars) holding more than a few of its pixels, each with its length in pixels.
std::vector<int> bars(const QImage& image, Qt::Orientation orientation)
{
    const bool vertical = orientation == Qt::Vertical;
    const int lines = vertical ? image.width() : image.height();
    const int span = vertical ? image.height() : image.width();
    std::vector<int> found;
    int run = 0;
    for (int i = 0; i <= lines; ++i) {
        int length = 0;
        for (int j = 0; i < lines && j < span; ++j)
            length += firstSeries(vertical ? image.pixel(i, j) : image.pixel(j, i));
        if (length > 4) {
            run = std::max(run, length);
        } else if (run > 0) {
            found.push_back(run);
            run = 0;
        }
    }
    return found;
}

int firstSeriesPixels(const QImage& image)
{
    int n = 0;
    for (int y = 0; y < image.height(); ++y) {
        for (int x = 0; x < image.width(); ++x)
            n += firstSeries(image.pixel(x, y));
    }
    return n;
}

reports::MonthlyPictures draw(November& h, const QDate& month)
{
    return reports::drawMonth(h.sqlite(), h.service->hall(), h.service->engine().calendar(),
                              reports::readAppraisalRules({}), month, QDate(2026, 12, 10));
}

QImage chart(const reports::MonthlyPictures& p, const char* name)
{
    for (const reports::Picture& picture : p.charts) {
        if (picture.name == QLatin1String(name))
            return QImage::fromData(picture.png, "PNG");
    }
    FAIL("no chart " << name);
    return {};
}

} // namespace

TEST_CASE("the hand-built month's charts show its figures")
{
    test::ensureGuiApp<QApplication>();
    November h;
    const reports::MonthlyPictures p = draw(h, QDate(2026, 11, 1));
    QStringList names;
    for (const reports::Picture& picture : p.charts)
        names << picture.name;
    CHECK(names == QStringList{QStringLiteral("waits-by-hour"), QStringLiteral("departments"),
                               QStringLiteral("ratings"), QStringLiteral("appraisal"),
                               QStringLiteral("same-day")});

    // One bar per hour with calls, each as tall as its mean wait.
    const auto byHour =
        reports::waitsByHour(h.sqlite(), h.service->hall(), h.service->engine().calendar(),
                             {QDate(2026, 11, 1), QDate(2026, 11, 30)});
    const std::vector<int> hourBars = bars(chart(p, "waits-by-hour"), Qt::Vertical);
    REQUIRE(hourBars.size() == byHour.size());
    const auto tallest = std::max_element(byHour.begin(), byHour.end(),
                                          [](auto& a, auto& b) { return a.second < b.second; });
    const int tallestBar = *std::max_element(hourBars.begin(), hourBars.end());
    for (std::size_t i = 0; i < byHour.size(); ++i)
        CHECK(hourBars[i] == Approx(tallestBar * byHour[i].second / tallest->second).margin(3));

    // Ratings: 非常满意 (T1) and 非常不满意 (T2) one each, nothing between; the annulled one not.
    const std::vector<int> levelBars = bars(chart(p, "ratings"), Qt::Vertical);
    REQUIRE(levelBars.size() == 2);
    CHECK(levelBars[0] == Approx(levelBars[1]).margin(1));

    // A bar per department with calls (the first set, the mean wait) and per window appraised.
    // hukou and tax, then the legend's marker of the first set below them
    CHECK(bars(chart(p, "departments"), Qt::Horizontal).size() == 2 + 1);
    const reports::Appraisal a =
        reports::appraise(h.sqlite(), h.service->hall(), h.service->engine().calendar(),
                          reports::readAppraisalRules({}), QDate(2026, 11, 1), QDate(2026, 12, 10));
    const std::vector<int> scoreBars = bars(chart(p, "appraisal"), Qt::Horizontal);
    REQUIRE(scoreBars.size() == a.windows.size());
    for (std::size_t i = 1; i < scoreBars.size(); ++i) // the best at the top
        CHECK(scoreBars[i - 1] >= scoreBars[i] - 1);

    // The one case, finished the day it was accepted: a point at 100 %.
    CHECK(firstSeriesPixels(chart(p, "same-day")) > 8);
}

TEST_CASE("a month without a ticket draws its charts with nothing in them")
{
    test::ensureGuiApp<QApplication>();
    November h;
    const reports::MonthlyPictures p = draw(h, QDate(2026, 10, 1));
    REQUIRE(p.charts.size() == 5);
    for (const reports::Picture& picture : p.charts)
        CHECK(picture.size.width() == reports::kChartWidth);
    CHECK(bars(chart(p, "waits-by-hour"), Qt::Vertical).empty());
    CHECK(bars(chart(p, "ratings"), Qt::Vertical).empty());
    CHECK(bars(chart(p, "departments"), Qt::Horizontal).size() == 1); // the legend's marker alone
    CHECK(bars(chart(p, "appraisal"), Qt::Horizontal).empty());
    CHECK(firstSeriesPixels(chart(p, "same-day")) == 0);
    CHECK(QString::fromUtf8(p.html).contains(QStringLiteral("<b>0</b>取号")));
}

TEST_CASE("the month's HTML page holds its charts and its figures")
{
    test::ensureGuiApp<QApplication>();
    November h;
    const reports::MonthlyPictures p = draw(h, QDate(2026, 11, 1));
    const QString html = QString::fromUtf8(p.html);
    CHECK(html.startsWith(QStringLiteral("<!doctype html>\n<html lang=\"zh-CN\">")));
    CHECK(html.contains(QStringLiteral("<b>7</b>取号")));
    CHECK(html.contains(QStringLiteral("<b>50.0 %</b>满意率")));
    CHECK(html.contains(QStringLiteral("<b>100.0 %</b>受件即期办结率")));
    CHECK(html.contains(QStringLiteral("<th scope=\"row\">公安户政</th>")));
    // Self-contained: every picture is in the page, the same as the PNG charts.
    CHECK(!html.contains(QStringLiteral("src=\"http")));
    const QRegularExpression image(QStringLiteral("<img src=\"data:image/png;base64,([^\"]+)\""));
    std::size_t i = 0;
    for (const QRegularExpressionMatch& m : image.globalMatch(html)) {
        REQUIRE(i < p.charts.size());
        CHECK(QByteArray::fromBase64(m.captured(1).toLatin1()) == p.charts[i++].png);
    }
    CHECK(i == p.charts.size());
}

TEST_CASE("report charts writes the month's PNG files and report monthly --format html the page")
{
    November h;
    QTemporaryDir out;
    const auto cli = [&](const QStringList& args) {
        const November::Command run = h.reportCommand(args);
        return std::pair{run.exitCode, run.out + run.err};
    };
    const auto [code, printed] =
        cli({QStringLiteral("charts"), QStringLiteral("--month"), QStringLiteral("2026-11"),
             QStringLiteral("--out"), out.filePath(QStringLiteral("charts"))});
    INFO(printed.toStdString());
    REQUIRE(code == 0);
    const QStringList files = QDir(out.filePath(QStringLiteral("charts")))
                                  .entryList({QStringLiteral("*.png")}, QDir::Files, QDir::Name);
    CHECK(files == QStringList{QStringLiteral("appraisal.png"), QStringLiteral("departments.png"),
                               QStringLiteral("ratings.png"), QStringLiteral("same-day.png"),
                               QStringLiteral("waits-by-hour.png")});
    const QImage waits(out.filePath(QStringLiteral("charts/waits-by-hour.png")));
    CHECK(waits.width() == reports::kChartWidth);
    CHECK(firstSeriesPixels(waits) > 100);

    const QString page = out.filePath(QStringLiteral("november.html"));
    CHECK(cli({QStringLiteral("monthly"), QStringLiteral("--month"), QStringLiteral("2026-11"),
               QStringLiteral("--format"), QStringLiteral("html"), QStringLiteral("--out"), page})
              .first == 0);
    QFile file(page);
    REQUIRE(file.open(QIODevice::ReadOnly));
    CHECK(file.readAll().count("data:image/png;base64,") == 5);

    // What cannot be drawn is refused, and says why.
    const auto [noFolder, noFolderText] = cli({QStringLiteral("charts")});
    CHECK(noFolder == 2);
    CHECK(noFolderText.contains("report charts needs --out DIR"));
    const auto [daily, dailyText] =
        cli({QStringLiteral("daily"), QStringLiteral("--format"), QStringLiteral("html")});
    CHECK(daily == 2);
    CHECK(dailyText.contains("html is the monthly report's format"));
}
