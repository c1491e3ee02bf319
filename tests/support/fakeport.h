// The far end of a serial line for tests: a pty whose slave the code under test opens through a
// symlink (as /dev/serial/by-id/...), which the test can unplug and plug back.
#pragma once

#include <QByteArray>
#include <QString>
#include <QTemporaryDir>

namespace qh::test {

class FakePort
{
public:
    FakePort();
    ~FakePort();
    FakePort(const FakePort&) = delete;
    FakePort& operator=(const FakePort&) = delete;

    // The path the hall file names; it leads to the current pty.
    QString path() const { return m_path; }
    // Unplugs the adapter: the pty goes away and the path leads nowhere.
    void unplug();
    // Plugs it back: a new pty behind the same path.
    void plug();
    bool plugged() const { return m_master >= 0; }
    int masterFd() const { return m_master; }

    void write(const QByteArray& bytes);
    // Reads whatever arrived so far (waits up to `ms` for the first byte).
    QByteArray read(int ms = 0);
    // Everything received since the start (or since clear()), read now.
    const QByteArray& received();
    void clear() { m_received.clear(); }

private:
    QTemporaryDir m_dir;
    QString m_path;
    int m_master = -1;
    QByteArray m_received;
};

} // namespace qh::test
