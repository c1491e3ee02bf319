// CUPS: a ticket through a real cupsd and a raw queue to a fake printer; job and queue state.
#include "cupsserver.h"
#include "cupstransport.h"
#include "fakeprinter.h"
#include "httpclient.h"
#include "printer.h"
#include "testhall.h"

#include <QTimeZone>

using namespace qh;

namespace {

escpos::TicketContent ticket()
{
    escpos::TicketContent t;
    t.hallZh = QStringLiteral("测试大厅");
    t.hallEn = QStringLiteral("Test Hall");
    t.number = QStringLiteral("A101");
    t.serviceZh = QStringLiteral("居民身份证申领");
    t.serviceEn = QStringLiteral("ID card application");
    t.windows = QStringLiteral("1-2");
    t.issuedAt = QDateTime(QDate(2026, 11, 25), QTime(11, 0), QTimeZone("Asia/Shanghai"));
    t.statusUrl = QStringLiteral("http://127.0.0.1:8470/t/CUPS234567");
    return t;
}

printer::Profile profile()
{
    return printer::loadProfile(
        test::sourcePath(QStringLiteral("assets/printers/generic-58mm.json")));
}

} // namespace

TEST_CASE("a ticket printed through cupsd arrives byte for byte and the job completes")
{
    test::ensureGuiApp();
    test::FakePrinter fake;
    test::CupsServer cups;
    cups.addRawQueue(QStringLiteral("ticket"), fake.port());
    printer::Printer p(std::make_unique<printer::CupsTransport>(
                           QStringLiteral("127.0.0.1"), cups.port(), QStringLiteral("ticket")),
                       profile());
    CHECK(p.status().describe() == QStringLiteral("ready"));
    p.print(ticket()); // returns once CUPS reports the job completed
    CHECK(fake.received() == p.encode(ticket()));
    CHECK(fake.connections() == 1);
}

TEST_CASE("a stopped CUPS queue is reported before anything is sent")
{
    test::ensureGuiApp();
    test::FakePrinter fake;
    test::CupsServer cups;
    cups.addRawQueue(QStringLiteral("ticket"), fake.port());
    cups.disable(QStringLiteral("ticket"), QStringLiteral("paper jam"));
    printer::Printer p(std::make_unique<printer::CupsTransport>(
                           QStringLiteral("127.0.0.1"), cups.port(), QStringLiteral("ticket")),
                       profile());
    CHECK_THROWS_WITH(p.print(ticket()), Catch::Contains("cups://127.0.0.1:") &&
                                             Catch::Contains("cannot print: offline"));
    CHECK(fake.received().isEmpty());

    printer::Printer unknown(
        std::make_unique<printer::CupsTransport>(QStringLiteral("127.0.0.1"), cups.port(),
                                                 QStringLiteral("nosuchqueue")),
        profile());
    CHECK_THROWS_WITH(unknown.status(), Catch::Contains("CUPS does not know"));
}

TEST_CASE("a job CUPS cannot deliver is an error, never a success")
{
    test::ensureGuiApp();
    quint16 gone = 0;
    {
        test::FakePrinter nobody; // its port, soon closed
        gone = nobody.port();
    }
    test::CupsServer cups;
    cups.addRawQueue(QStringLiteral("ticket"), gone);
    printer::Printer p(std::make_unique<printer::CupsTransport>(QStringLiteral("127.0.0.1"),
                                                                cups.port(),
                                                                QStringLiteral("ticket"), 3000),
                       profile());
    CHECK_THROWS_WITH(p.send(QByteArray::fromHex("1b40")),
                      Catch::Contains("did not complete") || Catch::Contains("was not done"));
}
