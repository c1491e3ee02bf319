// A QR code as an SVG image, for the admin page's display start URLs.
#pragma once

#include <QString>

namespace qh::api {

// The text as a QR code (error correction M), one dark square per module, with a quiet zone.
QString qrSvg(const QString& text);

} // namespace qh::api
