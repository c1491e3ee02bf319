// The domain's records: names of ticket and case states, priorities, results and escalations.
#include "domain.h"

#include <array>

#include <QRegularExpression>

using namespace Qt::Literals::StringLiterals;

namespace qh::engine {

namespace {

const std::array<QString, 9> kStateNames = {u"issuing"_s,     u"waiting"_s, u"called"_s,
                                            u"serving"_s,     u"held"_s,    u"completed"_s,
                                            u"transferred"_s, u"no_show"_s, u"voided"_s};
const std::array<QString, 5> kCaseStateNames = {u"accepted"_s, u"suspended"_s, u"completed"_s,
                                                u"returned"_s, u"withdrawn"_s};
const std::array<QString, 2> kCaseResultNames = {u"approved"_s, u"not_approved"_s};
const std::array<QString, 3> kEscalationNames = {u"none"_s, u"warning"_s, u"overdue"_s};
const std::array<QString, 6> kFollowUpStateNames = {u"open"_s,   u"contacted"_s, u"rectified"_s,
                                                    u"closed"_s, u"appealed"_s,  u"annulled"_s};
const std::array<QString, 4> kAppointmentStateNames = {u"booked"_s, u"checked_in"_s, u"cancelled"_s,
                                                       u"no_show"_s};

template <typename Enum, std::size_t N>
std::optional<Enum> fromName(const std::array<QString, N>& names, const QString& text)
{
    for (std::size_t i = 0; i < N; ++i) {
        if (names[i] == text)
            return Enum(i);
    }
    return std::nullopt;
}

} // namespace

QString toString(TicketState state)
{
    return kStateNames[size_t(state)];
}

QString toString(Priority priority)
{
    return priority == Priority::Green ? u"green"_s : u"normal"_s;
}

std::optional<TicketState> ticketStateFromString(const QString& text)
{
    return fromName<TicketState>(kStateNames, text);
}

bool isFinal(TicketState state)
{
    return state == TicketState::Completed || state == TicketState::Transferred ||
           state == TicketState::NoShow || state == TicketState::Voided;
}

QString toString(CaseState state)
{
    return kCaseStateNames[size_t(state)];
}

QString toString(CaseResult result)
{
    return kCaseResultNames[size_t(result)];
}

QString toString(Escalation escalation)
{
    return kEscalationNames[size_t(escalation)];
}

std::optional<CaseState> caseStateFromString(const QString& text)
{
    return fromName<CaseState>(kCaseStateNames, text);
}

std::optional<CaseResult> caseResultFromString(const QString& text)
{
    return fromName<CaseResult>(kCaseResultNames, text);
}

std::optional<Escalation> escalationFromString(const QString& text)
{
    return fromName<Escalation>(kEscalationNames, text);
}

QString ratingLevelName(int rating, const QString& lang)
{
    static const std::array<std::pair<QString, QString>, 5> names = {{
        {u"非常不满意"_s, u"very dissatisfied"_s},
        {u"不满意"_s, u"dissatisfied"_s},
        {u"基本满意"_s, u"fair"_s},
        {u"满意"_s, u"satisfied"_s},
        {u"非常满意"_s, u"very satisfied"_s},
    }};
    if (rating < 1 || rating > 5)
        return {};
    const auto& [zh, en] = names[std::size_t(rating - 1)];
    return lang == u"en"_s ? en : zh;
}

QString toString(FollowUpState state)
{
    return kFollowUpStateNames[size_t(state)];
}

std::optional<FollowUpState> followUpStateFromString(const QString& text)
{
    return fromName<FollowUpState>(kFollowUpStateNames, text);
}

QString toString(AppointmentState state)
{
    return kAppointmentStateNames[size_t(state)];
}

std::optional<AppointmentState> appointmentStateFromString(const QString& text)
{
    return fromName<AppointmentState>(kAppointmentStateNames, text);
}

bool isOpen(CaseState state)
{
    return state == CaseState::Accepted || state == CaseState::Suspended;
}

std::optional<QString> mainlandMobile(const QString& input)
{
    QString digits;
    for (const QChar c : input) {
        if (c.isDigit())
            digits += c;
        else if (c != u' ' && c != u'-' && !(c == u'+' && digits.isEmpty()))
            return std::nullopt;
    }
    if (digits.size() == 13 && digits.startsWith(u"86"_s))
        digits.remove(0, 2);
    static const QRegularExpression mobile(u"^1[3-9][0-9]{9}$"_s);
    if (!mobile.match(digits).hasMatch())
        return std::nullopt;
    return digits;
}

QString maskPhone(const QString& phone)
{
    if (phone.size() < 7)
        return QString(phone.size(), u'*');
    return phone.left(3) + u"****"_s + phone.right(4);
}

namespace {
const QStringList kOutboxStates = {u"queued"_s, u"sent"_s, u"delivered"_s, u"failed"_s,
                                   u"cancelled"_s};
} // namespace

QString toString(OutboxMessage::State state)
{
    return kOutboxStates[int(state)];
}

std::optional<OutboxMessage::State> outboxStateFromString(const QString& text)
{
    const qsizetype i = kOutboxStates.indexOf(text);
    return i < 0 ? std::nullopt : std::optional(OutboxMessage::State(i));
}

} // namespace qh::engine
