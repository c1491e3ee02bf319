// The spoken call: "请 A012 号到 15 号窗口办理" and "Number A012, please go to window 15", with a
// chime first, assembled from clips (assets/voice/make-clips.sh names them; a hall may record its
// own).
#include "announcer.h"

#include <QDir>
#include <QFile>
#include <QtEndian>

using namespace Qt::Literals::StringLiterals;

namespace qh::voice {

namespace {

constexpr double kPauseSeconds = 0.3; // between the languages

// Reads the PCM samples of a 16-bit mono WAV clip.
Pcm readClip(const QString& path)
{
    QFile f(path);
    if (!f.open(QIODevice::ReadOnly))
        throw VoiceError(u"voice clip %1 is missing"_s.arg(path));
    const QByteArray data = f.readAll();
    if (!data.startsWith("RIFF") || data.mid(8, 4) != "WAVE")
        throw VoiceError(u"voice clip %1 is not a WAV file"_s.arg(path));
    Pcm pcm;
    for (qsizetype at = 12; at + 8 <= data.size();) {
        const QByteArray id = data.mid(at, 4);
        const quint32 size = qFromLittleEndian<quint32>(data.constData() + at + 4);
        const char* body = data.constData() + at + 8;
        if (id == "fmt ") {
            const quint16 format = qFromLittleEndian<quint16>(body);
            const quint16 channels = qFromLittleEndian<quint16>(body + 2);
            pcm.rate = int(qFromLittleEndian<quint32>(body + 4));
            const quint16 bits = qFromLittleEndian<quint16>(body + 14);
            if (format != 1 || channels != 1 || bits != 16)
                throw VoiceError(u"voice clip %1 must be 16-bit mono PCM"_s.arg(path));
        } else if (id == "data") {
            pcm.samples = data.mid(at + 8, qMin<qsizetype>(size, data.size() - at - 8));
        }
        at += 8 + size + (size & 1);
    }
    if (pcm.rate == 0 || pcm.samples.isEmpty())
        throw VoiceError(u"voice clip %1 has no sound"_s.arg(path));
    return pcm;
}

QByteArray wavFile(const Pcm& pcm)
{
    QByteArray header(44, 0);
    char* h = header.data();
    const auto put32 = [](char* p, quint32 v) { qToLittleEndian(v, p); };
    const auto put16 = [](char* p, quint16 v) { qToLittleEndian(v, p); };
    memcpy(h, "RIFF", 4);
    put32(h + 4, quint32(36 + pcm.samples.size()));
    memcpy(h + 8, "WAVEfmt ", 8);
    put32(h + 16, 16);
    put16(h + 20, 1); // PCM
    put16(h + 22, 1); // mono
    put32(h + 24, quint32(pcm.rate));
    put32(h + 28, quint32(pcm.rate * 2)); // bytes per second
    put16(h + 32, 2);                     // block align
    put16(h + 34, 16);                    // bits
    memcpy(h + 36, "data", 4);
    put32(h + 40, quint32(pcm.samples.size()));
    return header + pcm.samples;
}

// "A012" → letters then digits, one clip each: "a", "0", "1", "2".
QStringList spelled(const QString& language, const QString& number)
{
    QStringList clips;
    for (const QChar c : number) {
        if (c.isDigit())
            clips << u"%1-digit-%2"_s.arg(language, c);
        else if (c.isLetter())
            clips << u"%1-letter-%2"_s.arg(language, c.toLower());
    }
    return clips;
}

} // namespace

Announcer::Announcer(QString clipDirectory, QStringList languages)
    : m_directory(std::move(clipDirectory))
    , m_languages(std::move(languages))
{
}

QStringList Announcer::clips(const QString& number, int window) const
{
    QStringList clips = {u"chime"_s};
    for (const QString& language : m_languages) {
        if (clips.size() > 1)
            clips << u"pause"_s;
        if (language == u"zh"_s)
            clips << u"zh-please"_s << spelled(u"zh"_s, number) << u"zh-number"_s << u"zh-to"_s
                  << u"zh-window-%1"_s.arg(window) << u"zh-go"_s;
        else
            clips << u"en-number"_s << spelled(u"en"_s, number) << u"en-please-go"_s
                  << u"en-window-%1"_s.arg(window);
    }
    return clips;
}

Pcm Announcer::sound(const QString& number, int window) const
{
    Pcm all;
    for (const QString& clip : clips(number, window)) {
        if (clip == u"pause"_s) {
            all.samples += QByteArray(qsizetype(all.rate * kPauseSeconds) * 2, 0);
            continue;
        }
        const Pcm part = readClip(QDir(m_directory).filePath(clip + u".wav"_s));
        if (all.rate != 0 && part.rate != all.rate)
            throw VoiceError(
                u"voice clip %1 has %2 Hz, the others %3 Hz"_s.arg(clip).arg(part.rate).arg(
                    all.rate));
        all.rate = part.rate;
        all.samples += part.samples;
    }
    return all;
}

QByteArray Announcer::wav(const QString& number, int window) const
{
    return wavFile(sound(number, window));
}

} // namespace qh::voice
