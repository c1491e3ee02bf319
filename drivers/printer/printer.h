// A ticket printer: a transport and a profile; checks status before a ticket and confirms after it.
#pragma once

#include "encoder.h"
#include "status.h"
#include "ticketimage.h"
#include "transport.h"

#include <memory>
#include <vector>

#include <QString>

namespace qh::printer {

// What a model can do, from a profile file in assets/printers/ (like CUPS's quirks).
struct Profile
{
    QString name;
    int widthDots = escpos::kDots80mm;
    bool textMode = false;    // printer fonts and native QR instead of one raster image
    bool chineseFsAmp = true; // text mode: FS & before GB18030 text
    bool nativeQr = true;     // text mode: GS ( k rather than a QR image
    bool buzzer = false;
    escpos::Cut cut = escpos::Cut::FeedPartial;
    std::vector<int> statusQueries = {1, 2, 4}; // DLE EOT n this model answers
    int statusTimeoutMs = 500;
};

// Reads a profile: a file (a name ending in .json) or one of the shipped profiles by name
// ("generic-80mm"); throws TransportError naming the field that is wrong.
Profile loadProfile(const QString& nameOrFile);

// The transport for a printer address: usb:// (the first printer-class device) or usb://VID:PID
// (hexadecimal), tcp://HOST[:PORT] (9100 by default), file:///dev/usb/lp0,
// cups://QUEUE (the default CUPS server) or cups://HOST:PORT/QUEUE, virtual:///FOLDER.
// Throws TransportError for anything else.
std::unique_ptr<Transport> transportFor(const QString& address);

class Printer
{
public:
    Printer(std::unique_ptr<Transport> transport, Profile profile);

    // Asks every status query of the profile; throws TransportError when a reply does not come.
    escpos::PrinterStatus status();
    // The bytes of one ticket as this printer takes them.
    QByteArray encode(const escpos::TicketContent& ticket) const;
    // Refuses (throws) before sending anything when the status forbids printing; after the
    // ticket, a status reply confirms the printer took all of it.
    void print(const escpos::TicketContent& ticket);
    void send(const QByteArray& bytes);

    Transport& transport() { return *m_transport; }
    const Profile& profile() const { return m_profile; }

private:
    std::unique_ptr<Transport> m_transport;
    Profile m_profile;
};

} // namespace qh::printer
