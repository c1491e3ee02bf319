// A small blocking HTTP/1.1 client over one keep-alive connection, for tests and benchmarks.
#pragma once

#include <functional>
#include <optional>

#include <QByteArray>
#include <QGuiApplication>
#include <QHash>
#include <QJsonObject>
#include <QTcpSocket>

namespace qh::test {

struct HttpResponse
{
    int status = 0; // 0 when the connection failed or closed before a response
    QHash<QByteArray, QByteArray> headers; // names in lower case
    QByteArray body;

    QJsonObject json() const;
    QString errorCode() const;
};

QByteArray formatRequest(const QByteArray& method, const QString& path, const QString& token = {},
                         const QByteArray& body = {},
                         const QHash<QByteArray, QByteArray>& headers = {});
// Takes one complete response off the front of the buffer, if there is one.
std::optional<HttpResponse> takeResponse(QByteArray& buffer);

class HttpConnection
{
public:
    explicit HttpConnection(quint16 port);

    // Writes one request without waiting; pair with readResponse().
    void write(const QByteArray& method, const QString& path, const QString& token = {},
               const QByteArray& body = {}, const QHash<QByteArray, QByteArray>& headers = {});
    HttpResponse readResponse(int timeoutMs = 10'000);
    HttpResponse send(const QByteArray& method, const QString& path, const QString& token = {},
                      const QByteArray& body = {},
                      const QHash<QByteArray, QByteArray>& headers = {});
    QTcpSocket& socket() { return m_socket; }

private:
    QTcpSocket m_socket;
    quint16 m_port;
    QByteArray m_buffer;
};

} // namespace qh::test

namespace qh::test {

// Creates the QCoreApplication that sockets and event loops need, once per test program.
void ensureQtApp();
// The same with a GUI application on the offscreen platform: a QGuiApplication for fonts and
// painting, or a QApplication for widgets and charts.
template <typename App = QGuiApplication> void ensureGuiApp()
{
    static int argc = 1;
    static char name[] = "queuehall-test";
    static char* argv[] = {name, nullptr};
    if (!QCoreApplication::instance()) {
        qputenv("QT_QPA_PLATFORM", "offscreen");
        new App(argc, argv);
    }
}
// Turns the event loop (deferred deletes included) until the condition holds or the time is up;
// returns the condition.
bool waitUntil(const std::function<bool()>& condition, int timeoutMs = 10'000);

} // namespace qh::test
