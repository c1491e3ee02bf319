// The hall file: the sample hall's facts, and every kind of rejection with its field path.
#include "hallconfig.h"
#include "testhall.h"

#include <algorithm>
#include <functional>
#include <map>
#include <set>

#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>

using namespace qh::db;
using namespace qh::engine;
using qh::test::sourcePath;

namespace {

QJsonObject smallHall()
{
    QFile f(sourcePath(QStringLiteral("tests/data/small-hall.json")));
    REQUIRE(f.open(QIODevice::ReadOnly));
    return QJsonDocument::fromJson(f.readAll()).object();
}

// Applies an edit to the small hall and returns the problems the loader reports.
QStringList problemsAfter(const std::function<void(QJsonObject&)>& edit)
{
    QJsonObject hall = smallHall();
    edit(hall);
    try {
        parseHallConfig(QJsonDocument(hall).toJson());
    } catch (const ConfigError& e) {
        return e.problems();
    }
    return {};
}

// Replaces the value at a path of keys and indexes inside a JSON object.
void setAt(QJsonObject& root, const QStringList& path, const QJsonValue& value)
{
    std::function<QJsonValue(QJsonValue, int)> rebuild = [&](QJsonValue node,
                                                             int depth) -> QJsonValue {
        if (depth == path.size())
            return value;
        bool isIndex = false;
        const int index = path[depth].toInt(&isIndex);
        if (isIndex) {
            QJsonArray a = node.toArray();
            a[index] = rebuild(a.at(index), depth + 1);
            return a;
        }
        QJsonObject o = node.toObject();
        o[path[depth]] = rebuild(o.value(path[depth]), depth + 1);
        return o;
    };
    root = rebuild(root, 0).toObject();
}

} // namespace

TEST_CASE("the sample hall models the district hall")
{
    const HallConfig hall =
        readHallFile(sourcePath(QStringLiteral("assets/halls/shizhong.json"))).config;
    CHECK(hall.name.zh == QStringLiteral("市中区政务服务中心"));
    CHECK(hall.departments.size() == 27);
    CHECK(hall.services.size() == 217);
    CHECK(hall.windows.size() == 69);
    CHECK(hall.timeZone == "Asia/Shanghai");
    CHECK(hall.cases.hallCode == QStringLiteral("SHIZHONG"));
    CHECK(hall.service(QStringLiteral("hrss-01"))->guide.promisedDays == 0); // 即办件

    std::map<int, int> windowsPerFloor;
    for (const Window& w : hall.windows)
        ++windowsPerFloor[w.floor];
    CHECK(windowsPerFloor == std::map<int, int>{{1, 57}, {2, 8}, {3, 4}});

    // Every department has services with a full guide, and every service is served somewhere.
    for (const Department& d : hall.departments) {
        INFO(d.id.toStdString());
        CHECK(std::any_of(hall.services.begin(), hall.services.end(),
                          [&](const Service& s) { return s.department == d.id; }));
    }
    for (const Service& s : hall.services) {
        INFO(s.id.toStdString());
        CHECK(s.guide.standardMinutes > 0);
        CHECK(!s.name.zh.isEmpty());
        CHECK(!s.name.en.isEmpty());
    }
    const auto named = [&](const char* zh) {
        return std::any_of(hall.services.begin(), hall.services.end(),
                           [&](const Service& s) { return s.name.zh == QString::fromUtf8(zh); });
    };
    CHECK(named("劳动合同备案"));
    CHECK(named("退休审批"));
    CHECK(named("企业设立登记"));
    CHECK(named("机动车驾驶证换证"));

    // The ten comprehensive windows each serve all ten small departments.
    std::set<QString> small;
    for (const Department& d : hall.departments) {
        if (d.comprehensive)
            small.insert(d.id);
    }
    CHECK(small.size() == 10);
    int comprehensiveWindows = 0;
    for (const Window& w : hall.windows) {
        std::set<QString> departments;
        for (const WindowService& ws : w.services)
            departments.insert(hall.service(ws.service)->department);
        if (departments == small)
            ++comprehensiveWindows;
    }
    CHECK(comprehensiveWindows == 10);

    // Mon-Fri 9-12 and 13-17, closed at the weekend, one holiday appointment session.
    for (int day = 0; day < 5; ++day) {
        REQUIRE(hall.weekly[day].size() == 2);
        CHECK(hall.weekly[day][0].open == QTime(9, 0));
        CHECK(hall.weekly[day][1].close == QTime(17, 0));
        CHECK(hall.weekly[day][1].cutoff == QTime(17, 0));
    }
    CHECK(hall.weekly[5].empty());
    CHECK(hall.weekly[6].empty());
    REQUIRE(hall.holidays.size() == 1);
    CHECK(hall.holidays[0].appointmentsOnly);
}

TEST_CASE("the small test hall loads")
{
    const HallConfig hall = parseHallConfig(QJsonDocument(smallHall()).toJson());
    CHECK(hall.windows.size() == 4);
    CHECK(hall.window(3)->services.size() == 1);
    CHECK(hall.weekly[2][1].cutoff == QTime(16, 30));
}

TEST_CASE("a malformed hall file is rejected with the field path and the reason")
{
    SECTION("not JSON")
    {
        CHECK_THROWS_WITH(parseHallConfig("{\"format\": 1,"), Catch::Contains("(file) at byte"));
        CHECK_THROWS_WITH(parseHallConfig("[1, 2]"), Catch::Contains("must be a JSON object"));
    }
    SECTION("unknown service on a window")
    {
        const QStringList problems = problemsAfter([](QJsonObject& h) {
            setAt(h,
                  {QStringLiteral("windows"), QStringLiteral("0"), QStringLiteral("services"),
                   QStringLiteral("1"), QStringLiteral("service")},
                  QStringLiteral("passport"));
        });
        CHECK(problems.contains(
            QStringLiteral("windows[0].services[1].service: unknown service 'passport'")));
    }
    SECTION("duplicate prefix")
    {
        const QStringList problems = problemsAfter([](QJsonObject& h) {
            setAt(h, {QStringLiteral("departments"), QStringLiteral("1"), QStringLiteral("prefix")},
                  QStringLiteral("A"));
        });
        CHECK(problems ==
              QStringList{QStringLiteral("departments[1].prefix: duplicate prefix 'A'")});
    }
    SECTION("bookings: the hall's policy and a service's share")
    {
        const QStringList problems = problemsAfter([](QJsonObject& h) {
            h.insert(QStringLiteral("appointments"),
                     QJsonObject{{QStringLiteral("slotMinutes"), 2},
                                 {QStringLiteral("graceMinutes"), QStringLiteral("15")},
                                 {QStringLiteral("queue"), true}});
            setAt(h,
                  {QStringLiteral("services"), QStringLiteral("0"),
                   QStringLiteral("appointmentShare")},
                  1.5);
        });
        CHECK(problems.contains(
            QStringLiteral("appointments.slotMinutes: must be a whole number from 5 to 240")));
        CHECK(problems.contains(
            QStringLiteral("appointments.graceMinutes: must be a whole number from 0 to 120")));
        CHECK(problems.contains(QStringLiteral("appointments.queue: unknown field")));
        CHECK(problems.contains(
            QStringLiteral("services[0].appointmentShare: must be a number from 0 to 1")));
    }
    SECTION("case numbering and promised limits")
    {
        const QStringList problems = problemsAfter([](QJsonObject& h) {
            h.insert(QStringLiteral("cases"),
                     QJsonObject{{QStringLiteral("hallCode"), QStringLiteral("sz-1")},
                                 {QStringLiteral("serialFormat"), QStringLiteral("{hall}{yyyy}")},
                                 {QStringLiteral("warnShare"), 1.5},
                                 {QStringLiteral("colour"), QStringLiteral("red")}});
            setAt(h,
                  {QStringLiteral("services"), QStringLiteral("0"), QStringLiteral("guide"),
                   QStringLiteral("promisedDays")},
                  30);
        });
        CHECK(problems.contains(QStringLiteral("cases.colour: unknown field")));
        CHECK(problems.contains(
            QStringLiteral("cases.hallCode: must be 1 to 12 capital letters or digits")));
        CHECK(problems.contains(QStringLiteral(
            "cases.serialFormat: unknown part {yyyy}; the parts are {hall}, {yyyymmdd} and "
            "{seq4} to {seq8}")));
        CHECK(problems.contains(QStringLiteral("cases.warnShare: must be a number from 0.1 to 1")));
        CHECK(problems.contains(
            QStringLiteral("services[0].guide.promisedDays: must not exceed timeLimitDays (20)")));
    }
    SECTION("duplicate window number")
    {
        const QStringList problems = problemsAfter([](QJsonObject& h) {
            setAt(h, {QStringLiteral("windows"), QStringLiteral("3"), QStringLiteral("number")}, 2);
        });
        CHECK(problems.contains(QStringLiteral("windows[3].number: duplicate window number 2")));
    }
    SECTION("bad hours")
    {
        const QStringList closeBeforeOpen = problemsAfter([](QJsonObject& h) {
            setAt(h,
                  {QStringLiteral("hours"), QStringLiteral("weekly"), QStringLiteral("0"),
                   QStringLiteral("periods"), QStringLiteral("0"), QStringLiteral("close")},
                  QStringLiteral("08:00"));
        });
        CHECK(closeBeforeOpen.contains(
            QStringLiteral("hours.weekly[0].periods[0].close: must be after open")));
        const QStringList badTime = problemsAfter([](QJsonObject& h) {
            setAt(h,
                  {QStringLiteral("hours"), QStringLiteral("weekly"), QStringLiteral("0"),
                   QStringLiteral("periods"), QStringLiteral("1"), QStringLiteral("open")},
                  QStringLiteral("1 pm"));
        });
        CHECK(badTime.contains(
            QStringLiteral("hours.weekly[0].periods[1].open: must be a time as HH:MM")));
        const QStringList overlap = problemsAfter([](QJsonObject& h) {
            setAt(h,
                  {QStringLiteral("hours"), QStringLiteral("weekly"), QStringLiteral("0"),
                   QStringLiteral("periods"), QStringLiteral("1"), QStringLiteral("open")},
                  QStringLiteral("11:00"));
        });
        CHECK(overlap.contains(QStringLiteral("hours.weekly[0].periods: periods overlap")));
        const QStringList cutoffAfterClose = problemsAfter([](QJsonObject& h) {
            setAt(h,
                  {QStringLiteral("hours"), QStringLiteral("weekly"), QStringLiteral("0"),
                   QStringLiteral("periods"), QStringLiteral("1"), QStringLiteral("cutoff")},
                  QStringLiteral("17:30"));
        });
        CHECK(cutoffAfterClose.contains(QStringLiteral(
            "hours.weekly[0].periods[1].cutoff: must be after open and not after close")));
        const QStringList badDay = problemsAfter([](QJsonObject& h) {
            setAt(h,
                  {QStringLiteral("hours"), QStringLiteral("weekly"), QStringLiteral("0"),
                   QStringLiteral("days"), QStringLiteral("2")},
                  QStringLiteral("wednesday"));
        });
        CHECK(badDay.contains(QStringLiteral(
            "hours.weekly[0].days[2]: must be one of mon, tue, wed, thu, fri, sat, sun")));
    }
    SECTION("unknown fields, wrong types and missing fields")
    {
        const QStringList problems = problemsAfter([](QJsonObject& h) {
            setAt(h, {QStringLiteral("services"), QStringLiteral("0"), QStringLiteral("prefx")},
                  QStringLiteral("A"));
            setAt(h,
                  {QStringLiteral("services"), QStringLiteral("1"), QStringLiteral("guide"),
                   QStringLiteral("standardMinutes")},
                  QStringLiteral("ten"));
            QJsonArray departments = h.value(QStringLiteral("departments")).toArray();
            QJsonObject d = departments[2].toObject();
            d.remove(QStringLiteral("name"));
            departments[2] = d;
            h[QStringLiteral("departments")] = departments;
        });
        CHECK(problems.contains(QStringLiteral("services[0].prefx: unknown field")));
        CHECK(problems.contains(
            QStringLiteral("services[1].guide.standardMinutes: must be a number from 0.5 to 240")));
        CHECK(problems.contains(QStringLiteral("departments[2].name: missing")));
    }
    SECTION("a service nobody serves, and a window serving nothing")
    {
        const QStringList problems = problemsAfter([](QJsonObject& h) {
            setAt(h, {QStringLiteral("windows"), QStringLiteral("3"), QStringLiteral("services")},
                  QJsonArray());
        });
        CHECK(problems.contains(QStringLiteral("windows[3].services: the window serves nothing")));
        CHECK(problems.contains(
            QStringLiteral("services: service 'birth-notary' is served by no window")));
    }
    SECTION("an unknown time zone")
    {
        const QStringList problems = problemsAfter(
            [](QJsonObject& h) { h[QStringLiteral("timeZone")] = QStringLiteral("Mars/Olympus"); });
        CHECK(problems ==
              QStringList{QStringLiteral("timeZone: unknown time zone 'Mars/Olympus'")});
    }
}

TEST_CASE("serial hardware: each device at its address on a port, checked against the windows")
{
    const auto serialSection = [](const char* json) {
        return [json](QJsonObject& h) {
            h.insert(QStringLiteral("serial"), QJsonDocument::fromJson(json).array());
        };
    };
    const QStringList problems = problemsAfter(serialSection(R"([
        {"port": "/dev/ttyUSB0", "baud": 9601, "protocol": "modbus",
         "devices": [{"address": 1, "kind": "keypad", "window": 1},
                     {"address": 1, "kind": "windowBoard", "window": 1},
                     {"address": 300, "kind": "ratingPad", "window": 77},
                     {"address": 4, "kind": "hallBoard", "window": 2},
                     {"address": 5, "kind": "clock"}]},
        {"port": "/dev/ttyUSB0", "devices": []}])"));
    CHECK(problems.contains(QStringLiteral("serial[0].baud: 9601 is not a standard baud rate")));
    CHECK(
        problems.contains(QStringLiteral("serial[0].protocol: must be \"qsystem\" or \"framed\"")));
    CHECK(problems.contains(
        QStringLiteral("serial[0].devices[1].address: address 1 used twice on this port")));
    CHECK(problems.contains(
        QStringLiteral("serial[0].devices[2].address: must be a whole number from 1 to 247")));
    CHECK(problems.contains(QStringLiteral("serial[0].devices[2].window: unknown window 77")));
    CHECK(problems.contains(
        QStringLiteral("serial[0].devices[3].window: a hall board belongs to no window")));
    CHECK(problems.contains(QStringLiteral(
        "serial[0].devices[4].kind: must be one of keypad, windowBoard, hallBoard, ratingPad")));
    CHECK(problems.contains(QStringLiteral("serial[1].port: port '/dev/ttyUSB0' listed twice")));

    QJsonObject hall = smallHall();
    serialSection(R"([{"port": "/dev/ttyUSB1", "protocol": "framed", "baud": 19200,
                       "devices": [{"address": 7, "kind": "keypad", "window": 3},
                                   {"address": 9, "kind": "hallBoard", "lines": 5}]}])")(hall);
    const HallConfig config = parseHallConfig(QJsonDocument(hall).toJson());
    REQUIRE(config.serial.size() == 1);
    CHECK(config.serial[0].protocol == SerialProtocol::Framed);
    CHECK(config.serial[0].baud == 19200);
    CHECK(config.serial[0].devices[0].window == 3);
    CHECK(config.serial[0].devices[1].kind == SerialDeviceKind::HallBoard);
    CHECK(config.serial[0].devices[1].lines == 5);
}
