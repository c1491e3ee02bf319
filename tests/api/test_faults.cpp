// A store that fails under the daemon (a full disk, an I/O error): every change is refused with
// 503 and undone, reads and the event stream go on, and the daemon serves again once it heals.
#include "controllerprocess.h"
#include "testhall.h"

#include <QFile>
#include <QProcess>
#include <QTemporaryDir>

using namespace qh::test;

TEST_CASE("a failing store answers 503 for each change and the daemon serves on once it heals")
{
    QTemporaryDir scratch;
    const QString flag = scratch.filePath(QStringLiteral("disk-full"));
    ControllerProcess c(sourcePath(QStringLiteral("tests/data/small-hall.json")),
                        "2026-11-25 10:00", {}, 2,
                        {QStringLiteral("LD_PRELOAD=%1").arg(QStringLiteral(QH_IOFAULT_LIBRARY)),
                         QStringLiteral("QH_FAIL_IO_FLAG=%1").arg(flag)});
    HttpConnection http = c.connection();
    const QString caller = c.token(QStringLiteral("caller3"));
    const QString display = c.token(QStringLiteral("display"));
    c.takeTicket(QStringLiteral("invoice"));

    QFile(flag).open(QIODevice::WriteOnly); // the disk is full from now on
    const HttpResponse call =
        http.send("POST", QStringLiteral("/api/v1/windows/3/call-next"), caller);
    CHECK(call.status == 503);
    CHECK(call.errorCode() == QStringLiteral("store_unavailable"));
    const HttpResponse issue =
        http.send("POST", QStringLiteral("/api/v1/tickets"), c.token(QStringLiteral("kiosk")),
                  R"({"service": "invoice"})", {{"Idempotency-Key", "while-full"}});
    CHECK(issue.status == 503);
    CHECK(http.send("GET", QStringLiteral("/api/v1/health")).status == 200);
    const HttpResponse hall = http.send("GET", QStringLiteral("/api/v1/hall"), display);
    CHECK(hall.status == 200);
    const QJsonObject window3 =
        hall.json().value(QStringLiteral("windows")).toArray()[2].toObject();
    CHECK(window3.value(QStringLiteral("number")).toInt() == 3);
    CHECK_FALSE(window3.contains(QStringLiteral("ticket"))); // the refused call left no trace

    QFile::remove(flag); // space again
    const HttpResponse retried =
        http.send("POST", QStringLiteral("/api/v1/windows/3/call-next"), caller);
    CHECK(retried.status == 200);
    CHECK(retried.json().value(QStringLiteral("number")).toString() == QStringLiteral("B001"));
    const HttpResponse again =
        http.send("POST", QStringLiteral("/api/v1/tickets"), c.token(QStringLiteral("kiosk")),
                  R"({"service": "invoice"})", {{"Idempotency-Key", "while-full"}});
    CHECK(again.status == 201);
    CHECK(again.json().value(QStringLiteral("number")).toString() == QStringLiteral("B002"));
    c.stop();
    CHECK(c.process().exitCode() == 0);

    QProcess verify;
    verify.start(
        binaryPath(QStringLiteral("queuehall-controller")),
        {QStringLiteral("--db"), c.dbPath(), QStringLiteral("audit"), QStringLiteral("verify")});
    REQUIRE(verify.waitForFinished(30'000));
    CHECK(verify.exitCode() == 0);
}
