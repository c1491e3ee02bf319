// The kiosk's link to the controller: services, two-phase issuing and case lookups, all over HTTP
// with its token.
#pragma once

#include <functional>

#include <QJsonObject>
#include <QNetworkAccessManager>
#include <QObject>
#include <QUrl>

namespace qh::kiosk {

struct Answer
{
    int status = 0; // 0: the controller could not be reached
    QJsonObject json;
    QString error; // what went wrong, for the staff
    bool ok() const { return status >= 200 && status < 300; }
};

class ControllerClient : public QObject
{
    Q_OBJECT

public:
    static constexpr int kDefaultTimeoutMs = 5000;

    // A request unanswered for timeoutMs counts as the controller being unreachable.
    ControllerClient(QUrl base, QString token, int timeoutMs = kDefaultTimeoutMs,
                     QObject* parent = nullptr);

    void services(std::function<void(const Answer&)> done);
    // Retries with the same key get the same ticket (the controller keeps it).
    // `phone` empty: no SMS.
    void issue(const QString& service, const QString& lang, const QString& phone,
               const QString& idempotencyKey, std::function<void(const Answer&)> done);
    void printed(qint64 id, std::function<void(const Answer&)> done);
    void voidTicket(qint64 id, const QString& reason, std::function<void(const Answer&)> done);
    // The applicant's case by its serial number and password (wrong ones count against both).
    void lookupCase(const QString& serial, const QString& password,
                    std::function<void(const Answer&)> done);
    // A booking's check-in by its code: its ticket in `issuing`, printed and confirmed as any
    // other; asking again before the print gets the same ticket.
    void checkIn(const QString& code, const QString& lang, std::function<void(const Answer&)> done);

private:
    void send(const QByteArray& method, const QString& path, const QJsonObject& body,
              const QByteArray& idempotencyKey, std::function<void(const Answer&)> done);

    QNetworkAccessManager m_network;
    QUrl m_base;
    QString m_token;
    int m_timeoutMs;
};

} // namespace qh::kiosk
