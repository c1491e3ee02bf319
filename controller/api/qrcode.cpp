// A QR code as an SVG image or as text for a terminal.
#include "qrcode.h"

#include <memory>
#include <stdexcept>

#include <qrencode.h>

using namespace Qt::Literals::StringLiterals;

namespace qh::api {

namespace {

using Code = std::unique_ptr<QRcode, decltype(&QRcode_free)>;

Code encode(const QString& text)
{
    const QByteArray utf8 = text.toUtf8();
    Code code(QRcode_encodeString8bit(utf8.constData(), 0, QR_ECLEVEL_M), &QRcode_free);
    if (!code)
        throw std::runtime_error("the text does not fit a QR code");
    return code;
}

// Whether the module at (x, y) is dark; outside the symbol (the quiet zone) it is light.
bool dark(const QRcode& code, int x, int y)
{
    return x >= 0 && y >= 0 && x < code.width && y < code.width &&
           (code.data[y * code.width + x] & 1) != 0;
}

} // namespace

QString qrSvg(const QString& text)
{
    const Code code = encode(text);
    constexpr int kQuiet = 4;
    const int size = code->width + 2 * kQuiet;
    QString path;
    for (int y = 0; y < code->width; ++y) {
        for (int x = 0; x < code->width; ++x) {
            if (dark(*code, x, y))
                path += u"M%1 %2h1v1h-1z"_s.arg(x + kQuiet).arg(y + kQuiet);
        }
    }
    return u"<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 %1 %1\" "
           "shape-rendering=\"crispEdges\"><rect width=\"%1\" height=\"%1\" fill=\"#fff\"/>"
           "<path d=\"%2\" fill=\"#000\"/></svg>"_s.arg(size)
               .arg(path);
}

QString qrText(const QString& text)
{
    const Code code = encode(text);
    constexpr int kQuiet = 2;
    QString lines;
    for (int y = -kQuiet; y < code->width + kQuiet; y += 2) {
        for (int x = -kQuiet; x < code->width + kQuiet; ++x) {
            const bool topLight = !dark(*code, x, y);
            const bool bottomLight = !dark(*code, x, y + 1);
            lines += topLight ? (bottomLight ? u'█' : u'▀') : (bottomLight ? u'▄' : u' ');
        }
        lines += u'\n';
    }
    return lines;
}

} // namespace qh::api
