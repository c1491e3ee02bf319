// The hall as the domain sees it: departments, services and their guides, windows, hours,
// holiday sessions, policy and the serial hardware; read from the hall file by db/hallconfig.
#pragma once

#include <array>
#include <cstdint>
#include <map>
#include <optional>
#include <vector>

#include <QByteArray>
#include <QDate>
#include <QString>
#include <QStringList>
#include <QTime>

namespace qh::engine {

struct LocalizedText
{
    QString zh;
    QString en;
};

struct Guide
{
    std::vector<LocalizedText> materials;
    int timeLimitDays = 0;      // legal time limit in working days (法定时限)
    int promisedDays = 0;       // the hall's promised limit (承诺时限), not above the legal one
    double standardMinutes = 0; // standard service time at the window
};

struct Department
{
    QString id;
    LocalizedText name;
    int floor = 1;
    QString prefix; // ticket prefix, 1-2 capital letters, unique in the hall
    bool comprehensive = false;
    // A window that helps this department (serves it only through secondary services) takes its
    // tickets once they have waited this long, counting their wait this much less against the
    // window's own tickets.
    int helpAfterMinutes = 0;
};

struct Service
{
    QString id;
    QString department;
    LocalizedText name;
    std::optional<LocalizedText> centre;
    Guide guide;
    // The share of its windows' time kept for appointments on working days (0: not bookable
    // then); an appointments-only holiday session gives its windows' whole time.
    double appointmentShare = 0;
};

struct WindowService
{
    QString service;
    bool primary = true;
};

struct Window
{
    int number = 0;
    int floor = 1;
    LocalizedText name;
    std::vector<WindowService> services;
};

struct Period
{
    QTime open;
    QTime close;
    QTime cutoff; // issuing stops here; defaults to close
};

struct HolidaySession
{
    QDate date;
    LocalizedText name;
    Period period;
    bool appointmentsOnly = true;
    std::vector<int> windows;
};

// A day the hall itself is closed (a move, a power cut, an election): not a working day.
struct Closure
{
    QDate date;
    LocalizedText reason;
};

struct Policy
{
    int recallLimit = 3;            // times a ticket may be called in all
    int issuingTimeoutSeconds = 60; // unconfirmed tickets are voided after this
    double primaryWeight = 1.0;
    double secondaryWeight = 0.4;
};

// How the hall numbers and watches its cases (办件).
struct CasePolicy
{
    QString hallCode; // {hall} in the serial number
    // {hall}, {yyyymmdd} and one {seqN} (N = 4..8 digits, counted per distinct rest of the
    // serial, so per day with the default), with letters, digits and '-' between them.
    QString serialFormat = QStringLiteral("{hall}-{yyyymmdd}-{seq6}");
    double warnShare = 0.8; // yellow once this share of the promised working days is used
    int lookupAttempts = 5; // wrong passwords for one case before it is locked
    int lookupLockMinutes = 15;
};

// SMS to applicants through the hall's cellular modem (see docs/sms.md).
struct SmsPolicy
{
    QString port; // the modem's serial port; empty: the hall sends no SMS
    int baud = 115200;
    QString pin;                    // the SIM's, when it asks for one
    QString serviceCentre;          // empty: the SIM's
    int nearTurn = 3;               // "near your turn" once this many are ahead
    QTime quietFrom = QTime(21, 0); // case updates and rating invites wait for quietUntil
    QTime quietUntil = QTime(8, 0);
    int replyDays = 3;      // a rating reply counts this long after its invite
    int retentionDays = 30; // phone numbers are erased after this
    int maxAttempts = 5;    // tries of a message the network keeps refusing for now
    QString statusUrl;      // where the ticket's status page is, e.g. "http://hall.example/t/"
    std::map<QString, LocalizedText> templates; // by message kind, replacing the defaults

    bool enabled() const { return !port.isEmpty(); }
};

// Booking (预约) and check-in at the kiosk (see docs/appointments.md).
struct AppointmentPolicy
{
    int slotMinutes = 30;
    int horizonDays = 14;   // bookable from tomorrow until this many days ahead
    int earlyMinutes = 30;  // check-in opens this long before the slot
    int graceMinutes = 15;  // after the slot's start, still the appointment; later, a no-show
    int perPhonePerDay = 2; // bookings of one number for one day
    int openPerPhone = 3;   // bookings of one number not yet due
    // Due appointments go before walk-ins, but a window calls at most this many in a row while
    // a walk-in has waited longer than walkInNormMinutes.
    int maxInARow = 2;
    int walkInNormMinutes = 20;
};

// What the hall does about a 差评 (see docs/ratings.md).
struct RatingPolicy
{
    int followUpDays = 5; // working days from the rating to the rectification
    int onlineDays = 3;   // a ticket's or case's page offers the rating this long after its end
};

// RS-485 hall hardware: which device answers at which address of which serial port.
enum class SerialProtocol {
    QSystem, // existing boards and keypads: fixed 4-byte key frames, no replies
    Framed   // our own: address, length, payload, CRC-16/MODBUS; the host polls
};
enum class SerialDeviceKind { Keypad, WindowBoard, HallBoard, RatingPad };

struct SerialDevice
{
    int address = 1;
    SerialDeviceKind kind = SerialDeviceKind::Keypad;
    std::optional<int> window; // keypads, window boards and rating pads belong to a window
    int lines = 3;             // a hall board: how many of the newest calls it shows
};

struct SerialBus
{
    QString port; // e.g. /dev/serial/by-id/usb-FTDI_..., reopened when it comes back
    int baud = 9600;
    SerialProtocol protocol = SerialProtocol::QSystem;
    std::vector<SerialDevice> devices;
};

// The hall file's names of the device kinds, in the enum's order.
const QStringList& serialDeviceKindNames();
QString toString(SerialDeviceKind kind);

struct HallConfig
{
    QString id;
    LocalizedText name;
    QByteArray timeZone = "Asia/Shanghai";
    Policy policy;
    CasePolicy cases;
    RatingPolicy ratings;
    SmsPolicy sms;
    AppointmentPolicy appointments;
    std::array<std::vector<Period>, 7> weekly; // index 0 = Monday
    std::vector<HolidaySession> holidays;
    std::vector<Closure> closures;
    std::vector<Department> departments;
    std::vector<Service> services;
    std::vector<Window> windows;
    std::vector<SerialBus> serial;

    const Department* department(const QString& departmentId) const;
    const Service* service(const QString& serviceId) const;
    // Whether the window serves any service of the department (a department head's windows).
    bool windowServes(int window, const QString& departmentId) const;
    // The window's own departments: those of its primary services, in the order it lists them.
    // A department it serves only through secondary services is one it helps.
    QStringList ownDepartments(int window) const;
    // The service's name, or its id when the hall no longer has it (a ticket or case from
    // before a change of the hall).
    LocalizedText serviceName(const QString& serviceId) const;
    const Window* window(int number) const;
    // The hall's local calendar day of a time (ms since epoch).
    QDate dayOf(std::int64_t ms) const;
    double weight(const WindowService& ws) const;
};

} // namespace qh::engine
