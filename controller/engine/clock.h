// The engine's notion of now, injected so tests and the simulator can drive time.
#pragma once

#include <cstdint>

namespace qh::engine {

class Clock
{
public:
    virtual ~Clock() = default;
    // Milliseconds since the Unix epoch, UTC.
    virtual std::int64_t nowMs() const = 0;
};

class SystemClock : public Clock
{
public:
    std::int64_t nowMs() const override;
};

// Real time, shifted to start at a given instant: for demos and tests that need, say, a
// Wednesday morning whatever the day.
class ShiftedClock : public Clock
{
public:
    explicit ShiftedClock(std::int64_t startMs);
    std::int64_t nowMs() const override;

private:
    std::int64_t m_offsetMs;
};

// A clock that only moves when told to.
class ManualClock : public Clock
{
public:
    explicit ManualClock(std::int64_t startMs)
        : m_now(startMs)
    {
    }
    std::int64_t nowMs() const override { return m_now; }
    void set(std::int64_t ms) { m_now = ms; }
    void advanceSeconds(double seconds) { m_now += std::int64_t(seconds * 1000); }

private:
    std::int64_t m_now;
};

} // namespace qh::engine
