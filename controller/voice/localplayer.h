// Plays the spoken calls on the controller's own speaker through Qt Multimedia: one at a time,
// in the order they were called, never overlapping.
#pragma once

#include "announcer.h"

#include <deque>
#include <memory>

#include <QAudioSink>
#include <QBuffer>
#include <QObject>
#include <QTimer>

namespace qh::voice {

class LocalPlayer : public QObject
{
    Q_OBJECT

public:
    // Calls waiting beyond this are dropped, oldest first: a hall that has fallen minutes
    // behind is better served by the newest calls.
    static constexpr std::size_t kMaxPending = 20;

    explicit LocalPlayer(QObject* parent = nullptr);
    ~LocalPlayer() override;

    // Queues one call; `label` names it in the log ("seq 41 A012 → window 15").
    void enqueue(Pcm sound, const QString& label);

private:
    struct Call
    {
        Pcm sound;
        QString label;
    };

    void playNext();
    void onStateChanged(QAudio::State state);
    // Ends the call in hand and goes on with the next.
    void finish();

    std::deque<Call> m_pending;
    std::unique_ptr<QAudioSink> m_sink;
    QBuffer m_buffer;
    QString m_playing;
    QTimer m_deadline; // a device that never says it is done does not hold up every later call
};

} // namespace qh::voice
