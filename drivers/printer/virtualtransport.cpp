// The demo printer: every job's raw bytes and the exact raster it carries, as files in a folder.
// Faults are staged with files in the folder: paper-end, paper-near-end, cover-open, offline.
#include "virtualtransport.h"

#include "encoder.h"

#include <QFile>

namespace qh::printer {

VirtualTransport::VirtualTransport(const QString& folder)
    : m_folder(folder)
{
}

QString VirtualTransport::address() const
{
    return QStringLiteral("virtual://") + m_folder.absolutePath();
}

void VirtualTransport::open()
{
    if (!m_folder.mkpath(QStringLiteral(".")))
        throw TransportError(QStringLiteral("cannot create %1").arg(m_folder.absolutePath()));
}

void VirtualTransport::close() {}

escpos::PrinterStatus VirtualTransport::stagedStatus() const
{
    escpos::PrinterStatus s;
    s.paperEnd = m_folder.exists(QStringLiteral("paper-end"));
    s.paperNearEnd = s.paperEnd || m_folder.exists(QStringLiteral("paper-near-end"));
    s.coverOpen = m_folder.exists(QStringLiteral("cover-open"));
    s.online = !m_folder.exists(QStringLiteral("offline")) && !s.coverOpen && !s.paperEnd;
    return s;
}

void VirtualTransport::write(const QByteArray& bytes)
{
    open();
    const escpos::PrinterStatus s = stagedStatus();
    QByteArray job = bytes;
    // Status queries are answered as a real printer would, and are not part of the job.
    for (int n = 1; n <= 4; ++n) {
        const QByteArray query = escpos::statusQuery(n);
        qsizetype at;
        while ((at = job.indexOf(query)) >= 0) {
            job.remove(at, query.size());
            m_replies += char(escpos::statusReply(n, s));
        }
    }
    if (job.isEmpty())
        return;
    if (s.paperEnd || s.coverOpen || !s.online)
        throw TransportError(QStringLiteral("the virtual printer is %1").arg(s.describe()));
    const int number = int(m_folder.entryList({QStringLiteral("*.bin")}, QDir::Files).size()) + 1;
    const QString base =
        m_folder.filePath(QStringLiteral("%1").arg(number, 4, 10, QLatin1Char('0')));
    QFile raw(base + QStringLiteral(".bin"));
    if (!raw.open(QIODevice::WriteOnly) || raw.write(job) != job.size())
        throw TransportError(
            QStringLiteral("cannot write %1: %2").arg(raw.fileName(), raw.errorString()));
    const QImage raster = escpos::decodeRaster(job);
    if (!raster.isNull() && !raster.save(base + QStringLiteral(".png")))
        throw TransportError(QStringLiteral("cannot write %1.png").arg(base));
    m_lastJob = base;
}

QByteArray VirtualTransport::read(int)
{
    return std::exchange(m_replies, {});
}

} // namespace qh::printer
