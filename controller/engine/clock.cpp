// The engine's notion of now, injected so tests and the simulator can drive time.
#include "clock.h"

#include <chrono>

namespace qh::engine {

std::int64_t SystemClock::nowMs() const
{
    using namespace std::chrono;
    return duration_cast<milliseconds>(system_clock::now().time_since_epoch()).count();
}

ShiftedClock::ShiftedClock(std::int64_t startMs)
    : m_offsetMs(startMs - SystemClock().nowMs())
{
}

std::int64_t ShiftedClock::nowMs() const
{
    return SystemClock().nowMs() + m_offsetMs;
}

} // namespace qh::engine
