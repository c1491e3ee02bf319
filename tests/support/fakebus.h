// The far end of a serial line for tests: a pty whose slave the controller opens through a
// symlink (as /dev/serial/by-id/...), with the boards, keypads and pads played by the test.
#pragma once

#include "fakeport.h"
#include "framed.h"

#include <map>
#include <optional>
#include <vector>

#include <QByteArray>

namespace qh::test {

// A QSystem frame the controller sent: `01 addr body 07`.
struct SentFrame
{
    int address = 0;
    QByteArray body;
};

class FakeBus : public FakePort
{
public:
    // The QSystem frames in everything received.
    std::vector<SentFrame> qsystemFrames();
    // The text of the latest QSystem board frame to an address, if any.
    std::optional<QByteArray> lastBoardText(int address);

    // Answers the framed protocol's requests as these devices would; devices not listed stay
    // silent. Call serveFramed() while waiting.
    struct FramedDevice
    {
        std::vector<char> keys;    // handed over at the next poll
        QByteArray unacknowledged; // handed over, until a poll with a new sequence byte
        std::optional<char> lastSequence;
        QByteArray text; // the last text shown
        bool blink = false;
        int shows = 0;
        bool corruptNextReply = false; // one reply with a broken checksum
    };
    std::map<int, FramedDevice> framedDevices;
    void serveFramed();

private:
    qsizetype m_framedRead = 0;
    serial::framed::Decoder m_requests;
};

} // namespace qh::test
