// A network printer on a raw TCP port (9100): bytes out, status replies back on the same socket.
#pragma once

#include "transport.h"

#include <QTcpSocket>

namespace qh::printer {

class TcpTransport : public Transport
{
public:
    TcpTransport(QString host, quint16 port, int timeoutMs = 3000);
    QString address() const override;
    void open() override;
    void close() override;
    void write(const QByteArray& bytes) override;
    QByteArray read(int timeoutMs) override;
    bool canReadStatus() const override { return true; }

private:
    QString m_host;
    quint16 m_port;
    int m_timeoutMs;
    QTcpSocket m_socket;
};

} // namespace qh::printer
