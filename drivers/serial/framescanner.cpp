// What every frame decoder on a noisy bus does: keep bytes across reads, look for the start
// byte, and drop and count whatever turns out not to be a frame.
#include "framescanner.h"

namespace qh::serial {

void FrameScanner::feed(QByteArrayView bytes, char start, const Matcher& match)
{
    m_pending.append(bytes.data(), bytes.size());
    qsizetype at = 0;
    while (at < m_pending.size()) {
        if (m_pending[at] != start) {
            ++m_drops.garbageBytes;
            ++at;
            continue;
        }
        const Candidate c = match(QByteArrayView(m_pending).sliced(at));
        if (c.verdict == Candidate::Incomplete)
            break;
        if (c.verdict == Candidate::Bad) {
            ++m_drops.badFrames;
            ++at;
            continue;
        }
        at += c.size;
    }
    m_pending.remove(0, at);
}

void FrameScanner::lineIdle()
{
    if (!m_pending.isEmpty())
        ++m_drops.partialFrames;
    m_pending.clear();
}

} // namespace qh::serial
