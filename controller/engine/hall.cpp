// The hall as the domain sees it: lookups by id and number.
#include "hall.h"

#include <algorithm>

#include <QDateTime>
#include <QTimeZone>

using namespace Qt::Literals::StringLiterals;

namespace qh::engine {

const QStringList& serialDeviceKindNames()
{
    static const QStringList names = {u"keypad"_s, u"windowBoard"_s, u"hallBoard"_s,
                                      u"ratingPad"_s};
    return names;
}

QString toString(SerialDeviceKind kind)
{
    return serialDeviceKindNames().at(qsizetype(kind));
}

const Department* HallConfig::department(const QString& departmentId) const
{
    auto it = std::find_if(departments.begin(), departments.end(),
                           [&](const Department& d) { return d.id == departmentId; });
    return it == departments.end() ? nullptr : &*it;
}

const Service* HallConfig::service(const QString& serviceId) const
{
    auto it = std::find_if(services.begin(), services.end(),
                           [&](const Service& s) { return s.id == serviceId; });
    return it == services.end() ? nullptr : &*it;
}

bool HallConfig::windowServes(int number, const QString& departmentId) const
{
    const Window* w = window(number);
    return w && std::any_of(w->services.begin(), w->services.end(), [&](const WindowService& ws) {
               const Service* s = service(ws.service);
               return s && s->department == departmentId;
           });
}

QStringList HallConfig::ownDepartments(int number) const
{
    QStringList own;
    if (const Window* w = window(number)) {
        for (const WindowService& ws : w->services) {
            const Service* s = service(ws.service);
            if (ws.primary && s && !own.contains(s->department))
                own << s->department;
        }
    }
    return own;
}

LocalizedText HallConfig::serviceName(const QString& serviceId) const
{
    const Service* s = service(serviceId);
    return s ? s->name : LocalizedText{serviceId, serviceId};
}

QDate HallConfig::dayOf(std::int64_t ms) const
{
    return QDateTime::fromMSecsSinceEpoch(ms, QTimeZone(timeZone)).date();
}

const Window* HallConfig::window(int number) const
{
    auto it = std::find_if(windows.begin(), windows.end(),
                           [&](const Window& w) { return w.number == number; });
    return it == windows.end() ? nullptr : &*it;
}

double HallConfig::weight(const WindowService& ws) const
{
    return ws.primary ? policy.primaryWeight : policy.secondaryWeight;
}

} // namespace qh::engine
