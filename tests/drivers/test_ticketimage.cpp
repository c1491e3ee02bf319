// The ticket image at 58 and 80 mm, in zh and en, against golden images.
// Regenerate the goldens after an intended change: QH_UPDATE_GOLDEN=1 build/dev/bin/test_drivers
#include "httpclient.h"
#include "testhall.h"
#include "ticketimage.h"

#include <QDir>
#include <QTimeZone>

using namespace qh;

namespace {

escpos::TicketContent sample(const QString& lang)
{
    escpos::TicketContent t;
    t.hallZh = QStringLiteral("市中区政务服务中心");
    t.hallEn = QStringLiteral("Shizhong District Government Service Center");
    t.number = QStringLiteral("D027");
    t.serviceZh = QStringLiteral("企业设立登记");
    t.serviceEn = QStringLiteral("Company incorporation registration");
    t.floor = 1;
    t.windows = QStringLiteral("19-25");
    t.ahead = 6;
    t.waitMinutes = 18;
    t.issuedAt = QDateTime(QDate(2026, 11, 25), QTime(10, 5), QTimeZone("Asia/Shanghai"));
    t.statusUrl = QStringLiteral("http://hall.local:8470/t/9QW2D7KX3M");
    t.materials = lang == QStringLiteral("zh")
                      ? QStringList{QStringLiteral("申请人身份证原件及复印件"),
                                    QStringLiteral("申请表（现场填写或网上下载）")}
                      : QStringList{QStringLiteral("Applicant's ID card (original and copy)")};
    t.lang = lang;
    return t;
}

// Share of pixels that differ; fonts render the same on the same Debian packages.
double difference(const QImage& a, const QImage& b)
{
    if (a.size() != b.size())
        return 1.0;
    const QImage x = a.convertToFormat(QImage::Format_Grayscale8);
    const QImage y = b.convertToFormat(QImage::Format_Grayscale8);
    qint64 differing = 0;
    for (int row = 0; row < x.height(); ++row) {
        for (int col = 0; col < x.width(); ++col)
            differing += (x.constScanLine(row)[col] < 128) != (y.constScanLine(row)[col] < 128);
    }
    return double(differing) / (double(x.width()) * x.height());
}

} // namespace

TEST_CASE("tickets at 58 and 80 mm in zh and en match their golden images")
{
    test::ensureGuiApp();
    const QString golden = test::sourcePath(QStringLiteral("tests/drivers/golden"));
    const bool update = qEnvironmentVariableIsSet("QH_UPDATE_GOLDEN");
    for (const int width : {escpos::kDots58mm, escpos::kDots80mm}) {
        for (const QString& lang : {QStringLiteral("zh"), QStringLiteral("en")}) {
            const QImage ticket = escpos::renderTicket(sample(lang), width);
            const QString name = QStringLiteral("ticket-%1mm-%2.png")
                                     .arg(width == escpos::kDots58mm ? 58 : 80)
                                     .arg(lang);
            INFO(name.toStdString());
            CHECK(ticket.width() == width);
            CHECK(ticket.height() > width); // a ticket is taller than wide
            if (update)
                REQUIRE(ticket.save(QDir(golden).filePath(name)));
            const QImage expected(QDir(golden).filePath(name));
            REQUIRE_FALSE(expected.isNull());
            const double diff = difference(ticket, expected);
            if (diff > 0.001)
                ticket.save(QDir::temp().filePath(QStringLiteral("actual-") + name));
            CHECK(diff <= 0.001);
        }
    }
}

TEST_CASE("the ticket image is pure black and white with the QR code in it")
{
    test::ensureGuiApp();
    const QImage ticket = escpos::renderTicket(sample(QStringLiteral("zh")), escpos::kDots58mm);
    bool onlyTwoLevels = true;
    for (int y = 0; y < ticket.height(); ++y) {
        for (int x = 0; x < ticket.width(); ++x) {
            const int v = ticket.constScanLine(y)[x];
            onlyTwoLevels = onlyTwoLevels && (v == 0 || v == 255);
        }
    }
    CHECK(onlyTwoLevels);
    const QImage qr = escpos::qrImage("http://hall.local:8470/t/9QW2D7KX3M", 4);
    CHECK(qr.width() == qr.height());
    CHECK(qr.width() >= (21 + 4) * 4); // at least a version 1 symbol with its quiet zone
    // A finder pattern: the top-left corner module after the quiet zone is dark.
    CHECK(qr.pixelColor(2 * 4 + 1, 2 * 4 + 1) == Qt::black);
    CHECK(qr.pixelColor(1, 1) == Qt::white);
}
