// libFuzzer harness for the QSystem key-frame decoder: any bytes, cut anywhere, with quiet gaps.
//
// Input: byte 0 is a chunk length (1..16); the rest is fed in chunks of that length, and a chunk
// starting with 0xEE is a quiet line instead of data.
#include "qsystem.h"

#include <cstdint>
#include <cstdlib>

using qh::serial::qsystem::Decoder;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size)
{
    if (size < 1)
        return 0;
    const std::size_t chunk = 1 + data[0] % 16;
    Decoder decoder;
    std::uint64_t dropped = 0;
    std::size_t keyBytes = 0;
    for (std::size_t at = 1; at < size; at += chunk) {
        const std::size_t n = std::min(chunk, size - at);
        if (data[at] == 0xEE) {
            decoder.lineIdle();
            continue;
        }
        for (const auto& key :
             decoder.feed(QByteArrayView(reinterpret_cast<const char*>(data + at), qsizetype(n)))) {
            // Only whole frames with a known key from a real address come out.
            if (key.key < qh::serial::qsystem::kFirstKey ||
                key.key > qh::serial::qsystem::kLastKey || key.address == 0)
                std::abort();
            keyBytes += 4;
        }
        const auto& d = decoder.drops();
        const std::uint64_t now = d.garbageBytes + d.badFrames + d.partialFrames;
        if (now < dropped) // counters never go back
            std::abort();
        dropped = now;
    }
    if (keyBytes > size)
        std::abort();
    return 0;
}
