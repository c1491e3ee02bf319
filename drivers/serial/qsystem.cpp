// The QSystem-compatible RS-485 protocol of existing boards and keypads: fixed frames between
// 0x01 and 0x07, keys sent by the keypads on their own, nothing ever acknowledged.
#include "qsystem.h"

#include <QStringEncoder>

namespace qh::serial::qsystem {

namespace {

constexpr int kKeyFrameSize = 4;
constexpr char kLedOn = 0x31;
constexpr char kLedOff = 0x30;
constexpr char kBlink = 0x31;
constexpr char kSteady = 0x30;

QByteArray frame(int address, const QByteArray& body)
{
    return char(kStart) + QByteArray(1, char(address)) + body + char(kEnd);
}

// Text as GB18030 without the bytes that delimit frames.
QByteArray boardBytes(const QString& text)
{
    QStringEncoder gb18030("GB18030");
    QByteArray bytes = gb18030.encode(text);
    bytes.removeIf([](char c) { return quint8(c) < 0x20; });
    return bytes;
}

} // namespace

QByteArray boardText(int address, const QString& text)
{
    return frame(address, boardBytes(text));
}

QByteArray keypadLed(int address, bool on)
{
    return frame(address, QByteArray(1, on ? kLedOn : kLedOff));
}

QByteArray keypadDisplay(int address, bool blink, const QString& threeCharacters)
{
    QByteArray chars = boardBytes(threeCharacters.right(3)).right(3);
    chars = chars.rightJustified(3, ' ');
    return frame(address, (blink ? kBlink : kSteady) + chars);
}

std::vector<KeyPress> Decoder::feed(QByteArrayView bytes)
{
    std::vector<KeyPress> keys;
    m_scanner.feed(bytes, kStart, [&](QByteArrayView f) -> FrameScanner::Candidate {
        if (f.size() < kKeyFrameSize)
            return {FrameScanner::Candidate::Incomplete};
        const int address = quint8(f[1]);
        const int key = quint8(f[2]);
        // Anything else (a collision, noise) is not a frame after all.
        if (f[3] != kEnd || key < kFirstKey || key > kLastKey || address == 0)
            return {FrameScanner::Candidate::Bad};
        keys.push_back({address, key});
        return {FrameScanner::Candidate::Whole, kKeyFrameSize};
    });
    return keys;
}

} // namespace qh::serial::qsystem
