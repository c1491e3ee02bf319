// queuehall-controller: the hall's controller daemon and its administration commands.
#include "cli.h"

#include <QCoreApplication>
#include <QLoggingCategory>

int main(int argc, char* argv[])
{
    QCoreApplication app(argc, argv);
    // Request-by-request logs only when asked for, e.g. QT_LOGGING_RULES="qh.*.debug=true".
    if (qEnvironmentVariableIsEmpty("QT_LOGGING_RULES"))
        QLoggingCategory::setFilterRules(QStringLiteral("qh.*.debug=false"));
    QCoreApplication::setApplicationName(QStringLiteral("queuehall-controller"));
    QCoreApplication::setApplicationVersion(QStringLiteral(QH_VERSION));
    return qh::controller::runCommandLine(QCoreApplication::arguments());
}
