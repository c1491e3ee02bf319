// Printers over real transports: TCP 9100 and a device node (pty) with a fake printer, and the
// virtual printer: status before a ticket, the exact bytes, refusals and dropped connections.
#include "devicefiletransport.h"
#include "encoder.h"
#include "fakeprinter.h"
#include "httpclient.h"
#include "printer.h"
#include "tcptransport.h"
#include "testhall.h"
#include "virtualtransport.h"

#include <pty.h>
#include <termios.h>
#include <unistd.h>

#include <QDir>
#include <QStringEncoder>
#include <QTimeZone>

using namespace qh;

namespace {

} // namespace

TEST_CASE("a TCP printer gets the status queries, the exact ticket bytes, and a confirming query")
{
    test::ensureGuiApp();
    test::FakePrinter fake;
    printer::Printer p(
        std::make_unique<printer::TcpTransport>(QStringLiteral("127.0.0.1"), fake.port()),
        test::printerProfile("generic-80mm"));
    p.print(test::sampleTicket());
    const QByteArray expected =
        test::statusQueries() + p.encode(test::sampleTicket()) + test::statusQueries();
    REQUIRE(test::waitUntil([&] { return fake.received().size() >= expected.size(); }));
    CHECK(fake.received() == expected);
    const QImage printed = escpos::decodeRaster(fake.received());
    CHECK(printed.width() == escpos::kDots80mm);
    CHECK(printed.height() > 600);
    CHECK(p.encode(test::sampleTicket())
              .endsWith(QByteArray::fromHex("1b64031d564200"))); // feed and cut
}

TEST_CASE("a TCP printer out of paper refuses before a byte of the ticket is sent")
{
    test::ensureGuiApp();
    test::FakePrinter fake;
    escpos::PrinterStatus paperOut;
    paperOut.paperEnd = true;
    paperOut.online = false;
    fake.setStatus(paperOut);
    printer::Printer p(
        std::make_unique<printer::TcpTransport>(QStringLiteral("127.0.0.1"), fake.port()),
        test::printerProfile("generic-58mm"));
    CHECK_THROWS_WITH(p.print(test::sampleTicket()),
                      Catch::Contains("cannot print: offline, paper end"));
    test::waitUntil([&] { return fake.received().size() >= test::statusQueries().size(); }, 2000);
    CHECK(fake.received() == test::statusQueries());
}

TEST_CASE("a TCP connection dropped mid-ticket is an error, never a success")
{
    test::ensureGuiApp();
    test::FakePrinter fake;
    fake.dropAfter(test::statusQueries().size() + 2000);
    printer::Printer p(
        std::make_unique<printer::TcpTransport>(QStringLiteral("127.0.0.1"), fake.port()),
        test::printerProfile("generic-80mm"));
    CHECK_THROWS_AS(p.print(test::sampleTicket()), printer::TransportError);
}

TEST_CASE("a printer that stops answering, or is not there, is reported")
{
    test::FakePrinter fake;
    fake.setSilent(true);
    printer::Printer silent(
        std::make_unique<printer::TcpTransport>(QStringLiteral("127.0.0.1"), fake.port()),
        test::printerProfile("generic-80mm"));
    CHECK_THROWS_WITH(silent.status(), Catch::Contains("did not answer 3 of 3 status queries"));

    const quint16 nobody = fake.port();
    fake.~FakePrinter();
    new (&fake) test::FakePrinter(); // a new port; the old one is closed
    printer::Printer gone(
        std::make_unique<printer::TcpTransport>(QStringLiteral("127.0.0.1"), nobody, 500),
        test::printerProfile("generic-80mm"));
    CHECK_THROWS_WITH(gone.status(),
                      Catch::Contains("cannot reach the printer at tcp://127.0.0.1"));
}

TEST_CASE("a printer on a device node (a pty) prints and reports its status")
{
    test::ensureGuiApp();
    int master = -1;
    int slave = -1;
    char name[256] = {};
    REQUIRE(::openpty(&master, &slave, name, nullptr, nullptr) == 0);
    termios raw{};
    ::tcgetattr(slave, &raw);
    ::cfmakeraw(&raw);
    ::tcsetattr(slave, TCSANOW, &raw);
    test::FakePrinter fake(master);
    printer::Printer p(std::make_unique<printer::DeviceFileTransport>(QString::fromLatin1(name)),
                       test::printerProfile("generic-58mm"));
    CHECK(p.status().describe() == QStringLiteral("ready"));
    p.print(test::sampleTicket());
    const QByteArray expected = test::statusQueries() + test::statusQueries() +
                                p.encode(test::sampleTicket()) + test::statusQueries();
    REQUIRE(test::waitUntil([&] { return fake.received().size() >= expected.size(); }));
    CHECK(fake.received() == expected);
    ::close(slave);
    printer::Printer missing(
        std::make_unique<printer::DeviceFileTransport>(QStringLiteral("/dev/usb/lp9")),
        test::printerProfile("generic-58mm"));
    CHECK_THROWS_WITH(missing.status(), Catch::Contains("cannot open /dev/usb/lp9"));
}

TEST_CASE("the virtual printer keeps each job's bytes and raster, and stages faults")
{
    test::ensureGuiApp();
    QTemporaryDir dir;
    auto transport = std::make_unique<printer::VirtualTransport>(dir.path());
    printer::VirtualTransport* virtualPrinter = transport.get();
    printer::Printer p(std::move(transport), test::printerProfile("generic-80mm"));
    p.print(test::sampleTicket());
    const QString job = virtualPrinter->lastJob();
    QFile raw(job + QStringLiteral(".bin"));
    REQUIRE(raw.open(QIODevice::ReadOnly));
    CHECK(raw.readAll() == p.encode(test::sampleTicket()));
    const QImage png(job + QStringLiteral(".png"));
    CHECK(png.width() == escpos::kDots80mm);
    CHECK(png.height() > 600);

    QFile(QDir(dir.path()).filePath(QStringLiteral("paper-near-end"))).open(QIODevice::WriteOnly);
    CHECK(p.status().describe() == QStringLiteral("paper near end"));
    p.print(test::sampleTicket()); // near end still prints
    QFile(QDir(dir.path()).filePath(QStringLiteral("cover-open"))).open(QIODevice::WriteOnly);
    CHECK_THROWS_WITH(p.print(test::sampleTicket()), Catch::Contains("cover open"));
    CHECK(QDir(dir.path()).entryList({QStringLiteral("*.bin")}).size() == 2);
}

TEST_CASE("printer addresses and profiles are checked")
{
    CHECK_THROWS_WITH(printer::transportFor(QStringLiteral("lpt1")),
                      Catch::Contains("is not a printer address"));
    CHECK(printer::transportFor(QStringLiteral("tcp://10.0.0.9"))->address() ==
          QStringLiteral("tcp://10.0.0.9:9100"));
    CHECK(printer::transportFor(QStringLiteral("file:///dev/usb/lp0"))->address() ==
          QStringLiteral("file:///dev/usb/lp0"));
    const printer::Profile text = test::printerProfile("generic-80mm-text");
    CHECK(text.textMode);
    CHECK(text.statusQueries == std::vector<int>{1, 2, 4});
    QTemporaryDir dir;
    QFile bad(dir.filePath(QStringLiteral("bad.json")));
    REQUIRE(bad.open(QIODevice::WriteOnly));
    bad.write(R"({"name": "x", "widthDots": 500})");
    bad.close();
    CHECK_THROWS_WITH(printer::loadProfile(bad.fileName()),
                      Catch::Contains("widthDots of 384 (58 mm) or 576 (80 mm)"));
}

TEST_CASE("text mode sends GB18030 with FS & and a native QR code")
{
    test::ensureGuiApp();
    printer::Printer p(std::make_unique<printer::VirtualTransport>(QDir::tempPath()),
                       test::printerProfile("generic-80mm-text"));
    const QByteArray bytes = p.encode(test::sampleTicket());
    CHECK(bytes.contains(QByteArray::fromHex("1c26"))); // FS &
    CHECK(bytes.contains(
        QByteArray::fromHex("d4f6d6b5cbb0b7a2c6b1b4fabfaa"))); // 增值税发票代开 in GB18030
    CHECK(bytes.contains(QByteArray::fromHex("1d286b0400314132"))); // QR model 2
    CHECK(bytes.contains(QByteArray::fromHex("1b420102")));         // buzzer
    CHECK_FALSE(bytes.contains(QByteArray::fromHex("1d7630")));     // no raster

    // Like the image: the wait, the materials checklist, and what a missed call means.
    escpos::TicketContent withMaterials = test::sampleTicket();
    withMaterials.materials = {QStringLiteral("营业执照副本")};
    const QByteArray full = p.encode(withMaterials);
    QStringEncoder gb18030("GB18030");
    for (const QString& line :
         {QStringLiteral("前面还有 2 人，预计等候 30 分钟"), QStringLiteral("请备齐材料"),
          QStringLiteral("□ 营业执照副本"), escpos::missedCallLine(true)}) {
        INFO(line.toStdString());
        CHECK(full.contains(QByteArray(gb18030.encode(line))));
    }
}

TEST_CASE("an appointment's ticket carries its booked time, in text mode and on the image")
{
    test::ensureGuiApp();
    printer::Printer p(std::make_unique<printer::VirtualTransport>(QDir::tempPath()),
                       test::printerProfile("generic-80mm-text"));
    escpos::TicketContent booked = test::sampleTicket();
    booked.appointment = QStringLiteral("09:30");
    QStringEncoder gb18030("GB18030");
    CHECK(p.encode(booked).contains(QByteArray(gb18030.encode(u"预约 Appointment 09:30"))));
    CHECK_FALSE(p.encode(test::sampleTicket()).contains(QByteArray(gb18030.encode(u"预约"))));
    // The image gives the mark a line of its own above the number.
    const QImage walkIn = escpos::renderTicket(test::sampleTicket(), 576);
    CHECK(escpos::renderTicket(booked, 576).height() > walkIn.height());
}
