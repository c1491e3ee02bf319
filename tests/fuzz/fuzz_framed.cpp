// libFuzzer harness for the framed protocol's decoder: any bytes, cut anywhere, with quiet gaps.
// Every frame it accepts must carry a good checksum and encode back to the same bytes.
//
// Input: byte 0 is a chunk length (1..32); the rest is fed in chunks of that length, and a chunk
// starting with 0xEE is a quiet line instead of data.
#include "framed.h"

#include <cstdint>
#include <cstdlib>

namespace framed = qh::serial::framed;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size)
{
    if (size < 1)
        return 0;
    const std::size_t chunk = 1 + data[0] % 32;
    framed::Decoder decoder;
    const QByteArray all(reinterpret_cast<const char*>(data), qsizetype(size));
    for (std::size_t at = 1; at < size; at += chunk) {
        const std::size_t n = std::min(chunk, size - at);
        if (data[at] == 0xEE) {
            decoder.lineIdle();
            continue;
        }
        for (const framed::Frame& f :
             decoder.feed(QByteArrayView(all).sliced(qsizetype(at), qsizetype(n)))) {
            if (f.payload.size() > framed::kMaxPayload || f.address < 0 || f.address > 255)
                std::abort();
            // What was accepted is exactly a frame that was in the input.
            if (!all.contains(framed::encode(f.address, f.payload)))
                std::abort();
        }
    }
    return 0;
}
