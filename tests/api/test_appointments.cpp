// Appointments over HTTP: the booking page's calls (services, slots, book, look up, cancel) with
// their limits per address and against guessing, the booking platform's token, the kiosk's
// check-in with each refusal's details, and the admin's list of the day.
#include "controllerprocess.h"
#include "testhall.h"

#include <QJsonArray>
#include <QJsonDocument>

using namespace qh::test;
using namespace Qt::Literals::StringLiterals;

namespace {

QByteArray json(const QJsonObject& o)
{
    return QJsonDocument(o).toJson(QJsonDocument::Compact);
}

QByteArray booking(const char* start, const char* phone)
{
    return json({{u"service"_s, u"id-card"_s},
                 {u"start"_s, QString::fromLatin1(start)},
                 {u"phone"_s, QString::fromLatin1(phone)}});
}

} // namespace

TEST_CASE("the booking page books, looks up and cancels, and a full slot is refused")
{
    ControllerProcess controller(sourcePath(u"tests/data/small-hall.json"_s), "2026-11-25 10:00");
    HttpConnection http = controller.connection();
    const HttpResponse services = http.send("GET", u"/api/v1/appointments/services"_s);
    REQUIRE(services.status == 200);
    const QJsonArray departments = services.json()[u"departments"_s].toArray();
    REQUIRE(departments.size() == 1); // hukou: id-card by share, residence in the holiday session
    CHECK(departments[0][u"services"_s].toArray().size() == 2);

    const HttpResponse calendar = http.send("GET", u"/api/v1/appointments/slots?service=id-card"_s);
    REQUIRE(calendar.status == 200);
    const QJsonObject thursday = calendar.json()[u"days"_s].toArray()[1].toObject();
    CHECK(thursday[u"date"_s] == u"2026-11-26"_s);
    const QJsonObject first = thursday[u"slots"_s].toArray()[0].toObject();
    CHECK(first[u"start"_s] == u"2026-11-26T09:00:00+08:00"_s);
    CHECK(first[u"capacity"_s] == 1);
    CHECK(first[u"free"_s] == 1);

    const HttpResponse booked = http.send("POST", u"/api/v1/appointments"_s, {},
                                          booking("2026-11-26T09:00:00+08:00", "13800138000"));
    REQUIRE(booked.status == 201);
    const QString code = booked.json()[u"code"_s].toString();
    CHECK(code.size() == 10);
    CHECK(booked.json()[u"phone"_s] == u"138****8000"_s);
    CHECK(booked.json()[u"qrSvg"_s].toString().startsWith(u"<svg"_s));
    const HttpResponse full = http.send("POST", u"/api/v1/appointments"_s, {},
                                        booking("2026-11-26T09:00:00+08:00", "13912345678"));
    CHECK(full.status == 409);
    CHECK(full.errorCode() == u"slot_full"_s);
    const QJsonObject after = http.send("GET", u"/api/v1/appointments/slots?service=id-card"_s)
                                  .json()[u"days"_s]
                                  .toArray()[1][u"slots"_s]
                                  .toArray()[0]
                                  .toObject();
    CHECK(after[u"free"_s] == 0);

    const QByteArray mine = json({{u"code"_s, code}, {u"phone"_s, u"13800138000"_s}});
    const HttpResponse found = http.send("POST", u"/api/v1/appointments/lookup"_s, {}, mine);
    CHECK(found.status == 200);
    CHECK(found.json()[u"state"_s] == u"booked"_s);
    const HttpResponse cancelled = http.send("POST", u"/api/v1/appointments/cancel"_s, {}, mine);
    CHECK(cancelled.status == 200);
    CHECK(cancelled.json()[u"state"_s] == u"cancelled"_s);
    CHECK(http.send("POST", u"/api/v1/appointments"_s, {},
                    booking("2026-11-26T09:00:00+08:00", "13912345678"))
              .status == 201);

    // Bad input: each a clear 400.
    for (const QByteArray& bad :
         {QByteArray(R"({"service":"id-card"})"),
          QByteArray(R"({"service":"id-card","start":"tomorrow","phone":"13800138000"})"),
          QByteArray(R"({"service":"id-card","start":"2026-11-26T09:30:00+08:00","phone":"1"})"),
          QByteArray(R"({"service":"id-card","start":"2026-11-26T09:30:00+08:00",)"
                     R"("phone":"13800138000","extra":1})"),
          QByteArray("not json")}) {
        const HttpResponse r = http.send("POST", u"/api/v1/appointments"_s, {}, bad);
        INFO(bad.toStdString() << " -> " << r.body.toStdString());
        CHECK(r.status == 400);
    }
    CHECK(http.send("GET", u"/api/v1/appointments/slots"_s).status == 400);
    CHECK(http.send("GET", u"/api/v1/appointments/slots?service=invoice"_s).status == 404);
}

TEST_CASE("an address books at most 10 an hour, a booking platform is held to the number limits")
{
    ControllerProcess controller(sourcePath(u"tests/data/small-hall.json"_s), "2026-11-25 10:00");
    HttpConnection http = controller.connection();
    // Each on its own number, to the Thursday and Friday slots: only the address's rate stops.
    int accepted = 0;
    HttpResponse last;
    const QStringList starts = {u"09:30"_s, u"10:30"_s, u"11:30"_s,
                                u"13:30"_s, u"14:30"_s, u"15:30"_s};
    for (int i = 0; i < 11; ++i) {
        const QString start =
            (i < 6 ? u"2026-11-26T"_s : u"2026-11-27T"_s) + starts[i % 6] + u":00+08:00"_s;
        last = http.send("POST", u"/api/v1/appointments"_s, {},
                         json({{u"service"_s, u"id-card"_s},
                               {u"start"_s, start},
                               {u"phone"_s, u"138001380%1"_s.arg(i, 2, 10, QChar(u'0'))}}));
        accepted += last.status == 201;
    }
    CHECK(accepted == 10);
    CHECK(last.status == 429);
    CHECK(last.headers.contains("retry-after"));

    const QString platform = controller.token(u"booking"_s);
    CHECK(http.send("POST", u"/api/v1/appointments"_s, platform,
                    booking("2026-11-30T09:30:00+08:00", "13900000001"))
              .status == 201);
    CHECK(http.send("POST", u"/api/v1/appointments"_s, platform,
                    booking("2026-11-30T10:30:00+08:00", "13900000001"))
              .status == 201);
    const HttpResponse third = http.send("POST", u"/api/v1/appointments"_s, platform,
                                         booking("2026-11-30T11:30:00+08:00", "13900000001"));
    CHECK(third.status == 409);
    CHECK(third.errorCode() == u"booking_limit"_s);
}

TEST_CASE("guessing codes is stopped after 10 misses from one address")
{
    ControllerProcess controller(sourcePath(u"tests/data/small-hall.json"_s), "2026-11-25 10:00");
    HttpConnection http = controller.connection();
    const QString code = http.send("POST", u"/api/v1/appointments"_s, {},
                                   booking("2026-11-26T09:00:00+08:00", "13800138000"))
                             .json()[u"code"_s]
                             .toString();
    for (int i = 0; i < 10; ++i) {
        const HttpResponse r =
            http.send("POST", u"/api/v1/appointments/lookup"_s, {},
                      json({{u"code"_s, u"10000000%1"_s.arg(i, 2, 10, QChar(u'0'))},
                            {u"phone"_s, u"13800138000"_s}}));
        CHECK(r.status == 404);
    }
    // Now even the right code waits: the address is locked out for a while.
    const HttpResponse locked =
        http.send("POST", u"/api/v1/appointments/lookup"_s, {},
                  json({{u"code"_s, code}, {u"phone"_s, u"13800138000"_s}}));
    CHECK(locked.status == 429);
    CHECK(locked.headers.contains("retry-after"));
}

TEST_CASE("the kiosk checks in on time, and each refusal says what the kiosk must show")
{
    ControllerProcess controller(sourcePath(u"tests/data/small-hall.json"_s), "2026-11-26 09:20");
    HttpConnection http = controller.connection();
    const QString kiosk = controller.token(u"kiosk"_s);
    const auto book = [&](const char* start) {
        return http.send("POST", u"/api/v1/appointments"_s, {}, booking(start, "13800138000"))
            .json()[u"code"_s]
            .toString();
    };
    const QString now = book("2026-11-26T09:30:00+08:00");
    const QString later = book("2026-11-26T11:00:00+08:00");
    const auto checkIn = [&](const QString& code) {
        return http.send("POST", u"/api/v1/appointments/check-in"_s, kiosk,
                         json({{u"code"_s, code}, {u"lang"_s, u"zh"_s}}));
    };
    const HttpResponse ticket = checkIn(now);
    REQUIRE(ticket.status == 201);
    CHECK(ticket.json()[u"state"_s] == u"issuing"_s);
    CHECK(ticket.json()[u"appointmentAt"_s].toString().startsWith(u"2026-11-26T09:30"_s));
    CHECK(http.send("POST", u"/api/v1/tickets/%1/printed"_s.arg(ticket.json()[u"id"_s].toInteger()),
                    kiosk)
              .status == 200);
    const HttpResponse again = checkIn(now);
    CHECK(again.status == 409);
    CHECK(again.errorCode() == u"already_checked_in"_s);
    CHECK(again.json()[u"error"_s][u"details"_s][u"ticket"_s] == ticket.json()[u"number"_s]);

    const HttpResponse early = checkIn(later);
    CHECK(early.status == 409);
    CHECK(early.errorCode() == u"too_early"_s);
    const QJsonObject details = early.json()[u"error"_s][u"details"_s].toObject();
    CHECK(details[u"checkInFrom"_s].toString().startsWith(u"2026-11-26T10:30"_s));
    CHECK(details[u"service"_s] == u"id-card"_s);

    CHECK(checkIn(u"1234567890"_s).status == 404);
    CHECK(checkIn(u"12ab"_s).status == 400);
    CHECK(http.send("POST", u"/api/v1/appointments/check-in"_s, controller.token(u"display"_s),
                    json({{u"code"_s, now}}))
              .status == 403);

    const HttpResponse day =
        http.send("GET", u"/api/v1/appointments?day=2026-11-26"_s, controller.token(u"admin"_s));
    REQUIRE(day.status == 200);
    CHECK(day.json()[u"counts"_s][u"checked_in"_s] == 1);
    CHECK(day.json()[u"counts"_s][u"booked"_s] == 1);
    const QJsonObject listed = day.json()[u"appointments"_s].toArray()[0].toObject();
    CHECK_FALSE(listed.contains(u"code"_s)); // the citizen's, never listed
    CHECK(listed[u"ticket"_s] == ticket.json()[u"number"_s]);
}
