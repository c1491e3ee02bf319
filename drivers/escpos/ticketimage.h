// The printed ticket drawn with QPainter into a 1-bit image: number, service, where to go, QR code.
#pragma once

#include <optional>

#include <QDateTime>
#include <QImage>
#include <QString>
#include <QStringList>

namespace qh::escpos {

inline constexpr int kDots58mm = 384;
inline constexpr int kDots80mm = 576;

struct TicketContent
{
    QString hallZh;
    QString hallEn;
    QString number; // "A012"
    QString serviceZh;
    QString serviceEn;
    int floor = 1;
    QString windows; // "1-7"
    int ahead = 0;
    std::optional<int> waitMinutes;
    QDateTime issuedAt;
    QString statusUrl;     // encoded in the QR code
    QStringList materials; // optional checklist, in the ticket's language
    bool green = false;
    QString appointment; // the booked time, "09:30", when the ticket is an appointment's
    QString phoneMasked; // "138****8000" when the citizen asked for SMS; empty otherwise
    QString lang = QStringLiteral("zh"); // the first language; the other follows smaller
};

// The ticket's sentences, the same on the image and in a printer's text mode: the people ahead
// and the wait ("about to be called" rather than "0 min"), and what happens to a missed call.
QString aheadLine(const TicketContent& ticket, bool zh);
QString missedCallLine(bool zh);
// The appointment's mark: "预约 Appointment 09:30"; empty for a walk-in.
QString appointmentLine(const TicketContent& ticket, bool zh);
// Where the SMS updates go, the number masked; empty without a number.
QString smsLine(const TicketContent& ticket, bool zh);

// A white image `widthDots` wide, black where the printer burns; its height follows the content.
// Needs a QGuiApplication (fonts); the Noto CJK font is used when installed.
QImage renderTicket(const TicketContent& ticket, int widthDots);

// The QR code of `text` as a 1-bit image with `scale` dots per module and a quiet zone.
QImage qrImage(const QByteArray& text, int scale);

} // namespace qh::escpos
