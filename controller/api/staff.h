// The hall's people: accounts with roles, their password or PIN hashed with argon2id
// (libsodium), the lockout after wrong ones, and a clerk's sign-in at a window.
#pragma once

#include "hallservice.h"

#include <optional>
#include <vector>

#include <QString>
#include <QStringList>

namespace qh::api {

// What a person asks for when an account is made.
struct StaffRequest
{
    QString number;     // 工号: letters and digits, 1-20
    QString name;       // 1-50 characters
    QString department; // a department id of the hall; required for a head
    QStringList roles;  // clerk, head, admin, auditor
    QString secret;     // a password (10-128 characters) for a head, admin or auditor; else a PIN
};

// The outcome of a password or PIN given for an account.
struct Verification
{
    enum class Outcome { Accepted, Refused, Locked };
    Outcome outcome = Outcome::Refused;
    std::optional<engine::StaffMember> member; // when accepted
    std::int64_t lockedUntil = 0;              // when locked
};

class StaffRegistry
{
public:
    static constexpr int kFailuresBeforeLock = 5;
    static constexpr std::int64_t kLockMs = 15 * 60 * 1000;
    static const QStringList kRoles;

    explicit StaffRegistry(service::HallService& service);

    // Refuses (EngineError invalid) a bad number, name, department, role set or secret, naming
    // the field; a number in use is refused too.
    engine::StaffMember add(const StaffRequest& request, const engine::Actor& by);
    // New name, department and roles (and a new secret, required when the roles change between
    // needing a PIN and a password); a clerk no longer is signed out of his window.
    engine::StaffMember edit(const StaffRequest& request, const engine::Actor& by);
    // A new password or PIN, which also ends a lockout.
    void resetSecret(const QString& number, const QString& secret, const engine::Actor& by);
    // The account can no longer sign in; a window it is signed in at is signed out.
    void disable(const QString& number, const engine::Actor& by);
    std::vector<engine::StaffMember> list();
    std::optional<engine::StaffMember> find(const QString& number);
    std::optional<engine::StaffMember> find(std::int64_t id);

    // Checks a password or PIN. A wrong one is counted (and committed); the fifth in a row locks
    // the account for kLockMs. An unknown or disabled number is refused alike, in the same time.
    Verification verify(const QString& number, const QString& secret, const engine::Actor& actor);
    // The clerk with this number and PIN signs in at the window, if the PIN is right.
    Verification signIn(int window, const QString& number, const QString& pin,
                        const engine::Actor& device);

    // Whether the secret fits the roles: a password for a head, admin or auditor, else a PIN.
    static bool needsPassword(const QStringList& roles);

private:
    // Refuses a bad name, role set or department, naming the field.
    void checkRequest(const StaffRequest& request) const;
    void checkSecret(const QStringList& roles, const QString& secret) const;

    service::HallService& m_service;
    engine::HallStore& m_store;
};

// How the trail names a clerk acting through a window's device: "1024 张三" on caller#7.
engine::Actor clerkActor(const engine::StaffMember& clerk, const engine::Actor& device);

} // namespace qh::api
