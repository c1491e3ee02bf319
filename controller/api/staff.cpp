// The hall's people: accounts with roles, their password or PIN hashed with argon2id
// (libsodium), the lockout after wrong ones, and a clerk's sign-in at a window.
#include "staff.h"

#include <sodium.h>

#include <QRegularExpression>

using namespace Qt::Literals::StringLiterals;
using qh::engine::EngineError;
using qh::engine::StaffMember;

namespace qh::api {

const QStringList StaffRegistry::kRoles = {u"clerk"_s, u"head"_s, u"admin"_s, u"auditor"_s};

namespace {

void invalid(const QString& message)
{
    throw EngineError(EngineError::Code::Invalid, message);
}

QString hashSecret(const QString& secret)
{
    const QByteArray utf8 = secret.toUtf8();
    char out[crypto_pwhash_STRBYTES];
    if (crypto_pwhash_str(out, utf8.constData(), quint64(utf8.size()),
                          crypto_pwhash_OPSLIMIT_INTERACTIVE,
                          crypto_pwhash_MEMLIMIT_INTERACTIVE) != 0)
        throw std::runtime_error("argon2id ran out of memory");
    return QString::fromLatin1(out);
}

bool secretMatches(const QString& hash, const QString& secret)
{
    const QByteArray utf8 = secret.toUtf8();
    return crypto_pwhash_str_verify(hash.toLatin1().constData(), utf8.constData(),
                                    quint64(utf8.size())) == 0;
}

// Checked against when the account is unknown, so that an unknown number takes as long as a
// wrong secret.
const QString& decoyHash()
{
    static const QString hash = hashSecret(u"no such account"_s);
    return hash;
}

} // namespace

StaffRegistry::StaffRegistry(service::HallService& service)
    : m_service(service)
    , m_store(service.store())
{
    if (sodium_init() < 0)
        throw std::runtime_error("libsodium cannot start");
}

bool StaffRegistry::needsPassword(const QStringList& roles)
{
    return roles.contains(u"head"_s) || roles.contains(u"admin"_s) || roles.contains(u"auditor"_s);
}

void StaffRegistry::checkSecret(const QStringList& roles, const QString& secret) const
{
    static const QRegularExpression pin(u"^[0-9]{4,8}$"_s);
    if (needsPassword(roles)) {
        if (secret.size() < 10 || secret.size() > 128)
            invalid(u"password: a head, admin or auditor needs 10 to 128 characters"_s);
    } else if (!pin.match(secret).hasMatch()) {
        invalid(u"pin: a clerk's PIN is 4 to 8 digits"_s);
    }
}

void StaffRegistry::checkRequest(const StaffRequest& request) const
{
    const QString name = request.name.trimmed();
    if (name.isEmpty() || name.size() > 50)
        invalid(u"name: 1 to 50 characters"_s);
    if (request.roles.isEmpty())
        invalid(u"roles: at least one of %1"_s.arg(kRoles.join(u", "_s)));
    for (const QString& role : request.roles) {
        if (!kRoles.contains(role))
            invalid(u"roles: '%1' is not one of %2"_s.arg(role, kRoles.join(u", "_s)));
    }
    if (!request.department.isEmpty() && !m_service.hall().department(request.department))
        invalid(u"department: no department '%1' in the hall"_s.arg(request.department));
    if (request.roles.contains(u"head"_s) && request.department.isEmpty())
        invalid(u"department: a department head needs a department"_s);
}

StaffMember StaffRegistry::add(const StaffRequest& request, const engine::Actor& by)
{
    static const QRegularExpression number(u"^[A-Za-z0-9]{1,20}$"_s);
    if (!number.match(request.number).hasMatch())
        invalid(u"number: 1 to 20 letters or digits"_s);
    checkRequest(request);
    checkSecret(request.roles, request.secret);

    StaffMember member;
    member.number = request.number;
    member.name = request.name.trimmed();
    member.department = request.department;
    member.roles = request.roles;
    member.roles.removeDuplicates();
    member.secretHash = hashSecret(request.secret);
    member.createdAt = m_service.clock().nowMs();
    m_service.perform([&] {
        if (m_store.staffByNumber(member.number))
            invalid(u"number: %1 is in use"_s.arg(member.number));
        member.id = m_store.addStaff(member);
        m_service.record({0, member.createdAt, u"staff.added"_s, by.who, by.device, std::nullopt,
                          std::nullopt,
                          QJsonObject{{u"staff"_s, member.number},
                                      {u"name"_s, member.name},
                                      {u"department"_s, member.department},
                                      {u"roles"_s, member.roles.join(u',')}}});
    });
    return member;
}

StaffMember StaffRegistry::edit(const StaffRequest& request, const engine::Actor& by)
{
    std::optional<StaffMember> member = find(request.number);
    if (!member)
        throw EngineError(EngineError::Code::NotFound, u"no staff number %1"_s.arg(request.number));
    checkRequest(request);
    const bool newSecret = needsPassword(request.roles) != needsPassword(member->roles);
    if (newSecret && request.secret.isEmpty())
        invalid(needsPassword(request.roles)
                    ? u"password: with these roles the account needs a password"_s
                    : u"pin: with these roles the account needs a PIN"_s);
    if (!request.secret.isEmpty()) {
        checkSecret(request.roles, request.secret);
        member->secretHash = hashSecret(request.secret);
    }
    const QJsonObject before{{u"name"_s, member->name},
                             {u"department"_s, member->department},
                             {u"roles"_s, member->roles.join(u',')}};
    member->name = request.name.trimmed();
    member->department = request.department;
    member->roles = request.roles;
    member->roles.removeDuplicates();
    m_service.perform([&] {
        if (!member->hasRole(u"clerk"_s)) {
            for (const engine::WindowState& w : m_store.windows()) {
                if (w.clerk == member->id)
                    m_service.engine().signOut(w.number, u"no longer a clerk"_s, by);
            }
        }
        m_store.updateStaff(*member);
        m_service.record(
            {0, m_service.clock().nowMs(), u"staff.changed"_s, by.who, by.device, std::nullopt,
             std::nullopt,
             QJsonObject{{u"staff"_s, member->number},
                         {u"before"_s, before},
                         {u"after"_s, QJsonObject{{u"name"_s, member->name},
                                                  {u"department"_s, member->department},
                                                  {u"roles"_s, member->roles.join(u',')}}},
                         {u"newSecret"_s, !request.secret.isEmpty()}}});
    });
    return *member;
}

void StaffRegistry::resetSecret(const QString& number, const QString& secret,
                                const engine::Actor& by)
{
    std::optional<StaffMember> member = find(number);
    if (!member)
        throw EngineError(EngineError::Code::NotFound, u"no staff number %1"_s.arg(number));
    checkSecret(member->roles, secret);
    member->secretHash = hashSecret(secret);
    member->failures = 0;
    member->lockedUntil = 0;
    m_service.perform([&] {
        m_store.updateStaff(*member);
        m_service.record({0, m_service.clock().nowMs(), u"staff.secret_reset"_s, by.who, by.device,
                          std::nullopt, std::nullopt,
                          QJsonObject{{u"staff"_s, member->number}, {u"name"_s, member->name}}});
    });
}

void StaffRegistry::disable(const QString& number, const engine::Actor& by)
{
    m_service.perform([&] {
        std::optional<StaffMember> member = find(number);
        if (!member)
            throw EngineError(EngineError::Code::NotFound, u"no staff number %1"_s.arg(number));
        if (!member->active())
            throw EngineError(EngineError::Code::WrongState,
                              u"%1 is already disabled"_s.arg(member->label()));
        for (const engine::WindowState& w : m_store.windows()) {
            if (w.clerk == member->id)
                m_service.engine().signOut(w.number, u"account disabled"_s, by);
        }
        const std::int64_t now = m_service.clock().nowMs();
        member->disabledAt = now;
        m_store.updateStaff(*member);
        m_service.record({0, now, u"staff.disabled"_s, by.who, by.device, std::nullopt,
                          std::nullopt,
                          QJsonObject{{u"staff"_s, member->number}, {u"name"_s, member->name}}});
    });
}

std::vector<StaffMember> StaffRegistry::list()
{
    return m_store.staff();
}

std::optional<StaffMember> StaffRegistry::find(const QString& number)
{
    return m_store.staffByNumber(number);
}

std::optional<StaffMember> StaffRegistry::find(std::int64_t id)
{
    return m_store.staffMember(id);
}

Verification StaffRegistry::verify(const QString& number, const QString& secret,
                                   const engine::Actor& actor)
{
    std::optional<StaffMember> member = number.size() <= 20 ? find(number) : std::nullopt;
    if (!member || !member->active()) {
        secretMatches(decoyHash(), secret);
        return {};
    }
    const std::int64_t now = m_service.clock().nowMs();
    if (member->lockedUntil > now)
        return {Verification::Outcome::Locked, std::nullopt, member->lockedUntil};
    const bool right = secret.size() <= 128 && secretMatches(member->secretHash, secret);
    if (right && member->failures == 0)
        return {Verification::Outcome::Accepted, member, 0};
    m_service.perform([&] {
        if (right) {
            member->failures = 0;
        } else if (++member->failures >= kFailuresBeforeLock) {
            member->failures = 0;
            member->lockedUntil = now + kLockMs;
        }
        m_store.updateStaff(*member);
        if (!right)
            m_service.record(
                {0, now, member->lockedUntil > now ? u"staff.locked"_s : u"staff.sign_in_failed"_s,
                 actor.who, actor.device, std::nullopt, std::nullopt,
                 QJsonObject{{u"staff"_s, member->number}}});
    });
    if (right)
        return {Verification::Outcome::Accepted, member, 0};
    if (member->lockedUntil > now)
        return {Verification::Outcome::Locked, std::nullopt, member->lockedUntil};
    return {};
}

Verification StaffRegistry::signIn(int window, const QString& number, const QString& pin,
                                   const engine::Actor& device)
{
    Verification v = verify(number, pin, device);
    if (v.outcome != Verification::Outcome::Accepted)
        return v;
    if (!v.member->hasRole(u"clerk"_s))
        throw EngineError(
            EngineError::Code::WrongState,
            u"%1 is not a clerk; only clerks sign in at a window"_s.arg(v.member->label()));
    m_service.signIn(window, *v.member, clerkActor(*v.member, device));
    return v;
}

engine::Actor clerkActor(const StaffMember& clerk, const engine::Actor& device)
{
    return {clerk.label(), device.device};
}

} // namespace qh::api
