// libFuzzer harness for the SMS PDU decoder: any octets, as a modem would show them in hex. It
// refuses or decodes, never reads past the end; a decoded message or delivery report encodes
// again to the same fields.
#include "pdu.h"

#include <cstdint>
#include <cstdlib>

using namespace qh::sms;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size)
{
    const QByteArray hex = QByteArray(reinterpret_cast<const char*>(data), qsizetype(size)).toHex();
    try {
        const auto received = decodeReceived(hex);
        if (const Deliver* d = std::get_if<Deliver>(&received)) {
            Deliver again;
            try {
                again = std::get<Deliver>(decodeReceived(encodeDeliver(*d, {}).hex));
            } catch (const PduError&) {
                return 0; // not every readable message can be written back (e.g. a long name)
            }
            if (again.from != d->from || again.text != d->text || again.data != d->data ||
                again.part != d->part || again.alphabet != d->alphabet || again.sentAt != d->sentAt)
                std::abort();
        } else {
            const StatusReport& r = std::get<StatusReport>(received);
            StatusReport again;
            try {
                again = std::get<StatusReport>(decodeReceived(encodeStatusReport(r, {}).hex));
            } catch (const PduError&) {
                return 0;
            }
            if (again.messageReference != r.messageReference || again.recipient != r.recipient ||
                again.submittedAt != r.submittedAt || again.dischargedAt != r.dischargedAt ||
                again.status != r.status)
                std::abort();
        }
    } catch (const PduError&) {
    }
    try {
        const Submit s = decodeSubmit(hex);
        if (s.part && (s.part->sequence < 1 || s.part->sequence > s.part->total))
            std::abort();
    } catch (const PduError&) {
    }
    return 0;
}
