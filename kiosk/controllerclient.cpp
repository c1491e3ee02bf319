// The kiosk's link to the controller: services, two-phase issuing and case lookups, all over HTTP
// with its token.
#include "controllerclient.h"

#include <QJsonDocument>
#include <QNetworkReply>

using namespace Qt::Literals::StringLiterals;

namespace qh::kiosk {

ControllerClient::ControllerClient(QUrl base, QString token, int timeoutMs, QObject* parent)
    : QObject(parent)
    , m_base(std::move(base))
    , m_token(std::move(token))
    , m_timeoutMs(timeoutMs)
{
}

void ControllerClient::send(const QByteArray& method, const QString& path, const QJsonObject& body,
                            const QByteArray& idempotencyKey,
                            std::function<void(const Answer&)> done)
{
    QNetworkRequest request(m_base.resolved(QUrl(path)));
    request.setRawHeader("Authorization", "Bearer " + m_token.toUtf8());
    request.setRawHeader("Content-Type", "application/json");
    if (!idempotencyKey.isEmpty())
        request.setRawHeader("Idempotency-Key", idempotencyKey);
    request.setTransferTimeout(m_timeoutMs);
    const QByteArray payload =
        method == "GET" ? QByteArray() : QJsonDocument(body).toJson(QJsonDocument::Compact);
    QNetworkReply* reply = m_network.sendCustomRequest(request, method, payload);
    connect(reply, &QNetworkReply::finished, this, [reply, done = std::move(done)] {
        reply->deleteLater();
        Answer a;
        a.status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
        a.json = QJsonDocument::fromJson(reply->readAll()).object();
        if (a.status == 0)
            a.error = u"controller unreachable: %1"_s.arg(reply->errorString());
        else if (!a.ok())
            a.error = a.json.value(u"error"_s).toObject().value(u"message"_s).toString();
        done(a);
    });
}

void ControllerClient::services(std::function<void(const Answer&)> done)
{
    send("GET", u"/api/v1/services"_s, {}, {}, std::move(done));
}

void ControllerClient::issue(const QString& service, const QString& lang, const QString& phone,
                             const QString& idempotencyKey, std::function<void(const Answer&)> done)
{
    QJsonObject body{{u"service"_s, service}, {u"lang"_s, lang}};
    if (!phone.isEmpty())
        body.insert(u"phone"_s, phone);
    send("POST", u"/api/v1/tickets"_s, body, idempotencyKey.toUtf8(), std::move(done));
}

void ControllerClient::printed(qint64 id, std::function<void(const Answer&)> done)
{
    send("POST", u"/api/v1/tickets/%1/printed"_s.arg(id), {}, {}, std::move(done));
}

void ControllerClient::voidTicket(qint64 id, const QString& reason,
                                  std::function<void(const Answer&)> done)
{
    send("POST", u"/api/v1/tickets/%1/void"_s.arg(id), {{u"reason"_s, reason}}, {},
         std::move(done));
}

void ControllerClient::lookupCase(const QString& serial, const QString& password,
                                  std::function<void(const Answer&)> done)
{
    send("POST", u"/api/v1/cases/lookup"_s, {{u"serial"_s, serial}, {u"password"_s, password}}, {},
         std::move(done));
}

void ControllerClient::checkIn(const QString& code, const QString& lang,
                               std::function<void(const Answer&)> done)
{
    send("POST", u"/api/v1/appointments/check-in"_s, {{u"code"_s, code}, {u"lang"_s, lang}}, {},
         std::move(done));
}

} // namespace qh::kiosk
