// What the modules that follow the service's committed events share.
#include "followers.h"

using namespace Qt::Literals::StringLiterals;

namespace qh::service {

std::optional<CallOut> callOutOf(const engine::Event& event)
{
    if (event.type != u"ticket.called"_s && event.type != u"ticket.recalled"_s)
        return std::nullopt;
    return CallOut{event.data.value(u"number"_s).toString(), event.data.value(u"window"_s).toInt()};
}

} // namespace qh::service
