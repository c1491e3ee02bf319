// The hall changed while it runs, over HTTP: a renamed service keeps its tickets, a new window
// calls at once, each change is audited with its before and after; changes that would strand a
// ticket, made from a stale version, or wrong in a field are refused and change nothing; and the
// notices of the kiosk and the display.
#include "controllerprocess.h"
#include "database.h"
#include "testhall.h"

#include <QJsonArray>
#include <QJsonDocument>

using namespace qh::test;

namespace {

struct HallAdmin
{
    ControllerProcess controller;
    HttpConnection http = controller.connection();
    QString admin = controller.token(QStringLiteral("admin"));

    QJsonObject config()
    {
        return http.send("GET", QStringLiteral("/api/v1/hall/config"), admin).json();
    }

    // Posts the hall file `edit` makes of the current one.
    HttpResponse change(const std::function<void(QJsonObject&)>& edit)
    {
        const QJsonObject current = config();
        QJsonObject hall = current.value(QStringLiteral("hall")).toObject();
        edit(hall);
        return http.send("POST", QStringLiteral("/api/v1/hall/config"), admin,
                         QJsonDocument(QJsonObject{{QStringLiteral("version"),
                                                    current.value(QStringLiteral("version"))},
                                                   {QStringLiteral("hall"), hall}})
                             .toJson(QJsonDocument::Compact));
    }
};

// Edits the entry of a list in the hall file whose key has this value.
void editEntry(QJsonObject& hall, const char* list, const char* key, const QJsonValue& value,
               const std::function<void(QJsonObject&)>& edit)
{
    QJsonArray entries = hall.value(QString::fromLatin1(list)).toArray();
    for (qsizetype i = 0; i < entries.size(); ++i) {
        QJsonObject e = entries.at(i).toObject();
        if (e.value(QString::fromLatin1(key)) == value) {
            edit(e);
            entries.replace(i, e);
        }
    }
    hall.insert(QString::fromLatin1(list), entries);
}

} // namespace

TEST_CASE("a renamed service keeps its tickets, a new window calls at once, and both are audited")
{
    HallAdmin h;
    const QString code = h.controller.takeTicket(QStringLiteral("id-card"))
                             .value(QStringLiteral("statusCode"))
                             .toString();
    const HttpResponse r = h.change([](QJsonObject& hall) {
        editEntry(hall, "services", "id", QStringLiteral("id-card"), [](QJsonObject& s) {
            s.insert(QStringLiteral("name"),
                     QJsonObject{{QStringLiteral("zh"), QStringLiteral("身份证申领换领")},
                                 {QStringLiteral("en"), QStringLiteral("ID cards")}});
        });
        QJsonArray windows = hall.value(QStringLiteral("windows")).toArray();
        windows.append(QJsonObject{
            {QStringLiteral("number"), 5},
            {QStringLiteral("floor"), 1},
            {QStringLiteral("name"),
             QJsonObject{{QStringLiteral("zh"), QStringLiteral("5号窗口")},
                         {QStringLiteral("en"), QStringLiteral("Window 5")}}},
            {QStringLiteral("services"),
             QJsonArray{QJsonObject{{QStringLiteral("service"), QStringLiteral("id-card")},
                                    {QStringLiteral("weight"), QStringLiteral("primary")}}}}});
        hall.insert(QStringLiteral("windows"), windows);
    });
    REQUIRE(r.status == 200);
    CHECK(r.json().value(QStringLiteral("changes")).toArray().size() == 2);

    const QJsonObject status =
        h.http.send("GET", QStringLiteral("/api/v1/tickets/%1").arg(code)).json();
    CHECK(status.value(QStringLiteral("state")) == QStringLiteral("waiting"));
    CHECK(status.value(QStringLiteral("serviceName")).toObject().value(QStringLiteral("zh")) ==
          QStringLiteral("身份证申领换领"));
    const HttpResponse called =
        h.http.send("POST", QStringLiteral("/api/v1/windows/5/call-next"), h.admin);
    REQUIRE(called.status == 200);
    CHECK(called.json().value(QStringLiteral("number")) == QStringLiteral("A001"));

    const QJsonArray changes = h.controller.lastEvent(QStringLiteral("hall.changed"))
                                   .data.value(QStringLiteral("changes"))
                                   .toArray();
    REQUIRE(changes.size() == 2);
    const QJsonObject renamed = changes.at(0).toObject();
    CHECK(renamed.value(QStringLiteral("section")) == QStringLiteral("services"));
    CHECK(renamed.value(QStringLiteral("key")) == QStringLiteral("id-card"));
    CHECK(renamed.value(QStringLiteral("before"))
              .toObject()
              .value(QStringLiteral("name"))
              .toObject()
              .value(QStringLiteral("zh")) == QStringLiteral("居民身份证申领"));
    CHECK(renamed.value(QStringLiteral("after"))
              .toObject()
              .value(QStringLiteral("name"))
              .toObject()
              .value(QStringLiteral("zh")) == QStringLiteral("身份证申领换领"));
    const QJsonObject added = changes.at(1).toObject();
    CHECK(added.value(QStringLiteral("key")).toInt() == 5);
    CHECK_FALSE(added.contains(QStringLiteral("before")));
}

TEST_CASE("hall changes that would strand a ticket, are stale, or are wrong are refused and change "
          "nothing")
{
    HallAdmin h;
    h.controller.takeTicket(QStringLiteral("birth-notary"));
    h.controller.takeTicket(QStringLiteral("invoice"));
    REQUIRE(h.http.send("POST", QStringLiteral("/api/v1/windows/3/call-next"), h.admin).status ==
            200);
    const QString version = h.config().value(QStringLiteral("version")).toString();

    // The notary's only service, with a ticket waiting, taken out with its window.
    const HttpResponse waiting = h.change([](QJsonObject& hall) {
        for (const char* list : {"services", "windows", "departments"}) {
            QJsonArray kept;
            for (const QJsonValue v : hall.value(QString::fromLatin1(list)).toArray()) {
                const QJsonObject o = v.toObject();
                if (o.value(QStringLiteral("id")) != QStringLiteral("birth-notary") &&
                    o.value(QStringLiteral("id")) != QStringLiteral("notary") &&
                    o.value(QStringLiteral("number")).toInt() != 4)
                    kept.append(o);
            }
            hall.insert(QString::fromLatin1(list), kept);
        }
    });
    CHECK(waiting.status == 409);
    CHECK(waiting.json()
              .value(QStringLiteral("error"))
              .toObject()
              .value(QStringLiteral("message"))
              .toString() ==
          QStringLiteral("service 'birth-notary' cannot be removed: ticket GZ001 is waiting"));

    // Window 3 has a ticket called there; its service goes to window 2 instead.
    const HttpResponse called = h.change([](QJsonObject& hall) {
        QJsonArray windows;
        for (const QJsonValue v : hall.value(QStringLiteral("windows")).toArray()) {
            QJsonObject w = v.toObject();
            if (w.value(QStringLiteral("number")).toInt() == 3)
                continue;
            if (w.value(QStringLiteral("number")).toInt() == 2)
                w.insert(
                    QStringLiteral("services"),
                    QJsonArray{QJsonObject{{QStringLiteral("department"), QStringLiteral("tax")}}});
            windows.append(w);
        }
        hall.insert(QStringLiteral("windows"), windows);
    });
    CHECK(called.status == 409);
    CHECK(called.errorCode() == QStringLiteral("wrong_state"));

    const HttpResponse zone = h.change([](QJsonObject& hall) {
        hall.insert(QStringLiteral("timeZone"), QStringLiteral("Asia/Urumqi"));
    });
    CHECK(zone.status == 409);

    const HttpResponse wrong = h.change([](QJsonObject& hall) {
        editEntry(hall, "services", "id", QStringLiteral("invoice"), [](QJsonObject& s) {
            QJsonObject guide = s.value(QStringLiteral("guide")).toObject();
            guide.insert(QStringLiteral("standardMinutes"), -3);
            s.insert(QStringLiteral("guide"), guide);
        });
    });
    CHECK(wrong.status == 400);
    const QJsonArray problems = wrong.json()
                                    .value(QStringLiteral("error"))
                                    .toObject()
                                    .value(QStringLiteral("problems"))
                                    .toArray();
    REQUIRE(problems.size() == 1);
    CHECK(
        problems.at(0).toString().startsWith(QStringLiteral("services[2].guide.standardMinutes:")));

    const QByteArray stale =
        QJsonDocument(
            QJsonObject{{QStringLiteral("version"), QStringLiteral("0123456789abcdef")},
                        {QStringLiteral("hall"), h.config().value(QStringLiteral("hall"))}})
            .toJson(QJsonDocument::Compact);
    CHECK(h.http.send("POST", QStringLiteral("/api/v1/hall/config"), h.admin, stale).status == 409);

    const HttpResponse huge = h.http.send("POST", QStringLiteral("/api/v1/hall/config"), h.admin,
                                          QByteArray(1024 * 1024 + 1, ' '));
    CHECK(huge.status == 413);

    CHECK(h.config().value(QStringLiteral("version")).toString() == version);
    CHECK(h.controller.lastEvent(QStringLiteral("hall.changed")).data.isEmpty());
}

TEST_CASE("notices: the display's snapshot carries them, bad ones are refused with the field named")
{
    HallAdmin h;
    const auto publish = [&](const char* body) {
        return h.http.send("POST", QStringLiteral("/api/v1/notices"), h.admin, body);
    };
    const auto message = [](const HttpResponse& r) {
        return r.json()
            .value(QStringLiteral("error"))
            .toObject()
            .value(QStringLiteral("message"))
            .toString();
    };
    CHECK(
        message(
            publish(
                R"({"zh":" ","target":"display","startsAt":"2026-11-25T09:00:00+08:00","endsAt":"2026-11-25T18:00:00+08:00"})"))
            .startsWith(QStringLiteral("text.zh:")));
    CHECK(
        message(
            publish(
                R"({"zh":"公告","target":"wall","startsAt":"2026-11-25T09:00:00+08:00","endsAt":"2026-11-25T18:00:00+08:00"})"))
            .startsWith(QStringLiteral("target:")));
    CHECK(
        message(
            publish(
                R"({"zh":"公告","target":"display","startsAt":"2026-11-25T19:00:00+08:00","endsAt":"2026-11-25T18:00:00+08:00"})"))
            .startsWith(QStringLiteral("ends:")));
    CHECK(
        message(
            publish(
                R"({"zh":"公告","target":"display","startsAt":"tomorrow","endsAt":"2026-11-25T18:00:00+08:00"})"))
            .startsWith(QStringLiteral("startsAt:")));
    CHECK(h.http.send("GET", QStringLiteral("/api/v1/notices"), h.admin)
              .json()
              .value(QStringLiteral("notices"))
              .toArray()
              .isEmpty());

    const HttpResponse ok = publish(
        R"({"zh":"十二点至一点午休","en":"Lunch break 12:00-13:00","target":"display","startsAt":"2026-11-25T09:00:00+08:00","endsAt":"2026-11-25T18:00:00+08:00"})");
    REQUIRE(ok.status == 201);
    const QJsonArray shown = h.http
                                 .send("GET", QStringLiteral("/api/v1/hall"),
                                       h.controller.token(QStringLiteral("display")))
                                 .json()
                                 .value(QStringLiteral("notices"))
                                 .toArray();
    REQUIRE(shown.size() == 1);
    CHECK(shown.at(0)
              .toObject()
              .value(QStringLiteral("text"))
              .toObject()
              .value(QStringLiteral("en")) == QStringLiteral("Lunch break 12:00-13:00"));
    // A display notice is not the kiosk's.
    CHECK(h.http
              .send("GET", QStringLiteral("/api/v1/services"),
                    h.controller.token(QStringLiteral("kiosk")))
              .json()
              .value(QStringLiteral("notices"))
              .toArray()
              .isEmpty());
    const QString withdraw = QStringLiteral("/api/v1/notices/%1/withdraw")
                                 .arg(ok.json().value(QStringLiteral("id")).toInt());
    CHECK(h.http.send("POST", withdraw, h.admin).status == 200);
    CHECK(h.http.send("POST", withdraw, h.admin).status == 409);
    CHECK(h.http.send("POST", QStringLiteral("/api/v1/notices/99/withdraw"), h.admin).status ==
          404);
}

TEST_CASE("the SIM's PIN in the hall file is never shown, audited or lost by a change made from "
          "what is shown")
{
    HallAdmin h;
    REQUIRE(h.change([](QJsonObject& hall) {
                 hall.insert(
                     QStringLiteral("sms"),
                     QJsonObject{{QStringLiteral("port"), QStringLiteral("/dev/ttyUSB-modem")},
                                 {QStringLiteral("pin"), QStringLiteral("8642")}});
             }).status == 200);
    const QJsonObject shown = h.config().value(QStringLiteral("hall")).toObject();
    CHECK(shown.value(QStringLiteral("sms")).toObject().value(QStringLiteral("pin")) ==
          QStringLiteral("(hidden)"));
    CHECK_FALSE(QJsonDocument(h.controller.lastEvent(QStringLiteral("hall.changed")).data)
                    .toJson()
                    .contains("8642"));
    // A change made from the shown file keeps the PIN the hall has.
    const HttpResponse renamed = h.change([](QJsonObject& hall) {
        editEntry(hall, "departments", "id", QStringLiteral("tax"),
                  [](QJsonObject& d) { d.insert(QStringLiteral("floor"), 3); });
    });
    REQUIRE(renamed.status == 200);
    CHECK(renamed.json().value(QStringLiteral("changes")).toArray().size() == 1);
    CHECK(renamed.json().value(QStringLiteral("restartNeeded")).toArray().isEmpty());
    qh::db::Database database(h.controller.dbPath());
    qh::db::Statement q = database.prepare("SELECT value FROM hall_meta WHERE key = 'hall_config'");
    REQUIRE(q.step());
    CHECK(q.text(0).contains(QStringLiteral("\"8642\"")));
}
