// SMS PDUs: the GSM 7-bit default alphabet and its extension, septet packing, addresses, time
// stamps, user data headers, and SMS-SUBMIT / SMS-DELIVER / SMS-STATUS-REPORT.
#include "pdu.h"

#include <QHash>
#include <QTimeZone>

using namespace Qt::Literals::StringLiterals;

namespace qh::sms {

namespace {

// TS 23.038 6.2.1: the default alphabet, by septet.
constexpr char16_t kDefaultAlphabet[] =
    u"@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞ\x1b"
    u"ÆæßÉ "
    u"!\"#¤%&'()*+,-./"
    u"0123456789:;<=>?¡ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§¿abcdefghijklmnopqrstuvwxyzäöñüà";
static_assert(sizeof(kDefaultAlphabet) / sizeof(char16_t) == 129, "128 septets");
constexpr std::uint8_t kEscape = 0x1B;
// TS 23.038 6.2.1.1: the extension table, after the escape septet.
constexpr std::pair<std::uint8_t, char16_t> kExtension[] = {
    {0x0A, u'\f'}, {0x14, u'^'}, {0x28, u'{'}, {0x29, u'}'}, {0x2F, u'\\'},
    {0x3C, u'['},  {0x3D, u'~'}, {0x3E, u']'}, {0x40, u'|'}, {0x65, u'€'}};

constexpr int kSeptetsSingle = 160;
constexpr int kSeptetsInPart = 153;
constexpr int kUnitsSingle = 70;
constexpr int kUnitsInPart = 67;
constexpr std::uint8_t kConcat8 = 0x00;  // concatenation, 8-bit reference
constexpr std::uint8_t kConcat16 = 0x08; // concatenation, 16-bit reference

// The septets of a character: one, two (escape and extension), or none when it has no place.
std::vector<std::uint8_t> septetsOf(QChar c)
{
    static const QHash<char16_t, std::uint8_t> table = [] {
        QHash<char16_t, std::uint8_t> t;
        for (std::uint8_t i = 0; i < 128; ++i) {
            if (i != kEscape)
                t.insert(kDefaultAlphabet[i], i);
        }
        return t;
    }();
    if (const auto it = table.find(c.unicode()); it != table.end())
        return {*it};
    for (const auto& [code, ch] : kExtension) {
        if (ch == c.unicode())
            return {kEscape, code};
    }
    return {};
}

std::optional<std::vector<std::uint8_t>> toSeptets(const QString& text)
{
    std::vector<std::uint8_t> septets;
    for (const QChar c : text) {
        const std::vector<std::uint8_t> s = septetsOf(c);
        if (s.empty())
            return std::nullopt;
        septets.insert(septets.end(), s.begin(), s.end());
    }
    return septets;
}

QString fromSeptets(const std::vector<std::uint8_t>& septets)
{
    QString text;
    for (std::size_t i = 0; i < septets.size(); ++i) {
        if (septets[i] != kEscape || i + 1 == septets.size()) {
            text += QChar(kDefaultAlphabet[septets[i] & 0x7F]);
            continue;
        }
        const std::uint8_t code = septets[++i];
        QChar c = u' '; // an unknown extension shows as a space (TS 23.038 6.2.1.1)
        for (const auto& [ext, ch] : kExtension) {
            if (ext == code)
                c = QChar(ch);
        }
        text += c;
    }
    return text;
}

// Septets packed LSB first from bit `fillBits` on (fill bits follow a user data header).
QByteArray pack(const std::vector<std::uint8_t>& septets, int fillBits)
{
    QByteArray out((fillBits + 7 * int(septets.size()) + 7) / 8, '\0');
    for (std::size_t i = 0; i < septets.size(); ++i) {
        const int start = fillBits + 7 * int(i);
        for (int k = 0; k < 7; ++k) {
            if (septets[i] >> k & 1)
                out[(start + k) / 8] =
                    char(std::uint8_t(out[(start + k) / 8]) | 1 << ((start + k) % 8));
        }
    }
    return out;
}

std::vector<std::uint8_t> unpack(const QByteArray& octets, int fillBits, int count)
{
    std::vector<std::uint8_t> septets(std::size_t(std::max(count, 0)), 0);
    for (int i = 0; i < count; ++i) {
        const int start = fillBits + 7 * i;
        for (int k = 0; k < 7; ++k) {
            const int bit = start + k;
            if (std::uint8_t(octets[bit / 8]) >> (bit % 8) & 1)
                septets[std::size_t(i)] |= std::uint8_t(1 << k);
        }
    }
    return septets;
}

// Fill bits after a header of `headerOctets` (with its length octet), so text starts on a septet.
int fillBitsAfter(int headerOctets)
{
    return headerOctets == 0 ? 0 : (7 - headerOctets * 8 % 7) % 7;
}

QByteArray ucs2(const QString& text)
{
    QByteArray out;
    for (const QChar c : text) {
        out += char(c.unicode() >> 8);
        out += char(c.unicode() & 0xFF);
    }
    return out;
}

// Reads a PDU octet by octet; running short is an error that names what was missing.
class Reader
{
public:
    explicit Reader(const QByteArray& hex)
    {
        static const auto isHex = [](char c) {
            return (c >= '0' && c <= '9') || (c >= 'A' && c <= 'F') || (c >= 'a' && c <= 'f');
        };
        const QByteArray trimmed = hex.trimmed();
        if (trimmed.isEmpty() || trimmed.size() % 2 != 0 ||
            !std::all_of(trimmed.begin(), trimmed.end(), isHex))
            throw PduError(u"not a PDU: an even number of hexadecimal digits is expected"_s);
        m_octets = QByteArray::fromHex(trimmed);
    }

    std::uint8_t octet(const char* what) { return std::uint8_t(octets(1, what)[0]); }

    QByteArray octets(int count, const char* what)
    {
        if (count < 0 || m_pos + count > m_octets.size())
            throw PduError(
                u"octet %1: the %2 is cut short"_s.arg(m_pos + 1).arg(QLatin1StringView(what)));
        const QByteArray part = m_octets.mid(m_pos, count);
        m_pos += count;
        return part;
    }

    QByteArray rest() { return octets(int(m_octets.size()) - m_pos, "rest"); }

private:
    QByteArray m_octets;
    qsizetype m_pos = 0;
};

QByteArray encodeNumber(const QString& digits)
{
    QByteArray out;
    for (qsizetype i = 0; i < digits.size(); i += 2) {
        const int low = digits[i].digitValue();
        const int high = i + 1 < digits.size() ? digits[i + 1].digitValue() : 0xF;
        out += char(high << 4 | low);
    }
    return out;
}

QString decodeNumber(const QByteArray& octets, int digits)
{
    QString out;
    for (int i = 0; i < digits; ++i) {
        const int nibble = std::uint8_t(octets[i / 2]) >> (i % 2 ? 4 : 0) & 0xF;
        if (nibble > 9)
            throw PduError(u"a number has a digit that is not one (%1)"_s.arg(nibble));
        out += QChar(u'0' + nibble);
    }
    return out;
}

// Number type: international (+), else national; TS 23.040 9.1.2.5, numbering plan 1.
QByteArray encodeAddress(const Address& a)
{
    if (a.type == Address::Type::Alphanumeric) {
        const auto septets = toSeptets(a.value);
        if (!septets || septets->size() > 11)
            throw PduError(u"an alphanumeric address is at most 11 GSM characters"_s);
        // Its length counts the semi-octets the septets fill.
        return char((septets->size() * 7 + 3) / 4) + QByteArray(1, char(0xD0)) + pack(*septets, 0);
    }
    const QString digits = a.value.startsWith(u'+') ? a.value.mid(1) : a.value;
    if (digits.isEmpty() || digits.size() > 20 ||
        !std::all_of(digits.begin(), digits.end(), [](QChar c) { return c.isDigit(); }))
        throw PduError(u"a phone number is 1 to 20 digits, with an optional leading +"_s);
    const char type = a.type == Address::Type::International ? char(0x91) : char(0x81);
    return char(digits.size()) + QByteArray(1, type) + encodeNumber(digits);
}

Address decodeAddress(Reader& r, const char* what)
{
    const int length = r.octet(what); // semi-octets
    const std::uint8_t type = r.octet(what);
    const QByteArray value = r.octets((length + 1) / 2, what);
    if ((type & 0x70) == 0x50)
        return {Address::Type::Alphanumeric, fromSeptets(unpack(value, 0, length * 4 / 7))};
    const QString digits = decodeNumber(value, length);
    if ((type & 0x70) == 0x10)
        return {Address::Type::International, u'+' + digits};
    return {Address::Type::National, digits};
}

QByteArray encodeServiceCentre(const QString& number)
{
    if (number.isEmpty())
        return QByteArray(1, '\0');
    const QByteArray a = encodeAddress({Address::Type::International, number});
    return char(a.size() - 1) + a.mid(1); // its length counts octets, not digits
}

void skipServiceCentre(Reader& r)
{
    r.octets(r.octet("service centre"), "service centre");
}

std::uint8_t swapped(int value)
{
    return std::uint8_t((value % 10) << 4 | value / 10);
}

int unswapped(std::uint8_t octet, const char* what)
{
    const int low = octet & 0xF;
    const int high = octet >> 4;
    if (low > 9 || high > 9)
        throw PduError(u"the %1 has a digit that is not one"_s.arg(QLatin1StringView(what)));
    return low * 10 + high;
}

QByteArray encodeTimestamp(const QDateTime& t)
{
    const QDateTime local = t.toOffsetFromUtc(t.offsetFromUtc());
    const int quarters = local.offsetFromUtc() / 900;
    QByteArray out;
    for (const int v : {local.date().year() % 100, local.date().month(), local.date().day(),
                        local.time().hour(), local.time().minute(), local.time().second()})
        out += char(swapped(v));
    out += char(swapped(std::abs(quarters)) | (quarters < 0 ? 0x08 : 0));
    return out;
}

QDateTime decodeTimestamp(Reader& r, const char* what)
{
    const QByteArray o = r.octets(7, what);
    int v[6];
    for (int i = 0; i < 6; ++i)
        v[i] = unswapped(std::uint8_t(o[i]), what);
    const std::uint8_t zone = std::uint8_t(o[6]);
    const int quarters = unswapped(zone & 0xF7, what) * ((zone & 0x08) ? -1 : 1);
    const QDateTime t(QDate(2000 + v[0], v[1], v[2]), QTime(v[3], v[4], v[5]),
                      QTimeZone(quarters * 900));
    if (!t.isValid())
        throw PduError(u"the %1 is not a date and time"_s.arg(QLatin1StringView(what)));
    return t;
}

std::uint8_t dcsOf(Alphabet alphabet)
{
    switch (alphabet) {
    case Alphabet::Gsm7:
        return 0x00;
    case Alphabet::Data8:
        return 0x04;
    case Alphabet::Ucs2:
        return 0x08;
    }
    return 0x00;
}

// TS 23.038 4: general data coding, and the data coding / message class group.
Alphabet alphabetOf(std::uint8_t dcs)
{
    if ((dcs & 0x80) == 0) {
        if (dcs & 0x20)
            throw PduError(u"compressed text (data coding %1) is not supported"_s.arg(
                int(dcs), 2, 16, QLatin1Char('0')));
        const int bits = dcs >> 2 & 3;
        return bits == 1 ? Alphabet::Data8 : bits == 2 ? Alphabet::Ucs2 : Alphabet::Gsm7;
    }
    if ((dcs & 0xF0) == 0xF0)
        return (dcs & 0x04) ? Alphabet::Data8 : Alphabet::Gsm7;
    return (dcs & 0xF0) == 0xE0 ? Alphabet::Ucs2 : Alphabet::Gsm7;
}

// The user data and its length field (septets for 7-bit, octets otherwise), with the
// concatenation header when the message is a part.
QByteArray encodeUserData(Alphabet alphabet, const QString& text, const QByteArray& data,
                          const std::optional<Part>& part)
{
    QByteArray header;
    if (part) {
        if (part->reference < 0 || part->reference > 255 || part->total < 1 || part->total > 255 ||
            part->sequence < 1 || part->sequence > part->total)
            throw PduError(u"a part is 1 to 255 of at most 255, with a reference 0 to 255"_s);
        header = QByteArray::fromHex("050003") + char(part->reference) + char(part->total) +
                 char(part->sequence);
    }
    if (alphabet == Alphabet::Gsm7) {
        const auto septets = toSeptets(text);
        if (!septets)
            throw PduError(u"the text has characters outside the GSM 7-bit alphabet"_s);
        const int fill = fillBitsAfter(int(header.size()));
        const int headerSeptets = (int(header.size()) * 8 + fill) / 7;
        const int length = headerSeptets + int(septets->size());
        if (length > kSeptetsSingle)
            throw PduError(u"the text needs %1 septets; a message holds 160"_s.arg(length));
        return char(length) + header + pack(*septets, fill);
    }
    const QByteArray body = header + (alphabet == Alphabet::Ucs2 ? ucs2(text) : data);
    if (body.size() > 140)
        throw PduError(u"the user data is %1 octets; a message holds 140"_s.arg(body.size()));
    return char(body.size()) + body;
}

struct UserData
{
    QString text;
    QByteArray data;
    std::optional<Part> part;
};

UserData decodeUserData(Reader& r, Alphabet alphabet, bool hasHeader)
{
    const int length = r.octet("user data length");
    const QByteArray ud =
        r.octets(alphabet == Alphabet::Gsm7 ? (length * 7 + 7) / 8 : length, "user data");
    UserData out;
    int headerOctets = 0;
    if (hasHeader) {
        if (ud.isEmpty())
            throw PduError(u"the user data header is missing"_s);
        headerOctets = 1 + std::uint8_t(ud[0]);
        if (headerOctets > ud.size())
            throw PduError(u"the user data header is longer than the user data"_s);
        for (int i = 1; i + 1 < headerOctets;) {
            const std::uint8_t id = std::uint8_t(ud[i]);
            const int size = std::uint8_t(ud[i + 1]);
            if (i + 2 + size > headerOctets)
                throw PduError(u"an element of the user data header is cut short"_s);
            const auto at = [&](int k) { return int(std::uint8_t(ud[i + 2 + k])); };
            if (id == kConcat8 && size == 3)
                out.part = Part{at(0), at(1), at(2)};
            else if (id == kConcat16 && size == 4)
                out.part = Part{at(0) << 8 | at(1), at(2), at(3)};
            i += 2 + size;
        }
        if (out.part &&
            (out.part->total < 1 || out.part->sequence < 1 || out.part->sequence > out.part->total))
            throw PduError(
                u"part %1 of %2 cannot be"_s.arg(out.part->sequence).arg(out.part->total));
    }
    if (alphabet == Alphabet::Gsm7) {
        const int fill = fillBitsAfter(headerOctets);
        const int headerSeptets = (headerOctets * 8 + fill) / 7;
        if (headerSeptets > length)
            throw PduError(u"the user data length is shorter than its header"_s);
        out.text = fromSeptets(unpack(ud.mid(headerOctets), fill, length - headerSeptets));
    } else if (alphabet == Alphabet::Ucs2) {
        const QByteArray body = ud.mid(headerOctets);
        if (body.size() % 2 != 0)
            throw PduError(u"UCS2 text has an odd number of octets"_s);
        for (qsizetype i = 0; i < body.size(); i += 2)
            out.text += QChar(char16_t(std::uint8_t(body[i]) << 8 | std::uint8_t(body[i + 1])));
    } else {
        out.data = ud.mid(headerOctets);
    }
    return out;
}

} // namespace

StatusReport::Outcome StatusReport::outcome() const
{
    if (status <= 0x1F)
        return Outcome::Delivered;
    return status <= 0x3F ? Outcome::Pending : Outcome::Failed;
}

Split splitText(const QString& text)
{
    const std::optional<std::vector<std::uint8_t>> septets = toSeptets(text);
    const bool gsm = septets.has_value();
    Split split{gsm ? Alphabet::Gsm7 : Alphabet::Ucs2, {}};
    if ((gsm ? int(septets->size()) : int(text.size())) <= (gsm ? kSeptetsSingle : kUnitsSingle)) {
        split.parts = {text};
        return split;
    }
    const int room = gsm ? kSeptetsInPart : kUnitsInPart;
    QString part;
    int used = 0;
    for (qsizetype i = 0; i < text.size(); ++i) {
        // A surrogate pair, or an escape and its extension, stays in one part.
        const qsizetype width = !gsm && text[i].isHighSurrogate() && i + 1 < text.size() ? 2 : 1;
        const int cost = gsm ? int(septetsOf(text[i]).size()) : int(width);
        if (used + cost > room) {
            split.parts.push_back(part);
            part.clear();
            used = 0;
        }
        part += text.mid(i, width);
        used += cost;
        i += width - 1;
    }
    split.parts.push_back(part);
    return split;
}

EncodedPdu encodeSubmitPart(const Submit& s, const QString& serviceCentre)
{
    std::uint8_t first = 0x01; // SMS-SUBMIT
    if (s.relativeValidity)
        first |= 0x10;
    if (s.statusReport)
        first |= 0x20;
    if (s.part)
        first |= 0x40;
    QByteArray tpdu;
    tpdu += char(first);
    tpdu += char(s.messageReference);
    tpdu += encodeAddress(s.to);
    tpdu += '\0'; // TP-PID
    tpdu += char(dcsOf(s.alphabet));
    if (s.relativeValidity)
        tpdu += char(*s.relativeValidity);
    tpdu += encodeUserData(s.alphabet, s.text, {}, s.part);
    return {(encodeServiceCentre(serviceCentre) + tpdu).toHex().toUpper(), int(tpdu.size())};
}

std::vector<EncodedPdu> encodeSubmit(const QString& to, const QString& text,
                                     const SubmitOptions& options, int reference)
{
    const Split split = splitText(text);
    const Address address{
        to.startsWith(u'+') ? Address::Type::International : Address::Type::National, to};
    std::vector<EncodedPdu> pdus;
    for (std::size_t i = 0; i < split.parts.size(); ++i) {
        Submit s;
        s.to = address;
        s.alphabet = split.alphabet;
        s.text = split.parts[i];
        s.statusReport = options.statusReport;
        s.relativeValidity = options.relativeValidity;
        if (split.parts.size() > 1)
            s.part = Part{reference & 0xFF, int(split.parts.size()), int(i) + 1};
        pdus.push_back(encodeSubmitPart(s, options.serviceCentre));
    }
    return pdus;
}

EncodedPdu encodeDeliver(const Deliver& d, const QString& serviceCentre)
{
    QByteArray tpdu;
    tpdu += char(0x04 | (d.part ? 0x40 : 0)); // SMS-DELIVER, no more messages waiting
    tpdu += encodeAddress(d.from);
    tpdu += '\0'; // TP-PID
    tpdu += char(dcsOf(d.alphabet));
    tpdu += encodeTimestamp(d.sentAt);
    tpdu += encodeUserData(d.alphabet, d.text, d.data, d.part);
    return {(encodeServiceCentre(serviceCentre) + tpdu).toHex().toUpper(), int(tpdu.size())};
}

EncodedPdu encodeStatusReport(const StatusReport& report, const QString& serviceCentre)
{
    QByteArray tpdu;
    tpdu += char(0x02); // SMS-STATUS-REPORT
    tpdu += char(report.messageReference);
    tpdu += encodeAddress(report.recipient);
    tpdu += encodeTimestamp(report.submittedAt);
    tpdu += encodeTimestamp(report.dischargedAt);
    tpdu += char(report.status);
    return {(encodeServiceCentre(serviceCentre) + tpdu).toHex().toUpper(), int(tpdu.size())};
}

std::variant<Deliver, StatusReport> decodeReceived(const QByteArray& hex)
{
    Reader r(hex);
    skipServiceCentre(r);
    const std::uint8_t first = r.octet("first octet");
    switch (first & 0x03) {
    case 0x00: {
        Deliver d;
        d.from = decodeAddress(r, "sender");
        r.octet("protocol identifier");
        d.alphabet = alphabetOf(r.octet("data coding"));
        d.sentAt = decodeTimestamp(r, "service centre time stamp");
        UserData ud = decodeUserData(r, d.alphabet, first & 0x40);
        d.text = ud.text;
        d.data = ud.data;
        d.part = ud.part;
        return d;
    }
    case 0x02: {
        StatusReport s;
        s.messageReference = r.octet("message reference");
        s.recipient = decodeAddress(r, "recipient");
        s.submittedAt = decodeTimestamp(r, "service centre time stamp");
        s.dischargedAt = decodeTimestamp(r, "discharge time");
        s.status = r.octet("status");
        return s;
    }
    default:
        throw PduError(u"not a received message: message type %1"_s.arg(first & 0x03));
    }
}

Submit decodeSubmit(const QByteArray& hex)
{
    Reader r(hex);
    skipServiceCentre(r);
    const std::uint8_t first = r.octet("first octet");
    if ((first & 0x03) != 0x01)
        throw PduError(u"not an SMS-SUBMIT: message type %1"_s.arg(first & 0x03));
    Submit s;
    s.statusReport = first & 0x20;
    s.messageReference = r.octet("message reference");
    s.to = decodeAddress(r, "recipient");
    r.octet("protocol identifier");
    s.alphabet = alphabetOf(r.octet("data coding"));
    switch (first >> 3 & 0x03) {
    case 0x02:
        s.relativeValidity = r.octet("validity period");
        break;
    case 0x01:
    case 0x03:
        r.octets(7, "validity period");
        break;
    default:
        break;
    }
    UserData ud = decodeUserData(r, s.alphabet, first & 0x40);
    s.text = s.alphabet == Alphabet::Data8 ? QString::fromLatin1(ud.data.toHex()) : ud.text;
    s.part = ud.part;
    return s;
}

} // namespace qh::sms
