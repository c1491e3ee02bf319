// queuehall-kiosk: the touch kiosk where citizens take a numbered ticket.
#include "kioskcontroller.h"
#include "scanner.h"

#include <algorithm>
#include <cstdio>
#include <map>

#include <QCommandLineParser>
#include <QDir>
#include <QElapsedTimer>
#include <QFile>
#include <QGuiApplication>
#include <QJsonDocument>
#include <QJsonObject>
#include <QQmlApplicationEngine>
#include <QQmlContext>
#include <QQuickWindow>

using namespace Qt::Literals::StringLiterals;
using namespace qh;

namespace {

const QString kDefaultConfig = u"/etc/queuehall/kiosk.json"_s;

// The settings file's keys, by the command-line option each stands for.
const std::map<QString, QString> kSettings = {
    {u"controller"_s, u"controller"_s}, {u"token"_s, u"token"_s},
    {u"printer"_s, u"printer"_s},       {u"profile"_s, u"profile"_s},
    {u"status-url"_s, u"statusUrl"_s},  {u"idle-seconds"_s, u"idleSeconds"_s},
    {u"scanner"_s, u"scanner"_s},       {u"scanner-baud"_s, u"scannerBaud"_s},
    {u"landscape"_s, u"landscape"_s},   {u"fullscreen"_s, u"fullscreen"_s}};

// The settings file (--config, else /etc/queuehall/kiosk.json when it exists); empty without one.
// Throws a message naming what is wrong.
QJsonObject readSettings(const QCommandLineParser& options)
{
    const QString path = options.isSet(u"config"_s) ? options.value(u"config"_s) : kDefaultConfig;
    QFile file(path);
    if (!options.isSet(u"config"_s) && !file.exists())
        return {};
    if (!file.open(QIODevice::ReadOnly))
        throw u"%1: %2"_s.arg(path, file.errorString());
    QJsonParseError error{};
    const QJsonDocument doc = QJsonDocument::fromJson(file.readAll(), &error);
    if (!doc.isObject())
        throw u"%1: not a JSON object (%2)"_s.arg(path, error.errorString());
    for (const QString& key : doc.object().keys()) {
        if (std::none_of(kSettings.begin(), kSettings.end(),
                         [&](const auto& s) { return s.second == key; }))
            throw u"%1: unknown setting '%2'"_s.arg(path, key);
    }
    return doc.object();
}

} // namespace

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
        {u"config"_s,
         u"settings file, its keys named after these options (default: %1 when it exists)"_s.arg(
             kDefaultConfig),
         u"file"_s},
    });
    options.addHelpOption();
    options.process(app);
    QJsonObject settings;
    try {
        settings = readSettings(options);
    } catch (const QString& problem) {
        std::fprintf(stderr, "error: %s\n", qPrintable(problem));
        return 2;
    }
    // An option given on the command line, else the settings file's, else the default.
    const auto setting = [&](const QString& option) {
        const QString key = kSettings.at(option);
        if (options.isSet(option) || !settings.contains(key))
            return options.value(option);
        return settings.value(key).toVariant().toString();
    };
    const auto flag = [&](const QString& option) {
        return options.isSet(option) || settings.value(kSettings.at(option)).toBool();
    };

    const QString configuredToken = setting(u"token"_s);
    const QString token =
        configuredToken.isEmpty() ? qEnvironmentVariable("QUEUEHALL_KIOSK_TOKEN") : configuredToken;
    const QString profile = setting(u"profile"_s);
    std::unique_ptr<kiosk::PrinterWorker> ticketPrinter;
    try {
        ticketPrinter = std::make_unique<kiosk::PrinterWorker>([&] {
            return std::make_unique<printer::Printer>(printer::transportFor(setting(u"printer"_s)),
                                                      printer::loadProfile(profile));
        });
    } catch (const printer::TransportError& e) {
        std::fprintf(stderr, "error: %s\n", qPrintable(e.message()));
        return 2;
    }
    const QUrl controllerUrl(setting(u"controller"_s));
    bool idleSecondsValid = false;
    const int idleSeconds = setting(u"idle-seconds"_s).toInt(&idleSecondsValid);
    if (!idleSecondsValid || idleSeconds < 1 || idleSeconds > 3600) {
        std::fprintf(stderr, "error: --idle-seconds takes 1 to 3600 seconds\n");
        return 2;
    }
    kiosk::KioskController::Timing timing;
    timing.idleMs = idleSeconds * 1000;
    kiosk::KioskController kiosk(
        std::make_unique<kiosk::ControllerClient>(controllerUrl, token), std::move(ticketPrinter),
        setting(u"status-url"_s).isEmpty() ? controllerUrl.toString() : setting(u"status-url"_s),
        timing);
    // A booking's QR code read by a scanner checks it in, whatever the screen shows.
    kiosk::KeyboardScanner keyboardScanner;
    app.installEventFilter(&keyboardScanner);
    QObject::connect(&keyboardScanner, &kiosk::KeyboardScanner::scanned, &kiosk,
                     &kiosk::KioskController::scanned);
    std::unique_ptr<kiosk::SerialScanner> serialScanner;
    if (!setting(u"scanner"_s).isEmpty()) {
        serialScanner = std::make_unique<kiosk::SerialScanner>(setting(u"scanner"_s),
                                                               setting(u"scanner-baud"_s).toInt());
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
    const bool landscape = flag(u"landscape"_s);
    window->resize(landscape ? 1920 : 1080, landscape ? 1080 : 1920);
    if (flag(u"fullscreen"_s))
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
                qPrintable(controllerUrl.toString()), qPrintable(setting(u"printer"_s)));
    std::fflush(stdout);
    return app.exec();
}
