// `queuehall-controller serve`: the daemon that kiosks, callers, displays and admins talk to.
#include "daemon.h"

#include "apiserver.h"
#include "control.h"
#include "halldevices.h"
#include "localplayer.h"
#include "migrations.h"
#include "relay.h"
#include "smssender.h"
#include "store.h"

#include <csignal>
#include <cstdio>
#include <map>
#include <sys/socket.h>
#include <unistd.h>

#include <QCoreApplication>
#include <QLoggingCategory>
#include <QSocketNotifier>
#include <QTcpServer>
#include <QTimer>

#ifdef QH_WITH_SYSTEMD
#include <systemd/sd-daemon.h>
#include <systemd/sd-journal.h>
#endif

using namespace Qt::Literals::StringLiterals;

Q_DECLARE_LOGGING_CATEGORY(lcController)

namespace qh::controller {

namespace {

constexpr int kSweepIntervalMs = 1000; // how often unconfirmed tickets are looked for
// How often open cases are checked against their warning and due days (a day's change is seen
// within this).
constexpr int kEscalationIntervalMs = 60'000;
constexpr int kCloseGraceMs = 200; // for WebSocket close frames to leave before exit

int g_signalPipe[2] = {-1, -1};

void onSignal(int)
{
    const char byte = 1;
    [[maybe_unused]] const auto n = ::write(g_signalPipe[1], &byte, 1);
}

void notifySystemd([[maybe_unused]] const char* state)
{
#ifdef QH_WITH_SYSTEMD
    sd_notify(0, state);
#endif
}

#ifdef QH_WITH_SYSTEMD
// Under systemd, each message goes to the journal with its priority and its logging category
// (journalctl -u queuehall-controller QT_CATEGORY=qh.api).
void logToJournal(QtMsgType type, const QMessageLogContext& context, const QString& message)
{
    static const std::map<QtMsgType, int> priorities = {
        {QtDebugMsg, 7}, {QtInfoMsg, 6}, {QtWarningMsg, 4}, {QtCriticalMsg, 3}, {QtFatalMsg, 2}};
    sd_journal_send("MESSAGE=%s", message.toUtf8().constData(), "PRIORITY=%i", priorities.at(type),
                    "QT_CATEGORY=%s", context.category ? context.category : "default", nullptr);
}
#endif

// A systemd watchdog (WatchdogSec=) is fed from the event loop, so a hung loop gets the daemon
// restarted. Returns the interval, or 0 when no watchdog is asked for.
int watchdogIntervalMs()
{
#ifdef QH_WITH_SYSTEMD
    uint64_t usec = 0;
    if (sd_watchdog_enabled(0, &usec) > 0)
        return int(usec / 2000); // twice per period
#endif
    return 0;
}

} // namespace

int runServe(const ServeOptions& options, const engine::Clock& clock)
{
#ifdef QH_WITH_SYSTEMD
    if (qEnvironmentVariableIsSet("JOURNAL_STREAM"))
        qInstallMessageHandler(logToJournal);
#endif
    db::Database database(options.database);
    db::migrate(database);
    db::Store store(database);
    if (!store.hasHall())
        throw db::ConfigError(
            {u"%1 holds no hall; run 'queuehall-controller init' first"_s.arg(options.database)});
    service::HallService service(store, clock);
    api::DeviceRegistry devices(service);
    api::RateLimiter limiter(options.ticketsPerMinute, 60);
    const voice::Announcer announcer(options.voiceDirectory, options.voiceLanguages);
    api::ApiHandler handler(service, store, devices, limiter, announcer);
    api::EventHub hub(handler, service, options.sendQueueLimitBytes,
                      options.sendStallLimitSeconds * 1000);
    api::ApiServer server(handler, hub, service);
    devices::HallDevices hardware(service);
    handler.addHardware(&hardware);
    std::optional<smssender::SmsSender> sms;
    if (service.hall().sms.enabled()) {
        sms.emplace(service);
        handler.addHardware(&*sms);
    }

    std::optional<sync::CityRelay> relay;
    if (options.city) {
        relay.emplace(service, options.database, *options.city, sync::cityPassword(*options.city));
        handler.setCityLink(&*relay);
    }

    ControlServer control(service, options.database);
    if (!control.listen()) {
        std::fprintf(stderr, "error: cannot open the command socket %s: %s\n",
                     qPrintable(controlSocketPath(options.database)),
                     qPrintable(control.errorString()));
        return 3;
    }
    const quint16 port = server.listen(options.listen, options.port);
    if (port == 0) {
        std::fprintf(stderr, "error: cannot listen on %s port %u\n",
                     qPrintable(options.listen.toString()), unsigned(options.port));
        return 3;
    }
    // Requests are handled on this thread, so a signal is seen only between them: every request
    // already read is committed and answered before the loop stops.
    if (::socketpair(AF_UNIX, SOCK_STREAM, 0, g_signalPipe) != 0)
        qFatal("socketpair failed");
    QSocketNotifier signalNotifier(g_signalPipe[0], QSocketNotifier::Read);
    QObject::connect(&signalNotifier, &QSocketNotifier::activated, [&] {
        char byte;
        [[maybe_unused]] const auto n = ::read(g_signalPipe[0], &byte, 1);
        qCInfo(lcController) << "stopping";
        notifySystemd("STOPPING=1");
        service.commitSubmitted(); // what was asked is committed and answered before the end
        for (QTcpServer* s : server.servers())
            s->close();
        hub.closeAll(u"the controller is stopping"_s);
        QTimer::singleShot(kCloseGraceMs, qApp, &QCoreApplication::quit);
    });
    std::signal(SIGTERM, onSignal);
    std::signal(SIGINT, onSignal);

    voice::LocalPlayer player;
    if (options.playVoice) {
        QObject::connect(
            &service, &service::HallService::committed, &player, [&](const engine::Event& e) {
                const std::optional<service::CallOut> callOut = service::callOutOf(e);
                if (!callOut)
                    return;
                try {
                    player.enqueue(announcer.sound(callOut->number, callOut->window),
                                   u"seq %1 %2 window %3"_s.arg(e.seq)
                                       .arg(callOut->number)
                                       .arg(callOut->window));
                } catch (const voice::VoiceError& error) {
                    qCWarning(lcController) << "cannot speak call" << e.seq << ":" << error.what();
                }
            });
    }

    QTimer sweep;
    QObject::connect(&sweep, &QTimer::timeout, [&] {
        try {
            service.voidStaleIssuing({u"controller"_s, u"controller"_s});
        } catch (const std::exception& e) {
            qCWarning(lcController) << "sweeping unconfirmed tickets failed:" << e.what();
        }
    });
    sweep.start(kSweepIntervalMs);
    QTimer escalation;
    const auto escalate = [&] {
        try {
            service.escalateCases({u"controller"_s, u"controller"_s});
            service.escalateFollowUps({u"controller"_s, u"controller"_s});
            service.signOutPastDays({u"controller"_s, u"controller"_s});
            service.markNoShows({u"controller"_s, u"controller"_s});
        } catch (const std::exception& e) {
            qCWarning(lcController) << "escalating late cases and follow-ups, signing out "
                                       "yesterday's clerks or marking missed bookings failed:"
                                    << e.what();
        }
    };
    QObject::connect(&escalation, &QTimer::timeout, escalate);
    escalation.start(kEscalationIntervalMs);
    escalate();

    QTimer watchdog;
    if (const int intervalMs = watchdogIntervalMs(); intervalMs > 0) {
        QObject::connect(&watchdog, &QTimer::timeout, [] { notifySystemd("WATCHDOG=1"); });
        watchdog.start(intervalMs);
    }

    hardware.start();
    if (relay)
        relay->start();
    if (sms)
        sms->start();
    std::printf("queuehall-controller %s listening on http://%s:%u (%s)\n", QH_VERSION,
                qPrintable(options.listen.toString()), unsigned(port),
                qPrintable(service.hall().name.en));
    std::fflush(stdout);
    notifySystemd("READY=1");
    const int code = QCoreApplication::exec();
    std::signal(SIGTERM, SIG_DFL);
    std::signal(SIGINT, SIG_DFL);
    return code;
}

} // namespace qh::controller
