// The ticket printer on a thread of its own: a status query or a ticket can take seconds (a CUPS
// job, a USB timeout, a network printer that went away) and the screen must never freeze.
#pragma once

#include "printer.h"

#include <functional>
#include <memory>
#include <optional>

#include <QObject>
#include <QThread>

namespace qh::kiosk {

class PrinterWorker : public QObject
{
    Q_OBJECT

public:
    // The printer is made by `make` on the worker's thread, where it then lives; what `make`
    // throws (a bad address or profile) is thrown here.
    explicit PrinterWorker(std::function<std::unique_ptr<printer::Printer>()> make,
                           QObject* parent = nullptr);
    ~PrinterWorker() override;

    // Each answers on the caller's thread: the status, or what went wrong.
    using StatusDone = std::function<void(std::optional<escpos::PrinterStatus>, QString error)>;
    void status(StatusDone done);
    // The ticket printed (an empty error), or why not.
    void print(const escpos::TicketContent& ticket, std::function<void(QString error)> done);

private:
    // Runs job on the worker's thread.
    void onThread(std::function<void()> job);
    // Runs job back on this object's thread, unless it is gone by then.
    void answer(std::function<void()> job);

    QThread m_thread;
    QObject* m_context = nullptr; // lives on m_thread
    std::unique_ptr<printer::Printer> m_printer;
};

} // namespace qh::kiosk
