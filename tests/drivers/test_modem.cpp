// The modem driver against a fake modem on a pty: the bring-up dialogue, sending in parts,
// receiving with +CMTI and from storage, delivery reports, and the faults: refused sends, a
// modem that stops answering or resets mid-send, the port unplugged, the SIM's PIN.
#include "catchqt.h"
#include "fakemodem.h"
#include "httpclient.h"
#include "modem.h"

using namespace qh;
using namespace qh::test;
using namespace Qt::Literals::StringLiterals;

namespace {

const QString kPhone = QStringLiteral("13800138000");

struct Outcomes
{
    std::vector<std::pair<qint64, std::vector<int>>> sent;
    struct Failure
    {
        qint64 id;
        bool temporary;
        QString reason;
    };
    std::vector<Failure> failed;
    std::vector<sms::ReceivedMessage> received;
    std::vector<sms::StatusReport> reports;

    explicit Outcomes(sms::Modem& modem)
    {
        QObject::connect(
            &modem, &sms::Modem::messageSent,
            [this](qint64 id, const std::vector<int>& r) { sent.emplace_back(id, r); });
        QObject::connect(&modem, &sms::Modem::messageFailed,
                         [this](qint64 id, bool temporary, const QString& reason) {
                             failed.push_back({id, temporary, reason});
                         });
        QObject::connect(&modem, &sms::Modem::messageReceived,
                         [this](const sms::ReceivedMessage& m) { received.push_back(m); });
        QObject::connect(&modem, &sms::Modem::reportReceived,
                         [this](const sms::StatusReport& r) { reports.push_back(r); });
    }
};

sms::ModemConfig configFor(const FakeModem& fake)
{
    sms::ModemConfig config;
    config.port = fake.path();
    config.commandTimeoutMs = 400;
    config.sendTimeoutMs = 600;
    config.checkIntervalMs = 300;
    config.notRegisteredRetryMs = 200;
    return config;
}

bool ready(const sms::Modem& modem)
{
    return waitUntil([&] { return modem.canSend(); }, 5000);
}

// A fake modem and the driver on it, brought up.
struct ModemOnPty
{
    FakeModem fake;
    sms::Modem modem{configFor(fake)};
    Outcomes out{modem};

    ModemOnPty()
    {
        modem.start();
        REQUIRE(ready(modem));
    }
};

} // namespace

TEST_CASE_METHOD(ModemOnPty,
                 "The modem is brought up with the standard dialogue and sends a GSM 7-bit message")
{
    CHECK(fake.commands.mid(0, 12) ==
          QStringList{u"ATZ"_s, u"ATE0"_s, u"AT+CMEE=1"_s, u"AT+CPIN?"_s, u"AT+CMGF=0"_s,
                      u"AT+CSMS=0"_s, u"AT+CPMS=\"SM\",\"SM\",\"SM\""_s, u"AT+CNMI=2,1,0,1,0"_s,
                      u"AT+CREG?"_s, u"AT+CEREG?"_s, u"AT+CSQ"_s, u"AT+CMGL=4"_s});
    CHECK(modem.health().signal == 21);
    CHECK(modem.health().sim == sms::ModemHealth::Sim::Ready);
    CHECK(modem.health().problem.isEmpty());

    modem.send(7, kPhone, QStringLiteral("A012 please go to window 3"), 0);
    CHECK_FALSE(modem.canSend());
    REQUIRE(waitUntil([&] { return !out.sent.empty(); }));
    CHECK(out.sent[0] == std::pair<qint64, std::vector<int>>{7, {1}});
    REQUIRE(fake.sent.size() == 1);
    CHECK(fake.sent[0].submit.to.value == kPhone);
    CHECK(fake.sent[0].submit.alphabet == sms::Alphabet::Gsm7);
    CHECK(fake.sent[0].submit.text == QStringLiteral("A012 please go to window 3"));
    CHECK(fake.sent[0].submit.statusReport);
    CHECK_FALSE(fake.sent[0].submit.part);
    // The delivery report comes back with the message's reference.
    REQUIRE(waitUntil([&] { return !out.reports.empty(); }));
    CHECK(out.reports[0].messageReference == 1);
    CHECK(out.reports[0].outcome() == sms::StatusReport::Outcome::Delivered);
    CHECK(modem.canSend());
}

TEST_CASE_METHOD(ModemOnPty,
                 "A 140-character Chinese text goes in 3 UCS2 parts that reassemble to it")
{
    QString text;
    while (text.size() < 140)
        text += QStringLiteral("您的办件已受理，请凭受理编号和查询密码查询办理进度。");
    text.truncate(140);
    modem.send(1, kPhone, text, 42);
    REQUIRE(waitUntil([&] { return !out.sent.empty(); }));
    CHECK(out.sent[0].second == std::vector<int>{1, 2, 3});
    REQUIRE(fake.sent.size() == 3);
    for (int i = 0; i < 3; ++i) {
        CHECK(fake.sent[i].submit.alphabet == sms::Alphabet::Ucs2);
        CHECK(fake.sent[i].submit.part == sms::Part{42, 3, i + 1});
    }
    CHECK(fake.sent[0].submit.text.size() == 67);
    CHECK(fake.textsTo(kPhone) == QStringList{text});
}

TEST_CASE("Messages are received from +CMTI, from storage at start, and in parts out of order")
{
    ensureQtApp();
    FakeModem fake;
    // One came while the modem was off: it waits in the SIM's storage.
    fake.deliver(QStringLiteral("+8613912345678"), QStringLiteral("TD"), false);
    sms::Modem modem(configFor(fake));
    Outcomes out(modem);
    modem.start();
    REQUIRE(waitUntil([&] { return out.received.size() == 1; }));
    CHECK(out.received[0].from.value == QStringLiteral("+8613912345678"));
    CHECK(out.received[0].from.type == sms::Address::Type::International);
    CHECK(out.received[0].text == QStringLiteral("TD"));

    fake.deliver(QStringLiteral("13912345678"), QStringLiteral("5"));
    REQUIRE(waitUntil([&] { return out.received.size() == 2; }));
    CHECK(out.received[1].from.value == QStringLiteral("13912345678"));
    CHECK(out.received[1].text == QStringLiteral("5"));

    QString longText;
    for (int i = 0; longText.size() < 150; ++i)
        longText += QStringLiteral("办事很快，窗口服务态度很好%1。").arg(i);
    fake.deliver(QStringLiteral("13912345678"), longText, true, {3, 1, 2});
    REQUIRE(waitUntil([&] { return out.received.size() == 3; }));
    CHECK(out.received[2].text == longText);
    // Every message read was deleted from the SIM.
    CHECK(waitUntil([&] { return fake.stored() == 0; }));
}

TEST_CASE_METHOD(ModemOnPty, "A refused send is temporary or final by its +CMS ERROR code")
{
    fake.refuseNextSends = {42, 21}; // congestion; short message transfer rejected
    modem.send(1, kPhone, QStringLiteral("one"), 0);
    REQUIRE(waitUntil([&] { return out.failed.size() == 1; }));
    CHECK(out.failed[0].id == 1);
    CHECK(out.failed[0].temporary);
    CHECK(out.failed[0].reason.contains(QStringLiteral("+CMS ERROR: 42")));
    REQUIRE(ready(modem));
    modem.send(2, kPhone, QStringLiteral("two"), 0);
    REQUIRE(waitUntil([&] { return out.failed.size() == 2; }));
    CHECK_FALSE(out.failed[1].temporary);
    REQUIRE(ready(modem));
    modem.send(3, kPhone, QStringLiteral("three"), 0);
    REQUIRE(waitUntil([&] { return out.sent.size() == 1; }));
    CHECK(fake.textsTo(kPhone) == QStringList{QStringLiteral("three")});
}

TEST_CASE_METHOD(ModemOnPty, "A number no PDU can carry fails at once and for good")
{
    modem.send(1, QStringLiteral("13800x"), QStringLiteral("hi"), 0);
    REQUIRE(out.failed.size() == 1);
    CHECK_FALSE(out.failed[0].temporary);
    CHECK(modem.canSend());
    CHECK(fake.sent.empty());
}

TEST_CASE_METHOD(ModemOnPty, "A modem that stops answering or resets mid-send is brought up again")
{
    const int commandsBefore = int(fake.commands.size());
    SECTION("silent")
    {
        fake.silent = true;
        modem.send(1, kPhone, QStringLiteral("hello"), 0);
        REQUIRE(waitUntil([&] { return out.failed.size() == 1; }));
        CHECK(out.failed[0].temporary);
        CHECK(out.failed[0].reason.contains(QStringLiteral("did not answer")));
        CHECK_FALSE(modem.health().ready);
        CHECK(modem.health().problem.contains(QStringLiteral("did not answer")));
        fake.silent = false;
    }
    SECTION("reset while it takes the PDU")
    {
        fake.resetOnNextPdu = true;
        modem.send(1, kPhone, QStringLiteral("hello"), 0);
        REQUIRE(waitUntil([&] { return out.failed.size() == 1; }));
        CHECK(out.failed[0].temporary);
    }
    REQUIRE(ready(modem));
    // Brought up from the start: reset and echo off again.
    CHECK(fake.commands.mid(commandsBefore).contains(QStringLiteral("ATE0")));
    modem.send(2, kPhone, QStringLiteral("hello again"), 0);
    REQUIRE(waitUntil([&] { return out.sent.size() == 1; }));
    CHECK(fake.textsTo(kPhone) == QStringList{QStringLiteral("hello again")});
}

TEST_CASE_METHOD(ModemOnPty, "An unplugged modem is reopened and brought up when it comes back")
{
    fake.unplug();
    REQUIRE(waitUntil([&] { return !modem.health().portOpen; }));
    CHECK_FALSE(modem.canSend());
    fake.plug();
    REQUIRE(ready(modem));
    CHECK(modem.health().portOpen);
    modem.send(1, kPhone, QStringLiteral("back"), 0);
    REQUIRE(waitUntil([&] { return out.sent.size() == 1; }));
}

TEST_CASE("The SIM's PIN is entered once, a missing SIM or a PUK is a clear state")
{
    ensureQtApp();
    using Sim = sms::ModemHealth::Sim;
    FakeModem fake;
    sms::ModemConfig config = configFor(fake);
    SECTION("the right PIN")
    {
        fake.sim = FakeModem::Sim::NeedsPin;
        config.pin = QStringLiteral("1234");
        sms::Modem modem(config);
        modem.start();
        REQUIRE(ready(modem));
        CHECK(fake.commands.count(QStringLiteral("AT+CPIN=\"1234\"")) == 1);
    }
    // The SIM as the fake has it: the modem's state and problem once it asked.
    const auto asked = [&](FakeModem::Sim sim, Sim expected, const QString& problem) {
        fake.sim = sim;
        auto modem = std::make_unique<sms::Modem>(config);
        modem->start();
        REQUIRE(waitUntil([&] { return modem->health().sim == expected; }));
        CHECK(modem->health().problem.contains(problem));
        return modem;
    };
    SECTION("a wrong PIN is not tried again")
    {
        config.pin = QStringLiteral("0000");
        const auto modem =
            asked(FakeModem::Sim::NeedsPin, Sim::WrongPin, QStringLiteral("refused"));
        waitUntil([] { return false; }, 1000); // several check intervals
        CHECK(fake.commands.count(QStringLiteral("AT+CPIN=\"0000\"")) == 1);
        CHECK_FALSE(modem->health().ready);
    }
    SECTION("no PIN configured")
    {
        asked(FakeModem::Sim::NeedsPin, Sim::NeedsPin, QStringLiteral("PIN"));
    }
    SECTION("PUK")
    {
        asked(FakeModem::Sim::NeedsPuk, Sim::NeedsPuk, QStringLiteral("PUK"));
    }
    SECTION("no SIM, then one put in")
    {
        const auto modem = asked(FakeModem::Sim::Missing, Sim::Missing, QStringLiteral("no SIM"));
        fake.sim = FakeModem::Sim::Ready;
        REQUIRE(ready(*modem));
    }
}

TEST_CASE("A modem without network waits, and sends once it registers")
{
    ensureQtApp();
    FakeModem fake;
    fake.registered = false;
    sms::Modem modem(configFor(fake));
    modem.start();
    REQUIRE(waitUntil([&] { return modem.health().sim == sms::ModemHealth::Sim::Ready; }));
    REQUIRE(waitUntil(
        [&] { return modem.health().problem.contains(QStringLiteral("not registered")); }));
    CHECK_FALSE(modem.canSend());
    fake.registered = true;
    REQUIRE(ready(modem));
}
