// The far end of a serial line for tests: a pty whose slave the controller opens through a
// symlink (as /dev/serial/by-id/...), with the boards, keypads and pads played by the test.
#include "fakebus.h"

#include <fcntl.h>
#include <poll.h>
#include <pty.h>
#include <stdexcept>
#include <termios.h>
#include <unistd.h>

#include <QFile>

namespace qh::test {

namespace framed = serial::framed;

FakeBus::FakeBus()
{
    // A name of its own: QSerialPort takes a lock file named after the port.
    m_path = m_dir.filePath(QStringLiteral("ttyQH%1").arg(::getpid()) +
                            QString::number(reinterpret_cast<quintptr>(this) % 100000));
    plug();
}

FakeBus::~FakeBus()
{
    unplug();
}

void FakeBus::plug()
{
    int slave = -1;
    termios raw{};
    cfmakeraw(&raw);
    char name[256];
    if (::openpty(&m_master, &slave, name, &raw, nullptr) != 0)
        throw std::runtime_error("openpty failed");
    ::close(slave); // the controller opens it by name
    ::fcntl(m_master, F_SETFL, ::fcntl(m_master, F_GETFL) | O_NONBLOCK);
    // A controller started by the test must not inherit it: unplugging closes the last copy.
    ::fcntl(m_master, F_SETFD, FD_CLOEXEC);
    QFile::remove(m_path);
    if (!QFile::link(QString::fromLocal8Bit(name), m_path))
        throw std::runtime_error("cannot link the pty");
}

void FakeBus::unplug()
{
    if (m_master < 0)
        return;
    read();
    ::close(m_master);
    m_master = -1;
    QFile::remove(m_path);
}

void FakeBus::write(const QByteArray& bytes)
{
    qsizetype at = 0;
    while (at < bytes.size()) {
        const ssize_t n = ::write(m_master, bytes.constData() + at, size_t(bytes.size() - at));
        if (n > 0) {
            at += n;
        } else {
            pollfd p{m_master, POLLOUT, 0};
            ::poll(&p, 1, 100);
        }
    }
}

QByteArray FakeBus::read(int ms)
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

const QByteArray& FakeBus::received()
{
    read();
    return m_received;
}

std::vector<SentFrame> FakeBus::qsystemFrames()
{
    std::vector<SentFrame> frames;
    const QByteArray& bytes = received();
    for (qsizetype at = bytes.indexOf('\x01'); at >= 0 && at + 2 < bytes.size();) {
        const qsizetype end = bytes.indexOf('\x07', at + 2);
        if (end < 0)
            break;
        frames.push_back({quint8(bytes[at + 1]), bytes.mid(at + 2, end - at - 2)});
        at = bytes.indexOf('\x01', end + 1);
    }
    return frames;
}

std::optional<QByteArray> FakeBus::lastBoardText(int address)
{
    std::optional<QByteArray> text;
    for (const SentFrame& f : qsystemFrames()) {
        if (f.address == address)
            text = f.body;
    }
    return text;
}

void FakeBus::serveFramed()
{
    const QByteArray& bytes = received();
    const std::vector<framed::Frame> requests =
        m_requests.feed(QByteArrayView(bytes).sliced(m_framedRead));
    m_framedRead = bytes.size();
    for (const framed::Frame& request : requests) {
        const auto it = framedDevices.find(request.address);
        if (it == framedDevices.end() || request.payload.isEmpty())
            continue;
        FramedDevice& device = it->second;
        QByteArray reply;
        if (request.payload[0] == char(framed::kPoll) && request.payload.size() == 2) {
            if (device.lastSequence != request.payload[1]) { // the last answer arrived
                device.lastSequence = request.payload[1];
                device.unacknowledged =
                    QByteArray(device.keys.data(), qsizetype(device.keys.size()));
                device.keys.clear();
            }
            reply = char(framed::kPollReply) + device.unacknowledged;
        } else if (request.payload[0] == char(framed::kShow)) {
            device.blink = request.payload.size() > 1 && request.payload[1] == 1;
            device.text = request.payload.mid(2);
            ++device.shows;
            reply = QByteArray(1, char(framed::kShowReply));
        }
        QByteArray frame = framed::encode(request.address, reply);
        if (device.corruptNextReply) {
            frame[frame.size() - 1] = char(frame[frame.size() - 1] ^ 0x5A);
            device.corruptNextReply = false;
        }
        write(frame);
    }
}

} // namespace qh::test
