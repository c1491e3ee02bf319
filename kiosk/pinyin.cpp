// Pinyin of Chinese names, so a citizen can type "ldht" or "laodong" to find 劳动合同备案.
#include "pinyin.h"

#include <memory>
#include <unicode/translit.h>
#include <unicode/unistr.h>

namespace qh::kiosk {

Pinyin pinyinOf(const QString& text)
{
    // One transliterator per thread: ICU builds it once (a few ms), then it is fast.
    thread_local const std::unique_ptr<icu::Transliterator> toLatin = [] {
        UErrorCode status = U_ZERO_ERROR;
        std::unique_ptr<icu::Transliterator> t(icu::Transliterator::createInstance(
            "Han-Latin/Names; Latin-ASCII; Lower", UTRANS_FORWARD, status));
        return U_SUCCESS(status) ? std::move(t) : nullptr;
    }();
    Pinyin pinyin;
    for (const QChar c : text) {
        if (c.isLetterOrNumber() && c.unicode() < 0x80) {
            pinyin.initials += c.toLower();
            pinyin.full += c.toLower();
            continue;
        }
        if (!toLatin || c.script() != QChar::Script_Han)
            continue;
        // Character by character: each syllable gives its initial.
        icu::UnicodeString u(char16_t(c.unicode()));
        toLatin->transliterate(u);
        QString syllable;
        for (int i = 0; i < u.length(); ++i) {
            if (u.charAt(i) < 0x80 && QChar(u.charAt(i)).isLetter())
                syllable += QChar(u.charAt(i));
        }
        if (!syllable.isEmpty()) {
            pinyin.initials += syllable.front();
            pinyin.full += syllable;
        }
    }
    return pinyin;
}

} // namespace qh::kiosk
