// One serial port that reopens itself: a USB-RS485 adapter may be unplugged and plugged back.
#pragma once

#include <QObject>
#include <QSerialPort>
#include <QTimer>

namespace qh::serial {

class SerialLink : public QObject
{
    Q_OBJECT

public:
    static constexpr int kReopenIntervalMs = 1000;
    static constexpr int kIdleMs = 50; // a quiet line ends any frame begun

    SerialLink(QString port, int baud, QObject* parent = nullptr);

    // Opens the port now, and keeps trying every kReopenIntervalMs while it fails or after it
    // is lost.
    void open();
    bool isOpen() const { return m_port.isOpen(); }
    const QString& portName() const { return m_name; }
    int baud() const { return m_baud; }
    // Writes while open; bytes written to a closed port are dropped (the caller resyncs on
    // reopen).
    void write(const QByteArray& bytes);
    // Seconds the bytes need on the wire: start bit, 8 data bits, stop bit.
    double wireSeconds(qsizetype bytes) const { return double(bytes) * 10 / m_baud; }

signals:
    void opened();                          // the first time and after every reopen
    void closed(const QString& reason);     // an open port was lost
    void openFailed(const QString& reason); // once per new reason while it cannot be opened
    void received(const QByteArray& bytes);
    void idle(); // no byte for kIdleMs after some arrived

private:
    void tryOpen();
    void lose(const QString& reason);

    QString m_name;
    int m_baud;
    QSerialPort m_port;
    QTimer m_reopen;
    QTimer m_idle;
    QString m_lastFailure;
};

} // namespace qh::serial
