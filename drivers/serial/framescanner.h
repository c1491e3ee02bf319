// What every frame decoder on a noisy bus does: keep bytes across reads, look for the start
// byte, and drop and count whatever turns out not to be a frame.
#pragma once

#include <cstdint>
#include <functional>

#include <QByteArray>
#include <QByteArrayView>

namespace qh::serial {

// What a decoder threw away, so a noisy bus shows up in the hall status.
struct DropCounts
{
    std::uint64_t garbageBytes = 0;  // bytes outside any frame
    std::uint64_t badFrames = 0;     // frames with a wrong checksum, length, key or end byte
    std::uint64_t partialFrames = 0; // frames cut off by a quiet line
};

class FrameScanner
{
public:
    // What a protocol makes of the bytes from a start byte on.
    struct Candidate
    {
        enum Verdict { Incomplete, Bad, Whole } verdict = Incomplete;
        qsizetype size = 0; // of a whole frame
    };
    // Looks at the bytes from a start byte on; takes a whole frame's content itself.
    using Matcher = std::function<Candidate(QByteArrayView fromStart)>;

    // Adds bytes and offers each start byte to `match`; a bad candidate is dropped one byte at a
    // time, so a frame hidden inside noise is still found.
    void feed(QByteArrayView bytes, char start, const Matcher& match);
    // The line went quiet: a frame begun and not finished is dropped.
    void lineIdle();
    const DropCounts& drops() const { return m_drops; }

private:
    QByteArray m_pending;
    DropCounts m_drops;
};

} // namespace qh::serial
