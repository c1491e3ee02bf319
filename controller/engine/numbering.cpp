// Ticket numbers: per prefix and service day, zero-padded to three digits, wrapping past 999.
#include "numbering.h"

namespace qh::engine {

std::optional<int> nextSequence(int lastSeq, const std::function<bool(int)>& isActive)
{
    int seq = lastSeq;
    for (int tries = 0; tries < kMaxSequence; ++tries) {
        seq = seq % kMaxSequence + 1;
        if (!isActive(seq))
            return seq;
    }
    return std::nullopt;
}

QString formatNumber(const QString& prefix, int seq)
{
    return prefix + QString::number(seq).rightJustified(3, u'0');
}

} // namespace qh::engine
