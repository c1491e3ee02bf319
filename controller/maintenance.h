// A hall machine's upkeep: `setup` of a new box, `backup` while the controller serves,
// `restore` with the controller stopped, and `doctor`, which says what is wrong and what to do.
#pragma once

#include "hall.h"

#include <vector>

#include <QString>
#include <QTextStream>

namespace qh::controller {

// The kiosk's settings on a machine that has the kiosk package.
inline const QString kKioskConfig = QStringLiteral("/etc/queuehall/kiosk.json");

// The first IPv4 address of this machine that others can reach (127.0.0.1 when none is), for
// the device URLs.
QString reachableAddress();

// A password good for a first sign-in: 18 or so random letters and digits.
QString newPassword();

struct InitialisedHall
{
    engine::HallConfig hall;
    std::vector<int> calendarYears;
};

// Creates the database with the hall file's hall and the calendar folder's years (audited as
// `actor`). The hall file and calendars are read and checked before anything is created. When run
// as root, the new database belongs to the owner of its folder, so the service user can open it.
InitialisedHall initialiseDatabase(const QString& database, const QString& hallFile,
                                   const QString& calendarFolder, const QString& actor);
// "市中区… (Shizhong …): 27 departments, 217 services, 69 windows in DB\nWorking calendar: 2026\n"
QString describe(const InitialisedHall& initialised, const QString& database);

struct SetupRequest
{
    QString hallFile;       // empty: the packaged sample hall
    QString calendarFolder; // empty: the packaged calendars
    int kiosks = 1;
    int displays = 1;
    QString adminNumber = QStringLiteral("0001");
    QString adminName = QStringLiteral("管理员");
    QString baseUrl;     // how devices reach the controller, e.g. http://192.168.1.10:8470
    QString kioskConfig; // a kiosk settings file whose empty "token" gets the first kiosk's
};

// First start of a new hall machine: the database, the first admin (a password made up now),
// a token for each kiosk, display and window caller, printed once. Refuses a database that
// holds a hall already.
int runSetup(const SetupRequest& request, const QString& database, QTextStream& out);

// A consistent copy of the database while the controller serves it: to `target`, or (empty)
// into the backup folder as "daily-<time>.db", keeping the newest `keep` there. The copy is
// checked before this returns.
int runBackup(const QString& database, const QString& target, int keep, QTextStream& out);

// Replaces the database with a copy once the controller has stopped: the copy must pass
// integrity_check, have a schema this program knows and hold the same hall (any hall when there
// is no database yet). The replaced database is kept in the backup folder.
int runRestore(const QString& database, const QString& copy, QTextStream& out);

struct DoctorRequest
{
    QString database;
    quint16 port = 8470;
    QString voiceDirectory;
    bool playVoice = false;
    QString kioskConfig; // checked for its printer when the file exists
};

// One line per check: "ok", "warn" or "FAIL", what was checked, what is wrong and what to do.
// Exit code 0 unless a check failed.
int runDoctor(const DoctorRequest& request, QTextStream& out);

} // namespace qh::controller
