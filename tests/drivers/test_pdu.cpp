// SMS PDUs against public test vectors (../shared/sms-vectors.md, from an independent codec's
// suite) and round trips of our own: alphabets, addresses, time stamps, concatenated parts,
// delivery reports, and PDUs that are wrong.
#include "catchqt.h"
#include "pdu.h"

#include <QTimeZone>

using namespace qh::sms;

namespace {

Deliver deliver(const char* hex)
{
    const auto received = decodeReceived(hex);
    REQUIRE(std::holds_alternative<Deliver>(received));
    return std::get<Deliver>(received);
}

QString refusal(const char* hex)
{
    try {
        decodeReceived(hex);
    } catch (const PduError& e) {
        return QString::fromUtf8(e.what());
    }
    return {};
}

} // namespace

TEST_CASE("public vectors: SMS-SUBMIT in UCS2 and GSM 7-bit encode to the same octets")
{
    Submit s;
    s.to = {Address::Type::International, QStringLiteral("+123456789")};
    s.alphabet = Alphabet::Ucs2;
    s.text = QStringLiteral("世界您好！");
    s.relativeValidity = 0xF4;
    const EncodedPdu ucs2 = encodeSubmitPart(s, QStringLiteral("+44000000000"));
    CHECK(ucs2.hex == "07914400000000F01100099121436587F90008F40A4E16754C60A8597DFF01");
    CHECK(ucs2.tpduLength == 23); // AT+CMGS counts the TPDU without the service centre

    Submit hello;
    hello.to = {Address::Type::International, QStringLiteral("+27820001111")};
    hello.text = QStringLiteral("Hello World!");
    CHECK(encodeSubmitPart(hello, {}).hex == "0001000B917228001011F100000CC8329BFD065DDF72363904");

    const Submit decoded = decodeSubmit("07914346466554F601000B914316565811F9000806304253F68449");
    CHECK(decoded.to.value == QStringLiteral("+34616585119"));
    CHECK(decoded.alphabet == Alphabet::Ucs2);
    CHECK(decoded.text == QStringLiteral("あ叶葉"));
    CHECK_FALSE(decoded.statusReport);
    CHECK(decodeSubmit("0001000B917228001011F100000CC8329BFD065DDF72363904").text ==
          QStringLiteral("Hello World!"));
}

TEST_CASE("public vectors: SMS-DELIVER, with a concatenation header, and a status report")
{
    const Deliver d = deliver("06917228195339040B917228214365F700003130805120618005D4F29C2E03");
    CHECK(d.from == Address{Address::Type::International, QStringLiteral("+27821234567")});
    CHECK(d.text == QStringLiteral("Test2"));
    CHECK(d.sentAt == QDateTime(QDate(2013, 3, 8), QTime(15, 2, 16), QTimeZone(2 * 3600)));
    CHECK(d.sentAt.offsetFromUtc() == 7200);
    CHECK_FALSE(d.part);

    const Deliver long1 = deliver(
        "0591721891F1400781721881F800003160526104848059050003C30101916536FB1DCABEEB2074D85E06494"
        "1B19CAB060319A5C522289C96D3D3ED32286C0FA7D96131BBEC024941B19CAB0603DDD36C36A88C87A7E565D0"
        "DB0D82C55EB0DB4B068BCD5C20");
    CHECK(long1.from == Address{Address::Type::National, QStringLiteral("2781188")});
    REQUIRE(long1.part);
    CHECK(*long1.part == Part{0xC3, 1, 1});
    CHECK(long1.text == QStringLiteral("Hello!You have R 19.50 FREE airtime available. R 19.50 "
                                       "will expire on 01/07/2013. "));

    const auto report = decodeReceived("0006D60B911326880736F4111011719551401110117195714000");
    REQUIRE(std::holds_alternative<StatusReport>(report));
    const StatusReport r = std::get<StatusReport>(report);
    CHECK(r.messageReference == 214);
    CHECK(r.recipient.value == QStringLiteral("+31628870634"));
    CHECK(r.status == 0);
    CHECK(r.outcome() == StatusReport::Outcome::Delivered);
    CHECK(StatusReport{.status = 0x30}.outcome() == StatusReport::Outcome::Pending);
    CHECK(StatusReport{.status = 0x41}.outcome() == StatusReport::Outcome::Failed);
    CHECK(StatusReport{.status = 0x62}.outcome() == StatusReport::Outcome::Failed);
}

TEST_CASE("a text goes in GSM 7-bit when it can, UCS2 when not, in parts of 153 or 67")
{
    CHECK(splitText(QStringLiteral("Your number A012")).alphabet == Alphabet::Gsm7);
    CHECK(splitText(QString(160, u'a')).parts.size() == 1);
    CHECK(splitText(QString(161, u'a')).parts.size() == 2); // ceil(161 / 153)
    CHECK(splitText(QString(306, u'a')).parts.size() == 2);
    CHECK(splitText(QString(307, u'a')).parts.size() == 3);
    // An extension character costs two septets and its pair is never cut.
    const Split braces = splitText(QString(152, u'a') + u'{' + QString(10, u'b'));
    REQUIRE(braces.parts.size() == 2);
    CHECK(braces.parts[0] == QString(152, u'a'));
    CHECK(braces.parts[1].startsWith(u'{'));

    const QString chinese = QString(70, QChar(u'办'));
    CHECK(splitText(chinese).alphabet == Alphabet::Ucs2);
    CHECK(splitText(chinese).parts.size() == 1);
    const QString longer = QString(140, QChar(u'办'));
    const Split parts = splitText(longer);
    REQUIRE(parts.parts.size() == 3); // ceil(140 / 67): a codec that says 2 drops characters
    CHECK(parts.parts[0].size() == 67);
    CHECK(parts.parts[2].size() == 6);
    CHECK(parts.parts[0] + parts.parts[1] + parts.parts[2] == longer);
    // A surrogate pair (an emoji) is not cut in two.
    const QString emoji =
        QString(66, QChar(u'办')) + QStringLiteral("😀") + QString(5, QChar(u'好'));
    const Split pairs = splitText(emoji); // 73 UTF-16 units: two parts
    REQUIRE(pairs.parts.size() == 2);
    CHECK(pairs.parts[0].size() == 66);
    CHECK(pairs.parts[1] == QStringLiteral("😀好好好好好"));
}

TEST_CASE("every part of a long Chinese text decodes back to its piece, header and number")
{
    const QString text =
        QStringLiteral("【市中区政务服务中心】您的办件 SHIZHONG-20261202-000017 已受理，"
                       "查询密码 123456，承诺 2026-12-16 前办结。") +
        QString(80, QChar(u'好'));
    const std::vector<EncodedPdu> pdus =
        encodeSubmit(QStringLiteral("13800138000"), text, SubmitOptions{}, 0x2A);
    REQUIRE(pdus.size() == splitText(text).parts.size());
    QString joined;
    for (std::size_t i = 0; i < pdus.size(); ++i) {
        const Submit s = decodeSubmit(pdus[i].hex);
        CHECK(s.to == Address{Address::Type::National, QStringLiteral("13800138000")});
        CHECK(s.alphabet == Alphabet::Ucs2);
        CHECK(s.statusReport);
        CHECK(s.relativeValidity == 167);
        REQUIRE(s.part);
        CHECK(*s.part == Part{0x2A, int(pdus.size()), int(i) + 1});
        CHECK(pdus[i].tpduLength == pdus[i].hex.size() / 2 - 1);
        joined += s.text;
    }
    CHECK(joined == text);
}

TEST_CASE("a delivered message round-trips: alphanumeric senders, extension characters, 8-bit data")
{
    Deliver d;
    d.from = {Address::Type::Alphanumeric, QStringLiteral("GovHall")};
    d.sentAt = QDateTime(QDate(2026, 12, 2), QTime(9, 30, 5), QTimeZone(8 * 3600));
    d.text = QStringLiteral("Rate us [1-5] {ok} ~ €5 | ^_^ \\ @home");
    d.part = Part{7, 2, 2};
    const Deliver back = deliver(encodeDeliver(d, QStringLiteral("+8613800531500")).hex);
    CHECK(back.from == d.from);
    CHECK(back.sentAt == d.sentAt);
    CHECK(back.sentAt.offsetFromUtc() == 8 * 3600);
    CHECK(back.text == d.text);
    CHECK(back.part == d.part);

    Deliver west;
    west.from = {Address::Type::International, QStringLiteral("+15551234567")};
    west.sentAt = QDateTime(QDate(2026, 1, 31), QTime(23, 59, 59), QTimeZone(-5 * 3600));
    west.alphabet = Alphabet::Data8;
    west.data = QByteArray::fromHex("00ff10");
    const Deliver westBack = deliver(encodeDeliver(west, {}).hex);
    CHECK(westBack.sentAt == west.sentAt);
    CHECK(westBack.data == west.data);
    CHECK(westBack.alphabet == Alphabet::Data8);

    // A 16-bit concatenation reference (IE 08) is read too.
    const Deliver reply = deliver("0691722819533944"
                                  "0B917228214365F7"
                                  "0000"
                                  "31308051206180"
                                  "0D"
                                  "06080401230201"
                                  "D4F29C2E03");
    CHECK(reply.part == Part{0x0123, 2, 1});
}

TEST_CASE("a PDU that is wrong is refused with what is wrong, never read past its end")
{
    CHECK(refusal("").contains(QStringLiteral("hexadecimal")));
    CHECK(refusal("0G").contains(QStringLiteral("hexadecimal")));
    CHECK(refusal("123").contains(QStringLiteral("hexadecimal")));
    CHECK(refusal("0006D60B91").contains(QStringLiteral("recipient is cut short")));
    CHECK(refusal("0001000B917228001011F100000CC8329BFD065DDF72363904")
              .contains(QStringLiteral("not a received message")));
    // A user data length longer than the data.
    CHECK(refusal("06917228195339040B917228214365F700003130805120618009D4F29C2E03")
              .contains(QStringLiteral("user data is cut short")));
    // A header longer than the user data.
    CHECK(refusal("06917228195339440B917228214365F70000313080512061800409FFFFFF")
              .contains(QStringLiteral("header")));
    // A time stamp with a month 13.
    CHECK(refusal("06917228195339040B917228214365F700003131805120618005D4F29C2E03")
              .contains(QStringLiteral("time stamp")));
    CHECK_THROWS_AS(decodeSubmit("0006D60B911326880736F4111011719551401110117195714000"), PduError);
    CHECK_THROWS_AS(encodeSubmit(QStringLiteral("12ab"), QStringLiteral("x"), {}, 0), PduError);
}
