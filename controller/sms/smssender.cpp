// Sends the outbox through the hall's cellular modem and hands back what the modem hears.
#include "smssender.h"

#include <QJsonArray>
#include <QLoggingCategory>

Q_LOGGING_CATEGORY(lcSms, "qh.sms")

using namespace Qt::Literals::StringLiterals;

namespace qh::smssender {

namespace {

const engine::Actor kSender{u"sms sender"_s, u"modem"_s};

sms::ModemConfig modemConfig(const engine::SmsPolicy& policy)
{
    sms::ModemConfig config;
    config.port = policy.port;
    config.baud = policy.baud;
    config.pin = policy.pin;
    config.serviceCentre = policy.serviceCentre;
    return config;
}

} // namespace

SmsSender::SmsSender(service::HallService& service, QObject* parent)
    : QObject(parent)
    , m_service(service)
    , m_modem(modemConfig(service.hall().sms))
{
    m_wake.setSingleShot(true);
    connect(&m_wake, &QTimer::timeout, this, &SmsSender::sendNext);
    connect(&m_service, &service::HallService::messagesQueued, this, &SmsSender::sendNext);
    connect(&m_modem, &sms::Modem::sendable, this, &SmsSender::sendNext);
    connect(&m_modem, &sms::Modem::healthChanged, this, &SmsSender::onHealth);
    connect(&m_modem, &sms::Modem::messageSent, this,
            [this](qint64 id, const std::vector<int>& references) {
                try {
                    m_service.messageSent(id, references, kSender);
                } catch (const std::exception& e) {
                    qCWarning(lcSms) << "cannot record message" << id << "as sent:" << e.what();
                }
            });
    connect(&m_modem, &sms::Modem::messageFailed, this,
            [this](qint64 id, bool temporary, const QString& reason) {
                try {
                    m_service.messageFailed(id, temporary, reason, kSender);
                } catch (const std::exception& e) {
                    qCWarning(lcSms) << "cannot record message" << id << "as failed:" << e.what();
                }
                m_wake.start(0); // the next one, or this one after its pause
            });
    connect(&m_modem, &sms::Modem::reportReceived, this, [this](const sms::StatusReport& r) {
        const std::optional<QString> phone = engine::mainlandMobile(r.recipient.value);
        if (!phone || r.outcome() == sms::StatusReport::Outcome::Pending)
            return;
        try {
            m_service.messageReported(*phone, r.messageReference,
                                      r.outcome() == sms::StatusReport::Outcome::Delivered,
                                      r.status, kSender);
        } catch (const std::exception& e) {
            qCWarning(lcSms) << "cannot record a delivery report:" << e.what();
        }
    });
    connect(&m_modem, &sms::Modem::messageReceived, this, [this](const sms::ReceivedMessage& m) {
        const std::optional<QString> phone = engine::mainlandMobile(m.from.value);
        if (!phone) {
            qCInfo(lcSms).noquote()
                << "ignored a message from" << m.from.value << "(not a mainland mobile number)";
            return;
        }
        try {
            m_service.receiveMessage(*phone, m.text,
                                     {u"applicant %1"_s.arg(engine::maskPhone(*phone)), u"sms"_s});
        } catch (const std::exception& e) {
            qCWarning(lcSms) << "cannot take a reply:" << e.what();
        }
    });
    m_purge.setInterval(kPurgeIntervalMs);
    connect(&m_purge, &QTimer::timeout, this, &SmsSender::purge);
}

void SmsSender::start()
{
    m_purge.start();
    purge();
    m_modem.start();
}

void SmsSender::purge()
{
    try {
        m_service.purgePhones(kSender);
    } catch (const std::exception& e) {
        qCWarning(lcSms) << "erasing old phone numbers failed:" << e.what();
    }
}

void SmsSender::sendNext()
{
    if (!m_modem.canSend())
        return; // it says when it can
    std::optional<engine::OutboxMessage> next;
    try {
        next = m_service.nextMessage(kSender);
    } catch (const std::exception& e) {
        qCWarning(lcSms) << "cannot read the outbox:" << e.what();
        m_wake.start(1000);
        return;
    }
    if (!next) {
        if (const std::optional<std::int64_t> at = m_service.engine().messages().nextAt())
            m_wake.start(int(
                std::clamp<std::int64_t>(*at - m_service.clock().nowMs(), 0, 24LL * 3600 * 1000)));
        return;
    }
    m_modem.send(next->id, next->phone, next->body, int(next->id & 0xFF));
}

void SmsSender::onHealth(const sms::ModemHealth& health)
{
    // The signal's strength moves all the time; the trail hears of what a technician acts on.
    if (health.portOpen == m_recorded.portOpen && health.ready == m_recorded.ready &&
        health.sim == m_recorded.sim && health.problem == m_recorded.problem)
        return;
    m_recorded = health;
    QJsonObject data{{u"port"_s, m_service.hall().sms.port},
                     {u"open"_s, health.portOpen},
                     {u"ready"_s, health.ready},
                     {u"sim"_s, sms::toString(health.sim)}};
    if (!health.problem.isEmpty())
        data.insert(u"problem"_s, health.problem);
    try {
        m_service.perform([&] {
            m_service.record({0, m_service.clock().nowMs(), u"hardware.sms"_s, kSender.who,
                              kSender.device, std::nullopt, std::nullopt, data});
        });
    } catch (const std::exception& e) {
        qCWarning(lcSms) << "cannot record the modem's state:" << e.what();
    }
}

QJsonObject SmsSender::modemJson() const
{
    const sms::ModemHealth& h = m_modem.health();
    const engine::OutboxSummary outbox = m_service.engine().messages().summary();
    QJsonObject o{{u"port"_s, m_service.hall().sms.port},
                  {u"protocol"_s, u"sms"_s},
                  {u"kind"_s, u"smsModem"_s},
                  {u"open"_s, h.portOpen},
                  {u"answering"_s, h.ready},
                  {u"ready"_s, h.ready},
                  {u"sim"_s, sms::toString(h.sim)},
                  {u"registered"_s, h.registered},
                  {u"signal"_s, h.signal},
                  {u"queued"_s, outbox.queued},
                  {u"failedToday"_s, outbox.failedToday}};
    if (!h.problem.isEmpty())
        o.insert(u"problem"_s, h.problem);
    return o;
}

QJsonArray SmsSender::hall() const
{
    return {modemJson()};
}

QJsonArray SmsSender::window(int) const
{
    return m_modem.health().ready ? QJsonArray() : QJsonArray{modemJson()};
}

} // namespace qh::smssender
