// A hand-built November 2026 at the small hall: two service days of tickets, green and
// appointment tickets, a transfer, a no-show, a voided and an unprinted ticket, overtime, pauses,
// ratings from the pad and the status page, a 差评 rectified late and one annulled on appeal, a
// case finished the same day. The reports' tests work out its figures by hand.
#pragma once

#include "reports.h"
#include "testhall.h"

#include <QProcess>

namespace qh::test {

struct November : qh::test::TestHall
{
    November()
    {
        service->importCalendar(qh::test::calendarFile2026(), actor);
        day1();
        day2();
        at("2026-12-03 10:00");
        service->rectifyFollowUp(1, QStringLiteral("no seat near window 2"),
                                 QStringLiteral("two chairs added"), actor); // due 2 December: late
        at("2026-12-10 09:00");
    }

    void at(const char* local) { clock.set(shanghai(local)); }

    engine::Ticket issue(const char* local, const char* serviceId,
                         engine::Priority priority = engine::Priority::Normal, bool printed = true,
                         std::optional<std::int64_t> appointment = std::nullopt)
    {
        at(local);
        engine::IssueRequest r;
        r.serviceId = QString::fromLatin1(serviceId);
        r.priority = priority;
        r.appointmentAt = appointment;
        const engine::Ticket t = service->issue(r, actor).ticket;
        return printed ? service->confirmPrinted(t.id, actor) : t;
    }

    void call(const char* local, int window, const QString& number)
    {
        at(local);
        service->callNumber(window, number, actor);
    }

    template <typename Fn> void then(const char* local, Fn&& fn)
    {
        at(local);
        fn();
    }

    // Wednesday 25 November (closes 17:00).
    void day1()
    {
        issue("2026-11-25 09:00", "id-card");                          // T1 A001
        issue("2026-11-25 09:05", "id-card", engine::Priority::Green); // T2 A002
        call("2026-11-25 09:06", 2, QStringLiteral("A002"));           // wait 60 s
        then("2026-11-25 09:07", [&] { service->start(2, actor); });
        call("2026-11-25 09:10", 1, QStringLiteral("A001")); // wait 600 s
        then("2026-11-25 09:11", [&] { service->start(1, actor); });
        then("2026-11-25 09:16", [&] { service->complete(2, actor); }); // service 600 s
        then("2026-11-25 09:16", [&] {
            service->rateOnline(store->ticket(2)->statusCode, 1, actor); // 差评 #1, web
        });
        then("2026-11-25 09:20", [&] { service->complete(1, actor); }); // service 600 s
        then("2026-11-25 09:21", [&] { service->rate(1, 5, actor); });
        issue("2026-11-25 09:30", "residence");              // T3 A003
        issue("2026-11-25 09:40", "invoice");                // T4 B001
        call("2026-11-25 09:50", 3, QStringLiteral("B001")); // wait 600 s
        then("2026-11-25 09:51", [&] { service->start(3, actor); });
        call("2026-11-25 10:00", 2, QStringLiteral("A003")); // wait 1800 s
        then("2026-11-25 10:00",
             [&] { service->transferToService(3, QStringLiteral("residence"), actor); });
        then("2026-11-25 10:01", [&] { service->recall(2, actor); });
        then("2026-11-25 10:02", [&] { service->recall(2, actor); });
        then("2026-11-25 10:03", [&] { service->noShow(2, actor); }); // the third call: no-show
        call("2026-11-25 10:20", 2, QStringLiteral("B001")); // wait 1200 s after the transfer
        then("2026-11-25 10:21", [&] { service->start(2, actor); });
        then("2026-11-25 10:30", [&] { service->complete(2, actor); });   // service 600 s
        const engine::Ticket t6 = issue("2026-11-25 11:00", "residence"); // T6, printed then voided
        then("2026-11-25 11:05",
             [&] { service->voidTicket(t6.id, QStringLiteral("applicant left"), actor); });
        const engine::Ticket t7 =
            issue("2026-11-25 11:10", "id-card", engine::Priority::Normal, false);
        service->voidTicket(t7.id, QStringLiteral("printer out of paper"), actor); // never printed
        then("2026-11-25 13:00", [&] { service->pause(1, actor); });
        then("2026-11-25 13:20", [&] { service->resume(1, actor); }); // 20 min: over 15
        then("2026-11-25 14:00", [&] { service->pause(2, actor); });
        then("2026-11-25 14:05", [&] { service->resume(2, actor); }); // 5 min
        issue("2026-11-25 16:20", "id-card");                         // T5 A006
        call("2026-11-25 16:50", 1, QStringLiteral("A006"));          // wait 1800 s
        then("2026-11-25 16:51", [&] { service->start(1, actor); });
        then("2026-11-25 17:10", [&] { service->complete(1, actor); }); // 1200 s, 10 min overtime
    }

    // Thursday 26 November.
    void day2()
    {
        issue("2026-11-26 09:00", "id-card", engine::Priority::Normal, true,
              shanghai("2026-11-26 09:00"));                 // T8 A001, an appointment
        call("2026-11-26 09:02", 1, QStringLiteral("A001")); // wait 120 s
        then("2026-11-26 09:03", [&] { service->start(1, actor); });
        QString serial;
        then("2026-11-26 09:05", [&] { serial = service->acceptCase(1, {}, actor).record.serial; });
        then("2026-11-26 09:12", [&] { service->complete(1, actor); }); // service 600 s
        then("2026-11-26 09:13", [&] { service->rate(1, 2, actor); });  // 差评 #2
        then("2026-11-26 10:00", [&] {
            service->contactFollowUp(1, QStringLiteral("phoned, no seat while waiting"), actor);
        });
        then("2026-11-26 15:00",
             [&] { service->completeCase(serial, engine::CaseResult::Approved, {}, actor); });
        then("2026-11-26 16:50", [&] { service->pause(1, actor); }); // to the closing: 10 min
        then("2026-11-27 10:00", [&] {
            service->appealFollowUp(2, QStringLiteral("pressed 2 for 'two documents'"), actor);
            service->decideFollowUp(2, true, QStringLiteral("the recording confirms it"), actor);
        });
    }

    struct Command
    {
        int exitCode = -1;
        QByteArray out;
        QByteArray err;
    };
    // `queuehall-controller report ARGS` on this hall's database file, on 10 December.
    Command reportCommand(const QStringList& args) const
    {
        QProcess p;
        p.start(binaryPath(QStringLiteral("queuehall-controller")),
                QStringList{QStringLiteral("--db"), dbPath(), QStringLiteral("--at"),
                            QStringLiteral("2026-12-10T09:00:00+08:00"), QStringLiteral("report")} +
                    args);
        if (!p.waitForFinished(30'000))
            return {};
        return {p.exitCode(), p.readAllStandardOutput(), p.readAllStandardError()};
    }

    reports::Report report(reports::Grouping grouping)
    {
        return reports::buildReport(sqlite(), service->hall(), service->engine().calendar(),
                                    {QDate(2026, 11, 1), QDate(2026, 11, 30)}, grouping,
                                    QDate(2026, 12, 10));
    }
};

} // namespace qh::test
