// Device tokens: kiosks, callers (bound to a window), displays and admins; shown once, kept as
// hashes.
#pragma once

#include "hallservice.h"

#include <optional>
#include <vector>

#include <QString>

namespace qh::api {

struct NewDevice
{
    engine::Device device;
    QString token; // shown once; only its hash is stored
};

class DeviceRegistry
{
public:
    explicit DeviceRegistry(service::HallService& service);

    // Refuses an unknown role, a caller without a valid window, or a window on another role.
    NewDevice add(const QString& name, const QString& role, std::optional<int> window,
                  const engine::Actor& by);
    void revoke(std::int64_t id, const engine::Actor& by);
    std::vector<engine::Device> list();
    // The active device holding this token, if any.
    std::optional<engine::Device> authenticate(const QString& token);

    // How a device appears in the audit trail and on the tickets it issues: "kiosk#3".
    static engine::Actor actorOf(const engine::Device& device);

private:
    service::HallService& m_service;
    engine::HallStore& m_store;
};

} // namespace qh::api
