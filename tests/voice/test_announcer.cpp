// The spoken call: which clips, in which order, and the WAV made of them.
#include "announcer.h"
#include "catchqt.h"

#include <QDir>
#include <QFile>
#include <QTemporaryDir>
#include <QtEndian>

using qh::voice::Announcer;

namespace {

// Seconds of sound in a 16-bit mono WAV.
double seconds(const QByteArray& wav)
{
    const quint32 rate = qFromLittleEndian<quint32>(wav.constData() + 24);
    const quint32 bytes = qFromLittleEndian<quint32>(wav.constData() + 40);
    return double(bytes) / 2 / rate;
}

} // namespace

TEST_CASE("a call is a chime, then the sentence in each language in the configured order")
{
    const Announcer zhEn(QStringLiteral(QH_VOICE_DIR),
                         {QStringLiteral("zh"), QStringLiteral("en")});
    CHECK(zhEn.clips(QStringLiteral("A012"), 15) ==
          QStringList{QStringLiteral("chime"), QStringLiteral("zh-please"),
                      QStringLiteral("zh-letter-a"), QStringLiteral("zh-digit-0"),
                      QStringLiteral("zh-digit-1"), QStringLiteral("zh-digit-2"),
                      QStringLiteral("zh-number"), QStringLiteral("zh-to"),
                      QStringLiteral("zh-window-15"), QStringLiteral("zh-go"),
                      QStringLiteral("pause"), QStringLiteral("en-number"),
                      QStringLiteral("en-letter-a"), QStringLiteral("en-digit-0"),
                      QStringLiteral("en-digit-1"), QStringLiteral("en-digit-2"),
                      QStringLiteral("en-please-go"), QStringLiteral("en-window-15")});
    const Announcer enOnly(QStringLiteral(QH_VOICE_DIR), {QStringLiteral("en")});
    CHECK(enOnly.clips(QStringLiteral("GZ003"), 58).join(u' ') ==
          QStringLiteral("chime en-number en-letter-g en-letter-z en-digit-0 en-digit-0 en-digit-3 "
                         "en-please-go en-window-58"));
}

TEST_CASE("the WAV is the clips one after another, every clip there")
{
    const Announcer zhEn(QStringLiteral(QH_VOICE_DIR),
                         {QStringLiteral("zh"), QStringLiteral("en")});
    const QByteArray wav = zhEn.wav(QStringLiteral("A012"), 15);
    REQUIRE(wav.startsWith("RIFF"));
    CHECK(wav.mid(8, 8) == "WAVEfmt ");
    CHECK(qFromLittleEndian<quint16>(wav.constData() + 22) == 1);  // mono
    CHECK(qFromLittleEndian<quint16>(wav.constData() + 34) == 16); // bits
    CHECK(qFromLittleEndian<quint32>(wav.constData() + 4) == quint32(wav.size() - 8));
    // Longer than the chime and the pause alone, and about as long as its parts.
    double parts = 0.3;
    for (const QString& clip : zhEn.clips(QStringLiteral("A012"), 15)) {
        if (clip == QStringLiteral("pause"))
            continue;
        QFile f(QDir(QStringLiteral(QH_VOICE_DIR)).filePath(clip + QStringLiteral(".wav")));
        REQUIRE(f.open(QIODevice::ReadOnly));
        parts += seconds(f.readAll());
    }
    CHECK(seconds(wav) == Approx(parts).epsilon(0.02));
    CHECK(seconds(wav) > 3.0);
}

TEST_CASE("a missing or foreign clip is a clear error")
{
    QTemporaryDir empty;
    const Announcer nothing(empty.path(), {QStringLiteral("zh")});
    CHECK_THROWS_WITH(nothing.wav(QStringLiteral("A001"), 1),
                      Catch::Contains("chime.wav is missing"));
    QFile bad(QDir(empty.path()).filePath(QStringLiteral("chime.wav")));
    REQUIRE(bad.open(QIODevice::WriteOnly));
    bad.write("not a wav at all");
    bad.close();
    CHECK_THROWS_WITH(nothing.wav(QStringLiteral("A001"), 1), Catch::Contains("is not a WAV file"));
}
