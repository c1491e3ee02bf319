// SMS PDUs (3GPP TS 23.040, alphabets of TS 23.038) as modems take and give them in PDU mode:
// SMS-SUBMIT to send, SMS-DELIVER and SMS-STATUS-REPORT received; GSM 7-bit, 8-bit data and UCS2,
// long texts in concatenated parts.
#pragma once

#include <cstdint>
#include <optional>
#include <stdexcept>
#include <variant>
#include <vector>

#include <QByteArray>
#include <QDateTime>
#include <QString>

namespace qh::sms {

// A PDU that cannot be read; the message says what is wrong and at which octet.
class PduError : public std::runtime_error
{
public:
    explicit PduError(const QString& message)
        : std::runtime_error(message.toStdString())
    {
    }
};

enum class Alphabet { Gsm7, Data8, Ucs2 };

struct Address
{
    enum class Type { International, National, Alphanumeric };
    Type type = Type::National;
    QString value; // digits (with a leading '+' when international), or the sender's name

    bool operator==(const Address& other) const = default;
};

// The concatenation header of one part of a long message.
struct Part
{
    int reference = 0; // the same for every part of a message (per sender)
    int total = 1;
    int sequence = 1; // 1 .. total

    bool operator==(const Part& other) const = default;
};

// An SMS-SUBMIT as sent to the service centre.
struct Submit
{
    Address to;
    Alphabet alphabet = Alphabet::Gsm7;
    QString text;
    std::optional<Part> part;
    bool statusReport = false;           // a delivery report is asked for
    std::optional<int> relativeValidity; // TP-VP octet, e.g. 167 = 24 hours
    int messageReference = 0;            // the modem sets its own
};

// An SMS-DELIVER as received.
struct Deliver
{
    Address from;
    QDateTime sentAt; // the service centre's time stamp, with its offset
    Alphabet alphabet = Alphabet::Gsm7;
    QString text;    // Gsm7 and Ucs2
    QByteArray data; // Data8
    std::optional<Part> part;
};

// An SMS-STATUS-REPORT: what became of a sent part, matched by its message reference.
struct StatusReport
{
    enum class Outcome { Delivered, Pending, Failed };
    int messageReference = 0;
    Address recipient;
    QDateTime submittedAt;
    QDateTime dischargedAt;
    int status = 0; // TP-ST
    Outcome outcome() const;
};

// How a text is sent: its alphabet and its parts' texts (one part when it fits one message).
struct Split
{
    Alphabet alphabet = Alphabet::Gsm7;
    std::vector<QString> parts;
};

// GSM 7-bit when every character is in the default alphabet or its extension, UCS2 otherwise;
// 160 septets (153 in parts) or 70 UTF-16 units (67 in parts); an escape pair or a surrogate
// pair is never cut.
Split splitText(const QString& text);

struct SubmitOptions
{
    bool statusReport = true;
    std::optional<int> relativeValidity = 167; // 24 hours
    QString serviceCentre;                     // empty: the SIM's
};

// One SMS-SUBMIT per part of the text, as hex for AT+CMGS, with the octet count AT+CMGS wants
// (the TPDU, without the service-centre field). `reference` numbers a multi-part message.
struct EncodedPdu
{
    QByteArray hex;
    int tpduLength = 0;
};
std::vector<EncodedPdu> encodeSubmit(const QString& to, const QString& text,
                                     const SubmitOptions& options, int reference);
// One part as given (its alphabet, text and header), for tests and the fake modem's replies.
EncodedPdu encodeSubmitPart(const Submit& submit, const QString& serviceCentre);
EncodedPdu encodeDeliver(const Deliver& deliver, const QString& serviceCentre);
EncodedPdu encodeStatusReport(const StatusReport& report, const QString& serviceCentre);

// What a modem gives from its storage or an indication: a message, or a delivery report.
std::variant<Deliver, StatusReport> decodeReceived(const QByteArray& hex);
// What a phone sends: the fake modem reads the controller's PDUs with this.
Submit decodeSubmit(const QByteArray& hex);

} // namespace qh::sms
