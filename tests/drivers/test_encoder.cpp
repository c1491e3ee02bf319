// ESC/POS encoder: each command against its known byte sequence.
#include "catchqt.h"
#include "encoder.h"

using namespace qh::escpos;

namespace {
QByteArray hex(const char* text)
{
    return QByteArray::fromHex(text);
}
} // namespace

TEST_CASE("layout commands are the documented bytes")
{
    CHECK(Encoder().init().bytes() == hex("1b40"));
    CHECK(Encoder().align(Align::Center).bytes() == hex("1b6101"));
    CHECK(Encoder().size(2, 3).bytes() == hex("1d2112"));
    CHECK(Encoder().size(9, 0).bytes() == hex("1d2170")); // clamped to 8 × 1
    CHECK(Encoder().bold(true).bold(false).bytes() == hex("1b45011b4500"));
    CHECK(Encoder().feed(3).bytes() == hex("1b6403"));
    CHECK(Encoder().cut().bytes() == hex("1d564200"));
    CHECK(Encoder().cut(Cut::FeedFull).bytes() == hex("1d564100"));
    CHECK(Encoder().cut(Cut::None).bytes().isEmpty());
    CHECK(Encoder().buzzer(2, 3).bytes() == hex("1b420203"));
    CHECK(statusQuery(4) == hex("100404"));
    CHECK(automaticStatusBack(0x0f) == hex("1d610f"));
}

TEST_CASE("Chinese text is GB18030, with and without FS &")
{
    CHECK(Encoder().text(QStringLiteral("请A012号")).bytes() == hex("c7eb41303132bac5"));
    CHECK(Encoder().chineseMode(true).line(QStringLiteral("窗口")).chineseMode(false).bytes() ==
          hex("1c26b4b0bfda0a1c2e"));
}

TEST_CASE("a native QR code is model 2 with the 16-bit stored length")
{
    CHECK(Encoder().qr("abc", 6, QrErrorLevel::M).bytes() ==
          hex("1d286b0400314132001d286b03003143061d286b03003145311d286b0600315030616263"
              "1d286b0300315130"));
    const QByteArray url(300, 'x');
    const QByteArray bytes = Encoder().qr(url, 4).bytes();
    CHECK(bytes.mid(25, 5) == hex("1d286b2f01")); // 300 + 3 = 0x012f, low byte first
}

TEST_CASE("a raster image is GS v 0 in strips, dark pixels printing, width padded to bytes")
{
    QImage image(10, 3, QImage::Format_Grayscale8);
    image.fill(255);
    image.setPixel(0, 0, 0);   // first dot of row 0
    image.setPixel(9, 1, 0);   // tenth dot of row 1
    image.setPixel(8, 2, 100); // dark enough
    const QByteArray one = Encoder().raster(image).bytes();
    CHECK(one == hex("1d76300002000300800000400080"));
    const QByteArray strips = Encoder().raster(image, 2).bytes();
    CHECK(strips == hex("1d76300002000200800000401d7630000200010000"
                        "80"));
    // What a printer would burn is what was drawn.
    const QImage back = decodeRaster(strips);
    REQUIRE(back.size() == QSize(16, 3));
    CHECK(back.pixelColor(0, 0) == Qt::black);
    CHECK(back.pixelColor(9, 1) == Qt::black);
    CHECK(back.pixelColor(8, 2) == Qt::black);
    CHECK(back.pixelColor(1, 0) == Qt::white);
    CHECK(decodeRaster(hex("1d763000020005000000")).isNull()); // a block cut short
}
