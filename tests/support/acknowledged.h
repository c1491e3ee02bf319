// What a crashed process had acknowledged, and the check that all of it reached the database.
#pragma once

#include <cstdint>
#include <map>
#include <set>

#include <QString>

namespace qh::test {

struct Acknowledged
{
    std::map<std::int64_t, QString> issued; // id → number
    std::set<std::int64_t> confirmed;       // printed: no longer issuing
    std::set<std::int64_t> called;
    std::set<std::int64_t> completed;
    std::set<QString> acceptedCases; // serials
    std::set<QString> completedCases;
};

// After a crash: the file is intact, every acknowledged operation is there, no number repeats
// within a service day, and the audit trail verifies.
void checkAcknowledged(const QString& dbPath, const Acknowledged& acks);

} // namespace qh::test
