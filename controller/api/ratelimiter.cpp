// A token bucket per device: at most N requests a minute, refilled evenly.
#include "ratelimiter.h"

#include <algorithm>
#include <cmath>

namespace qh::api {

RateLimiter::RateLimiter(int perMinute)
    : m_capacity(perMinute)
    , m_perMs(perMinute / 60000.0)
{
    m_clock.start();
}

void RateLimiter::refill(Bucket& bucket) const
{
    const qint64 now = m_clock.elapsed();
    bucket.tokens = std::min(m_capacity, bucket.tokens + double(now - bucket.updatedMs) * m_perMs);
    bucket.updatedMs = now;
}

bool RateLimiter::allow(std::int64_t device)
{
    auto it = m_buckets.find(device);
    if (it == m_buckets.end())
        it = m_buckets.insert(device, {m_capacity, m_clock.elapsed()});
    refill(*it);
    if (it->tokens < 1)
        return false;
    it->tokens -= 1;
    return true;
}

int RateLimiter::retryAfterSeconds(std::int64_t device) const
{
    Bucket bucket = m_buckets.value(device, {m_capacity, m_clock.elapsed()});
    refill(bucket);
    return int(std::ceil(std::max(0.0, 1 - bucket.tokens) / m_perMs / 1000.0));
}

} // namespace qh::api
