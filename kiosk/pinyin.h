// Pinyin of Chinese names, so a citizen can type "ldht" or "laodong" to find 劳动合同备案.
#pragma once

#include <QString>

namespace qh::kiosk {

struct Pinyin
{
    QString initials; // "劳动合同备案" → "ldhtba"
    QString full;     // "劳动合同备案" → "laodonghetongbeian"
};

// Latin letters and digits are kept, lower-cased; everything else but Han characters is dropped.
Pinyin pinyinOf(const QString& text);

} // namespace qh::kiosk
