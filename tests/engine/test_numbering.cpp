// Ticket numbering: format, wrap past 999, skipping numbers still in use.
#include "catchqt.h"
#include "numbering.h"

#include <set>

using namespace qh::engine;

TEST_CASE("numbers are the prefix and three digits")
{
    CHECK(formatNumber(QStringLiteral("A"), 1) == QStringLiteral("A001"));
    CHECK(formatNumber(QStringLiteral("GZ"), 42) == QStringLiteral("GZ042"));
    CHECK(formatNumber(QStringLiteral("B"), 999) == QStringLiteral("B999"));
}

TEST_CASE("the sequence counts up and wraps from 999 to 1")
{
    const auto none = [](int) { return false; };
    CHECK(nextSequence(0, none) == 1);
    CHECK(nextSequence(41, none) == 42);
    CHECK(nextSequence(999, none) == 1);
}

TEST_CASE("a number still held by an active ticket is skipped")
{
    const std::set<int> active = {1, 2, 5};
    const auto isActive = [&](int seq) { return active.count(seq) > 0; };
    CHECK(nextSequence(999, isActive) == 3);
    CHECK(nextSequence(4, isActive) == 6);
}

TEST_CASE("when all 999 numbers are active there is no next number")
{
    CHECK_FALSE(nextSequence(17, [](int) { return true; }).has_value());
}
