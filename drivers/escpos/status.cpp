// Decodes printer status from DLE EOT replies and Automatic Status Back bursts, mixed in one
// stream.
#include "status.h"

#include <QStringList>

namespace qh::escpos {

namespace {

// Bit patterns, x for a bit that may be either: a DLE EOT reply is 0xx1xx10; the first byte of
// an ASB burst is 0xx1xx00 and the other three are 0xx0xxxx.
bool isReply(unsigned char b)
{
    return (b & 0x93) == 0x12;
}
bool startsBurst(unsigned char b)
{
    return (b & 0x93) == 0x10;
}
bool continuesBurst(unsigned char b)
{
    return (b & 0x90) == 0x00;
}

} // namespace

bool PrinterStatus::blocksPrinting() const
{
    return !online || coverOpen || paperEnd || cutterError || unrecoverableError ||
           autoRecoverableError;
}

QString PrinterStatus::describe() const
{
    QStringList problems;
    if (!online)
        problems << QStringLiteral("offline");
    if (coverOpen)
        problems << QStringLiteral("cover open");
    if (paperEnd)
        problems << QStringLiteral("paper end");
    else if (paperNearEnd)
        problems << QStringLiteral("paper near end");
    if (cutterError)
        problems << QStringLiteral("cutter error");
    if (unrecoverableError)
        problems << QStringLiteral("unrecoverable error");
    if (autoRecoverableError)
        problems << QStringLiteral("recoverable error");
    return problems.isEmpty() ? QStringLiteral("ready") : problems.join(QStringLiteral(", "));
}

unsigned char statusReply(int n, const PrinterStatus& s)
{
    unsigned char reply = 0x12;
    switch (n) {
    case 1:
        reply |= s.online ? 0 : 0x08;
        break;
    case 2:
        reply |= (s.coverOpen ? 0x04 : 0) | (s.paperEnd ? 0x20 : 0) |
                 (s.unrecoverableError || s.autoRecoverableError ? 0x40 : 0);
        break;
    case 3:
        reply |= (s.cutterError ? 0x08 : 0) | (s.unrecoverableError ? 0x20 : 0) |
                 (s.autoRecoverableError ? 0x40 : 0);
        break;
    case 4:
        reply |= (s.paperNearEnd ? 0x0c : 0) | (s.paperEnd ? 0x60 : 0);
        break;
    default:
        break;
    }
    return reply;
}

void StatusDecoder::expect(int n)
{
    m_expected.push_back(n);
}

void StatusDecoder::feed(const QByteArray& bytes)
{
    for (const char c : bytes) {
        const auto b = static_cast<unsigned char>(c);
        if (!m_burst.isEmpty()) {
            if (continuesBurst(b)) {
                m_burst += char(b);
                if (m_burst.size() == 4)
                    applyBurst();
                continue;
            }
            m_dropped += int(m_burst.size()); // a burst cut short: its bytes mean nothing
            m_burst.clear();
        }
        if (isReply(b) && !m_expected.empty()) {
            applyReply(m_expected.front(), b);
            m_expected.pop_front();
        } else if (startsBurst(b)) {
            m_burst += char(b);
        } else {
            ++m_dropped;
        }
    }
}

void StatusDecoder::applyReply(int n, unsigned char b)
{
    ++m_replies;
    switch (n) {
    case 1:
        m_status.online = !(b & 0x08);
        break;
    case 2:
        m_status.coverOpen = b & 0x04;
        m_status.paperEnd = b & 0x20;
        if (!(b & 0x40))
            m_status.autoRecoverableError = m_status.unrecoverableError = false;
        break;
    case 3:
        m_status.cutterError = b & 0x08;
        m_status.unrecoverableError = b & 0x20;
        m_status.autoRecoverableError = b & 0x40;
        break;
    case 4:
        m_status.paperNearEnd = (b & 0x0c) == 0x0c;
        m_status.paperEnd = (b & 0x60) == 0x60;
        break;
    default:
        break;
    }
}

void StatusDecoder::applyBurst()
{
    const auto* s = reinterpret_cast<const unsigned char*>(m_burst.constData());
    ++m_bursts;
    m_status.online = !(s[0] & 0x08);
    m_status.coverOpen = s[0] & 0x20;
    m_status.cutterError = s[1] & 0x08;
    m_status.unrecoverableError = s[1] & 0x20;
    m_status.autoRecoverableError = s[1] & 0x40;
    m_status.paperNearEnd = s[2] & 0x03;
    m_status.paperEnd = s[2] & 0x0c;
    m_burst.clear();
}

} // namespace qh::escpos
