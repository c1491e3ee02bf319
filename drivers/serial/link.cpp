// One serial port that reopens itself: a USB-RS485 adapter may be unplugged and plugged back.
#include "link.h"

#include <QLoggingCategory>

Q_LOGGING_CATEGORY(lcSerial, "qh.drivers.serial")

using namespace Qt::Literals::StringLiterals;

namespace qh::serial {

SerialLink::SerialLink(QString port, int baud, QObject* parent)
    : QObject(parent)
    , m_name(std::move(port))
    , m_baud(baud)
{
    m_reopen.setInterval(kReopenIntervalMs);
    connect(&m_reopen, &QTimer::timeout, this, &SerialLink::tryOpen);
    m_idle.setSingleShot(true);
    m_idle.setInterval(kIdleMs);
    connect(&m_idle, &QTimer::timeout, this, &SerialLink::idle);
    connect(&m_port, &QSerialPort::readyRead, this, [this] {
        const QByteArray bytes = m_port.readAll();
        if (bytes.isEmpty())
            return;
        m_idle.start();
        emit received(bytes);
    });
    connect(&m_port, &QSerialPort::errorOccurred, this, [this](QSerialPort::SerialPortError e) {
        // Any error on an open line (an unplugged USB adapter reads as EIO, a vanished pty as
        // ioctl failures) means the device behind it is gone: close, and try again later.
        if (e != QSerialPort::NoError && e != QSerialPort::TimeoutError)
            lose(m_port.errorString());
    });
}

void SerialLink::open()
{
    tryOpen();
    if (!isOpen())
        m_reopen.start();
}

void SerialLink::tryOpen()
{
    // Any symlink (/dev/serial/by-id/...) is followed again on every attempt.
    m_port.setPortName(m_name);
    if (!m_port.open(QIODevice::ReadWrite)) {
        if (m_port.errorString() != m_lastFailure) {
            m_lastFailure = m_port.errorString();
            qCWarning(lcSerial).noquote() << "cannot open" << m_name << ":" << m_lastFailure;
            emit openFailed(m_lastFailure);
        }
        return;
    }
    m_port.setBaudRate(m_baud);
    m_port.setDataBits(QSerialPort::Data8);
    m_port.setParity(QSerialPort::NoParity);
    m_port.setStopBits(QSerialPort::OneStop);
    m_port.setFlowControl(QSerialPort::NoFlowControl);
    m_port.clear();
    m_reopen.stop();
    m_lastFailure.clear();
    qCInfo(lcSerial).noquote() << "opened" << m_name << "at" << m_baud << "baud";
    emit opened();
}

void SerialLink::write(const QByteArray& bytes)
{
    if (isOpen())
        m_port.write(bytes);
}

void SerialLink::lose(const QString& reason)
{
    if (!isOpen())
        return;
    qCWarning(lcSerial).noquote() << "lost" << m_name << ":" << reason << "- reopening";
    m_port.clearError();
    m_port.close();
    m_idle.stop();
    m_reopen.start();
    emit closed(reason);
}

} // namespace qh::serial
