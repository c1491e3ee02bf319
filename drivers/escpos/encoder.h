// ESC/POS command encoder: the bytes for init, layout, GB18030 text, raster images, QR, cut,
// buzzer.
#pragma once

#include <QByteArray>
#include <QImage>
#include <QString>

namespace qh::escpos {

enum class Align { Left = 0, Center = 1, Right = 2 };
enum class QrErrorLevel { L = 48, M = 49, Q = 50, H = 51 };
// GS V m: feed to the cutter, then cut (m = 66 partial, 65 full); or no cut at all.
enum class Cut { FeedPartial = 66, FeedFull = 65, None = 0 };

class Encoder
{
public:
    static constexpr int kDefaultStripRows = 128; // rows per GS v 0 block, within printer buffers

    Encoder& init();                         // ESC @
    Encoder& align(Align align);             // ESC a n
    Encoder& size(int width, int height);    // GS ! n, each 1..8
    Encoder& bold(bool on);                  // ESC E n
    Encoder& chineseMode(bool on);           // FS & / FS .
    Encoder& text(const QString& text);      // GB18030 bytes
    Encoder& line(const QString& text = {}); // text and LF
    Encoder& feed(int lines);                // ESC d n
    // GS v 0 in strips; black (dark) pixels print. The width is padded to whole bytes.
    Encoder& raster(const QImage& image, int stripRows = kDefaultStripRows);
    // GS ( k, model 2: module size 1..16, error level, store, print.
    Encoder& qr(const QByteArray& data, int moduleSize, QrErrorLevel level = QrErrorLevel::M);
    Encoder& cut(Cut cut = Cut::FeedPartial); // GS V B 0 by default
    Encoder& buzzer(int times, int duration); // ESC B n t, each 1..9
    Encoder& raw(const QByteArray& bytes);

    const QByteArray& bytes() const { return m_bytes; }

private:
    QByteArray m_bytes;
};

// The image in the GS v 0 blocks of an ESC/POS stream, strips stacked; what a printer would burn.
// Other commands are skipped. Null when there is no raster or the widths disagree.
QImage decodeRaster(const QByteArray& stream);

// DLE EOT n: the real-time status query (n = 1 printer, 2 offline cause, 3 error cause,
// 4 paper sensors).
QByteArray statusQuery(int n);
// GS a n: enable Automatic Status Back for the given bits (0 turns it off).
QByteArray automaticStatusBack(int bits);

} // namespace qh::escpos
