// Ticket printing cost: render + encode time and bytes per ticket at 58 and 80 mm, beside what the
// bytes need on USB full speed and what the paper needs at 250 mm/s (the physical limits).
#include "barecommit.h"
#include "encoder.h"
#include "ticketimage.h"

#include <cstdio>

#include <QElapsedTimer>
#include <QGuiApplication>
#include <QTimeZone>

using namespace qh;

namespace {

constexpr double kUsbFullSpeedBytesPerSecond = 12e6 / 8 * 0.8; // 12 Mbit/s, ~80% for bulk data
constexpr double kPaperMmPerSecond = 250;
constexpr double kDotsPerMm = 8; // 203 dpi

escpos::TicketContent ticket(int n)
{
    escpos::TicketContent t;
    t.hallZh = QStringLiteral("市中区政务服务中心");
    t.hallEn = QStringLiteral("Shizhong District Government Service Center");
    t.number = QStringLiteral("A%1").arg(n % 1000, 3, 10, QLatin1Char('0'));
    t.serviceZh = QStringLiteral("劳动合同备案");
    t.serviceEn = QStringLiteral("Labour contract filing");
    t.windows = QStringLiteral("1-7");
    t.ahead = n % 40;
    t.waitMinutes = n % 90;
    t.issuedAt = QDateTime(QDate(2026, 11, 25), QTime(10, 0), QTimeZone("Asia/Shanghai"));
    t.statusUrl = QStringLiteral("http://hall.local:8470/t/%1").arg(n, 10, 10, QLatin1Char('2'));
    t.materials = {QStringLiteral("营业执照副本"), QStringLiteral("劳动合同原件")};
    return t;
}

} // namespace

int main(int argc, char** argv)
{
    qputenv("QT_QPA_PLATFORM", "offscreen");
    QGuiApplication app(argc, argv);
    const int count = argc > 1 ? std::atoi(argv[1]) : 200;
    std::printf("queuehall ticket benchmark: %d tickets per width (render with QPainter + ESC/POS "
                "encode)\n",
                count);
    for (const int width : {escpos::kDots58mm, escpos::kDots80mm}) {
        std::vector<double> ms;
        qint64 bytes = 0;
        int height = 0;
        for (int i = 0; i < count; ++i) {
            QElapsedTimer t;
            t.start();
            const QImage image = escpos::renderTicket(ticket(i), width);
            const QByteArray encoded = escpos::Encoder().init().raster(image).feed(3).cut().bytes();
            ms.push_back(double(t.nsecsElapsed()) / 1e6);
            bytes += encoded.size();
            height = image.height();
        }
        const bench::Figures f = bench::summarise(ms, 1);
        const double perTicket = double(bytes) / count;
        const double usbMs = perTicket / kUsbFullSpeedBytesPerSecond * 1000;
        const double paperMs = height / kDotsPerMm / kPaperMmPerSecond * 1000;
        std::printf(
            "%d mm (%d dots): render+encode p50 %.2f ms p99 %.2f ms (target <= 20 ms); %.0f bytes; "
            "USB full speed %.1f ms; paper at 250 mm/s %.0f ms (%d dots = %.0f mm long)\n",
            width == escpos::kDots58mm ? 58 : 80, width, f.p50Ms, f.p99Ms, perTicket, usbMs,
            paperMs, height, height / kDotsPerMm);
    }
    return 0;
}
