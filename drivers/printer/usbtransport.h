// A USB printer through libusb: found by interface class 7 (or a profile's VID:PID for vendor-class
// models), endpoints from its descriptors, usblp detached, bulk IN read for status; after an
// unplug, the next job finds it again.
#pragma once

#include "transport.h"

#include <memory>
#include <optional>

#include <QStringList>

namespace qh::printer {

struct UsbId
{
    quint16 vendor = 0;
    quint16 product = 0;
};

class UsbTransport : public Transport
{
public:
    // The addresses of the printer-class USB devices connected now, "usb://0416:5011".
    static QStringList connectedPrinters();

    // Without an id, the first device with a printer-class interface.
    explicit UsbTransport(std::optional<UsbId> id = std::nullopt, int timeoutMs = 3000);
    ~UsbTransport() override;
    QString address() const override;
    void open() override;
    void close() override;
    void write(const QByteArray& bytes) override;
    QByteArray read(int timeoutMs) override;
    bool canReadStatus() const override { return true; }

private:
    struct Device;
    std::optional<UsbId> m_id;
    int m_timeoutMs;
    std::unique_ptr<Device> m_device;
};

} // namespace qh::printer
