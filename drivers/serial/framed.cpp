// Our framed RS-485 protocol for new devices: start byte, address, length, payload and a
// CRC-16/MODBUS; the host asks, one device answers.
#include "framed.h"

#include <QStringEncoder>

namespace qh::serial::framed {

namespace {
constexpr int kHeaderSize = 3; // start, address, length
constexpr int kCrcSize = 2;
} // namespace

std::uint16_t crc16Modbus(QByteArrayView bytes)
{
    std::uint16_t crc = 0xFFFF;
    for (const char byte : bytes) {
        crc ^= quint8(byte);
        for (int bit = 0; bit < 8; ++bit)
            crc = (crc & 1) ? quint16((crc >> 1) ^ 0xA001) : quint16(crc >> 1);
    }
    return crc;
}

QByteArray encode(int address, const QByteArray& payload)
{
    Q_ASSERT(payload.size() <= kMaxPayload);
    QByteArray frame;
    frame.reserve(kHeaderSize + payload.size() + kCrcSize);
    frame.append(kStart).append(char(address)).append(char(payload.size())).append(payload);
    const std::uint16_t crc = crc16Modbus(QByteArrayView(frame).sliced(1));
    frame.append(char(crc & 0xFF)).append(char(crc >> 8)); // low byte first, as Modbus
    return frame;
}

QByteArray showPayload(const QString& text, bool blink)
{
    QStringEncoder gb18030("GB18030");
    QByteArray payload =
        char(kShow) + QByteArray(1, blink ? 1 : 0) + QByteArray(gb18030.encode(text));
    payload.truncate(kMaxPayload);
    return payload;
}

std::vector<Frame> Decoder::feed(QByteArrayView bytes)
{
    std::vector<Frame> frames;
    m_scanner.feed(bytes, kStart, [&](QByteArrayView f) -> FrameScanner::Candidate {
        if (f.size() < kHeaderSize)
            return {FrameScanner::Candidate::Incomplete};
        const int length = quint8(f[2]);
        if (length > kMaxPayload)
            return {FrameScanner::Candidate::Bad};
        const qsizetype size = kHeaderSize + length + kCrcSize;
        if (f.size() < size)
            return {FrameScanner::Candidate::Incomplete};
        const std::uint16_t crc = quint16(quint8(f[size - 2]) | quint8(f[size - 1]) << 8);
        // A start byte inside noise, or a damaged frame.
        if (crc != crc16Modbus(f.sliced(1, kHeaderSize - 1 + length)))
            return {FrameScanner::Candidate::Bad};
        frames.push_back({quint8(f[1]), f.sliced(kHeaderSize, length).toByteArray()});
        return {FrameScanner::Candidate::Whole, size};
    });
    return frames;
}

} // namespace qh::serial::framed
