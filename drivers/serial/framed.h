// Our framed RS-485 protocol for new devices: start byte, address, length, payload and a
// CRC-16/MODBUS; the host asks, one device answers.
#pragma once

#include "qsystem.h"

#include <QByteArray>
#include <QByteArrayView>

namespace qh::serial::framed {

constexpr char kStart = char(0xAA);
constexpr int kMaxPayload = 64;

// Commands from the host and the devices' answers (the command with its top bit set).
enum Command : quint8 {
    // payload: kPoll, sequence byte. Answer: kPollReply followed by the keys not yet delivered.
    // A device keeps the keys of its last answer until a poll with another sequence byte shows
    // that the host got them; a retried poll (same byte) gets the same keys again.
    kPoll = 0x01,
    kShow = 0x02, // payload: flags (bit 0: blink), then GB18030 text; answer: kShowReply
    kPollReply = 0x81,
    kShowReply = 0x82,
};

std::uint16_t crc16Modbus(QByteArrayView bytes);

// One whole frame for `address` carrying `payload` (at most kMaxPayload bytes).
QByteArray encode(int address, const QByteArray& payload);
// A kShow payload.
QByteArray showPayload(const QString& text, bool blink);

struct Frame
{
    int address = 0;
    QByteArray payload;
};

// Finds whole frames with a good checksum in whatever arrives, dropping and counting the rest.
class Decoder
{
public:
    std::vector<Frame> feed(QByteArrayView bytes);
    void lineIdle() { m_scanner.lineIdle(); }
    const DropCounts& drops() const { return m_scanner.drops(); }

private:
    FrameScanner m_scanner;
};

} // namespace qh::serial::framed
