// The application service: the only code that opens transactions and appends to the audit trail.
// After each commit it emits the events that commit made, in order; everything else follows them.
#pragma once

#include "engine.h"

#include <exception>
#include <functional>
#include <optional>
#include <vector>

#include <QObject>
#include <QTimer>

namespace qh::service {

class HallService : public QObject, private engine::AuditTrail
{
    Q_OBJECT

public:
    // Status codes are drawn from `random`: the system's unguessable source unless a test or the
    // simulator gives a seeded one.
    HallService(engine::HallStore& store, const engine::Clock& clock,
                QRandomGenerator& random = *QRandomGenerator::system(), QObject* parent = nullptr);

    const engine::HallConfig& hall() const { return m_engine.hall(); }
    const engine::Clock& clock() const { return m_clock; }
    // Outside a unit of work, what the engine and the store say is what has been committed; a
    // change through them belongs inside perform().
    engine::QueueEngine& engine() { return m_engine; }
    engine::HallStore& store() { return m_store; }

    // Runs fn in the unit of work in progress, inside a savepoint of its own, or else in a new
    // transaction that is committed before perform returns. When fn throws, everything it
    // wrote and recorded is undone and the exception goes on to the caller.
    template <typename Fn> auto perform(Fn&& fn) -> decltype(fn());
    // Appends an event to the audit trail of the unit of work in progress.
    void record(engine::Event event) override;

    // Group commit. `work` runs at the event loop's next turn together with every other work
    // submitted until then: each in a savepoint of its own (a work that throws is undone alone),
    // all in one transaction, one commit and one fsync. Then `done` is called for each, in
    // order, with nothing when its work was committed, or the exception that undid it (its own,
    // or the commit's).
    void submit(std::function<void()> work, std::function<void(std::exception_ptr)> done);
    // Commits what was submitted now, without waiting for the event loop.
    void commitSubmitted();

    // The engine's operations, each one committed unit of work.
    engine::TicketView issue(const engine::IssueRequest& request, const engine::Actor& actor);
    engine::Ticket confirmPrinted(std::int64_t ticketId, const engine::Actor& actor);
    engine::Ticket voidTicket(std::int64_t ticketId, const QString& reason,
                              const engine::Actor& actor);
    int voidStaleIssuing(const engine::Actor& actor);
    std::optional<engine::Ticket> callNext(int window, const engine::Actor& actor);
    engine::Ticket callNumber(int window, const QString& number, const engine::Actor& actor);
    engine::Ticket recall(int window, const engine::Actor& actor);
    engine::Ticket start(int window, const engine::Actor& actor);
    engine::Ticket complete(int window, const engine::Actor& actor);
    engine::Ticket noShow(int window, const engine::Actor& actor);
    engine::Ticket hold(int window, const engine::Actor& actor);
    engine::Ticket returnHeld(int window, const QString& number, const engine::Actor& actor);
    engine::Ticket transferToService(int window, const QString& serviceId,
                                     const engine::Actor& actor);
    engine::Ticket transferToWindow(int window, int targetWindow, const engine::Actor& actor);
    engine::Ticket rate(int window, int rating, const engine::Actor& actor);
    engine::Ticket rateOnline(const QString& statusCode, int rating, const engine::Actor& actor);
    engine::Case rateCaseOnline(const QString& serial, int rating, const engine::Actor& actor);
    void pause(int window, const engine::Actor& actor);
    void resume(int window, const engine::Actor& actor);
    void signIn(int window, const engine::StaffMember& clerk, const engine::Actor& actor);
    void signOut(int window, const QString& reason, const engine::Actor& actor);
    int signOutPastDays(const engine::Actor& actor);
    engine::CalendarYear importCalendar(const QByteArray& content, const engine::Actor& actor);
    engine::Notice publishNotice(const engine::Notice& notice, const engine::Actor& actor);
    void withdrawNotice(std::int64_t id, const engine::Actor& actor);
    void changeHall(const engine::HallConfig& next, const QByteArray& source,
                    const QJsonArray& changes, const engine::Actor& actor);

    // The case desk's operations (see engine::CaseDesk), each one committed unit of work.
    engine::AcceptedCase acceptCase(int window, const QString& serviceId,
                                    const engine::Actor& actor);
    engine::Case suspendCase(const QString& serial, const QString& reason,
                             const engine::Actor& actor);
    engine::Case resumeCase(const QString& serial, const engine::Actor& actor);
    engine::Case completeCase(const QString& serial, engine::CaseResult result,
                              const QString& reason, const engine::Actor& actor);
    engine::Case returnCase(const QString& serial, const QString& reason,
                            const engine::Actor& actor);
    engine::Case withdrawCase(const QString& serial, const QString& reason,
                              const engine::Actor& actor);
    int escalateCases(const engine::Actor& actor);
    // A wrong password is committed too: it counts towards the case's lock.
    engine::CaseLookup lookupCase(const QString& serial, const QString& password,
                                  const engine::Actor& actor);

    // The follow-ups of 差评 (see engine::FollowUpDesk), each one committed unit of work.
    engine::FollowUp contactFollowUp(std::int64_t id, const QString& record,
                                     const engine::Actor& actor);
    engine::FollowUp rectifyFollowUp(std::int64_t id, const QString& finding,
                                     const QString& rectification, const engine::Actor& actor);
    engine::FollowUp closeFollowUp(std::int64_t id, const engine::Actor& actor);
    engine::FollowUp appealFollowUp(std::int64_t id, const QString& reason,
                                    const engine::Actor& actor);
    engine::FollowUp decideFollowUp(std::int64_t id, bool upheld, const QString& reason,
                                    const engine::Actor& actor);
    int escalateFollowUps(const engine::Actor& actor);

    // Appointments (see engine::AppointmentDesk), each one committed unit of work.
    engine::Appointment book(const QString& serviceId, std::int64_t slotStart, const QString& phone,
                             const QString& lang, const engine::Actor& actor);
    engine::Appointment cancelAppointment(const QString& code, const QString& phone,
                                          const engine::Actor& actor);
    engine::TicketView checkIn(const QString& code, const QString& lang,
                               const engine::Actor& actor);
    int markNoShows(const engine::Actor& actor);

    // The SMS outbox (see engine::MessageDesk), each one committed unit of work.
    std::optional<engine::OutboxMessage> nextMessage(const engine::Actor& actor);
    // The city's copy of the trail holds every event up to `seq` (the relay's cursor; not an
    // event of the trail itself).
    void cityAcknowledged(std::int64_t seq);
    void messageSent(std::int64_t id, const std::vector<int>& references,
                     const engine::Actor& actor);
    void messageFailed(std::int64_t id, bool temporary, const QString& reason,
                       const engine::Actor& actor);
    void messageReported(const QString& phone, int reference, bool delivered, int status,
                         const engine::Actor& actor);
    engine::SmsReply receiveMessage(const QString& phone, const QString& text,
                                    const engine::Actor& actor);
    int purgePhones(const engine::Actor& actor);

Q_SIGNALS:
    // Every event of the audit trail, once, in order, after the commit that made it durable.
    void committed(const engine::Event& event);
    // After a commit that queued SMS (with the committed events).
    void messagesQueued();

private:
    struct Submitted
    {
        std::function<void()> work;
        std::function<void(std::exception_ptr)> done;
    };

    void runInUnit(const std::function<void()>& fn);
    void commitAndEmit(engine::Transaction& transaction);

    engine::HallStore& m_store;
    const engine::Clock& m_clock;
    engine::QueueEngine m_engine;
    int m_depth = 0;                     // units of work open, the outermost being the transaction
    std::vector<engine::Event> m_unsent; // recorded in this transaction, to emit after its commit
    std::vector<Submitted> m_submitted;
    QTimer m_commitTimer; // the event loop's next turn, while something is submitted
};

template <typename Fn> auto HallService::perform(Fn&& fn) -> decltype(fn())
{
    using Result = decltype(fn());
    if constexpr (std::is_void_v<Result>) {
        runInUnit(fn);
    } else {
        std::optional<Result> result;
        runInUnit([&] { result.emplace(fn()); });
        return std::move(*result);
    }
}

} // namespace qh::service
