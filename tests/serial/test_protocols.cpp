// Both RS-485 protocols byte for byte: what the boards and keypads are sent, and which of the
// bytes coming back are keys and which are noise.
#include "catchqt.h"
#include "framed.h"
#include "qsystem.h"

using namespace qh::serial;

namespace {

QByteArray bytes(std::initializer_list<int> values)
{
    QByteArray b;
    for (const int v : values)
        b.append(char(v));
    return b;
}

} // namespace

TEST_CASE("QSystem frames: board text in GB18030, keypad display and LED")
{
    CHECK(qsystem::boardText(0x12, QStringLiteral("A012")) ==
          bytes({0x01, 0x12, 'A', '0', '1', '2', 0x07}));
    // 号 is B A C5 in GB18030; control bytes never reach the line.
    CHECK(qsystem::boardText(3, QStringLiteral("号\x07\x01")) ==
          bytes({0x01, 3, 0xBA, 0xC5, 0x07}));
    CHECK(qsystem::boardText(3, QString()) == bytes({0x01, 3, 0x07}));
    CHECK(qsystem::keypadDisplay(5, true, QStringLiteral("A012")) ==
          bytes({0x01, 5, 0x31, '0', '1', '2', 0x07}));
    CHECK(qsystem::keypadDisplay(5, false, QStringLiteral("7")) ==
          bytes({0x01, 5, 0x30, ' ', ' ', '7', 0x07}));
    CHECK(qsystem::keypadLed(5, true) == bytes({0x01, 5, 0x31, 0x07}));
    CHECK(qsystem::keypadLed(5, false) == bytes({0x01, 5, 0x30, 0x07}));
}

TEST_CASE("QSystem keys are found among garbage, broken frames and collisions")
{
    qsystem::Decoder d;
    SECTION("clean frames, split anywhere")
    {
        const QByteArray stream = bytes({0x01, 0x01, 0x31, 0x07, 0x01, 0x45, 0x34, 0x07});
        std::vector<KeyPress> keys;
        for (const char c : stream) {
            const auto got = d.feed(QByteArrayView(&c, 1));
            keys.insert(keys.end(), got.begin(), got.end());
        }
        CHECK(keys == std::vector<KeyPress>{{0x01, 0x31}, {0x45, 0x34}});
        CHECK(d.drops().garbageBytes == 0);
        CHECK(d.drops().badFrames == 0);
    }
    SECTION("garbage, a wrong end byte, an unknown key, a collision")
    {
        const QByteArray stream = bytes({0xFF, 0x00, 0x55,                   // 3 bytes of noise
                                         0x01, 0x02, 0x31, 0x08,             // wrong end byte
                                         0x01, 0x03, 0x39, 0x07,             // no such key
                                         0x01, 0x04, 0x01, 0x05, 0x32, 0x07, // collision
                                         0x01, 0x06, 0x33, 0x07});           // the one good frame
        const auto keys = d.feed(stream);
        CHECK(keys == std::vector<KeyPress>{{0x05, 0x32}, {0x06, 0x33}});
        CHECK(d.drops().badFrames == 3);
        CHECK(d.drops().garbageBytes == 10); // the noise, and the rest of each broken frame
    }
    SECTION("a frame cut off by a quiet line is dropped, the next one counts")
    {
        CHECK(d.feed(bytes({0x01, 0x07})).empty());
        d.lineIdle();
        CHECK(d.drops().partialFrames == 1);
        CHECK(d.feed(bytes({0x31, 0x07, 0x01, 0x07, 0x31, 0x07})) ==
              std::vector<KeyPress>{{0x07, 0x31}});
        CHECK(d.drops().garbageBytes == 2);
    }
}

TEST_CASE("framed protocol: CRC-16/MODBUS, frames out and in, noise dropped and counted")
{
    CHECK(framed::crc16Modbus("123456789") == 0x4B37); // the standard check value
    const QByteArray poll = framed::encode(0x11, QByteArray(1, char(framed::kPoll)));
    const std::uint16_t crc = framed::crc16Modbus(bytes({0x11, 0x01, 0x01}));
    CHECK(poll == bytes({0xAA, 0x11, 0x01, 0x01, crc & 0xFF, crc >> 8}));
    CHECK(framed::showPayload(QStringLiteral("B003 号"), true) ==
          bytes({0x02, 0x01, 'B', '0', '0', '3', ' ', 0xBA, 0xC5}));
    CHECK(framed::showPayload(QString(100, QLatin1Char('x')), false).size() == framed::kMaxPayload);

    framed::Decoder d;
    const QByteArray reply = framed::encode(0x11, bytes({0x81, 0x31}));
    QByteArray damaged = reply;
    damaged[4] = char(0x32);
    QByteArray oversized = bytes({0xAA, 0x11, 0x7F});
    const QByteArray stream = bytes({0x00, 0x13}) + damaged + oversized + reply;
    std::vector<framed::Frame> frames;
    for (qsizetype at = 0; at < stream.size(); at += 3) {
        const auto got =
            d.feed(QByteArrayView(stream).sliced(at, std::min<qsizetype>(3, stream.size() - at)));
        frames.insert(frames.end(), got.begin(), got.end());
    }
    REQUIRE(frames.size() == 1);
    CHECK(frames[0].address == 0x11);
    CHECK(frames[0].payload == bytes({0x81, 0x31}));
    CHECK(d.drops().badFrames == 2);
    CHECK(d.drops().garbageBytes > 2);

    framed::Decoder partial;
    CHECK(partial.feed(reply.left(4)).empty());
    partial.lineIdle();
    CHECK(partial.drops().partialFrames == 1);
    CHECK(partial.feed(reply).size() == 1);
}
