// The demo: a scripted morning of the sample hall through the real engine, then the hall served
// live.
#pragma once

#include "daemon.h"

#include <QString>
#include <QTextStream>

namespace qh::controller {

// Plays 09:00-10:30 of the next weekday into a new database (a temporary one when
// serve.database is empty), prints what happened, then serves the hall with the clock going on
// from 10:30, printing a token for each role and the URLs to try. Returns the exit code.
int runDemo(const QString& hallPath, ServeOptions serve, QTextStream& out);

} // namespace qh::controller
