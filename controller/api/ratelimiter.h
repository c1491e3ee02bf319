// A token bucket per device: at most N requests a minute, refilled evenly.
#pragma once

#include <cstdint>

#include <QElapsedTimer>
#include <QHash>

namespace qh::api {

class RateLimiter
{
public:
    explicit RateLimiter(int perMinute);
    // Takes one token for the device; false when its bucket is empty.
    bool allow(std::int64_t device);
    // Seconds until the device may try again.
    int retryAfterSeconds(std::int64_t device) const;

private:
    struct Bucket
    {
        double tokens = 0;
        qint64 updatedMs = 0;
    };
    void refill(Bucket& bucket) const;

    double m_capacity;
    double m_perMs;
    QElapsedTimer m_clock;
    QHash<std::int64_t, Bucket> m_buckets;
};

} // namespace qh::api
