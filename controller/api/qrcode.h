// A QR code as an SVG image (the admin page's display start URLs) or as text for a terminal
// (the display URLs `setup` prints).
#pragma once

#include <QString>

namespace qh::api {

// The text as a QR code (error correction M), one dark square per module, with a quiet zone.
QString qrSvg(const QString& text);

// The text as a QR code in lines of Unicode half blocks, two module rows a line, the light
// modules drawn (for a terminal's light-on-dark text), with a quiet zone.
QString qrText(const QString& text);

} // namespace qh::api
