// The admin pages' sign-in sessions: a random id in an HttpOnly cookie, a CSRF token for every
// change, ended by sign-out or after a time without use. Kept in memory: a restart signs out.
#include "sessions.h"

#include <array>

#include <QByteArray>
#include <QRandomGenerator>

namespace qh::api {

namespace {

QString randomId()
{
    std::array<quint32, 8> words{}; // 256 bits
    QRandomGenerator::system()->fillRange(words.data(), words.size());
    const QByteArray bytes(reinterpret_cast<const char*>(words.data()), sizeof words);
    return QString::fromLatin1(
        bytes.toBase64(QByteArray::Base64UrlEncoding | QByteArray::OmitTrailingEquals));
}

} // namespace

SessionRegistry::SessionRegistry(std::int64_t idleTimeoutMs)
    : m_idleTimeoutMs(idleTimeoutMs)
{
}

Session SessionRegistry::open(std::int64_t staffId, std::int64_t nowMs)
{
    // Sessions idle past the timeout are dropped here, so the table stays small.
    for (auto it = m_sessions.begin(); it != m_sessions.end();)
        it = nowMs - it->lastUsedMs > m_idleTimeoutMs ? m_sessions.erase(it) : std::next(it);
    Session s{randomId(), randomId(), staffId, nowMs};
    m_sessions.insert(s.id, s);
    return s;
}

std::optional<Session> SessionRegistry::use(const QString& id, std::int64_t nowMs)
{
    const auto it = m_sessions.find(id);
    if (it == m_sessions.end())
        return std::nullopt;
    if (nowMs - it->lastUsedMs > m_idleTimeoutMs) {
        m_sessions.erase(it);
        return std::nullopt;
    }
    it->lastUsedMs = nowMs;
    return *it;
}

bool SessionRegistry::alive(const QString& id, std::int64_t nowMs) const
{
    const auto it = m_sessions.find(id);
    return it != m_sessions.end() && nowMs - it->lastUsedMs <= m_idleTimeoutMs;
}

void SessionRegistry::close(const QString& id)
{
    m_sessions.remove(id);
}

void SessionRegistry::closeAllOf(std::int64_t staffId)
{
    for (auto it = m_sessions.begin(); it != m_sessions.end();)
        it = it->staffId == staffId ? m_sessions.erase(it) : std::next(it);
}

} // namespace qh::api
