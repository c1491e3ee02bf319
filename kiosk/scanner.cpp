// Barcode scanners at the kiosk: a keyboard-like USB scanner and a serial one.
#include "scanner.h"

#include <algorithm>

#include <QKeyEvent>
#include <QLoggingCategory>
#include <QWindow>

Q_LOGGING_CATEGORY(lcScanner, "qh.kiosk.scanner")

namespace qh::kiosk {

bool KeyboardScanner::eventFilter(QObject* watched, QEvent* event)
{
    // A key reaches the window first and then its focused item: counted once, at the window.
    if (event->type() != QEvent::KeyPress || !qobject_cast<QWindow*>(watched))
        return QObject::eventFilter(watched, event);
    const auto* key = static_cast<QKeyEvent*>(event);
    if (m_lastKey.isValid() && m_lastKey.elapsed() > kGapMs)
        m_typed.clear();
    m_lastKey.start();
    if (key->key() == Qt::Key_Return || key->key() == Qt::Key_Enter) {
        if (!m_typed.isEmpty())
            emit scanned(std::exchange(m_typed, QString()));
    } else if (!key->text().isEmpty() && key->text().at(0).isPrint() &&
               m_typed.size() < kMaxLength) {
        m_typed += key->text();
    }
    return true;
}

SerialScanner::SerialScanner(const QString& port, int baud, QObject* parent)
    : QObject(parent)
{
    m_port.setPortName(port);
    m_port.setBaudRate(baud);
    connect(&m_port, &QSerialPort::readyRead, this, &SerialScanner::read);
    connect(&m_port, &QSerialPort::errorOccurred, this, [this](QSerialPort::SerialPortError e) {
        if (e == QSerialPort::NoError || !m_port.isOpen())
            return;
        qCWarning(lcScanner) << "scanner port" << m_port.portName()
                             << "failed:" << m_port.errorString();
        m_port.close();
        m_reopen.start();
    });
    m_reopen.setInterval(kReopenMs);
    m_reopen.setSingleShot(true);
    connect(&m_reopen, &QTimer::timeout, this, &SerialScanner::open);
    open();
}

void SerialScanner::open()
{
    if (m_port.open(QIODevice::ReadOnly)) {
        qCInfo(lcScanner) << "scanner on" << m_port.portName();
        return;
    }
    m_reopen.start();
}

void SerialScanner::read()
{
    m_line += m_port.readAll();
    // Scanners end a line with CR, LF or both.
    const auto lineEnd = [this] {
        const auto it = std::find_if(m_line.begin(), m_line.end(),
                                     [](char c) { return c == '\r' || c == '\n'; });
        return it == m_line.end() ? qsizetype(-1) : qsizetype(it - m_line.begin());
    };
    for (qsizetype end; (end = lineEnd()) >= 0;) {
        const QString text = QString::fromUtf8(m_line.left(end)).trimmed();
        m_line.remove(0, end + 1);
        if (!text.isEmpty())
            emit scanned(text);
    }
    if (m_line.size() > KeyboardScanner::kMaxLength) // no line end: not a scanner's output
        m_line.clear();
}

} // namespace qh::kiosk
