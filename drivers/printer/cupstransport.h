// A printer behind a CUPS raw queue: each write is one job, followed until CUPS says it is done;
// status comes from the queue's state and reasons (CUPS carries no DLE EOT replies).
#pragma once

#include "transport.h"

#include <memory>

namespace qh::printer {

class CupsTransport : public Transport
{
public:
    // server "" means the client's default (CUPS_SERVER, client.conf, localhost).
    CupsTransport(QString server, int port, QString queue, int jobTimeoutMs = 30'000);
    ~CupsTransport() override;
    QString address() const override;
    void open() override;
    void close() override;
    void write(const QByteArray& bytes) override;
    QByteArray read(int) override { return {}; }
    bool canReadStatus() const override { return false; }
    std::optional<escpos::PrinterStatus> reportedStatus() override;

private:
    struct Connection;
    QString m_server;
    int m_port;
    QString m_queue;
    int m_jobTimeoutMs;
    std::unique_ptr<Connection> m_connection;
};

} // namespace qh::printer
