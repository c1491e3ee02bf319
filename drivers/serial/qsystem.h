// The QSystem-compatible RS-485 protocol of existing boards and keypads: fixed frames between
// 0x01 and 0x07, keys sent by the keypads on their own, nothing ever acknowledged.
#pragma once

#include "framescanner.h"

#include <vector>

#include <QByteArray>
#include <QByteArrayView>
#include <QString>

namespace qh::serial {

// A key pressed on a keypad or a rating pad: its bus address and the key byte (0x31..0x35).
struct KeyPress
{
    int address = 0;
    int key = 0;
    friend bool operator==(const KeyPress&, const KeyPress&) = default;
};

namespace qsystem {

constexpr char kStart = 0x01;
constexpr char kEnd = 0x07;
constexpr int kFirstKey = 0x31; // call / recall; 0x32 start, 0x33 redirect, 0x34 no-show / finish
constexpr int kLastKey = 0x35;  // the fifth key of a rating pad (非常不满意)

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
    void lineIdle() { m_scanner.lineIdle(); }
    const DropCounts& drops() const { return m_scanner.drops(); }

private:
    FrameScanner m_scanner;
};

} // namespace qsystem
} // namespace qh::serial
