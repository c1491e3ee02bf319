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
    m_pending.append(bytes.data(), bytes.size());
    qsizetype at = 0;
    while (at < m_pending.size()) {
        if (m_pending[at] != kStart) {
            ++m_drops.garbageBytes;
            ++at;
            continue;
        }
        if (m_pending.size() - at < kHeaderSize)
            break;
        const int length = quint8(m_pending[at + 2]);
        if (length > kMaxPayload) {
            ++m_drops.badFrames;
            ++at;
            continue;
        }
        const qsizetype size = kHeaderSize + length + kCrcSize;
        if (m_pending.size() - at < size)
            break;
        const QByteArrayView body(m_pending.constData() + at + 1, kHeaderSize - 1 + length);
        const std::uint16_t crc =
            quint16(quint8(m_pending[at + size - 2]) | quint8(m_pending[at + size - 1]) << 8);
        if (crc != crc16Modbus(body)) {
            // A start byte inside noise or a damaged frame: resynchronise on the next one.
            ++m_drops.badFrames;
            ++at;
            continue;
        }
        frames.push_back({quint8(m_pending[at + 1]), m_pending.mid(at + kHeaderSize, length)});
        at += size;
    }
    m_pending.remove(0, at);
    return frames;
}

void Decoder::lineIdle()
{
    if (!m_pending.isEmpty())
        ++m_drops.partialFrames;
    m_pending.clear();
}

} // namespace qh::serial::framed
