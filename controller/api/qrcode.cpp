// A QR code as an SVG image, for the admin page's display start URLs.
#include "qrcode.h"

#include <memory>
#include <stdexcept>

#include <qrencode.h>

using namespace Qt::Literals::StringLiterals;

namespace qh::api {

QString qrSvg(const QString& text)
{
    const QByteArray utf8 = text.toUtf8();
    const std::unique_ptr<QRcode, decltype(&QRcode_free)> code(
        QRcode_encodeString8bit(utf8.constData(), 0, QR_ECLEVEL_M), &QRcode_free);
    if (!code)
        throw std::runtime_error("the text does not fit a QR code");
    constexpr int kQuiet = 4;
    const int size = code->width + 2 * kQuiet;
    QString path;
    for (int y = 0; y < code->width; ++y) {
        for (int x = 0; x < code->width; ++x) {
            if (code->data[y * code->width + x] & 1)
                path += u"M%1 %2h1v1h-1z"_s.arg(x + kQuiet).arg(y + kQuiet);
        }
    }
    return u"<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 %1 %1\" "
           "shape-rendering=\"crispEdges\"><rect width=\"%1\" height=\"%1\" fill=\"#fff\"/>"
           "<path d=\"%2\" fill=\"#000\"/></svg>"_s.arg(size)
               .arg(path);
}

} // namespace qh::api
