// The controller speaks every call on its own speaker: a private PulseAudio server with a null
// sink stands in for the hall's amplifier, and what reaches the sink is recorded and compared
// with the calls' sound.
#include "announcer.h"
#include "controllerprocess.h"
#include "testhall.h"

#include <algorithm>
#include <cmath>

#include <QFile>
#include <QRegularExpression>

using namespace qh::test;
using qh::voice::Announcer;

namespace {

constexpr int kRate = 22050;       // the generated clips' rate; the sink runs at it too
constexpr int kFrame = kRate / 50; // 20 ms
constexpr double kMinMatch = 0.9;  // correlation of a call's loudness curve with the recording

// A PulseAudio server of the test's own with one null sink, and a recorder of that sink.
class SoundServer
{
public:
    SoundServer()
    {
        const QString dir = m_dir.path();
        QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
        env.insert(QStringLiteral("HOME"), dir);
        env.insert(QStringLiteral("XDG_RUNTIME_DIR"), dir);
        m_server.setProcessEnvironment(env);
        m_server.setProcessChannelMode(QProcess::MergedChannels);
        m_server.start(
            QStringLiteral("pulseaudio"),
            {QStringLiteral("-n"), QStringLiteral("--daemonize=no"),
             QStringLiteral("--exit-idle-time=-1"), QStringLiteral("--use-pid-file=no"),
             QStringLiteral("--disable-shm=yes"), QStringLiteral("-L"),
             QStringLiteral("module-native-protocol-unix auth-anonymous=1 socket=") + socket(),
             QStringLiteral("-L"),
             QStringLiteral("module-null-sink sink_name=hall rate=%1 channels=1").arg(kRate)});
        if (!waitUntil([&] { return QFile::exists(socket()); }, 10'000))
            throw std::runtime_error("pulseaudio did not start: " +
                                     m_server.readAll().toStdString());
        env.insert(QStringLiteral("PULSE_SERVER"), address());
        m_recorder.setProcessEnvironment(env);
        m_recorder.setStandardOutputFile(recording());
        m_recorder.start(QStringLiteral("parec"),
                         {QStringLiteral("--device=hall.monitor"), QStringLiteral("--raw"),
                          QStringLiteral("--format=s16le"), QStringLiteral("--rate=%1").arg(kRate),
                          QStringLiteral("--channels=1"), QStringLiteral("--latency-msec=20")});
        if (!m_recorder.waitForStarted(5'000))
            throw std::runtime_error("parec did not start");
    }

    ~SoundServer()
    {
        m_recorder.kill();
        m_recorder.waitForFinished();
        m_server.terminate();
        if (!m_server.waitForFinished(5'000))
            m_server.kill();
    }

    QString address() const { return QStringLiteral("unix:") + socket(); }

    // Every sample that reached the sink so far.
    QByteArray recorded() const
    {
        QFile f(recording());
        return f.open(QIODevice::ReadOnly) ? f.readAll() : QByteArray();
    }

private:
    QString socket() const { return m_dir.filePath(QStringLiteral("native")); }
    QString recording() const { return m_dir.filePath(QStringLiteral("speaker.raw")); }

    QTemporaryDir m_dir;
    QProcess m_server;
    QProcess m_recorder;
};

// Loudness every 20 ms of 16-bit mono samples.
std::vector<double> loudness(const QByteArray& samples)
{
    const auto* s = reinterpret_cast<const qint16*>(samples.constData());
    const qsizetype n = samples.size() / 2;
    std::vector<double> frames;
    for (qsizetype at = 0; at + kFrame <= n; at += kFrame) {
        double sum = 0;
        for (qsizetype i = at; i < at + kFrame; ++i)
            sum += double(s[i]) * s[i];
        frames.push_back(std::sqrt(sum / kFrame));
    }
    return frames;
}

double correlation(const std::vector<double>& a, const std::vector<double>& b, std::size_t at)
{
    double ab = 0, aa = 0, bb = 0;
    for (std::size_t i = 0; i < a.size(); ++i) {
        ab += a[i] * b[at + i];
        aa += a[i] * a[i];
        bb += b[at + i] * b[at + i];
    }
    return aa == 0 || bb == 0 ? 0 : ab / std::sqrt(aa * bb);
}

struct Found
{
    std::size_t at = 0; // frame
    double match = 0;
};

// Where `call` sounds best in `recording` within 3 s from frame `from` on. The recording holds
// only what was played: the sink records nothing while nobody plays.
Found find(const std::vector<double>& call, const std::vector<double>& recording, std::size_t from)
{
    Found best;
    for (std::size_t at = from; at < from + 150 && at + call.size() <= recording.size(); ++at) {
        const double c = correlation(call, recording, at);
        if (c > best.match)
            best = {at, c};
    }
    return best;
}

// The controller's log lines "playing …" and "played …", in order.
QStringList playerLog(ControllerProcess& c, QString& log)
{
    log += QString::fromUtf8(c.process().readAllStandardError());
    static const QRegularExpression line(QStringLiteral("(playing|played|not played)[^\\n]*"));
    QStringList lines;
    for (auto it = line.globalMatch(log); it.hasNext();)
        lines << it.next().captured(0).section(QStringLiteral(" on "), 0, 0);
    return lines;
}

} // namespace

TEST_CASE("the controller speaks the calls on its speaker in order, a recall again, never "
          "overlapping")
{
    ensureQtApp();
    SoundServer sound;
    qputenv("PULSE_SERVER", sound.address().toUtf8());
    // Chinese only, to keep the test short; the languages' order is the announcer's own test.
    ControllerProcess c(sourcePath(QStringLiteral("tests/data/small-hall.json")),
                        "2026-11-25 10:00",
                        {QStringLiteral("--play-voice"), QStringLiteral("--voice-languages"),
                         QStringLiteral("zh")});
    qunsetenv("PULSE_SERVER");
    HttpConnection http = c.connection();
    const QString caller = c.token(QStringLiteral("caller3"));
    c.takeTicket(QStringLiteral("invoice"));
    c.takeTicket(QStringLiteral("invoice"));
    // Three calls in quick succession: each takes seconds to speak, so they must queue.
    const auto post = [&](const char* operation) {
        const HttpResponse r = http.send(
            "POST", QStringLiteral("/api/v1/windows/3/%1").arg(QLatin1String(operation)), caller);
        REQUIRE(r.status == 200);
        return r.json();
    };
    const QString first = post("call-next").value(QStringLiteral("number")).toString();
    post("recall");
    post("start");
    post("complete");
    const QString second = post("call-next").value(QStringLiteral("number")).toString();
    REQUIRE(!first.isEmpty());
    REQUIRE(!second.isEmpty());

    QString log;
    REQUIRE(waitUntil(
        [&] {
            return playerLog(c, log).filter(QRegularExpression(QStringLiteral("^played"))).size() ==
                   3;
        },
        60'000));
    const QStringList lines = playerLog(c, log);
    REQUIRE(lines.size() == 6);
    // One at a time, in the order called: playing A, played A, playing A (recall), ...
    const QStringList expected = {first, first, second};
    for (int i = 0; i < 3; ++i) {
        INFO(lines.join(u'\n').toStdString());
        CHECK(lines[2 * i].startsWith(QStringLiteral("playing seq")));
        CHECK(lines[2 * i].contains(QStringLiteral(" %1 window 3").arg(expected[i])));
        CHECK(lines[2 * i + 1] == QStringLiteral("played") + lines[2 * i].mid(7));
    }

    // What the speaker got: the three calls' sound one after the other. The recorder is a
    // little behind the speaker: wait until the last call's tail has reached it.
    const Announcer announcer(QStringLiteral(QH_VOICE_DIR), {QStringLiteral("zh")});
    std::vector<std::vector<double>> calls;
    for (const QString& number : expected)
        calls.push_back(loudness(announcer.sound(number, 3).samples));
    std::vector<Found> found;
    std::size_t recorded = 0;
    const auto heardInOrder = [&] {
        const std::vector<double> recording = loudness(sound.recorded());
        recorded = recording.size();
        found.clear();
        std::size_t from = 0;
        for (const std::vector<double>& call : calls) {
            found.push_back(find(call, recording, from));
            from = found.back().at + call.size(); // the next call starts after this one ends
        }
        return std::all_of(found.begin(), found.end(),
                           [](const Found& f) { return f.match >= kMinMatch; });
    };
    waitUntil(heardInOrder, 10'000);
    for (std::size_t i = 0; i < calls.size(); ++i) {
        INFO("call " << expected[int(i)].toStdString() << " found at frame " << found[i].at
                     << " of " << recorded);
        CHECK(found[i].match >= kMinMatch);
    }
}

TEST_CASE("without a speaker the controller still calls, and says it could not play")
{
    ensureQtApp();
    QTemporaryDir nowhere;
    qputenv("PULSE_SERVER", "unix:" + nowhere.filePath(QStringLiteral("none")).toUtf8());
    ControllerProcess c(sourcePath(QStringLiteral("tests/data/small-hall.json")),
                        "2026-11-25 10:00", {QStringLiteral("--play-voice")});
    qunsetenv("PULSE_SERVER");
    HttpConnection http = c.connection();
    c.takeTicket(QStringLiteral("invoice"));
    const HttpResponse called = http.send("POST", QStringLiteral("/api/v1/windows/3/call-next"),
                                          c.token(QStringLiteral("caller3")));
    CHECK(called.status == 200);
    QString log;
    CHECK(waitUntil(
        [&] { return playerLog(c, log).join(u'\n').contains(QStringLiteral("not played")); }));
    CHECK(http.send("GET", QStringLiteral("/api/v1/windows/3"), c.token(QStringLiteral("caller3")))
              .status == 200);
}
