// A network printer on a raw TCP port (9100): bytes out, status replies back on the same socket.
#include "tcptransport.h"

#include <QDeadlineTimer>

namespace qh::printer {

TcpTransport::TcpTransport(QString host, quint16 port, int timeoutMs)
    : m_host(std::move(host))
    , m_port(port)
    , m_timeoutMs(timeoutMs)
{
}

QString TcpTransport::address() const
{
    return QStringLiteral("tcp://%1:%2").arg(m_host).arg(m_port);
}

void TcpTransport::open()
{
    if (m_socket.state() == QAbstractSocket::ConnectedState)
        return;
    m_socket.abort();
    m_socket.connectToHost(m_host, m_port);
    if (!m_socket.waitForConnected(m_timeoutMs))
        throw TransportError(QStringLiteral("cannot reach the printer at %1: %2")
                                 .arg(address(), m_socket.errorString()));
}

void TcpTransport::close()
{
    m_socket.disconnectFromHost();
    if (m_socket.state() != QAbstractSocket::UnconnectedState)
        m_socket.waitForDisconnected(m_timeoutMs);
}

void TcpTransport::write(const QByteArray& bytes)
{
    open();
    qint64 written = 0;
    const QDeadlineTimer deadline(m_timeoutMs + bytes.size() / 10); // at least 10 bytes/ms
    while (written < bytes.size()) {
        const qint64 n = m_socket.write(bytes.constData() + written, bytes.size() - written);
        if (n < 0)
            throw TransportError(
                QStringLiteral("writing to %1 failed: %2").arg(address(), m_socket.errorString()));
        written += n;
    }
    while (m_socket.bytesToWrite() > 0) {
        if (m_socket.state() != QAbstractSocket::ConnectedState || deadline.hasExpired() ||
            !m_socket.waitForBytesWritten(int(std::max<qint64>(1, deadline.remainingTime()))))
            throw TransportError(
                QStringLiteral("the printer at %1 stopped taking data (%2 of %3 bytes unsent): %4")
                    .arg(address())
                    .arg(m_socket.bytesToWrite())
                    .arg(bytes.size())
                    .arg(m_socket.errorString()));
    }
}

QByteArray TcpTransport::read(int timeoutMs)
{
    if (m_socket.bytesAvailable() == 0)
        m_socket.waitForReadyRead(timeoutMs);
    return m_socket.readAll();
}

} // namespace qh::printer
