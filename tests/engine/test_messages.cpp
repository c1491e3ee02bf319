// SMS to applicants in the domain core: what each event queues and in which unit of work, the
// order of sending, retries, delivery reports, the replies (rating on the 5-level scale, opt-out,
// help) and the erasure of numbers; with the hall's "sms" section, without a modem.
#include "engine.h"
#include "testhall.h"

#include <QJsonDocument>

using namespace qh::engine;
using qh::test::shanghai;
using namespace Qt::Literals::StringLiterals;

namespace {

const QString kPhone = u"13800138000"_s;
const QString kOther = u"13912345678"_s;

QString smsHallFile(const QJsonObject& sms)
{
    static QTemporaryDir dir;
    QJsonObject section = sms;
    section.insert(u"port"_s, u"/dev/qh-no-modem"_s);
    return qh::test::hallWithSection(dir, qh::test::sourcePath(u"tests/data/small-hall.json"_s),
                                     u"sms"_s, section);
}

struct SmsHall : qh::test::TestHall
{
    explicit SmsHall(const QJsonObject& sms = {},
                     std::int64_t startMs = shanghai("2026-11-25 10:00"))
        : TestHall(smsHallFile(sms), startMs)
    {
    }

    MessageDesk& desk() { return service->engine().messages(); }

    // Every message queued, in id order.
    std::vector<OutboxMessage> outbox()
    {
        std::vector<OutboxMessage> all;
        for (std::int64_t id = 1; const std::optional<OutboxMessage> m = store->outboxMessage(id);
             ++id)
            all.push_back(*m);
        return all;
    }
    std::vector<QString> kinds()
    {
        std::vector<QString> k;
        for (const OutboxMessage& m : outbox())
            k.push_back(m.kind);
        return k;
    }
    // Takes the next message and reports it sent as the modem would.
    std::optional<OutboxMessage> send(int reference = 1)
    {
        std::optional<OutboxMessage> m = service->nextMessage(actor);
        if (m)
            service->messageSent(m->id, {reference}, actor);
        return m;
    }
    Event lastEvent() { return store->eventsSince(store->lastEventSeq() - 1, 1).front(); }

    // The 2026 calendar imported and a ticket with the phone being served at window 1, ready for
    // a case to be accepted.
    void servingForCase(const QString& phone)
    {
        service->importCalendar(qh::test::calendarFile2026(), actor);
        take(u"id-card"_s, Priority::Normal, phone);
        service->callNext(1, actor);
        service->start(1, actor);
    }

    // A ticket with the phone served and finished at window 1.
    Ticket served(const QString& phone)
    {
        const Ticket t = take(u"id-card"_s, Priority::Normal, phone);
        service->callNext(1, actor);
        service->start(1, actor);
        return service->complete(1, actor);
    }
};

} // namespace

TEST_CASE("numbers are mainland mobiles, shown masked")
{
    CHECK(mainlandMobile(u"13800138000"_s) == u"13800138000"_s);
    CHECK(mainlandMobile(u"+86 138-0013-8000"_s) == u"13800138000"_s);
    CHECK(mainlandMobile(u"8613800138000"_s) == u"13800138000"_s);
    CHECK_FALSE(mainlandMobile(u"12800138000"_s));  // no such prefix
    CHECK_FALSE(mainlandMobile(u"1380013800"_s));   // ten digits
    CHECK_FALSE(mainlandMobile(u"010-12345678"_s)); // a landline
    CHECK_FALSE(mainlandMobile(u"1380013800a"_s));
    CHECK(maskPhone(u"13800138000"_s) == u"138****8000"_s);
}

TEST_CASE(
    "a printed ticket with a phone is told its number, wait and link, in its own unit of work")
{
    SmsHall h({{u"statusUrl"_s, u"http://hall.example/t/"_s}});
    h.take(u"id-card"_s); // one ahead, without a phone: no message
    CHECK(h.outbox().empty());
    const Ticket t = h.take(u"id-card"_s, Priority::Normal, kPhone);
    const std::vector<OutboxMessage> out = h.outbox();
    REQUIRE(out.size() == 1);
    CHECK(out[0].kind == u"issued"_s);
    CHECK(out[0].phone == kPhone);
    CHECK(out[0].ticketId == t.id);
    CHECK(out[0].eventSeq == h.lastEvent().seq); // ticket.printed
    CHECK(h.lastEvent().type == u"ticket.printed"_s);
    CHECK(out[0].body.startsWith(
        u"【测试大厅】您已取号%1（居民身份证申领），前面1位"_s.arg(t.number)));
    CHECK(out[0].body.endsWith(u"http://hall.example/t/"_s + t.statusCode));
    // The events never carry the number.
    for (const Event& e : h.store->eventsSince(0, 100))
        CHECK_FALSE(QJsonDocument(e.data).toJson().contains(kPhone.toUtf8()));

    SECTION("undone with its unit of work")
    {
        CHECK_THROWS(h.service->perform([&] {
            h.service->issue({.serviceId = u"id-card"_s, .phone = kOther}, h.actor);
            const TicketView v =
                h.service->issue({.serviceId = u"id-card"_s, .phone = kOther}, h.actor);
            h.service->confirmPrinted(v.ticket.id, h.actor);
            throw std::runtime_error("crash");
        }));
        CHECK(h.outbox().size() == 1);
    }
    SECTION("in the applicant's language")
    {
        const TicketView v = h.service->issue(
            {.serviceId = u"invoice"_s, .phone = kOther, .lang = u"en"_s}, h.actor);
        h.service->confirmPrinted(v.ticket.id, h.actor);
        CHECK(h.outbox().back().body.startsWith(
            u"[Test Hall] Ticket %1 (VAT invoice on behalf): 0 ahead"_s.arg(v.ticket.number)));
    }
}

TEST_CASE("a call tells the ticket called first, and whoever it leaves three ahead of, once")
{
    SmsHall h;
    std::vector<Ticket> tickets;
    for (int i = 0; i < 6; ++i)
        tickets.push_back(h.take(u"id-card"_s, Priority::Normal, u"1380013800%1"_s.arg(i)));
    while (h.send()) { // the issued messages go out
    }
    h.service->callNext(1, h.actor); // tickets[0]; tickets[4] now has 3 ahead
    h.service->callNext(2, h.actor); // tickets[1]; tickets[5] now has 3 ahead
    std::vector<std::pair<QString, std::int64_t>> queued;
    for (const OutboxMessage& m : h.outbox()) {
        if (m.state == OutboxMessage::State::Queued)
            queued.emplace_back(m.kind, *m.ticketId);
    }
    CHECK(queued == std::vector<std::pair<QString, std::int64_t>>{{u"called"_s, tickets[0].id},
                                                                  {u"near"_s, tickets[4].id},
                                                                  {u"called"_s, tickets[1].id},
                                                                  {u"near"_s, tickets[5].id}});
    // Both calls go before both near-turn messages.
    CHECK(h.send()->ticketId == tickets[0].id);
    CHECK(h.send()->ticketId == tickets[1].id);
    const OutboxMessage near = *h.send();
    CHECK(near.kind == u"near"_s);
    CHECK(near.body == u"【测试大厅】%1号前面还有3位，请留意叫号。"_s.arg(tickets[4].number));
    const std::optional<OutboxMessage> called = h.store->outboxMessage(1 + 6);
    CHECK(called->body == u"【测试大厅】请%1号到1号窗口（1楼）办理。"_s.arg(tickets[0].number));
    // A recall or a later call does not repeat "near".
    h.service->recall(1, h.actor);
    h.service->start(1, h.actor);
    h.service->complete(1, h.actor);
    h.service->callNext(1, h.actor);
    int nears = 0;
    for (const OutboxMessage& m : h.outbox())
        nears += m.kind == u"near"_s && m.ticketId == tickets[4].id;
    CHECK(nears == 1);
}

TEST_CASE("a case's acceptance carries its password once, the outbox keeps none after sending")
{
    SmsHall h;
    h.servingForCase(kPhone);
    while (h.send()) {
    }
    const AcceptedCase accepted = h.service->acceptCase(1, {}, h.actor);
    const OutboxMessage m = h.outbox().back();
    CHECK(m.kind == u"case_accepted"_s);
    CHECK(m.caseSerial == accepted.record.serial);
    CHECK(m.body ==
          u"【测试大厅】您的居民身份证申领办件已受理，受理编号%1，查询密码%2，承诺%3前办结。"_s.arg(
              accepted.record.serial, accepted.password,
              accepted.record.dueDay.toString(Qt::ISODate)));
    REQUIRE(h.send()->id == m.id);
    const OutboxMessage after = *h.store->outboxMessage(m.id);
    CHECK(after.state == OutboxMessage::State::Sent);
    CHECK_FALSE(after.body.contains(accepted.password));
    CHECK(after.body.contains(u"******"_s));

    SECTION("suspended, then completed: the result, then the rating invite for the case")
    {
        h.service->complete(1, h.actor); // the ticket: rated with its case, no invite now
        CHECK(h.outbox().back().kind == u"case_accepted"_s);
        h.service->suspendCase(accepted.record.serial, u"缺户口簿原件"_s, h.actor);
        CHECK(h.outbox().back().body ==
              u"【测试大厅】您的办件%1暂停办理：缺户口簿原件。补齐后继续办理。"_s.arg(
                  accepted.record.serial));
        h.service->resumeCase(accepted.record.serial, h.actor);
        h.service->completeCase(accepted.record.serial, CaseResult::Approved, {}, h.actor);
        const std::vector<OutboxMessage> out = h.outbox();
        CHECK(out[out.size() - 2].body ==
              u"【测试大厅】您的办件%1已办结（准予许可）。"_s.arg(accepted.record.serial));
        CHECK(out.back().kind == u"rating"_s);
        CHECK(out.back().caseSerial == accepted.record.serial);
    }
}

TEST_CASE("case updates and rating invites wait out the quiet hours")
{
    SmsHall h({{u"quietHours"_s, QJsonObject{{u"from"_s, u"16:30"_s}, {u"until"_s, u"08:30"_s}}}});
    h.served(kPhone); // at 10:00: the invite waits ten minutes for the pad
    OutboxMessage invite = h.outbox().back();
    CHECK(invite.kind == u"rating"_s);
    CHECK(invite.notBefore == invite.queuedAt + QueueEngine::kRatingWindowMs);
    h.clock.set(shanghai("2026-11-25 16:25"));
    h.served(kOther); // its ten minutes end in the quiet hours: tomorrow morning
    invite = h.outbox().back();
    CHECK(invite.notBefore == shanghai("2026-11-26 08:30"));
    // A call in the quiet hours is not held back.
    h.take(u"id-card"_s, Priority::Normal, kOther);
    h.clock.set(shanghai("2026-11-25 16:40"));
    h.service->callNext(1, h.actor);
    CHECK(h.outbox().back().kind == u"called"_s);
    CHECK(h.outbox().back().notBefore == h.clock.nowMs());
}

TEST_CASE("a temporary failure is tried again later, a final one is not, reports mark delivery")
{
    SmsHall h({{u"maxAttempts"_s, 3}});
    h.take(u"id-card"_s, Priority::Normal, kPhone);
    OutboxMessage m = *h.service->nextMessage(h.actor);
    h.service->messageFailed(m.id, true, u"+CMS ERROR: 42"_s, h.actor);
    CHECK_FALSE(h.service->nextMessage(h.actor)); // resting
    CHECK(h.desk().nextAt() == h.clock.nowMs() + MessageDesk::kFirstRetryMs);
    h.clock.advanceSeconds(30);
    REQUIRE(h.service->nextMessage(h.actor)->id == m.id);
    h.service->messageFailed(m.id, true, u"+CMS ERROR: 42"_s, h.actor);
    CHECK(h.desk().nextAt() == h.clock.nowMs() + 2 * MessageDesk::kFirstRetryMs);
    h.clock.advanceSeconds(60);
    h.service->messageFailed(m.id, true, u"+CMS ERROR: 42"_s, h.actor); // the third: final
    m = *h.store->outboxMessage(m.id);
    CHECK(m.state == OutboxMessage::State::Failed);
    CHECK(m.attempts == 3);
    CHECK(h.lastEvent().type == u"sms.failed"_s);
    CHECK(h.lastEvent().data[u"final"_s].toBool());
    CHECK(h.lastEvent().data[u"phone"_s].toString() == u"138****8000"_s);
    CHECK(h.desk().summary().failedToday == 1);

    h.take(u"id-card"_s, Priority::Normal, kOther);
    const OutboxMessage second = *h.service->nextMessage(h.actor);
    h.service->messageFailed(second.id, false, u"+CMS ERROR: 21"_s, h.actor);
    CHECK(h.store->outboxMessage(second.id)->state == OutboxMessage::State::Failed);

    h.take(u"id-card"_s, Priority::Normal, kOther);
    const OutboxMessage third = *h.service->nextMessage(h.actor);
    h.service->messageSent(third.id, {17, 18}, h.actor);
    h.service->messageReported(kOther, 18, true, 0, h.actor);
    CHECK(h.store->outboxMessage(third.id)->state == OutboxMessage::State::Sent); // one of two
    h.service->messageReported(kPhone, 17, true, 0, h.actor); // another number's: not this one
    h.service->messageReported(kOther, 17, true, 0, h.actor);
    CHECK(h.store->outboxMessage(third.id)->state == OutboxMessage::State::Delivered);
    CHECK(h.lastEvent().type == u"sms.delivered"_s);
}

TEST_CASE("a reply of 1 to 5 rates the service once on the 5-level scale, TD opts out")
{
    SmsHall h;
    const Ticket t = h.served(kPhone);
    h.clock.advanceSeconds(11 * 60);
    while (h.send()) {
    }
    CHECK(h.outbox().back().kind == u"rating"_s);
    CHECK(
        h.outbox().back().body ==
        u"【测试大厅】请评价本次服务，回复5非常满意 4满意 3基本满意 2不满意 1非常不满意。回复TD退订"_s);

    SmsReply r = h.service->receiveMessage(kPhone, u" ５ "_s, h.actor); // a full-width digit
    CHECK(r.outcome == SmsReply::Outcome::Rated);
    CHECK(r.rating == 5);
    CHECK(h.store->rating(t.id) == 5);
    Event e = h.lastEvent();
    CHECK(e.type == u"sms.reply"_s);
    CHECK(e.ticketId == t.id);
    CHECK(e.data[u"phone"_s].toString() == u"138****8000"_s);
    CHECK(e.data[u"rating"_s].toInt() == 5);
    CHECK(e.data[u"outcome"_s].toString() == u"rated"_s);

    CHECK(h.service->receiveMessage(kPhone, u"1"_s, h.actor).outcome ==
          SmsReply::Outcome::AlreadyRated);
    CHECK(h.store->rating(t.id) == 5);

    CHECK(h.service->receiveMessage(kPhone, u"你好"_s, h.actor).outcome == SmsReply::Outcome::Help);
    CHECK(h.outbox().back().kind == u"help"_s);
    CHECK(h.service->receiveMessage(kPhone, u"?"_s, h.actor).outcome ==
          SmsReply::Outcome::Ignored); // one help a day
    // A stranger's text gets no answer.
    CHECK(h.service->receiveMessage(u"13700000000"_s, u"hi"_s, h.actor).outcome ==
          SmsReply::Outcome::Ignored);

    CHECK(h.service->receiveMessage(kPhone, u"td"_s, h.actor).outcome ==
          SmsReply::Outcome::OptedOut);
    // The help reply queued before is cancelled on the way out.
    CHECK_FALSE(h.service->nextMessage(h.actor));
    CHECK(h.outbox().back().state == OutboxMessage::State::Cancelled);
    CHECK(h.lastEvent().type == u"sms.cancelled"_s);
    // A ticket taken with the number afterwards is what it asked for; its invite is not.
    h.clock.advanceSeconds(60);
    h.served(kPhone); // taken, called and finished before anything went: the call first
    CHECK(h.send()->kind == u"called"_s);
    CHECK(h.send()->kind == u"issued"_s);
    h.clock.advanceSeconds(11 * 60);
    CHECK_FALSE(h.send());
}

TEST_CASE("a rating reply counts within its days, a rating on the pad cancels the invite")
{
    SmsHall h;
    const Ticket first = h.served(kPhone);
    h.clock.advanceSeconds(60);
    h.service->rate(1, 4, h.actor); // on the pad, within its ten minutes
    h.clock.advanceSeconds(11 * 60);
    while (h.send()) {
    }
    CHECK(h.outbox().back().state == OutboxMessage::State::Cancelled);
    CHECK(h.store->rating(first.id) == 4);

    const Ticket second = h.served(kOther);
    h.clock.advanceSeconds(11 * 60);
    while (h.send()) {
    }
    h.clock.advanceSeconds(3 * 24 * 3600 + 60); // past the 3 days
    CHECK(h.service->receiveMessage(kOther, u"2"_s, h.actor).outcome == SmsReply::Outcome::Help);
    CHECK_FALSE(h.store->rating(second.id));
}

TEST_CASE("numbers are erased after the retention, by the daemon's purge")
{
    SmsHall h({{u"retentionDays"_s, 30}});
    const Ticket t = h.take(u"id-card"_s, Priority::Normal, kPhone);
    h.clock.advanceSeconds(29 * 24 * 3600);
    CHECK(h.service->purgePhones(h.actor) == 0);
    h.clock.advanceSeconds(2 * 24 * 3600);
    CHECK(h.service->purgePhones(h.actor) == 2); // the ticket and its message
    CHECK(h.store->ticket(t.id)->phone.isEmpty());
    CHECK(h.outbox().front().phone.isEmpty());
    CHECK(h.lastEvent().type == u"sms.purged"_s);
    CHECK_FALSE(h.service->nextMessage(h.actor)); // nobody to send it to
    CHECK(h.outbox().front().state == OutboxMessage::State::Cancelled);
}

TEST_CASE("a password that never went out is not kept either")
{
    SmsHall h;
    h.servingForCase(kPhone);
    const AcceptedCase accepted = h.service->acceptCase(1, {}, h.actor);
    const OutboxMessage queued = h.outbox().back();
    CHECK(queued.body.contains(accepted.password));
    SECTION("failed for good")
    {
        while (const std::optional<OutboxMessage> m = h.service->nextMessage(h.actor))
            h.service->messageFailed(m->id, false, u"+CMS ERROR: 21"_s, h.actor);
    }
    SECTION("cancelled: the number opted out first")
    {
        h.clock.advanceSeconds(1); // the ticket was taken before the opt-out
        h.service->receiveMessage(kPhone, u"TD"_s, h.actor);
        CHECK_FALSE(h.service->nextMessage(h.actor));
    }
    const OutboxMessage done = *h.store->outboxMessage(queued.id);
    CHECK(done.state != OutboxMessage::State::Queued);
    CHECK_FALSE(done.body.contains(accepted.password));
    CHECK(done.body.contains(accepted.record.serial));
}

TEST_CASE("a 差评 by SMS reply opens a follow-up, of the case when the invite was the case's")
{
    SmsHall h;
    h.servingForCase(kPhone);
    const AcceptedCase accepted = h.service->acceptCase(1, {}, h.actor);
    h.service->complete(1, h.actor);
    h.service->completeCase(accepted.record.serial, CaseResult::Approved, {}, h.actor);
    while (h.send()) {
    }
    CHECK(h.service->receiveMessage(kPhone, u"2"_s, h.actor).outcome == SmsReply::Outcome::Rated);
    CHECK(h.store->caseRating(accepted.record.serial) == 2);
    const std::vector<FollowUpView> pending = h.service->engine().followUps().pending(false);
    REQUIRE(pending.size() == 1);
    CHECK(pending[0].record.rating.channel == u"sms"_s);
    CHECK(pending[0].record.rating.caseSerial == accepted.record.serial);
    CHECK(pending[0].record.rating.window == 1);
}
