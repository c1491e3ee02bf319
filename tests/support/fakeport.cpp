// The far end of a serial line for tests: a pty behind a symlink, unplugged and plugged back.
#include "fakeport.h"

#include <fcntl.h>
#include <poll.h>
#include <pty.h>
#include <stdexcept>
#include <termios.h>
#include <unistd.h>

#include <QFile>

namespace qh::test {

FakePort::FakePort()
{
    // A name of its own: QSerialPort takes a lock file named after the port.
    m_path = m_dir.filePath(QStringLiteral("ttyQH%1").arg(::getpid()) +
                            QString::number(reinterpret_cast<quintptr>(this) % 100000));
    plug();
}

FakePort::~FakePort()
{
    unplug();
}

void FakePort::plug()
{
    int slave = -1;
    termios raw{};
    cfmakeraw(&raw);
    char name[256];
    if (::openpty(&m_master, &slave, name, &raw, nullptr) != 0)
        throw std::runtime_error("openpty failed");
    ::close(slave); // the code under test opens it by name
    ::fcntl(m_master, F_SETFL, ::fcntl(m_master, F_GETFL) | O_NONBLOCK);
    // A controller started by the test must not inherit it: unplugging closes the last copy.
    ::fcntl(m_master, F_SETFD, FD_CLOEXEC);
    QFile::remove(m_path);
    if (!QFile::link(QString::fromLocal8Bit(name), m_path))
        throw std::runtime_error("cannot link the pty");
}

void FakePort::unplug()
{
    if (m_master < 0)
        return;
    read();
    ::close(m_master);
    m_master = -1;
    QFile::remove(m_path);
}

void FakePort::write(const QByteArray& bytes)
{
    qsizetype at = 0;
    while (m_master >= 0 && at < bytes.size()) {
        const ssize_t n = ::write(m_master, bytes.constData() + at, size_t(bytes.size() - at));
        if (n > 0) {
            at += n;
        } else {
            pollfd p{m_master, POLLOUT, 0};
            ::poll(&p, 1, 100);
        }
    }
}

QByteArray FakePort::read(int ms)
{
    QByteArray got;
    if (m_master < 0)
        return got;
    pollfd p{m_master, POLLIN, 0};
    if (ms > 0)
        ::poll(&p, 1, ms);
    char buffer[4096];
    while (true) {
        const ssize_t n = ::read(m_master, buffer, sizeof buffer);
        if (n <= 0)
            break; // nothing more now, or nobody has the slave open (EIO)
        got.append(buffer, n);
    }
    m_received += got;
    return got;
}

const QByteArray& FakePort::received()
{
    read();
    return m_received;
}

} // namespace qh::test
