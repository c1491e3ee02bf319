// A ticket printer: a transport and a profile; checks status before a ticket and confirms after it.
#include "printer.h"

#include "cupstransport.h"
#include "datadir.h"
#include "devicefiletransport.h"
#include "encoder.h"
#include "tcptransport.h"
#include "usbtransport.h"
#include "virtualtransport.h"

#include <QDeadlineTimer>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QUrl>

using namespace Qt::Literals::StringLiterals;

namespace qh::printer {

Profile loadProfile(const QString& nameOrFile)
{
    const QString path = nameOrFile.endsWith(u".json"_s)
                             ? nameOrFile
                             : datadir::path(u"printers/%1.json"_s.arg(nameOrFile));
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly))
        throw TransportError(u"%1: %2"_s.arg(path, file.errorString()));
    QJsonParseError error{};
    const QJsonObject o = QJsonDocument::fromJson(file.readAll(), &error).object();
    if (error.error != QJsonParseError::NoError)
        throw TransportError(u"%1: %2"_s.arg(path, error.errorString()));
    Profile p;
    const QStringList known = {u"name"_s,         u"widthDots"_s,     u"textMode"_s,
                               u"chineseFsAmp"_s, u"nativeQr"_s,      u"buzzer"_s,
                               u"cut"_s,          u"statusQueries"_s, u"statusTimeoutMs"_s};
    for (const QString& key : o.keys()) {
        if (!known.contains(key))
            throw TransportError(u"%1: unknown field '%2'"_s.arg(path, key));
    }
    p.name = o.value(u"name"_s).toString();
    p.widthDots = o.value(u"widthDots"_s).toInt(p.widthDots);
    if (p.name.isEmpty() || (p.widthDots != escpos::kDots58mm && p.widthDots != escpos::kDots80mm))
        throw TransportError(
            u"%1: needs a name and widthDots of 384 (58 mm) or 576 (80 mm)"_s.arg(path));
    p.textMode = o.value(u"textMode"_s).toBool(p.textMode);
    p.chineseFsAmp = o.value(u"chineseFsAmp"_s).toBool(p.chineseFsAmp);
    p.nativeQr = o.value(u"nativeQr"_s).toBool(p.nativeQr);
    p.buzzer = o.value(u"buzzer"_s).toBool(p.buzzer);
    const QString cut = o.value(u"cut"_s).toString(u"partial"_s);
    if (cut != u"partial"_s && cut != u"full"_s && cut != u"none"_s)
        throw TransportError(u"%1: cut is \"partial\", \"full\" or \"none\""_s.arg(path));
    p.cut = cut == u"full"_s   ? escpos::Cut::FeedFull
            : cut == u"none"_s ? escpos::Cut::None
                               : escpos::Cut::FeedPartial;
    p.statusTimeoutMs = o.value(u"statusTimeoutMs"_s).toInt(p.statusTimeoutMs);
    if (o.contains(u"statusQueries"_s)) {
        p.statusQueries.clear();
        for (const QJsonValue v : o.value(u"statusQueries"_s).toArray()) {
            if (v.toInt() < 1 || v.toInt() > 4)
                throw TransportError(u"%1: statusQueries are DLE EOT 1 to 4"_s.arg(path));
            p.statusQueries.push_back(v.toInt());
        }
    }
    return p;
}

std::unique_ptr<Transport> transportFor(const QString& address)
{
    const QUrl url(address);
    if (url.scheme() == u"tcp"_s && !url.host().isEmpty())
        return std::make_unique<TcpTransport>(url.host(), quint16(url.port(9100)));
    if (url.scheme() == u"file"_s && !url.path().isEmpty())
        return std::make_unique<DeviceFileTransport>(url.path());
    if (url.scheme() == u"virtual"_s && !url.path().isEmpty())
        return std::make_unique<VirtualTransport>(url.path());
    if (url.scheme() == u"usb"_s) {
        if (url.host().isEmpty())
            return std::make_unique<UsbTransport>();
        // usb://VID:PID, hexadecimal, for vendor-class models
        const QStringList ids = address.mid(6).split(u':');
        bool vendorOk = false;
        bool productOk = false;
        const UsbId id{quint16(ids.value(0).toUInt(&vendorOk, 16)),
                       quint16(ids.value(1).toUInt(&productOk, 16))};
        if (vendorOk && productOk)
            return std::make_unique<UsbTransport>(id);
    }
    if (url.scheme() == u"cups"_s && !url.host().isEmpty() && url.path().size() > 1)
        return std::make_unique<CupsTransport>(url.host(), url.port(631), url.path().mid(1));
    if (url.scheme() == u"cups"_s && !url.host().isEmpty())
        return std::make_unique<CupsTransport>(QString(), 0, url.host());
    throw TransportError(u"'%1' is not a printer address (usb://, usb://VID:PID, tcp://HOST:PORT, "
                         "file:///dev/usb/lp0, cups://QUEUE, cups://HOST:PORT/QUEUE, "
                         "virtual:///FOLDER)"_s.arg(address));
}

Printer::Printer(std::unique_ptr<Transport> transport, Profile profile)
    : m_transport(std::move(transport))
    , m_profile(std::move(profile))
{
}

escpos::PrinterStatus Printer::status()
{
    if (const std::optional<escpos::PrinterStatus> reported = m_transport->reportedStatus())
        return *reported;
    escpos::StatusDecoder decoder;
    if (!m_transport->canReadStatus() || m_profile.statusQueries.empty())
        return decoder.status();
    QByteArray queries;
    for (int n : m_profile.statusQueries) {
        queries += escpos::statusQuery(n);
        decoder.expect(n);
    }
    m_transport->write(queries);
    const QDeadlineTimer deadline(m_profile.statusTimeoutMs);
    while (decoder.pendingReplies() > 0 && !deadline.hasExpired())
        decoder.feed(m_transport->read(int(std::max<qint64>(1, deadline.remainingTime()))));
    if (decoder.pendingReplies() > 0)
        throw TransportError(
            u"the printer at %1 did not answer %2 of %3 status queries within %4 ms"_s
                .arg(m_transport->address())
                .arg(decoder.pendingReplies())
                .arg(m_profile.statusQueries.size())
                .arg(m_profile.statusTimeoutMs));
    return decoder.status();
}

QByteArray Printer::encode(const escpos::TicketContent& t) const
{
    escpos::Encoder e;
    e.init();
    if (!m_profile.textMode) {
        e.align(escpos::Align::Center).raster(escpos::renderTicket(t, m_profile.widthDots));
    } else {
        const bool zh = t.lang != u"en"_s;
        e.align(escpos::Align::Center);
        if (m_profile.chineseFsAmp)
            e.chineseMode(true);
        e.bold(true).line(zh ? t.hallZh : t.hallEn).bold(false);
        if (!t.appointment.isEmpty())
            e.bold(true).line(escpos::appointmentLine(t, zh)).bold(false);
        e.size(4, 4).bold(true).line(t.number).size(1, 1).bold(false);
        e.size(2, 2).line(zh ? t.serviceZh : t.serviceEn).size(1, 1);
        e.line(zh ? u"请到 %1 楼 %2 号窗口"_s.arg(t.floor).arg(t.windows)
                  : u"Floor %1, windows %2"_s.arg(t.floor).arg(t.windows));
        e.line(escpos::aheadLine(t, zh));
        if (!t.materials.isEmpty()) {
            e.align(escpos::Align::Left).bold(true);
            e.line(zh ? u"请备齐材料 Materials"_s : u"Please bring 所需材料"_s).bold(false);
            for (const QString& m : t.materials)
                e.line(u"□ "_s + m);
            e.align(escpos::Align::Center);
        }
        if (!t.statusUrl.isEmpty()) {
            if (m_profile.nativeQr)
                e.qr(t.statusUrl.toUtf8(), 6);
            else
                e.raster(escpos::qrImage(t.statusUrl.toUtf8(), 6));
        }
        if (!t.phoneMasked.isEmpty())
            e.line(escpos::smsLine(t, zh));
        e.line(t.issuedAt.toString(u"yyyy-MM-dd HH:mm"_s));
        e.line(escpos::missedCallLine(zh));
        if (m_profile.chineseFsAmp)
            e.chineseMode(false);
    }
    e.feed(3);
    if (m_profile.buzzer)
        e.buzzer(1, 2);
    e.cut(m_profile.cut);
    return e.bytes();
}

void Printer::print(const escpos::TicketContent& ticket)
{
    const escpos::PrinterStatus before = status();
    if (before.blocksPrinting())
        throw TransportError(
            u"the printer at %1 cannot print: %2"_s.arg(m_transport->address(), before.describe()));
    send(encode(ticket));
}

void Printer::send(const QByteArray& bytes)
{
    m_transport->write(bytes);
    // The reply to a query sent after the job comes only once the printer has taken the job.
    const escpos::PrinterStatus after = status();
    if (after.blocksPrinting())
        throw TransportError(u"the printer at %1 stopped during the job: %2"_s.arg(
            m_transport->address(), after.describe()));
}

} // namespace qh::printer
