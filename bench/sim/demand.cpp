// What the simulated hall is asked for: daily volume, department shares, the shape of the day,
// green-channel and no-show shares, and how service times scatter.
#include "demand.h"

#include <QFile>
#include <QJsonDocument>
#include <QJsonObject>

using namespace Qt::Literals::StringLiterals;

namespace qh::sim {

Demand readDemand(const QString& path, const db::HallConfig& hall)
{
    QFile f(path);
    if (!f.open(QIODevice::ReadOnly))
        throw db::ConfigError({u"%1: %2"_s.arg(path, f.errorString())});
    QJsonParseError error{};
    const QJsonObject o = QJsonDocument::fromJson(f.readAll(), &error).object();
    if (error.error != QJsonParseError::NoError)
        throw db::ConfigError({u"%1: %2"_s.arg(path, error.errorString())});
    QStringList problems;
    Demand d;
    d.dailyVolume = o.value(u"dailyVolume"_s).toInt(d.dailyVolume);
    d.greenShare = o.value(u"greenShare"_s).toDouble(d.greenShare);
    d.noShowShare = o.value(u"noShowShare"_s).toDouble(d.noShowShare);
    d.walkOverhead = o.value(u"walkOverhead"_s).toDouble(d.walkOverhead);
    d.serviceCv = o.value(u"serviceCv"_s).toDouble(d.serviceCv);
    if (d.dailyVolume < 1)
        problems << u"dailyVolume: must be at least 1"_s;
    for (const double share : {d.greenShare, d.noShowShare, d.walkOverhead}) {
        if (share < 0 || share > 1)
            problems << u"greenShare, noShowShare and walkOverhead are shares from 0 to 1"_s;
    }
    double total = 0;
    const QJsonObject shares = o.value(u"departmentShares"_s).toObject();
    for (auto it = shares.begin(); it != shares.end(); ++it) {
        if (!hall.department(it.key()))
            problems << u"departmentShares.%1: no such department"_s.arg(it.key());
        if (it.value().toDouble() < 0)
            problems << u"departmentShares.%1: must not be negative"_s.arg(it.key());
        d.departmentShares[it.key()] = it.value().toDouble();
        total += it.value().toDouble();
    }
    if (total <= 0)
        problems << u"departmentShares: no department has a share"_s;
    for (auto& share : d.departmentShares)
        share /= total;
    const QJsonObject hours = o.value(u"hourWeights"_s).toObject();
    for (auto it = hours.begin(); it != hours.end(); ++it) {
        bool ok = false;
        const int hour = it.key().toInt(&ok);
        if (!ok || hour < 0 || hour > 23 || it.value().toDouble() < 0)
            problems << u"hourWeights.%1: an hour 0-23 with a weight of 0 or more"_s.arg(it.key());
        d.hourWeights[hour] = it.value().toDouble();
    }
    if (!problems.isEmpty())
        throw db::ConfigError(problems);
    return d;
}

} // namespace qh::sim
