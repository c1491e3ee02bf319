// Status decoding: DLE EOT replies and ASB bursts, mixed, split across reads, with garbage.
#include "catchqt.h"
#include "status.h"

using namespace qh::escpos;

TEST_CASE("DLE EOT replies set the status they answer")
{
    StatusDecoder d;
    for (int n : {1, 2, 4})
        d.expect(n);
    d.feed(QByteArray::fromHex("1a"
                               "36"
                               "7e")); // offline; cover open + paper end; near end + end
    CHECK(d.repliesDecoded() == 3);
    CHECK_FALSE(d.status().online);
    CHECK(d.status().coverOpen);
    CHECK(d.status().paperEnd);
    CHECK(d.status().paperNearEnd);
    CHECK(d.status().blocksPrinting());
    CHECK(d.status().describe() == QStringLiteral("offline, cover open, paper end"));

    StatusDecoder ok;
    ok.expect(1);
    ok.expect(4);
    ok.feed(QByteArray::fromHex("12"
                                "1e")); // online; paper near end only
    CHECK(ok.status().online);
    CHECK(ok.status().paperNearEnd);
    CHECK_FALSE(ok.status().blocksPrinting());
    CHECK(ok.status().describe() == QStringLiteral("paper near end"));
}

TEST_CASE("status replies round-trip through statusReply")
{
    PrinterStatus s;
    s.coverOpen = true;
    s.paperNearEnd = true;
    StatusDecoder d;
    QByteArray replies;
    for (int n = 1; n <= 4; ++n) {
        d.expect(n);
        replies += char(statusReply(n, s));
    }
    d.feed(replies);
    CHECK(d.status().coverOpen);
    CHECK(d.status().paperNearEnd);
    CHECK_FALSE(d.status().paperEnd);
}

TEST_CASE("ASB bursts mixed with replies, split across reads, with garbage in between")
{
    StatusDecoder d;
    d.expect(1);
    // garbage, an ASB burst (cover open, paper near end), the reply (online), garbage
    const QByteArray stream = QByteArray::fromHex("ff80"
                                                  "30000300"
                                                  "12"
                                                  "41");
    for (const char c : stream) // one byte per read
        d.feed(QByteArray(1, c));
    CHECK(d.burstsDecoded() == 1);
    CHECK(d.repliesDecoded() == 1);
    CHECK(d.bytesDropped() == 3);
    CHECK(d.status().coverOpen);
    CHECK(d.status().paperNearEnd);
    CHECK(d.status().online);

    StatusDecoder cut;
    cut.feed(QByteArray::fromHex("1000"
                                 "90"
                                 "10000c00")); // a burst cut short, then a whole one
    CHECK(cut.burstsDecoded() == 1);
    CHECK(cut.bytesDropped() == 3);
    CHECK(cut.status().paperEnd);

    StatusDecoder unasked;
    unasked.feed(QByteArray::fromHex("12")); // a reply nobody asked for is not trusted
    CHECK(unasked.repliesDecoded() == 0);
    CHECK(unasked.bytesDropped() == 1);
}
