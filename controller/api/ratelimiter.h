// A token bucket per client (a device, an address): at most N tokens in a period, refilled
// evenly.
#pragma once

#include <QElapsedTimer>
#include <QHash>
#include <QString>

namespace qh::api {

class RateLimiter
{
public:
    RateLimiter(int capacity, int periodSeconds);
    // Takes one token for the client; false when its bucket is empty.
    bool allow(const QString& client);
    // Whether the client has a token left, without taking it.
    bool hasToken(const QString& client) const;
    // Seconds until the client may try again.
    int retryAfterSeconds(const QString& client) const;

private:
    struct Bucket
    {
        double tokens = 0;
        qint64 updatedMs = 0;
    };
    Bucket current(const QString& client) const;

    double m_capacity;
    double m_perMs;
    QElapsedTimer m_clock;
    QHash<QString, Bucket> m_buckets;
};

} // namespace qh::api
