// Decodes printer status from DLE EOT replies and Automatic Status Back bursts, mixed in one
// stream.
#pragma once

#include <deque>

#include <QByteArray>
#include <QString>

namespace qh::escpos {

struct PrinterStatus
{
    bool online = true;
    bool coverOpen = false;
    bool paperEnd = false;
    bool paperNearEnd = false;
    bool cutterError = false;
    bool unrecoverableError = false;
    bool autoRecoverableError = false;

    // Paper out, cover open, offline or an error: a ticket must not be issued.
    bool blocksPrinting() const;
    // What a technician reads: "paper end, cover open" or "ready".
    QString describe() const;
};

// The reply byte a printer in this state sends to DLE EOT n: what printers (and our stand-ins
// for them) say; StatusDecoder reads it back.
unsigned char statusReply(int n, const PrinterStatus& status);

class StatusDecoder
{
public:
    // A DLE EOT n was sent; its one-byte reply will come in order.
    void expect(int n);
    // Feeds bytes as they arrive: replies, 4-byte ASB bursts, partial reads and garbage.
    void feed(const QByteArray& bytes);

    const PrinterStatus& status() const { return m_status; }
    int pendingReplies() const { return int(m_expected.size()); }
    int repliesDecoded() const { return m_replies; }
    int burstsDecoded() const { return m_bursts; }
    int bytesDropped() const { return m_dropped; }

private:
    void applyReply(int n, unsigned char b);
    void applyBurst();

    PrinterStatus m_status;
    std::deque<int> m_expected;
    QByteArray m_burst;
    int m_replies = 0;
    int m_bursts = 0;
    int m_dropped = 0;
};

} // namespace qh::escpos
