// The hall's case rates, tallied from the case rows alone: each finished case carries the
// working days it used, so no calendar arithmetic is repeated here.
#include "caserates.h"

#include <algorithm>
#include <map>

using namespace Qt::Literals::StringLiterals;

namespace qh::engine {

namespace {

std::optional<double> share(long long part, long long whole)
{
    if (whole == 0)
        return std::nullopt;
    return double(part) / double(whole);
}

QString keyOf(const Case& c, CaseGrouping grouping, const HallConfig& hall)
{
    switch (grouping) {
    case CaseGrouping::Total:
        return {};
    case CaseGrouping::Day:
        return c.acceptedDay.toString(Qt::ISODate);
    case CaseGrouping::Window:
        return QString::number(c.window);
    case CaseGrouping::Department: {
        const Service* s = hall.service(c.serviceId);
        return s ? s->department : QString();
    }
    case CaseGrouping::Service:
        return c.serviceId;
    }
    return {};
}

void add(CaseTally& t, const Case& c, const QDate& asOf)
{
    ++t.accepted;
    if (c.state == CaseState::Returned) {
        ++t.returned;
        return;
    }
    if (c.state == CaseState::Withdrawn) {
        ++t.withdrawn;
        return;
    }
    ++t.counted;
    const bool completed = c.state == CaseState::Completed;
    const bool late =
        completed ? *c.finishedDay > c.dueDay : c.suspendedDay.value_or(asOf) > c.dueDay;
    if (completed) {
        ++t.completed;
        t.onTime += late ? 0 : 1;
        t.sameDay += *c.finishedDay == c.acceptedDay ? 1 : 0;
        if (c.legalDays > 0) {
            t.usedDays += c.usedDays;
            t.legalDays += c.legalDays;
        }
    } else {
        ++t.open;
    }
    t.overdue += late ? 1 : 0;
    if (c.promisedDays == 0) {
        ++t.immediate;
        t.immediateOnTime += completed && !late ? 1 : 0;
    }
}

} // namespace

std::optional<double> CaseTally::sameDayRate() const
{
    return share(sameDay, counted);
}

std::optional<double> CaseTally::immediateOnTimeRate() const
{
    return share(immediateOnTime, immediate);
}

std::optional<double> CaseTally::onTimeRate() const
{
    return share(onTime, completed);
}

std::optional<double> CaseTally::speedUp() const
{
    const std::optional<double> used = share(usedDays, legalDays);
    return used ? std::optional(1.0 - *used) : std::nullopt;
}

std::vector<CaseTally> tallyCases(const std::vector<Case>& cases, CaseGrouping grouping,
                                  const HallConfig& hall, const QDate& asOf)
{
    std::map<QString, CaseTally> groups;
    if (grouping == CaseGrouping::Total)
        groups[QString()];
    for (const Case& c : cases) {
        const QString key = keyOf(c, grouping, hall);
        CaseTally& t = groups[key];
        t.key = key;
        add(t, c, asOf);
    }
    std::vector<CaseTally> tallies;
    tallies.reserve(groups.size());
    for (auto& [key, tally] : groups)
        tallies.push_back(std::move(tally));
    if (grouping == CaseGrouping::Window)
        std::sort(tallies.begin(), tallies.end(), [](const CaseTally& a, const CaseTally& b) {
            return a.key.toInt() < b.key.toInt();
        });
    return tallies;
}

std::optional<CaseGrouping> caseGroupingFromString(const QString& text)
{
    static const std::map<QString, CaseGrouping> names = {
        {u"total"_s, CaseGrouping::Total},
        {u"day"_s, CaseGrouping::Day},
        {u"window"_s, CaseGrouping::Window},
        {u"department"_s, CaseGrouping::Department},
        {u"service"_s, CaseGrouping::Service}};
    const auto it = names.find(text);
    return it == names.end() ? std::nullopt : std::optional(it->second);
}

} // namespace qh::engine
