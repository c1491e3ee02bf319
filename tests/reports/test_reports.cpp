// The reports of the hand-built November 2026 (november.h): every figure worked out by hand below.
#include "appraisal.h"
#include "formats.h"
#include "hallconfig.h"
#include "november.h"

#include <QJsonArray>
#include <QJsonDocument>

using namespace qh;
using namespace qh::engine;
using qh::test::November;
using qh::test::shanghai;

namespace {

const reports::Figures& group(const reports::Report& r, const char* key)
{
    for (const reports::Figures& f : r.groups) {
        if (f.key == QLatin1String(key))
            return f;
    }
    FAIL("no group " << key);
    return r.groups.front();
}

} // namespace

TEST_CASE("the hall's figures of the hand-built month")
{
    November h;
    const reports::Report r = h.report(reports::Grouping::Total);
    REQUIRE(r.groups.size() == 1);
    const reports::Figures& f = r.groups[0];
    // T1..T6 and T8 printed (T7 never was); T4's transfer is a second entry, not a ticket.
    CHECK(f.issued == 7);
    CHECK(f.served == 5); // T1, T2, T4 after its transfer, T5, T8
    CHECK(f.noShow == 1);
    CHECK(f.voided == 1);
    CHECK(f.transferred == 1);
    // Waits 60, 120, 600, 600, 1200, 1800, 1800 s.
    CHECK(f.called == 7);
    CHECK(*f.waitMean == Approx(6180.0 / 7));
    CHECK(*f.waitP50 == 600);  // rank ⌈3.5⌉ = 4
    CHECK(*f.waitP90 == 1800); // rank ⌈6.3⌉ = 7
    CHECK(*f.waitMax == 1800);
    CHECK(*f.serviceMean == Approx(3600.0 / 5)); // 600 × 4 and 1200
    CHECK(f.green == 1);
    CHECK(*f.greenShare() == Approx(1.0 / 7));
    CHECK(*f.greenWaitMean == 60);
    CHECK(f.appointments == 1);
    CHECK(*f.appointmentWaitMean == 120);
    CHECK(f.overtimeTickets == 1);
    CHECK(f.overtimeMinutes == Approx(10));
    CHECK(f.pauses == 3);
    CHECK(*f.pauseMinutes == Approx(35)); // 20 + 5 + 10 (to the closing)
    CHECK(f.longPauses == 1);
    // T1 5, T2 1 (web), T8 2 annulled on appeal.
    CHECK(f.rated == 2);
    CHECK(f.satisfied == 1);
    CHECK(f.bad == 1);
    CHECK(f.annulled == 1);
    CHECK(*f.ratingRate() == Approx(0.4));
    CHECK(*f.satisfaction() == Approx(0.5));
    CHECK(f.rectifiedOnTime == 0); // rectified on 3 December, due the 2nd
    CHECK(f.followUpsOverdue == 1);
    CHECK(f.levels == std::array<int, 5>{1, 0, 0, 0, 1});
    CHECK(f.cases.accepted == 1);
    CHECK(*f.cases.sameDayRate() == 1.0);
}

TEST_CASE("the hand-built month by window and by department")
{
    November h;
    const reports::Report byWindow = h.report(reports::Grouping::Window);
    const reports::Figures& w1 = group(byWindow, "1");
    CHECK(w1.served == 3); // T1, T5, T8
    CHECK(*w1.waitMean == Approx((600.0 + 1800 + 120) / 3));
    CHECK(w1.pauses == 2);
    CHECK(*w1.pauseMinutes == Approx(30));
    CHECK(w1.longPauses == 1);
    CHECK(w1.overtimeTickets == 1);
    CHECK(w1.rated == 1);
    CHECK(*w1.satisfaction() == 1.0);
    CHECK(w1.cases.accepted == 1);
    const reports::Figures& w2 = group(byWindow, "2");
    CHECK(w2.served == 2); // T2, T4 after its transfer
    CHECK(w2.noShow == 1);
    CHECK(*w2.waitMean == Approx((60.0 + 1800 + 1200) / 3));
    CHECK(w2.pauses == 1);
    CHECK(w2.bad == 1);
    CHECK(*w2.satisfaction() == 0.0);
    const reports::Figures& w3 = group(byWindow, "3");
    CHECK(w3.transferred == 1);
    CHECK(w3.served == 0);
    CHECK(w3.pauses == 0);
    CHECK(byWindow.groups.front().key == QStringLiteral("1"));

    const reports::Report byDepartment = h.report(reports::Grouping::Department);
    const reports::Figures& hukou = group(byDepartment, "hukou");
    CHECK(hukou.issued == 6);              // T1, T2, T3, T5, T6, T8
    CHECK(hukou.served == 5);              // the transferred T4 is served as residence
    CHECK_FALSE(hukou.pauses.has_value()); // a pause is a window's
    const reports::Figures& tax = group(byDepartment, "tax");
    CHECK(tax.issued == 1);
    CHECK(tax.transferred == 1);

    const reports::Report byDay = h.report(reports::Grouping::Day);
    CHECK(group(byDay, "2026-11-25").issued == 6);
    CHECK(group(byDay, "2026-11-26").issued == 1);
    CHECK(group(byDay, "2026-11-26").pauses == 1);
}

TEST_CASE("the 好差评 export and the report's CSV and JSON parse back to the same figures")
{
    November h;
    const std::vector<reports::RatingRecord> records =
        reports::ratingRecords(h.sqlite(), {QDate(2026, 11, 1), QDate(2026, 11, 30)});
    REQUIRE(records.size() == 3);

    const QList<QByteArray> lines =
        reports::ratingsJsonLines(records, h.service->hall()).trimmed().split('\n');
    REQUIRE(lines.size() == 3);
    const QJsonObject web = QJsonDocument::fromJson(lines[0]).object(); // rated first
    CHECK(web.value(QStringLiteral("subject")).toString() == QStringLiteral("ticket"));
    CHECK(web.value(QStringLiteral("ticket")).toString() == QStringLiteral("A002"));
    CHECK(web.value(QStringLiteral("level")).toInt() == 1);
    CHECK(web.value(QStringLiteral("level_name")).toString() == QStringLiteral("非常不满意"));
    CHECK(web.value(QStringLiteral("channel")).toString() == QStringLiteral("web"));
    CHECK(web.value(QStringLiteral("window")).toInt() == 2);
    CHECK(web.value(QStringLiteral("rated_at")).toString() ==
          QStringLiteral("2026-11-25T09:16:00.000+08:00"));
    CHECK(web.value(QStringLiteral("follow_up")).toString() == QStringLiteral("rectified"));
    CHECK(QJsonDocument::fromJson(lines[2]).object().value(QStringLiteral("follow_up")) ==
          QStringLiteral("annulled"));

    const QList<QByteArray> csv = reports::ratingsCsv(records, h.service->hall()).split('\n');
    CHECK(csv[0].trimmed() == "id,subject,ticket,case,service_id,service_name,department_id,"
                              "department_name,window,level,level_name,channel,rated_at,"
                              "service_day,follow_up");
    CHECK(QString::fromUtf8(csv[1]).startsWith(QStringLiteral("1,ticket,A002,,id-card,")));

    // The command line, on the same database file: the month as CSV, the export as JSON Lines.
    const auto cli = [&](const QStringList& args) {
        const November::Command run = h.reportCommand(args);
        INFO(run.err.toStdString());
        REQUIRE(run.exitCode == 0);
        return run.out;
    };
    const QList<QByteArray> month =
        cli({QStringLiteral("monthly"), QStringLiteral("--month"), QStringLiteral("2026-11"),
             QStringLiteral("--by"), QStringLiteral("window"), QStringLiteral("--format"),
             QStringLiteral("csv")})
            .split('\n');
    const QList<QByteArray> header = month[0].trimmed().split(',');
    const QList<QByteArray> window1 = month[1].trimmed().split(',');
    REQUIRE(header.size() == window1.size());
    const auto field = [&](const char* name) { return window1[header.indexOf(name)]; };
    CHECK(field("from") == "2026-11-01");
    CHECK(field("window") == "1");
    CHECK(field("served") == "3");
    CHECK(field("pauses_over_15_min") == "1");
    CHECK(field("wait_p90_s") == "1800");
    CHECK(field("satisfaction") == "1");

    const QJsonObject json =
        QJsonDocument::fromJson(
            cli({QStringLiteral("range"), QStringLiteral("--from"), QStringLiteral("2026-11-25"),
                 QStringLiteral("--to"), QStringLiteral("2026-11-26"), QStringLiteral("--format"),
                 QStringLiteral("json")}))
            .object();
    const QJsonObject hall = json.value(QStringLiteral("groups")).toArray()[0].toObject();
    CHECK(hall.value(QStringLiteral("issued")).toInt() == 7);
    CHECK(hall.value(QStringLiteral("satisfaction")).toDouble() == 0.5);
    CHECK(hall.value(QStringLiteral("levels")).toArray() == QJsonArray{1, 0, 0, 0, 1});

    const QByteArray exported =
        cli({QStringLiteral("export"), QStringLiteral("--from"), QStringLiteral("2026-11-01"),
             QStringLiteral("--to"), QStringLiteral("2026-11-30"), QStringLiteral("--format"),
             QStringLiteral("json")});
    CHECK(exported.trimmed().split('\n').size() == 3);
    const QString table = QString::fromUtf8(
        cli({QStringLiteral("daily"), QStringLiteral("--from"), QStringLiteral("2026-11-25")}));
    CHECK(table.startsWith(QStringLiteral("2026-11-25 .. 2026-11-25")));
    CHECK(table.contains(QStringLiteral("满意率")));
}

namespace {

reports::AppraisalRules defaultRules()
{
    return reports::readAppraisalRules(
        qh::test::sourcePath(QStringLiteral("assets/appraisal/default.json")));
}

} // namespace

TEST_CASE("the appraisal of the hand-built month under the default rules")
{
    November h;
    const reports::AppraisalRules rules = defaultRules();
    const reports::Appraisal nov =
        reports::appraise(h.sqlite(), h.service->hall(), h.service->engine().calendar(), rules,
                          QDate(2026, 11, 1), QDate(2026, 12, 10));
    REQUIRE(nov.windows.size() == 2); // windows 3 and 4 served nobody
    const reports::WindowScore& w1 = nov.windows[0];
    CHECK(w1.window == 1);
    CHECK(w1.rank == 1);
    // Rated 1 of 3 served: 0.8 − 0.333 = 0.467, 10 steps of 0.05: −10; a pause over 15 min: −1.
    CHECK(w1.score == Approx(89));
    REQUIRE(w1.items.size() == 2);
    CHECK(w1.items[0].rule->id == QStringLiteral("rating-rate"));
    CHECK(w1.items[0].points == -10);
    CHECK(w1.items[1].rule->id == QStringLiteral("long-pause"));
    const reports::WindowScore& w2 = nov.windows[1];
    CHECK(w2.window == 2);
    CHECK(w2.rank == 2);
    // Satisfaction 0: 98 steps × −2, capped at −20; rated 1 of 2: 6 steps, −6; the 差评 rectified
    // late: −3; no-show 1 of 3 reached: 29 steps × −0.5, capped at −5.
    CHECK(w2.score == Approx(66));
    REQUIRE(w2.items.size() == 4);
    CHECK(w2.items[0].points == -20);
    CHECK(w2.items[1].points == -6);
    CHECK(w2.items[2].rule->id == QStringLiteral("bad-unrectified"));
    CHECK(w2.items[2].points == -3);
    CHECK(w2.items[3].points == -5);
    CHECK_FALSE(w2.lastTwice); // October had nothing to rank

    // December: window 2 last again.
    h.service->resume(1, h.actor); // paused since 26 November
    h.issue("2026-12-10 09:00", "id-card");
    h.issue("2026-12-10 09:01", "residence");
    h.call("2026-12-10 09:05", 1, QStringLiteral("A001"));
    h.call("2026-12-10 09:05", 2, QStringLiteral("A002"));
    h.then("2026-12-10 09:06", [&] {
        h.service->start(1, h.actor);
        h.service->start(2, h.actor);
    });
    h.then("2026-12-10 09:15", [&] {
        h.service->complete(1, h.actor);
        h.service->rate(1, 5, h.actor);
        h.service->complete(2, h.actor);
        h.service->rate(2, 1, h.actor);
    });
    const reports::Appraisal dec =
        reports::appraise(h.sqlite(), h.service->hall(), h.service->engine().calendar(), rules,
                          QDate(2026, 12, 1), QDate(2026, 12, 10));
    REQUIRE(dec.windows.size() == 2);
    CHECK(dec.windows[0].window == 1);
    CHECK(dec.windows[0].score == 100);
    CHECK_FALSE(dec.windows[0].lastTwice);
    CHECK(dec.windows[1].window == 2);
    CHECK(dec.windows[1].score == Approx(77)); // −20 satisfaction, −3 the 差评 still open
    CHECK(dec.windows[1].lastTwice);

    const QList<QByteArray> csv = reports::appraisalCsv(dec, rules).split('\n');
    CHECK(csv[0].trimmed() == "month,rank,window,score,last_two_months,satisfaction,rating-rate,"
                              "bad-unrectified,overdue-case,same-day,long-pause,wait,no-show");
    CHECK(csv[2].trimmed() == "2026-12,2,2,77.00,1,-20.00,0.00,-3.00,0.00,0.00,0.00,0.00,0.00");
    const QString table = reports::appraisalTable(dec, rules);
    CHECK(table.contains(QStringLiteral("满意率低于98% -20 (0)")));
    CHECK(table.contains(QStringLiteral("[last two months running]")));
}

TEST_CASE("a rules file with mistakes is refused with each problem's place")
{
    const QByteArray bad = R"({"format": 1, "name": {"zh": "x", "en": "x"}, "base": "100",
        "rules": [
        {"id": "a", "name": {"zh": "a", "en": "a"}, "figure": "happiness", "points": -1},
        {"id": "c", "name": {"zh": "c", "en": "c"}, "figure": "served", "above": "30",
         "points": -1},
        {"id": "a", "name": {"zh": "b"}, "figure": "served", "below": 1, "above": 2,
         "per": 0, "points": "many", "cap": -1, "extra": true}]})";
    try {
        reports::parseAppraisalRules(bad);
        FAIL("accepted");
    } catch (const db::ConfigError& e) {
        const QString all = e.problems().join(u'\n');
        INFO(all.toStdString());
        CHECK(all.contains(QStringLiteral("rules[0].figure: 'happiness' is none of")));
        CHECK(all.contains(QStringLiteral("rules[2].id: must be given and unique")));
        CHECK(all.contains(QStringLiteral("rules[2].name: must be")));
        CHECK(all.contains(QStringLiteral("rules[2]: 'below' and 'above' cannot both be given")));
        CHECK(all.contains(QStringLiteral("rules[2].per: must be above 0")));
        CHECK(all.contains(QStringLiteral("rules[2].points: must be a number")));
        CHECK(all.contains(QStringLiteral("rules[2].cap: must be a number from 0")));
        CHECK(all.contains(QStringLiteral("rules[2].extra: unknown field")));
        CHECK(all.contains(QStringLiteral("base: must be a number")));
        CHECK(all.contains(QStringLiteral("rules[1].above: must be a number")));
    }
    CHECK_THROWS_AS(reports::parseAppraisalRules("[]"), db::ConfigError);
}

TEST_CASE("bookings are counted: kept, no-shows, cancelled, and called within 10 minutes")
{
    qh::test::TestHall h(qh::test::sourcePath(QStringLiteral("tests/data/small-hall.json")),
                         shanghai("2026-11-25 10:00"));
    const QString a = QStringLiteral("13800138000");
    const QString b = QStringLiteral("13912345678");
    const auto book = [&](const char* slot, const QString& phone) {
        return h.service->book(QStringLiteral("id-card"), shanghai(slot), phone,
                               QStringLiteral("zh"), h.actor);
    };
    const Appointment kept = book("2026-11-26 09:30", a);
    const Appointment late = book("2026-11-26 09:30", b);
    book("2026-11-26 10:30", a); // never comes
    h.service->cancelAppointment(book("2026-11-26 11:30", b).code, b, h.actor);
    const auto checkIn = [&](const Appointment& x, const char* at) {
        h.clock.set(shanghai(at));
        h.service->confirmPrinted(h.service->checkIn(x.code, {}, h.actor).ticket.id, h.actor);
    };
    checkIn(kept, "2026-11-26 09:20");
    checkIn(late, "2026-11-26 09:25");
    const auto serve = [&](const char* at) {
        h.clock.set(shanghai(at));
        REQUIRE(h.service->callNext(1, h.actor));
        h.service->start(1, h.actor);
        h.service->complete(1, h.actor);
    };
    serve("2026-11-26 09:35"); // 5 minutes after the booked time
    serve("2026-11-26 09:50"); // 20 minutes after
    h.clock.set(shanghai("2026-11-26 10:46"));
    CHECK(h.service->markNoShows(h.actor) == 1);

    const reports::Period day{qh::test::isoDay("2026-11-26"), qh::test::isoDay("2026-11-26")};
    const auto build = [&](reports::Grouping g) {
        return reports::buildReport(h.sqlite(), h.service->hall(), h.service->engine().calendar(),
                                    day, g, qh::test::isoDay("2026-11-27"));
    };
    const reports::Figures total = build(reports::Grouping::Total).groups.at(0);
    CHECK(total.booked == 3);
    CHECK(total.checkedIn == 2);
    CHECK(total.bookingNoShows == 1);
    CHECK(total.bookingsCancelled == 1);
    CHECK(total.calledWithin10Min == 1);
    CHECK(*total.punctuality() == Approx(0.5));
    CHECK(total.appointments == 2); // the tickets
    CHECK(group(build(reports::Grouping::Service), "id-card").bookingNoShows == 1);
    // A window has no bookings of its own: left out, not zero.
    CHECK_FALSE(group(build(reports::Grouping::Window), "1").booked.has_value());
}
