// SMS: notifications through the outbox to a fake modem at 115,200 baud. Prints the time from the
// commit that queues a message to the first byte of its AT+CMGS at the modem (p50/p99, the modem
// free each time), and the sending rate of a burst as a share of what the serial line and the
// network's answer time allow.
//
// The modem is a pty, which has no baud rate, so the fake modem plays the line: it acts on each
// command only once its bytes would have crossed the line, and its answers take their wire time;
// the network takes NETWORK_MS to accept each message. The limit counts every byte of the
// dialogue, both ways, one after another, plus the network's time: nothing of it can overlap in
// AT+CMGS's command-prompt-PDU-answer exchange. Delivery reports are off (they would share the
// line). Usage: bench_sms [MESSAGES] [NETWORK_MS]
#include "fakemodem.h"
#include "httpclient.h"
#include "smssender.h"
#include "testhall.h"

#include <algorithm>
#include <cstdio>

using namespace qh;
using namespace qh::test;
using namespace Qt::Literals::StringLiterals;
using Clock = FakeModem::Clock;

namespace {

constexpr int kBaud = 115200;

double ms(Clock::duration d)
{
    return std::chrono::duration<double, std::milli>(d).count();
}

double percentile(std::vector<double> values, double p)
{
    std::sort(values.begin(), values.end());
    return values[std::min(values.size() - 1, std::size_t(p * double(values.size())))];
}

} // namespace

int main(int argc, char** argv)
{
    ensureQtApp();
    const int count = argc > 1 ? std::max(1, std::atoi(argv[1])) : 200;
    const int networkMs = argc > 2 ? std::max(0, std::atoi(argv[2])) : 30;

    FakeModem modem;
    modem.baud = kBaud;
    modem.networkMs = networkMs;
    modem.reportDelivery = false;
    QTemporaryDir dir;
    TestHall h(hallWithSection(dir, sourcePath(u"tests/data/small-hall.json"_s), u"sms"_s,
                               QJsonObject{{u"port"_s, modem.path()}, {u"baud"_s, kBaud}}));
    if (!h.database) {
        std::fprintf(stderr, "bench_sms measures the SQLite store: unset QH_TEST_STORE\n");
        return 2;
    }
    smssender::SmsSender sender(*h.service);
    std::vector<Clock::time_point> commits; // of each ticket.printed, in order
    QObject::connect(h.service.get(), &service::HallService::committed,
                     [&](const engine::Event& e) {
                         if (e.type == u"ticket.printed"_s)
                             commits.push_back(Clock::now());
                     });
    sender.start();
    if (!waitUntil([&] { return sender.hall()[0][u"ready"_s].toBool(); }, 10'000)) {
        std::fprintf(stderr, "the modem did not come up\n");
        return 1;
    }
    const auto sentCount = [&] {
        return h.store->outboxCount(engine::OutboxMessage::State::Sent, 0);
    };
    const auto phone = [](int i) { return u"139%1"_s.arg(i, 8, 10, QChar(u'0')); };

    // One at a time, the modem free each time.
    std::vector<double> latencies;
    for (int i = 0; i < count; ++i) {
        h.take(u"id-card"_s, engine::Priority::Normal, phone(i));
        if (!waitUntil([&] { return sentCount() == i + 1; })) {
            std::fprintf(stderr, "message %d was not sent\n", i + 1);
            return 1;
        }
        latencies.push_back(ms(modem.sent.back().startAt - commits.back()));
    }

    // A burst: all queued at once.
    const qint64 bytesBefore = modem.bytesIn + modem.bytesOut;
    const std::size_t sentBefore = modem.sent.size();
    for (int i = 0; i < count; ++i)
        h.take(u"id-card"_s, engine::Priority::Normal, phone(count + i));
    if (!waitUntil([&] { return sentCount() == 2 * count; }, 600'000)) {
        std::fprintf(stderr, "the burst was not sent\n");
        return 1;
    }
    const Clock::time_point burstEnd = Clock::now();
    const double elapsed = ms(burstEnd - modem.sent[sentBefore].startAt);
    const double lineMs = double(modem.bytesIn + modem.bytesOut - bytesBefore) * 10 / kBaud * 1000;
    const double limitMs = lineMs + double(count) * networkMs;

    std::printf("bench_sms: %d messages, 115200 baud, network %d ms per message\n", count,
                networkMs);
    std::printf("  commit -> first AT+CMGS byte, modem free: p50 %.2f ms, p99 %.2f ms "
                "(target p99 <= 20 ms)\n",
                percentile(latencies, 0.5), percentile(latencies, 0.99));
    std::printf("  burst of %d: %.0f ms, %.1f messages/s; line and network allow %.0f ms "
                "(line %.0f ms): rate ratio %.3f (target >= 0.9)\n",
                count, elapsed, count / elapsed * 1000, limitMs, lineMs, limitMs / elapsed);
    return 0;
}
