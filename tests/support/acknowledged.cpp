// What a crashed process had acknowledged, and the check that all of it reached the database.
#include "acknowledged.h"

#include "catchqt.h"
#include "store.h"

namespace qh::test {

void checkAcknowledged(const QString& dbPath, const Acknowledged& acks)
{
    db::Database database(dbPath);
    db::Store store(database);
    {
        auto q = database.prepare("PRAGMA integrity_check");
        REQUIRE(q.step());
        CHECK(q.text(0) == QStringLiteral("ok"));
    }
    for (const auto& [id, number] : acks.issued) {
        const auto t = store.ticket(id);
        REQUIRE(t);
        CHECK(t->number == number);
    }
    for (std::int64_t id : acks.confirmed)
        CHECK(store.ticket(id)->state != engine::TicketState::Issuing);
    for (std::int64_t id : acks.called)
        CHECK(store.ticket(id)->calledAt.has_value());
    for (std::int64_t id : acks.completed)
        CHECK(store.ticket(id)->state == engine::TicketState::Completed);
    for (const QString& serial : acks.acceptedCases)
        CHECK(store.caseBySerial(serial).has_value());
    for (const QString& serial : acks.completedCases) {
        const auto c = store.caseBySerial(serial);
        REQUIRE(c);
        CHECK(c->state == engine::CaseState::Completed);
    }
    {
        auto q = database.prepare("SELECT service_day, number, count(*) FROM tickets "
                                  "WHERE previous_id IS NULL GROUP BY 1, 2 HAVING count(*) > 1");
        CHECK_FALSE(q.step());
    }
    CHECK(store.verifyAudit().problems.isEmpty());
}

} // namespace qh::test
