// A cellular modem for tests, on a pty, with the dialogue and the faults of a real one.
#include "fakemodem.h"

#include "httpclient.h"

#include <QTimer>

using namespace Qt::Literals::StringLiterals;

namespace qh::test {

namespace {

constexpr char kCtrlZ = 0x1A;
constexpr char kEscape = 0x1B;
const QString kServiceCentre = u"+8613800100500"_s;

} // namespace

FakeModem::FakeModem()
{
    ensureQtApp(); // it answers in the event loop
    watch();
}

void FakeModem::unplug()
{
    m_notifier.reset();
    m_port.unplug();
}

void FakeModem::plug()
{
    m_port.plug();
    m_echo = true; // a modem plugged in is a modem powered on
    m_awaitingPdu = false;
    m_input.clear();
    watch();
}

void FakeModem::watch()
{
    m_notifier = std::make_unique<QSocketNotifier>(m_port.masterFd(), QSocketNotifier::Read);
    connect(m_notifier.get(), &QSocketNotifier::activated, this, &FakeModem::onReadable);
}

QStringList FakeModem::textsTo(const QString& number) const
{
    QStringList texts;
    std::map<int, std::map<int, QString>> parts; // by concatenation reference
    for (const Sent& s : sent) {
        if (s.submit.to.value != number)
            continue;
        if (!s.submit.part) {
            texts << s.submit.text;
            continue;
        }
        auto& message = parts[s.submit.part->reference];
        message[s.submit.part->sequence] = s.submit.text;
        if (int(message.size()) == s.submit.part->total) {
            QString whole;
            for (const auto& [sequence, text] : message)
                whole += text;
            texts << whole;
            parts.erase(s.submit.part->reference);
        }
    }
    return texts;
}

void FakeModem::deliver(const QString& from, const QString& text, bool announce,
                        std::vector<int> order)
{
    const sms::Split split = sms::splitText(text);
    const int reference = m_nextConcatenation++ & 0xFF;
    const int total = int(split.parts.size());
    if (order.empty()) {
        for (int i = 1; i <= total; ++i)
            order.push_back(i);
    }
    for (const int sequence : order) {
        sms::Deliver d;
        d.from = {from.startsWith(u'+')    ? sms::Address::Type::International
                  : from.front().isDigit() ? sms::Address::Type::National
                                           : sms::Address::Type::Alphanumeric,
                  from};
        d.sentAt = QDateTime::currentDateTime();
        d.alphabet = split.alphabet;
        d.text = split.parts[std::size_t(sequence - 1)];
        if (total > 1)
            d.part = sms::Part{reference, total, sequence};
        const int index = m_nextIndex++;
        m_storage[index] = sms::encodeDeliver(d, kServiceCentre);
        if (announce)
            answer("+CMTI: \"SM\"," + QByteArray::number(index));
    }
}

void FakeModem::onReadable()
{
    const QByteArray bytes = m_port.read();
    if (bytes.isEmpty()) // the controller closed its end
        return;
    const Clock::time_point now = Clock::now();
    bytesIn += bytes.size();
    m_rxFreeAt = std::max(now, m_rxFreeAt) + lineTime(bytes.size());
    for (const char c : bytes) {
        if (!m_lineStarted) {
            m_lineStart = now;
            m_lineStarted = true;
        }
        if (m_awaitingPdu) {
            if (c == kCtrlZ || c == kEscape) {
                m_awaitingPdu = false;
                m_lineStarted = false;
                const QByteArray hex = m_input.trimmed();
                m_input.clear();
                if (c == kCtrlZ)
                    takePdu(hex);
            } else {
                m_input += c;
            }
            continue;
        }
        if (c == kEscape) // cancels nothing outside a PDU
            continue;
        if (m_echo && !silent)
            say(QByteArray(1, c));
        if (c == '\r') {
            const QByteArray line = m_input.trimmed();
            m_input.clear();
            const Clock::time_point started = m_lineStart;
            m_lineStarted = false;
            if (!line.isEmpty()) {
                m_commandStart = started;
                command(line);
            }
        } else if (c != '\n') {
            m_input += c;
        }
    }
}

void FakeModem::answer(const QByteArray& lines, int thinkMs)
{
    say("\r\n" + lines + "\r\n", thinkMs);
}

void FakeModem::say(const QByteArray& bytes, int thinkMs)
{
    bytesOut += bytes.size();
    if (baud == 0 && thinkMs == 0) {
        m_port.write(bytes);
        return;
    }
    // Not before the command has crossed the line, the modem has thought, and the line back is
    // free; then as long as the bytes take on it.
    const Clock::time_point at =
        std::max({Clock::now(), m_rxFreeAt, m_txFreeAt}) + std::chrono::milliseconds(thinkMs);
    m_txFreeAt = at + lineTime(bytes.size());
    const auto wait = std::chrono::ceil<std::chrono::milliseconds>(m_txFreeAt - Clock::now());
    QTimer::singleShot(std::max<qint64>(0, wait.count()), Qt::PreciseTimer, this,
                       [this, bytes] { m_port.write(bytes); });
}

FakeModem::Clock::duration FakeModem::lineTime(qsizetype bytes) const
{
    if (baud == 0)
        return {};
    return std::chrono::duration_cast<Clock::duration>(
        std::chrono::duration<double>(double(bytes) * 10 / baud));
}

void FakeModem::command(const QByteArray& line)
{
    commands << QString::fromLatin1(line);
    if (silent)
        return;
    const QByteArray upper = line.toUpper();
    const auto ok = [this] { answer("OK"); };
    if (upper == "AT" || upper == "ATZ" || upper == "AT+CMEE=1" || upper == "AT+CMGF=0" ||
        upper.startsWith("AT+CNMI=")) {
        ok();
    } else if (upper == "ATE0") {
        m_echo = false;
        ok();
    } else if (upper == "AT+CPIN?") {
        switch (sim) {
        case Sim::Ready:
            answer("+CPIN: READY\r\n\r\nOK");
            break;
        case Sim::NeedsPin:
            answer("+CPIN: SIM PIN\r\n\r\nOK");
            break;
        case Sim::NeedsPuk:
            answer("+CPIN: SIM PUK\r\n\r\nOK");
            break;
        case Sim::Missing:
            answer("+CME ERROR: 10");
            break;
        }
    } else if (upper.startsWith("AT+CPIN=")) {
        if (sim == Sim::NeedsPin && line.mid(8) == '"' + pin.toLatin1() + '"') {
            sim = Sim::Ready;
            ok();
        } else {
            answer("+CME ERROR: 16"); // incorrect password
        }
    } else if (upper == "AT+CREG?") {
        answer("+CREG: 0," + QByteArray(registered ? "1" : "2") + "\r\n\r\nOK");
    } else if (upper == "AT+CEREG?") {
        answer("+CEREG: 0," + QByteArray(registered ? "1" : "2") + "\r\n\r\nOK");
    } else if (upper == "AT+CSQ") {
        answer("+CSQ: " + QByteArray::number(signal) + ",99\r\n\r\nOK");
    } else if (upper == "AT+CSMS=0") {
        answer("+CSMS: 1,1,1\r\n\r\nOK");
    } else if (upper.startsWith("AT+CPMS=")) {
        answer("+CPMS: " + QByteArray::number(m_storage.size()) + ",30," +
               QByteArray::number(m_storage.size()) + ",30," +
               QByteArray::number(m_storage.size()) + ",30\r\n\r\nOK");
    } else if (upper == "AT+CMGL=4") {
        QByteArray list;
        for (const auto& [index, pdu] : m_storage)
            list += "+CMGL: " + QByteArray::number(index) + ",0,," +
                    QByteArray::number(pdu.tpduLength) + "\r\n" + pdu.hex + "\r\n";
        answer(list + "\r\nOK");
    } else if (upper.startsWith("AT+CMGR=")) {
        const auto it = m_storage.find(line.mid(8).toInt());
        if (it == m_storage.end())
            answer("+CMS ERROR: 321"); // invalid memory index
        else
            answer("+CMGR: 0,," + QByteArray::number(it->second.tpduLength) + "\r\n" +
                   it->second.hex + "\r\n\r\nOK");
    } else if (upper.startsWith("AT+CMGD=")) {
        m_storage.erase(line.mid(8).toInt());
        ok();
    } else if (upper.startsWith("AT+CMGS=")) {
        m_awaitingPdu = true;
        say("\r\n> ");
    } else {
        answer("ERROR");
    }
}

void FakeModem::takePdu(const QByteArray& hex)
{
    if (resetOnNextPdu) { // powered off and on: everything said before is forgotten
        resetOnNextPdu = false;
        m_echo = true;
        return;
    }
    if (!refuseNextSends.empty()) {
        const int code = refuseNextSends.front();
        refuseNextSends.pop_front();
        answer("+CMS ERROR: " + QByteArray::number(code));
        return;
    }
    sms::Submit submit;
    try {
        submit = sms::decodeSubmit(hex);
    } catch (const sms::PduError&) {
        answer("+CMS ERROR: 304"); // invalid PDU mode parameter
        return;
    }
    const int reference = m_nextReference++ & 0xFF;
    sent.push_back({submit, reference, m_commandStart, hex});
    answer("+CMGS: " + QByteArray::number(reference) + "\r\n\r\nOK", networkMs);
    if (reportDelivery && submit.statusReport) {
        sms::StatusReport report;
        report.messageReference = reference;
        report.recipient = submit.to;
        report.submittedAt = QDateTime::currentDateTime();
        report.dischargedAt = report.submittedAt;
        report.status = 0;
        const sms::EncodedPdu pdu = sms::encodeStatusReport(report, kServiceCentre);
        answer("+CDS: " + QByteArray::number(pdu.tpduLength) + "\r\n" + pdu.hex);
    }
}

} // namespace qh::test
