// A bus of hall devices on one serial port, whatever its protocol: show text on a board or a
// keypad, hear the keys pressed, and tell which devices answer.
#pragma once

#include "framed.h"
#include "link.h"
#include "qsystem.h"

#include <map>
#include <memory>
#include <optional>

#include <QObject>
#include <QTimer>

namespace qh::serial {

enum class Display {
    Board,  // a line of text: a window's number, the hall's newest calls
    Keypad, // a caller keypad's three characters and its LED
    None    // a rating pad shows nothing
};

struct BusDevice
{
    int address = 0;
    Display display = Display::Board;
    bool hasKeys = false; // keypads and rating pads
};

class HallBus : public QObject
{
    Q_OBJECT

public:
    HallBus(std::unique_ptr<SerialLink> link, std::vector<BusDevice> devices,
            QObject* parent = nullptr);

    SerialLink& link() { return *m_link; }
    const std::vector<BusDevice>& devices() const { return m_devices; }
    // Shows text on the device at an address; the latest text wins when the bus is busy.
    virtual void show(int address, const QString& text, bool blink) = 0;
    // Whether a device answered its last request; nullopt when the protocol cannot tell.
    virtual std::optional<bool> answering(int address) const = 0;
    virtual DropCounts drops() const = 0;

signals:
    void keyPressed(int address, int key);
    void answeringChanged(int address, bool answering);

protected:
    const BusDevice* device(int address) const;

    std::unique_ptr<SerialLink> m_link;
    std::vector<BusDevice> m_devices;
};

// Existing QSystem hardware: text and display frames go out, key frames come in on their own.
class QSystemBus : public HallBus
{
    Q_OBJECT

public:
    QSystemBus(std::unique_ptr<SerialLink> link, std::vector<BusDevice> devices,
               QObject* parent = nullptr);

    void show(int address, const QString& text, bool blink) override;
    std::optional<bool> answering(int) const override { return std::nullopt; }
    DropCounts drops() const override { return m_decoder.drops(); }

private:
    qsystem::Decoder m_decoder;
};

// Our framed protocol: one request at a time, every device polled for its keys, every request
// answered within a timeout or retried; a device that stops answering is asked again only every
// kOfflineRetryMs so it never holds up the others.
class FramedBus : public HallBus
{
    Q_OBJECT

public:
    static constexpr int kRetries = 2;
    static constexpr int kMarginMs = 40;        // answer time beyond the bytes' wire time
    static constexpr int kPollIntervalMs = 100; // a device's keys are asked for at most this often
    static constexpr int kCheckIntervalMs = 2000; // boards are asked whether they are there
    static constexpr int kOfflineRetryMs = 5000;

    FramedBus(std::unique_ptr<SerialLink> link, std::vector<BusDevice> devices,
              QObject* parent = nullptr);

    void show(int address, const QString& text, bool blink) override;
    std::optional<bool> answering(int address) const override;
    DropCounts drops() const override;

private:
    struct DeviceState
    {
        std::optional<QByteArray> pendingShow;
        bool answering = true;
        qint64 nextAskAt = 0; // ms, steady clock
        quint8 pollSequence = 0;
    };
    struct Request
    {
        int address = 0;
        QByteArray payload;
        int attempt = 0;
    };

    void sendNext();
    void send();
    void onFrames(const QByteArray& bytes);
    void onTimeout();
    void finish(bool answered);

    framed::Decoder m_decoder;
    std::map<int, DeviceState> m_state;
    std::optional<Request> m_request;
    std::size_t m_pollCursor = 0;
    QTimer m_answerTimer;
    QTimer m_wake;
    std::uint64_t m_unexpectedFrames = 0;
};

} // namespace qh::serial
