// The printed ticket drawn with QPainter into a 1-bit image: number, service, where to go, QR code.
#include "ticketimage.h"

#include <memory>

#include <QFont>
#include <QFontMetrics>
#include <QPainter>
#include <qrencode.h>

using namespace Qt::Literals::StringLiterals;

namespace qh::escpos {

namespace {

constexpr int kMargin = 8;
constexpr int kQuietModules = 2;
const QString kFamily = u"Noto Sans CJK SC"_s;

// Lays text out top to bottom, centred, growing the page as it goes.
class Layout
{
public:
    Layout(QPainter& painter, int width)
        : m_painter(painter)
        , m_width(width)
    {
    }

    void text(const QString& text, int pixelSize, bool bold = false)
    {
        QFont font(kFamily);
        font.setPixelSize(pixelSize);
        font.setBold(bold);
        font.setStyleStrategy(QFont::NoAntialias);
        m_painter.setFont(font);
        const QRect box(kMargin, m_y, m_width - 2 * kMargin, 10000);
        const QRect used = m_painter.boundingRect(box, Qt::AlignHCenter | Qt::TextWordWrap, text);
        m_painter.drawText(box, Qt::AlignHCenter | Qt::TextWordWrap, text);
        m_y += used.height() + pixelSize / 5;
    }

    void rule()
    {
        m_y += 4;
        m_painter.fillRect(kMargin, m_y, m_width - 2 * kMargin, 2, Qt::black);
        m_y += 8;
    }

    void image(const QImage& image)
    {
        m_painter.drawImage((m_width - image.width()) / 2, m_y, image);
        m_y += image.height() + 4;
    }

    void space(int dots) { m_y += dots; }
    int height() const { return m_y; }

private:
    QPainter& m_painter;
    int m_width;
    int m_y = kMargin;
};

} // namespace

QImage qrImage(const QByteArray& text, int scale)
{
    const std::unique_ptr<QRcode, decltype(&QRcode_free)> code(
        QRcode_encodeString8bit(text.constData(), 0, QR_ECLEVEL_M), &QRcode_free);
    if (!code)
        return {};
    const int side = (code->width + 2 * kQuietModules) * scale;
    QImage image(side, side, QImage::Format_Grayscale8);
    image.fill(Qt::white);
    QPainter p(&image);
    for (int y = 0; y < code->width; ++y) {
        for (int x = 0; x < code->width; ++x) {
            if (code->data[y * code->width + x] & 1)
                p.fillRect((x + kQuietModules) * scale, (y + kQuietModules) * scale, scale, scale,
                           Qt::black);
        }
    }
    return image;
}

QString aheadLine(const TicketContent& t, bool zh)
{
    if (!t.waitMinutes)
        return zh ? u"前面还有 %1 人"_s.arg(t.ahead) : u"%1 ahead of you"_s.arg(t.ahead);
    if (*t.waitMinutes < 1)
        return zh ? u"前面还有 %1 人，即将叫号"_s.arg(t.ahead)
                  : u"%1 ahead of you, to be called very soon"_s.arg(t.ahead);
    return zh ? u"前面还有 %1 人，预计等候 %2 分钟"_s.arg(t.ahead).arg(*t.waitMinutes)
              : u"%1 ahead of you, about %2 min"_s.arg(t.ahead).arg(*t.waitMinutes);
}

// The engine's rule: a missed call puts the ticket back in line until its calls run out.
QString missedCallLine(bool zh)
{
    return zh ? u"请留意叫号；过号顺延，多次未到请重新取号"_s
              : u"Listen for your number; missed, you wait again, until the last call"_s;
}

QString appointmentLine(const TicketContent& t, bool zh)
{
    if (t.appointment.isEmpty())
        return {};
    return zh ? u"预约 Appointment %1"_s.arg(t.appointment)
              : u"Appointment 预约 %1"_s.arg(t.appointment);
}

QString smsLine(const TicketContent& t, bool zh)
{
    if (t.phoneMasked.isEmpty())
        return {};
    return zh ? u"短信通知 SMS to %1"_s.arg(t.phoneMasked)
              : u"SMS to %1 短信通知"_s.arg(t.phoneMasked);
}

QImage renderTicket(const TicketContent& t, int widthDots)
{
    // Drawn on a tall page, then cut to the height the content took.
    QImage page(widthDots, 4000, QImage::Format_Grayscale8);
    page.fill(Qt::white);
    int height = 0;
    {
        QPainter painter(&page);
        painter.setRenderHint(QPainter::TextAntialiasing, false);
        painter.setPen(Qt::black);
        const bool zh = t.lang != u"en"_s;
        const double s = widthDots / double(kDots58mm); // everything scales with the paper
        const auto px = [s](int size) { return int(size * s); };
        Layout l(painter, widthDots);

        l.text(zh ? t.hallZh : t.hallEn, px(22), true);
        l.text(zh ? t.hallEn : t.hallZh, px(14));
        l.rule();
        if (t.green)
            l.text(zh ? u"绿色通道 Green channel"_s : u"Green channel 绿色通道"_s, px(20), true);
        if (!t.appointment.isEmpty())
            l.text(appointmentLine(t, zh), px(20), true);
        l.text(t.number, px(96), true);
        l.text(zh ? t.serviceZh : t.serviceEn, px(24), true);
        l.text(zh ? t.serviceEn : t.serviceZh, px(16));
        l.space(px(4));
        l.text(zh ? u"请到 %1 楼 %2 号窗口办理"_s.arg(t.floor).arg(t.windows)
                  : u"Floor %1, windows %2"_s.arg(t.floor).arg(t.windows),
               px(20));
        l.text(aheadLine(t, zh), px(18));
        l.text(aheadLine(t, !zh), px(14));
        if (!t.materials.isEmpty()) {
            l.rule();
            l.text(zh ? u"请备齐材料 Materials"_s : u"Please bring 所需材料"_s, px(18), true);
            for (const QString& m : t.materials)
                l.text(u"□ "_s + m, px(16));
        }
        l.rule();
        if (!t.statusUrl.isEmpty()) {
            l.image(qrImage(t.statusUrl.toUtf8(), std::max(2, px(4))));
            l.text(zh ? u"扫码查看排队进度 Scan for your place in line"_s
                      : u"Scan for your place in line 扫码查看进度"_s,
                   px(14));
        }
        if (!t.phoneMasked.isEmpty())
            l.text(smsLine(t, zh), px(16));
        l.text(t.issuedAt.toString(u"yyyy-MM-dd HH:mm"_s), px(16));
        l.text(missedCallLine(zh), px(14));
        height = l.height() + kMargin;
    }
    // Pure black and white: what the print head can do.
    QImage ticket = page.copy(0, 0, widthDots, height);
    for (int y = 0; y < ticket.height(); ++y) {
        uchar* line = ticket.scanLine(y);
        for (int x = 0; x < ticket.width(); ++x)
            line[x] = line[x] < 128 ? 0 : 255;
    }
    return ticket;
}

} // namespace qh::escpos
