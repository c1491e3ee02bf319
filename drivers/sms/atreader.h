// What a modem says on its serial line, as the AT dialogue of TS 27.007 / 27.005 knows it: final
// result codes, the SMS prompt, information lines, unsolicited indications, and the PDU line
// that follows a message header.
#pragma once

#include <optional>
#include <vector>

#include <QByteArray>
#include <QString>

namespace qh::sms {

struct AtEvent
{
    enum class Kind {
        Ok,
        Error,    // plain ERROR
        CmeError, // +CME ERROR: <code>
        CmsError, // +CMS ERROR: <code>
        Prompt,   // "> ": the PDU of AT+CMGS may be sent
        Line,     // an information line or an indication without a PDU (+CMTI, +CDSI, +CSQ ...)
        WithPdu   // +CMGR, +CMGL, +CMT or +CDS, with the PDU line after it
    };
    Kind kind = Kind::Line;
    QString text;   // the line ("+CMTI: \"SM\",3"), or the header of a PDU
    int code = -1;  // of an error
    QByteArray pdu; // hex, for WithPdu
};

// Cuts the bytes into events; any split of the bytes gives the same events.
class AtReader
{
public:
    static constexpr qsizetype kMaxLine = 1024; // longer runs without a line end are dropped

    std::vector<AtEvent> feed(const QByteArray& bytes);
    // Forgets a half-read line (after the modem was reset or the port reopened).
    void reset();

private:
    void line(const QByteArray& text, std::vector<AtEvent>& out);

    QByteArray m_buffer;
    std::optional<QString> m_pduHeader; // a header seen, its PDU line awaited
};

// Whether a +CMS ERROR is worth trying again later (network or modem trouble) rather than
// final for this message (a wrong number, a refused service); TS 27.005 3.2.5, TS 24.011.
bool isTemporary(int cmsError);

} // namespace qh::sms
