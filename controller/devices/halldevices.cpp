// The hall's serial hardware: keypads drive their window, boards show the numbers, rating pads
// rate the ticket just finished; a port that vanishes is reopened and everything on it resynced.
#include "halldevices.h"

#include <QJsonObject>
#include <QLoggingCategory>
#include <QTimer>

Q_LOGGING_CATEGORY(lcDevices, "qh.controller.devices")

using namespace Qt::Literals::StringLiterals;

namespace qh::devices {

namespace {

serial::BusDevice busDevice(const engine::SerialDevice& d)
{
    switch (d.kind) {
    case engine::SerialDeviceKind::Keypad:
        return {d.address, serial::Display::Keypad, true};
    case engine::SerialDeviceKind::RatingPad:
        return {d.address, serial::Display::None, true};
    case engine::SerialDeviceKind::WindowBoard:
    case engine::SerialDeviceKind::HallBoard:
        break;
    }
    return {d.address, serial::Display::Board, false};
}

// The rating a pad's key gives on the 好差评 scale: 0x31 非常满意 (5) .. 0x35 非常不满意 (1). A
// four-key pad (非常满意, 满意, 基本满意, 不满意) sends 0x31 .. 0x34, which are 5 .. 2 here too.
int ratingOf(int key)
{
    return 5 - (key - 0x31);
}

} // namespace

HallDevices::HallDevices(service::HallService& service, QObject* parent)
    : QObject(parent)
    , m_service(service)
    , m_store(service.store())
{
    for (const engine::SerialBus& config : m_service.hall().serial) {
        std::vector<serial::BusDevice> devices;
        for (const engine::SerialDevice& d : config.devices)
            devices.push_back(busDevice(d));
        auto link = std::make_unique<serial::SerialLink>(config.port, config.baud);
        serial::HallBus* bus = nullptr;
        if (config.protocol == engine::SerialProtocol::Framed)
            bus = new serial::FramedBus(std::move(link), std::move(devices), this);
        else
            bus = new serial::QSystemBus(std::move(link), std::move(devices), this);
        const Port port{&config, bus};
        m_ports.push_back(port);
        connect(bus, &serial::HallBus::keyPressed, this,
                [this, port](int address, int key) { onKey(port, address, key); });
        connect(&bus->link(), &serial::SerialLink::opened, this, [this, port] {
            recordHealth(u"hardware.port"_s, port, nullptr, {{u"open"_s, true}});
            resync(port);
        });
        const auto portDown = [this, port](const QString& reason) {
            recordHealth(u"hardware.port"_s, port, nullptr,
                         {{u"open"_s, false}, {u"reason"_s, reason}});
        };
        connect(&bus->link(), &serial::SerialLink::closed, this, portDown);
        connect(&bus->link(), &serial::SerialLink::openFailed, this, portDown);
        connect(bus, &serial::HallBus::answeringChanged, this, [this, port](int address, bool up) {
            for (const engine::SerialDevice& d : port.config->devices) {
                if (d.address != address)
                    continue;
                recordHealth(u"hardware.device"_s, port, &d, {{u"answering"_s, up}});
                if (up)
                    show(port, d); // it may have lost its text while away
            }
        });
    }
    connect(&m_service, &service::HallService::committed, this, &HallDevices::onEvent);
}

void HallDevices::start()
{
    for (const Port& port : m_ports)
        port.bus->link().open();
}

void HallDevices::onKey(const Port& port, int address, int key)
{
    const auto it =
        std::find_if(port.config->devices.begin(), port.config->devices.end(),
                     [&](const engine::SerialDevice& d) { return d.address == address; });
    if (it == port.config->devices.end() || !it->window)
        return;
    const int window = *it->window;
    const bool pad = it->kind == engine::SerialDeviceKind::RatingPad;
    const engine::Actor actor{
        (pad ? u"rating pad at window %1"_s : u"keypad at window %1"_s).arg(window),
        u"serial %1#%2"_s.arg(port.config->port).arg(address)};
    try {
        if (pad)
            m_service.rate(window, ratingOf(key), actor);
        else
            m_service.perform([&] { operateWindow(window, key, actor); });
    } catch (const engine::EngineError& e) {
        qCInfo(lcDevices).noquote()
            << actor.who << "key" << Qt::hex << key << "refused:" << e.message();
        if (!pad) {
            port.bus->show(address, u"Err"_s, true);
            QTimer::singleShot(kErrorShownMs, this,
                               [this, port, device = *it] { show(port, device); });
        }
    } catch (const std::exception& e) {
        // The store failed (disk full, I/O error): nothing was done, and the hall goes on.
        qCWarning(lcDevices).noquote()
            << actor.who << "key" << Qt::hex << key << "failed:" << e.what();
        port.bus->show(address, u"Err"_s, true);
    }
}

// Runs in one unit of work: a key that does two things (finish and call the next) does both or
// neither.
void HallDevices::operateWindow(int window, int key, const engine::Actor& actor)
{
    engine::QueueEngine& engine = m_service.engine();
    const engine::WindowState state = m_store.window(window);
    const std::optional<engine::Ticket> current =
        state.currentTicket ? m_store.ticket(*state.currentTicket) : std::nullopt;
    const bool called = current && current->state == engine::TicketState::Called;
    switch (key) {
    case kCallOrRecall:
        if (called) {
            engine.recall(window, actor);
            return;
        }
        if (current)
            engine.complete(window, actor);
        engine.callNext(window, actor);
        return;
    case kStart:
        engine.start(window, actor);
        return;
    case kRedirect:
        engine.transferToService(window, current ? current->serviceId : QString(), actor);
        return;
    case kNoShowOrFinish:
        if (called)
            engine.noShow(window, actor);
        else
            engine.complete(window, actor);
        return;
    default:
        return;
    }
}

void HallDevices::onEvent(const engine::Event& event)
{
    const bool callOut = service::callOutOf(event).has_value();
    // A case's steps change nothing a board shows.
    if ((!event.window && !callOut) || event.type.startsWith(u"case."_s))
        return;
    for (const Port& port : m_ports) {
        for (const engine::SerialDevice& d : port.config->devices) {
            if ((d.window && d.window == event.window) ||
                (callOut && d.kind == engine::SerialDeviceKind::HallBoard))
                show(port, d);
        }
    }
}

void HallDevices::resync(const Port& port)
{
    qCInfo(lcDevices).noquote() << "showing every board again on" << port.config->port;
    for (const engine::SerialDevice& d : port.config->devices)
        show(port, d);
}

void HallDevices::show(const Port& port, const engine::SerialDevice& device)
{
    if (device.kind == engine::SerialDeviceKind::RatingPad)
        return;
    try {
        if (device.kind == engine::SerialDeviceKind::HallBoard) {
            port.bus->show(device.address, hallBoardText(device.lines), false);
            return;
        }
        const engine::WindowState state = m_store.window(*device.window);
        const std::optional<engine::Ticket> current =
            state.currentTicket ? m_store.ticket(*state.currentTicket) : std::nullopt;
        // A keypad blinks while its ticket is called and nobody has come yet.
        port.bus->show(device.address, current ? current->number : QString(),
                       current && current->state == engine::TicketState::Called);
    } catch (const std::exception& e) {
        // The store could not be read: the board keeps what it shows until the next change.
        qCWarning(lcDevices) << "cannot tell device" << device.address
                             << "what to show:" << e.what();
    }
}

// The newest calls, newest first: "A012 15号  B003 7号".
QString HallDevices::hallBoardText(int lines)
{
    QStringList shown;
    QStringList numbers;
    for (const engine::Event& e : m_store.recentCalls(lines * 2)) {
        const std::optional<service::CallOut> c = service::callOutOf(e);
        if (!c || numbers.contains(c->number))
            continue; // a recall shows once, at its newest place
        numbers << c->number;
        shown << u"%1 %2号"_s.arg(c->number).arg(c->window);
        if (shown.size() == lines)
            break;
    }
    return shown.join(u"  "_s);
}

void HallDevices::recordHealth(const QString& type, const Port& port,
                               const engine::SerialDevice* device, QJsonObject data)
{
    data.insert(u"port"_s, port.config->port);
    if (device) {
        data.insert(u"address"_s, device->address);
        data.insert(u"kind"_s, engine::toString(device->kind));
    }
    try {
        m_service.perform([&] {
            m_service.record({0, m_service.clock().nowMs(), type, u"controller"_s,
                              u"serial %1"_s.arg(port.config->port), std::nullopt,
                              device ? device->window : std::nullopt, data});
        });
    } catch (const std::exception& e) {
        qCWarning(lcDevices) << "cannot record" << type << ":" << e.what();
    }
}

QJsonObject HallDevices::deviceJson(const Port& port, const engine::SerialDevice& d) const
{
    const std::optional<bool> answering = port.bus->answering(d.address);
    return {{u"address"_s, d.address},
            {u"kind"_s, engine::toString(d.kind)},
            {u"answering"_s, answering ? QJsonValue(*answering) : QJsonValue()}};
}

QJsonArray HallDevices::hall() const
{
    QJsonArray ports;
    for (const Port& port : m_ports) {
        QJsonArray devices;
        for (const engine::SerialDevice& d : port.config->devices) {
            QJsonObject o = deviceJson(port, d);
            if (d.window)
                o.insert(u"window"_s, *d.window);
            devices.append(o);
        }
        const serial::DropCounts drops = port.bus->drops();
        ports.append(QJsonObject{
            {u"port"_s, port.config->port},
            {u"protocol"_s,
             port.config->protocol == engine::SerialProtocol::Framed ? u"framed"_s : u"qsystem"_s},
            {u"open"_s, port.bus->link().isOpen()},
            {u"dropped"_s, QJsonObject{{u"garbageBytes"_s, double(drops.garbageBytes)},
                                       {u"badFrames"_s, double(drops.badFrames)},
                                       {u"partialFrames"_s, double(drops.partialFrames)}}},
            {u"devices"_s, devices}});
    }
    return ports;
}

QJsonArray HallDevices::window(int number) const
{
    QJsonArray devices;
    for (const Port& port : m_ports) {
        for (const engine::SerialDevice& d : port.config->devices) {
            if (d.window != number)
                continue;
            QJsonObject o = deviceJson(port, d);
            o.insert(u"port"_s, port.config->port);
            o.insert(u"open"_s, port.bus->link().isOpen());
            devices.append(o);
        }
    }
    return devices;
}

} // namespace qh::devices
