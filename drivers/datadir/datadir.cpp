// Where the shipped data is found at run time: <prefix>/share/queuehall beside <prefix>/bin.
#include "datadir.h"

#include <QDir>
#include <QFileInfo>

namespace qh::datadir {

QString path(const QString& relative)
{
    // The running program's own folder, from the kernel: right before QCoreApplication exists,
    // in tests and through any symbolic link to the program.
    static const QString root = QDir(QFileInfo(QStringLiteral("/proc/self/exe")).canonicalPath() +
                                     QStringLiteral("/../share/queuehall"))
                                    .absolutePath();
    return relative.isEmpty() ? root : root + u'/' + relative;
}

} // namespace qh::datadir
