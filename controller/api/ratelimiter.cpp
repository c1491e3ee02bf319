// A token bucket per client (a device, an address): at most N tokens in a period, refilled
// evenly.
#include "ratelimiter.h"

#include <algorithm>
#include <cmath>

namespace qh::api {

RateLimiter::RateLimiter(int capacity, int periodSeconds)
    : m_capacity(capacity)
    , m_perMs(capacity / (periodSeconds * 1000.0))
{
    m_clock.start();
}

RateLimiter::Bucket RateLimiter::current(const QString& client) const
{
    const qint64 now = m_clock.elapsed();
    Bucket bucket = m_buckets.value(client, {m_capacity, now});
    bucket.tokens = std::min(m_capacity, bucket.tokens + double(now - bucket.updatedMs) * m_perMs);
    bucket.updatedMs = now;
    return bucket;
}

bool RateLimiter::allow(const QString& client)
{
    Bucket bucket = current(client);
    const bool allowed = bucket.tokens >= 1;
    if (allowed)
        bucket.tokens -= 1;
    m_buckets.insert(client, bucket);
    return allowed;
}

bool RateLimiter::hasToken(const QString& client) const
{
    return current(client).tokens >= 1;
}

int RateLimiter::retryAfterSeconds(const QString& client) const
{
    const Bucket bucket = current(client);
    return int(std::ceil(std::max(0.0, 1 - bucket.tokens) / m_perMs / 1000.0));
}

} // namespace qh::api
