// A small blocking HTTP/1.1 client over one keep-alive connection, for tests and benchmarks.
#include "httpclient.h"

#include <QCoreApplication>
#include <QDeadlineTimer>
#include <QJsonDocument>
#include <QThread>

namespace qh::test {

QJsonObject HttpResponse::json() const
{
    return QJsonDocument::fromJson(body).object();
}

QString HttpResponse::errorCode() const
{
    return json()
        .value(QStringLiteral("error"))
        .toObject()
        .value(QStringLiteral("code"))
        .toString();
}

HttpConnection::HttpConnection(quint16 port)
    : m_port(port)
{
}

QByteArray formatRequest(const QByteArray& method, const QString& path, const QString& token,
                         const QByteArray& body, const QHash<QByteArray, QByteArray>& headers)
{
    QByteArray request = method + ' ' + path.toUtf8() + " HTTP/1.1\r\nHost: 127.0.0.1\r\n";
    if (!token.isEmpty())
        request += "Authorization: Bearer " + token.toUtf8() + "\r\n";
    for (auto it = headers.begin(); it != headers.end(); ++it)
        request += it.key() + ": " + it.value() + "\r\n";
    if (!body.isEmpty() || method == "POST")
        request +=
            "Content-Type: application/json\r\nContent-Length: " + QByteArray::number(body.size()) +
            "\r\n";
    request += "\r\n" + body;
    return request;
}

void HttpConnection::write(const QByteArray& method, const QString& path, const QString& token,
                           const QByteArray& body, const QHash<QByteArray, QByteArray>& headers)
{
    if (m_socket.state() != QAbstractSocket::ConnectedState) {
        m_socket.abort();
        m_buffer.clear();
        m_socket.connectToHost(QStringLiteral("127.0.0.1"), m_port);
        m_socket.waitForConnected(5000);
    }
    m_socket.write(formatRequest(method, path, token, body, headers));
    m_socket.flush();
}

std::optional<HttpResponse> takeResponse(QByteArray& buffer)
{
    const qsizetype headerEnd = buffer.indexOf("\r\n\r\n");
    if (headerEnd < 0)
        return std::nullopt;
    HttpResponse response;
    const QList<QByteArray> lines = buffer.left(headerEnd).split('\n');
    response.status = lines.value(0).split(' ').value(1).toInt();
    for (qsizetype i = 1; i < lines.size(); ++i) {
        const qsizetype colon = lines[i].indexOf(':');
        if (colon > 0)
            response.headers.insert(lines[i].left(colon).trimmed().toLower(),
                                    lines[i].mid(colon + 1).trimmed());
    }
    const qsizetype length = response.headers.value("content-length", "0").toLongLong();
    if (buffer.size() < headerEnd + 4 + length)
        return std::nullopt;
    response.body = buffer.mid(headerEnd + 4, length);
    buffer.remove(0, headerEnd + 4 + length);
    return response;
}

HttpResponse HttpConnection::readResponse(int timeoutMs)
{
    const QDeadlineTimer deadline(timeoutMs);
    while (true) {
        m_buffer += m_socket.readAll();
        if (std::optional<HttpResponse> response = takeResponse(m_buffer))
            return *response;
        if (deadline.hasExpired() || m_socket.state() != QAbstractSocket::ConnectedState ||
            !m_socket.waitForReadyRead(int(std::max<qint64>(1, deadline.remainingTime())))) {
            m_buffer += m_socket.readAll();
            return takeResponse(m_buffer).value_or(HttpResponse{}); // none: closed or timed out
        }
    }
}

HttpResponse HttpConnection::send(const QByteArray& method, const QString& path,
                                  const QString& token, const QByteArray& body,
                                  const QHash<QByteArray, QByteArray>& headers)
{
    write(method, path, token, body, headers);
    return readResponse();
}

} // namespace qh::test

namespace qh::test {

void ensureQtApp()
{
    static int argc = 1;
    static char name[] = "queuehall-test";
    static char* argv[] = {name, nullptr};
    if (!QCoreApplication::instance())
        new QCoreApplication(argc, argv);
}

bool waitUntil(const std::function<bool()>& condition, int timeoutMs)
{
    const QDeadlineTimer deadline(timeoutMs);
    while (!condition()) {
        if (deadline.hasExpired())
            return false;
        QCoreApplication::processEvents(QEventLoop::AllEvents, 20);
        // As a running event loop would: objects given to deleteLater() go (processEvents alone
        // never deletes them, and a long wait would pile them up).
        QCoreApplication::sendPostedEvents(nullptr, QEvent::DeferredDelete);
        QThread::msleep(1);
    }
    return true;
}

} // namespace qh::test
