// The working calendar's files as shipped (assets/calendar, one per year) and what imports them.
#include "calendarfiles.h"

#include "datadir.h"
#include "hallconfig.h"

#include <QDir>
#include <QFile>

using namespace Qt::Literals::StringLiterals;

namespace qh::controller {

QString defaultCalendarDirectory()
{
    return datadir::path(u"calendar"_s);
}

std::vector<QByteArray> calendarFiles(const QString& directory)
{
    std::vector<QByteArray> files;
    const QDir dir(directory);
    for (const QString& name : dir.entryList({u"*.json"_s}, QDir::Files, QDir::Name)) {
        QFile file(dir.filePath(name));
        if (!file.open(QIODevice::ReadOnly))
            throw db::ConfigError({u"%1: %2"_s.arg(file.fileName(), file.errorString())});
        files.push_back(file.readAll());
    }
    return files;
}

std::vector<int> importCalendars(service::HallService& hallService,
                                 const std::vector<QByteArray>& files, const engine::Actor& actor)
{
    std::vector<int> years;
    for (const QByteArray& content : files)
        years.push_back(hallService.importCalendar(content, actor).year);
    return years;
}

} // namespace qh::controller
