// The modem's side of the AT dialogue cut into events: final codes, errors with their numbers,
// the SMS prompt, information lines and indications, a PDU after its header; however the bytes
// arrive, and with noise in between.
#include "atreader.h"
#include "catchqt.h"

#include <QRandomGenerator>

using namespace qh::sms;
using Kind = AtEvent::Kind;

namespace {

const QByteArray kDialogue =
    "\r\nOK\r\n"
    "\r\n+CPIN: READY\r\n\r\nOK\r\n"
    "\r\n+CSQ: 21,99\r\n\r\nOK\r\n"
    "\r\n+CME ERROR: 10\r\n"
    "\r\n> "
    "\r\n+CMGS: 214\r\n\r\nOK\r\n"
    "\r\n+CMS ERROR: 500\r\n"
    "\r\n+CMTI: \"SM\",3\r\n"
    "\r\n+CMGR: 0,,26\r\n0006D60B911326880736F4111011719551401110117195714000\r\n\r\nOK\r\n"
    "\r\n+CDS: 26\r\n0006D60B911326880736F4111011719551401110117195714000\r\n"
    "\r\n+CMS ERROR: unknown error\r\n";

std::vector<std::pair<Kind, QString>> summary(const std::vector<AtEvent>& events)
{
    std::vector<std::pair<Kind, QString>> out;
    for (const AtEvent& e : events)
        out.emplace_back(e.kind, e.text + u'|' + QString::number(e.code) + u'|' +
                                     QString::fromLatin1(e.pdu));
    return out;
}

} // namespace

TEST_CASE("a modem's answers become final codes, errors, prompts, lines and PDUs")
{
    AtReader reader;
    const std::vector<AtEvent> e = reader.feed(kDialogue);
    REQUIRE(e.size() == 15);
    CHECK(e[0].kind == Kind::Ok);
    CHECK(e[1].kind == Kind::Line);
    CHECK(e[1].text == QStringLiteral("+CPIN: READY"));
    CHECK(e[3].text == QStringLiteral("+CSQ: 21,99"));
    CHECK(e[5].kind == Kind::CmeError);
    CHECK(e[5].code == 10);
    CHECK(e[6].kind == Kind::Prompt);
    CHECK(e[7].text == QStringLiteral("+CMGS: 214"));
    CHECK(e[9].kind == Kind::CmsError);
    CHECK(e[9].code == 500);
    CHECK(e[10].text == QStringLiteral("+CMTI: \"SM\",3"));
    CHECK(e[11].kind == Kind::WithPdu);
    CHECK(e[11].text == QStringLiteral("+CMGR: 0,,26"));
    CHECK(e[11].pdu == "0006D60B911326880736F4111011719551401110117195714000");
    CHECK(e[12].kind == Kind::Ok);
    CHECK(e[13].kind == Kind::WithPdu);
    CHECK(e[14].kind == Kind::CmsError);
    const std::vector<AtEvent> more = reader.feed({});
    CHECK(more.empty());
}

TEST_CASE("an unsolicited report with its PDU, a verbose error, and an empty read")
{
    AtReader reader;
    std::vector<AtEvent> e = reader.feed(kDialogue.mid(kDialogue.indexOf("\r\n+CDS")));
    REQUIRE(e.size() == 2);
    CHECK(e[0].kind == Kind::WithPdu);
    CHECK(e[0].text == QStringLiteral("+CDS: 26"));
    CHECK(e[1].kind == Kind::CmsError);
    CHECK(e[1].code == -1); // +CMEE=2 gives text, not a number
    // A header followed by a final code: nothing was there to read.
    e = reader.feed("\r\n+CMGL: 1,0,,24\r\nOK\r\n");
    REQUIRE(e.size() == 1);
    CHECK(e[0].kind == Kind::Ok);
}

TEST_CASE("however the bytes arrive, the events are the same")
{
    AtReader whole;
    const auto expected = summary(whole.feed(kDialogue));
    AtReader byteByByte;
    std::vector<AtEvent> events;
    for (const char c : kDialogue) {
        const std::vector<AtEvent> e = byteByByte.feed(QByteArray(1, c));
        events.insert(events.end(), e.begin(), e.end());
    }
    CHECK(summary(events) == expected);
    QRandomGenerator random(27005);
    for (int round = 0; round < 50; ++round) {
        AtReader chunks;
        events.clear();
        for (qsizetype at = 0; at < kDialogue.size();) {
            const qsizetype n = random.bounded(1, 40);
            const std::vector<AtEvent> e = chunks.feed(kDialogue.mid(at, n));
            events.insert(events.end(), e.begin(), e.end());
            at += n;
        }
        CHECK(summary(events) == expected);
    }
}

TEST_CASE("noise without a line end is dropped, and the dialogue goes on")
{
    AtReader reader;
    CHECK(reader.feed(QByteArray(3000, 'x')).empty());
    const std::vector<AtEvent> e = reader.feed("\r\nOK\r\n");
    REQUIRE(e.size() == 1);
    CHECK(e[0].kind == Kind::Ok);
    reader.feed("+CMGR: 0,,26\r\n");
    reader.reset(); // the modem was reset: the PDU awaited will not come
    const std::vector<AtEvent> after = reader.feed("+CSQ: 10,99\r\n");
    REQUIRE(after.size() == 1);
    CHECK(after[0].kind == Kind::Line);
}

TEST_CASE("a send error is tried again when the network or the modem may get over it")
{
    CHECK(isTemporary(500));       // unknown error
    CHECK(isTemporary(42));        // congestion
    CHECK(isTemporary(331));       // no network service
    CHECK(isTemporary(332));       // network timeout
    CHECK(isTemporary(-1));        // a verbose error: unknown
    CHECK_FALSE(isTemporary(1));   // unassigned number
    CHECK_FALSE(isTemporary(304)); // invalid PDU mode parameter
    CHECK_FALSE(isTemporary(330)); // SMSC address unknown
}
