// The controller's command line: init, device, ticket, window, case, hall, calendar, audit and
// demo subcommands.
#include "cli.h"

#include "calendarfiles.h"
#include "control.h"
#include "daemon.h"
#include "demo.h"
#include "devices.h"
#include "hallservice.h"
#include "jsonmapping.h"
#include "maintenance.h"
#include "migrations.h"
#include "monthly.h"
#include "output.h"
#include "relay.h"
#include "request.h"
#include "staff.h"
#include "store.h"

#include <functional>
#include <map>

#include <QCommandLineParser>
#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QJsonArray>
#include <QJsonDocument>
#include <QLoggingCategory>
#include <QTimeZone>

using namespace Qt::Literals::StringLiterals;

Q_LOGGING_CATEGORY(lcController, "qh.controller")

namespace qh::controller {

namespace {

enum ExitCode { kOk = 0, kRefused = 1, kUsageError = 2, kStoreError = 3 };

class UsageError : public std::runtime_error
{
public:
    explicit UsageError(const QString& message)
        : std::runtime_error(message.toStdString())
    {
    }
};

const QString kDefaultConfig = u"/etc/queuehall/controller.json"_s;

// Settings from the config file: {"database", "listen", "port", "ticketsPerMinute",
// "sendQueueLimitBytes", "sendStallLimitSeconds", "voiceDirectory", "voiceLanguages",
// "playVoice", "city"}; flags given on the command line win.
QJsonObject readConfig(const QCommandLineParser& options)
{
    const QString path = options.isSet(u"config"_s) ? options.value(u"config"_s) : kDefaultConfig;
    if (!QFileInfo::exists(path) && !options.isSet(u"config"_s))
        return {};
    const QJsonObject config = db::readJsonObject(path);
    const QStringList known = {u"database"_s,
                               u"listen"_s,
                               u"port"_s,
                               u"ticketsPerMinute"_s,
                               u"sendQueueLimitBytes"_s,
                               u"sendStallLimitSeconds"_s,
                               u"voiceDirectory"_s,
                               u"voiceLanguages"_s,
                               u"playVoice"_s,
                               u"city"_s};
    for (const QString& key : config.keys()) {
        if (!known.contains(key))
            throw db::ConfigError({u"%1: unknown setting '%2'"_s.arg(path, key)});
    }
    return config;
}

// A flag if given, else the config file's setting, else the default.
QString setting(const QCommandLineParser& options, const QJsonObject& config, const QString& flag,
                const QString& key, const QString& fallback)
{
    if (options.isSet(flag))
        return options.value(flag);
    if (config.contains(key))
        return config.value(key).toVariant().toString();
    return fallback;
}

QString defaultDatabase()
{
    const QString env = qEnvironmentVariable("QUEUEHALL_DB");
    return env.isEmpty() ? u"/var/lib/queuehall/queuehall.db"_s : env;
}

int number(const QString& text, const QString& what, int min, int max)
{
    bool ok = false;
    const int value = text.toInt(&ok);
    if (!ok || value < min || value > max)
        throw UsageError(
            u"%1 must be a number from %2 to %3, got '%4'"_s.arg(what).arg(min).arg(max).arg(text));
    return value;
}

const QString kUsageText = uR"(usage: queuehall-controller [--db PATH] [--json] COMMAND ...

  setup [--hall FILE] [--kiosks N] [--displays N] [--url URL] [--admin NUMBER --name NAME]
                                   a new hall machine: the database with the hall (default: the
                                   packaged sample hall) and calendar, the first admin, and a
                                   token for each kiosk, display and window caller (shown once)
  serve [--listen ADDR] [--port N] [--rate-limit N]   run the controller daemon
  init --hall FILE [--calendar-dir DIR]   create the database, load the hall and the calendar
  backup [FILE] [--keep N]         a consistent copy while the controller serves: to FILE, or as
                                   backups/daily-TIME.db beside the database, keeping the newest N
  restore FILE                     replace the database with a checked copy (controller stopped)
  doctor                           check database, controller, disk, clock, serial buses, modem,
                                   audio and the kiosk's printer: one line each, what to do
  device add --role kiosk|caller|display|admin|booking [--window N] [--name NAME]
  device list | device revoke ID   tokens are shown once, at add
  staff add NUMBER --name NAME --roles clerk|head|admin|auditor[,...] [--department ID]
  staff reset NUMBER | disable NUMBER | list
                                   the password (head, admin, auditor) or PIN (clerk) is read
                                   from the first line of standard input
  window sign-in N --staff NUMBER  (the PIN from standard input) | window sign-out N
  ticket issue SERVICE [--green] [--phone N] [--lang zh|en] [--appointment HH:MM]
  ticket confirm ID                the ticket was printed: it joins the queue
  ticket void ID --reason TEXT
  ticket show ID
  window call-next N | recall N | start N | complete N | no-show N
  window hold N [--return NUMBER]  hold the current ticket, or return a held one
  window transfer N (--service ID | --to-window M)
  window call N NUMBER             call a specific waiting or held ticket
  window pause N | resume N
  case accept N [--service ID]     a case from the ticket window N serves; its password is shown
                                   only now
  case suspend SERIAL --reason TEXT | resume SERIAL   missing documents (补正): the clock stops
  case complete SERIAL --result approved|not_approved [--reason TEXT]
  case return SERIAL --reason TEXT | withdraw SERIAL [--reason TEXT]
  case show SERIAL | list [--window N] [--overdue]
  case rates [--from DAY] [--to DAY] [--by total|day|window|department|service]
  followup list [--late]           the 差评 follow-ups not yet rectified or decided
  followup show ID | contact ID --record TEXT | close ID   (closed by a supervisor)
  followup rectify ID --finding TEXT --rectification TEXT
  followup appeal ID --reason TEXT | decide ID --decision upheld|rejected --reason TEXT
  report daily [--from DAY] | monthly [--month YYYY-MM] | range --from DAY --to DAY
         [--by total|day|window|department|service] [--format table|csv|json] [--out FILE]
  report appraisal [--month YYYY-MM] [--rules FILE] [--format table|csv|json]
                                   the window appraisal (窗口绩效考核) of a month
  report ratings [--from DAY] [--to DAY]   the 好差评 by level and channel
  report export [--from DAY] [--to DAY] [--format csv|json] [--out FILE]
                                   the 好差评 records for the provincial platform (json: JSON Lines)
  report monthly [--month YYYY-MM] [--rules FILE] --format html [--out FILE]
                                   the month as one HTML page with its charts
  report charts [--month YYYY-MM] [--rules FILE] --out DIR
                                   the month's charts as PNG files in DIR
  hall status
  calendar import FILE             add or replace a year of the working calendar
  calendar show                    the years loaded, their holidays and make-up working days
  audit verify                     check the event log's hash chain
  demo [--hall FILE] [--db NEW]    a scripted morning, then the hall served live

Options: --db (default: the config file's "database", $QUEUEHALL_DB, or
/var/lib/queuehall/queuehall.db), --config FILE (default /etc/queuehall/controller.json when it
exists), --json for scripts, --at ISO-TIME to act as if it were that time (the clock runs on
from there), --actor NAME for the audit trail.
)"_s;

struct Context
{
    QCommandLineParser& options;
    QStringList words; // positional arguments after the command group
    QTextStream& out;
    bool json = false;
    const engine::Clock* clock = nullptr;
};

int word(const Context& c, int index, const QString& what)
{
    bool ok = false;
    const int value = c.words.value(index).toInt(&ok);
    if (!ok)
        throw UsageError(u"%1 must be a number, got '%2'"_s.arg(what, c.words.value(index)));
    return value;
}

void printJson(QTextStream& out, const QJsonObject& o)
{
    out << QJsonDocument(o).toJson(QJsonDocument::Compact) << u'\n';
}

std::unique_ptr<engine::Clock> makeClock(const QCommandLineParser& options)
{
    if (!options.isSet(u"at"_s))
        return std::make_unique<engine::SystemClock>();
    const QDateTime at = QDateTime::fromString(options.value(u"at"_s), Qt::ISODateWithMs);
    if (!at.isValid())
        throw UsageError(u"--at must be an ISO date-time such as 2026-11-25T09:30:00+08:00"_s);
    return std::make_unique<engine::ShiftedClock>(at.toMSecsSinceEpoch());
}

int runInit(QCommandLineParser& options, const QString& path, QTextStream& out, bool json)
{
    if (!options.isSet(u"hall"_s))
        throw UsageError(u"init needs --hall FILE"_s);
    const InitialisedHall initialised =
        initialiseDatabase(path, options.value(u"hall"_s),
                           options.isSet(u"calendar-dir"_s) ? options.value(u"calendar-dir"_s)
                                                            : defaultCalendarDirectory(),
                           options.value(u"actor"_s));
    const engine::HallConfig& hall = initialised.hall;
    if (json) {
        QJsonArray years;
        for (const int year : initialised.calendarYears)
            years.append(year);
        printJson(out, {{u"hall"_s, hall.id},
                        {u"departments"_s, int(hall.departments.size())},
                        {u"services"_s, int(hall.services.size())},
                        {u"windows"_s, int(hall.windows.size())},
                        {u"calendarYears"_s, years}});
    } else {
        out << u"Initialised "_s << describe(initialised, path);
    }
    return kOk;
}

void printTicket(const Context& c, const engine::HallConfig& hall, const engine::TicketView& v)
{
    if (c.json)
        printJson(c.out, api::ticketJson(v, hall));
    else
        c.out << ticketLine(v, hall) << u'\n';
}

int runTicket(const Context& c, service::HallService& hallService, const engine::Actor& actor)
{
    const QString action = c.words.value(0);
    if (action == u"issue"_s) {
        engine::IssueRequest request;
        request.serviceId = c.words.value(1);
        if (request.serviceId.isEmpty())
            throw UsageError(u"ticket issue needs a SERVICE id"_s);
        request.priority =
            c.options.isSet(u"green"_s) ? engine::Priority::Green : engine::Priority::Normal;
        request.phone = c.options.value(u"phone"_s);
        request.lang = c.options.value(u"lang"_s);
        if (c.options.isSet(u"appointment"_s)) {
            const QTime time = QTime::fromString(c.options.value(u"appointment"_s), u"HH:mm"_s);
            if (!time.isValid())
                throw UsageError(u"--appointment must be HH:MM"_s);
            QDateTime local = QDateTime::fromMSecsSinceEpoch(
                c.clock->nowMs(), QTimeZone(hallService.hall().timeZone));
            local.setTime(time);
            request.appointmentAt = local.toMSecsSinceEpoch();
        }
        printTicket(c, hallService.hall(), hallService.issue(request, actor));
        return kOk;
    }
    const std::int64_t id = word(c, 1, u"ticket ID"_s);
    if (action == u"confirm"_s) {
        hallService.confirmPrinted(id, actor);
    } else if (action == u"void"_s) {
        hallService.voidTicket(id, c.options.value(u"reason"_s), actor);
    } else if (action != u"show"_s) {
        throw UsageError(u"unknown ticket command '%1'"_s.arg(action));
    }
    printTicket(c, hallService.hall(), hallService.engine().view(id));
    return kOk;
}

int runWindow(const Context& c, service::HallService& hallService, const engine::Actor& actor)
{
    const QString action = c.words.value(0);
    const int n = word(c, 1, u"window number"_s);
    const auto show = [&](const engine::Ticket& t) {
        printTicket(c, hallService.hall(), hallService.engine().view(t.id));
        return kOk;
    };
    const auto done = [&](const QString& what) {
        if (c.json)
            printJson(c.out, {{u"window"_s, n}, {u"result"_s, what}});
        else
            c.out << u"window %1 %2\n"_s.arg(n).arg(what);
        return kOk;
    };
    if (action == u"call-next"_s) {
        const std::optional<engine::Ticket> t = hallService.callNext(n, actor);
        if (t)
            return show(*t);
        return done(u"has no ticket waiting"_s);
    }
    if (action == u"call"_s)
        return show(hallService.callNumber(n, c.words.value(2), actor));
    if (action == u"recall"_s)
        return show(hallService.recall(n, actor));
    if (action == u"start"_s)
        return show(hallService.start(n, actor));
    if (action == u"complete"_s)
        return show(hallService.complete(n, actor));
    if (action == u"no-show"_s)
        return show(hallService.noShow(n, actor));
    if (action == u"hold"_s) {
        if (c.options.isSet(u"return"_s))
            return show(hallService.returnHeld(n, c.options.value(u"return"_s), actor));
        return show(hallService.hold(n, actor));
    }
    if (action == u"transfer"_s) {
        if (c.options.isSet(u"service"_s) == c.options.isSet(u"to-window"_s))
            throw UsageError(u"window transfer needs exactly one of --service or --to-window"_s);
        if (c.options.isSet(u"service"_s))
            return show(hallService.transferToService(n, c.options.value(u"service"_s), actor));
        bool ok = false;
        const int target = c.options.value(u"to-window"_s).toInt(&ok);
        if (!ok)
            throw UsageError(u"--to-window must be a window number"_s);
        return show(hallService.transferToWindow(n, target, actor));
    }
    if (action == u"pause"_s) {
        hallService.pause(n, actor);
        return done(u"paused"_s);
    }
    if (action == u"sign-in"_s) {
        api::StaffRegistry staff(hallService);
        const api::Verification v =
            staff.signIn(n, c.options.value(u"staff"_s), c.options.value(u"secret"_s), actor);
        if (v.outcome == api::Verification::Outcome::Locked)
            throw engine::EngineError(engine::EngineError::Code::WrongState,
                                      u"the account is locked after too many wrong PINs"_s);
        if (v.outcome == api::Verification::Outcome::Refused)
            throw engine::EngineError(engine::EngineError::Code::Invalid,
                                      u"the staff number or PIN is wrong"_s);
        return done(u"signed in: %1"_s.arg(v.member->label()));
    }
    if (action == u"sign-out"_s) {
        hallService.signOut(n, QString(), actor);
        return done(u"signed out"_s);
    }
    if (action == u"resume"_s) {
        hallService.resume(n, actor);
        return done(u"resumed"_s);
    }
    throw UsageError(u"unknown window command '%1'"_s.arg(action));
}

int runDevice(const Context& c, service::HallService& hallService, const engine::Actor& actor)
{
    api::DeviceRegistry registry(hallService);
    const QString action = c.words.value(0);
    if (action == u"add"_s) {
        std::optional<int> window;
        if (c.options.isSet(u"window"_s))
            window = number(c.options.value(u"window"_s), u"--window"_s, 1, 9999);
        const QString role = c.options.value(u"role"_s);
        const QString name = c.options.isSet(u"name"_s)
                                 ? c.options.value(u"name"_s)
                                 : (window ? u"%1 %2"_s.arg(role).arg(*window) : role);
        const api::NewDevice added = registry.add(name, role, window, actor);
        if (c.json) {
            printJson(c.out, {{u"id"_s, double(added.device.id)},
                              {u"name"_s, added.device.name},
                              {u"role"_s, role},
                              {u"token"_s, added.token}});
        } else {
            c.out << u"device %1 (%2, %3) added; its token, shown only now:\n%4\n"_s
                         .arg(added.device.id)
                         .arg(added.device.name, role, added.token);
        }
        return kOk;
    }
    if (action == u"revoke"_s) {
        registry.revoke(word(c, 1, u"device ID"_s), actor);
        c.out << u"device %1 revoked\n"_s.arg(c.words.value(1));
        return kOk;
    }
    if (action != u"list"_s)
        throw UsageError(u"unknown device command '%1'"_s.arg(action));
    QJsonArray list;
    for (const engine::Device& d : registry.list()) {
        list.append(api::deviceJson(d, hallService.hall()));
        if (!c.json)
            c.out << u"%1  %2  %3%4%5\n"_s.arg(d.id, 4)
                         .arg(d.role, -7)
                         .arg(d.name)
                         .arg(d.window ? u"  window %1"_s.arg(*d.window) : QString())
                         .arg(d.revokedAt ? u"  (revoked)"_s : QString());
    }
    if (c.json)
        printJson(c.out, {{u"devices"_s, list}});
    return kOk;
}

int runStaff(const Context& c, service::HallService& hallService, const engine::Actor& actor)
{
    api::StaffRegistry staff(hallService);
    const QString action = c.words.value(0);
    const QString number = c.words.value(1);
    if (action == u"add"_s) {
        api::StaffRequest r{number, c.options.value(u"name"_s), c.options.value(u"department"_s),
                            c.options.value(u"roles"_s).split(u',', Qt::SkipEmptyParts),
                            c.options.value(u"secret"_s)};
        const engine::StaffMember added = staff.add(r, actor);
        if (c.json)
            printJson(c.out, api::staffJson(added));
        else
            c.out << u"staff %1 added (%2)\n"_s.arg(added.label(), added.roles.join(u','));
        return kOk;
    }
    if (action == u"reset"_s) {
        staff.resetSecret(number, c.options.value(u"secret"_s), actor);
        c.out << u"staff %1: new password or PIN set\n"_s.arg(number);
        return kOk;
    }
    if (action == u"disable"_s) {
        staff.disable(number, actor);
        c.out << u"staff %1 disabled\n"_s.arg(number);
        return kOk;
    }
    if (action != u"list"_s)
        throw UsageError(u"unknown staff command '%1'"_s.arg(action));
    QJsonArray list;
    for (const engine::StaffMember& m : staff.list()) {
        list.append(api::staffJson(m));
        if (!c.json)
            c.out << u"%1  %2  %3  %4%5\n"_s.arg(m.number, -8)
                         .arg(m.name, -10)
                         .arg(m.roles.join(u','), -14)
                         .arg(m.department)
                         .arg(m.active() ? QString() : u"  (disabled)"_s);
    }
    if (c.json)
        printJson(c.out, {{u"staff"_s, list}});
    return kOk;
}

int runAudit(const Context& c, db::Store& store)
{
    if (c.words.value(0) != u"verify"_s)
        throw UsageError(u"unknown audit command '%1'"_s.arg(c.words.value(0)));
    const db::AuditReport report = store.verifyAudit();
    if (c.json) {
        printJson(c.out, {{u"ok"_s, report.problems.isEmpty()},
                          {u"checked"_s, double(report.checked)},
                          {u"problems"_s, QJsonArray::fromStringList(report.problems)}});
    } else if (report.problems.isEmpty()) {
        c.out << u"audit trail intact: %1 events verified\n"_s.arg(report.checked);
    } else {
        c.out << u"audit trail TAMPERED: %1 problem(s) in %2 events\n"_s.arg(report.problems.size())
                     .arg(report.checked);
        for (const QString& p : report.problems)
            c.out << u"  "_s << p << u'\n';
    }
    return report.problems.isEmpty() ? kOk : kRefused;
}

// Sets up every option and parses the arguments; false after printing a usage error.
bool parse(QCommandLineParser& options, const QStringList& arguments, QTextStream& err)
{
    options.setOptionsAfterPositionalArgumentsMode(QCommandLineParser::ParseAsOptions);
    options.addOptions({
        {u"db"_s, u"database file"_s, u"path"_s},
        {u"config"_s, u"config file"_s, u"file"_s},
        {u"listen"_s, u"address to serve on"_s, u"address"_s},
        {u"port"_s, u"port to serve on (0: any free port)"_s, u"n"_s},
        {u"rate-limit"_s, u"tickets a kiosk may issue per minute"_s, u"n"_s},
        {u"send-queue-limit"_s, u"bytes an event-stream client may fall behind"_s, u"bytes"_s},
        {u"send-stall-limit"_s, u"seconds a replaying event-stream client may take nothing"_s,
         u"seconds"_s},
        {u"voice-dir"_s, u"folder of the voice clips"_s, u"dir"_s},
        {u"voice-languages"_s, u"languages of the spoken call, in order"_s, u"zh,en"_s},
        {u"play-voice"_s, u"also speak every call on this machine's speaker"_s},
        {u"role"_s, u"device role"_s, u"role"_s},
        {u"name"_s, u"device name; the first admin's name (setup)"_s, u"name"_s},
        {u"window"_s, u"a caller's window"_s, u"n"_s},
        {u"json"_s, u"JSON output for scripts"_s},
        {u"at"_s, u"act as if it were this time"_s, u"iso-time"_s},
        {u"actor"_s, u"who acts, for the audit trail"_s, u"name"_s, u"cli"_s},
        {u"hall"_s, u"hall file"_s, u"file"_s},
        {u"keep"_s, u"backups to keep in the backup folder (0: all)"_s, u"n"_s, u"14"_s},
        {u"kiosks"_s, u"kiosk tokens that setup makes"_s, u"n"_s, u"1"_s},
        {u"displays"_s, u"display tokens that setup makes"_s, u"n"_s, u"1"_s},
        {u"url"_s, u"how devices reach this controller (setup)"_s, u"url"_s},
        {u"admin"_s, u"the first admin's staff number (setup)"_s, u"number"_s, u"0001"_s},
        {u"kiosk-config"_s, u"the kiosk's settings file"_s, u"file"_s, kKioskConfig},
        {u"calendar-dir"_s, u"the working calendar's files that init imports"_s, u"dir"_s},
        {u"green"_s, u"green-channel ticket"_s},
        {u"phone"_s, u"phone number for SMS"_s, u"number"_s},
        {u"lang"_s, u"ticket language"_s, u"zh|en"_s, u"zh"_s},
        {u"appointment"_s, u"appointment time today"_s, u"HH:MM"_s},
        {u"reason"_s,
         u"why a ticket is voided, a case suspended, refused or returned; of an appeal or its "
         "decision"_s,
         u"text"_s},
        {u"result"_s, u"a completed case's result"_s, u"approved|not_approved"_s},
        {u"overdue"_s, u"only the cases past their due day"_s},
        {u"from"_s, u"first day of the rates or report"_s, u"yyyy-mm-dd"_s},
        {u"to"_s, u"last day of the rates or report"_s, u"yyyy-mm-dd"_s},
        {u"by"_s, u"group the rates or report by"_s, u"total|day|window|department|service"_s,
         u"total"_s},
        {u"return"_s, u"return this held ticket to the queue"_s, u"number"_s},
        {u"late"_s, u"only the follow-ups past their due day"_s},
        {u"month"_s, u"the month of a monthly report"_s, u"yyyy-mm"_s},
        {u"format"_s, u"how a report is written"_s, u"table|csv|json|html"_s, u"table"_s},
        {u"out"_s, u"write the report to this file (the charts: into this folder)"_s, u"path"_s},
        {u"rules"_s, u"the appraisal's rules file"_s, u"file"_s},
        {u"record"_s, u"how the applicant was contacted and what they said"_s, u"text"_s},
        {u"finding"_s, u"what the follow-up found"_s, u"text"_s},
        {u"rectification"_s, u"what was done about it"_s, u"text"_s},
        {u"decision"_s, u"an appeal's decision"_s, u"upheld|rejected"_s},
        {u"service"_s, u"transfer to this service; accept a case for it"_s, u"id"_s},
        {u"to-window"_s, u"transfer to this window"_s, u"n"_s},
        {u"staff"_s, u"the staff number signing in at a window"_s, u"number"_s},
        {u"department"_s, u"a staff member's department"_s, u"id"_s},
        {u"roles"_s, u"a staff member's roles"_s, u"clerk,head,admin,auditor"_s},
        // Filled from the first line of standard input, never given on the command line.
        {u"secret"_s, u"(read from standard input)"_s, u"text"_s},
    });
    options.addHelpOption();
    options.addVersionOption();
    if (options.parse(arguments))
        return true;
    err << u"error: "_s << options.errorText() << u"\n\n"_s << kUsageText;
    return false;
}

// Runs body, turning what it throws into an error line (or JSON object) and an exit code.
int guarded(bool json, QTextStream& err, const std::function<int()>& body)
{
    const auto fail = [&](ExitCode code, const QString& name, const QString& message) {
        if (json)
            printJson(err, {{u"error"_s, QJsonObject{{u"code"_s, name}, {u"message"_s, message}}}});
        else
            err << u"error: "_s << message << u'\n';
        if (code == kUsageError && !json)
            err << u'\n' << kUsageText;
        return int(code);
    };
    try {
        return body();
    } catch (const engine::EngineError& e) {
        return fail(kRefused, e.codeName(), e.message());
    } catch (const UsageError& e) {
        return fail(kUsageError, u"usage"_s, QString::fromUtf8(e.what()));
    } catch (const db::ConfigError& e) {
        return fail(kStoreError, u"config"_s, e.problems().join(u"\n       "_s));
    } catch (const db::MigrationError& e) {
        return fail(kStoreError, u"schema"_s, QString::fromUtf8(e.what()));
    } catch (const db::DatabaseError& e) {
        return fail(kStoreError, u"database"_s, QString::fromUtf8(e.what()));
    } catch (const std::exception& e) {
        return fail(kStoreError, u"internal"_s, QString::fromUtf8(e.what()));
    }
}

// Whether the command changes the hall (and so goes through a daemon serving the database).
bool changesTheHall(const QString& group, const QString& action)
{
    return (group == u"ticket"_s && action != u"show"_s) || group == u"window"_s ||
           (group == u"device"_s && action != u"list"_s) ||
           (group == u"staff"_s && action != u"list"_s) ||
           (group == u"calendar"_s && action == u"import"_s) ||
           (group == u"case"_s && action != u"show"_s && action != u"list"_s &&
            action != u"rates"_s) ||
           (group == u"followup"_s && action != u"show"_s && action != u"list"_s);
}

void printCalendarYear(QTextStream& out, const engine::CalendarYear& y)
{
    out << u"%1: %2\n"_s.arg(y.year).arg(y.source);
    for (const engine::PublicHoliday& h : y.holidays)
        out << u"  off  %1 .. %2  %3 %4\n"_s.arg(h.from.toString(Qt::ISODate),
                                                 h.to.toString(Qt::ISODate), h.name.zh, h.name.en);
    for (const QDate& d : y.workdays)
        out << u"  work %1 (%2)\n"_s.arg(d.toString(Qt::ISODate), d.toString(u"ddd"_s));
}

int runCalendar(const Context& c, service::HallService& hallService, const engine::Actor& actor)
{
    const QString action = c.words.value(0);
    if (action == u"import"_s) {
        QFile file(c.words.value(1));
        if (c.words.value(1).isEmpty() || !file.open(QIODevice::ReadOnly))
            throw UsageError(
                u"calendar import needs a readable FILE: %1"_s.arg(file.errorString()));
        const engine::CalendarYear year = hallService.importCalendar(file.readAll(), actor);
        if (c.json)
            printJson(c.out, api::calendarYearJson(year));
        else
            c.out << u"Imported %1: %2 holidays, %3 make-up working days (%4)\n"_s.arg(year.year)
                         .arg(year.holidays.size())
                         .arg(year.workdays.size())
                         .arg(year.source);
        return kOk;
    }
    if (action != u"show"_s)
        throw UsageError(u"unknown calendar command '%1'"_s.arg(action));
    const engine::WorkingCalendar& calendar = hallService.engine().calendar();
    const std::vector<QString> warnings = hallService.engine().calendarWarnings();
    if (c.json) {
        printJson(c.out, api::calendarJson(calendar, warnings));
        return kOk;
    }
    if (calendar.years().empty())
        c.out << u"No working calendar: time limits count weekdays only\n"_s;
    for (const auto& [number, year] : calendar.years())
        printCalendarYear(c.out, year);
    for (const QString& w : warnings)
        c.out << u"warning: "_s << w << u'\n';
    return kOk;
}

QDate dayOption(const Context& c, const QString& name, const QDate& fallback)
{
    if (!c.options.isSet(name))
        return fallback;
    const QDate day = QDate::fromString(c.options.value(name), Qt::ISODate);
    if (!day.isValid())
        throw UsageError(u"--%1 must be a date, YYYY-MM-DD"_s.arg(name));
    return day;
}

int runCaseRates(const Context& c, engine::CaseDesk& desk)
{
    const QDate from = dayOption(c, u"from"_s, desk.today());
    const QDate to = dayOption(c, u"to"_s, from);
    if (to < from || from.daysTo(to) > 366)
        throw UsageError(u"--to must be from --from to a year after it"_s);
    const std::optional<engine::CaseGrouping> grouping =
        engine::caseGroupingFromString(c.options.value(u"by"_s));
    if (!grouping)
        throw UsageError(u"--by must be total, day, window, department or service"_s);
    const std::vector<engine::CaseTally> tallies = desk.rates(from, to, *grouping);
    QJsonArray groups;
    for (const engine::CaseTally& t : tallies) {
        groups.append(api::caseTallyJson(t));
        if (!c.json) {
            c.out << (t.key.isEmpty()
                          ? u"%1 .. %2"_s.arg(from.toString(Qt::ISODate), to.toString(Qt::ISODate))
                          : t.key)
                  << u": "_s;
            printCaseTally(c.out, t);
            c.out << u'\n';
        }
    }
    if (c.json)
        printJson(c.out, {{u"from"_s, from.toString(Qt::ISODate)},
                          {u"to"_s, to.toString(Qt::ISODate)},
                          {u"by"_s, c.options.value(u"by"_s)},
                          {u"groups"_s, groups}});
    return kOk;
}

int runCase(const Context& c, service::HallService& hallService, const engine::Actor& actor)
{
    engine::CaseDesk& desk = hallService.engine().cases();
    const engine::HallConfig& hall = hallService.hall();
    const QString action = c.words.value(0);
    if (action == u"rates"_s)
        return runCaseRates(c, desk);
    if (action == u"list"_s) {
        const std::optional<int> window =
            c.options.isSet(u"window"_s)
                ? std::optional(number(c.options.value(u"window"_s), u"--window"_s, 1, 9999))
                : std::nullopt;
        const std::vector<engine::CaseView> list =
            c.options.isSet(u"overdue"_s) ? desk.overdue(window) : desk.open(window);
        if (c.json)
            printJson(c.out, api::caseListJson(list, hall));
        for (const engine::CaseView& v : c.json ? std::vector<engine::CaseView>() : list)
            c.out << caseLine(v, hall) << u'\n';
        if (!c.json && list.empty())
            c.out << u"no cases\n"_s;
        return kOk;
    }
    if (action == u"accept"_s) {
        const engine::AcceptedCase accepted = hallService.acceptCase(
            word(c, 1, u"window number"_s), c.options.value(u"service"_s), actor);
        if (c.json) {
            QJsonObject o = api::caseJson(desk.view(accepted.record.serial), hall);
            o.insert(u"password"_s, accepted.password);
            printJson(c.out, o);
        } else {
            c.out << caseLine(desk.view(accepted.record.serial), hall) << u'\n'
                  << u"password (shown only now): "_s << accepted.password << u'\n';
        }
        return kOk;
    }
    const QString serial = c.words.value(1);
    if (serial.isEmpty())
        throw UsageError(u"case %1 needs a SERIAL number"_s.arg(action));
    const QString reason = c.options.value(u"reason"_s);
    if (action == u"suspend"_s) {
        hallService.suspendCase(serial, reason, actor);
    } else if (action == u"resume"_s) {
        hallService.resumeCase(serial, actor);
    } else if (action == u"complete"_s) {
        const std::optional<engine::CaseResult> result =
            engine::caseResultFromString(c.options.value(u"result"_s));
        if (!result)
            throw UsageError(u"case complete needs --result approved or not_approved"_s);
        hallService.completeCase(serial, *result, reason, actor);
    } else if (action == u"return"_s) {
        hallService.returnCase(serial, reason, actor);
    } else if (action == u"withdraw"_s) {
        hallService.withdrawCase(serial, reason, actor);
    } else if (action != u"show"_s) {
        throw UsageError(u"unknown case command '%1'"_s.arg(action));
    }
    const engine::CaseView view = desk.view(serial);
    if (c.json) {
        printJson(c.out, api::caseJson(view, hall));
        return kOk;
    }
    c.out << caseLine(view, hall) << u'\n';
    if (action == u"show"_s) {
        for (const engine::Event& e : view.steps)
            c.out << u"  %1  %2  %3%4\n"_s.arg(api::isoTime(e.at, hall), e.type, e.actor)
                         .arg(e.data.contains(u"reason"_s)
                                  ? u": "_s + e.data.value(u"reason"_s).toString()
                                  : QString());
    }
    return kOk;
}

int runFollowUp(const Context& c, service::HallService& hallService, const engine::Actor& actor)
{
    engine::FollowUpDesk& desk = hallService.engine().followUps();
    const QString action = c.words.value(0);
    const auto line = [&](const engine::FollowUpView& v) {
        return followUpLine(v, *hallService.store().ticket(v.record.rating.ticketId));
    };
    if (action == u"list"_s) {
        const std::vector<engine::FollowUpView> list = desk.pending(c.options.isSet(u"late"_s));
        if (c.json)
            printJson(c.out, api::followUpListJson(list, hallService.hall()));
        else if (list.empty())
            c.out << u"no follow-ups\n"_s;
        for (const engine::FollowUpView& v : c.json ? std::vector<engine::FollowUpView>() : list)
            c.out << line(v) << u'\n';
        return kOk;
    }
    const std::int64_t id = word(c, 1, u"follow-up ID"_s);
    const QString reason = c.options.value(u"reason"_s);
    if (action == u"contact"_s) {
        hallService.contactFollowUp(id, c.options.value(u"record"_s), actor);
    } else if (action == u"rectify"_s) {
        hallService.rectifyFollowUp(id, c.options.value(u"finding"_s),
                                    c.options.value(u"rectification"_s), actor);
    } else if (action == u"close"_s) {
        hallService.closeFollowUp(id, actor);
    } else if (action == u"appeal"_s) {
        hallService.appealFollowUp(id, reason, actor);
    } else if (action == u"decide"_s) {
        const QString decision = c.options.value(u"decision"_s);
        if (decision != u"upheld"_s && decision != u"rejected"_s)
            throw UsageError(u"followup decide needs --decision upheld or rejected"_s);
        hallService.decideFollowUp(id, decision == u"upheld"_s, reason, actor);
    } else if (action != u"show"_s) {
        throw UsageError(u"unknown followup command '%1'"_s.arg(action));
    }
    const engine::FollowUpView view = desk.view(id);
    if (c.json) {
        printJson(c.out, api::followUpJson(view, hallService.hall()));
        return kOk;
    }
    c.out << line(view) << u'\n';
    for (const engine::Event& e : action == u"show"_s ? view.steps : std::vector<engine::Event>())
        c.out << u"  %1  %2  %3\n"_s.arg(api::isoTime(e.at, hallService.hall()), e.type, e.actor);
    return kOk;
}

void writeReport(const Context& c, const QByteArray& bytes)
{
    if (!c.options.isSet(u"out"_s)) {
        c.out << QString::fromUtf8(bytes);
        return;
    }
    QFile file(c.options.value(u"out"_s));
    if (!file.open(QIODevice::WriteOnly | QIODevice::Truncate) || file.write(bytes) != bytes.size())
        throw UsageError(u"cannot write %1: %2"_s.arg(file.fileName(), file.errorString()));
}

// The month in pictures: the HTML page to --out or the output, or the PNG charts into --out.
int runMonthPictures(const Context& c, const reports::ReportRequest& r, db::Store& store,
                     service::HallService& hallService)
{
    const bool charts = r.kind == u"charts"_s;
    if (!charts && r.kind != u"monthly"_s)
        throw UsageError(u"html is the monthly report's format: report monthly --format html"_s);
    if (charts && !c.options.isSet(u"out"_s))
        throw UsageError(u"report charts needs --out DIR, the folder to write the PNG files in"_s);
    const QDate today = hallService.engine().cases().today();
    const reports::MonthlyPictures month = reports::drawMonth(
        store, hallService.hall(), hallService.engine().calendar(),
        reports::readAppraisalRules(r.rulesPath), reports::periodOf(r, today).from, today);
    if (!charts) {
        writeReport(c, month.html);
        return kOk;
    }
    const QDir folder(c.options.value(u"out"_s));
    if (!QDir().mkpath(folder.path()))
        throw UsageError(u"cannot make the folder %1"_s.arg(folder.path()));
    for (const reports::Picture& p : month.charts) {
        const QString path = folder.filePath(p.name + u".png"_s);
        QFile file(path);
        if (!file.open(QIODevice::WriteOnly | QIODevice::Truncate) ||
            file.write(p.png) != p.png.size())
            throw UsageError(u"cannot write %1: %2"_s.arg(path, file.errorString()));
        c.out << path << u'\n';
    }
    return kOk;
}

int runReport(const Context& c, db::Store& store, service::HallService& hallService)
{
    reports::ReportRequest r;
    r.kind = c.words.value(0);
    r.from = c.options.value(u"from"_s);
    r.to = c.options.value(u"to"_s);
    r.month = c.options.value(u"month"_s);
    r.by = c.options.value(u"by"_s);
    r.format = c.json ? u"json"_s : c.options.value(u"format"_s);
    r.rulesPath = c.options.value(u"rules"_s);
    try {
        if (r.format == u"html"_s || r.kind == u"charts"_s)
            return runMonthPictures(c, r, store, hallService);
        writeReport(c,
                    reports::render(r, store, hallService.hall(), hallService.engine().calendar(),
                                    hallService.engine().cases().today())
                        .body);
    } catch (const reports::RequestError& e) {
        throw UsageError(QString::fromUtf8(e.what()));
    }
    return kOk;
}

// A ticket, window or device command on this hall service: the daemon's or the command line's own.
int runOn(const Context& c, const QString& group, service::HallService& hallService)
{
    const engine::Actor actor{c.options.value(u"actor"_s), u"cli"_s};
    if (group == u"ticket"_s)
        return runTicket(c, hallService, actor);
    if (group == u"window"_s)
        return runWindow(c, hallService, actor);
    if (group == u"device"_s)
        return runDevice(c, hallService, actor);
    if (group == u"staff"_s)
        return runStaff(c, hallService, actor);
    if (group == u"calendar"_s)
        return runCalendar(c, hallService, actor);
    if (group == u"case"_s)
        return runCase(c, hallService, actor);
    if (group == u"followup"_s)
        return runFollowUp(c, hallService, actor);
    throw UsageError(u"unknown command '%1'"_s.arg(group));
}

int dispatch(QCommandLineParser& options, const QStringList& arguments, QTextStream& out,
             QTextStream& err)
{
    QStringList words = options.positionalArguments();
    if (words.isEmpty())
        throw UsageError(u"no command given"_s);
    const QString group = words.takeFirst();
    const QJsonObject config = readConfig(options);
    const QString path = setting(options, config, u"db"_s, u"database"_s, defaultDatabase());
    const bool json = options.isSet(u"json"_s);
    if (group == u"init"_s)
        return runInit(options, path, out, json);
    const quint16 port = quint16(
        number(setting(options, config, u"port"_s, u"port"_s, u"8470"_s), u"port"_s, 0, 65535));
    if (group == u"setup"_s) {
        SetupRequest setup;
        setup.hallFile = options.value(u"hall"_s);
        setup.calendarFolder = options.value(u"calendar-dir"_s);
        setup.kiosks = number(options.value(u"kiosks"_s), u"--kiosks"_s, 0, 100);
        setup.displays = number(options.value(u"displays"_s), u"--displays"_s, 0, 100);
        setup.adminNumber = options.value(u"admin"_s);
        if (options.isSet(u"name"_s))
            setup.adminName = options.value(u"name"_s);
        setup.baseUrl = options.isSet(u"url"_s)
                            ? options.value(u"url"_s)
                            : u"http://%1:%2"_s.arg(reachableAddress()).arg(port);
        setup.kioskConfig = options.value(u"kiosk-config"_s);
        return runSetup(setup, path, out);
    }
    if (group == u"backup"_s)
        return runBackup(path, words.value(0),
                         number(options.value(u"keep"_s), u"--keep"_s, 0, 10000), out);
    if (group == u"restore"_s) {
        if (words.isEmpty())
            throw UsageError(u"restore needs the FILE of a backup"_s);
        return runRestore(path, words.value(0), out);
    }
    if (group == u"serve"_s || group == u"demo"_s || group == u"doctor"_s) {
        const bool demo = group == u"demo"_s;
        ServeOptions serve;
        serve.database = demo && !options.isSet(u"db"_s) ? QString() : path;
        serve.listen = QHostAddress(setting(options, config, u"listen"_s, u"listen"_s,
                                            demo ? u"127.0.0.1"_s : u"0.0.0.0"_s));
        if (serve.listen.isNull())
            throw UsageError(u"--listen must be an IP address"_s);
        serve.port = port;
        serve.ticketsPerMinute =
            number(setting(options, config, u"rate-limit"_s, u"ticketsPerMinute"_s, u"30"_s),
                   u"the tickets-per-minute limit"_s, 1, 100000);
        serve.sendQueueLimitBytes =
            number(setting(options, config, u"send-queue-limit"_s, u"sendQueueLimitBytes"_s,
                           QString::number(serve.sendQueueLimitBytes)),
                   u"the send queue limit"_s, 1024, 1 << 30);
        serve.sendStallLimitSeconds =
            number(setting(options, config, u"send-stall-limit"_s, u"sendStallLimitSeconds"_s,
                           QString::number(serve.sendStallLimitSeconds)),
                   u"the send stall limit"_s, 1, 3600);
        serve.voiceDirectory =
            setting(options, config, u"voice-dir"_s, u"voiceDirectory"_s, serve.voiceDirectory);
        serve.voiceLanguages = setting(options, config, u"voice-languages"_s, u"voiceLanguages"_s,
                                       serve.voiceLanguages.join(u','))
                                   .split(u',', Qt::SkipEmptyParts);
        for (const QString& language : serve.voiceLanguages) {
            if (language != u"zh"_s && language != u"en"_s)
                throw UsageError(u"voice languages are zh and en, got '%1'"_s.arg(language));
        }
        serve.playVoice = options.isSet(u"play-voice"_s) || config.value(u"playVoice"_s).toBool();
        if (config.contains(u"city"_s))
            serve.city =
                sync::citySettings(config.value(u"city"_s).toObject(), u"the config's city"_s);
        if (group == u"doctor"_s)
            return runDoctor({path, port, serve.voiceDirectory, serve.playVoice,
                              options.value(u"kiosk-config"_s)},
                             out);
        if (demo)
            return runDemo(options.value(u"hall"_s), serve, out);
        if (!QFileInfo::exists(path))
            throw db::ConfigError(
                {u"%1 does not exist; run 'queuehall-controller init' first"_s.arg(path)});
        return runServe(serve, *makeClock(options));
    }
    if (group != u"ticket"_s && group != u"window"_s && group != u"hall"_s && group != u"audit"_s &&
        group != u"device"_s && group != u"calendar"_s && group != u"case"_s &&
        group != u"followup"_s && group != u"report"_s && group != u"staff"_s)
        throw UsageError(u"unknown command '%1'"_s.arg(group));
    // A password or PIN is read from standard input, so that it shows in no process list.
    QStringList withSecret = arguments;
    if (options.isSet(u"secret"_s))
        throw UsageError(u"the password or PIN is read from standard input, not --secret"_s);
    if ((group == u"staff"_s && (words.value(0) == u"add"_s || words.value(0) == u"reset"_s)) ||
        (group == u"window"_s && words.value(0) == u"sign-in"_s)) {
        const QString secret = QTextStream(stdin).readLine();
        withSecret.append(u"--secret"_s);
        withSecret.append(secret);
        if (!options.parse(withSecret))
            throw UsageError(options.errorText());
    }

    if (!QFileInfo::exists(path))
        throw db::ConfigError(
            {u"%1 does not exist; run 'queuehall-controller init' first"_s.arg(path)});
    // One writer: while a daemon serves the database, a change is made by the daemon.
    if (changesTheHall(group, words.value(0))) {
        // The daemon has a folder of its own: a file is named to it by its absolute path.
        QStringList forwarded = withSecret;
        if (group == u"calendar"_s && !words.value(1).isEmpty())
            forwarded.replace(forwarded.lastIndexOf(words.value(1)),
                              QFileInfo(words.value(1)).absoluteFilePath());
        if (const std::optional<int> code = forwardToDaemon(path, forwarded, out, err))
            return *code;
    }
    db::Database database(path);
    db::migrate(database);
    db::Store store(database);
    if (!store.hasHall())
        throw db::ConfigError(
            {u"%1 holds no hall; run 'queuehall-controller init' first"_s.arg(path)});
    const std::unique_ptr<engine::Clock> clock = makeClock(options);
    Context c{options, words, out, json, clock.get()};
    if (group == u"audit"_s)
        return runAudit(c, store);

    service::HallService hallService(store, *clock);
    if (group == u"report"_s)
        return runReport(c, store, hallService);
    if (group != u"hall"_s)
        return runOn(c, group, hallService);
    if (words.value(0) != u"status"_s)
        throw UsageError(u"unknown hall command '%1'"_s.arg(words.value(0)));
    // The city's copy as this database knows it: the cursor the daemon last kept.
    QJsonObject city = config.contains(u"city"_s)
                           ? sync::cityLag(store, store.cityAcknowledged(), clock->nowMs())
                           : QJsonObject();
    city.insert(u"configured"_s, config.contains(u"city"_s));
    if (json) {
        QJsonObject hall =
            api::hallJson(hallService.engine().status(), hallService.engine().cases().day(),
                          store.recentCalls(10), store.lastEventSeq(), hallService.hall());
        hall.insert(u"city"_s, city);
        printJson(out, hall);
    } else {
        printStatus(out, hallService.engine().status(), hallService.engine().cases().day());
        printCityLag(out, city);
    }
    return kOk;
}

} // namespace

int runCommandLine(const QStringList& arguments)
{
    QTextStream out(stdout);
    QTextStream err(stderr);
    QCommandLineParser options;
    if (!parse(options, arguments, err))
        return kUsageError;
    if (options.isSet(u"help"_s)) {
        out << kUsageText;
        return kOk;
    }
    if (options.isSet(u"version"_s)) {
        out << QCoreApplication::applicationVersion() << u'\n';
        return kOk;
    }
    return guarded(options.isSet(u"json"_s), err,
                   [&] { return dispatch(options, arguments, out, err); });
}

int runInDaemon(const QStringList& arguments, service::HallService& hallService, QTextStream& out,
                QTextStream& err)
{
    QCommandLineParser options;
    if (!parse(options, arguments, err))
        return kUsageError;
    return guarded(options.isSet(u"json"_s), err, [&] {
        if (options.isSet(u"at"_s))
            throw UsageError(u"--at cannot be used while the controller serves the database: "
                             "it keeps its own clock"_s);
        QStringList words = options.positionalArguments();
        const QString group = words.value(0);
        words.removeFirst();
        if (!changesTheHall(group, words.value(0)))
            throw UsageError(u"the controller runs only commands that change the hall"_s);
        const Context c{options, words, out, options.isSet(u"json"_s), &hallService.clock()};
        return runOn(c, group, hallService);
    });
}

} // namespace qh::controller
