// A hall machine's upkeep: setup, backup, restore and doctor.
#include "maintenance.h"

#include "backups.h"
#include "calendarfiles.h"
#include "control.h"
#include "datadir.h"
#include "devices.h"
#include "hallservice.h"
#include "migrations.h"
#include "qrcode.h"
#include "staff.h"
#include "store.h"

#include <functional>
#include <sys/stat.h>
#include <sys/statvfs.h>
#include <unistd.h>

#include <QDateTime>
#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QHostAddress>
#include <QJsonDocument>
#include <QJsonObject>
#include <QLocale>
#include <QNetworkInterface>
#include <QProcess>
#include <QRandomGenerator>
#include <QTcpSocket>

using namespace Qt::Literals::StringLiterals;

namespace qh::controller {

namespace {

const engine::Actor kSetupActor{u"setup"_s, u"cli"_s};

// When root makes a file in a folder that belongs to someone else (the service user's state
// folder), the file is given to that owner. SQLite gives its WAL and shared-memory files the
// database file's owner in turn.
void giveToFolderOwner(const QString& file)
{
    if (::geteuid() != 0)
        return;
    struct stat folder
    {
    };
    const QByteArray dir = QFile::encodeName(QFileInfo(file).absolutePath());
    if (::stat(dir.constData(), &folder) == 0 &&
        ::chown(QFile::encodeName(file).constData(), folder.st_uid, folder.st_gid) != 0)
        throw db::ConfigError({u"cannot give %1 to the owner of its folder"_s.arg(file)});
}

QString megabytes(qint64 bytes)
{
    return QLocale::c().toString(double(bytes) / (1024 * 1024), 'f', 1) + u" MB"_s;
}

// Puts the token into the kiosk settings when they have none yet; the file keeps its owner and
// mode (it is readable by the kiosk's user alone). Returns whether it was written.
bool fillKioskToken(const QString& path, const QString& token)
{
    if (path.isEmpty() || !QFileInfo::exists(path))
        return false;
    QJsonObject config = db::readJsonObject(path);
    if (!config.value(u"token"_s).toString().isEmpty())
        return false;
    config.insert(u"token"_s, token);
    QFile file(path);
    if (!file.open(QIODevice::WriteOnly | QIODevice::Truncate) ||
        file.write(QJsonDocument(config).toJson()) < 0 || !file.flush())
        throw db::ConfigError({u"%1: %2"_s.arg(path, file.errorString())});
    return true;
}

} // namespace

QString reachableAddress()
{
    for (const QHostAddress& a : QNetworkInterface::allAddresses()) {
        if (a.protocol() == QAbstractSocket::IPv4Protocol && !a.isLoopback() && !a.isLinkLocal())
            return a.toString();
    }
    return u"127.0.0.1"_s;
}

QString newPassword()
{
    return QString::number(QRandomGenerator::system()->generate64(), 36) +
           QString::number(QRandomGenerator::system()->generate(), 36);
}

InitialisedHall initialiseDatabase(const QString& database, const QString& hallFile,
                                   const QString& calendarFolder, const QString& actor)
{
    // Read and checked before the database is created: a wrong file leaves nothing behind.
    const db::HallFile file = db::readHallFile(hallFile);
    const std::vector<QByteArray> calendars = calendarFiles(calendarFolder);
    if (!QFileInfo::exists(database)) {
        QDir().mkpath(QFileInfo(database).absolutePath());
        QFile created(database);
        if (!created.open(QIODevice::WriteOnly))
            throw db::ConfigError({u"%1: %2"_s.arg(database, created.errorString())});
        created.close();
        giveToFolderOwner(database);
    }
    db::Database db(database);
    db::migrate(db);
    db::Store store(db);
    store.initialise(file, actor, QDateTime::currentMSecsSinceEpoch());
    const engine::SystemClock clock;
    service::HallService hallService(store, clock);
    return {file.config, importCalendars(hallService, calendars, {actor, u"cli"_s})};
}

QString describe(const InitialisedHall& initialised, const QString& database)
{
    const engine::HallConfig& hall = initialised.hall;
    QStringList years;
    for (const int year : initialised.calendarYears)
        years << QString::number(year);
    return u"%1 (%2): %3 departments, %4 services, %5 windows in %6\nWorking calendar: %7\n"_s
        .arg(hall.name.zh, hall.name.en)
        .arg(hall.departments.size())
        .arg(hall.services.size())
        .arg(hall.windows.size())
        .arg(database, years.isEmpty() ? u"none"_s : years.join(u", "_s));
}

int runSetup(const SetupRequest& request, const QString& database, QTextStream& out)
{
    if (QFileInfo::exists(database))
        throw db::ConfigError(
            {u"%1 is set up already; 'queuehall-controller device list' shows its devices, "
             "'device add' adds one. To start again, move the database away first."_s.arg(
                 database)});
    const InitialisedHall initialised = initialiseDatabase(
        database,
        request.hallFile.isEmpty() ? datadir::path(u"halls/shizhong.json"_s) : request.hallFile,
        request.calendarFolder.isEmpty() ? defaultCalendarDirectory() : request.calendarFolder,
        kSetupActor.who);
    const engine::HallConfig& hall = initialised.hall;

    db::Database db(database);
    db::Store store(db);
    const engine::SystemClock clock;
    service::HallService service(store, clock);
    api::StaffRegistry staff(service);
    const QString password = newPassword();
    staff.add({request.adminNumber, request.adminName, QString(), {u"admin"_s}, password},
              kSetupActor);
    api::DeviceRegistry devices(service);
    const auto add = [&](const QString& role, int n, std::optional<int> window) {
        return devices.add(u"%1 %2"_s.arg(role).arg(n), role, window, kSetupActor).token;
    };
    QStringList kioskTokens;
    for (int n = 1; n <= request.kiosks; ++n)
        kioskTokens << add(u"kiosk"_s, n, std::nullopt);
    QStringList displayTokens;
    for (int n = 1; n <= request.displays; ++n)
        displayTokens << add(u"display"_s, n, std::nullopt);
    const QString& base = request.baseUrl;

    out << u"Set up "_s << describe(initialised, database)
        << u"\nHall admin: %1/admin  staff number %2, password %3\n"
           "  (shown only now; sign in and add the hall's staff)\n\n"_s.arg(base)
               .arg(request.adminNumber, password)
        << u"Device tokens, shown only now:\n"_s;
    for (qsizetype i = 0; i < kioskTokens.size(); ++i) {
        const bool filled = i == 0 && fillKioskToken(request.kioskConfig, kioskTokens[i]);
        out << u"  kiosk %1     %2%3\n"_s.arg(i + 1)
                   .arg(kioskTokens[i])
                   .arg(filled ? u"  (written to %1)"_s.arg(request.kioskConfig) : QString());
    }
    for (const engine::Window& w : hall.windows) {
        out << u"  window %1 caller  %2/caller?access_token=%3\n"_s.arg(w.number).arg(base).arg(
            add(u"caller"_s, w.number, w.number));
    }
    for (qsizetype i = 0; i < displayTokens.size(); ++i) {
        const QString url = u"%1/display?access_token=%2"_s.arg(base, displayTokens[i]);
        out << u"\n  display %1   %2\n"_s.arg(i + 1).arg(url) << api::qrText(url);
    }
    out << u"\nNext: systemctl enable --now queuehall-controller, then "
           "'queuehall-controller doctor'.\n"_s;
    return 0;
}

int runBackup(const QString& database, const QString& target, int keep, QTextStream& out)
{
    if (!QFileInfo(database).isFile())
        throw db::ConfigError({u"%1 does not exist; nothing to back up"_s.arg(database)});
    QString path;
    {
        db::Database db(database, db::Database::Mode::ReadOnly);
        if (target.isEmpty()) {
            path = db::takeBackup(db, db::backupFolder(database), u"daily"_s, keep);
        } else {
            path = target;
            db.copyTo(path);
        }
    }
    const db::CopyFacts facts = db::inspectCopy(path);
    if (facts.integrity != u"ok"_s)
        throw db::ConfigError(
            {u"the copy %1 fails its integrity check: %2"_s.arg(path, facts.integrity)});
    out << u"backup of %1 written to %2 (%3): schema %4, events up to %5\n"_s
               .arg(facts.hallId, path, megabytes(QFileInfo(path).size()))
               .arg(facts.schemaVersion)
               .arg(facts.lastEventSeq);
    return 0;
}

int runRestore(const QString& database, const QString& copy, QTextStream& out)
{
    if (daemonServes(database))
        throw db::ConfigError(
            {u"a controller serves %1; stop it first (systemctl stop queuehall-controller)"_s.arg(
                database)});
    const db::CopyFacts facts = db::inspectCopy(copy);
    if (facts.integrity != u"ok"_s)
        throw db::ConfigError(
            {u"%1 fails its integrity check and is not restored: %2"_s.arg(copy, facts.integrity)});
    if (facts.hallId.isEmpty())
        throw db::ConfigError({u"%1 holds no hall; it is no queuehall backup"_s.arg(copy)});
    const int known = db::latestSchemaVersion();
    if (facts.schemaVersion > known)
        throw db::ConfigError({u"%1 has schema version %2, newer than this program knows (%3); "
                               "restore it with a newer queuehall"_s.arg(copy)
                                   .arg(facts.schemaVersion)
                                   .arg(known)});
    if (QFileInfo::exists(database)) {
        const db::CopyFacts current = db::inspectCopy(database);
        if (!current.hallId.isEmpty() && current.hallId != facts.hallId)
            throw db::ConfigError({u"%1 holds hall '%2' but %3 holds hall '%4'; move the "
                                   "database away first to restore another hall"_s.arg(
                                       copy, facts.hallId, database, current.hallId)});
    }
    const QString replaced = db::replaceWithCopy(copy, database);
    giveToFolderOwner(database);
    db::Database db(database);
    db::migrate(db); // a copy from before an upgrade is brought up to date
    db::Store store(db);
    const db::AuditReport audit = store.verifyAudit();
    out << u"restored %1 (%2) from %3: events up to %4, audit trail %5\n"_s
               .arg(facts.hallId, facts.hallName, copy)
               .arg(facts.lastEventSeq)
               .arg(audit.problems.isEmpty() ? u"intact"_s : audit.problems.join(u"; "_s));
    if (!replaced.isEmpty())
        out << u"the database it replaced is kept as %1\n"_s.arg(replaced);
    return audit.problems.isEmpty() ? 0 : 1;
}

namespace {

enum class Level { Ok, Warn, Fail };

struct Finding
{
    Level level;
    QString what;
    QString detail;
};

Finding checkDatabase(const QString& database)
{
    if (!QFileInfo(database).isFile())
        return {Level::Fail, u"database"_s,
                u"%1 is missing — run 'queuehall-controller setup'"_s.arg(database)};
    const db::CopyFacts facts = db::inspectCopy(database);
    if (facts.integrity != u"ok"_s)
        return {Level::Fail, u"database"_s,
                u"%1 is damaged (%2) — stop the controller and restore the newest backup"_s.arg(
                    database, facts.integrity)};
    if (facts.hallId.isEmpty())
        return {Level::Fail, u"database"_s,
                u"%1 holds no hall — run 'queuehall-controller setup'"_s.arg(database)};
    const int known = db::latestSchemaVersion();
    if (facts.schemaVersion > known)
        return {Level::Fail, u"database"_s,
                u"schema %1 is newer than this program (%2) — install the newer queuehall again"_s
                    .arg(facts.schemaVersion)
                    .arg(known)};
    db::Database db(database, db::Database::Mode::ReadOnly);
    db::Store store(db);
    const db::AuditReport audit = store.verifyAudit();
    if (!audit.problems.isEmpty())
        return {Level::Fail, u"database"_s,
                u"the audit trail fails its check (%1) — 'queuehall-controller audit verify' "
                "lists the problems; keep the file for the auditors"_s.arg(audit.problems.first())};
    return {Level::Ok, u"database"_s,
            u"%1: hall %2, schema %3%4, %5 events, audit trail intact"_s.arg(database, facts.hallId)
                .arg(facts.schemaVersion)
                .arg(facts.schemaVersion < known ? u" (upgraded at the next start)"_s : QString())
                .arg(audit.checked)};
}

Finding checkController(quint16 port)
{
    QTcpSocket socket;
    socket.connectToHost(QHostAddress::LocalHost, port);
    QByteArray answer;
    if (socket.waitForConnected(2000)) {
        socket.write("GET /api/v1/health HTTP/1.0\r\nHost: 127.0.0.1\r\n\r\n");
        while (socket.waitForReadyRead(3000))
            answer += socket.readAll();
        answer += socket.readAll();
    }
    if (answer.startsWith("HTTP/1.1 200") || answer.startsWith("HTTP/1.0 200"))
        return {Level::Ok, u"controller"_s, u"answers on port %1"_s.arg(port)};
    return {Level::Fail, u"controller"_s,
            u"nothing answers on port %1 — systemctl status queuehall-controller; "
            "journalctl -u queuehall-controller"_s.arg(port)};
}

Finding checkDisk(const QString& database)
{
    const QString folder = QFileInfo(database).absolutePath();
    struct statvfs fs
    {
    };
    if (::statvfs(QFile::encodeName(folder).constData(), &fs) != 0)
        return {Level::Fail, u"disk"_s, u"%1 cannot be read — check the disk"_s.arg(folder)};
    const qint64 free = qint64(fs.f_bavail) * qint64(fs.f_frsize);
    const QString text = u"%1 free in %2"_s.arg(megabytes(free), folder);
    if (free < 500LL * 1024 * 1024)
        return {Level::Fail, u"disk"_s,
                text + u" — free space now: old backups in %1 can go"_s.arg(
                           db::backupFolder(database))};
    if (free < 2048LL * 1024 * 1024)
        return {Level::Warn, u"disk"_s, text + u" — plan to free space or add a disk"_s};
    return {Level::Ok, u"disk"_s, text};
}

Finding checkClock()
{
    const QDateTime now = QDateTime::currentDateTime();
    const QString text = now.toString(Qt::ISODate);
    if (now.date().year() < 2026)
        return {Level::Fail, u"clock"_s,
                text + u" is wrong — set the time (timedatectl set-time) and turn on NTP"_s};
    if (QFileInfo::exists(u"/run/systemd/timesync/synchronized"_s))
        return {Level::Ok, u"clock"_s, text + u", synchronised by NTP"_s};
    QProcess timedatectl;
    timedatectl.start(u"timedatectl"_s, {u"show"_s, u"--property=NTPSynchronized"_s, u"--value"_s});
    if (timedatectl.waitForFinished(3000) && timedatectl.readAllStandardOutput().trimmed() == "yes")
        return {Level::Ok, u"clock"_s, text + u", synchronised by NTP"_s};
    return {Level::Warn, u"clock"_s,
            text + u", not known to be synchronised — turn on NTP (timedatectl set-ntp true): "
                   "tickets, time limits and the audit trail follow this clock"_s};
}

// A serial port named in the hall file: there, a character device the service can open.
Finding checkPort(const QString& what, const QString& port, const QString& plugIn)
{
    const QFileInfo info(port);
    struct stat node
    {
    };
    if (!info.exists() || ::stat(QFile::encodeName(port).constData(), &node) != 0)
        return {
            Level::Fail, what,
            u"%1 is missing — %2; ls -l /dev/queuehall/ shows what udev named"_s.arg(port, plugIn)};
    if (!S_ISCHR(node.st_mode))
        return {Level::Fail, what, u"%1 is no serial device — check the hall file"_s.arg(port)};
    return {Level::Ok, what, u"%1 → %2"_s.arg(port, QFileInfo(port).canonicalFilePath())};
}

std::vector<Finding> checkHallDevices(const QString& database)
{
    std::vector<Finding> found;
    engine::HallConfig hall;
    try {
        db::Database db(database, db::Database::Mode::ReadOnly);
        db::Store store(db);
        hall = store.loadHall();
    } catch (const std::exception&) {
        return found; // the database check says what is wrong
    }
    if (hall.serial.empty())
        found.push_back({Level::Ok, u"serial"_s, u"no RS-485 bus in the hall file"_s});
    for (const engine::SerialBus& bus : hall.serial)
        found.push_back(checkPort(u"serial"_s, bus.port, u"plug the RS-485 adapter in"_s));
    if (hall.sms.enabled())
        found.push_back(checkPort(u"modem"_s, hall.sms.port, u"plug the SMS modem in"_s));
    else
        found.push_back({Level::Ok, u"modem"_s, u"SMS is off (no modem port in the hall file)"_s});
    return found;
}

Finding checkVoice(const QString& voiceDirectory, bool playVoice)
{
    if (!QFileInfo::exists(QDir(voiceDirectory).filePath(u"chime.wav"_s)))
        return {Level::Fail, u"audio"_s,
                u"the voice clips are missing from %1 — reinstall queuehall-data"_s.arg(
                    voiceDirectory)};
    if (!playVoice)
        return {Level::Ok, u"audio"_s,
                u"voice clips in %1; calls are spoken by the displays"_s.arg(voiceDirectory)};
    const QStringList outputs = QDir(u"/dev/snd"_s).entryList({u"pcmC*p"_s}, QDir::System);
    if (outputs.isEmpty())
        return {Level::Fail, u"audio"_s,
                u"no sound output in /dev/snd — plug the speaker's sound card in, or set "
                "\"playVoice\": false"_s};
    return {Level::Ok, u"audio"_s, u"voice clips, %1 sound output(s)"_s.arg(outputs.size())};
}

// The kiosk's printer, asked by queuehall-print (the kiosk package) beside this program.
Finding checkPrinter(const QString& kioskConfig)
{
    if (!QFileInfo::exists(kioskConfig))
        return {Level::Ok, u"printer"_s,
                u"no kiosk on this machine (%1 is absent)"_s.arg(kioskConfig)};
    const QJsonObject config = db::readJsonObject(kioskConfig);
    const QString address = config.value(u"printer"_s).toString();
    if (address.isEmpty())
        return {Level::Fail, u"printer"_s,
                u"%1 names no \"printer\" — set it, e.g. \"usb://\""_s.arg(kioskConfig)};
    const QString tool = QFileInfo(u"/proc/self/exe"_s).canonicalPath() + u"/queuehall-print"_s;
    QProcess print;
    print.start(tool, {u"status"_s, address, u"--profile"_s,
                       config.value(u"profile"_s).toString(u"generic-80mm"_s)});
    if (!print.waitForFinished(15'000)) {
        print.kill();
        return {Level::Fail, u"printer"_s,
                u"%1 did not answer — check its cable and power"_s.arg(address)};
    }
    const QString said =
        QString::fromUtf8(print.readAllStandardOutput() + print.readAllStandardError())
            .trimmed()
            .replace(u'\n', u"; "_s);
    if (print.exitStatus() == QProcess::NormalExit && print.exitCode() == 0)
        return {Level::Ok, u"printer"_s, said};
    return {Level::Fail, u"printer"_s,
            said + u" — check paper, cover and cable; 'queuehall-print list' shows the printers"_s};
}

} // namespace

int runDoctor(const DoctorRequest& request, QTextStream& out)
{
    std::vector<Finding> findings;
    const auto run = [&](const std::function<Finding()>& check, const QString& what) {
        try {
            findings.push_back(check());
        } catch (const std::exception& e) {
            findings.push_back(
                {Level::Fail, what, QString::fromUtf8(e.what()).replace(u'\n', u"; "_s)});
        }
    };
    run([&] { return checkDatabase(request.database); }, u"database"_s);
    run([&] { return checkController(request.port); }, u"controller"_s);
    run([&] { return checkDisk(request.database); }, u"disk"_s);
    run(checkClock, u"clock"_s);
    for (const Finding& f : checkHallDevices(request.database))
        findings.push_back(f);
    run([&] { return checkVoice(request.voiceDirectory, request.playVoice); }, u"audio"_s);
    run([&] { return checkPrinter(request.kioskConfig); }, u"printer"_s);
    bool failed = false;
    for (const Finding& f : findings) {
        const QString level = f.level == Level::Ok     ? u"ok"_s
                              : f.level == Level::Warn ? u"warn"_s
                                                       : u"FAIL"_s;
        out << u"%1  %2  %3\n"_s.arg(level, -4).arg(f.what, -10).arg(f.detail);
        failed = failed || f.level == Level::Fail;
    }
    return failed ? 1 : 0;
}

} // namespace qh::controller
