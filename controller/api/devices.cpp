// Device tokens: kiosks, callers (bound to a window), displays and admins; shown once, kept as
// hashes.
#include "devices.h"

#include <array>

#include <QCryptographicHash>
#include <QRandomGenerator>

using namespace Qt::Literals::StringLiterals;
using qh::engine::EngineError;

namespace qh::api {

namespace {

constexpr int kTokenRandomBytes = 24; // 192 bits
constexpr int kMaxNameLength = 100;
const QStringList kRoles = {u"kiosk"_s, u"caller"_s, u"display"_s, u"admin"_s, u"booking"_s};

QString hashToken(const QString& token)
{
    return QString::fromLatin1(
        QCryptographicHash::hash(token.toUtf8(), QCryptographicHash::Sha256).toHex());
}

QString newToken()
{
    std::array<quint32, kTokenRandomBytes / 4> words{};
    QRandomGenerator::system()->fillRange(words.data(), words.size());
    const QByteArray bytes(reinterpret_cast<const char*>(words.data()), kTokenRandomBytes);
    return u"qh_"_s + QString::fromLatin1(bytes.toBase64(QByteArray::Base64UrlEncoding |
                                                         QByteArray::OmitTrailingEquals));
}

} // namespace

DeviceRegistry::DeviceRegistry(service::HallService& service)
    : m_service(service)
    , m_store(service.store())
{
}

NewDevice DeviceRegistry::add(const QString& name, const QString& role, std::optional<int> window,
                              const engine::Actor& by)
{
    if (!kRoles.contains(role))
        throw EngineError(EngineError::Code::Invalid,
                          u"role: one of %1"_s.arg(kRoles.join(u", "_s)));
    if (name.trimmed().isEmpty() || name.size() > kMaxNameLength)
        throw EngineError(
            EngineError::Code::Invalid,
            u"name: a device needs a name of 1 to %1 characters"_s.arg(kMaxNameLength));
    if ((role == u"caller"_s) != window.has_value())
        throw EngineError(EngineError::Code::Invalid,
                          u"window: a caller needs its window (--window), and only a caller has "
                          "one"_s);
    if (window && !m_service.hall().window(*window))
        throw EngineError(EngineError::Code::NotFound, u"window: unknown window %1"_s.arg(*window));

    const std::int64_t now = m_service.clock().nowMs();
    NewDevice result{{0, name.trimmed(), role, window, now, std::nullopt}, newToken()};
    m_service.perform([&] {
        result.device.id = m_store.addDevice(result.device, hashToken(result.token));
        QJsonObject data{{u"device"_s, double(result.device.id)},
                         {u"name"_s, result.device.name},
                         {u"role"_s, role}};
        m_service.record(
            {0, now, u"device.added"_s, by.who, by.device, std::nullopt, window, data});
    });
    return result;
}

void DeviceRegistry::revoke(std::int64_t id, const engine::Actor& by)
{
    m_service.perform([&] {
        const std::optional<engine::Device> device = m_store.device(id);
        if (!device)
            throw EngineError(EngineError::Code::NotFound, u"unknown device %1"_s.arg(id));
        if (device->revokedAt)
            throw EngineError(EngineError::Code::WrongState,
                              u"device %1 is already revoked"_s.arg(id));
        const std::int64_t now = m_service.clock().nowMs();
        m_store.revokeDevice(id, now);
        m_service.record({0, now, u"device.revoked"_s, by.who, by.device, std::nullopt,
                          device->window,
                          QJsonObject{{u"device"_s, double(id)}, {u"name"_s, device->name}}});
    });
}

std::vector<engine::Device> DeviceRegistry::list()
{
    return m_store.devices();
}

std::optional<engine::Device> DeviceRegistry::authenticate(const QString& token)
{
    if (!token.startsWith(u"qh_"_s) || token.size() > 100)
        return std::nullopt;
    return m_store.activeDeviceByTokenHash(hashToken(token));
}

engine::Actor DeviceRegistry::actorOf(const engine::Device& device)
{
    return {device.name, device.role + u'#' + QString::number(device.id)};
}

} // namespace qh::api
