// Where the shipped data (halls, printer profiles, calendars, appraisal rules, voice clips) is
// found at run time: <prefix>/share/queuehall beside the program's <prefix>/bin, which is
// /usr/share/queuehall for an installed package and <build>/share/queuehall in a build tree.
#pragma once

#include <QString>

namespace qh::datadir {

// The data folder, or a file or folder in it: path(u"printers"_s), path(u"halls/shizhong.json"_s).
QString path(const QString& relative = {});

} // namespace qh::datadir
