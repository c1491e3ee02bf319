// The test's cellular modem as a program, for the browser tests: prints "port PATH", then one
// line "sms HEX" for each PDU the controller sends through it, until it is killed.
#include "fakemodem.h"

#include <cstdio>

#include <QCoreApplication>
#include <QTimer>

int main(int argc, char** argv)
{
    QCoreApplication app(argc, argv);
    qh::test::FakeModem modem;
    std::printf("port %s\n", modem.path().toLocal8Bit().constData());
    std::fflush(stdout);
    std::size_t shown = 0;
    QTimer poll;
    QObject::connect(&poll, &QTimer::timeout, [&] {
        for (; shown < modem.sent.size(); ++shown)
            std::printf("sms %s\n", modem.sent[shown].pdu.constData());
        std::fflush(stdout);
    });
    poll.start(50);
    return app.exec();
}
