// The controller's command line: init, ticket, window, hall, audit and demo subcommands.
#pragma once

#include <QStringList>

namespace qh::controller {

// Runs one command; returns the process exit code (0 done, 1 refused, 2 usage, 3 store or config).
int runCommandLine(const QStringList& arguments);

} // namespace qh::controller
