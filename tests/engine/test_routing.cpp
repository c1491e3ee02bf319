// The routing policy as a pure function: green channel, appointments, help after a threshold.
#include "catchqt.h"
#include "routing.h"

#include <vector>

using qh::engine::chooseNext;
using qh::engine::RoutingCandidate;

namespace {

constexpr std::int64_t kMinute = 60'000;

// A walk-in of the window's own queue, issued at `minute`.
RoutingCandidate own(std::int64_t minute, std::int64_t id)
{
    return {false, std::nullopt, minute * kMinute, id};
}

// A walk-in of a department the window helps, which it takes first after `helpAfter` minutes.
RoutingCandidate helped(std::int64_t minute, std::int64_t id, std::int64_t helpAfter)
{
    return {false, std::nullopt, minute * kMinute, id, true, helpAfter * kMinute};
}

} // namespace

TEST_CASE("no candidates, no call")
{
    CHECK_FALSE(chooseNext({}, 0).has_value());
}

TEST_CASE("a green-channel ticket is called before everyone else")
{
    RoutingCandidate greenHelped = helped(50, 2, 0); // issued last, of a helped department
    greenHelped.green = true;
    const std::vector<RoutingCandidate> c = {
        own(0, 1),
        greenHelped,
        {false, 0, 0, 3}, // a due appointment
        helped(0, 4, 5),  // past its help-after time, and the longest waiting
    };
    CHECK(chooseNext(c, 60 * kMinute) == 1u);
}

TEST_CASE("among green tickets the longest waiting goes first")
{
    const std::vector<RoutingCandidate> c = {
        {true, std::nullopt, 10 * kMinute, 1},
        {true, std::nullopt, 5 * kMinute, 2, true, 30 * kMinute},
    };
    CHECK(chooseNext(c, 20 * kMinute) == 1u);
}

TEST_CASE("a due appointment comes before regular tickets, one not yet due does not")
{
    const std::vector<RoutingCandidate> due = {
        own(0, 1),
        {false, 30 * kMinute, 25 * kMinute, 2},
    };
    CHECK(chooseNext(due, 30 * kMinute) == 1u);
    CHECK(chooseNext(due, 29 * kMinute) == 0u);
    // A due appointment of a helped department also goes before the window's own queue.
    const std::vector<RoutingCandidate> dueHelped = {
        own(0, 1),
        {false, 30 * kMinute, 25 * kMinute, 2, true, 60 * kMinute},
    };
    CHECK(chooseNext(dueHelped, 30 * kMinute) == 1u);
}

TEST_CASE("the window's own tickets go by the longest wait")
{
    const std::vector<RoutingCandidate> c = {own(10, 1), own(5, 2)};
    CHECK(chooseNext(c, 12 * kMinute) == 1u);
}

TEST_CASE("a helped department's ticket is not taken before its help-after time, even by an "
          "idle window")
{
    const std::vector<RoutingCandidate> c = {helped(0, 1, 10), helped(3, 2, 5)};
    CHECK_FALSE(chooseNext(c, 7 * kMinute).has_value());
    // At minute 8 the second has waited its 5 minutes: it is taken, the first is not yet.
    CHECK(chooseNext(c, 8 * kMinute) == 1u);
}

TEST_CASE("past its help-after time a helped ticket competes by its wait less that time")
{
    // At minute 20: the own ticket has waited 6 minutes, the helped one 15 − 10 = 5.
    const std::vector<RoutingCandidate> c = {own(14, 1), helped(5, 2, 10)};
    CHECK(chooseNext(c, 20 * kMinute) == 0u);
    // At minute 22: 8 against 7, still the own ticket; alone, the helped one is taken.
    CHECK(chooseNext(c, 22 * kMinute) == 0u);
    CHECK(chooseNext(std::vector{c[1]}, 22 * kMinute) == 0u);
    // An own ticket issued at minute 17 has waited 5 at minute 22: the helped one (7) first.
    const std::vector<RoutingCandidate> later = {own(17, 1), helped(5, 2, 10)};
    CHECK(chooseNext(later, 22 * kMinute) == 1u);
}

TEST_CASE("a help-after time of 0 pools the window's departments first come, first served")
{
    const std::vector<RoutingCandidate> c = {own(4, 1), helped(3, 2, 0), own(5, 3)};
    CHECK(chooseNext(c, 6 * kMinute) == 1u);
}

TEST_CASE("a green or due helped ticket goes first however short its wait")
{
    RoutingCandidate green = helped(9, 1, 30);
    green.green = true;
    CHECK(chooseNext(std::vector{own(0, 2), green}, 10 * kMinute) == 1u);
    RoutingCandidate due = helped(9, 1, 30);
    due.appointmentAt = 10 * kMinute;
    CHECK(chooseNext(std::vector{own(0, 2), due}, 10 * kMinute) == 1u);
}

TEST_CASE("equal waits go to the earlier ticket")
{
    const std::vector<RoutingCandidate> c = {own(5, 7), own(5, 3)};
    CHECK(chooseNext(c, 5 * kMinute) == 1u);
}

TEST_CASE("a steady stream of own tickets never starves a helped department")
{
    // One window serving one ticket a minute, a backlog of five own tickets kept up by one new
    // own ticket a minute, and one ticket of a helped department (help after 8 minutes) waiting
    // from minute 0. The oldest own ticket has always waited 5 minutes; the helped one counts
    // its wait less 8, so it goes first once that reaches 5 (the earlier ticket wins a tie), at
    // minute 13, and not before.
    std::vector<RoutingCandidate> queue = {helped(0, 1, 8)};
    std::int64_t nextId = 2;
    for (int m = -5; m < 0; ++m)
        queue.push_back(own(m, nextId++));
    int calledAt = -1;
    for (int minute = 0; minute < 120 && calledAt < 0; ++minute) {
        queue.push_back(own(minute, nextId++));
        const auto chosen = chooseNext(queue, minute * kMinute);
        REQUIRE(chosen);
        if (queue[*chosen].id == 1)
            calledAt = minute;
        queue.erase(queue.begin() + std::ptrdiff_t(*chosen));
    }
    CHECK(calledAt == 13);
}

TEST_CASE("appointments go first at most maxInARow times while a walk-in waits past the norm")
{
    using qh::engine::AppointmentCap;
    const std::vector<RoutingCandidate> c = {
        own(0, 1),                              // a walk-in since minute 0
        {false, 25 * kMinute, 24 * kMinute, 2}, // an appointment due at minute 25
    };
    // Two appointments called in a row, the walk-in 30 minutes in: the walk-in goes first.
    CHECK(chooseNext(c, 30 * kMinute, AppointmentCap{2, 20 * kMinute, 2}) == 0u);
    // One in a row: the appointment still goes first.
    CHECK(chooseNext(c, 30 * kMinute, AppointmentCap{2, 20 * kMinute, 1}) == 1u);
    // The walk-in not yet past the norm: the appointment goes first however long the row.
    CHECK(chooseNext(c, 30 * kMinute, AppointmentCap{2, 40 * kMinute, 5}) == 1u);
    // Held back, the appointment competes by its own wait: a longer one wins again.
    const std::vector<RoutingCandidate> early = {
        own(10, 1), {false, 25 * kMinute, 0, 2}, // checked in at minute 0
    };
    CHECK(chooseNext(early, 35 * kMinute, AppointmentCap{2, 20 * kMinute, 2}) == 1u);
    // A green ticket is first, whatever the row.
    const std::vector<RoutingCandidate> green = {
        {false, 25 * kMinute, 24 * kMinute, 1},
        {true, std::nullopt, 29 * kMinute, 2},
    };
    CHECK(chooseNext(green, 30 * kMinute, AppointmentCap{2, 20 * kMinute, 0}) == 1u);
}

TEST_CASE("the streak counts due appointments, not green tickets or appointments not yet due")
{
    using qh::engine::dueAppointment;
    CHECK(dueAppointment({false, 10 * kMinute, 0, 1}, 10 * kMinute));
    CHECK_FALSE(dueAppointment({false, 10 * kMinute, 0, 1}, 9 * kMinute));
    CHECK_FALSE(dueAppointment({true, 10 * kMinute, 0, 1}, 11 * kMinute));
    CHECK_FALSE(dueAppointment(own(0, 1), 11 * kMinute));
}
