// Kiosk speed: cold start to the first interactive frame (the real binary, offscreen), tap "take
// ticket" → the ticket's first byte at a TCP printer over 50 tickets, and RSS after 200 tickets.
#include "controllerprocess.h"
#include "fakeprinter.h"
#include "httpclient.h"
#include "kioskcontroller.h"
#include "tcptransport.h"
#include "testhall.h"
#include "virtualtransport.h"

#include <algorithm>
#include <cstdio>
#include <functional>

#include <QElapsedTimer>
#include <QFile>
#include <QGuiApplication>
#include <QProcess>
#include <QQmlApplicationEngine>
#include <QQmlContext>
#include <QTemporaryDir>

using namespace qh;

namespace {

constexpr qsizetype kQueryBytes = 9; // DLE EOT 1, 2, 4 before each ticket

double rssMegabytes()
{
    QFile status(QStringLiteral("/proc/self/status"));
    status.open(QIODevice::ReadOnly);
    for (const QByteArray& line : status.readAll().split('\n')) {
        if (line.startsWith("VmRSS:"))
            return line.mid(6).trimmed().split(' ').value(0).toDouble() / 1024.0;
    }
    return 0;
}

double percentile(std::vector<double> values, double q)
{
    std::sort(values.begin(), values.end());
    return values.empty() ? 0 : values[std::size_t(q * double(values.size() - 1))];
}

// A kiosk with its QML, over the controller, printing through the given transport.
struct Kiosk
{
    // The transport is made on the kiosk's printer thread, where it is used.
    Kiosk(test::ControllerProcess& controller,
          const std::function<std::unique_ptr<printer::Transport>()>& transport)
        : ui(std::make_unique<kiosk::ControllerClient>(
                 QUrl(QStringLiteral("http://127.0.0.1:%1").arg(controller.port())),
                 controller.token(QStringLiteral("kiosk"))),
             std::make_unique<kiosk::PrinterWorker>([&] {
                 return std::make_unique<printer::Printer>(
                     transport(), printer::loadProfile(
                                      QStringLiteral(QH_PRINTER_PROFILES "/generic-80mm.json")));
             }),
             QStringLiteral("http://hall.local:8470"), kiosk::KioskController::Timing{})
    {
        kiosk::registerQmlTypes();
        engine.rootContext()->setContextProperty(QStringLiteral("kiosk"), &ui);
        engine.load(QUrl(QStringLiteral("qrc:/qt/qml/Queuehall/Kiosk/qml/Main.qml")));
        ui.refresh();
        test::waitUntil([&] { return ui.departments()->rowCount() > 0; });
    }

    // One citizen: department, service, take ticket, done. False when it did not print.
    bool takeOne(int i)
    {
        ui.start();
        ui.chooseDepartment(QStringLiteral("hrss"));
        ui.chooseService(QStringLiteral("hrss-0%1").arg(i % 9 + 1));
        ui.takeTicket();
        if (!test::waitUntil([&] { return ui.screen() == kiosk::KioskController::Done; }, 10'000)) {
            std::printf("ticket %d did not print: %s\n", i, qPrintable(ui.pausedReason()));
            return false;
        }
        ui.finish();
        return true;
    }

    kiosk::KioskController ui;
    QQmlApplicationEngine engine;
};

} // namespace

int main(int argc, char** argv)
{
    qputenv("QT_QPA_PLATFORM", "offscreen");
    QGuiApplication app(argc, argv);
    test::ControllerProcess controller(QStringLiteral(QH_SAMPLE_HALL), "2026-11-25 09:00",
                                       {QStringLiteral("--rate-limit"), QStringLiteral("100000")});
    std::printf("queuehall kiosk benchmark (offscreen, sample hall)\n");

    // Cold start, five times: process launch to the first frame with the services in.
    std::vector<double> starts;
    for (int i = 0; i < 5; ++i) {
        QProcess kioskProcess;
        QElapsedTimer t;
        t.start();
        kioskProcess.start(QStringLiteral(QH_KIOSK_BINARY),
                           {QStringLiteral("--controller"),
                            QStringLiteral("http://127.0.0.1:%1").arg(controller.port()),
                            QStringLiteral("--token"), controller.token(QStringLiteral("kiosk")),
                            QStringLiteral("--printer"),
                            QStringLiteral("virtual:///tmp/queuehall-bench-tickets")});
        QByteArray out;
        while (!out.contains("interactive after") && kioskProcess.waitForReadyRead(10'000))
            out += kioskProcess.readAllStandardOutput();
        starts.push_back(double(t.elapsed()));
        kioskProcess.kill();
        kioskProcess.waitForFinished();
    }
    std::printf(
        "cold start to first interactive frame: p50 %.0f ms, max %.0f ms (target <= 1500 ms)\n",
        percentile(starts, 0.5), *std::max_element(starts.begin(), starts.end()));

    // Tap → first byte of the ticket at a TCP printer, 50 tickets.
    {
        test::FakePrinter fake;
        Kiosk k(controller, [&] {
            return std::make_unique<printer::TcpTransport>(QStringLiteral("127.0.0.1"),
                                                           fake.port());
        });
        std::vector<double> tapToByte;
        for (int i = 0; i < 50; ++i) {
            const qsizetype before = fake.received().size();
            const auto tapped = std::chrono::steady_clock::now();
            if (!k.takeOne(i))
                return 1;
            const auto firstByte = fake.arrivalOf(before + kQueryBytes);
            tapToByte.push_back(
                std::chrono::duration<double, std::milli>(*firstByte - tapped).count());
        }
        std::printf("tap \"take ticket\" -> first ticket byte at a TCP printer: p50 %.1f ms, p95 "
                    "%.1f ms over 50 "
                    "(target p95 <= 150 ms)\n",
                    percentile(tapToByte, 0.5), percentile(tapToByte, 0.95));
    }
    // Memory: the virtual printer keeps tickets on disk, so what grows is the kiosk's own.
    {
        QTemporaryDir tickets;
        Kiosk k(controller,
                [&] { return std::make_unique<printer::VirtualTransport>(tickets.path()); });
        const int count = argc > 1 ? std::atoi(argv[1]) : 200;
        const double before = rssMegabytes();
        double halfway = 0;
        for (int i = 0; i < count; ++i) {
            if (i == count / 2)
                halfway = rssMegabytes();
            if (!k.takeOne(i))
                return 1;
        }
        std::printf("RSS (whole process, with the benchmark's own bookkeeping): %.0f MB before, "
                    "%.0f MB after %d "
                    "tickets, %.0f MB after %d (target <= 150 MB after 200)\n",
                    before, halfway, count / 2, rssMegabytes(), count);
    }
    return 0;
}
