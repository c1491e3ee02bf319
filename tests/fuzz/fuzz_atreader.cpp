// libFuzzer harness for the AT response reader: any bytes, cut anywhere. The events never depend
// on where the bytes were cut, and a buffer never grows past its line limit.
//
// Input: byte 0 is a chunk length (1..32); the rest is the modem's output.
#include "atreader.h"

#include <cstdint>
#include <cstdlib>

using namespace qh::sms;

namespace {

QByteArray flatten(const std::vector<AtEvent>& events)
{
    QByteArray out;
    for (const AtEvent& e : events)
        out += QByteArray::number(int(e.kind)) + '|' + e.text.toUtf8() + '|' +
               QByteArray::number(e.code) + '|' + e.pdu + '\n';
    return out;
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size)
{
    if (size < 1)
        return 0;
    const qsizetype chunk = 1 + data[0] % 32;
    const QByteArray all(reinterpret_cast<const char*>(data + 1), qsizetype(size - 1));
    AtReader whole;
    const QByteArray expected = flatten(whole.feed(all));
    AtReader pieces;
    QByteArray got;
    for (qsizetype at = 0; at < all.size(); at += chunk)
        got += flatten(pieces.feed(all.mid(at, chunk)));
    // A long run without a line end may be dropped at a different place when cut; compare
    // only inputs whose lines all fit.
    if (all.size() <= AtReader::kMaxLine && got != expected)
        std::abort();
    return 0;
}
