// Durability: a worker killed with SIGKILL at random moments loses nothing it acknowledged, of
// its tickets and of its cases.
#include "acknowledged.h"
#include "migrations.h"
#include "testhall.h"

#include <map>
#include <set>

#include <QProcess>
#include <QRandomGenerator>
#include <QThread>

using namespace qh;

namespace {

constexpr int kKills = 50;

// Records every complete "ACK ..." line; a line cut short by the kill was not acknowledged.
void collect(const QByteArray& output, test::Acknowledged& acks)
{
    const QList<QByteArray> lines = output.split('\n');
    for (qsizetype i = 0; i + 1 < lines.size(); ++i) {
        const QList<QByteArray> f = lines[i].split(' ');
        if (f.size() < 3 || f[0] != "ACK")
            continue;
        const std::int64_t id = f[2].toLongLong();
        if (f[1] == "accepted")
            acks.acceptedCases.insert(QString::fromLatin1(f[2]));
        else if (f[1] == "finished")
            acks.completedCases.insert(QString::fromLatin1(f[2]));
        else if (f[1] == "issued" && f.size() == 4)
            acks.issued[id] = QString::fromLatin1(f[3]);
        else if (f[1] == "confirmed")
            acks.confirmed.insert(id);
        else if (f[1] == "called")
            acks.called.insert(id);
        else if (f[1] == "completed")
            acks.completed.insert(id);
    }
}

} // namespace

TEST_CASE("SIGKILL at random moments loses no acknowledged operation")
{
    test::TestHall hall;
    const QString path = hall.dbPath();
    hall.service.reset();
    hall.store.reset();
    hall.database.reset();

    const quint32 seed = QRandomGenerator::global()->generate();
    INFO("seed " << seed);
    QRandomGenerator random(seed);
    test::Acknowledged acks;
    int killedMidWork = 0;
    for (int round = 0; round < kKills; ++round) {
        QProcess worker;
        worker.start(test::binaryPath(QStringLiteral("crash_worker")), {path});
        REQUIRE(worker.waitForStarted());
        // Killed after a random number of acknowledged operations, and a little more.
        const int killAfter = int(random.bounded(1u, 40u));
        QByteArray seen;
        while (seen.count('\n') < killAfter && worker.waitForReadyRead(10'000))
            seen += worker.readAllStandardOutput();
        REQUIRE(seen.count('\n') >= killAfter);
        QThread::usleep(random.bounded(0u, 2'000u));
        worker.kill();
        REQUIRE(worker.waitForFinished(10'000));
        CHECK(worker.exitStatus() == QProcess::CrashExit);
        const QByteArray output = seen + worker.readAllStandardOutput();
        killedMidWork += !output.endsWith('\n');
        collect(output, acks);
        test::checkAcknowledged(path, acks);
    }
    CHECK(acks.issued.size() > std::size_t(kKills));
    CHECK(acks.completed.size() > 0);
    CHECK(acks.completedCases.size() > 0);
    WARN(kKills << " kills; " << acks.issued.size() << " tickets and " << acks.acceptedCases.size()
                << " cases acknowledged; " << killedMidWork << " kills cut an output line");
}
