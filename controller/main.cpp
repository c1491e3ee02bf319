// queuehall-controller: the hall's controller daemon and its administration commands.
#include "cli.h"

#include <QCoreApplication>

int main(int argc, char* argv[])
{
    QCoreApplication app(argc, argv);
    QCoreApplication::setApplicationName(QStringLiteral("queuehall-controller"));
    QCoreApplication::setApplicationVersion(QStringLiteral(QH_VERSION));
    return qh::controller::runCommandLine(QCoreApplication::arguments());
}
