// queuehall-print: list printers and profiles, show a printer's status, print a test ticket, send a
// file.
#include "datadir.h"
#include "printer.h"
#include "usbtransport.h"

#include <unistd.h>

#include <QCommandLineParser>
#include <QDir>
#include <QFile>
#include <QGuiApplication>
#include <QTextStream>
#include <QTimeZone>

using namespace Qt::Literals::StringLiterals;
using namespace qh;

namespace {

const QString kUsage = uR"(usage: queuehall-print COMMAND ...

  list                          printer profiles, and the USB printers and device nodes here
  status ADDRESS                ask the printer for its status
  test ADDRESS [--lang en]      print a test ticket
  send ADDRESS FILE             send a file of ESC/POS bytes as it is

ADDRESS: tcp://HOST[:PORT], file:///dev/usb/lp0, virtual:///FOLDER.
Options: --profile NAME|FILE (default generic-80mm, from %1).
)"_s;

escpos::TicketContent testTicket(const QString& lang)
{
    escpos::TicketContent t;
    t.hallZh = u"市中区政务服务中心"_s;
    t.hallEn = u"Shizhong District Government Service Center"_s;
    t.number = u"A012"_s;
    t.serviceZh = u"劳动合同备案"_s;
    t.serviceEn = u"Labour contract filing"_s;
    t.floor = 1;
    t.windows = u"1-7"_s;
    t.ahead = 5;
    t.waitMinutes = 12;
    t.issuedAt = QDateTime(QDate(2026, 11, 25), QTime(9, 30), QTimeZone("Asia/Shanghai"));
    t.statusUrl = u"http://hall.local:8470/t/7KX3M9QW2D"_s;
    t.materials = lang == u"en"_s ? QStringList{u"Business licence (duplicate copy)"_s,
                                                u"Labour contract (original)"_s}
                                  : QStringList{u"营业执照副本"_s, u"劳动合同原件"_s};
    t.lang = lang;
    return t;
}

} // namespace

int main(int argc, char* argv[])
{
    if (qEnvironmentVariableIsEmpty("QT_QPA_PLATFORM"))
        qputenv("QT_QPA_PLATFORM", "offscreen");        // fonts without a display
    if (qEnvironmentVariableIsEmpty("XDG_RUNTIME_DIR")) // what Qt would pick, without its warning
        qputenv("XDG_RUNTIME_DIR",
                QDir::temp().filePath(u"runtime-%1"_s.arg(getuid())).toLocal8Bit());
    QGuiApplication app(argc, argv);
    QTextStream out(stdout);
    QTextStream err(stderr);
    QCommandLineParser options;
    options.addOptions({{u"profile"_s, u"printer profile"_s, u"name"_s, u"generic-80mm"_s},
                        {u"lang"_s, u"ticket language"_s, u"zh|en"_s, u"zh"_s}});
    options.addHelpOption();
    if (!options.parse(app.arguments()) || options.positionalArguments().isEmpty()) {
        err << kUsage.arg(datadir::path(u"printers"_s));
        return 2;
    }
    const QStringList words = options.positionalArguments();
    const QString command = words.value(0);
    try {
        if (command == u"list"_s) {
            out << u"Profiles (%1):\n"_s.arg(datadir::path(u"printers"_s));
            for (const QString& f : QDir(datadir::path(u"printers"_s)).entryList({u"*.json"_s})) {
                const printer::Profile p = printer::loadProfile(f.chopped(5));
                out << u"  %1  %2\n"_s.arg(f.chopped(5), -22).arg(p.name);
            }
            out << u"Printers:\n"_s;
            QStringList printers = printer::UsbTransport::connectedPrinters();
            for (const QString& n : QDir(u"/dev/usb"_s).entryList({u"lp*"_s}, QDir::System))
                printers << u"file:///dev/usb/"_s + n;
            for (const QString& p : printers)
                out << u"  "_s << p << u'\n';
            if (printers.isEmpty())
                out << u"  (none connected by USB; network printers are tcp://HOST, CUPS queues cups://QUEUE)\n"_s;
            return 0;
        }
        if (words.size() < 2)
            throw printer::TransportError(u"%1 needs a printer ADDRESS"_s.arg(command));
        printer::Printer printer(printer::transportFor(words[1]),
                                 printer::loadProfile(options.value(u"profile"_s)));
        if (command == u"status"_s) {
            const escpos::PrinterStatus s = printer.status();
            out << printer.transport().address() << u": "_s << s.describe() << u'\n';
            return s.blocksPrinting() ? 1 : 0;
        }
        if (command == u"test"_s) {
            printer.print(testTicket(options.value(u"lang"_s)));
            out << u"test ticket printed on "_s << printer.transport().address() << u'\n';
            return 0;
        }
        if (command == u"send"_s) {
            QFile file(words.value(2));
            if (!file.open(QIODevice::ReadOnly))
                throw printer::TransportError(u"%1: %2"_s.arg(file.fileName(), file.errorString()));
            printer.send(file.readAll());
            out << u"sent %1 bytes to %2\n"_s.arg(file.size()).arg(printer.transport().address());
            return 0;
        }
        err << u"unknown command '%1'\n\n"_s.arg(command)
            << kUsage.arg(datadir::path(u"printers"_s));
        return 2;
    } catch (const printer::TransportError& e) {
        err << u"error: "_s << e.message() << u'\n';
        return 1;
    }
}
