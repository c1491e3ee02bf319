// A USB printer through libusb: found by interface class 7 (or a profile's VID:PID for vendor-class
// models), endpoints from its descriptors, usblp detached, bulk IN read for status; after an
// unplug, the next job finds it again.
#include "usbtransport.h"

#include <libusb.h>

#include <QLoggingCategory>

Q_LOGGING_CATEGORY(lcUsb, "qh.drivers.usb")

using namespace Qt::Literals::StringLiterals;

namespace qh::printer {

namespace {

constexpr int kPrinterClass = 7;
constexpr int kChunkBytes = 16 * 1024;

QString usbError(int code)
{
    return QString::fromUtf8(libusb_strerror(code));
}

// The printer interface of a device and its bulk endpoints, from the active configuration.
struct PrinterInterface
{
    int number = -1;
    unsigned char out = 0;
    unsigned char in = 0; // 0 when the printer is write-only
};

std::optional<PrinterInterface> findInterface(libusb_device* device, bool anyClass)
{
    libusb_config_descriptor* config = nullptr;
    if (libusb_get_active_config_descriptor(device, &config) != 0 &&
        libusb_get_config_descriptor(device, 0, &config) != 0)
        return std::nullopt;
    std::optional<PrinterInterface> found;
    for (int i = 0; i < config->bNumInterfaces && !found; ++i) {
        const libusb_interface& iface = config->interface[i];
        for (int a = 0; a < iface.num_altsetting && !found; ++a) {
            const libusb_interface_descriptor& alt = iface.altsetting[a];
            if (!anyClass && alt.bInterfaceClass != kPrinterClass)
                continue;
            PrinterInterface p;
            p.number = alt.bInterfaceNumber;
            for (int e = 0; e < alt.bNumEndpoints; ++e) {
                const libusb_endpoint_descriptor& ep = alt.endpoint[e];
                if ((ep.bmAttributes & LIBUSB_TRANSFER_TYPE_MASK) != LIBUSB_TRANSFER_TYPE_BULK)
                    continue;
                if (ep.bEndpointAddress & LIBUSB_ENDPOINT_IN)
                    p.in = p.in ? p.in : ep.bEndpointAddress;
                else
                    p.out = p.out ? p.out : ep.bEndpointAddress;
            }
            if (p.out)
                found = p;
        }
    }
    libusb_free_config_descriptor(config);
    return found;
}

} // namespace

struct UsbTransport::Device
{
    libusb_context* context = nullptr;
    libusb_device_handle* handle = nullptr;
    PrinterInterface iface;
    QString name;

    ~Device()
    {
        if (handle) {
            libusb_release_interface(handle, iface.number);
            libusb_close(handle);
        }
        libusb_exit(context);
    }
};

QStringList UsbTransport::connectedPrinters()
{
    libusb_context* context = nullptr;
    if (libusb_init(&context) != 0)
        return {};
    QStringList found;
    libusb_device** list = nullptr;
    const ssize_t count = libusb_get_device_list(context, &list);
    for (ssize_t i = 0; i < count; ++i) {
        libusb_device_descriptor d{};
        libusb_get_device_descriptor(list[i], &d);
        if (findInterface(list[i], false))
            found << u"usb://%1:%2"_s.arg(d.idVendor, 4, 16, QLatin1Char('0'))
                         .arg(d.idProduct, 4, 16, QLatin1Char('0'));
    }
    libusb_free_device_list(list, 1);
    libusb_exit(context);
    return found;
}

UsbTransport::UsbTransport(std::optional<UsbId> id, int timeoutMs)
    : m_id(id)
    , m_timeoutMs(timeoutMs)
{
}

UsbTransport::~UsbTransport() = default;

QString UsbTransport::address() const
{
    if (m_device)
        return u"usb://"_s + m_device->name;
    return m_id ? u"usb://%1:%2"_s.arg(m_id->vendor, 4, 16, QLatin1Char('0'))
                      .arg(m_id->product, 4, 16, QLatin1Char('0'))
                : u"usb://"_s;
}

void UsbTransport::open()
{
    if (m_device)
        return;
    auto device = std::make_unique<Device>();
    if (const int rc = libusb_init(&device->context); rc != 0)
        throw TransportError(u"libusb cannot start: %1"_s.arg(usbError(rc)));
    libusb_device** list = nullptr;
    const ssize_t count = libusb_get_device_list(device->context, &list);
    QString refusal = u"no USB printer is connected"_s;
    for (ssize_t i = 0; i < count && !device->handle; ++i) {
        libusb_device_descriptor d{};
        libusb_get_device_descriptor(list[i], &d);
        if (m_id && (d.idVendor != m_id->vendor || d.idProduct != m_id->product))
            continue;
        const std::optional<PrinterInterface> iface = findInterface(list[i], m_id.has_value());
        if (!iface)
            continue;
        const QString name = u"%1:%2"_s.arg(d.idVendor, 4, 16, QLatin1Char('0'))
                                 .arg(d.idProduct, 4, 16, QLatin1Char('0'));
        libusb_device_handle* handle = nullptr;
        if (const int rc = libusb_open(list[i], &handle); rc != 0) {
            refusal = u"cannot open the USB printer %1: %2 (is the udev rule installed?)"_s.arg(
                name, usbError(rc));
            continue;
        }
        libusb_set_auto_detach_kernel_driver(handle, 1); // usblp lets go while we print
        if (const int rc = libusb_claim_interface(handle, iface->number); rc != 0) {
            refusal = u"cannot claim the USB printer %1: %2"_s.arg(name, usbError(rc));
            libusb_close(handle);
            continue;
        }
        device->handle = handle;
        device->iface = *iface;
        device->name = name;
    }
    libusb_free_device_list(list, 1);
    if (!device->handle)
        throw TransportError(refusal);
    qCInfo(lcUsb) << "printer" << device->name << "interface" << device->iface.number << "out"
                  << Qt::hex << device->iface.out << "in" << device->iface.in;
    m_device = std::move(device);
}

void UsbTransport::close()
{
    m_device.reset();
}

void UsbTransport::write(const QByteArray& bytes)
{
    open();
    qsizetype sent = 0;
    while (sent < bytes.size()) {
        const int chunk = int(std::min<qsizetype>(kChunkBytes, bytes.size() - sent));
        int done = 0;
        const int rc = libusb_bulk_transfer(
            m_device->handle, m_device->iface.out,
            reinterpret_cast<unsigned char*>(const_cast<char*>(bytes.constData() + sent)), chunk,
            &done, unsigned(m_timeoutMs));
        sent += done;
        if (rc != 0) {
            const QString where = address();
            close(); // unplugged or stuck: the next job looks for it again
            throw TransportError(u"writing to %1 failed after %2 of %3 bytes: %4"_s.arg(where)
                                     .arg(sent)
                                     .arg(bytes.size())
                                     .arg(usbError(rc)));
        }
    }
}

QByteArray UsbTransport::read(int timeoutMs)
{
    open();
    if (!m_device->iface.in)
        return {};
    unsigned char buffer[64];
    int got = 0;
    const int rc = libusb_bulk_transfer(m_device->handle, m_device->iface.in, buffer, sizeof buffer,
                                        &got, unsigned(std::max(1, timeoutMs)));
    if (rc != 0 && rc != LIBUSB_ERROR_TIMEOUT) {
        const QString where = address();
        close();
        throw TransportError(u"reading status from %1 failed: %2"_s.arg(where, usbError(rc)));
    }
    return QByteArray(reinterpret_cast<const char*>(buffer), got);
}

} // namespace qh::printer
