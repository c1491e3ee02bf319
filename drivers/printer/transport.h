// How bytes reach a printer: one small interface for USB, CUPS, TCP, device nodes and the virtual
// printer.
#pragma once

#include "status.h"

#include <optional>
#include <stdexcept>

#include <QByteArray>
#include <QString>

namespace qh::printer {

// A transport failure: the message says what a technician should look at.
class TransportError : public std::runtime_error
{
public:
    explicit TransportError(const QString& message)
        : std::runtime_error(message.toStdString())
    {
    }
    QString message() const { return QString::fromUtf8(what()); }
};

class Transport
{
public:
    virtual ~Transport() = default;
    // "tcp://10.0.0.5:9100", "file:///dev/usb/lp0", "virtual:///var/lib/queuehall/tickets".
    virtual QString address() const = 0;
    virtual void open() = 0;
    virtual void close() = 0;
    // Sends every byte or throws: a partial write is an error, never a success.
    virtual void write(const QByteArray& bytes) = 0;
    // Whatever the printer sent back within the timeout (empty when it said nothing).
    virtual QByteArray read(int timeoutMs) = 0;
    // False when the transport cannot carry replies (status queries are skipped).
    virtual bool canReadStatus() const = 0;
    // The status as the transport itself knows it (a CUPS queue's state), when it does.
    virtual std::optional<escpos::PrinterStatus> reportedStatus() { return std::nullopt; }
};

} // namespace qh::printer
