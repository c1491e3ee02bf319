// The controller's PDU codec on the command line, for the cross-check against an independent
// codec (tests/drivers/pdu-crosscheck.test.mjs):
//   pdutool submit NUMBER REFERENCE < TEXT    one SMS-SUBMIT hex per line, as the modem is sent
//   pdutool receive HEX...                    one JSON line per PDU: what the controller reads
#include "pdu.h"

#include <cstdio>
#include <iostream>
#include <iterator>
#include <string>

#include <QJsonDocument>
#include <QJsonObject>

int main(int argc, char** argv)
{
    using namespace qh::sms;
    const std::string mode = argc > 1 ? argv[1] : "";
    try {
        if (mode == "submit" && argc == 4) {
            const std::string text{std::istreambuf_iterator<char>(std::cin), {}};
            for (const EncodedPdu& pdu :
                 encodeSubmit(QString::fromUtf8(argv[2]), QString::fromStdString(text), {},
                              std::atoi(argv[3])))
                std::printf("%s\n", pdu.hex.constData());
            return 0;
        }
        if (mode == "receive" && argc > 2) {
            for (int i = 2; i < argc; ++i) {
                const auto received = decodeReceived(QByteArray(argv[i]));
                const Deliver& d = std::get<Deliver>(received);
                QJsonObject o{{QStringLiteral("from"), d.from.value},
                              {QStringLiteral("text"), d.text},
                              {QStringLiteral("alphabet"), int(d.alphabet)}};
                if (d.part)
                    o.insert(QStringLiteral("part"),
                             QJsonObject{{QStringLiteral("reference"), d.part->reference},
                                         {QStringLiteral("total"), d.part->total},
                                         {QStringLiteral("sequence"), d.part->sequence}});
                std::printf("%s\n", QJsonDocument(o).toJson(QJsonDocument::Compact).constData());
            }
            return 0;
        }
    } catch (const std::exception& e) {
        std::fprintf(stderr, "pdutool: %s\n", e.what());
        return 1;
    }
    std::fprintf(stderr,
                 "usage: pdutool submit NUMBER REFERENCE < TEXT | pdutool receive HEX...\n");
    return 2;
}
