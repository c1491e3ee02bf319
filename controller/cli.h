// The controller's command line: init, ticket, window, hall, audit and demo subcommands.
#pragma once

#include <QStringList>
#include <QTextStream>

namespace qh::service {
class HallService;
}

namespace qh::controller {

// Runs one command; returns the process exit code (0 done, 1 refused, 2 usage, 3 store or config).
int runCommandLine(const QStringList& arguments);
// Runs a command that changes the hall, sent by the command line to the daemon serving the
// database, on the daemon's own service; same output and exit codes.
int runInDaemon(const QStringList& arguments, service::HallService& hallService, QTextStream& out,
                QTextStream& err);

} // namespace qh::controller
