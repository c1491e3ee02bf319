// 69 callers pressing call-next at the same moment: nobody is called twice, everybody once.
#include "controllerprocess.h"
#include "testhall.h"

#include <memory>
#include <set>

using namespace qh::test;

TEST_CASE("69 callers at once never call a ticket twice, and call every waiting ticket once")
{
    ControllerProcess c(sourcePath(QStringLiteral("assets/halls/shizhong.json")),
                        "2026-11-25 10:00",
                        {QStringLiteral("--rate-limit"), QStringLiteral("100000")});
    const qh::engine::HallConfig hall =
        qh::db::readHallFile(sourcePath(QStringLiteral("assets/halls/shizhong.json"))).config;
    HttpConnection kiosk = c.connection();
    std::set<int> issued;
    // Two tickets for each window's first service: 138 waiting tickets across the hall.
    for (int round = 0; round < 2; ++round) {
        for (const qh::engine::Window& w : hall.windows) {
            const QByteArray body =
                "{\"service\": \"" + w.services.front().service.toUtf8() + "\"}";
            const HttpResponse t = kiosk.send(
                "POST", QStringLiteral("/api/v1/tickets"), c.token(QStringLiteral("kiosk")), body,
                {{"Idempotency-Key", QByteArray::number(round * 100 + w.number)}});
            REQUIRE(t.status == 201);
            const int id = t.json().value(QStringLiteral("id")).toInt();
            REQUIRE(kiosk
                        .send("POST", QStringLiteral("/api/v1/tickets/%1/printed").arg(id),
                              c.token(QStringLiteral("kiosk")))
                        .status == 200);
            issued.insert(id);
        }
    }
    REQUIRE(issued.size() == 138);

    std::vector<std::unique_ptr<HttpConnection>> callers;
    for (std::size_t i = 0; i < hall.windows.size(); ++i)
        callers.push_back(std::make_unique<HttpConnection>(c.port()));
    const auto all = [&](const char* action) {
        for (std::size_t i = 0; i < callers.size(); ++i) {
            const int n = hall.windows[i].number;
            callers[i]->write(
                "POST",
                QStringLiteral("/api/v1/windows/%1/%2").arg(n).arg(QLatin1StringView(action)),
                c.token(QStringLiteral("caller%1").arg(n)));
        }
        std::vector<HttpResponse> responses;
        for (auto& caller : callers)
            responses.push_back(caller->readResponse());
        return responses;
    };

    std::multiset<int> called;
    for (int round = 0; round < 20; ++round) {
        int calledThisRound = 0;
        for (const HttpResponse& r : all("call-next")) {
            REQUIRE((r.status == 200 || r.status == 204));
            if (r.status == 200) {
                called.insert(r.json().value(QStringLiteral("id")).toInt());
                ++calledThisRound;
            }
        }
        if (calledThisRound == 0)
            break;
        for (const HttpResponse& r : all("start"))
            REQUIRE((r.status == 200 || r.status == 409));
        for (const HttpResponse& r : all("complete"))
            REQUIRE((r.status == 200 || r.status == 409));
    }
    CHECK(called.size() == issued.size());
    CHECK(std::set<int>(called.begin(), called.end()) == issued);
}
