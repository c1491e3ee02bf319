// The demo: a scripted morning of the sample hall driven through the real engine and store.
#pragma once

#include <QString>
#include <QTextStream>

namespace qh::controller {

// Runs 09:00-10:30 of the next weekday in a fresh database (a temporary one when dbPath is
// empty) and prints what happened and the hall status. Returns the exit code.
int runDemo(const QString& hallPath, const QString& dbPath, QTextStream& out);

} // namespace qh::controller
