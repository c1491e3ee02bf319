// Crash-test worker: issues, confirms, calls, accepts cases, completes them and the tickets in a
// loop, printing "ACK ..." after each committed operation, until it is killed.
#include "hallservice.h"
#include "testhall.h"

#include <cstdio>

using namespace qh;

int main(int argc, char** argv)
{
    if (argc != 2) {
        std::fprintf(stderr, "usage: crash_worker DB\n");
        return 2;
    }
    db::Database database(QString::fromLocal8Bit(argv[1]));
    db::Store store(database);
    // Simulated time goes on from the newest ticket, 100 ms per operation, within opening hours.
    std::int64_t start = test::shanghai("2026-11-25 10:00");
    {
        auto q = database.prepare("SELECT max(issued_at) FROM tickets");
        if (q.step() && !q.isNull(0))
            start = q.int64(0) + 1000;
    }
    engine::ManualClock clock(start);
    service::HallService hall(store, clock);
    const engine::Actor actor{QStringLiteral("crash worker"), QStringLiteral("test")};
    const QStringList services = {QStringLiteral("id-card"), QStringLiteral("residence"),
                                  QStringLiteral("invoice"), QStringLiteral("birth-notary")};
    const auto ack = [](const QString& line) {
        std::fputs(qPrintable(line + u'\n'), stdout);
        std::fflush(stdout);
    };
    for (int i = 0;; ++i) {
        clock.advanceSeconds(0.1);
        const engine::TicketView v =
            hall.issue({.serviceId = services[i % services.size()]}, actor);
        ack(QStringLiteral("ACK issued %1 %2").arg(v.ticket.id).arg(v.ticket.number));
        hall.confirmPrinted(v.ticket.id, actor);
        ack(QStringLiteral("ACK confirmed %1").arg(v.ticket.id));
        const int window = i % 4 + 1;
        if (const auto current = store.window(window).currentTicket) {
            // A kill may have come between start and complete.
            if (store.ticket(*current)->state == engine::TicketState::Called)
                hall.start(window, actor);
            // A case from the ticket; every other one is completed on the spot.
            const QString serial = hall.acceptCase(window, {}, actor).record.serial;
            ack(QStringLiteral("ACK accepted %1").arg(serial));
            if (i % 2 == 0) {
                hall.completeCase(serial, engine::CaseResult::Approved, {}, actor);
                ack(QStringLiteral("ACK finished %1").arg(serial));
            }
            const engine::Ticket done = hall.complete(window, actor);
            ack(QStringLiteral("ACK completed %1").arg(done.id));
        } else if (const auto called = hall.callNext(window, actor)) {
            ack(QStringLiteral("ACK called %1").arg(called->id));
        }
    }
}
