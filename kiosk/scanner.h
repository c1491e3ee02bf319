// Barcode scanners that read a booking's QR code at the kiosk: a USB scanner that types like a
// keyboard (keystrokes ending in Enter, wherever the focus is, no text field needed) and a serial
// scanner (a line per scan).
#pragma once

#include <QElapsedTimer>
#include <QObject>
#include <QSerialPort>
#include <QTimer>

namespace qh::kiosk {

// Installed on the application: collects the keys typed into any of its windows and emits what
// was typed when Enter comes. A kiosk has no keyboard, so every key is the scanner's; keys more
// than kGapMs apart start afresh (a scanner types a code in a few milliseconds).
class KeyboardScanner : public QObject
{
    Q_OBJECT

public:
    static constexpr int kGapMs = 1000;
    static constexpr int kMaxLength = 200;

    using QObject::QObject;
    bool eventFilter(QObject* watched, QEvent* event) override;

signals:
    void scanned(const QString& text);

private:
    QString m_typed;
    QElapsedTimer m_lastKey;
};

// A scanner on a serial port (or a USB CDC-ACM one): each line is a scan. The port is opened
// again every few seconds while it is missing, so a scanner plugged in later works.
class SerialScanner : public QObject
{
    Q_OBJECT

public:
    static constexpr int kReopenMs = 3000;

    SerialScanner(const QString& port, int baud, QObject* parent = nullptr);

signals:
    void scanned(const QString& text);

private:
    void open();
    void read();

    QSerialPort m_port;
    QByteArray m_line;
    QTimer m_reopen;
};

} // namespace qh::kiosk
