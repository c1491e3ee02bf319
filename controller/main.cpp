// queuehall-controller: the hall's controller daemon and its administration commands.
#include "cli.h"

#include <algorithm>
#include <memory>

#include <QApplication>
#include <QLoggingCategory>

int main(int argc, char* argv[])
{
    // A report may draw charts, which Qt Charts does only in a QApplication: the reports get one
    // on the offscreen platform, and everything else (the daemon first) a core application.
    std::unique_ptr<QCoreApplication> app;
    if (std::any_of(argv + 1, argv + argc,
                    [](const char* a) { return qstrcmp(a, "report") == 0; })) {
        if (qEnvironmentVariableIsEmpty("QT_QPA_PLATFORM"))
            qputenv("QT_QPA_PLATFORM", "offscreen");
        app = std::make_unique<QApplication>(argc, argv);
    } else {
        app = std::make_unique<QCoreApplication>(argc, argv);
    }
    // Request-by-request logs only when asked for, e.g. QT_LOGGING_RULES="qh.*.debug=true".
    if (qEnvironmentVariableIsEmpty("QT_LOGGING_RULES"))
        QLoggingCategory::setFilterRules(QStringLiteral("qh.*.debug=false"));
    QCoreApplication::setApplicationName(QStringLiteral("queuehall-controller"));
    QCoreApplication::setApplicationVersion(QStringLiteral(QH_VERSION));
    return qh::controller::runCommandLine(QCoreApplication::arguments());
}
