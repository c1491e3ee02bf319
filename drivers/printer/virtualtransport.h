// The demo printer: every job's raw bytes and the exact raster it carries, as files in a folder.
// Faults are staged with files in the folder: paper-end, paper-near-end, cover-open, offline.
#pragma once

#include "status.h"
#include "transport.h"

#include <QDir>

namespace qh::printer {

class VirtualTransport : public Transport
{
public:
    explicit VirtualTransport(const QString& folder);
    QString address() const override;
    void open() override;
    void close() override;
    // Answers status queries in the bytes from the staged faults; stores the rest as a job.
    void write(const QByteArray& bytes) override;
    QByteArray read(int timeoutMs) override;
    bool canReadStatus() const override { return true; }

    // Where the last job went: NNNN.bin and NNNN.png.
    QString lastJob() const { return m_lastJob; }

private:
    escpos::PrinterStatus stagedStatus() const;

    QDir m_folder;
    QByteArray m_replies;
    QString m_lastJob;
};

} // namespace qh::printer
