// queuehall-kiosk: the touch kiosk where citizens take a numbered ticket.
#include "kioskcontroller.h"
#include "scanner.h"

#include <cstdio>

#include <QCommandLineParser>
#include <QDir>
#include <QElapsedTimer>
#include <QGuiApplication>
#include <QQmlApplicationEngine>
#include <QQmlContext>
#include <QQuickWindow>

using namespace Qt::Literals::StringLiterals;
using namespace qh;

int main(int argc, char* argv[])
{
    QElapsedTimer sinceStart;
    sinceStart.start();
    QGuiApplication app(argc, argv);
    QGuiApplication::setApplicationName(u"queuehall-kiosk"_s);
    QCommandLineParser options;
    options.addOptions({
        {u"controller"_s, u"the controller's address"_s, u"url"_s, u"http://127.0.0.1:8470"_s},
        {u"token"_s, u"this kiosk's device token (default: $QUEUEHALL_KIOSK_TOKEN)"_s, u"token"_s},
        {u"printer"_s,
         u"printer address: usb://, tcp://HOST, cups://QUEUE, file:///dev/usb/lp0, virtual:///DIR"_s,
         u"address"_s, u"virtual://"_s + QDir::temp().filePath(u"queuehall-tickets"_s)},
        {u"profile"_s, u"printer profile name or file"_s, u"name"_s, u"generic-80mm"_s},
        {u"status-url"_s, u"where phones reach the status page (default: the controller)"_s,
         u"url"_s},
        {u"idle-seconds"_s, u"back to the start screen after this long untouched"_s, u"seconds"_s,
         u"60"_s},
        {u"scanner"_s,
         u"a barcode scanner on this serial port (a keyboard-like one needs nothing)"_s, u"port"_s},
        {u"scanner-baud"_s, u"the serial scanner's speed"_s, u"baud"_s, u"9600"_s},
        {u"landscape"_s, u"1920x1080 instead of 1080x1920"_s},
        {u"fullscreen"_s, u"take the whole screen"_s},
    });
    options.addHelpOption();
    options.process(app);

    const QString token = options.isSet(u"token"_s) ? options.value(u"token"_s)
                                                    : qEnvironmentVariable("QUEUEHALL_KIOSK_TOKEN");
    const QString profileName = options.value(u"profile"_s);
    const QString profile = profileName.endsWith(u".json"_s) ? profileName
                                                             : QStringLiteral(QH_PRINTER_PROFILES) +
                                                                   u'/' + profileName + u".json"_s;
    std::unique_ptr<kiosk::PrinterWorker> ticketPrinter;
    try {
        ticketPrinter = std::make_unique<kiosk::PrinterWorker>([&] {
            return std::make_unique<printer::Printer>(
                printer::transportFor(options.value(u"printer"_s)), printer::loadProfile(profile));
        });
    } catch (const printer::TransportError& e) {
        std::fprintf(stderr, "error: %s\n", qPrintable(e.message()));
        return 2;
    }
    const QUrl controllerUrl(options.value(u"controller"_s));
    bool idleSecondsValid = false;
    const int idleSeconds = options.value(u"idle-seconds"_s).toInt(&idleSecondsValid);
    if (!idleSecondsValid || idleSeconds < 1 || idleSeconds > 3600) {
        std::fprintf(stderr, "error: --idle-seconds takes 1 to 3600 seconds\n");
        return 2;
    }
    kiosk::KioskController::Timing timing;
    timing.idleMs = idleSeconds * 1000;
    kiosk::KioskController kiosk(
        std::make_unique<kiosk::ControllerClient>(controllerUrl, token), std::move(ticketPrinter),
        options.isSet(u"status-url"_s) ? options.value(u"status-url"_s) : controllerUrl.toString(),
        timing);
    // A booking's QR code read by a scanner checks it in, whatever the screen shows.
    kiosk::KeyboardScanner keyboardScanner;
    app.installEventFilter(&keyboardScanner);
    QObject::connect(&keyboardScanner, &kiosk::KeyboardScanner::scanned, &kiosk,
                     &kiosk::KioskController::scanned);
    std::unique_ptr<kiosk::SerialScanner> serialScanner;
    if (options.isSet(u"scanner"_s)) {
        serialScanner = std::make_unique<kiosk::SerialScanner>(
            options.value(u"scanner"_s), options.value(u"scanner-baud"_s).toInt());
        QObject::connect(serialScanner.get(), &kiosk::SerialScanner::scanned, &kiosk,
                         &kiosk::KioskController::scanned);
    }

    QQmlApplicationEngine engine;
    kiosk::registerQmlTypes();
    engine.rootContext()->setContextProperty(u"kiosk"_s, &kiosk);
    QObject::connect(&kiosk, &kiosk::KioskController::languageChanged, &engine,
                     &QQmlEngine::retranslate);
    engine.load(QUrl(u"qrc:/qt/qml/Queuehall/Kiosk/qml/Main.qml"_s));
    auto* window = engine.rootObjects().isEmpty()
                       ? nullptr
                       : qobject_cast<QQuickWindow*>(engine.rootObjects().first());
    if (!window)
        return 3;
    const bool landscape = options.isSet(u"landscape"_s);
    window->resize(landscape ? 1920 : 1080, landscape ? 1080 : 1920);
    if (options.isSet(u"fullscreen"_s))
        window->showFullScreen();
    // The first frame drawn once the services are in: the kiosk is ready for a citizen.
    QObject::connect(&kiosk, &kiosk::KioskController::ready, window, [window, &sinceStart] {
        QObject::connect(
            window, &QQuickWindow::frameSwapped, window,
            [&sinceStart] {
                std::printf("queuehall-kiosk: interactive after %lld ms\n", sinceStart.elapsed());
                std::fflush(stdout);
            },
            Qt::SingleShotConnection);
        window->update();
    });
    kiosk.refresh();
    std::printf("queuehall-kiosk: controller %s, printer %s\n",
                qPrintable(controllerUrl.toString()), qPrintable(options.value(u"printer"_s)));
    std::fflush(stdout);
    return app.exec();
}
