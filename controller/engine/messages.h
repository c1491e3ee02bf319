// The SMS the hall sends its applicants (ticket issued, near their turn, called, case accepted,
// suspended and finished, the rating invite) and what it does with their replies (a rating, an
// opt-out, a help request). Messages go to the outbox in the unit of work of the event that
// causes them; the SMS sender takes them from there and reports back here.
#pragma once

#include "clock.h"
#include "domain.h"
#include "hallstore.h"

#include <optional>

#include <QString>
#include <QStringList>

namespace qh::engine {

struct Actor;
class AuditTrail;
class QueueEngine;

// Kinds, most urgent first: the order the outbox sends them in.
enum class MessageKind {
    Called,
    Near,
    Issued,
    CaseAccepted,
    CaseSuspended,
    CaseFinished,
    Rating,
    Help,
    Booked,   // an appointment's confirmation, with its code
    Reminder, // the day before and an hour before an appointment
    BookingCancelled
};
const QStringList& messageKindNames(); // "called", "near", ... in the enum's order
// The default template of a kind in a language ("zh" or "en").
QString defaultTemplate(MessageKind kind, const QString& lang);
// What is wrong with a template ({placeholders} of its own), or nothing.
QString templateProblem(const QString& text);
// The number's hash an opt-out is kept under.
QString phoneHash(const QString& phone);

struct SmsReply
{
    enum class Outcome { Rated, AlreadyRated, OptedOut, Help, Ignored };
    Outcome outcome = Outcome::Ignored;
    std::optional<int> rating;
};
QString toString(SmsReply::Outcome outcome);

// How the outbox stands, for the hardware view.
struct OutboxSummary
{
    int queued = 0;      // waiting to be sent, of the last 24 hours
    int failedToday = 0; // failed for good since the day began
};

class MessageDesk
{
public:
    static constexpr std::int64_t kFirstRetryMs = 30'000; // doubled for each further try

    MessageDesk(HallStore& store, const Clock& clock, AuditTrail& trail, const HallConfig& hall,
                QueueEngine& engine);

    // Queues what an event just recorded in the unit of work tells an applicant.
    void follow(const Event& event);
    // The message with a case's password, which no event carries.
    void caseAccepted(const Case& c, const QString& password, std::int64_t eventSeq);
    // Whether the unit of work in progress queued anything since the last call (the service
    // tells the sender after the commit).
    bool takeQueued();

    // The message to send now; messages no longer wanted (the applicant opted out, rated on the
    // pad meanwhile) are cancelled on the way, with an event.
    std::optional<OutboxMessage> next(const Actor& actor);
    std::optional<std::int64_t> nextAt() { return m_store.nextOutboxAt(); }
    void sent(std::int64_t id, const std::vector<int>& references, const Actor& actor);
    // A temporary failure is tried again after a growing pause, up to the policy's attempts.
    void failed(std::int64_t id, bool temporary, const QString& reason, const Actor& actor);
    // A delivery report, matched to a part sent to the number by its TP-MR.
    void reported(const QString& phone, int reference, bool delivered, int status,
                  const Actor& actor);
    SmsReply reply(const QString& phone, const QString& text, const Actor& actor);
    // Erases the numbers older than the retention; returns how many rows held one.
    int purge(const Actor& actor);
    OutboxSummary summary();

private:
    struct Fields; // a template's values
    // What each kind of event queues (see follow()).
    void printed(std::int64_t ticketId, std::int64_t seq);
    void called(std::int64_t ticketId, int window, std::int64_t seq);
    void completed(std::int64_t ticketId, std::int64_t seq);
    void caseStep(const Event& e); // suspended, completed, returned
    // An appointment booked (its confirmation and reminders) or cancelled.
    void appointmentStep(const Event& e);
    void queue(MessageKind kind, const Ticket& ticket, const QString& caseSerial,
               const Fields& fields, std::optional<std::int64_t> eventSeq);
    // Renders the kind's text in the message's language and adds it to the outbox.
    void enqueue(MessageKind kind, OutboxMessage m, const Fields& fields);
    QString render(MessageKind kind, const QString& lang, const Fields& fields) const;
    Fields acceptedFields(const Case& c, const Ticket& t, const QString& password) const;
    // A password is read once, on the phone: a message done with (sent, failed, cancelled)
    // keeps "******" in its place.
    void forgetPassword(OutboxMessage& m);
    // `earliest`, or the end of the quiet hours it falls in when the kind keeps them.
    std::int64_t notBefore(MessageKind kind, std::int64_t earliest) const;
    bool wanted(const OutboxMessage& m, QString& why);
    void recordMessage(const QString& type, const OutboxMessage& m, const Actor& actor,
                       QJsonObject data = {});
    void queueHelp(const QString& phone, const QString& lang);
    std::int64_t startOfToday() const;

    HallStore& m_store;
    const Clock& m_clock;
    AuditTrail& m_trail;
    const HallConfig& m_hall;
    QueueEngine& m_engine;
    bool m_queued = false;
};

} // namespace qh::engine
