// Pinyin initials of Chinese names, so a citizen can type "ldht" to find 劳动合同备案.
#include "pinyin.h"

#include <memory>
#include <unicode/translit.h>
#include <unicode/unistr.h>

namespace qh::kiosk {

QString pinyinInitials(const QString& text)
{
    // One transliterator per thread: ICU builds it once (a few ms), then it is fast.
    thread_local const std::unique_ptr<icu::Transliterator> toLatin = [] {
        UErrorCode status = U_ZERO_ERROR;
        std::unique_ptr<icu::Transliterator> t(icu::Transliterator::createInstance(
            "Han-Latin/Names; Latin-ASCII; Lower", UTRANS_FORWARD, status));
        return U_SUCCESS(status) ? std::move(t) : nullptr;
    }();
    QString initials;
    for (const QChar c : text) {
        if (c.isLetterOrNumber() && c.unicode() < 0x80) {
            initials += c.toLower();
            continue;
        }
        if (!toLatin || c.script() != QChar::Script_Han)
            continue;
        icu::UnicodeString u(char16_t(c.unicode()));
        toLatin->transliterate(u);
        if (u.length() > 0 && u.charAt(0) < 0x80)
            initials += QChar(u.charAt(0));
    }
    return initials;
}

} // namespace qh::kiosk
