// 差评 follow-ups over HTTP: a rating of 1 on the status page opens one, an admin steps it to its
// close with every step in its events; bad bodies, wrong states and unknown ids are refused and
// change nothing.
#include "controllerprocess.h"
#include "testhall.h"

#include <QJsonArray>
#include <QJsonDocument>

using namespace qh::test;

namespace {

struct FollowUpAdmin
{
    ControllerProcess controller;
    HttpConnection http = controller.connection();
    QString admin = controller.token(QStringLiteral("admin"));

    // A ticket served at window 1 and rated on its status page.
    void servedAndRated(int rating)
    {
        const QString code = controller.takeTicket(QStringLiteral("id-card"))
                                 .value(QStringLiteral("statusCode"))
                                 .toString();
        http.send("POST", QStringLiteral("/api/v1/windows/1/call-next"), admin);
        http.send("POST", QStringLiteral("/api/v1/windows/1/start"), admin);
        http.send("POST", QStringLiteral("/api/v1/windows/1/complete"), admin);
        const HttpResponse r =
            http.send("POST", QStringLiteral("/api/v1/tickets/%1/rating").arg(code), {},
                      QJsonDocument(QJsonObject{{QStringLiteral("rating"), rating}}).toJson());
        REQUIRE(r.status == 200);
    }

    HttpResponse step(const char* action, const QJsonObject& body)
    {
        return http.send("POST",
                         QStringLiteral("/api/v1/followups/1/%1").arg(QLatin1String(action)), admin,
                         QJsonDocument(body).toJson());
    }

    QString state()
    {
        return http.send("GET", QStringLiteral("/api/v1/followups/1"), admin)
            .json()
            .value(QStringLiteral("state"))
            .toString();
    }
};

} // namespace

TEST_CASE("an admin takes a 差评 from the status page through contact, rectification and close")
{
    FollowUpAdmin a;
    a.servedAndRated(4);
    CHECK(a.http.send("GET", QStringLiteral("/api/v1/followups"), a.admin)
              .json()
              .value(QStringLiteral("followUps"))
              .toArray()
              .isEmpty());
    a.servedAndRated(1);
    const QJsonArray list = a.http.send("GET", QStringLiteral("/api/v1/followups"), a.admin)
                                .json()
                                .value(QStringLiteral("followUps"))
                                .toArray();
    REQUIRE(list.size() == 1);
    const QJsonObject opened = list[0].toObject();
    CHECK(opened.value(QStringLiteral("id")).toInt() == 1);
    CHECK(opened.value(QStringLiteral("rating")).toInt() == 1);
    CHECK(opened.value(QStringLiteral("channel")).toString() == QStringLiteral("web"));
    CHECK(opened.value(QStringLiteral("window")).toInt() == 1);
    CHECK(opened.value(QStringLiteral("state")).toString() == QStringLiteral("open"));
    CHECK(opened.value(QStringLiteral("dueOn")).toString() == QStringLiteral("2026-12-02"));
    CHECK(opened.value(QStringLiteral("late")).toBool() == false);

    CHECK(
        a.step("contact", {{QStringLiteral("record"), QStringLiteral("phoned at 15:00")}}).status ==
        200);
    const HttpResponse rectified =
        a.step("rectify", {{QStringLiteral("finding"), QStringLiteral("long pause")},
                           {QStringLiteral("rectification"), QStringLiteral("pauses announced")}});
    CHECK(rectified.status == 200);
    CHECK(rectified.json().value(QStringLiteral("rectifiedOn")).toString() ==
          QStringLiteral("2026-11-25"));
    const HttpResponse closed = a.step("close", {});
    CHECK(closed.status == 200);
    const QJsonObject shown = closed.json();
    CHECK(shown.value(QStringLiteral("state")).toString() == QStringLiteral("closed"));
    QStringList steps;
    for (const QJsonValue& e : shown.value(QStringLiteral("events")).toArray())
        steps << e.toObject().value(QStringLiteral("type")).toString();
    CHECK(steps ==
          QStringList{QStringLiteral("followup.opened"), QStringLiteral("followup.contacted"),
                      QStringLiteral("followup.rectified"), QStringLiteral("followup.closed")});
    CHECK(shown.value(QStringLiteral("events"))
              .toArray()[3]
              .toObject()
              .value(QStringLiteral("actor")) == QStringLiteral("admin"));
}

TEST_CASE("follow-up requests that are wrong are refused with their reason and change nothing")
{
    FollowUpAdmin a;
    a.servedAndRated(2);
    const auto refused = [&](const HttpResponse& r, int status, const char* code) {
        INFO(r.body.toStdString());
        CHECK(r.status == status);
        CHECK(r.errorCode() == QLatin1String(code));
        CHECK(a.state() == QStringLiteral("open"));
    };
    refused(a.step("contact", {}), 400, "invalid");
    refused(a.step("contact", {{QStringLiteral("record"), QString(501, u'x')}}), 400, "invalid");
    refused(a.step("contact", {{QStringLiteral("record"), QStringLiteral("ok")},
                               {QStringLiteral("extra"), 1}}),
            400, "invalid");
    refused(a.step("rectify", {{QStringLiteral("finding"), QStringLiteral("f")},
                               {QStringLiteral("rectification"), QStringLiteral("r")}}),
            409, "wrong_state");
    refused(a.step("close", {}), 409, "wrong_state");
    refused(a.step("decide", {{QStringLiteral("decision"), QStringLiteral("upheld")},
                              {QStringLiteral("reason"), QStringLiteral("r")}}),
            409, "wrong_state");
    CHECK(a.step("appeal", {{QStringLiteral("reason"), QStringLiteral("pressed by mistake")}})
              .status == 200);
    const HttpResponse unknownDecision =
        a.step("decide", {{QStringLiteral("decision"), QStringLiteral("maybe")},
                          {QStringLiteral("reason"), QStringLiteral("r")}});
    CHECK(unknownDecision.status == 400);
    CHECK(a.state() == QStringLiteral("appealed"));
    const HttpResponse unknown = a.http.send("GET", QStringLiteral("/api/v1/followups/7"), a.admin);
    CHECK(unknown.status == 404);
    CHECK(a.http.send("GET", QStringLiteral("/api/v1/followups?late=maybe"), a.admin).status ==
          400);
    const HttpResponse upheld =
        a.step("decide", {{QStringLiteral("decision"), QStringLiteral("upheld")},
                          {QStringLiteral("reason"), QStringLiteral("the applicant confirmed")}});
    CHECK(upheld.status == 200);
    CHECK(upheld.json().value(QStringLiteral("state")).toString() == QStringLiteral("annulled"));
}

TEST_CASE("the command line lists and steps follow-ups through the daemon that serves the hall")
{
    FollowUpAdmin a;
    a.servedAndRated(1);
    const auto cli = [&](QStringList args) {
        args.prepend(a.controller.dbPath());
        args.prepend(QStringLiteral("--db"));
        QProcess p;
        p.start(binaryPath(QStringLiteral("queuehall-controller")), args);
        REQUIRE(p.waitForFinished(30'000));
        return std::pair(p.exitCode(),
                         QString::fromUtf8(p.readAllStandardOutput() + p.readAllStandardError()));
    };
    const auto [listed, list] = cli({QStringLiteral("followup"), QStringLiteral("list")});
    CHECK(listed == 0);
    CHECK(list.startsWith(QStringLiteral("#1 [open] 1 非常不满意 (web) of ")));
    CHECK(list.contains(QStringLiteral("at window 1, due 2026-12-02")));

    const auto [missing, why] =
        cli({QStringLiteral("followup"), QStringLiteral("contact"), QStringLiteral("1")});
    CHECK(missing == 1);
    CHECK(why.contains(QStringLiteral("the contact record is required")));
    CHECK(cli({QStringLiteral("followup"), QStringLiteral("contact"), QStringLiteral("1"),
               QStringLiteral("--record"), QStringLiteral("电话回访")})
              .first == 0);
    CHECK(cli({QStringLiteral("followup"), QStringLiteral("decide"), QStringLiteral("1"),
               QStringLiteral("--decision"), QStringLiteral("perhaps")})
              .first == 2);
    CHECK(a.state() == QStringLiteral("contacted"));
    const auto [shown, steps] =
        cli({QStringLiteral("followup"), QStringLiteral("show"), QStringLiteral("1")});
    CHECK(shown == 0);
    CHECK(steps.contains(QStringLiteral("followup.contacted  cli")));
}

TEST_CASE("an admin reads the reports over HTTP as JSON and CSV and bad queries are refused")
{
    FollowUpAdmin a;
    a.servedAndRated(1);
    a.servedAndRated(5);
    const auto get = [&](const char* path) {
        return a.http.send("GET", QString::fromLatin1(path), a.admin);
    };
    const HttpResponse daily = get("/api/v1/reports/daily?by=window");
    REQUIRE(daily.status == 200);
    const QJsonObject w1 = daily.json().value(QStringLiteral("groups")).toArray()[0].toObject();
    CHECK(w1.value(QStringLiteral("key")).toString() == QStringLiteral("1"));
    CHECK(w1.value(QStringLiteral("served")).toInt() == 2);
    CHECK(w1.value(QStringLiteral("rated")).toInt() == 2);
    CHECK(w1.value(QStringLiteral("bad")).toInt() == 1);
    CHECK(w1.value(QStringLiteral("satisfaction")).toDouble() == 0.5);

    const HttpResponse csv = get("/api/v1/reports/monthly?month=2026-11&format=csv");
    CHECK(csv.status == 200);
    CHECK(csv.headers.value("content-type").startsWith("text/csv"));
    CHECK(csv.headers.value("content-disposition") ==
          "attachment; filename=\"monthly-2026-11.csv\"");
    CHECK(csv.body.startsWith("from,to,total,issued,served,"));
    CHECK(csv.body.split('\n')[1].startsWith("2026-11-01,2026-11-30,,2,2,"));

    const QJsonObject ratings = get("/api/v1/reports/ratings").json();
    CHECK(ratings.value(QStringLiteral("channels")).toObject().value(QStringLiteral("web")) ==
          QJsonArray{1, 0, 0, 0, 1});
    const HttpResponse exported = get("/api/v1/reports/export?format=json");
    CHECK(exported.headers.value("content-type").startsWith("application/x-ndjson"));
    CHECK(exported.body.trimmed().split('\n').size() == 2);
    const QJsonArray ranked = get("/api/v1/reports/appraisal?month=2026-11")
                                  .json()
                                  .value(QStringLiteral("windows"))
                                  .toArray();
    REQUIRE(ranked.size() == 1);
    CHECK(ranked[0].toObject().value(QStringLiteral("window")).toInt() == 1);

    for (const char* bad :
         {"/api/v1/reports/daily?by=floor", "/api/v1/reports/monthly?month=2026-13",
          "/api/v1/reports/range?from=2026-11-01", "/api/v1/reports/daily?from=yesterday",
          "/api/v1/reports/range?from=2026-11-30&to=2026-11-01", "/api/v1/reports/daily?format=pdf",
          // The daemon serves the data; the pictures are drawn by the command line.
          "/api/v1/reports/monthly?format=html"}) {
        const HttpResponse r = get(bad);
        INFO(bad << " -> " << r.body.toStdString());
        CHECK(r.status == 400);
        CHECK(r.errorCode() == QStringLiteral("invalid"));
    }
}
