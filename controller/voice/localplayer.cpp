// Plays the spoken calls on the controller's own speaker through Qt Multimedia: one at a time,
// in the order they were called, never overlapping.
#include "localplayer.h"

#include <QAudioFormat>
#include <QLoggingCategory>
#include <QMediaDevices>

Q_LOGGING_CATEGORY(lcVoice, "qh.controller.voice")

namespace qh::voice {

namespace {
constexpr double kSilenceAfterSeconds = 0.6;
constexpr int kDeadlineSlackMs = 5000; // after the call's own length
} // namespace

LocalPlayer::LocalPlayer(QObject* parent)
    : QObject(parent)
{
    m_deadline.setSingleShot(true);
    connect(&m_deadline, &QTimer::timeout, this, [this] {
        qCWarning(lcVoice).noquote() << "playing" << m_playing << "did not finish in time";
        finish();
    });
}

LocalPlayer::~LocalPlayer()
{
    if (m_sink)
        m_sink->stop();
}

void LocalPlayer::enqueue(Pcm sound, const QString& label)
{
    m_pending.push_back({std::move(sound), label});
    if (m_pending.size() > kMaxPending) {
        qCWarning(lcVoice).noquote() << "dropped call" << m_pending.front().label << "- more than"
                                     << kMaxPending << "calls waiting to be played";
        m_pending.pop_front();
    }
    if (m_playing.isEmpty())
        playNext();
}

void LocalPlayer::playNext()
{
    if (m_pending.empty())
        return;
    const Call call = std::move(m_pending.front());
    m_pending.pop_front();

    // Asked for every call, so a speaker plugged in (or a sound server started) later is used.
    const QAudioDevice device = QMediaDevices::defaultAudioOutput();
    if (device.isNull()) {
        qCWarning(lcVoice).noquote() << "no audio output; not played:" << call.label;
        playNext();
        return;
    }
    QAudioFormat format;
    format.setSampleRate(call.sound.rate);
    format.setChannelCount(1);
    format.setSampleFormat(QAudioFormat::Int16);

    if (m_sink)
        m_sink.release()->deleteLater(); // its own signal may be what brought us here
    m_buffer.close();
    // The device drops what it still holds when stopped: the silence after the words is what
    // it drops, and the pause before the next call.
    m_buffer.setData(call.sound.samples +
                     QByteArray(qsizetype(call.sound.rate * kSilenceAfterSeconds) * 2, 0));
    m_buffer.open(QIODevice::ReadOnly);
    m_sink = std::make_unique<QAudioSink>(device, format);
    connect(m_sink.get(), &QAudioSink::stateChanged, this, &LocalPlayer::onStateChanged);
    m_playing = call.label;
    qCInfo(lcVoice).noquote() << "playing" << m_playing << "on" << device.description();
    m_deadline.start(int(m_buffer.size() * 1000 / 2 / call.sound.rate) + kDeadlineSlackMs);
    m_sink->start(&m_buffer);
    if (m_sink->error() != QAudio::NoError)
        onStateChanged(QAudio::StoppedState);
}

void LocalPlayer::onStateChanged(QAudio::State state)
{
    if (m_playing.isEmpty() || (state != QAudio::IdleState && state != QAudio::StoppedState))
        return;
    // Idle with samples left: the device ran dry while this process was busy (an underrun); it
    // goes on with the rest, so the call is not cut short.
    if (state == QAudio::IdleState && !m_buffer.atEnd())
        return;
    // Idle: every sample went to the device (which calls that an underrun too). Stopped while
    // playing: the device failed.
    if (state == QAudio::IdleState)
        qCInfo(lcVoice).noquote() << "played" << m_playing;
    else
        qCWarning(lcVoice).noquote()
            << "playing" << m_playing << "failed, error" << int(m_sink->error());
    finish();
}

void LocalPlayer::finish()
{
    m_deadline.stop();
    m_playing.clear();
    m_sink->stop();
    playNext();
}

} // namespace qh::voice
