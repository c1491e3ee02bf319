// The QSystem-compatible RS-485 protocol of existing boards and keypads: fixed frames between
// 0x01 and 0x07, keys sent by the keypads on their own, nothing ever acknowledged.
#pragma once

#include <cstdint>
#include <vector>

#include <QByteArray>
#include <QByteArrayView>
#include <QString>

namespace qh::serial {

// A key pressed on a keypad or a rating pad: its bus address and the key byte (0x31..0x34).
struct KeyPress
{
    int address = 0;
    int key = 0;
    friend bool operator==(const KeyPress&, const KeyPress&) = default;
};

// What a decoder threw away, so a noisy bus shows up in the hall status.
struct DropCounts
{
    std::uint64_t garbageBytes = 0;  // bytes outside any frame
    std::uint64_t badFrames = 0;     // frames with a wrong checksum, length, key or end byte
    std::uint64_t partialFrames = 0; // frames cut off by a quiet line
};

namespace qsystem {

constexpr char kStart = 0x01;
constexpr char kEnd = 0x07;
constexpr int kFirstKey = 0x31; // call / recall; 0x32 start, 0x33 redirect, 0x34 no-show / finish
constexpr int kLastKey = 0x34;

// `01 addr <text> 07`: the text a board shows, in GB18030 (control bytes removed).
QByteArray boardText(int address, const QString& text);
// `01 addr cmd 07`: a keypad's LED, on while the window has a ticket.
QByteArray keypadLed(int address, bool on);
// `01 addr blink c1 c2 c3 07`: a keypad's three-character display, blinking or steady.
QByteArray keypadDisplay(int address, bool blink, const QString& threeCharacters);

// Finds `01 addr key 07` frames in whatever arrives, dropping and counting everything else.
class Decoder
{
public:
    std::vector<KeyPress> feed(QByteArrayView bytes);
    // The line went quiet: a frame begun and not finished is dropped.
    void lineIdle();
    const DropCounts& drops() const { return m_drops; }

private:
    QByteArray m_pending;
    DropCounts m_drops;
};

} // namespace qsystem
} // namespace qh::serial
