// A bus of hall devices on one serial port, whatever its protocol: show text on a board or a
// keypad, hear the keys pressed, and tell which devices answer.
#include "bus.h"

#include <QDeadlineTimer>
#include <QLoggingCategory>
#include <QRandomGenerator>

Q_DECLARE_LOGGING_CATEGORY(lcSerial)

namespace qh::serial {

namespace {

constexpr qsizetype kLongestReply = 16; // bytes: a poll reply with a few keys

qint64 nowMs()
{
    return QDeadlineTimer::current().deadline();
}

} // namespace

HallBus::HallBus(std::unique_ptr<SerialLink> link, std::vector<BusDevice> devices, QObject* parent)
    : QObject(parent)
    , m_link(std::move(link))
    , m_devices(std::move(devices))
{
    m_link->setParent(this);
}

const BusDevice* HallBus::device(int address) const
{
    for (const BusDevice& d : m_devices) {
        if (d.address == address)
            return &d;
    }
    return nullptr;
}

QSystemBus::QSystemBus(std::unique_ptr<SerialLink> link, std::vector<BusDevice> devices,
                       QObject* parent)
    : HallBus(std::move(link), std::move(devices), parent)
{
    connect(m_link.get(), &SerialLink::received, this, [this](const QByteArray& bytes) {
        for (const KeyPress& k : m_decoder.feed(bytes)) {
            const BusDevice* d = device(k.address);
            if (d && d->hasKeys)
                emit keyPressed(k.address, k.key);
            else
                qCWarning(lcSerial) << "key" << k.key << "from unknown address" << k.address << "on"
                                    << m_link->portName();
        }
    });
    connect(m_link.get(), &SerialLink::idle, this, [this] { m_decoder.lineIdle(); });
}

void QSystemBus::show(int address, const QString& text, bool blink)
{
    const BusDevice* d = device(address);
    if (!d || d->display == Display::None)
        return;
    if (d->display == Display::Board) {
        m_link->write(qsystem::boardText(address, text));
        return;
    }
    m_link->write(qsystem::keypadDisplay(address, blink, text));
    m_link->write(qsystem::keypadLed(address, !text.trimmed().isEmpty()));
}

FramedBus::FramedBus(std::unique_ptr<SerialLink> link, std::vector<BusDevice> devices,
                     QObject* parent)
    : HallBus(std::move(link), std::move(devices), parent)
{
    // Sequences start anywhere, so that keys a device delivered before a restart of the
    // controller are not taken for a retry.
    const auto start = quint8(QRandomGenerator::global()->bounded(256));
    for (const BusDevice& d : m_devices)
        m_state[d.address] = {.pollSequence = start};
    m_answerTimer.setSingleShot(true);
    connect(&m_answerTimer, &QTimer::timeout, this, &FramedBus::onTimeout);
    m_wake.setSingleShot(true);
    connect(&m_wake, &QTimer::timeout, this, &FramedBus::sendNext);
    connect(m_link.get(), &SerialLink::received, this, &FramedBus::onFrames);
    connect(m_link.get(), &SerialLink::idle, this, [this] { m_decoder.lineIdle(); });
    connect(m_link.get(), &SerialLink::opened, this, &FramedBus::sendNext);
    connect(m_link.get(), &SerialLink::closed, this, [this] {
        m_answerTimer.stop();
        m_request.reset();
    });
}

void FramedBus::show(int address, const QString& text, bool blink)
{
    const auto it = m_state.find(address);
    const BusDevice* d = device(address);
    if (it == m_state.end() || d->display == Display::None)
        return;
    it->second.pendingShow = framed::showPayload(text, blink);
    if (!m_request)
        sendNext();
}

std::optional<bool> FramedBus::answering(int address) const
{
    const auto it = m_state.find(address);
    return it == m_state.end() ? std::nullopt : std::optional<bool>(it->second.answering);
}

DropCounts FramedBus::drops() const
{
    DropCounts counts = m_decoder.drops();
    counts.badFrames += m_unexpectedFrames;
    return counts;
}

void FramedBus::sendNext()
{
    if (m_request || !m_link->isOpen())
        return;
    const qint64 now = nowMs();
    const auto due = [&](const DeviceState& s) { return s.answering || now >= s.nextAskAt; };
    // Text first: a called number must not wait behind a round of polls.
    for (auto& [address, state] : m_state) {
        if (state.pendingShow && due(state)) {
            m_request = Request{address, *state.pendingShow, 0};
            send();
            return;
        }
    }
    // Then whichever device is due to be asked, keypads and pads in turn, boards now and then.
    for (std::size_t i = 0; i < m_devices.size(); ++i) {
        const BusDevice& d = m_devices[(m_pollCursor + i) % m_devices.size()];
        if (now >= m_state[d.address].nextAskAt) {
            m_pollCursor = (m_pollCursor + i + 1) % m_devices.size();
            m_request = Request{
                d.address,
                QByteArray(1, char(framed::kPoll)) + char(m_state[d.address].pollSequence), 0};
            send();
            return;
        }
    }
    qint64 wakeAt = now + kOfflineRetryMs;
    for (const auto& [address, state] : m_state)
        wakeAt = std::min(wakeAt, state.nextAskAt);
    m_wake.start(int(std::max<qint64>(1, wakeAt - now)));
}

void FramedBus::send()
{
    const QByteArray frame = framed::encode(m_request->address, m_request->payload);
    m_link->write(frame);
    m_answerTimer.start(int(m_link->wireSeconds(frame.size() + kLongestReply) * 1000) + kMarginMs);
}

void FramedBus::onFrames(const QByteArray& bytes)
{
    for (const framed::Frame& f : m_decoder.feed(bytes)) {
        if (!f.payload.isEmpty() && !(quint8(f.payload[0]) & 0x80))
            continue; // our own request, echoed by a half-duplex adapter
        if (!m_request || f.address != m_request->address || f.payload.isEmpty() ||
            quint8(f.payload[0]) != (quint8(m_request->payload[0]) | 0x80)) {
            ++m_unexpectedFrames;
            continue;
        }
        if (quint8(f.payload[0]) == framed::kPollReply) {
            for (qsizetype i = 1; i < f.payload.size(); ++i)
                emit keyPressed(f.address, quint8(f.payload[i]));
        }
        finish(true);
    }
}

void FramedBus::onTimeout()
{
    if (!m_request)
        return;
    if (++m_request->attempt <= kRetries) {
        send();
        return;
    }
    finish(false);
}

void FramedBus::finish(bool answered)
{
    m_answerTimer.stop();
    const Request request = *m_request;
    m_request.reset();
    DeviceState& state = m_state[request.address];
    const qint64 now = nowMs();
    const bool wasPoll = quint8(request.payload[0]) == framed::kPoll;
    if (answered) {
        if (wasPoll)
            ++state.pollSequence; // the keys arrived: the device may forget them
        if (!wasPoll && state.pendingShow == request.payload)
            state.pendingShow.reset();
        if (wasPoll || !state.answering)
            state.nextAskAt =
                now + (device(request.address)->hasKeys ? kPollIntervalMs : kCheckIntervalMs);
    } else {
        state.nextAskAt = now + kOfflineRetryMs;
    }
    if (state.answering != answered) {
        state.answering = answered;
        qCWarning(lcSerial) << "device" << request.address << "on" << m_link->portName()
                            << (answered ? "answers again" : "stopped answering");
        emit answeringChanged(request.address, answered);
    }
    sendNext();
}

} // namespace qh::serial
