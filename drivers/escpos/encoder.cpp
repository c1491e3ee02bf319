// ESC/POS command encoder: the bytes for init, layout, GB18030 text, raster images, QR, cut,
// buzzer.
#include "encoder.h"

#include <algorithm>
#include <initializer_list>

#include <QStringEncoder>

namespace qh::escpos {

namespace {

constexpr char ESC = 0x1b;
constexpr char GS = 0x1d;
constexpr char FS = 0x1c;
constexpr char DLE = 0x10;
constexpr char EOT = 0x04;
constexpr int kMaxQrData = 7089; // what a model 2 symbol can hold at all

char byte(int value)
{
    return char(value & 0xff);
}

QByteArray seq(std::initializer_list<int> values)
{
    QByteArray bytes;
    for (const int v : values)
        bytes += byte(v);
    return bytes;
}

void append16(QByteArray& out, int value)
{
    out += byte(value);
    out += byte(value >> 8);
}

} // namespace

Encoder& Encoder::init()
{
    m_bytes += seq({ESC, '@'});
    return *this;
}

Encoder& Encoder::align(Align a)
{
    m_bytes += seq({ESC, 'a', byte(int(a))});
    return *this;
}

Encoder& Encoder::size(int width, int height)
{
    width = std::clamp(width, 1, 8);
    height = std::clamp(height, 1, 8);
    m_bytes += seq({GS, '!', byte(((width - 1) << 4) | (height - 1))});
    return *this;
}

Encoder& Encoder::bold(bool on)
{
    m_bytes += seq({ESC, 'E', byte(on ? 1 : 0)});
    return *this;
}

Encoder& Encoder::chineseMode(bool on)
{
    m_bytes += seq({FS, on ? '&' : '.'});
    return *this;
}

Encoder& Encoder::text(const QString& text)
{
    QStringEncoder gb18030("GB18030");
    m_bytes += QByteArray(gb18030.encode(text));
    return *this;
}

Encoder& Encoder::line(const QString& t)
{
    text(t);
    m_bytes += '\n';
    return *this;
}

Encoder& Encoder::feed(int lines)
{
    m_bytes += seq({ESC, 'd', byte(std::clamp(lines, 0, 255))});
    return *this;
}

Encoder& Encoder::raster(const QImage& image, int stripRows)
{
    const QImage gray = image.convertToFormat(QImage::Format_Grayscale8);
    const int widthBytes = (gray.width() + 7) / 8;
    stripRows = std::max(1, stripRows);
    for (int top = 0; top < gray.height(); top += stripRows) {
        const int rows = std::min(stripRows, gray.height() - top);
        m_bytes += seq({GS, 'v', '0', 0});
        append16(m_bytes, widthBytes);
        append16(m_bytes, rows);
        for (int y = top; y < top + rows; ++y) {
            const uchar* line = gray.constScanLine(y);
            for (int xb = 0; xb < widthBytes; ++xb) {
                int bits = 0;
                for (int bit = 0; bit < 8; ++bit) {
                    const int x = xb * 8 + bit;
                    if (x < gray.width() && line[x] < 128)
                        bits |= 0x80 >> bit;
                }
                m_bytes += byte(bits);
            }
        }
    }
    return *this;
}

Encoder& Encoder::qr(const QByteArray& data, int moduleSize, QrErrorLevel level)
{
    const QByteArray stored = data.left(kMaxQrData);
    m_bytes += seq({GS, '(', 'k', 4, 0, '1', 'A', '2', 0}); // model 2
    m_bytes += seq({GS, '(', 'k', 3, 0, '1', 'C', byte(std::clamp(moduleSize, 1, 16))});
    m_bytes += seq({GS, '(', 'k', 3, 0, '1', 'E', byte(int(level))});
    m_bytes += seq({GS, '(', 'k'});
    append16(m_bytes, int(stored.size()) + 3);
    m_bytes += seq({'1', 'P', '0'}) + stored;            // store
    m_bytes += seq({GS, '(', 'k', 3, 0, '1', 'Q', '0'}); // print
    return *this;
}

Encoder& Encoder::cut(Cut cut)
{
    if (cut != Cut::None)
        m_bytes += seq({GS, 'V', int(cut), 0});
    return *this;
}

Encoder& Encoder::buzzer(int times, int duration)
{
    m_bytes += seq({ESC, 'B', byte(std::clamp(times, 1, 9)), byte(std::clamp(duration, 1, 9))});
    return *this;
}

Encoder& Encoder::raw(const QByteArray& bytes)
{
    m_bytes += bytes;
    return *this;
}

QImage decodeRaster(const QByteArray& stream)
{
    const QByteArray header = seq({GS, 'v', '0'});
    QImage result;
    int widthBytes = -1;
    for (qsizetype at = stream.indexOf(header); at >= 0 && at + 8 <= stream.size();
         at = stream.indexOf(header, at)) {
        const auto* p = reinterpret_cast<const unsigned char*>(stream.constData() + at);
        const int xBytes = p[4] | (p[5] << 8);
        const int rows = p[6] | (p[7] << 8);
        if (at + 8 + qsizetype(xBytes) * rows > stream.size() ||
            (widthBytes >= 0 && xBytes != widthBytes))
            return {};
        widthBytes = xBytes;
        QImage strip(xBytes * 8, rows, QImage::Format_Grayscale8);
        for (int y = 0; y < rows; ++y) {
            uchar* line = strip.scanLine(y);
            for (int x = 0; x < xBytes * 8; ++x)
                line[x] = (p[8 + y * xBytes + x / 8] & (0x80 >> (x % 8))) ? 0 : 255;
        }
        if (result.isNull()) {
            result = strip;
        } else {
            QImage joined(result.width(), result.height() + rows, QImage::Format_Grayscale8);
            for (int y = 0; y < result.height(); ++y)
                std::copy_n(result.constScanLine(y), result.width(), joined.scanLine(y));
            for (int y = 0; y < rows; ++y)
                std::copy_n(strip.constScanLine(y), strip.width(),
                            joined.scanLine(result.height() + y));
            result = joined;
        }
        at += 8 + qsizetype(xBytes) * rows;
    }
    return result;
}

QByteArray statusQuery(int n)
{
    return seq({DLE, EOT, byte(std::clamp(n, 1, 4))});
}

QByteArray automaticStatusBack(int bits)
{
    return seq({GS, 'a', byte(bits)});
}

} // namespace qh::escpos
