// What the simulated hall is asked for: daily volume, department shares, the shape of the day,
// green-channel and no-show shares, how service times scatter, and what becomes of the cases.
#include "demand.h"

#include <algorithm>
#include <vector>

#include <QJsonArray>
#include <QJsonObject>

using namespace Qt::Literals::StringLiterals;

namespace qh::sim {

Demand readDemand(const QString& path, const engine::HallConfig& hall)
{
    const QJsonObject o = db::readJsonObject(path);
    QStringList problems;
    const QStringList known = {u"dailyVolume"_s,  u"departmentShares"_s,
                               u"hourWeights"_s,  u"greenShare"_s,
                               u"noShowShare"_s,  u"walkOverhead"_s,
                               u"serviceCv"_s,    u"cases"_s,
                               u"appointments"_s, u"advice"_s};
    for (const QString& key : o.keys()) {
        if (!known.contains(key))
            problems << key + u": unknown field"_s;
    }
    // The number at `field` of `in`, the fallback where there is none; `where` names it.
    const auto number = [&](const QJsonObject& in, const QString& field, const QString& where,
                            double fallback) {
        const QJsonValue v = in.value(field);
        if (!v.isUndefined() && !v.isDouble())
            problems << where + u": must be a number"_s;
        return v.toDouble(fallback);
    };
    // A share from 0 to 1 at the top level.
    const auto share = [&](const QString& field, double fallback) {
        const double value = number(o, field, field, fallback);
        if (value < 0 || value > 1)
            problems << field + u": must be a share from 0 to 1"_s;
        return value;
    };
    Demand d;
    d.dailyVolume = int(number(o, u"dailyVolume"_s, u"dailyVolume"_s, d.dailyVolume));
    if (d.dailyVolume < 1)
        problems << u"dailyVolume: must be at least 1"_s;
    d.greenShare = share(u"greenShare"_s, d.greenShare);
    d.noShowShare = share(u"noShowShare"_s, d.noShowShare);
    d.walkOverhead = share(u"walkOverhead"_s, d.walkOverhead);
    d.serviceCv = number(o, u"serviceCv"_s, u"serviceCv"_s, d.serviceCv);
    if (d.serviceCv <= 0)
        problems << u"serviceCv: must be above 0"_s;

    double total = 0;
    const QJsonObject shares = o.value(u"departmentShares"_s).toObject();
    for (auto it = shares.begin(); it != shares.end(); ++it) {
        const QString where = u"departmentShares."_s + it.key();
        if (!hall.department(it.key()))
            problems << where + u": no such department"_s;
        const double value = number(shares, it.key(), where, 0);
        if (value < 0)
            problems << where + u": must not be negative"_s;
        d.departmentShares[it.key()] = value;
        total += value;
    }
    if (total <= 0)
        problems << u"departmentShares: no department has a share"_s;
    for (auto& value : d.departmentShares)
        value /= total;
    const QJsonObject hours = o.value(u"hourWeights"_s).toObject();
    for (auto it = hours.begin(); it != hours.end(); ++it) {
        const QString where = u"hourWeights."_s + it.key();
        bool ok = false;
        const int hour = it.key().toInt(&ok);
        const double weight = number(hours, it.key(), where, 0);
        if (!ok || hour < 0 || hour > 23 || weight < 0)
            problems << where + u": an hour 0-23 with a weight of 0 or more"_s;
        d.hourWeights[hour] = weight;
    }
    const QJsonObject cases = o.value(u"cases"_s).toObject();
    const auto caseShare = [&](const QString& field, double& value) {
        const QString where = u"cases."_s + field;
        value = number(cases, field, where, value);
        if (value < 0 || value > 1)
            problems << where + u": must be a share from 0 to 1"_s;
    };
    CaseDemand& c = d.cases;
    const std::vector<std::pair<QString, double*>> caseShares = {
        {u"secondCaseShare"_s, &c.secondCaseShare},
        {u"immediateAtWindowShare"_s, &c.immediateAtWindowShare},
        {u"sameDayShare"_s, &c.sameDayShare},
        {u"suspendedShare"_s, &c.suspendedShare},
        {u"lateShare"_s, &c.lateShare},
        {u"notApprovedShare"_s, &c.notApprovedShare},
        {u"returnedShare"_s, &c.returnedShare},
        {u"withdrawnShare"_s, &c.withdrawnShare}};
    for (auto it = cases.begin(); it != cases.end(); ++it) {
        if (std::none_of(caseShares.begin(), caseShares.end(),
                         [&](const auto& s) { return s.first == it.key(); }))
            problems << u"cases."_s + it.key() + u": unknown field"_s;
    }
    for (const auto& [field, value] : caseShares)
        caseShare(field, *value);
    const QJsonObject booking = o.value(u"appointments"_s).toObject();
    AppointmentDemand& a = d.appointments;
    for (auto it = booking.begin(); it != booking.end(); ++it) {
        const QString where = u"appointments."_s + it.key();
        if (it.key() == u"share"_s || it.key() == u"noShowShare"_s) {
            double& value = it.key() == u"share"_s ? a.share : a.noShowShare;
            value = number(booking, it.key(), where, value);
            if (value < 0 || value > 1)
                problems << where + u": must be a share from 0 to 1"_s;
        } else if (it.key() == u"arriveMeanMinutes"_s) {
            a.arriveMeanMinutes = number(booking, it.key(), where, a.arriveMeanMinutes);
        } else if (it.key() == u"arriveSdMinutes"_s) {
            a.arriveSdMinutes = number(booking, it.key(), where, a.arriveSdMinutes);
            if (a.arriveSdMinutes < 0)
                problems << where + u": must not be negative"_s;
        } else {
            problems << where + u": unknown field"_s;
        }
    }
    const QJsonObject advice = o.value(u"advice"_s).toObject();
    for (auto it = advice.begin(); it != advice.end(); ++it) {
        const QString where = u"advice."_s + it.key();
        if (it.key() == u"extraPerWindow"_s) {
            d.advice.extraPerWindow = int(number(advice, it.key(), where, 2));
            if (d.advice.extraPerWindow < 0 || d.advice.extraPerWindow > 10)
                problems << where + u": must be from 0 to 10"_s;
        } else if (it.key() == u"neverTogether"_s) {
            for (const QJsonValue& pair : it->toArray()) {
                const QJsonArray ids = pair.toArray();
                if (ids.size() != 2 || !hall.department(ids[0].toString()) ||
                    !hall.department(ids[1].toString())) {
                    problems << where + u": each entry must be two departments of the hall"_s;
                    continue;
                }
                d.advice.neverTogether.emplace_back(ids[0].toString(), ids[1].toString());
            }
        } else {
            problems << where + u": unknown field"_s;
        }
    }
    if (!problems.isEmpty())
        throw db::ConfigError(problems);
    return d;
}

bool AdviceRules::forbidden(const QString& a, const QString& b) const
{
    return std::any_of(neverTogether.begin(), neverTogether.end(), [&](const auto& pair) {
        return (pair.first == a && pair.second == b) || (pair.first == b && pair.second == a);
    });
}

} // namespace qh::sim
