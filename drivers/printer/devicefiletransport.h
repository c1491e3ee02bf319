// A printer behind a device node (/dev/usb/lp0 from the usblp driver, or a serial port).
#pragma once

#include "transport.h"

namespace qh::printer {

class DeviceFileTransport : public Transport
{
public:
    explicit DeviceFileTransport(QString path, int timeoutMs = 3000);
    ~DeviceFileTransport() override;
    QString address() const override;
    void open() override;
    void close() override;
    void write(const QByteArray& bytes) override;
    QByteArray read(int timeoutMs) override;
    bool canReadStatus() const override { return true; }

private:
    QString m_path;
    int m_timeoutMs;
    int m_fd = -1;
};

} // namespace qh::printer
