// The hall's serial hardware: keypads drive their window, boards show the numbers, rating pads
// rate the ticket just finished; a port that vanishes is reopened and everything on it resynced.
#pragma once

#include "bus.h"
#include "followers.h"
#include "hallservice.h"

#include <QJsonArray>
#include <QObject>

namespace qh::devices {

// Keys of a caller keypad (DESIGN §6) and what they do at the keypad's window.
enum KeypadKey : int {
    kCallOrRecall = 0x31, // nobody there: call the next; called: call again; serving: finish, next
    kStart = 0x32,
    kRedirect = 0x33, // back to its service's queue, for any window, at its original place
    kNoShowOrFinish = 0x34,
};

class HallDevices : public QObject, public service::HardwareStatus
{
    Q_OBJECT

public:
    static constexpr int kErrorShownMs = 3000; // "Err" on a keypad, then its number again

    explicit HallDevices(service::HallService& service, QObject* parent = nullptr);

    // Opens every port of the hall file's "serial" section.
    void start();
    QJsonArray hall() const override;
    QJsonArray window(int number) const override;

private:
    struct Port
    {
        const engine::SerialBus* config = nullptr;
        serial::HallBus* bus = nullptr;
    };

    void onKey(const Port& port, int address, int key);
    void operateWindow(int window, int key, const engine::Actor& actor);
    void onEvent(const engine::Event& event);
    void resync(const Port& port);
    void show(const Port& port, const engine::SerialDevice& device);
    QString hallBoardText(int lines);
    QJsonObject deviceJson(const Port& port, const engine::SerialDevice& device) const;
    // Puts a change of the hardware's health in the audit trail and on the event stream:
    // "hardware.port" {port, open, reason?} and "hardware.device" {port, address, kind,
    // answering}.
    void recordHealth(const QString& type, const Port& port, const engine::SerialDevice* device,
                      QJsonObject data);

    service::HallService& m_service;
    engine::HallStore& m_store; // reads
    std::vector<Port> m_ports;
};

} // namespace qh::devices
