// A cellular modem on a serial line, driven with the AT commands of TS 27.007 / 27.005 in PDU
// mode only (no vendor command): it is brought up, sends one message at a time, hands over the
// messages and delivery reports it receives, and is reset and brought up again when it stops
// answering or its port comes back.
#pragma once

#include "atreader.h"
#include "link.h"
#include "pdu.h"

#include <deque>
#include <functional>
#include <map>

#include <QObject>
#include <QTimer>

namespace qh::sms {

struct ModemConfig
{
    QString port; // e.g. /dev/serial/by-id/usb-Quectel_..., reopened when it comes back
    int baud = 115200;
    QString pin;           // entered when the SIM asks for it; empty: a SIM asking is a fault
    QString serviceCentre; // empty: the SIM's
    int commandTimeoutMs = 5000;
    int sendTimeoutMs = 60'000;      // the network may take this long to take a message
    int checkIntervalMs = 30'000;    // registration and signal asked while idle
    int notRegisteredRetryMs = 5000; // how soon a modem without network is asked again
};

// What the modem is like, for the hall's hardware view.
struct ModemHealth
{
    enum class Sim { Unknown, Ready, NeedsPin, NeedsPuk, WrongPin, Missing };
    bool portOpen = false;
    Sim sim = Sim::Unknown;
    bool registered = false;
    int signal = 99;    // +CSQ rssi: 0-31, 99 unknown
    bool ready = false; // brought up and registered: messages can be sent
    QString problem;    // what keeps it from being ready, in words

    bool operator==(const ModemHealth& other) const = default;
};
QString toString(ModemHealth::Sim sim);

// A whole message received: its parts put together.
struct ReceivedMessage
{
    Address from;
    QDateTime sentAt;
    QString text; // 8-bit data arrives as Latin-1
};

class Modem : public QObject
{
    Q_OBJECT

public:
    static constexpr int kFlushMs = 300; // heard and dropped before a bring-up begins

    explicit Modem(ModemConfig config, QObject* parent = nullptr);

    void start();
    const ModemHealth& health() const { return m_health; }
    // Whether send() would be taken now: ready and no message being sent.
    bool canSend() const { return m_health.ready && !m_sending; }
    // Sends every part of the text to the number in turn. Ends in messageSent or messageFailed
    // with the same id. `reference` numbers a message of several parts (0-255).
    void send(qint64 id, const QString& to, const QString& text, int reference);

signals:
    void healthChanged(const qh::sms::ModemHealth& health);
    void sendable(); // canSend() became true
    // Every part was taken by the network; `references` are the parts' TP-MR, in order.
    void messageSent(qint64 id, const std::vector<int>& references);
    // `temporary`: worth trying again later (the network, the modem); otherwise final.
    void messageFailed(qint64 id, bool temporary, const QString& reason);
    void messageReceived(const qh::sms::ReceivedMessage& message);
    void reportReceived(const qh::sms::StatusReport& report);

private:
    struct Answer
    {
        AtEvent final;              // Ok, Error, CmeError, CmsError, or Error on a timeout
        std::vector<AtEvent> lines; // information lines and PDUs, in order
        bool timedOut = false;
        bool ok() const { return final.kind == AtEvent::Kind::Ok; }
    };
    struct Command
    {
        QByteArray line; // without the CR
        QByteArray pdu;  // sent after the "> " prompt (AT+CMGS)
        int timeoutMs = 0;
        std::function<void(const Answer&)> done;
    };
    struct Outgoing
    {
        qint64 id = 0;
        std::vector<EncodedPdu> parts;
        std::vector<int> references;
    };
    struct PartialMessage
    {
        std::map<int, Deliver> parts; // by sequence
        qint64 firstSeenMs = 0;
    };

    void bringUp();
    void afterFlush();
    void afterPin(const Answer& answer);
    void checkRegistration(const std::function<void()>& then);
    void finishBringUp();
    void readStored(const QByteArray& listCommand);
    void check();
    void sendNextPart();

    void run(QByteArray line, std::function<void(const Answer&)> done, int timeoutMs = 0,
             QByteArray pdu = {});
    void startNext();
    void onBytes(const QByteArray& bytes);
    void onEvent(const AtEvent& event);
    bool unsolicited(const AtEvent& event);
    void finishCommand(Answer answer);
    void onTimeout();
    // Drops every command, fails the message being sent, and brings the modem up again (or
    // waits for the port to come back).
    void restart(const QString& reason);
    void failSending(bool temporary, const QString& reason);
    void received(const QByteArray& pdu, int storageIndex);
    void setHealth(const std::function<void(ModemHealth&)>& change);

    ModemConfig m_config;
    serial::SerialLink m_link;
    AtReader m_reader;
    ModemHealth m_health;
    std::deque<Command> m_commands;
    bool m_commandRunning = false;
    bool m_awaitingPrompt = false;
    Answer m_answer;
    QTimer m_commandTimer;
    QTimer m_checkTimer;
    QTimer m_flush; // the quiet start of a bring-up
    bool m_flushing = false;
    std::optional<Outgoing> m_sending;
    std::map<QString, PartialMessage> m_partial; // by sender, reference and total
};

} // namespace qh::sms
