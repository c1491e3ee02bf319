// The audit trail: an append-only, hash-chained event log that reveals edits and deletions.
#include "testhall.h"

using namespace qh;
using test::TestHall;

namespace {

void busyMorning(TestHall& h)
{
    for (int i = 0; i < 3; ++i) {
        h.take(QStringLiteral("id-card"));
        h.service->callNext(1, h.actor);
        h.service->start(1, h.actor);
        h.service->complete(1, h.actor);
    }
}

} // namespace

TEST_CASE("the chain verifies after a morning of work")
{
    TestHall h;
    busyMorning(h);
    const db::AuditReport report = h.sqlite().verifyAudit();
    CHECK(report.checked == 16); // hall.initialised, then five per ticket
    CHECK(report.problems.isEmpty());
}

TEST_CASE("the event log refuses updates and deletes through SQL")
{
    TestHall h;
    busyMorning(h);
    CHECK_THROWS_WITH(h.database->execScript(QStringLiteral("UPDATE events SET actor = 'x'")),
                      Catch::Contains("append-only"));
    CHECK_THROWS_WITH(h.database->execScript(QStringLiteral("DELETE FROM events")),
                      Catch::Contains("append-only"));
}

TEST_CASE("an edited, deleted or truncated event is reported")
{
    TestHall h;
    busyMorning(h);
    h.database->execScript(
        QStringLiteral("DROP TRIGGER events_no_update; DROP TRIGGER events_no_delete;"));
    SECTION("edited")
    {
        h.database->execScript(QStringLiteral("UPDATE events SET window = 2 WHERE seq = 4"));
        CHECK(h.sqlite().verifyAudit().problems ==
              QStringList{QStringLiteral("event 4 was altered after it was written")});
    }
    SECTION("edited with its hash recomputed by someone who does not know the chain")
    {
        h.database->execScript(QStringLiteral("UPDATE events SET prev_hash = hash WHERE seq = 7"));
        const QStringList problems = h.sqlite().verifyAudit().problems;
        CHECK(problems.contains(QStringLiteral("event 7 does not follow the event before it")));
    }
    SECTION("deleted in the middle")
    {
        h.database->execScript(QStringLiteral("DELETE FROM events WHERE seq IN (5, 6)"));
        CHECK(h.sqlite().verifyAudit().problems.contains(
            QStringLiteral("events 5 to 6 are missing")));
    }
    SECTION("the last event deleted")
    {
        h.database->execScript(QStringLiteral("DELETE FROM events WHERE seq = 16"));
        CHECK(h.sqlite().verifyAudit().problems ==
              QStringList{QStringLiteral(
                  "ticket A003 (id 3) is completed but its last event says serving")});
    }
    SECTION("a ticket changed without an event")
    {
        h.database->execScript(QStringLiteral("UPDATE tickets SET state = 'voided' WHERE id = 2"));
        CHECK(h.sqlite().verifyAudit().problems ==
              QStringList{QStringLiteral(
                  "ticket A002 (id 2) is voided but its last event says completed")});
    }
    SECTION("a window's pause deleted from the log")
    {
        h.service->pause(4, h.actor);
        h.database->execScript(QStringLiteral("DELETE FROM events WHERE seq = 17"));
        CHECK(h.sqlite().verifyAudit().problems ==
              QStringList{QStringLiteral("window 4 is paused but its last event says otherwise")});
    }
}
