// A cellular modem for tests, on a pty: it speaks the TS 27.007 / 27.005 dialogue in PDU mode as
// a real one does (echo until ATE0, the "> " prompt, +CMGS, +CMTI, +CMGR, +CMGL, +CDS), and has
// the faults a hall's modem has: refused sends, silence, a reset mid-send, a SIM wanting a PIN,
// the port unplugged. It answers while the test's event loop runs.
#pragma once

#include "fakeport.h"
#include "pdu.h"

#include <chrono>
#include <deque>
#include <map>
#include <memory>

#include <QObject>
#include <QSocketNotifier>
#include <QStringList>

namespace qh::test {

class FakeModem : public QObject
{
    Q_OBJECT

public:
    using Clock = std::chrono::steady_clock;

    FakeModem();

    QString path() const { return m_port.path(); }
    void unplug();
    void plug();

    // The modem and its SIM.
    enum class Sim { Ready, NeedsPin, NeedsPuk, Missing };
    Sim sim = Sim::Ready;
    QString pin = QStringLiteral("1234");
    bool registered = true;
    int signal = 21;
    bool reportDelivery = true; // a +CDS for every message sent, delivered
    // The line and the network as a benchmark plays them: each byte takes its time at `baud`
    // (0: none, as a pty), and the network takes `networkMs` to accept a message.
    int baud = 0;
    int networkMs = 0;
    qint64 bytesIn = 0;  // from the controller
    qint64 bytesOut = 0; // to it

    // Faults.
    std::deque<int> refuseNextSends; // +CMS ERROR codes answered to the next AT+CMGS, in turn
    bool silent = false;             // reads every command and answers none
    bool resetOnNextPdu = false;     // takes the next PDU, answers nothing, and starts afresh

    // What it was sent.
    struct Sent
    {
        sms::Submit submit;
        int reference = 0;         // the TP-MR it answered
        Clock::time_point startAt; // when the AT+CMGS line's first byte was read
        QByteArray pdu;            // as it came, in hex
    };
    std::vector<Sent> sent;
    QStringList commands; // every command line, in order
    // The texts sent, their parts put together in order, per recipient.
    QStringList textsTo(const QString& number) const;

    // An SMS from a phone: stored (in as many parts as it needs, in the given part order when
    // `order` is not empty) and announced with +CMTI, unless `announce` is false (it waits in
    // the storage, as one that came while the modem was off).
    void deliver(const QString& from, const QString& text, bool announce = true,
                 std::vector<int> order = {});
    int stored() const { return int(m_storage.size()); }

private:
    void onReadable();
    void command(const QByteArray& line);
    void takePdu(const QByteArray& hex);
    void answer(const QByteArray& lines, int thinkMs = 0); // "\r\n" + lines + "\r\n"
    void say(const QByteArray& bytes, int thinkMs = 0);
    Clock::duration lineTime(qsizetype bytes) const;
    void watch();

    FakePort m_port;
    std::unique_ptr<QSocketNotifier> m_notifier;
    QByteArray m_input;
    bool m_echo = true;
    bool m_awaitingPdu = false;
    Clock::time_point m_lineStart;
    bool m_lineStarted = false;
    Clock::time_point m_commandStart; // of the last command line
    Clock::time_point m_rxFreeAt;     // when the bytes read so far have crossed the line
    Clock::time_point m_txFreeAt;     // when the line back is free
    int m_nextReference = 1;
    int m_nextIndex = 1;
    int m_nextConcatenation = 1;
    std::map<int, sms::EncodedPdu> m_storage; // by index
};

} // namespace qh::test
