// A storage fault and slowness injector, loaded with LD_PRELOAD into a controller under test:
//   QH_FSYNC_DELAY_MS=N  every fsync and fdatasync takes N ms longer (SD-card-class storage);
//   QH_FAIL_IO_FLAG=PATH while PATH exists, fsync and fdatasync fail with EIO and writes to
//                        SQLite files (*.db, *-wal, *-journal) fail with ENOSPC (a full disk).
// Only the benchmarks and the fault tests load it.
#include <cerrno>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <ctime>
#include <dlfcn.h>
#include <initializer_list>
#include <sys/stat.h>
#include <unistd.h>

namespace {

long delayMs()
{
    static const long value = [] {
        const char* text = std::getenv("QH_FSYNC_DELAY_MS");
        return text ? std::atol(text) : 0L;
    }();
    return value;
}

bool failing()
{
    const char* flag = std::getenv("QH_FAIL_IO_FLAG");
    struct stat st
    {
    };
    return flag && stat(flag, &st) == 0;
}

bool isDatabaseFile(int fd)
{
    char link[64];
    char path[4096];
    std::snprintf(link, sizeof link, "/proc/self/fd/%d", fd);
    const ssize_t n = readlink(link, path, sizeof path - 1);
    if (n <= 0)
        return false;
    path[n] = '\0';
    for (const char* ending : {".db", "-wal", "-journal"}) {
        const std::size_t len = std::strlen(ending);
        if (std::size_t(n) >= len && std::strcmp(path + n - len, ending) == 0)
            return true;
    }
    return false;
}

void slowDown()
{
    if (const long ms = delayMs(); ms > 0) {
        const timespec pause = {ms / 1000, (ms % 1000) * 1'000'000L};
        nanosleep(&pause, nullptr);
    }
}

// The C library's own function of the same type and name.
template <typename Fn> Fn* next(Fn*, const char* name)
{
    return reinterpret_cast<Fn*>(dlsym(RTLD_NEXT, name));
}

} // namespace

extern "C" {

int fsync(int fd)
{
    if (failing()) {
        errno = EIO;
        return -1;
    }
    slowDown();
    return next(&fsync, "fsync")(fd);
}

int fdatasync(int fd)
{
    if (failing()) {
        errno = EIO;
        return -1;
    }
    slowDown();
    return next(&fdatasync, "fdatasync")(fd);
}

ssize_t pwrite64(int fd, const void* buf, size_t count, off64_t offset)
{
    if (failing() && isDatabaseFile(fd)) {
        errno = ENOSPC;
        return -1;
    }
    return next(&pwrite64, "pwrite64")(fd, buf, count, offset);
}

ssize_t write(int fd, const void* buf, size_t count)
{
    if (fd > 2 && failing() && isDatabaseFile(fd)) {
        errno = ENOSPC;
        return -1;
    }
    return next(&write, "write")(fd, buf, count);
}
}
