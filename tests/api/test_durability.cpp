// SIGKILL under HTTP load: whatever the controller acknowledged is in the database after restart.
#include "acknowledged.h"
#include "controllerprocess.h"
#include "testhall.h"

#include <csignal>
#include <functional>
#include <map>
#include <memory>
#include <set>

#include <QRandomGenerator>
#include <QThread>

using namespace qh::test;

namespace {

constexpr int kKills = 100;
constexpr int kConnections = 4; // one per window of the small hall: their requests commit together

} // namespace

// Each round the controller is killed with a batch of requests in flight, after a random number
// of acknowledged answers (so every round makes progress however fast the machine is).
TEST_CASE("SIGKILL under concurrent HTTP load loses no acknowledged request, 100 times over")
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
        const int killAfter = int(random.bounded(1u, 60u)); // acknowledged answers this round
        int answered = 0;
        bool killed = false;
        std::vector<std::unique_ptr<HttpConnection>> lanes;
        for (int i = 0; i < kConnections; ++i)
            lanes.push_back(std::make_unique<HttpConnection>(c.port()));
        // Sends one request on every lane at once, then reads the answers; the kill comes right
        // after the sending once enough answers were acknowledged.
        const auto batch = [&](const std::function<void(std::size_t)>& send) {
            for (std::size_t i = 0; i < lanes.size(); ++i)
                send(i);
            if (answered >= killAfter && !killed) {
                QThread::usleep(random.bounded(0u, 3000u));
                ::kill(pid_t(pid), SIGKILL);
                killed = true;
            }
            std::vector<HttpResponse> responses;
            for (auto& lane : lanes) {
                responses.push_back(lane->readResponse(3000));
                answered += responses.back().status != 0;
            }
            return responses;
        };
        while (!killed) {
            const auto issued = batch([&](std::size_t i) {
                lanes[i]->write("POST", QStringLiteral("/api/v1/tickets"),
                                c.token(QStringLiteral("kiosk")), R"({"service": "id-card"})",
                                {{"Idempotency-Key", QByteArray::number(++key)}});
            });
            std::vector<int> ids;
            for (const HttpResponse& r : issued) {
                if (r.status == 201) {
                    const int id = r.json().value(QStringLiteral("id")).toInt();
                    acks.issued[id] = r.json().value(QStringLiteral("number")).toString();
                    ids.push_back(id);
                }
            }
            if (killed)
                break;
            const auto printed = batch([&](std::size_t i) {
                lanes[i]->write("POST", QStringLiteral("/api/v1/tickets/%1/printed").arg(ids[i]),
                                c.token(QStringLiteral("kiosk")));
            });
            for (std::size_t i = 0; i < printed.size(); ++i) {
                if (printed[i].status == 200)
                    acks.confirmed.insert(ids[i]);
            }
            for (const char* step : {"call-next", "start", "complete"}) {
                if (killed)
                    break;
                const auto done = batch([&](std::size_t i) {
                    lanes[i]->write("POST",
                                    QStringLiteral("/api/v1/windows/%1/%2")
                                        .arg(i + 1)
                                        .arg(QLatin1StringView(step)),
                                    c.token(QStringLiteral("caller%1").arg(i + 1)));
                });
                for (const HttpResponse& r : done) {
                    const int id = r.json().value(QStringLiteral("id")).toInt();
                    if (r.status == 200 && QByteArray(step) == "call-next")
                        acks.called.insert(id);
                    if (r.status == 200 && QByteArray(step) == "complete")
                        acks.completed.insert(id);
                }
            }
        }
        c.process().waitForFinished(10'000);
        CHECK(c.process().exitStatus() == QProcess::CrashExit);

        checkAcknowledged(c.dbPath(), acks);
    }
    CHECK(acks.issued.size() > std::size_t(kKills));
    CHECK(!acks.completed.empty());
    WARN(kKills << " kills under load; " << acks.issued.size() << " tickets and "
                << acks.completed.size() << " completions acknowledged");
}
