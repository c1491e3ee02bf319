// The application service: the only code that opens transactions and appends to the audit trail.
// After each commit it emits the events that commit made, in order; everything else follows them.
#include "hallservice.h"

#include <QLoggingCategory>

Q_LOGGING_CATEGORY(lcService, "qh.controller.service")

using namespace Qt::Literals::StringLiterals;

namespace qh::service {

HallService::HallService(engine::HallStore& store, const engine::Clock& clock,
                         QRandomGenerator& random, QObject* parent)
    : QObject(parent)
    , m_store(store)
    , m_clock(clock)
    , m_engine(store, clock, *this, random)
{
    m_commitTimer.setSingleShot(true);
    m_commitTimer.setInterval(0);
    connect(&m_commitTimer, &QTimer::timeout, this, &HallService::commitSubmitted);
}

void HallService::record(engine::Event event)
{
    if (m_depth == 0)
        throw std::logic_error("an event was recorded outside a unit of work");
    event.seq = m_store.appendEvent(event);
    m_engine.messages().follow(event); // in the same unit of work: a crash loses neither
    m_unsent.push_back(std::move(event));
}

void HallService::runInUnit(const std::function<void()>& fn)
{
    const bool outermost = m_depth == 0;
    std::optional<engine::Transaction> transaction;
    std::optional<engine::Savepoint> savepoint;
    if (outermost)
        transaction.emplace(m_store);
    else
        savepoint.emplace(m_store);
    const std::size_t unsentBefore = m_unsent.size();
    const std::uint64_t timesBefore = m_engine.cacheChanges();
    ++m_depth;
    try {
        fn();
    } catch (...) {
        --m_depth;
        m_unsent.resize(unsentBefore);
        savepoint.reset(); // rolls back to the savepoint
        transaction.reset();
        if (m_engine.cacheChanges() != timesBefore)
            m_engine.reloadCaches();
        throw;
    }
    --m_depth;
    if (savepoint)
        savepoint->release();
    else
        commitAndEmit(*transaction);
}

void HallService::commitAndEmit(engine::Transaction& transaction)
{
    try {
        transaction.commit();
    } catch (...) {
        m_unsent.clear();
        m_engine.reloadCaches();
        throw;
    }
    const std::vector<engine::Event> events = std::exchange(m_unsent, {});
    const bool queued = m_engine.messages().takeQueued();
    for (const engine::Event& e : events) {
        // A follower's failure is its own: the event is committed, and the others still get it.
        try {
            emit committed(e);
        } catch (const std::exception& error) {
            qCCritical(lcService) << "a follower of event" << e.seq << e.type
                                  << "failed:" << error.what();
        }
    }
    if (queued)
        emit messagesQueued();
}

void HallService::submit(std::function<void()> work, std::function<void(std::exception_ptr)> done)
{
    m_submitted.push_back({std::move(work), std::move(done)});
    if (!m_commitTimer.isActive())
        m_commitTimer.start();
}

void HallService::commitSubmitted()
{
    m_commitTimer.stop();
    const std::vector<Submitted> group = std::exchange(m_submitted, {});
    if (group.empty())
        return;
    std::vector<std::exception_ptr> outcomes(group.size());
    qCDebug(lcService) << "committing a group of" << group.size();
    try {
        runInUnit([&] {
            for (std::size_t i = 0; i < group.size(); ++i) {
                try {
                    runInUnit(group[i].work);
                } catch (...) {
                    outcomes[i] = std::current_exception();
                }
                // A store failure may have ended the transaction under everyone's feet.
                if (!m_store.inTransaction())
                    throw engine::StoreError("the transaction was lost after a store failure");
            }
        });
    } catch (...) {
        qCWarning(lcService) << "a group of" << group.size() << "operations was not committed";
        for (std::exception_ptr& outcome : outcomes) {
            if (!outcome)
                outcome = std::current_exception();
        }
    }
    for (std::size_t i = 0; i < group.size(); ++i) {
        try {
            group[i].done(outcomes[i]);
        } catch (const std::exception& error) {
            qCCritical(lcService) << "answering a committed operation failed:" << error.what();
        }
    }
}

engine::TicketView HallService::issue(const engine::IssueRequest& request,
                                      const engine::Actor& actor)
{
    return perform([&] { return m_engine.issue(request, actor); });
}

engine::Ticket HallService::confirmPrinted(std::int64_t ticketId, const engine::Actor& actor)
{
    return perform([&] { return m_engine.confirmPrinted(ticketId, actor); });
}

engine::Ticket HallService::voidTicket(std::int64_t ticketId, const QString& reason,
                                       const engine::Actor& actor)
{
    return perform([&] { return m_engine.voidTicket(ticketId, reason, actor); });
}

int HallService::voidStaleIssuing(const engine::Actor& actor)
{
    return perform([&] { return m_engine.voidStaleIssuing(actor); });
}

std::optional<engine::Ticket> HallService::callNext(int window, const engine::Actor& actor)
{
    return perform([&] { return m_engine.callNext(window, actor); });
}

engine::Ticket HallService::callNumber(int window, const QString& number,
                                       const engine::Actor& actor)
{
    return perform([&] { return m_engine.callNumber(window, number, actor); });
}

engine::Ticket HallService::recall(int window, const engine::Actor& actor)
{
    return perform([&] { return m_engine.recall(window, actor); });
}

engine::Ticket HallService::start(int window, const engine::Actor& actor)
{
    return perform([&] { return m_engine.start(window, actor); });
}

engine::Ticket HallService::complete(int window, const engine::Actor& actor)
{
    return perform([&] { return m_engine.complete(window, actor); });
}

engine::Ticket HallService::noShow(int window, const engine::Actor& actor)
{
    return perform([&] { return m_engine.noShow(window, actor); });
}

engine::Ticket HallService::hold(int window, const engine::Actor& actor)
{
    return perform([&] { return m_engine.hold(window, actor); });
}

engine::Ticket HallService::returnHeld(int window, const QString& number,
                                       const engine::Actor& actor)
{
    return perform([&] { return m_engine.returnHeld(window, number, actor); });
}

engine::Ticket HallService::transferToService(int window, const QString& serviceId,
                                              const engine::Actor& actor)
{
    return perform([&] { return m_engine.transferToService(window, serviceId, actor); });
}

engine::Ticket HallService::transferToWindow(int window, int targetWindow,
                                             const engine::Actor& actor)
{
    return perform([&] { return m_engine.transferToWindow(window, targetWindow, actor); });
}

engine::CalendarYear HallService::importCalendar(const QByteArray& content,
                                                 const engine::Actor& actor)
{
    return perform([&] { return m_engine.importCalendar(content, actor); });
}

engine::Ticket HallService::rate(int window, int rating, const engine::Actor& actor)
{
    return perform([&] { return m_engine.rate(window, rating, actor); });
}

engine::Ticket HallService::rateOnline(const QString& statusCode, int rating,
                                       const engine::Actor& actor)
{
    return perform([&] { return m_engine.rateOnline(statusCode, rating, actor); });
}

engine::Case HallService::rateCaseOnline(const QString& serial, int rating,
                                         const engine::Actor& actor)
{
    return perform([&] { return m_engine.rateCaseOnline(serial, rating, actor); });
}

void HallService::pause(int window, const engine::Actor& actor)
{
    perform([&] { m_engine.pause(window, actor); });
}

void HallService::resume(int window, const engine::Actor& actor)
{
    perform([&] { m_engine.resume(window, actor); });
}

engine::AcceptedCase HallService::acceptCase(int window, const QString& serviceId,
                                             const engine::Actor& actor)
{
    return perform([&] {
        engine::AcceptedCase accepted = m_engine.cases().accept(window, serviceId, actor);
        m_engine.messages().caseAccepted(accepted.record, accepted.password, m_unsent.back().seq);
        return accepted;
    });
}

engine::Case HallService::suspendCase(const QString& serial, const QString& reason,
                                      const engine::Actor& actor)
{
    return perform([&] { return m_engine.cases().suspend(serial, reason, actor); });
}

engine::Case HallService::resumeCase(const QString& serial, const engine::Actor& actor)
{
    return perform([&] { return m_engine.cases().resume(serial, actor); });
}

engine::Case HallService::completeCase(const QString& serial, engine::CaseResult result,
                                       const QString& reason, const engine::Actor& actor)
{
    return perform([&] { return m_engine.cases().complete(serial, result, reason, actor); });
}

engine::Case HallService::returnCase(const QString& serial, const QString& reason,
                                     const engine::Actor& actor)
{
    return perform([&] { return m_engine.cases().giveBack(serial, reason, actor); });
}

engine::Case HallService::withdrawCase(const QString& serial, const QString& reason,
                                       const engine::Actor& actor)
{
    return perform([&] { return m_engine.cases().withdraw(serial, reason, actor); });
}

int HallService::escalateCases(const engine::Actor& actor)
{
    return perform([&] { return m_engine.cases().escalate(actor); });
}

engine::FollowUp HallService::contactFollowUp(std::int64_t id, const QString& record,
                                              const engine::Actor& actor)
{
    return perform([&] { return m_engine.followUps().contact(id, record, actor); });
}

engine::FollowUp HallService::rectifyFollowUp(std::int64_t id, const QString& finding,
                                              const QString& rectification,
                                              const engine::Actor& actor)
{
    return perform([&] { return m_engine.followUps().rectify(id, finding, rectification, actor); });
}

engine::FollowUp HallService::closeFollowUp(std::int64_t id, const engine::Actor& actor)
{
    return perform([&] { return m_engine.followUps().close(id, actor); });
}

engine::FollowUp HallService::appealFollowUp(std::int64_t id, const QString& reason,
                                             const engine::Actor& actor)
{
    return perform([&] { return m_engine.followUps().appeal(id, reason, actor); });
}

engine::FollowUp HallService::decideFollowUp(std::int64_t id, bool upheld, const QString& reason,
                                             const engine::Actor& actor)
{
    return perform([&] { return m_engine.followUps().decide(id, upheld, reason, actor); });
}

void HallService::signIn(int window, const engine::StaffMember& clerk, const engine::Actor& actor)
{
    perform([&] { m_engine.signIn(window, clerk, actor); });
}

void HallService::signOut(int window, const QString& reason, const engine::Actor& actor)
{
    perform([&] { m_engine.signOut(window, reason, actor); });
}

int HallService::signOutPastDays(const engine::Actor& actor)
{
    return perform([&] { return m_engine.signOutPastDays(actor); });
}

engine::Notice HallService::publishNotice(const engine::Notice& notice, const engine::Actor& actor)
{
    return perform([&] { return m_engine.publishNotice(notice, actor); });
}

void HallService::withdrawNotice(std::int64_t id, const engine::Actor& actor)
{
    perform([&] { m_engine.withdrawNotice(id, actor); });
}

void HallService::changeHall(const engine::HallConfig& next, const QByteArray& source,
                             const QJsonArray& changes, const engine::Actor& actor)
{
    perform([&] { m_engine.changeHall(next, source, changes, actor); });
}

int HallService::escalateFollowUps(const engine::Actor& actor)
{
    return perform([&] { return m_engine.followUps().escalate(actor); });
}

engine::Appointment HallService::book(const QString& serviceId, std::int64_t slotStart,
                                      const QString& phone, const QString& lang,
                                      const engine::Actor& actor)
{
    return perform(
        [&] { return m_engine.appointments().book(serviceId, slotStart, phone, lang, actor); });
}

engine::Appointment HallService::cancelAppointment(const QString& code, const QString& phone,
                                                   const engine::Actor& actor)
{
    return perform([&] { return m_engine.appointments().cancel(code, phone, actor); });
}

engine::TicketView HallService::checkIn(const QString& code, const QString& lang,
                                        const engine::Actor& actor)
{
    return perform([&] { return m_engine.checkIn(code, lang, actor); });
}

int HallService::markNoShows(const engine::Actor& actor)
{
    return perform([&] { return m_engine.appointments().markNoShows(actor); });
}

engine::CaseLookup HallService::lookupCase(const QString& serial, const QString& password,
                                           const engine::Actor& actor)
{
    return perform([&] { return m_engine.cases().lookup(serial, password, actor); });
}

std::optional<engine::OutboxMessage> HallService::nextMessage(const engine::Actor& actor)
{
    return perform([&] { return m_engine.messages().next(actor); });
}

void HallService::cityAcknowledged(std::int64_t seq)
{
    perform([&] { m_store.setCityAcknowledged(seq); });
}

void HallService::messageSent(std::int64_t id, const std::vector<int>& references,
                              const engine::Actor& actor)
{
    perform([&] { m_engine.messages().sent(id, references, actor); });
}

void HallService::messageFailed(std::int64_t id, bool temporary, const QString& reason,
                                const engine::Actor& actor)
{
    perform([&] { m_engine.messages().failed(id, temporary, reason, actor); });
}

void HallService::messageReported(const QString& phone, int reference, bool delivered, int status,
                                  const engine::Actor& actor)
{
    perform([&] { m_engine.messages().reported(phone, reference, delivered, status, actor); });
}

engine::SmsReply HallService::receiveMessage(const QString& phone, const QString& text,
                                             const engine::Actor& actor)
{
    return perform([&] { return m_engine.messages().reply(phone, text, actor); });
}

int HallService::purgePhones(const engine::Actor& actor)
{
    return perform([&] { return m_engine.messages().purge(actor); });
}

} // namespace qh::service
