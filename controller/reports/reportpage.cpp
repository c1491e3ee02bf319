// What the report pages share.
#include "reportpage.h"

#include <QBuffer>

using namespace Qt::Literals::StringLiterals;

namespace qh::reports {

const QString kReportStyle = uR"(
body { font-family: "Noto Sans CJK SC", sans-serif; margin: 2rem auto; max-width: 1100px;
       color: #1d2733; }
h1 { color: #1f5fae; margin-bottom: 0.2rem; }
h1 small, h2 small { color: #5b6773; font-weight: normal; font-size: 60%; margin-left: 0.5rem; }
.period { color: #5b6773; margin-top: 0; }
.figures { display: grid; grid-template-columns: repeat(4, 1fr); gap: 0.8rem; margin: 1.5rem 0; }
.figure { border: 1px solid #d5dde6; border-radius: 6px; padding: 0.8rem; }
.figure b { display: block; font-size: 1.8rem; color: #1f5fae; }
figure { margin: 2rem 0; }
figure img { max-width: 100%; border: 1px solid #e3e8ee; }
.table { overflow-x: auto; }
table { border-collapse: collapse; font-size: 0.8rem; white-space: nowrap; }
th, td { border: 1px solid #d5dde6; padding: 0.2rem 0.4rem; text-align: right; }
thead th, th[scope="row"] { background: #eef3f8; text-align: left; }
pre { font-family: "Noto Sans Mono CJK SC", monospace; font-size: 0.8rem; overflow-x: auto; }
)"_s;

Picture picture(const QString& name, const QString& title, const QImage& image)
{
    QByteArray png;
    QBuffer buffer(&png);
    buffer.open(QIODevice::WriteOnly);
    image.save(&buffer, "PNG");
    return {name, title, image.size(), png};
}

QString figuresHtml(const std::vector<Picture>& pictures)
{
    QString html;
    for (const Picture& p : pictures)
        html +=
            u"<figure id=\"%1\"><img src=\"%2\" alt=\"%3\" width=\"%4\" height=\"%5\">"
            u"</figure>\n"_s
                .arg(p.name, u"data:image/png;base64,"_s + QString::fromLatin1(p.png.toBase64()),
                     p.title.toHtmlEscaped())
                .arg(p.size.width())
                .arg(p.size.height());
    return html;
}

QString figureCard(const QString& value, const QString& zh, const QString& en)
{
    return u"<div class=\"figure\"><b>%1</b>%2<br><small>%3</small></div>\n"_s.arg(
        value.toHtmlEscaped(), zh, en);
}

QString percent(const std::optional<double>& share)
{
    return share ? QString::number(*share * 100.0, 'f', 1) + u" %"_s : u"-"_s;
}

} // namespace qh::reports
