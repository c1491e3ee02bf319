// The hall file: its JSON loader with validation, into the domain's hall model.
#pragma once

#include "hall.h"

#include <stdexcept>

#include <QJsonArray>
#include <QJsonObject>
#include <QStringList>

namespace qh::db {

// A rejected hall file: one line per problem, each "field.path: reason".
class ConfigError : public std::runtime_error
{
public:
    explicit ConfigError(const QStringList& problems);
    const QStringList& problems() const { return m_problems; }

private:
    QStringList m_problems;
};

// A validated hall file with the text it came from (kept in the database as loaded).
struct HallFile
{
    engine::HallConfig config;
    QByteArray source;
};

// The JSON object in a settings file; throws ConfigError naming the file when it cannot be read
// or holds no JSON object.
QJsonObject readJsonObject(const QString& path);

// Parses and validates hall JSON; throws ConfigError listing every problem found.
engine::HallConfig parseHallConfig(const QByteArray& json);
// Reads and validates a hall file; throws ConfigError when it cannot be read or is wrong.
HallFile readHallFile(const QString& path);

// The hall file as it may be shown (the admin pages, the audit trail): the SIM's PIN
// (`sms.pin`) replaced by kHiddenSecret.
inline constexpr const char* kHiddenSecret = "(hidden)";
QJsonObject withoutSecrets(QJsonObject file);
// A file made from a shown one, with the secrets it still shows hidden taken from `current`.
QJsonObject withSecrets(QJsonObject file, const QJsonObject& current);

// What differs between two hall files, for the audit trail: each department, service or window
// added, removed or changed, and each other top-level section changed, as
// {section, key?, before?, after?}; secrets shown hidden.
QJsonArray hallChanges(const QJsonObject& before, const QJsonObject& after);

} // namespace qh::db
