// The admin pages' sign-in sessions: a random id in an HttpOnly cookie, a CSRF token for every
// change, ended by sign-out or after a time without use. Kept in memory: a restart signs out.
#pragma once

#include <cstdint>
#include <optional>

#include <QHash>
#include <QString>

namespace qh::api {

struct Session
{
    QString id;   // the cookie's value
    QString csrf; // sent back in X-CSRF-Token with every change
    std::int64_t staffId = 0;
    std::int64_t lastUsedMs = 0;
};

class SessionRegistry
{
public:
    static constexpr const char* kCookie = "qh_session";

    explicit SessionRegistry(std::int64_t idleTimeoutMs = 15 * 60 * 1000);

    Session open(std::int64_t staffId, std::int64_t nowMs);
    // The session with this id, used now, unless it is unknown or was idle too long.
    std::optional<Session> use(const QString& id, std::int64_t nowMs);
    // Whether the session is still open, without counting this as a use.
    bool alive(const QString& id, std::int64_t nowMs) const;
    void close(const QString& id);
    // Ends every session of a person (disabled, or a new password).
    void closeAllOf(std::int64_t staffId);
    std::int64_t idleTimeoutMs() const { return m_idleTimeoutMs; }

private:
    std::int64_t m_idleTimeoutMs;
    QHash<QString, Session> m_sessions;
};

} // namespace qh::api
