// The far end of a serial line for tests: a pty whose slave the controller opens through a
// symlink (as /dev/serial/by-id/...), with the boards, keypads and pads played by the test.
#include "fakebus.h"

namespace qh::test {

namespace framed = serial::framed;

std::vector<SentFrame> FakeBus::qsystemFrames()
{
    std::vector<SentFrame> frames;
    const QByteArray& bytes = received();
    for (qsizetype at = bytes.indexOf('\x01'); at >= 0 && at + 2 < bytes.size();) {
        const qsizetype end = bytes.indexOf('\x07', at + 2);
        if (end < 0)
            break;
        frames.push_back({quint8(bytes[at + 1]), bytes.mid(at + 2, end - at - 2)});
        at = bytes.indexOf('\x01', end + 1);
    }
    return frames;
}

std::optional<QByteArray> FakeBus::lastBoardText(int address)
{
    std::optional<QByteArray> text;
    for (const SentFrame& f : qsystemFrames()) {
        if (f.address == address)
            text = f.body;
    }
    return text;
}

void FakeBus::serveFramed()
{
    const QByteArray& bytes = received();
    const std::vector<framed::Frame> requests =
        m_requests.feed(QByteArrayView(bytes).sliced(m_framedRead));
    m_framedRead = bytes.size();
    for (const framed::Frame& request : requests) {
        const auto it = framedDevices.find(request.address);
        if (it == framedDevices.end() || request.payload.isEmpty())
            continue;
        FramedDevice& device = it->second;
        QByteArray reply;
        if (request.payload[0] == char(framed::kPoll) && request.payload.size() == 2) {
            if (device.lastSequence != request.payload[1]) { // the last answer arrived
                device.lastSequence = request.payload[1];
                device.unacknowledged =
                    QByteArray(device.keys.data(), qsizetype(device.keys.size()));
                device.keys.clear();
            }
            reply = char(framed::kPollReply) + device.unacknowledged;
        } else if (request.payload[0] == char(framed::kShow)) {
            device.blink = request.payload.size() > 1 && request.payload[1] == 1;
            device.text = request.payload.mid(2);
            ++device.shows;
            reply = QByteArray(1, char(framed::kShowReply));
        }
        QByteArray frame = framed::encode(request.address, reply);
        if (device.corruptNextReply) {
            frame[frame.size() - 1] = char(frame[frame.size() - 1] ^ 0x5A);
            device.corruptNextReply = false;
        }
        write(frame);
    }
}

} // namespace qh::test
