// Test fixtures: a hall in a real SQLite file in a temporary folder (or, with QH_TEST_STORE=memory,
// in memory), with a manual clock.
#pragma once

#include "catchqt.h"
#include "hallservice.h"
#include "store.h"

#include <memory>

#include <QDateTime>
#include <QJsonArray>
#include <QJsonObject>
#include <QTemporaryDir>

namespace qh::test {

// A path under the source tree, e.g. "tests/data/small-hall.json".
QString sourcePath(const QString& relative);
// A path of a built program, e.g. "queuehall-controller".
QString binaryPath(const QString& name);
// Milliseconds since the epoch of a local time in Asia/Shanghai, "2026-11-25 10:00".
std::int64_t shanghai(const char* localTime);
// A date, "2026-11-25".
QDate isoDay(const char* iso);
// The code an operation is refused with; fails the test when it is not refused.
template <typename Fn> engine::EngineError::Code refusal(Fn&& fn)
{
    try {
        fn();
    } catch (const engine::EngineError& e) {
        return e.code();
    }
    FAIL("the operation was not refused");
    return engine::EngineError::Code::Invalid;
}
// The small test hall (tests/data/small-hall.json), loaded once.
const engine::HallConfig& smallHall();
// The contents of the shipped 2026 calendar file (assets/calendar/cn-2026.json).
QByteArray calendarFile2026();
// The small hall's file with one piece of text replaced, written into dir; returns its path.
QString smallHallVariant(const QTemporaryDir& dir, const QByteArray& from, const QByteArray& to);

// The hall file `base` with a top-level section set ("serial", see docs/serial.md; "sms", see
// docs/sms.md), written into dir.
QString hallWithSection(const QTemporaryDir& dir, const QString& base, const QString& section,
                        const QJsonValue& value);
// One device of a serial section; window 0 for none.
QJsonObject serialDevice(int address, const char* kind, int window = 0);

// A fresh store initialised with a hall file, the hall service over it, and a clock to move. The
// store is SQLite in a file unless QH_TEST_STORE=memory asks for the in-memory one.
struct TestHall
{
    explicit TestHall(
        const QString& hallFile = sourcePath(QStringLiteral("tests/data/small-hall.json")),
        std::int64_t startMs = shanghai("2026-11-25 10:00"));

    QString dbPath() const { return dir.filePath(QStringLiteral("hall.db")); }
    // Issues and confirms a ticket; advances the clock by a second first so issue times differ.
    engine::Ticket take(const QString& serviceId,
                        engine::Priority priority = engine::Priority::Normal,
                        const QString& phone = {});
    // Re-opens the service over the same store (the file, for SQLite), as after a restart.
    void reopen();
    // The SQLite store, for what only it has (the hash-chained audit trail, SQL); throws when the
    // store is the in-memory one.
    db::Store& sqlite();

    QTemporaryDir dir;
    engine::ManualClock clock;
    std::unique_ptr<db::Database> database; // none for the in-memory store
    std::unique_ptr<engine::HallStore> store;
    std::unique_ptr<service::HallService> service;
    engine::Actor actor{QStringLiteral("tester"), QStringLiteral("test")};
};

} // namespace qh::test
