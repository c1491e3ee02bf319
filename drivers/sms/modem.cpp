// A cellular modem on a serial line, driven with the AT commands of TS 27.007 / 27.005 in PDU
// mode only (no vendor command).
#include "modem.h"

#include <QDateTime>
#include <QLoggingCategory>

Q_LOGGING_CATEGORY(lcModem, "qh.drivers.sms", QtInfoMsg)

using namespace Qt::Literals::StringLiterals;

namespace qh::sms {

namespace {

constexpr qint64 kPartialLifetimeMs = 24LL * 3600 * 1000; // parts never completed are dropped
constexpr char kCtrlZ = 0x1A;                             // ends the PDU after the prompt
constexpr char kEscape = 0x1B;                            // cancels a prompt nobody asked for

// The value after "<prefix>: " of the first line that has it, split at commas.
std::optional<QStringList> field(const std::vector<AtEvent>& lines, QStringView prefix)
{
    for (const AtEvent& e : lines) {
        if (e.text.startsWith(prefix) && e.text.mid(prefix.size()).startsWith(u':'))
            return e.text.mid(prefix.size() + 1).trimmed().split(u',');
    }
    return std::nullopt;
}

// The storage index of "+CMTI: "SM",3", "+CMGL: 3,1,,24" (index at `position`).
std::optional<int> indexIn(const QString& text, int position)
{
    const QStringList values = text.mid(text.indexOf(u':') + 1).split(u',');
    if (position >= values.size())
        return std::nullopt;
    bool ok = false;
    const int index = values[position].trimmed().toInt(&ok);
    return ok ? std::optional(index) : std::nullopt;
}

bool registeredIn(const std::optional<QStringList>& values)
{
    // +CREG: <n>,<stat>[,...]: 1 registered at home, 5 roaming.
    return values && values->size() >= 2 &&
           (values->at(1).trimmed() == u"1"_s || values->at(1).trimmed() == u"5"_s);
}

QString errorText(const AtEvent& final)
{
    switch (final.kind) {
    case AtEvent::Kind::CmsError:
        return u"+CMS ERROR: %1"_s.arg(final.code);
    case AtEvent::Kind::CmeError:
        return u"+CME ERROR: %1"_s.arg(final.code);
    default:
        return u"ERROR"_s;
    }
}

} // namespace

QString toString(ModemHealth::Sim sim)
{
    static const QStringList names = {u"unknown"_s,   u"ready"_s,     u"needs_pin"_s,
                                      u"needs_puk"_s, u"wrong_pin"_s, u"missing"_s};
    return names[int(sim)];
}

Modem::Modem(ModemConfig config, QObject* parent)
    : QObject(parent)
    , m_config(std::move(config))
    , m_link(m_config.port, m_config.baud)
{
    m_commandTimer.setSingleShot(true);
    connect(&m_commandTimer, &QTimer::timeout, this, &Modem::onTimeout);
    m_checkTimer.setSingleShot(true);
    connect(&m_checkTimer, &QTimer::timeout, this, &Modem::check);
    m_flush.setSingleShot(true);
    m_flush.setInterval(kFlushMs);
    connect(&m_flush, &QTimer::timeout, this, &Modem::afterFlush);
    connect(&m_link, &serial::SerialLink::received, this, &Modem::onBytes);
    connect(&m_link, &serial::SerialLink::opened, this, [this] {
        setHealth([](ModemHealth& h) { h.portOpen = true; });
        restart(u"the modem is being brought up"_s);
    });
    connect(&m_link, &serial::SerialLink::closed, this, [this](const QString& reason) {
        setHealth([](ModemHealth& h) { h.portOpen = false; });
        restart(u"the modem's port was lost: %1"_s.arg(reason));
    });
    connect(&m_link, &serial::SerialLink::openFailed, this, [this](const QString& reason) {
        setHealth([&](ModemHealth& h) { h.problem = u"cannot open the port: %1"_s.arg(reason); });
    });
}

void Modem::start()
{
    m_link.open();
}

void Modem::send(qint64 id, const QString& to, const QString& text, int reference)
{
    Q_ASSERT(canSend());
    Outgoing outgoing{id, {}, {}};
    try {
        outgoing.parts = encodeSubmit(to, text, {true, 167, m_config.serviceCentre}, reference);
    } catch (const PduError& e) {
        emit messageFailed(id, false, QString::fromUtf8(e.what()));
        return;
    }
    m_sending = std::move(outgoing);
    sendNextPart();
}

void Modem::sendNextPart()
{
    Outgoing& out = *m_sending;
    if (out.references.size() == out.parts.size()) {
        const Outgoing done = std::move(out);
        m_sending.reset();
        emit messageSent(done.id, done.references);
        if (canSend())
            emit sendable();
        return;
    }
    const EncodedPdu& part = out.parts[out.references.size()];
    run(
        "AT+CMGS=" + QByteArray::number(part.tpduLength),
        [this](const Answer& a) {
            const std::optional<QStringList> mr = field(a.lines, u"+CMGS");
            if (a.ok() && mr) {
                m_sending->references.push_back(mr->first().trimmed().toInt());
                sendNextPart();
                return;
            }
            // A plain ERROR says nothing of the cause: the message is tried again later.
            const bool temporary =
                a.final.kind != AtEvent::Kind::CmsError || isTemporary(a.final.code);
            failSending(temporary, u"the modem refused the message: %1"_s.arg(errorText(a.final)));
            if (canSend())
                emit sendable();
        },
        m_config.sendTimeoutMs, part.hex);
}

void Modem::failSending(bool temporary, const QString& reason)
{
    if (!m_sending)
        return;
    const qint64 id = m_sending->id;
    m_sending.reset();
    emit messageFailed(id, temporary, reason);
}

// --- bringing the modem up ---------------------------------------------------------------

void Modem::bringUp()
{
    // A modem left waiting for a PDU (its sender cut off mid-send) takes everything as the PDU
    // until this cancels it; what it still says of earlier commands is let pass unheard.
    m_link.write(QByteArray(1, kEscape));
    m_flushing = true;
    m_flush.start();
}

void Modem::afterFlush()
{
    m_flushing = false;
    m_reader.reset();
    run("ATZ", {});
    run("ATE0", {});
    run("AT+CMEE=1", {});
    run("AT+CPIN?", [this](const Answer& a) { afterPin(a); });
}

void Modem::afterPin(const Answer& a)
{
    using Sim = ModemHealth::Sim;
    const std::optional<QStringList> state = field(a.lines, u"+CPIN");
    const auto stop = [this](Sim sim, const QString& problem) {
        setHealth([&](ModemHealth& h) {
            h.sim = sim;
            h.problem = problem;
        });
        if (sim != Sim::WrongPin && sim != Sim::NeedsPuk) // those wait for a technician
            m_checkTimer.start(m_config.checkIntervalMs);
    };
    if (a.final.kind == AtEvent::Kind::CmeError && (a.final.code == 10 || a.final.code == 13))
        return stop(Sim::Missing, u"no SIM card in the modem"_s);
    if (!a.ok() || !state)
        return stop(Sim::Unknown,
                    u"the modem cannot tell its SIM's state: %1"_s.arg(errorText(a.final)));
    const QString value = state->join(u',').trimmed();
    if (value == u"READY"_s) {
        setHealth([](ModemHealth& h) { h.sim = Sim::Ready; });
        run("AT+CMGF=0", [this](const Answer& mode) {
            if (!mode.ok())
                return setHealth([](ModemHealth& h) {
                    h.problem = u"the modem does not take PDU mode (AT+CMGF=0)"_s;
                });
        });
        run("AT+CSMS=0", {});
        run("AT+CPMS=\"SM\",\"SM\",\"SM\"", {});
        // New messages and reports are stored and announced (+CMTI, +CDSI) or handed over
        // (+CDS); with AT+CSMS=0 nothing needs acknowledging.
        run("AT+CNMI=2,1,0,1,0", {});
        checkRegistration([this] { finishBringUp(); });
        return;
    }
    if (value == u"SIM PIN"_s) {
        if (m_config.pin.isEmpty())
            return stop(Sim::NeedsPin, u"the SIM asks for a PIN and none is configured"_s);
        setHealth([](ModemHealth& h) { h.sim = Sim::NeedsPin; });
        run("AT+CPIN=\"" + m_config.pin.toLatin1() + '"', [this, stop](const Answer& entered) {
            if (!entered.ok())
                return stop(Sim::WrongPin, u"the SIM refused the configured PIN (%1); it is not "
                                           u"tried again"_s.arg(errorText(entered.final)));
            run("AT+CPIN?", [this](const Answer& again) { afterPin(again); });
        });
        return;
    }
    if (value == u"SIM PUK"_s)
        return stop(Sim::NeedsPuk, u"the SIM is locked and needs its PUK"_s);
    stop(Sim::Unknown, u"the SIM asks for %1"_s.arg(value));
}

void Modem::checkRegistration(const std::function<void()>& then)
{
    auto registered = std::make_shared<bool>(false);
    run("AT+CREG?",
        [registered](const Answer& a) { *registered = registeredIn(field(a.lines, u"+CREG")); });
    // LTE-only modules register on EPS; a 2G/3G modem answers ERROR, which is fine.
    run("AT+CEREG?", [registered](const Answer& a) {
        *registered = *registered || registeredIn(field(a.lines, u"+CEREG"));
    });
    run("AT+CSQ", [this, registered, then](const Answer& a) {
        const std::optional<QStringList> csq = field(a.lines, u"+CSQ");
        setHealth([&](ModemHealth& h) {
            h.registered = *registered;
            if (csq)
                h.signal = csq->first().trimmed().toInt();
        });
        then();
    });
}

void Modem::finishBringUp()
{
    if (!m_health.registered) {
        setHealth([](ModemHealth& h) {
            h.ready = false;
            h.problem = u"the modem is not registered on a network"_s;
        });
        m_checkTimer.start(m_config.notRegisteredRetryMs);
        return;
    }
    const bool wasReady = m_health.ready;
    setHealth([](ModemHealth& h) {
        h.ready = true;
        h.problem.clear();
    });
    if (!wasReady) // messages and reports that arrived while nobody listened
        readStored("AT+CMGL=4");
    m_checkTimer.start(m_config.checkIntervalMs);
    if (canSend() && !wasReady)
        emit sendable();
}

void Modem::readStored(const QByteArray& listCommand)
{
    run(listCommand, [this](const Answer& a) {
        for (const AtEvent& e : a.lines) {
            if (e.kind == AtEvent::Kind::WithPdu && e.text.startsWith(u"+CMGL:"_s))
                received(e.pdu, indexIn(e.text, 0).value_or(-1));
        }
    });
}

void Modem::check()
{
    using Sim = ModemHealth::Sim;
    if (!m_link.isOpen())
        return;
    if (m_commandRunning || m_sending) { // busy: it is answering
        m_checkTimer.start(m_config.checkIntervalMs);
        return;
    }
    if (m_health.sim == Sim::Ready)
        checkRegistration([this] { finishBringUp(); });
    else
        bringUp();
}

// --- the dialogue ------------------------------------------------------------------------

void Modem::run(QByteArray line, std::function<void(const Answer&)> done, int timeoutMs,
                QByteArray pdu)
{
    m_commands.push_back({std::move(line), std::move(pdu),
                          timeoutMs > 0 ? timeoutMs : m_config.commandTimeoutMs, std::move(done)});
    startNext();
}

void Modem::startNext()
{
    if (m_commandRunning || m_commands.empty() || !m_link.isOpen())
        return;
    const Command& c = m_commands.front();
    m_commandRunning = true;
    m_awaitingPrompt = !c.pdu.isEmpty();
    m_answer = {};
    qCDebug(lcModem).noquote() << ">>" << c.line;
    m_link.write(c.line + '\r');
    m_commandTimer.start(c.timeoutMs);
}

void Modem::onBytes(const QByteArray& bytes)
{
    if (m_flushing)
        return;
    for (const AtEvent& e : m_reader.feed(bytes))
        onEvent(e);
}

void Modem::onEvent(const AtEvent& e)
{
    qCDebug(lcModem).noquote() << "<<" << e.text << e.pdu;
    if (unsolicited(e))
        return;
    switch (e.kind) {
    case AtEvent::Kind::Prompt:
        if (m_commandRunning && m_awaitingPrompt) {
            m_awaitingPrompt = false;
            m_link.write(m_commands.front().pdu + kCtrlZ);
        } else {
            m_link.write(QByteArray(1, kEscape));
        }
        return;
    case AtEvent::Kind::Line:
    case AtEvent::Kind::WithPdu:
        if (m_commandRunning)
            m_answer.lines.push_back(e);
        return;
    default: // a final result code
        if (!m_commandRunning)
            return;
        m_answer.final = e;
        finishCommand(std::move(m_answer));
    }
}

bool Modem::unsolicited(const AtEvent& e)
{
    if (e.kind == AtEvent::Kind::WithPdu && e.text.startsWith(u"+CDS:"_s)) {
        received(e.pdu, -1);
        return true;
    }
    if (e.kind == AtEvent::Kind::WithPdu && e.text.startsWith(u"+CMT:"_s)) {
        received(e.pdu, -1);
        return true;
    }
    if (e.kind == AtEvent::Kind::Line &&
        (e.text.startsWith(u"+CMTI:"_s) || e.text.startsWith(u"+CDSI:"_s))) {
        if (const std::optional<int> index = indexIn(e.text, 1)) {
            run("AT+CMGR=" + QByteArray::number(*index), [this, index](const Answer& a) {
                for (const AtEvent& line : a.lines) {
                    if (line.kind == AtEvent::Kind::WithPdu)
                        received(line.pdu, *index);
                }
            });
        }
        return true;
    }
    return false;
}

void Modem::finishCommand(Answer answer)
{
    m_commandTimer.stop();
    const Command command = std::move(m_commands.front());
    m_commands.pop_front();
    m_commandRunning = false;
    m_awaitingPrompt = false;
    if (command.done)
        command.done(answer);
    startNext();
}

void Modem::onTimeout()
{
    if (!m_commandRunning)
        return;
    restart(u"the modem did not answer %1"_s.arg(QString::fromLatin1(m_commands.front().line)));
}

void Modem::restart(const QString& reason)
{
    m_commands.clear();
    m_commandRunning = false;
    m_awaitingPrompt = false;
    m_commandTimer.stop();
    m_checkTimer.stop();
    m_flush.stop();
    failSending(true, reason);
    if (reason != m_health.problem)
        qCWarning(lcModem).noquote() << m_config.port << ":" << reason;
    setHealth([&](ModemHealth& h) {
        h.ready = false;
        h.registered = false;
        h.problem = reason;
    });
    if (m_link.isOpen())
        bringUp();
}

void Modem::received(const QByteArray& pdu, int storageIndex)
{
    if (storageIndex >= 0) // read: it leaves the SIM's small storage
        run("AT+CMGD=" + QByteArray::number(storageIndex), {});
    std::variant<Deliver, StatusReport> message;
    try {
        message = decodeReceived(pdu);
    } catch (const PduError& e) {
        qCWarning(lcModem).noquote() << "dropped an unreadable PDU" << pdu << ":" << e.what();
        return;
    }
    if (const auto* report = std::get_if<StatusReport>(&message)) {
        emit reportReceived(*report);
        return;
    }
    Deliver& d = std::get<Deliver>(message);
    const QString text = d.alphabet == Alphabet::Data8 ? QString::fromLatin1(d.data) : d.text;
    if (!d.part || d.part->total <= 1 || d.part->sequence < 1 || d.part->sequence > d.part->total) {
        emit messageReceived({d.from, d.sentAt, text});
        return;
    }
    const qint64 now = QDateTime::currentMSecsSinceEpoch();
    std::erase_if(m_partial, [now](const auto& entry) {
        return now - entry.second.firstSeenMs > kPartialLifetimeMs;
    });
    const QString key = u"%1/%2/%3"_s.arg(d.from.value).arg(d.part->reference).arg(d.part->total);
    PartialMessage& partial = m_partial[key];
    if (partial.parts.empty())
        partial.firstSeenMs = now;
    d.text = text;
    partial.parts[d.part->sequence] = d;
    if (int(partial.parts.size()) < d.part->total)
        return;
    ReceivedMessage whole{d.from, partial.parts.begin()->second.sentAt, {}};
    for (const auto& [sequence, part] : partial.parts)
        whole.text += part.text;
    m_partial.erase(key);
    emit messageReceived(whole);
}

void Modem::setHealth(const std::function<void(ModemHealth&)>& change)
{
    ModemHealth next = m_health;
    change(next);
    if (next == m_health)
        return;
    m_health = next;
    emit healthChanged(m_health);
}

} // namespace qh::sms
