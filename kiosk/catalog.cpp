// The hall's departments and services as the kiosk shows them: list models for QML, and search
// by characters, English words, pinyin initials or full pinyin.
#include "catalog.h"

#include "pinyin.h"

#include <algorithm>
#include <cmath>

#include <QJsonArray>

using namespace Qt::Literals::StringLiterals;

namespace qh::kiosk {

QString windowsText(const QList<int>& windows)
{
    if (windows.isEmpty())
        return {};
    bool run = true;
    for (qsizetype i = 1; i < windows.size(); ++i)
        run = run && windows[i] == windows[i - 1] + 1;
    if (run && windows.size() > 2)
        return u"%1-%2"_s.arg(windows.front()).arg(windows.back());
    QStringList parts;
    for (int w : windows)
        parts << QString::number(w);
    return parts.join(u", "_s);
}

void parseServices(const QJsonObject& json, std::vector<DepartmentEntry>& departments,
                   std::vector<ServiceEntry>& services)
{
    departments.clear();
    services.clear();
    for (const QJsonValue dv : json.value(u"departments"_s).toArray()) {
        const QJsonObject d = dv.toObject();
        DepartmentEntry dept{d.value(u"id"_s).toString(),
                             d.value(u"name"_s).toObject().value(u"zh"_s).toString(),
                             d.value(u"name"_s).toObject().value(u"en"_s).toString(),
                             d.value(u"floor"_s).toInt(1),
                             0,
                             false};
        for (const QJsonValue sv : d.value(u"services"_s).toArray()) {
            const QJsonObject s = sv.toObject();
            ServiceEntry e;
            e.id = s.value(u"id"_s).toString();
            e.department = dept.id;
            e.nameZh = s.value(u"name"_s).toObject().value(u"zh"_s).toString();
            e.nameEn = s.value(u"name"_s).toObject().value(u"en"_s).toString();
            const Pinyin pinyin = pinyinOf(e.nameZh);
            e.initials = pinyin.initials;
            e.pinyin = pinyin.full;
            e.floor = dept.floor;
            QList<int> windows;
            for (const QJsonValue w : s.value(u"windows"_s).toArray())
                windows << w.toInt();
            e.windows = windowsText(windows);
            e.open = s.value(u"open"_s).toBool();
            e.waiting = s.value(u"waiting"_s).toInt();
            const QJsonValue wait = s.value(u"estimatedWaitSeconds"_s);
            e.waitMinutes = wait.isDouble() ? int(std::lround(wait.toDouble() / 60)) : -1;
            const QJsonObject guide = s.value(u"guide"_s).toObject();
            for (const QJsonValue m : guide.value(u"materials"_s).toArray()) {
                e.materialsZh << m.toObject().value(u"zh"_s).toString();
                e.materialsEn << m.toObject().value(u"en"_s).toString();
            }
            e.timeLimitDays = guide.value(u"timeLimitDays"_s).toInt();
            dept.waiting += e.waiting;
            dept.open = dept.open || e.open;
            services.push_back(e);
        }
        departments.push_back(dept);
    }
}

int DepartmentModel::rowCount(const QModelIndex& parent) const
{
    return parent.isValid() ? 0 : int(m_departments.size());
}

QVariant DepartmentModel::data(const QModelIndex& index, int role) const
{
    if (!index.isValid() || index.row() >= int(m_departments.size()))
        return {};
    const DepartmentEntry& d = m_departments[size_t(index.row())];
    switch (role) {
    case IdRole:
        return d.id;
    case NameZhRole:
        return d.nameZh;
    case NameEnRole:
        return d.nameEn;
    case FloorRole:
        return d.floor;
    case WaitingRole:
        return d.waiting;
    case OpenRole:
        return d.open;
    default:
        return {};
    }
}

QHash<int, QByteArray> DepartmentModel::roleNames() const
{
    return {{IdRole, "departmentId"}, {NameZhRole, "nameZh"},   {NameEnRole, "nameEn"},
            {FloorRole, "floor"},     {WaitingRole, "waiting"}, {OpenRole, "open"}};
}

namespace {

template <typename Entry> bool sameIds(const std::vector<Entry>& a, const std::vector<Entry>& b)
{
    return std::equal(a.begin(), a.end(), b.begin(), b.end(),
                      [](const Entry& x, const Entry& y) { return x.id == y.id; });
}

} // namespace

void DepartmentModel::set(std::vector<DepartmentEntry> departments)
{
    if (!m_departments.empty() && sameIds(m_departments, departments)) {
        m_departments = std::move(departments);
        emit dataChanged(index(0), index(rowCount() - 1));
        return;
    }
    beginResetModel();
    m_departments = std::move(departments);
    endResetModel();
}

int ServiceModel::rowCount(const QModelIndex& parent) const
{
    return parent.isValid() ? 0 : int(m_shown.size());
}

QVariant ServiceModel::data(const QModelIndex& index, int role) const
{
    if (!index.isValid() || index.row() >= int(m_shown.size()))
        return {};
    const ServiceEntry& s = *m_shown[size_t(index.row())];
    switch (role) {
    case IdRole:
        return s.id;
    case NameZhRole:
        return s.nameZh;
    case NameEnRole:
        return s.nameEn;
    case FloorRole:
        return s.floor;
    case WindowsRole:
        return s.windows;
    case WaitingRole:
        return s.waiting;
    case WaitMinutesRole:
        return s.waitMinutes;
    case OpenRole:
        return s.open;
    default:
        return {};
    }
}

QHash<int, QByteArray> ServiceModel::roleNames() const
{
    return {{IdRole, "serviceId"},
            {NameZhRole, "nameZh"},
            {NameEnRole, "nameEn"},
            {FloorRole, "floor"},
            {WindowsRole, "windows"},
            {WaitingRole, "waiting"},
            {WaitMinutesRole, "waitMinutes"},
            {OpenRole, "open"}};
}

bool ServiceModel::setAll(std::vector<ServiceEntry> services)
{
    if (!m_all.empty() && sameIds(m_all, services)) {
        // Element by element: what m_shown points at stays where it is.
        std::move(services.begin(), services.end(), m_all.begin());
        if (!m_shown.empty())
            emit dataChanged(index(0), index(rowCount() - 1));
        return true;
    }
    beginResetModel();
    m_all = std::move(services);
    m_shown.clear();
    endResetModel();
    emit countChanged();
    return false;
}

void ServiceModel::show(std::vector<const ServiceEntry*> shown)
{
    beginResetModel();
    m_shown = std::move(shown);
    endResetModel();
    emit countChanged();
}

void ServiceModel::showDepartment(const QString& department)
{
    std::vector<const ServiceEntry*> shown;
    for (const ServiceEntry& s : m_all) {
        if (s.department == department)
            shown.push_back(&s);
    }
    show(std::move(shown));
}

void ServiceModel::search(const QString& text)
{
    const QString query = text.trimmed().toLower();
    std::vector<const ServiceEntry*> shown;
    if (!query.isEmpty()) {
        for (const ServiceEntry& s : m_all) {
            if (s.nameZh.contains(query) || s.nameEn.toLower().contains(query) ||
                s.initials.startsWith(query) || s.pinyin.contains(query))
                shown.push_back(&s);
        }
    }
    show(std::move(shown));
}

const ServiceEntry* ServiceModel::find(const QString& id) const
{
    for (const ServiceEntry& s : m_all) {
        if (s.id == id)
            return &s;
    }
    return nullptr;
}

QStringList ServiceModel::shownIds() const
{
    QStringList ids;
    for (const ServiceEntry* s : m_shown)
        ids << s->id;
    return ids;
}

} // namespace qh::kiosk
