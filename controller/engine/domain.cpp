// The domain's records: names of ticket states and priorities.
#include "domain.h"

#include <array>

using namespace Qt::Literals::StringLiterals;

namespace qh::engine {

namespace {

const std::array<QString, 9> kStateNames = {u"issuing"_s,     u"waiting"_s, u"called"_s,
                                            u"serving"_s,     u"held"_s,    u"completed"_s,
                                            u"transferred"_s, u"no_show"_s, u"voided"_s};

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
    for (size_t i = 0; i < kStateNames.size(); ++i) {
        if (kStateNames[i] == text)
            return TicketState(i);
    }
    return std::nullopt;
}

bool isFinal(TicketState state)
{
    return state == TicketState::Completed || state == TicketState::Transferred ||
           state == TicketState::NoShow || state == TicketState::Voided;
}

} // namespace qh::engine
