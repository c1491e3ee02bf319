// A stand-in for an ESC/POS printer on a TCP port or a pty: records bytes, answers DLE EOT.
#pragma once

#include "printer.h"
#include "status.h"

#include <atomic>
#include <chrono>
#include <mutex>
#include <optional>
#include <thread>
#include <vector>

#include <QByteArray>

namespace qh::test {

// A ticket of the small test hall, the same every time, for printing tests.
escpos::TicketContent sampleTicket();
// A printer profile from assets/printers/, by name.
printer::Profile printerProfile(const char* name);
// The DLE EOT 1, 2 and 4 queries a printer is asked before and after each ticket.
QByteArray statusQueries();

class FakePrinter
{
public:
    // Listens on a free loopback TCP port and serves one connection after another.
    FakePrinter();
    // Serves an already open file descriptor, such as a pty master; takes ownership.
    explicit FakePrinter(int fd);
    ~FakePrinter();

    quint16 port() const { return m_port; }
    void setStatus(const escpos::PrinterStatus& status);
    // Hangs up once this many bytes have come in on a connection (an unplugged cable).
    void dropAfter(qsizetype bytes);
    // Stops answering status queries (a printer that has frozen).
    void setSilent(bool silent);
    // Everything received, status queries included.
    QByteArray received() const;
    // When the byte at this offset of received() came in; nothing if it has not yet.
    std::optional<std::chrono::steady_clock::time_point> arrivalOf(qsizetype offset) const;
    int connections() const { return m_connections; }

private:
    void serve(int fd);
    void run();

    int m_listener = -1;
    int m_fd = -1;
    quint16 m_port = 0;
    int m_wakeup[2] = {-1, -1};
    std::atomic<bool> m_stop{false};
    std::atomic<int> m_connections{0};
    mutable std::mutex m_mutex;
    QByteArray m_received;
    std::vector<std::pair<qsizetype, std::chrono::steady_clock::time_point>>
        m_arrivals; // chunk ends
    escpos::PrinterStatus m_status;
    qsizetype m_dropAfter = -1;
    bool m_silent = false;
    std::thread m_thread;
};

} // namespace qh::test
