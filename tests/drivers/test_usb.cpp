// libusb against an emulated USB printer: a umockdev testbed presents a printer-class device,
// and an ioctl handler plays its usbfs side (bulk OUT recorded, DLE EOT answered on bulk IN).
// Runs under umockdev-wrapper (CMake sets it as the test's emulator).
#include "encoder.h"
#include "fakeprinter.h"
#include "httpclient.h"
#include "printer.h"
#include "testhall.h"
#include "usbtransport.h"

#include <cerrno>
#include <cstring>
#include <deque>
#include <linux/usbdevice_fs.h>
#include <mutex>
#include <sys/ioctl.h>
#include <umockdev.h>

#include <QTimeZone>

using namespace qh;

namespace {

// Device, configuration, one printer-class interface (7/1/2) with bulk OUT 0x01 and IN 0x82.
constexpr char kDescriptors[] = "12010002000000401604115000010102030109022000010100c032"
                                "09040000020701020007050102400000070582024000"
                                "00";
constexpr char kDevice[] = "/dev/bus/usb/001/005";

class EmulatedPrinter
{
public:
    EmulatedPrinter()
        : m_testbed(umockdev_testbed_new())
        , m_handler(umockdev_ioctl_base_new())
    {
        g_signal_connect(m_handler, "handle-ioctl", G_CALLBACK(&EmulatedPrinter::onIoctl), this);
        REQUIRE(umockdev_testbed_attach_ioctl(m_testbed, kDevice, m_handler, nullptr));
        const QByteArray description =
            QByteArray("P: /devices/pci0000:00/usb1/1-2\n"
                       "N: bus/usb/001/005\n"
                       "E: SUBSYSTEM=usb\nE: DEVTYPE=usb_device\nE: DRIVER=usb\n"
                       "E: BUSNUM=001\nE: DEVNUM=005\nE: DEVNAME=") +
            kDevice +
            "\nA: busnum=1\\n\nA: devnum=5\\n\nA: speed=12\\n\n"
            "A: bConfigurationValue=1\\n\nH: descriptors=" +
            kDescriptors + "\n";
        REQUIRE(umockdev_testbed_add_from_string(m_testbed, description.constData(), nullptr));
    }

    ~EmulatedPrinter()
    {
        g_object_unref(m_handler);
        g_object_unref(m_testbed);
        for (UMockdevIoctlData* urb : m_done)
            umockdev_ioctl_data_unref(urb);
    }

    void setStatus(const escpos::PrinterStatus& s)
    {
        std::lock_guard lock(m_mutex);
        m_status = s;
    }
    void unplugAfter(qsizetype bytes)
    {
        std::lock_guard lock(m_mutex);
        m_unplugAfter = bytes;
    }
    void replug()
    {
        std::lock_guard lock(m_mutex);
        m_unplugged = false;
        m_unplugAfter = -1;
        m_received.clear();
        m_scanned = 0;
    }
    QByteArray received() const
    {
        std::lock_guard lock(m_mutex);
        return m_received;
    }

private:
    static gboolean onIoctl(UMockdevIoctlBase*, UMockdevIoctlClient* client, EmulatedPrinter* self)
    {
        std::lock_guard lock(self->m_mutex);
        return self->handle(client);
    }

    gboolean handle(UMockdevIoctlClient* client)
    {
        UMockdevIoctlData* arg = umockdev_ioctl_client_get_arg(client);
        switch (umockdev_ioctl_client_get_request(client)) {
        case USBDEVFS_GET_CAPABILITIES: {
            UMockdevIoctlData* caps = umockdev_ioctl_data_resolve(arg, 0, sizeof(guint32), nullptr);
            *reinterpret_cast<guint32*>(caps->data) = USBDEVFS_CAP_BULK_CONTINUATION |
                                                      USBDEVFS_CAP_NO_PACKET_SIZE_LIM |
                                                      USBDEVFS_CAP_REAP_AFTER_DISCONNECT;
            umockdev_ioctl_data_unref(caps);
            umockdev_ioctl_client_complete(client, 0, 0);
            return TRUE;
        }
        case USBDEVFS_GETDRIVER: // no usblp bound in the testbed: nothing to detach
        case USBDEVFS_IOCTL:     // (the detach request itself)
            umockdev_ioctl_client_complete(client, -1, ENODATA);
            return TRUE;
        case USBDEVFS_CLAIMINTERFACE:
        case USBDEVFS_RELEASEINTERFACE:
        case USBDEVFS_CLEAR_HALT:
        case USBDEVFS_RESETEP:
            umockdev_ioctl_client_complete(client, m_unplugged ? -1 : 0, m_unplugged ? ENODEV : 0);
            return TRUE;
        case USBDEVFS_SUBMITURB:
            return submit(client, arg);
        case USBDEVFS_REAPURB:
        case USBDEVFS_REAPURBNDELAY: {
            std::deque<UMockdevIoctlData*>& from = !m_discarded.empty() ? m_discarded : m_done;
            if (from.empty()) {
                umockdev_ioctl_client_complete(client, -1, EAGAIN);
                return TRUE;
            }
            UMockdevIoctlData* urb = from.front();
            from.pop_front();
            UMockdevIoctlData* pointer =
                umockdev_ioctl_data_resolve(arg, 0, sizeof(gpointer), nullptr);
            umockdev_ioctl_data_set_ptr(pointer, 0, urb);
            umockdev_ioctl_data_unref(pointer);
            umockdev_ioctl_data_unref(urb);
            umockdev_ioctl_client_complete(client, 0, 0);
            return TRUE;
        }
        case USBDEVFS_DISCARDURB: {
            const gulong address = *reinterpret_cast<gulong*>(arg->data);
            for (auto it = m_waitingIn.begin(); it != m_waitingIn.end(); ++it) {
                if ((*it)->client_addr == address) {
                    reinterpret_cast<usbdevfs_urb*>((*it)->data)->status = -ENOENT;
                    m_discarded.push_back(*it);
                    m_waitingIn.erase(it);
                    umockdev_ioctl_client_complete(client, 0, 0);
                    return TRUE;
                }
            }
            umockdev_ioctl_client_complete(client, -1, EINVAL);
            return TRUE;
        }
        default:
            return FALSE;
        }
    }

    gboolean submit(UMockdevIoctlClient* client, UMockdevIoctlData* arg)
    {
        if (m_unplugged) {
            umockdev_ioctl_client_complete(client, -1, ENODEV);
            return TRUE;
        }
        UMockdevIoctlData* urbData =
            umockdev_ioctl_data_resolve(arg, 0, sizeof(usbdevfs_urb), nullptr);
        auto* urb = reinterpret_cast<usbdevfs_urb*>(urbData->data);
        if (urb->type != USBDEVFS_URB_TYPE_BULK) {
            umockdev_ioctl_data_unref(urbData);
            return FALSE;
        }
        if (urb->endpoint & 0x80) { // IN: answered when status bytes are due
            m_waitingIn.push_back(urbData);
            answerStatus();
            umockdev_ioctl_client_complete(client, 0, 0);
            return TRUE;
        }
        UMockdevIoctlData* buffer = umockdev_ioctl_data_resolve(
            urbData, G_STRUCT_OFFSET(usbdevfs_urb, buffer), gsize(urb->buffer_length), nullptr);
        const QByteArray chunk(reinterpret_cast<const char*>(buffer->data), urb->buffer_length);
        umockdev_ioctl_data_unref(buffer);
        if (m_unplugAfter >= 0 && m_received.size() + chunk.size() > m_unplugAfter) {
            m_unplugged = true; // the cable is pulled in the middle of this transfer
            umockdev_ioctl_data_unref(urbData);
            umockdev_ioctl_client_complete(client, -1, ENODEV);
            return TRUE;
        }
        m_received += chunk;
        urb->actual_length = urb->buffer_length;
        urb->status = 0;
        m_done.push_back(urbData);
        // Every DLE EOT n in the stream gets its reply byte on the IN endpoint.
        for (; m_scanned + 3 <= m_received.size(); ++m_scanned) {
            if (m_received[m_scanned] == 0x10 && m_received[m_scanned + 1] == 0x04) {
                m_replies += char(escpos::statusReply(m_received[m_scanned + 2], m_status));
                m_scanned += 2;
            }
        }
        answerStatus();
        umockdev_ioctl_client_complete(client, 0, 0);
        return TRUE;
    }

    void answerStatus()
    {
        while (!m_waitingIn.empty() && !m_replies.isEmpty()) {
            UMockdevIoctlData* urbData = m_waitingIn.front();
            m_waitingIn.pop_front();
            auto* urb = reinterpret_cast<usbdevfs_urb*>(urbData->data);
            const int n = int(std::min<qsizetype>(urb->buffer_length, m_replies.size()));
            std::memcpy(urb->buffer, m_replies.constData(), size_t(n)); // same address space
            m_replies.remove(0, n);
            urb->actual_length = n;
            urb->status = 0;
            m_done.push_back(urbData);
        }
    }

    UMockdevTestbed* m_testbed;
    UMockdevIoctlBase* m_handler;
    mutable std::mutex m_mutex;
    QByteArray m_received;
    QByteArray m_replies;
    qsizetype m_scanned = 0;
    qsizetype m_unplugAfter = -1;
    bool m_unplugged = false;
    escpos::PrinterStatus m_status;
    std::deque<UMockdevIoctlData*> m_waitingIn;
    std::deque<UMockdevIoctlData*> m_done;
    std::deque<UMockdevIoctlData*> m_discarded;
};

} // namespace

TEST_CASE("libusb finds the printer-class device and prints the exact ticket bytes")
{
    test::ensureGuiApp();
    EmulatedPrinter usb;
    printer::Printer p(std::make_unique<printer::UsbTransport>(),
                       test::printerProfile("generic-58mm"));
    CHECK(p.status().describe() == QStringLiteral("ready"));
    CHECK(p.transport().address() == QStringLiteral("usb://0416:5011"));
    p.print(test::sampleTicket());
    CHECK(usb.received() == test::statusQueries() + test::statusQueries() +
                                p.encode(test::sampleTicket()) + test::statusQueries());
}

TEST_CASE("a USB printer out of paper refuses before the ticket is sent")
{
    test::ensureGuiApp();
    EmulatedPrinter usb;
    escpos::PrinterStatus paperOut;
    paperOut.paperEnd = true;
    usb.setStatus(paperOut);
    printer::Printer p(std::make_unique<printer::UsbTransport>(printer::UsbId{0x0416, 0x5011}),
                       test::printerProfile("generic-58mm"));
    CHECK_THROWS_WITH(p.print(test::sampleTicket()), Catch::Contains("cannot print: paper end"));
    CHECK(usb.received() == test::statusQueries());
}

TEST_CASE("a USB printer unplugged mid-job is an error, and nothing is reported printed")
{
    test::ensureGuiApp();
    EmulatedPrinter usb;
    usb.unplugAfter(test::statusQueries().size() + 5000);
    printer::Printer p(std::make_unique<printer::UsbTransport>(),
                       test::printerProfile("generic-58mm"));
    CHECK_THROWS_WITH(p.print(test::sampleTicket()),
                      Catch::Contains("writing to usb://0416:5011 failed after"));
    CHECK(usb.received().size() <
          test::statusQueries().size() + p.encode(test::sampleTicket()).size());
    // Plugged back in: the next job finds the printer again by itself.
    usb.replug();
    p.print(test::sampleTicket());
    CHECK(usb.received() ==
          test::statusQueries() + p.encode(test::sampleTicket()) + test::statusQueries());
}

TEST_CASE("no USB printer, or another vendor's device, is reported as such")
{
    CHECK(printer::UsbTransport::connectedPrinters().isEmpty());
    EmulatedPrinter usb;
    CHECK(printer::UsbTransport::connectedPrinters() ==
          QStringList{QStringLiteral("usb://0416:5011")});
    printer::Printer other(std::make_unique<printer::UsbTransport>(printer::UsbId{0x04b8, 0x0202}),
                           test::printerProfile("generic-58mm"));
    CHECK_THROWS_WITH(other.status(), Catch::Contains("no USB printer is connected"));
}
