// SIGKILL under HTTP load: whatever the controller acknowledged is in the database after restart.
#include "acknowledged.h"
#include "controllerprocess.h"
#include "testhall.h"

#include <atomic>
#include <csignal>
#include <map>
#include <memory>
#include <set>
#include <thread>

#include <QRandomGenerator>

using namespace qh::test;

namespace {

constexpr int kKills = 20;
constexpr int kConnections = 4;

} // namespace

TEST_CASE("SIGKILL under HTTP load loses no acknowledged request, 20 times over")
{
    ControllerProcess c(sourcePath(QStringLiteral("tests/data/small-hall.json")),
                        "2026-11-25 10:00",
                        {QStringLiteral("--rate-limit"), QStringLiteral("100000")});
    const quint32 seed = QRandomGenerator::global()->generate();
    INFO("seed " << seed);
    QRandomGenerator random(seed);
    Acknowledged acks;
    int key = 0;
    for (int round = 0; round < kKills; ++round) {
        if (round > 0)
            c.start();
        const qint64 pid = c.process().processId();
        const unsigned delayMs = random.bounded(30u, 250u);
        std::thread killer([pid, delayMs] {
            std::this_thread::sleep_for(std::chrono::milliseconds(delayMs));
            ::kill(pid_t(pid), SIGKILL);
        });
        std::vector<std::unique_ptr<HttpConnection>> lanes;
        for (int i = 0; i < kConnections; ++i)
            lanes.push_back(std::make_unique<HttpConnection>(c.port()));
        bool alive = true;
        while (alive) {
            // Each lane issues a ticket; the first four windows call, start and complete.
            for (auto& lane : lanes)
                lane->write("POST", QStringLiteral("/api/v1/tickets"),
                            c.token(QStringLiteral("kiosk")), R"({"service": "id-card"})",
                            {{"Idempotency-Key", QByteArray::number(++key)}});
            std::vector<int> ids;
            for (auto& lane : lanes) {
                const HttpResponse r = lane->readResponse(3000);
                alive = alive && r.status == 201;
                if (r.status == 201) {
                    const int id = r.json().value(QStringLiteral("id")).toInt();
                    acks.issued[id] = r.json().value(QStringLiteral("number")).toString();
                    ids.push_back(id);
                }
            }
            if (!alive)
                break;
            for (std::size_t i = 0; i < lanes.size(); ++i)
                lanes[i]->write("POST", QStringLiteral("/api/v1/tickets/%1/printed").arg(ids[i]),
                                c.token(QStringLiteral("kiosk")));
            for (std::size_t i = 0; i < lanes.size(); ++i) {
                const HttpResponse r = lanes[i]->readResponse(3000);
                alive = alive && r.status == 200;
                if (r.status == 200)
                    acks.confirmed.insert(ids[i]);
            }
            for (const char* step : {"call-next", "start", "complete"}) {
                for (std::size_t i = 0; i < lanes.size() && alive; ++i)
                    lanes[i]->write("POST",
                                    QStringLiteral("/api/v1/windows/%1/%2")
                                        .arg(i + 1)
                                        .arg(QLatin1StringView(step)),
                                    c.token(QStringLiteral("caller%1").arg(i + 1)));
                for (std::size_t i = 0; i < lanes.size() && alive; ++i) {
                    const HttpResponse r = lanes[i]->readResponse(3000);
                    alive = alive && r.status != 0;
                    const int id = r.json().value(QStringLiteral("id")).toInt();
                    if (r.status == 200 && QByteArray(step) == "call-next")
                        acks.called.insert(id);
                    if (r.status == 200 && QByteArray(step) == "complete")
                        acks.completed.insert(id);
                }
            }
        }
        killer.join();
        c.process().waitForFinished(10'000);
        CHECK(c.process().exitStatus() == QProcess::CrashExit);

        checkAcknowledged(c.dbPath(), acks);
    }
    CHECK(acks.issued.size() > std::size_t(kKills));
    CHECK(!acks.completed.empty());
    WARN(kKills << " kills under load; " << acks.issued.size() << " tickets and "
                << acks.completed.size() << " completions acknowledged");
}
