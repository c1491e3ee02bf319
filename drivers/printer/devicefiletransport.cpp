// A printer behind a device node (/dev/usb/lp0 from the usblp driver, or a serial port).
#include "devicefiletransport.h"

#include <cerrno>
#include <cstring>
#include <fcntl.h>
#include <poll.h>
#include <unistd.h>

#include <QDeadlineTimer>

namespace qh::printer {

namespace {
QString systemError()
{
    return QString::fromLocal8Bit(std::strerror(errno));
}
} // namespace

DeviceFileTransport::DeviceFileTransport(QString path, int timeoutMs)
    : m_path(std::move(path))
    , m_timeoutMs(timeoutMs)
{
}

DeviceFileTransport::~DeviceFileTransport()
{
    close();
}

QString DeviceFileTransport::address() const
{
    return QStringLiteral("file://") + m_path;
}

void DeviceFileTransport::open()
{
    if (m_fd >= 0)
        return;
    m_fd = ::open(m_path.toLocal8Bit().constData(), O_RDWR | O_NOCTTY | O_NONBLOCK | O_CLOEXEC);
    if (m_fd < 0)
        throw TransportError(QStringLiteral("cannot open %1: %2").arg(m_path, systemError()));
}

void DeviceFileTransport::close()
{
    if (m_fd >= 0)
        ::close(m_fd);
    m_fd = -1;
}

void DeviceFileTransport::write(const QByteArray& bytes)
{
    open();
    qsizetype written = 0;
    const QDeadlineTimer deadline(m_timeoutMs + bytes.size() / 10);
    while (written < bytes.size()) {
        const ssize_t n =
            ::write(m_fd, bytes.constData() + written, size_t(bytes.size() - written));
        if (n > 0) {
            written += n;
            continue;
        }
        if (n < 0 && errno != EAGAIN && errno != EINTR) {
            const QString error = systemError();
            close(); // unplugged: the next job opens it again
            throw TransportError(QStringLiteral("writing to %1 failed after %2 of %3 bytes: %4")
                                     .arg(m_path)
                                     .arg(written)
                                     .arg(bytes.size())
                                     .arg(error));
        }
        pollfd p{m_fd, POLLOUT, 0};
        if (deadline.hasExpired() ||
            ::poll(&p, 1, int(std::max<qint64>(1, deadline.remainingTime()))) <= 0 ||
            (p.revents & (POLLERR | POLLHUP)))
            throw TransportError(QStringLiteral("%1 stopped taking data after %2 of %3 bytes")
                                     .arg(m_path)
                                     .arg(written)
                                     .arg(bytes.size()));
    }
}

QByteArray DeviceFileTransport::read(int timeoutMs)
{
    open();
    pollfd p{m_fd, POLLIN, 0};
    if (::poll(&p, 1, timeoutMs) <= 0 || !(p.revents & POLLIN))
        return {};
    char buffer[256];
    const ssize_t n = ::read(m_fd, buffer, sizeof buffer);
    return n > 0 ? QByteArray(buffer, qsizetype(n)) : QByteArray();
}

} // namespace qh::printer
