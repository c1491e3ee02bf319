// Pinyin initials of Chinese names, so a citizen can type "ldht" to find 劳动合同备案.
#pragma once

#include <QString>

namespace qh::kiosk {

// "劳动合同备案" → "ldhtba"; Latin letters are kept, lower-cased; everything else is dropped.
QString pinyinInitials(const QString& text);

} // namespace qh::kiosk
