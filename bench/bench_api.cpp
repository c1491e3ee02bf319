// API load: 69 callers, 10 kiosks and 50 display WebSockets against a real controller on
// loopback; throughput, call-next latency and event fan-out, beside the bare SQLite commit rate
// and fsync p99 measured in the same run; the controller's CPU per request at the start of a day
// and after 20,000 tickets; a burst of calls on storage whose fsync takes 20 ms.
#include "barecommit.h"
#include "controllerprocess.h"
#include "testhall.h"

#include <cstdio>
#include <fstream>
#include <functional>
#include <map>
#include <memory>
#include <sched.h>
#include <unistd.h>

#include <QCoreApplication>
#include <QDir>
#include <QElapsedTimer>
#include <QJsonDocument>
#include <QRandomGenerator>
#include <QTcpSocket>
#include <QTemporaryDir>
#include <QTimer>
#include <QWebSocket>

using namespace qh;
using namespace qh::bench;

namespace {

constexpr int kKiosks = 10;
int g_displays = 50;                // display WebSockets; the second argument changes it
constexpr int kIdleRetryMs = 250;   // a caller with nobody waiting presses again after this
constexpr int kPacedCycleMs = 200;  // steady load: each lane starts a cycle this often
constexpr int kDayTickets = 20'000; // a busy service day, for the per-request cost late in it
constexpr int kSlowFsyncMs = 20;    // SD-card-class storage

QElapsedTimer g_clock;
double nowMs()
{
    return double(g_clock.nsecsElapsed()) / 1e6;
}

// One keep-alive connection with one request in flight, answered through a callback.
class Lane : public QObject
{
public:
    Lane(quint16 port, QString token)
        : m_token(std::move(token))
    {
        connect(&m_socket, &QTcpSocket::readyRead, this, [this] {
            m_buffer += m_socket.readAll();
            while (auto response = test::takeResponse(m_buffer)) {
                auto done = std::move(m_done);
                done(*response);
            }
        });
        m_socket.connectToHost(QStringLiteral("127.0.0.1"), port);
        m_socket.waitForConnected(5000);
    }

    void send(const QByteArray& method, const QString& path, const QByteArray& body,
              std::function<void(const test::HttpResponse&)> done, const QByteArray& key = {})
    {
        m_done = std::move(done);
        QHash<QByteArray, QByteArray> headers;
        if (!key.isEmpty())
            headers.insert("Idempotency-Key", key);
        m_socket.write(test::formatRequest(method, path, m_token, body, headers));
    }

private:
    QTcpSocket m_socket;
    QString m_token;
    QByteArray m_buffer;
    std::function<void(const test::HttpResponse&)> m_done;
};

struct Load
{
    long tickets = 0;  // issued and confirmed
    long calls = 0;    // call-next that called someone
    long requests = 0; // every answered request (each one committed transaction, or a read)
    long errors = 0;
    std::vector<double> callNextMs;
    std::map<QString, double> callAnswered;          // "A012@15" → when call-next answered
    std::map<QString, std::vector<double>> callSeen; // → when each display saw the call
    double seconds = 0;
};

// Drives the hall for `seconds`: kiosks issue and confirm, callers call, start and complete.
// paceMs 0 is a closed loop (each lane sends again as soon as it is answered: saturation);
// otherwise each lane starts a cycle every paceMs, a steady offered load.
Load drive(test::ControllerProcess& controller, const engine::HallConfig& hall, double seconds,
           int paceMs, int& key)
{
    Load load;
    bool running = true;
    std::vector<std::unique_ptr<QWebSocket>> displays;
    for (int d = 0; d < g_displays; ++d) {
        auto ws = std::make_unique<QWebSocket>();
        QObject::connect(ws.get(), &QWebSocket::textMessageReceived, [&load](const QString& text) {
            if (!text.contains(QStringLiteral("ticket.called")))
                return; // only calls are timed; skip parsing the rest
            const QJsonObject m = QJsonDocument::fromJson(text.toUtf8()).object();
            if (m.value(QStringLiteral("type")).toString() != QStringLiteral("ticket.called"))
                return;
            const QJsonObject data = m.value(QStringLiteral("data")).toObject();
            load.callSeen[data.value(QStringLiteral("number")).toString() + u'@' +
                          QString::number(data.value(QStringLiteral("window")).toInt())]
                .push_back(nowMs());
        });
        ws->open(QUrl(QStringLiteral("ws://127.0.0.1:%1/api/v1/events?access_token=%2")
                          .arg(controller.port())
                          .arg(controller.token(QStringLiteral("display")))));
        displays.push_back(std::move(ws));
    }
    test::waitUntil([&] {
        return std::all_of(displays.begin(), displays.end(), [](const auto& ws) {
            return ws->state() == QAbstractSocket::ConnectedState;
        });
    });
    // Lanes start out of step and each cycle is jittered, as clerks and citizens are.
    QRandomGenerator random(2026);
    const auto jitter = [&] { return paceMs == 0 ? 0 : int(random.bounded(paceMs)); };
    const auto again = [&](double cycleStart, std::function<void()> next) {
        const double wait =
            paceMs == 0 ? 0 : std::max(0.0, cycleStart + paceMs / 2.0 + jitter() - nowMs());
        QTimer::singleShot(int(wait), std::move(next));
    };

    std::vector<std::unique_ptr<Lane>> lanes;
    for (int k = 0; k < kKiosks; ++k) {
        const QString name =
            k == 0 ? QStringLiteral("kiosk") : QStringLiteral("kiosk%1").arg(k + 1);
        lanes.push_back(std::make_unique<Lane>(controller.port(), controller.token(name)));
        Lane* lane = lanes.back().get();
        auto cycle = std::make_shared<std::function<void(std::size_t)>>();
        *cycle = [&, lane, cycle](std::size_t turn) {
            if (!running)
                return;
            const double started = nowMs();
            const engine::Window& w = hall.windows[turn % hall.windows.size()];
            const QByteArray body = "{\"service\":\"" + w.services.front().service.toUtf8() + "\"}";
            const auto next = [&, cycle, started, turn] {
                again(started, [cycle, turn] { (*cycle)(turn + kKiosks); });
            };
            lane->send(
                "POST", QStringLiteral("/api/v1/tickets"), body,
                [&, lane, next](const test::HttpResponse& r) {
                    ++load.requests;
                    if (r.status != 201) {
                        ++load.errors;
                        return next();
                    }
                    const int id = r.json().value(QStringLiteral("id")).toInt();
                    lane->send("POST", QStringLiteral("/api/v1/tickets/%1/printed").arg(id), {},
                               [&, next](const test::HttpResponse& p) {
                                   ++load.requests;
                                   p.status == 200 ? ++load.tickets : ++load.errors;
                                   next();
                               });
                },
                QByteArray::number(++key));
        };
        QTimer::singleShot(jitter(), [cycle, k] { (*cycle)(std::size_t(k)); });
    }
    for (const engine::Window& w : hall.windows) {
        lanes.push_back(std::make_unique<Lane>(
            controller.port(), controller.token(QStringLiteral("caller%1").arg(w.number))));
        Lane* lane = lanes.back().get();
        const QString base = QStringLiteral("/api/v1/windows/%1/").arg(w.number);
        auto cycle = std::make_shared<std::function<void()>>();
        *cycle = [&, lane, base, cycle, number = w.number] {
            if (!running)
                return;
            const double sent = nowMs();
            lane->send("POST", base + QStringLiteral("call-next"), {},
                       [&, lane, base, cycle, sent, number](const test::HttpResponse& r) {
                           const double answered = nowMs();
                           ++load.requests;
                           load.callNextMs.push_back(answered - sent);
                           if (r.status != 200) {
                               if (r.status != 204)
                                   ++load.errors;
                               // Nobody waiting: the clerk presses again a little later.
                               return QTimer::singleShot(std::max(paceMs, kIdleRetryMs),
                                                         [cycle] { (*cycle)(); });
                           }
                           ++load.calls;
                           load.callAnswered[r.json().value(QStringLiteral("number")).toString() +
                                             u'@' + QString::number(number)] = answered;
                           lane->send("POST", base + QStringLiteral("start"), {},
                                      [&, lane, base, cycle, sent](const test::HttpResponse&) {
                                          ++load.requests;
                                          lane->send("POST", base + QStringLiteral("complete"), {},
                                                     [&, cycle, sent](const test::HttpResponse& c) {
                                                         ++load.requests;
                                                         if (c.status != 200)
                                                             ++load.errors;
                                                         again(sent, [cycle] { (*cycle)(); });
                                                     });
                                      });
                       });
        };
        QTimer::singleShot(jitter(), [cycle] { (*cycle)(); });
    }

    const double start = nowMs();
    QTimer::singleShot(int(seconds * 1000), [&] { running = false; });
    test::waitUntil([&] { return !running; }, int(seconds * 1000) + 5000);
    load.seconds = (nowMs() - start) / 1000.0;
    test::waitUntil([] { return false; }, 500); // the last answers and events arrive
    for (auto& ws : displays)
        ws->close();
    return load;
}

// Seconds of CPU the process has used (user and system).
double cpuSeconds(qint64 pid)
{
    std::ifstream stat("/proc/" + std::to_string(pid) + "/stat");
    std::string field;
    double ticks = 0;
    for (int i = 1; i <= 15 && stat >> field; ++i) {
        if (i == 14 || i == 15) // utime, stime
            ticks += std::stod(field);
    }
    return ticks / double(::sysconf(_SC_CLK_TCK));
}

// The controller on one core and this load generator on another, where there are two.
void pinApart(qint64 controllerPid)
{
    if (::sysconf(_SC_NPROCESSORS_ONLN) < 2)
        return;
    cpu_set_t set;
    CPU_ZERO(&set);
    CPU_SET(0, &set);
    ::sched_setaffinity(pid_t(controllerPid), sizeof set, &set);
    CPU_ZERO(&set);
    CPU_SET(1, &set);
    ::sched_setaffinity(0, sizeof set, &set);
}

// Writes history straight into the stopped controller's database: `tickets` citizens, each
// issued, printed, called, served and completed at the window whose turn it is, or (served
// false) left waiting, one for each window in turn.
void fillDay(const QString& dbPath, const engine::HallConfig& hall, int tickets, bool served)
{
    db::Database database(dbPath);
    db::Store store(database);
    engine::ManualClock clock(test::shanghai("2026-11-25 09:00"));
    service::HallService service(store, clock);
    const engine::Actor actor{QStringLiteral("history"), QStringLiteral("bench")};
    service.perform([&] {
        for (int i = 0; i < tickets; ++i) {
            clock.advanceSeconds(0.1);
            const engine::Window& w = hall.windows[std::size_t(i) % hall.windows.size()];
            const auto v = service.issue({.serviceId = w.services.front().service}, actor);
            service.confirmPrinted(v.ticket.id, actor);
            if (!served)
                continue;
            service.callNext(w.number, actor);
            service.start(w.number, actor);
            service.complete(w.number, actor);
        }
    });
}

// Every caller presses call-next and every kiosk asks for a ticket at the same moment; returns
// each request's latency.
std::vector<double> burst(test::ControllerProcess& controller, const engine::HallConfig& hall,
                          int& key)
{
    std::vector<std::unique_ptr<Lane>> lanes;
    std::vector<double> latencies;
    int pending = 0;
    const auto send = [&](Lane* lane, const QString& path, const QByteArray& body,
                          const QByteArray& idempotency) {
        ++pending;
        const double sent = nowMs();
        lane->send(
            "POST", path, body,
            [&, sent](const test::HttpResponse&) {
                latencies.push_back(nowMs() - sent);
                --pending;
            },
            idempotency);
    };
    for (int k = 0; k < kKiosks; ++k)
        lanes.push_back(std::make_unique<Lane>(
            controller.port(), controller.token(k == 0 ? QStringLiteral("kiosk")
                                                       : QStringLiteral("kiosk%1").arg(k + 1))));
    for (const engine::Window& w : hall.windows)
        lanes.push_back(std::make_unique<Lane>(
            controller.port(), controller.token(QStringLiteral("caller%1").arg(w.number))));
    for (int k = 0; k < kKiosks; ++k)
        send(lanes[std::size_t(k)].get(), QStringLiteral("/api/v1/tickets"),
             "{\"service\":\"" + hall.windows[std::size_t(k)].services.front().service.toUtf8() +
                 "\"}",
             QByteArray::number(++key));
    for (std::size_t w = 0; w < hall.windows.size(); ++w)
        send(lanes[kKiosks + w].get(),
             QStringLiteral("/api/v1/windows/%1/call-next").arg(hall.windows[w].number), {}, {});
    test::waitUntil([&] { return pending == 0; }, 30'000);
    return latencies;
}

std::vector<double> fanOut(const Load& load)
{
    std::vector<double> delays;
    for (const auto& [call, answered] : load.callAnswered) {
        const auto seen = load.callSeen.find(call);
        if (seen == load.callSeen.end() || seen->second.size() != std::size_t(g_displays))
            continue; // a number called twice at one window in the run is ambiguous: skipped
        delays.push_back(
            std::max(0.0, *std::max_element(seen->second.begin(), seen->second.end()) - answered));
    }
    return delays;
}

} // namespace

int main(int argc, char** argv)
{
    QCoreApplication app(argc, argv);
    const double seconds = argc > 1 ? std::atof(argv[1]) : 10.0;
    if (argc > 2)
        g_displays = std::atoi(argv[2]);
    g_clock.start();
    QTemporaryDir scratch(QDir::currentPath() + QStringLiteral("/bench-XXXXXX"));
    const Figures bare = bareCommits(scratch.path(), 3);
    test::ControllerProcess controller(QStringLiteral(QH_SAMPLE_HALL), "2026-11-25 09:00",
                                       {QStringLiteral("--rate-limit"), QStringLiteral("100000")},
                                       kKiosks);
    const engine::HallConfig hall = db::readHallFile(QStringLiteral(QH_SAMPLE_HALL)).config;
    int key = 0;
    pinApart(controller.process().processId());

    std::printf("queuehall API benchmark: %d callers, %d kiosks, %d display WebSockets; the "
                "controller on core 0, the load generator on core 1\n",
                int(hall.windows.size()), kKiosks, g_displays);
    print("bare SQLite single-row commit", bare);

    const Load saturated = drive(controller, hall, seconds, 0, key);
    const double changes = double(saturated.tickets * 2 + saturated.calls * 3) / saturated.seconds;
    std::printf("\nsaturation (every lane sends again at once), %.1f s:\n", saturated.seconds);
    std::printf("  tickets issued and printed      %10.1f/s\n",
                double(saturated.tickets) / saturated.seconds);
    std::printf("  calls (call-next with a ticket) %10.1f/s\n",
                double(saturated.calls) / saturated.seconds);
    std::printf("  committed state changes         %10.1f/s  = %.2f x bare (target >= 1.0)\n",
                changes, changes / bare.perSecond);
    std::printf("  requests answered               %10.1f/s  (%ld errors)\n",
                double(saturated.requests) / saturated.seconds, saturated.errors);
    const Figures saturatedCalls = summarise(saturated.callNextMs, saturated.seconds);
    std::printf(
        "  call-next latency               p50 %7.3f ms  p99 %7.3f ms (queueing: %zu lanes)\n",
        saturatedCalls.p50Ms, saturatedCalls.p99Ms, std::size_t(kKiosks) + hall.windows.size());

    const double cpuBefore = cpuSeconds(controller.process().processId());
    const Load paced = drive(controller, hall, seconds, kPacedCycleMs, key);
    const double cpuEarly =
        (cpuSeconds(controller.process().processId()) - cpuBefore) / double(paced.requests);
    const Figures calls = summarise(paced.callNextMs, paced.seconds);
    const Figures fan = summarise(fanOut(paced), paced.seconds);
    std::printf("\nsteady load (each lane starts a cycle every %d ms), %.1f s:\n", kPacedCycleMs,
                paced.seconds);
    std::printf("  tickets %.1f/s, calls %.1f/s, requests %.1f/s (%ld errors)\n",
                double(paced.tickets) / paced.seconds, double(paced.calls) / paced.seconds,
                double(paced.requests) / paced.seconds, paced.errors);
    std::printf("  call-next latency               p50 %7.3f ms  p99 %7.3f ms  (target p99 <= 3 x "
                "%.3f + 5 = %.3f ms)\n",
                calls.p50Ms, calls.p99Ms, bare.p99Ms, 3 * bare.p99Ms + 5);
    std::printf("  call-next answer -> %d displays p50 %7.3f ms  p99 %7.3f ms  over %ld calls "
                "(target p99 <= 10 ms)\n",
                g_displays, fan.p50Ms, fan.p99Ms, fan.count);
    std::printf("  controller CPU per request      %7.3f ms\n", cpuEarly * 1000);

    controller.stop();
    fillDay(controller.dbPath(), hall, kDayTickets, true);
    controller.start();
    pinApart(controller.process().processId());
    const double cpuBeforeLate = cpuSeconds(controller.process().processId());
    const Load late = drive(controller, hall, seconds, kPacedCycleMs, key);
    const double cpuLate =
        (cpuSeconds(controller.process().processId()) - cpuBeforeLate) / double(late.requests);
    std::printf("\nthe same steady load after %d tickets of the day:\n", kDayTickets);
    std::printf("  controller CPU per request      %7.3f ms  = %.2f x the start of the day "
                "(target <= 1.1)\n",
                cpuLate * 1000, cpuLate / cpuEarly);
    controller.stop();

    // Slow storage: every fsync of the controller takes 20 ms longer.
    test::ControllerProcess slow(
        QStringLiteral(QH_SAMPLE_HALL), "2026-11-25 09:00",
        {QStringLiteral("--rate-limit"), QStringLiteral("100000")}, kKiosks,
        {QStringLiteral("LD_PRELOAD=%1").arg(QStringLiteral(QH_IOFAULT_LIBRARY)),
         QStringLiteral("QH_FSYNC_DELAY_MS=%1").arg(kSlowFsyncMs)});
    slow.stop();
    fillDay(slow.dbPath(), hall, 2 * int(hall.windows.size()), false); // two bursts' worth
    slow.start();
    pinApart(slow.process().processId());
    const double fsyncMs = kSlowFsyncMs + bare.p50Ms;
    std::printf("\nslow storage (fsync + %d ms), a burst of %d call-nexts and %d ticket "
                "requests at once:\n",
                kSlowFsyncMs, int(hall.windows.size()), kKiosks);
    // The first commit after a start also resets the write-ahead log (two more syncs), as
    // the first one after each checkpoint does; the second burst is the usual case.
    for (const char* which : {"first after start", "second"}) {
        const Figures f = summarise(burst(slow, hall, key), 1);
        std::printf("  %-17s latency p50 %6.1f ms = %.1f fsyncs, p99 %6.1f ms = %.1f fsyncs "
                    "(target p99 <= 3; one request per fsync would need %d)\n",
                    which, f.p50Ms, f.p50Ms / fsyncMs, f.p99Ms, f.p99Ms / fsyncMs,
                    int(hall.windows.size()) + kKiosks);
    }
    slow.stop();
    return 0;
}
