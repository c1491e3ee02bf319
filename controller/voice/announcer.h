// The spoken call: "请 A012 号到 15 号窗口办理" and "Number A012, please go to window 15", with a
// chime first, assembled from clips (assets/voice/make-clips.sh names them; a hall may record its
// own).
#pragma once

#include <stdexcept>

#include <QByteArray>
#include <QString>
#include <QStringList>

namespace qh::voice {

class VoiceError : public std::runtime_error
{
public:
    explicit VoiceError(const QString& message)
        : std::runtime_error(message.toStdString())
    {
    }
};

// 16-bit mono PCM samples at a sample rate.
struct Pcm
{
    int rate = 0;
    QByteArray samples;

    double seconds() const { return rate == 0 ? 0.0 : double(samples.size()) / 2 / rate; }
};

class Announcer
{
public:
    // languages in the order they are spoken, each "zh" or "en".
    Announcer(QString clipDirectory, QStringList languages);

    // The clips of one call, in order: "chime", then each language's sentence.
    QStringList clips(const QString& number, int window) const;
    // The sound of the clips in order (the clips' rate), a short pause between languages.
    // Throws VoiceError when a clip is missing or in another format.
    Pcm sound(const QString& number, int window) const;
    // The same sound as a WAV file.
    QByteArray wav(const QString& number, int window) const;

private:
    QString m_directory;
    QStringList m_languages;
};

} // namespace qh::voice
