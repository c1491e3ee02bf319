// A stand-in for an ESC/POS printer on a TCP port or a pty: records bytes, answers DLE EOT.
#include "fakeprinter.h"

#include "encoder.h"
#include "testhall.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <QTimeZone>

namespace qh::test {

escpos::TicketContent sampleTicket()
{
    escpos::TicketContent t;
    t.hallZh = QStringLiteral("测试大厅");
    t.hallEn = QStringLiteral("Test Hall");
    t.number = QStringLiteral("B007");
    t.serviceZh = QStringLiteral("增值税发票代开");
    t.serviceEn = QStringLiteral("VAT invoice on behalf");
    t.windows = QStringLiteral("3");
    t.ahead = 2;
    t.waitMinutes = 30;
    t.issuedAt = QDateTime(QDate(2026, 11, 25), QTime(10, 0), QTimeZone("Asia/Shanghai"));
    t.statusUrl = QStringLiteral("http://127.0.0.1:8470/t/ABCDEFGH23");
    return t;
}

printer::Profile printerProfile(const char* name)
{
    return printer::loadProfile(
        sourcePath(QStringLiteral("assets/printers/%1.json").arg(QLatin1StringView(name))));
}

QByteArray statusQueries()
{
    return escpos::statusQuery(1) + escpos::statusQuery(2) + escpos::statusQuery(4);
}

FakePrinter::FakePrinter()
{
    m_listener = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
    sockaddr_in address{};
    address.sin_family = AF_INET;
    address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    ::bind(m_listener, reinterpret_cast<sockaddr*>(&address), sizeof address);
    ::listen(m_listener, 4);
    socklen_t length = sizeof address;
    ::getsockname(m_listener, reinterpret_cast<sockaddr*>(&address), &length);
    m_port = ntohs(address.sin_port);
    ::pipe(m_wakeup);
    m_thread = std::thread([this] { run(); });
}

FakePrinter::FakePrinter(int fd)
    : m_fd(fd)
{
    ::pipe(m_wakeup);
    m_thread = std::thread([this] { run(); });
}

FakePrinter::~FakePrinter()
{
    m_stop = true;
    [[maybe_unused]] const auto n = ::write(m_wakeup[1], "x", 1);
    m_thread.join();
    for (int fd : {m_listener, m_fd, m_wakeup[0], m_wakeup[1]}) {
        if (fd >= 0)
            ::close(fd);
    }
}

void FakePrinter::setStatus(const escpos::PrinterStatus& status)
{
    std::lock_guard lock(m_mutex);
    m_status = status;
}

void FakePrinter::dropAfter(qsizetype bytes)
{
    std::lock_guard lock(m_mutex);
    m_dropAfter = bytes;
}

void FakePrinter::setSilent(bool silent)
{
    std::lock_guard lock(m_mutex);
    m_silent = silent;
}

QByteArray FakePrinter::received() const
{
    std::lock_guard lock(m_mutex);
    return m_received;
}

std::optional<std::chrono::steady_clock::time_point> FakePrinter::arrivalOf(qsizetype offset) const
{
    std::lock_guard lock(m_mutex);
    for (const auto& [end, at] : m_arrivals) {
        if (offset < end)
            return at;
    }
    return std::nullopt;
}

void FakePrinter::run()
{
    if (m_fd >= 0)
        return serve(m_fd);
    while (!m_stop) {
        pollfd fds[2] = {{m_listener, POLLIN, 0}, {m_wakeup[0], POLLIN, 0}};
        if (::poll(fds, 2, -1) <= 0 || (fds[1].revents & POLLIN))
            return;
        const int connection = ::accept4(m_listener, nullptr, nullptr, SOCK_CLOEXEC);
        if (connection < 0)
            continue;
        ++m_connections;
        serve(connection);
        ::close(connection);
    }
}

// Reads until EOF or a drop, answering each DLE EOT n as it completes in the stream.
void FakePrinter::serve(int fd)
{
    QByteArray stream;
    qsizetype scanned = 0;
    while (!m_stop) {
        pollfd fds[2] = {{fd, POLLIN, 0}, {m_wakeup[0], POLLIN, 0}};
        if (::poll(fds, 2, -1) <= 0 || (fds[1].revents & POLLIN))
            return;
        char buffer[4096];
        const ssize_t n = ::read(fd, buffer, sizeof buffer);
        if (n <= 0)
            return; // EOF: the job is over
        std::lock_guard lock(m_mutex);
        m_received.append(buffer, n);
        m_arrivals.emplace_back(m_received.size(), std::chrono::steady_clock::now());
        stream.append(buffer, n);
        if (m_dropAfter >= 0 && stream.size() >= m_dropAfter) {
            m_dropAfter = -1;
            ::shutdown(fd, SHUT_RDWR);
            return;
        }
        for (; scanned + 3 <= stream.size(); ++scanned) {
            if (stream[scanned] == 0x10 && stream[scanned + 1] == 0x04 && !m_silent) {
                const char reply = char(escpos::statusReply(stream[scanned + 2], m_status));
                [[maybe_unused]] const auto w = ::write(fd, &reply, 1);
                scanned += 2;
            }
        }
    }
}

} // namespace qh::test
