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

} // namespace

TEST_CASE("a ticket printed through cupsd arrives byte for byte and the job completes")
{
    test::ensureGuiApp();
    test::FakePrinter fake;
    test::CupsServer cups;
    cups.addRawQueue(QStringLiteral("ticket"), fake.port());
    printer::Printer p(std::make_unique<printer::CupsTransport>(
                           QStringLiteral("127.0.0.1"), cups.port(), QStringLiteral("ticket")),
                       test::printerProfile("generic-58mm"));
    CHECK(p.status().describe() == QStringLiteral("ready"));
    p.print(test::sampleTicket()); // returns once CUPS reports the job completed
    CHECK(fake.received() == p.encode(test::sampleTicket()));
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
                       test::printerProfile("generic-58mm"));
    CHECK_THROWS_WITH(p.print(test::sampleTicket()), Catch::Contains("cups://127.0.0.1:") &&
                                                         Catch::Contains("cannot print: offline"));
    CHECK(fake.received().isEmpty());

    printer::Printer unknown(
        std::make_unique<printer::CupsTransport>(QStringLiteral("127.0.0.1"), cups.port(),
                                                 QStringLiteral("nosuchqueue")),
        test::printerProfile("generic-58mm"));
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
                       test::printerProfile("generic-58mm"));
    CHECK_THROWS_WITH(p.send(QByteArray::fromHex("1b40")),
                      Catch::Contains("did not complete") || Catch::Contains("was not done"));
}
