// Ticket numbers: per prefix and service day, zero-padded to three digits, wrapping past 999.
#pragma once

#include <functional>
#include <optional>

#include <QString>

namespace qh::engine {

inline constexpr int kMaxSequence = 999;

// The next sequence after lastSeq whose number is not held by an active ticket;
// after 999 it wraps to 1. Nothing when all 999 numbers are active.
std::optional<int> nextSequence(int lastSeq, const std::function<bool(int)>& isActive);

// "A" and 7 → "A007".
QString formatNumber(const QString& prefix, int seq);

} // namespace qh::engine
