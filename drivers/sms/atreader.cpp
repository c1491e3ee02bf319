// What a modem says on its serial line: lines, final result codes, the SMS prompt, and the PDU
// after a message header.
#include "atreader.h"

#include <algorithm>

using namespace Qt::Literals::StringLiterals;

namespace qh::sms {

namespace {

// The headers that the next line's PDU belongs to.
bool announcesPdu(const QByteArray& line)
{
    return line.startsWith("+CMGR:") || line.startsWith("+CMGL:") || line.startsWith("+CMT:") ||
           line.startsWith("+CDS:");
}

std::optional<int> errorCode(const QByteArray& line, const char* prefix)
{
    if (!line.startsWith(prefix))
        return std::nullopt;
    bool ok = false;
    const int code = line.mid(qsizetype(qstrlen(prefix))).trimmed().toInt(&ok);
    return ok ? code : -1; // a verbose error text (+CMEE=2) has no number
}

} // namespace

void AtReader::reset()
{
    m_buffer.clear();
    m_pduHeader.reset();
}

std::vector<AtEvent> AtReader::feed(const QByteArray& bytes)
{
    std::vector<AtEvent> out;
    m_buffer += bytes;
    for (;;) {
        // Line ends of any kind; empty lines are nothing.
        qsizetype start = 0;
        while (start < m_buffer.size() && (m_buffer[start] == '\r' || m_buffer[start] == '\n'))
            ++start;
        m_buffer.remove(0, start);
        if (m_buffer.startsWith("> ") && !m_pduHeader) {
            m_buffer.remove(0, 2);
            out.push_back({AtEvent::Kind::Prompt, u"> "_s, -1, {}});
            continue;
        }
        const auto end = std::find_if(m_buffer.begin(), m_buffer.end(),
                                      [](char c) { return c == '\r' || c == '\n'; });
        if (end == m_buffer.end()) {
            if (m_buffer.size() > kMaxLine)
                m_buffer.clear(); // noise, or a line that never ends
            return out;
        }
        const qsizetype length = end - m_buffer.begin();
        const QByteArray text = m_buffer.left(length).trimmed();
        m_buffer.remove(0, length);
        line(text, out);
    }
}

void AtReader::line(const QByteArray& text, std::vector<AtEvent>& out)
{
    if (m_pduHeader) {
        const QString header = *std::exchange(m_pduHeader, std::nullopt);
        // A final code instead of the PDU: the header had none after all (an empty storage).
        if (text != "OK" && !text.startsWith("ERROR") && !text.startsWith("+CM")) {
            out.push_back({AtEvent::Kind::WithPdu, header, -1, text});
            return;
        }
    }
    if (text == "OK")
        return out.push_back({AtEvent::Kind::Ok, u"OK"_s, -1, {}});
    if (text == "ERROR")
        return out.push_back({AtEvent::Kind::Error, u"ERROR"_s, -1, {}});
    if (const auto code = errorCode(text, "+CME ERROR:"))
        return out.push_back({AtEvent::Kind::CmeError, QString::fromLatin1(text), *code, {}});
    if (const auto code = errorCode(text, "+CMS ERROR:"))
        return out.push_back({AtEvent::Kind::CmsError, QString::fromLatin1(text), *code, {}});
    if (announcesPdu(text)) {
        m_pduHeader = QString::fromLatin1(text);
        return;
    }
    out.push_back({AtEvent::Kind::Line, QString::fromLatin1(text), -1, {}});
}

bool isTemporary(int cmsError)
{
    // TS 24.011 E.2 causes the network may lift, and TS 27.005 3.2.5 modem states that pass
    // (busy, no network, a SIM being changed, memory, unknown).
    static const int temporary[] = {38,  41,  42,  47,  69,  97,  98,  111, 127, 302, 310, 311,
                                    312, 314, 315, 316, 317, 318, 320, 322, 331, 332, 500};
    return cmsError < 0 ||
           std::find(std::begin(temporary), std::end(temporary), cmsError) != std::end(temporary);
}

} // namespace qh::sms
