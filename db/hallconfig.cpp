// The hall model (departments, services, windows, hours, policy) and its JSON loader with
// validation.
#include "hallconfig.h"

#include "cases.h"
#include "messages.h"

#include <algorithm>
#include <initializer_list>

#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QMap>
#include <QRegularExpression>
#include <QSet>
#include <QTimeZone>

using namespace Qt::Literals::StringLiterals;

namespace qh::db {

using namespace engine; // the hall model this file reads into

namespace {

constexpr int kMaxNameLength = 200;
const QStringList kWeekdays = {u"mon"_s, u"tue"_s, u"wed"_s, u"thu"_s,
                               u"fri"_s, u"sat"_s, u"sun"_s};

// Reads typed fields out of JSON while recording "path: reason" for everything wrong.
class Reader
{
public:
    QStringList problems;

    void problem(const QString& path, const QString& reason)
    {
        problems << path + u": "_s + reason;
    }

    // Remembers a value that must be unique; reports it at `path` when it was seen before.
    template <typename T>
    void unique(QSet<T>& seen, const T& value, const QString& path, const QString& reason)
    {
        if (seen.contains(value))
            problem(path, reason);
        seen.insert(value);
    }

    static QString at(const QString& path, const QString& key)
    {
        return path.isEmpty() ? key : path + u'.' + key;
    }
    static QString at(const QString& path, qsizetype index)
    {
        return path + u'[' + QString::number(index) + u']';
    }

    void allowOnly(const QJsonObject& o, const QString& path,
                   std::initializer_list<QStringView> keys)
    {
        for (auto it = o.begin(); it != o.end(); ++it) {
            if (std::find(keys.begin(), keys.end(), it.key()) == keys.end())
                problem(at(path, it.key()), u"unknown field"_s);
        }
    }

    bool present(const QJsonObject& o, const QString& path, const QString& key, bool required)
    {
        if (o.contains(key))
            return true;
        if (required)
            problem(at(path, key), u"missing"_s);
        return false;
    }

    QString string(const QJsonObject& o, const QString& path, const QString& key,
                   bool required = true)
    {
        if (!present(o, path, key, required))
            return {};
        const QJsonValue v = o.value(key);
        if (!v.isString() || v.toString().trimmed().isEmpty()) {
            problem(at(path, key), u"must be a non-empty string"_s);
            return {};
        }
        if (v.toString().size() > kMaxNameLength)
            problem(at(path, key), u"longer than %1 characters"_s.arg(kMaxNameLength));
        return v.toString();
    }

    double number(const QJsonObject& o, const QString& path, const QString& key, double min,
                  double max, std::optional<double> fallback = std::nullopt)
    {
        if (!present(o, path, key, !fallback))
            return fallback.value_or(min);
        const QJsonValue v = o.value(key);
        if (!v.isDouble() || v.toDouble() < min || v.toDouble() > max) {
            problem(at(path, key), u"must be a number from %1 to %2"_s.arg(min).arg(max));
            return min;
        }
        return v.toDouble();
    }

    int integer(const QJsonObject& o, const QString& path, const QString& key, int min, int max,
                std::optional<int> fallback = std::nullopt)
    {
        if (!present(o, path, key, !fallback))
            return fallback.value_or(min);
        const QJsonValue v = o.value(key);
        const double d = v.toDouble();
        if (!v.isDouble() || d != double(qint64(d)) || d < min || d > max) {
            problem(at(path, key), u"must be a whole number from %1 to %2"_s.arg(min).arg(max));
            return min;
        }
        return int(d);
    }

    bool boolean(const QJsonObject& o, const QString& path, const QString& key, bool fallback)
    {
        if (!o.contains(key))
            return fallback;
        if (!o.value(key).isBool()) {
            problem(at(path, key), u"must be true or false"_s);
            return fallback;
        }
        return o.value(key).toBool();
    }

    QJsonObject object(const QJsonObject& o, const QString& path, const QString& key,
                       bool required = true)
    {
        if (!present(o, path, key, required))
            return {};
        if (!o.value(key).isObject()) {
            problem(at(path, key), u"must be an object"_s);
            return {};
        }
        return o.value(key).toObject();
    }

    QJsonArray array(const QJsonObject& o, const QString& path, const QString& key,
                     bool required = true)
    {
        if (!present(o, path, key, required))
            return {};
        if (!o.value(key).isArray()) {
            problem(at(path, key), u"must be an array"_s);
            return {};
        }
        return o.value(key).toArray();
    }

    // Each array element as an object; non-objects are reported and skipped.
    template <typename Fn> void forEachObject(const QJsonArray& a, const QString& path, Fn&& fn)
    {
        for (qsizetype i = 0; i < a.size(); ++i) {
            if (!a.at(i).isObject())
                problem(at(path, i), u"must be an object"_s);
            else
                fn(a.at(i).toObject(), at(path, i));
        }
    }

    LocalizedText text(const QJsonObject& o, const QString& path, const QString& key)
    {
        const QJsonObject t = object(o, path, key);
        const QString p = at(path, key);
        allowOnly(t, p, {u"zh", u"en"});
        if (t.isEmpty())
            return {};
        return {string(t, p, u"zh"_s), string(t, p, u"en"_s)};
    }

    QTime time(const QJsonObject& o, const QString& path, const QString& key, bool required = true)
    {
        if (!present(o, path, key, required))
            return {};
        const QTime t = QTime::fromString(o.value(key).toString(), u"HH:mm"_s);
        if (!t.isValid())
            problem(at(path, key), u"must be a time as HH:MM"_s);
        return t;
    }

    Period period(const QJsonObject& o, const QString& path)
    {
        Period p{time(o, path, u"open"_s), time(o, path, u"close"_s),
                 time(o, path, u"cutoff"_s, false)};
        if (!p.cutoff.isValid())
            p.cutoff = p.close;
        if (p.open.isValid() && p.close.isValid() && p.open >= p.close)
            problem(at(path, u"close"_s), u"must be after open"_s);
        if (p.cutoff.isValid() && p.open.isValid() && p.close.isValid() &&
            (p.cutoff <= p.open || p.cutoff > p.close))
            problem(at(path, u"cutoff"_s), u"must be after open and not after close"_s);
        return p;
    }
};

const std::vector<int> kBaudRates = {1200, 2400, 4800, 9600, 19200, 38400, 57600, 115200};

void readSerial(Reader& r, const QJsonArray& buses, HallConfig& hall)
{
    QSet<QString> ports;
    r.forEachObject(buses, u"serial"_s, [&](const QJsonObject& o, const QString& path) {
        r.allowOnly(o, path, {u"port", u"baud", u"protocol", u"devices"});
        SerialBus bus;
        bus.port = r.string(o, path, u"port"_s);
        r.unique(ports, bus.port, Reader::at(path, u"port"_s),
                 u"port '%1' listed twice"_s.arg(bus.port));
        bus.baud = r.integer(o, path, u"baud"_s, 1200, 115200, 9600);
        if (std::find(kBaudRates.begin(), kBaudRates.end(), bus.baud) == kBaudRates.end())
            r.problem(Reader::at(path, u"baud"_s),
                      u"%1 is not a standard baud rate"_s.arg(bus.baud));
        const QString protocol = o.value(u"protocol"_s).toString(u"qsystem"_s);
        if (protocol != u"qsystem"_s && protocol != u"framed"_s)
            r.problem(Reader::at(path, u"protocol"_s), u"must be \"qsystem\" or \"framed\""_s);
        bus.protocol = protocol == u"framed"_s ? SerialProtocol::Framed : SerialProtocol::QSystem;
        QSet<int> addresses;
        const QString dp = Reader::at(path, u"devices"_s);
        r.forEachObject(
            r.array(o, path, u"devices"_s), dp, [&](const QJsonObject& d, const QString& ep) {
                r.allowOnly(d, ep, {u"address", u"kind", u"window", u"lines"});
                SerialDevice device;
                device.address = r.integer(d, ep, u"address"_s, 1, 247);
                r.unique(addresses, device.address, Reader::at(ep, u"address"_s),
                         u"address %1 used twice on this port"_s.arg(device.address));
                const qsizetype kind =
                    engine::serialDeviceKindNames().indexOf(r.string(d, ep, u"kind"_s));
                if (kind < 0)
                    r.problem(Reader::at(ep, u"kind"_s),
                              u"must be one of "_s + engine::serialDeviceKindNames().join(u", "_s));
                device.kind = SerialDeviceKind(qMax<qsizetype>(kind, 0));
                if (device.kind == SerialDeviceKind::HallBoard) {
                    device.lines = r.integer(d, ep, u"lines"_s, 1, 10, 3);
                    if (d.contains(u"window"_s))
                        r.problem(Reader::at(ep, u"window"_s),
                                  u"a hall board belongs to no window"_s);
                } else {
                    device.window = r.integer(d, ep, u"window"_s, 1, 999);
                    if (!hall.window(*device.window))
                        r.problem(Reader::at(ep, u"window"_s),
                                  u"unknown window %1"_s.arg(*device.window));
                }
                bus.devices.push_back(device);
            });
        hall.serial.push_back(bus);
    });
}

void readPolicy(Reader& r, const QJsonObject& root, Policy& policy)
{
    const QJsonObject o = r.object(root, {}, u"policy"_s, false);
    r.allowOnly(o, u"policy"_s, {u"recallLimit", u"issuingTimeoutSeconds", u"weights"});
    policy.recallLimit = r.integer(o, u"policy"_s, u"recallLimit"_s, 1, 10, 3);
    policy.issuingTimeoutSeconds =
        r.integer(o, u"policy"_s, u"issuingTimeoutSeconds"_s, 10, 600, 60);
    const QJsonObject w = r.object(o, u"policy"_s, u"weights"_s, false);
    r.allowOnly(w, u"policy.weights"_s, {u"primary", u"secondary"});
    policy.primaryWeight = r.number(w, u"policy.weights"_s, u"primary"_s, 0.01, 100, 1.0);
    policy.secondaryWeight = r.number(w, u"policy.weights"_s, u"secondary"_s, 0.01, 100, 0.4);
    if (policy.secondaryWeight > policy.primaryWeight)
        r.problem(u"policy.weights.secondary"_s, u"must not exceed the primary weight"_s);
}

void readWeekly(Reader& r, const QJsonArray& weekly, HallConfig& hall)
{
    r.forEachObject(weekly, u"hours.weekly"_s, [&](const QJsonObject& o, const QString& path) {
        r.allowOnly(o, path, {u"days", u"periods"});
        std::vector<Period> periods;
        r.forEachObject(r.array(o, path, u"periods"_s), Reader::at(path, u"periods"_s),
                        [&](const QJsonObject& p, const QString& pp) {
                            r.allowOnly(p, pp, {u"open", u"close", u"cutoff"});
                            periods.push_back(r.period(p, pp));
                        });
        std::sort(periods.begin(), periods.end(),
                  [](const Period& a, const Period& b) { return a.open < b.open; });
        for (size_t i = 1; i < periods.size(); ++i) {
            if (periods[i].open < periods[i - 1].close)
                r.problem(Reader::at(path, u"periods"_s), u"periods overlap"_s);
        }
        const QJsonArray days = r.array(o, path, u"days"_s);
        for (qsizetype i = 0; i < days.size(); ++i) {
            const auto day = kWeekdays.indexOf(days.at(i).toString());
            const QString dp = Reader::at(Reader::at(path, u"days"_s), i);
            if (day < 0)
                r.problem(dp, u"must be one of mon, tue, wed, thu, fri, sat, sun"_s);
            else if (!hall.weekly[day].empty())
                r.problem(dp, u"day listed twice"_s);
            else
                hall.weekly[day] = periods;
        }
    });
}

void readHolidays(Reader& r, const QJsonArray& sessions, HallConfig& hall)
{
    r.forEachObject(
        sessions, u"hours.holidaySessions"_s, [&](const QJsonObject& o, const QString& path) {
            r.allowOnly(
                o, path,
                {u"date", u"name", u"open", u"close", u"cutoff", u"appointmentsOnly", u"windows"});
            HolidaySession s;
            s.date = QDate::fromString(o.value(u"date"_s).toString(), Qt::ISODate);
            if (!s.date.isValid())
                r.problem(Reader::at(path, u"date"_s), u"must be a date as YYYY-MM-DD"_s);
            s.name = r.text(o, path, u"name"_s);
            s.period = r.period(o, path);
            s.appointmentsOnly = r.boolean(o, path, u"appointmentsOnly"_s, true);
            const QJsonArray windows = r.array(o, path, u"windows"_s);
            for (qsizetype i = 0; i < windows.size(); ++i)
                s.windows.push_back(windows.at(i).toInt(0));
            hall.holidays.push_back(s);
        });
}

void readDepartments(Reader& r, const QJsonArray& departments, HallConfig& hall)
{
    static const QRegularExpression prefixPattern(u"^[A-Z]{1,2}$"_s);
    static const QRegularExpression idPattern(u"^[a-z0-9][a-z0-9_-]{0,63}$"_s);
    QSet<QString> prefixes;
    r.forEachObject(departments, u"departments"_s, [&](const QJsonObject& o, const QString& path) {
        r.allowOnly(o, path,
                    {u"id", u"name", u"floor", u"prefix", u"comprehensive", u"helpAfterMinutes"});
        Department d;
        d.id = r.string(o, path, u"id"_s);
        if (!d.id.isEmpty() && !idPattern.match(d.id).hasMatch())
            r.problem(Reader::at(path, u"id"_s), u"must be lower-case letters, digits, - or _"_s);
        d.name = r.text(o, path, u"name"_s);
        d.floor = r.integer(o, path, u"floor"_s, 1, 99);
        d.prefix = r.string(o, path, u"prefix"_s);
        if (!d.prefix.isEmpty() && !prefixPattern.match(d.prefix).hasMatch())
            r.problem(Reader::at(path, u"prefix"_s), u"must be one or two capital letters"_s);
        else if (!d.prefix.isEmpty() && prefixes.contains(d.prefix))
            r.problem(Reader::at(path, u"prefix"_s), u"duplicate prefix '%1'"_s.arg(d.prefix));
        prefixes.insert(d.prefix);
        d.comprehensive = r.boolean(o, path, u"comprehensive"_s, false);
        d.helpAfterMinutes = r.integer(o, path, u"helpAfterMinutes"_s, 0, 240, 0);
        hall.departments.push_back(d);
    });
}

void readSms(Reader& r, const QJsonObject& root, HallConfig& hall)
{
    const QString path = u"sms"_s;
    const QJsonObject o = r.object(root, {}, path, false);
    r.allowOnly(o, path,
                {u"port", u"baud", u"pin", u"serviceCentre", u"nearTurn", u"quietHours",
                 u"replyDays", u"retentionDays", u"maxAttempts", u"statusUrl", u"templates"});
    if (o.isEmpty())
        return;
    SmsPolicy& p = hall.sms;
    p.port = r.string(o, path, u"port"_s);
    p.baud = r.integer(o, path, u"baud"_s, 1200, 921600, 115200);
    if (o.contains(u"pin"_s)) {
        p.pin = r.string(o, path, u"pin"_s);
        static const QRegularExpression pinPattern(u"^[0-9]{4,8}$"_s);
        if (!pinPattern.match(p.pin).hasMatch())
            r.problem(u"sms.pin"_s, u"must be 4 to 8 digits"_s);
    }
    if (o.contains(u"serviceCentre"_s)) {
        p.serviceCentre = r.string(o, path, u"serviceCentre"_s);
        static const QRegularExpression number(u"^\\+?[0-9]{3,20}$"_s);
        if (!number.match(p.serviceCentre).hasMatch())
            r.problem(u"sms.serviceCentre"_s, u"must be a telephone number"_s);
    }
    p.nearTurn = r.integer(o, path, u"nearTurn"_s, 1, 50, 3);
    if (o.contains(u"quietHours"_s)) {
        const QJsonObject q = r.object(o, path, u"quietHours"_s);
        const QString qp = Reader::at(path, u"quietHours"_s);
        r.allowOnly(q, qp, {u"from", u"until"});
        p.quietFrom = r.time(q, qp, u"from"_s);
        p.quietUntil = r.time(q, qp, u"until"_s);
    }
    p.replyDays = r.integer(o, path, u"replyDays"_s, 1, 30, 3);
    p.retentionDays = r.integer(o, path, u"retentionDays"_s, 1, 365, 30);
    p.maxAttempts = r.integer(o, path, u"maxAttempts"_s, 1, 20, 5);
    if (o.contains(u"statusUrl"_s)) {
        p.statusUrl = r.string(o, path, u"statusUrl"_s);
        if (!p.statusUrl.startsWith(u"http://"_s) && !p.statusUrl.startsWith(u"https://"_s))
            r.problem(u"sms.statusUrl"_s, u"must start with http:// or https://"_s);
    }
    const QJsonObject templates = r.object(o, path, u"templates"_s, false);
    const QString tp = Reader::at(path, u"templates"_s);
    for (auto it = templates.begin(); it != templates.end(); ++it) {
        if (!messageKindNames().contains(it.key())) {
            r.problem(Reader::at(tp, it.key()),
                      u"unknown message; known: "_s + messageKindNames().join(u", "_s));
            continue;
        }
        const LocalizedText text = r.text(templates, tp, it.key());
        for (const QString& t : {text.zh, text.en}) {
            if (const QString problem = templateProblem(t); !problem.isEmpty())
                r.problem(Reader::at(tp, it.key()), problem);
        }
        p.templates[it.key()] = text;
    }
}

void readCasePolicy(Reader& r, const QJsonObject& root, HallConfig& hall)
{
    const QJsonObject o = r.object(root, {}, u"cases"_s, false);
    r.allowOnly(
        o, u"cases"_s,
        {u"hallCode", u"serialFormat", u"warnShare", u"lookupAttempts", u"lookupLockMinutes"});
    CasePolicy& p = hall.cases;
    static const QRegularExpression codePattern(u"^[A-Z0-9]{1,12}$"_s);
    p.hallCode = o.contains(u"hallCode"_s) ? r.string(o, u"cases"_s, u"hallCode"_s)
                                           : hall.id.toUpper().remove(u'-').remove(u'_').left(12);
    if (!codePattern.match(p.hallCode).hasMatch())
        r.problem(u"cases.hallCode"_s, u"must be 1 to 12 capital letters or digits"_s);
    if (o.contains(u"serialFormat"_s))
        p.serialFormat = r.string(o, u"cases"_s, u"serialFormat"_s);
    if (const QString problem = serialFormatProblem(p.serialFormat); !problem.isEmpty())
        r.problem(u"cases.serialFormat"_s, problem);
    p.warnShare = r.number(o, u"cases"_s, u"warnShare"_s, 0.1, 1.0, 0.8);
    p.lookupAttempts = r.integer(o, u"cases"_s, u"lookupAttempts"_s, 1, 20, 5);
    p.lookupLockMinutes = r.integer(o, u"cases"_s, u"lookupLockMinutes"_s, 1, 1440, 15);
}

void readRatingPolicy(Reader& r, const QJsonObject& root, RatingPolicy& p)
{
    const QJsonObject o = r.object(root, {}, u"ratings"_s, false);
    r.allowOnly(o, u"ratings"_s, {u"followUpDays", u"onlineDays"});
    p.followUpDays = r.integer(o, u"ratings"_s, u"followUpDays"_s, 1, 30, 5);
    p.onlineDays = r.integer(o, u"ratings"_s, u"onlineDays"_s, 1, 30, 3);
}

void readAppointmentPolicy(Reader& r, const QJsonObject& root, AppointmentPolicy& p)
{
    const QString at = u"appointments"_s;
    const QJsonObject o = r.object(root, {}, at, false);
    r.allowOnly(o, at,
                {u"slotMinutes", u"horizonDays", u"earlyMinutes", u"graceMinutes",
                 u"perPhonePerDay", u"openPerPhone", u"maxInARow", u"walkInNormMinutes"});
    p.slotMinutes = r.integer(o, at, u"slotMinutes"_s, 5, 240, 30);
    p.horizonDays = r.integer(o, at, u"horizonDays"_s, 1, 90, 14);
    p.earlyMinutes = r.integer(o, at, u"earlyMinutes"_s, 0, 240, 30);
    p.graceMinutes = r.integer(o, at, u"graceMinutes"_s, 0, 120, 15);
    p.perPhonePerDay = r.integer(o, at, u"perPhonePerDay"_s, 1, 20, 2);
    p.openPerPhone = r.integer(o, at, u"openPerPhone"_s, 1, 50, 3);
    p.maxInARow = r.integer(o, at, u"maxInARow"_s, 1, 50, 2);
    p.walkInNormMinutes = r.integer(o, at, u"walkInNormMinutes"_s, 1, 240, 20);
}

} // namespace

ConfigError::ConfigError(const QStringList& problems)
    : std::runtime_error(problems.join(u'\n').toStdString())
    , m_problems(problems)
{
}

HallConfig parseHallConfig(const QByteArray& json)
{
    QJsonParseError parseError{};
    const QJsonDocument doc = QJsonDocument::fromJson(json, &parseError);
    if (parseError.error != QJsonParseError::NoError)
        throw ConfigError(
            {u"(file) at byte %1: %2"_s.arg(parseError.offset).arg(parseError.errorString())});
    if (!doc.isObject())
        throw ConfigError({u"(file): must be a JSON object"_s});

    Reader r;
    HallConfig hall;
    const QJsonObject root = doc.object();
    r.allowOnly(root, {},
                {u"format", u"hall", u"timeZone", u"policy", u"cases", u"ratings", u"appointments",
                 u"hours", u"departments", u"services", u"windows", u"serial", u"sms"});
    if (r.integer(root, {}, u"format"_s, 1, 1) != 1)
        throw ConfigError(r.problems);

    const QJsonObject h = r.object(root, {}, u"hall"_s);
    r.allowOnly(h, u"hall"_s, {u"id", u"name"});
    hall.id = r.string(h, u"hall"_s, u"id"_s);
    hall.name = r.text(h, u"hall"_s, u"name"_s);

    hall.timeZone = root.value(u"timeZone"_s).toString(u"Asia/Shanghai"_s).toUtf8();
    if (!QTimeZone(hall.timeZone).isValid())
        r.problem(u"timeZone"_s, u"unknown time zone '%1'"_s.arg(QString::fromUtf8(hall.timeZone)));

    readPolicy(r, root, hall.policy);
    readCasePolicy(r, root, hall);
    readRatingPolicy(r, root, hall.ratings);
    readAppointmentPolicy(r, root, hall.appointments);

    const QJsonObject hours = r.object(root, {}, u"hours"_s);
    r.allowOnly(hours, u"hours"_s, {u"weekly", u"holidaySessions", u"closures"});
    readWeekly(r, r.array(hours, u"hours"_s, u"weekly"_s), hall);
    readHolidays(r, r.array(hours, u"hours"_s, u"holidaySessions"_s, false), hall);
    r.forEachObject(r.array(hours, u"hours"_s, u"closures"_s, false), u"hours.closures"_s,
                    [&](const QJsonObject& o, const QString& path) {
                        r.allowOnly(o, path, {u"date", u"reason"});
                        Closure c;
                        c.date = QDate::fromString(o.value(u"date"_s).toString(), Qt::ISODate);
                        if (!c.date.isValid())
                            r.problem(Reader::at(path, u"date"_s),
                                      u"must be a date as YYYY-MM-DD"_s);
                        c.reason = r.text(o, path, u"reason"_s);
                        hall.closures.push_back(c);
                    });
    if (std::all_of(hall.weekly.begin(), hall.weekly.end(),
                    [](const auto& d) { return d.empty(); }))
        r.problem(u"hours.weekly"_s, u"the hall is never open"_s);

    readDepartments(r, r.array(root, {}, u"departments"_s), hall);

    QSet<QString> departmentIds;
    for (qsizetype i = 0; i < qsizetype(hall.departments.size()); ++i) {
        r.unique(departmentIds, hall.departments[i].id,
                 Reader::at(Reader::at(u"departments"_s, i), u"id"_s),
                 u"duplicate department id '%1'"_s.arg(hall.departments[i].id));
    }

    QSet<QString> serviceIds;
    r.forEachObject(
        r.array(root, {}, u"services"_s), u"services"_s,
        [&](const QJsonObject& o, const QString& path) {
            r.allowOnly(o, path,
                        {u"id", u"department", u"name", u"centre", u"guide", u"appointmentShare"});
            Service s;
            s.id = r.string(o, path, u"id"_s);
            r.unique(serviceIds, s.id, Reader::at(path, u"id"_s),
                     u"duplicate service id '%1'"_s.arg(s.id));
            s.department = r.string(o, path, u"department"_s);
            if (!s.department.isEmpty() && !departmentIds.contains(s.department))
                r.problem(Reader::at(path, u"department"_s),
                          u"unknown department '%1'"_s.arg(s.department));
            s.name = r.text(o, path, u"name"_s);
            if (o.contains(u"centre"_s))
                s.centre = r.text(o, path, u"centre"_s);
            const QJsonObject g = r.object(o, path, u"guide"_s);
            const QString gp = Reader::at(path, u"guide"_s);
            r.allowOnly(g, gp,
                        {u"materials", u"timeLimitDays", u"promisedDays", u"standardMinutes"});
            const QJsonArray materials = r.array(g, gp, u"materials"_s);
            for (qsizetype i = 0; i < materials.size(); ++i) {
                QJsonObject holder{{u"m"_s, materials.at(i)}};
                s.guide.materials.push_back(r.text(holder, Reader::at(gp, u"materials"_s), u"m"_s));
            }
            s.guide.timeLimitDays = r.integer(g, gp, u"timeLimitDays"_s, 0, 365);
            s.guide.promisedDays =
                r.integer(g, gp, u"promisedDays"_s, 0, 365, s.guide.timeLimitDays);
            if (s.guide.promisedDays > s.guide.timeLimitDays)
                r.problem(Reader::at(gp, u"promisedDays"_s),
                          u"must not exceed timeLimitDays (%1)"_s.arg(s.guide.timeLimitDays));
            s.guide.standardMinutes = r.number(g, gp, u"standardMinutes"_s, 0.5, 240);
            s.appointmentShare = r.number(o, path, u"appointmentShare"_s, 0, 1, 0);
            hall.services.push_back(s);
        });

    QSet<int> windowNumbers;
    r.forEachObject(
        r.array(root, {}, u"windows"_s), u"windows"_s,
        [&](const QJsonObject& o, const QString& path) {
            r.allowOnly(o, path, {u"number", u"floor", u"name", u"services"});
            Window w;
            w.number = r.integer(o, path, u"number"_s, 1, 999);
            r.unique(windowNumbers, w.number, Reader::at(path, u"number"_s),
                     u"duplicate window number %1"_s.arg(w.number));
            w.floor = r.integer(o, path, u"floor"_s, 1, 99);
            w.name = r.text(o, path, u"name"_s);
            QSet<QString> served;
            const QString sp = Reader::at(path, u"services"_s);
            r.forEachObject(
                r.array(o, path, u"services"_s), sp, [&](const QJsonObject& e, const QString& ep) {
                    r.allowOnly(e, ep, {u"service", u"department", u"weight"});
                    const QString weight = e.value(u"weight"_s).toString(u"primary"_s);
                    if (weight != u"primary"_s && weight != u"secondary"_s)
                        r.problem(Reader::at(ep, u"weight"_s),
                                  u"must be \"primary\" or \"secondary\""_s);
                    QStringList ids;
                    if (e.contains(u"service"_s) == e.contains(u"department"_s)) {
                        r.problem(ep, u"needs exactly one of \"service\" or \"department\""_s);
                    } else if (e.contains(u"service"_s)) {
                        const QString id = r.string(e, ep, u"service"_s);
                        if (!id.isEmpty() && !serviceIds.contains(id))
                            r.problem(Reader::at(ep, u"service"_s),
                                      u"unknown service '%1'"_s.arg(id));
                        else
                            ids << id;
                    } else {
                        const QString dept = r.string(e, ep, u"department"_s);
                        if (!dept.isEmpty() && !departmentIds.contains(dept))
                            r.problem(Reader::at(ep, u"department"_s),
                                      u"unknown department '%1'"_s.arg(dept));
                        for (const Service& s : hall.services) {
                            if (s.department == dept)
                                ids << s.id;
                        }
                    }
                    for (const QString& id : ids) {
                        if (served.contains(id))
                            r.problem(ep, u"service '%1' listed twice"_s.arg(id));
                        served.insert(id);
                        w.services.push_back({id, weight == u"primary"_s});
                    }
                });
            if (o.contains(u"services"_s) && w.services.empty())
                r.problem(sp, u"the window serves nothing"_s);
            hall.windows.push_back(w);
        });

    readSerial(r, r.array(root, {}, u"serial"_s, false), hall);
    readSms(r, root, hall);

    for (qsizetype i = 0; i < qsizetype(hall.holidays.size()); ++i) {
        for (int n : hall.holidays[i].windows) {
            if (!windowNumbers.contains(n))
                r.problem(Reader::at(Reader::at(u"hours.holidaySessions"_s, i), u"windows"_s),
                          u"unknown window %1"_s.arg(n));
        }
    }
    for (const Service& s : hall.services) {
        const bool served =
            std::any_of(hall.windows.begin(), hall.windows.end(), [&](const Window& w) {
                return std::any_of(w.services.begin(), w.services.end(),
                                   [&](const WindowService& ws) { return ws.service == s.id; });
            });
        if (!served)
            r.problem(u"services"_s, u"service '%1' is served by no window"_s.arg(s.id));
    }

    if (!r.problems.isEmpty())
        throw ConfigError(r.problems);
    return hall;
}

QJsonObject readJsonObject(const QString& path)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly))
        throw ConfigError({u"%1: %2"_s.arg(path, file.errorString())});
    QJsonParseError error{};
    const QJsonDocument doc = QJsonDocument::fromJson(file.readAll(), &error);
    if (error.error != QJsonParseError::NoError || !doc.isObject())
        throw ConfigError({u"%1: not a JSON object (%2)"_s.arg(path, error.errorString())});
    return doc.object();
}

QJsonObject withoutSecrets(QJsonObject file)
{
    QJsonObject sms = file.value(u"sms"_s).toObject();
    if (sms.contains(u"pin"_s)) {
        sms.insert(u"pin"_s, QString::fromLatin1(kHiddenSecret));
        file.insert(u"sms"_s, sms);
    }
    return file;
}

QJsonObject withSecrets(QJsonObject file, const QJsonObject& current)
{
    QJsonObject sms = file.value(u"sms"_s).toObject();
    if (sms.value(u"pin"_s).toString() == QString::fromLatin1(kHiddenSecret)) {
        const QJsonValue pin = current.value(u"sms"_s).toObject().value(u"pin"_s);
        if (pin.isUndefined())
            sms.remove(u"pin"_s);
        else
            sms.insert(u"pin"_s, pin);
        file.insert(u"sms"_s, sms);
    }
    return file;
}

QJsonArray hallChanges(const QJsonObject& before, const QJsonObject& after)
{
    // The lists whose entries are told apart by a key, and that key.
    static const QList<std::pair<QString, QString>> keyed = {
        {u"departments"_s, u"id"_s}, {u"services"_s, u"id"_s}, {u"windows"_s, u"number"_s}};
    QJsonArray changes;
    const auto change = [&](const QString& section, const QJsonValue& key, QJsonValue was,
                            QJsonValue is) {
        if (section == u"sms"_s) {
            was = withoutSecrets({{section, was}}).value(section);
            is = withoutSecrets({{section, is}}).value(section);
        }
        QJsonObject c{{u"section"_s, section}};
        if (!key.isUndefined())
            c.insert(u"key"_s, key);
        if (!was.isUndefined())
            c.insert(u"before"_s, was);
        if (!is.isUndefined())
            c.insert(u"after"_s, is);
        changes.append(c);
    };
    QStringList sections = before.keys() + after.keys();
    sections.removeDuplicates();
    for (const QString& section : sections) {
        const auto list = std::find_if(keyed.begin(), keyed.end(),
                                       [&](const auto& k) { return k.first == section; });
        if (list == keyed.end()) {
            if (before.value(section) != after.value(section))
                change(section, QJsonValue::Undefined, before.value(section), after.value(section));
            continue;
        }
        const auto byKey = [&](const QJsonObject& file) {
            QMap<QString, QJsonObject> entries;
            for (const QJsonValue v : file.value(section).toArray())
                entries.insert(v.toObject().value(list->second).toVariant().toString(),
                               v.toObject());
            return entries;
        };
        const QMap<QString, QJsonObject> was = byKey(before);
        const QMap<QString, QJsonObject> is = byKey(after);
        QStringList keys = was.keys() + is.keys();
        keys.removeDuplicates();
        for (const QString& key : keys) {
            const QJsonValue id = (is.contains(key) ? is : was).value(key).value(list->second);
            if (!was.contains(key))
                change(section, id, QJsonValue::Undefined, is.value(key));
            else if (!is.contains(key))
                change(section, id, was.value(key), QJsonValue::Undefined);
            else if (was.value(key) != is.value(key))
                change(section, id, was.value(key), is.value(key));
        }
    }
    return changes;
}

HallFile readHallFile(const QString& path)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly))
        throw ConfigError({u"%1: %2"_s.arg(path, file.errorString())});
    HallFile hall;
    hall.source = file.readAll();
    hall.config = parseHallConfig(hall.source);
    return hall;
}

} // namespace qh::db
