// SMS end to end: the controller daemon texts applicants through a fake modem on a pty, takes
// their replies, shows the modem in the hall's hardware, and loses and invents nothing when it
// is killed with messages queued.
#include "controllerprocess.h"
#include "database.h"
#include "fakemodem.h"
#include "testhall.h"

#include <QJsonArray>
#include <QJsonDocument>

using namespace qh::test;
using namespace Qt::Literals::StringLiterals;

namespace {

const QString kPhone = u"13800138000"_s;

struct SmsDaemon
{
    QTemporaryDir dir;
    FakeModem modem;
    ControllerProcess controller;

    SmsDaemon()
        : controller(hallWithSection(dir, sourcePath(u"tests/data/small-hall.json"_s), u"sms"_s,
                                     QJsonObject{{u"port"_s, modem.path()}}))
    {
    }

    HttpResponse post(const QString& path, const QString& token)
    {
        return controller.connection().send("POST", path, controller.token(token));
    }
    QStringList texts() const { return modem.textsTo(kPhone); }
    bool textArrived(const QString& part)
    {
        return waitUntil([&] {
            return std::any_of(modem.sent.begin(), modem.sent.end(), [&](const FakeModem::Sent& s) {
                return s.submit.text.contains(part);
            });
        });
    }
    QJsonObject modemHardware()
    {
        const QJsonArray hardware =
            controller.connection()
                .send("GET", u"/api/v1/hall"_s, controller.token(u"admin"_s))
                .json()[u"hardware"_s]
                .toArray();
        for (const QJsonValue port : hardware) {
            if (port[u"protocol"_s].toString() == u"sms"_s)
                return port.toObject();
        }
        return {};
    }
};

int count(qh::db::Database& db, const char* sql)
{
    auto q = db.prepare(sql);
    q.step();
    return q.integer(0);
}

} // namespace

TEST_CASE("an applicant is texted at issue and at the call, rates by reply, and opts out")
{
    SmsDaemon d;
    REQUIRE(waitUntil([&] { return d.modemHardware()[u"ready"_s].toBool(); }));
    const QJsonObject ticket = d.controller.takeTicket(u"id-card"_s, {{u"phone"_s, kPhone}});
    const QString number = ticket[u"number"_s].toString();
    REQUIRE(d.textArrived(u"您已取号"_s + number));
    CHECK(d.modem.sent.back().submit.to.value == kPhone);
    CHECK(d.modem.sent.back().submit.alphabet == qh::sms::Alphabet::Ucs2);
    // The ticket's answer never shows the number.
    CHECK_FALSE(QJsonDocument(ticket).toJson().contains(kPhone.toUtf8()));

    REQUIRE(d.post(u"/api/v1/windows/1/call-next"_s, u"caller1"_s).status == 200);
    REQUIRE(d.textArrived(u"请%1号到1号窗口（1楼）办理"_s.arg(number)));
    REQUIRE(d.post(u"/api/v1/windows/1/start"_s, u"caller1"_s).status == 200);
    REQUIRE(d.post(u"/api/v1/windows/1/complete"_s, u"caller1"_s).status == 200);

    // The invite waits out the rating pad's ten minutes: the daemon comes back eleven later.
    d.controller.stop();
    d.controller.startAt("2026-11-25 10:11");
    REQUIRE(d.textArrived(u"请评价本次服务"_s));

    d.modem.deliver(kPhone, u"5"_s);
    qh::db::Database db(d.controller.dbPath());
    REQUIRE(waitUntil([&] {
        return count(db, "SELECT count(*) FROM ratings WHERE rating = 5 AND channel = 'sms'") == 1;
    }));
    CHECK(count(db, "SELECT count(*) FROM events WHERE type = 'sms.reply' AND "
                    "json_extract(data, '$.phone') = '138****8000'") == 1);
    // Every message read was taken off the SIM.
    CHECK(waitUntil([&] { return d.modem.stored() == 0; }));

    d.modem.deliver(kPhone, u"退订"_s);
    REQUIRE(waitUntil([&] {
        return count(db, "SELECT count(*) FROM events WHERE type = 'sms.reply' AND "
                         "json_extract(data, '$.outcome') = 'opted_out'") == 1;
    }));
    const int sentBefore = int(d.modem.sent.size());
    d.modem.deliver(kPhone, u"what?"_s); // no help reply to a number that opted out
    REQUIRE(waitUntil(
        [&] { return count(db, "SELECT count(*) FROM outbox WHERE state = 'cancelled'") == 1; }));
    CHECK(int(d.modem.sent.size()) == sentBefore);
    // Delivery reports came back for what was sent.
    CHECK(waitUntil(
        [&] { return count(db, "SELECT count(*) FROM outbox WHERE state = 'delivered'") == 3; }));
}

TEST_CASE("the modem's state is in the hall's hardware and on the callers' pages when it fails")
{
    SmsDaemon d;
    REQUIRE(waitUntil([&] { return d.modemHardware()[u"ready"_s].toBool(); }));
    QJsonObject modem = d.modemHardware();
    CHECK(modem[u"port"_s].toString() == d.modem.path());
    CHECK(modem[u"sim"_s].toString() == u"ready"_s);
    CHECK(modem[u"signal"_s].toInt() == 21);
    const auto windowHardware = [&] {
        return d.controller.connection()
            .send("GET", u"/api/v1/windows/1"_s, d.controller.token(u"caller1"_s))
            .json()[u"hardware"_s]
            .toArray();
    };
    CHECK(windowHardware().isEmpty());

    d.modem.unplug();
    REQUIRE(waitUntil([&] { return !d.modemHardware()[u"open"_s].toBool(); }));
    const QJsonArray onPage = windowHardware();
    REQUIRE(onPage.size() == 1);
    CHECK(onPage[0][u"kind"_s].toString() == u"smsModem"_s);
    // Messages wait for it.
    d.controller.takeTicket(u"id-card"_s, {{u"phone"_s, kPhone}});
    REQUIRE(waitUntil([&] { return d.modemHardware()[u"queued"_s].toInt() == 1; }));
    d.modem.plug();
    REQUIRE(d.textArrived(u"您已取号"_s));
    qh::db::Database db(d.controller.dbPath());
    CHECK(count(db, "SELECT count(*) FROM events WHERE type = 'hardware.sms' AND "
                    "json_extract(data, '$.ready') = 0") >= 1);
}

TEST_CASE("killed with messages queued, the controller sends each once after its restart")
{
    SmsDaemon d;
    REQUIRE(waitUntil([&] { return d.modemHardware()[u"ready"_s].toBool(); }));
    d.modem.silent = true; // the messages stay queued
    QStringList numbers;
    for (int i = 0; i < 5; ++i)
        numbers << d.controller.takeTicket(u"id-card"_s, {{u"phone"_s, kPhone}})[u"number"_s]
                       .toString();
    d.controller.kill();
    d.modem.silent = false;
    d.controller.startAt("2026-11-25 10:01");
    REQUIRE(waitUntil([&] { return d.texts().size() == 5; }));
    waitUntil([] { return false; }, 1000); // nothing more comes
    QStringList sent = d.texts();
    CHECK(sent.size() == 5);
    for (const QString& number : numbers)
        CHECK(sent.filter(u"您已取号"_s + number + u"（"_s).size() == 1);
}
