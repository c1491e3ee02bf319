// Key press → board updated, for 69 keypads and their 69 window boards on one QSystem RS-485 bus
// at 9600 baud, beside the time the same bytes need on the wire (the physical limit).
//
// The bus is a pty, which has no baud rate, so the benchmark plays the wire: it hands the key
// frames over at 9600 baud and counts each byte the controller sends as arriving no sooner than
// the line, shared by both directions, could carry it. Usage: bench_serial [ROUNDS]
#include "controllerprocess.h"
#include "fakebus.h"
#include "testhall.h"

#include <algorithm>
#include <cstdio>

#include <QCoreApplication>
#include <QElapsedTimer>
#include <QThread>

using namespace qh;
using namespace qh::test;

namespace {

constexpr int kWindows = 69;
constexpr int kBoardBase = 100; // window w's board answers at 100 + w
constexpr int kBaud = 9600;
constexpr double kByteSeconds = 10.0 / kBaud; // start bit, 8 data bits, stop bit

QByteArray key(int address, int k)
{
    return QByteArray("\x01") + char(address) + char(k) + '\x07';
}

// The serial line at 9600 baud as the bench sees it: bytes from the controller are timed as a
// UART would deliver them.
class Wire
{
public:
    explicit Wire(FakeBus& bus)
        : m_bus(bus)
    {
        m_clock.start();
    }

    double now() const { return double(m_clock.nsecsElapsed()) / 1e9; }

    // Puts frames on the line one after another, each as soon as the line is free: RS-485 is
    // half duplex, so the keys and the controller's frames take turns on the one pair of wires.
    void send(const QByteArray& frames, int frameSize)
    {
        for (qsizetype at = 0; at < frames.size(); at += frameSize) {
            while (collect(), now() < m_lineFreeAt)
                QThread::usleep(200);
            m_bus.write(frames.mid(at, frameSize));
            m_lineFreeAt = now() + frameSize * kByteSeconds;
        }
    }

    // Waits until the controller has said everything and the line has carried it.
    void drain()
    {
        qsizetype seen = -1;
        while (seen != m_bytes.size() || now() < m_lineFreeAt) {
            seen = m_bytes.size();
            waitUntil([] { return false; }, 300);
            collect();
        }
    }

    // Reads what arrived and times it: byte k of the output is there at
    // max(when the controller wrote it, when byte k-1 was there) + one byte time.
    void collect()
    {
        const QByteArray got = m_bus.read();
        const double t = now();
        for (const char c : got) {
            m_lineFreeAt = std::max(m_lineFreeAt, t) + kByteSeconds;
            m_bytes.append(c);
            m_arrivedAt.push_back(m_lineFreeAt);
            m_writtenAt.push_back(t);
        }
    }

    // When every board has been sent a new number since output byte `from`, or -1: as the line
    // delivers it, or (`written`) as the controller wrote it.
    double allBoardsUpdatedAt(qsizetype from, bool written = false) const
    {
        std::vector<bool> seen(kWindows + 1, false);
        int count = 0;
        for (qsizetype at = m_bytes.indexOf('\x01', from); at >= 0 && at + 2 < m_bytes.size();) {
            const qsizetype end = m_bytes.indexOf('\x07', at + 2);
            if (end < 0)
                break;
            const int window = quint8(m_bytes[at + 1]) - kBoardBase;
            if (window >= 1 && window <= kWindows && end > at + 2 && !seen[window]) {
                seen[window] = true;
                if (++count == kWindows)
                    return (written ? m_writtenAt : m_arrivedAt)[std::size_t(end)];
            }
            at = m_bytes.indexOf('\x01', end + 1);
        }
        return -1;
    }

    qsizetype outputBytes() const { return m_bytes.size(); }

private:
    FakeBus& m_bus;
    QElapsedTimer m_clock;
    QByteArray m_bytes;
    std::vector<double> m_arrivedAt;
    std::vector<double> m_writtenAt;
    double m_lineFreeAt = 0;
};

double percentile(std::vector<double> v, double p)
{
    std::sort(v.begin(), v.end());
    return v[std::size_t(p * double(v.size() - 1))];
}

} // namespace

int main(int argc, char** argv)
{
    QCoreApplication app(argc, argv);
    const int rounds = argc > 1 ? std::max(1, atoi(argv[1])) : 5;

    QTemporaryDir dir;
    FakeBus bus;
    QJsonArray devices;
    for (int w = 1; w <= kWindows; ++w) {
        devices.append(serialDevice(w, "keypad", w));
        devices.append(serialDevice(kBoardBase + w, "windowBoard", w));
    }
    const QString sample = QStringLiteral(QH_SAMPLE_HALL);
    ControllerProcess controller(
        hallWithSection(dir, sample, QStringLiteral("serial"),
                        QJsonArray{QJsonObject{{QStringLiteral("port"), bus.path()},
                                               {QStringLiteral("baud"), kBaud},
                                               {QStringLiteral("devices"), devices}}}),
        "2026-11-25 10:00", {QStringLiteral("--rate-limit"), QStringLiteral("100000")});
    const engine::HallConfig hall = db::readHallFile(sample).config;
    for (int i = 0; i < rounds + 1; ++i) {
        for (const engine::Service& s : hall.services)
            controller.takeTicket(s.id);
    }
    waitUntil([&] { return bus.lastBoardText(kBoardBase + kWindows).has_value(); });

    Wire wire(bus);
    QByteArray calls, starts, finishes;
    for (int w = 1; w <= kWindows; ++w) {
        calls += key(w, 0x31);
        starts += key(w, 0x32);
        finishes += key(w, 0x34);
    }
    std::vector<double> measured, onWire, written;
    for (int round = 0; round < rounds; ++round) {
        wire.drain();
        const qsizetype from = wire.outputBytes();
        const double start = wire.now();
        wire.send(calls, 4);
        double done = -1;
        const bool all = waitUntil(
            [&] {
                wire.collect();
                done = wire.allBoardsUpdatedAt(from);
                return done >= 0;
            },
            30'000);
        if (!all) {
            std::printf("round %d: not every board was updated\n", round + 1);
            return 1;
        }
        wire.drain(); // the keypad frames after the last board
        const qsizetype out = wire.outputBytes() - from;
        const double wireSeconds = double(calls.size() + out) * kByteSeconds;
        measured.push_back(done - start);
        written.push_back(wire.allBoardsUpdatedAt(from, true) - start);
        onWire.push_back(wireSeconds);
        std::printf("round %d: %d keys in (%lld bytes), %lld bytes out; all boards updated after "
                    "%.0f ms; the same bytes need %.0f ms on the wire; ratio %.2f\n",
                    round + 1, kWindows, static_cast<long long>(calls.size()),
                    static_cast<long long>(out), (done - start) * 1000, wireSeconds * 1000,
                    (done - start) / wireSeconds);
        wire.send(starts, 4);
        wire.drain();
        wire.send(finishes, 4);
    }
    std::vector<double> ratios;
    for (std::size_t i = 0; i < measured.size(); ++i)
        ratios.push_back(measured[i] / onWire[i]);
    std::printf("69 keypads at once at %d baud: all 69 boards updated p50 %.0f ms (max %.0f ms); "
                "wire time p50 %.0f ms; ratio measured/wire p50 %.2f (1.00 = the line is the "
                "only limit); the controller itself had written every board frame after p50 %.0f "
                "ms\n",
                kBaud, percentile(measured, 0.5) * 1000,
                *std::max_element(measured.begin(), measured.end()) * 1000,
                percentile(onWire, 0.5) * 1000, percentile(ratios, 0.5),
                percentile(written, 0.5) * 1000);
    return 0;
}
