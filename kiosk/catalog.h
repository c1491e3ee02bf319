// The hall's departments and services as the kiosk shows them: list models for QML, and search
// by characters, English words, pinyin initials or full pinyin.
#pragma once

#include <vector>

#include <QAbstractListModel>
#include <QJsonObject>
#include <QStringList>
#include <QVariantMap>

namespace qh::kiosk {

struct ServiceEntry
{
    QString id;
    QString department;
    QString nameZh;
    QString nameEn;
    QString initials; // pinyin initials of nameZh: "ldhtba"
    QString pinyin;   // full pinyin of nameZh: "laodonghetongbeian"
    int floor = 1;
    QString windows; // "1-7" or "48, 50"
    bool open = false;
    int waiting = 0;
    int waitMinutes = -1; // -1: no estimate
    QStringList materialsZh;
    QStringList materialsEn;
    int timeLimitDays = 0;
};

struct DepartmentEntry
{
    QString id;
    QString nameZh;
    QString nameEn;
    int floor = 1;
    int waiting = 0;
    bool open = false;
};

// "1-7" for a run of windows, "48, 50, 52" otherwise.
QString windowsText(const QList<int>& windows);

class DepartmentModel : public QAbstractListModel
{
    Q_OBJECT

public:
    enum Role {
        IdRole = Qt::UserRole + 1,
        NameZhRole,
        NameEnRole,
        FloorRole,
        WaitingRole,
        OpenRole
    };
    using QAbstractListModel::QAbstractListModel;
    int rowCount(const QModelIndex& parent = {}) const override;
    QVariant data(const QModelIndex& index, int role) const override;
    QHash<int, QByteArray> roleNames() const override;
    // The same departments as before: their values change in place (a view keeps its place);
    // otherwise the model starts anew.
    void set(std::vector<DepartmentEntry> departments);
    const std::vector<DepartmentEntry>& entries() const { return m_departments; }

private:
    std::vector<DepartmentEntry> m_departments;
};

class ServiceModel : public QAbstractListModel
{
    Q_OBJECT
    Q_PROPERTY(int count READ rowCount NOTIFY countChanged)

public:
    enum Role {
        IdRole = Qt::UserRole + 1,
        NameZhRole,
        NameEnRole,
        FloorRole,
        WindowsRole,
        WaitingRole,
        WaitMinutesRole,
        OpenRole
    };
    using QAbstractListModel::QAbstractListModel;
    int rowCount(const QModelIndex& parent = {}) const override;
    QVariant data(const QModelIndex& index, int role) const override;
    QHash<int, QByteArray> roleNames() const override;

    // The same services as before: their values change in place and what is shown stays, and
    // true is returned; otherwise nothing is shown until the next showDepartment or search.
    bool setAll(std::vector<ServiceEntry> services);
    // Shows one department's services.
    void showDepartment(const QString& department);
    // Shows the services whose Chinese or English name contains the text, whose pinyin initials
    // start with it ("ldht") or whose full pinyin contains it ("laodong", "hetong").
    void search(const QString& text);
    const ServiceEntry* find(const QString& id) const;
    QStringList shownIds() const;

signals:
    void countChanged();

private:
    void show(std::vector<const ServiceEntry*> shown);

    std::vector<ServiceEntry> m_all;
    std::vector<const ServiceEntry*> m_shown;
};

// Parses GET /api/v1/services into the two models' entries.
void parseServices(const QJsonObject& json, std::vector<DepartmentEntry>& departments,
                   std::vector<ServiceEntry>& services);

} // namespace qh::kiosk
