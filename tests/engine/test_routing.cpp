// The routing policy as a pure function: green channel, appointments, weighted wait.
#include "catchqt.h"
#include "routing.h"

#include <vector>

using qh::engine::chooseNext;
using qh::engine::RoutingCandidate;

namespace {
constexpr std::int64_t kMinute = 60'000;
}

TEST_CASE("no candidates, no call")
{
    CHECK_FALSE(chooseNext({}, 0).has_value());
}

TEST_CASE("a green-channel ticket is called before everyone else")
{
    const std::vector<RoutingCandidate> c = {
        {false, std::nullopt, 0, 1, 1.0},
        {true, std::nullopt, 50 * kMinute, 2, 0.4}, // issued last, secondary service
        {false, 0, 0, 3, 1.0},                      // a due appointment
    };
    CHECK(chooseNext(c, 60 * kMinute) == 1u);
}

TEST_CASE("among green tickets the longest waiting goes first")
{
    const std::vector<RoutingCandidate> c = {
        {true, std::nullopt, 10 * kMinute, 1, 1.0},
        {true, std::nullopt, 5 * kMinute, 2, 0.4},
    };
    CHECK(chooseNext(c, 20 * kMinute) == 1u);
}

TEST_CASE("a due appointment comes before regular tickets, one not yet due does not")
{
    const std::vector<RoutingCandidate> due = {
        {false, std::nullopt, 0, 1, 1.0},
        {false, 30 * kMinute, 25 * kMinute, 2, 1.0},
    };
    CHECK(chooseNext(due, 30 * kMinute) == 1u);
    CHECK(chooseNext(due, 29 * kMinute) == 0u);
}

TEST_CASE("regular tickets go by wait times weight")
{
    // A secondary ticket from minute 0 and a primary one from minute 10.
    const std::vector<RoutingCandidate> c = {
        {false, std::nullopt, 0, 1, 0.4},
        {false, std::nullopt, 10 * kMinute, 2, 1.0},
    };
    // At minute 12: 12 × 0.4 = 4.8 against 2 × 1.0: the secondary ticket.
    CHECK(chooseNext(c, 12 * kMinute) == 0u);
    // At minute 20: 20 × 0.4 = 8 against 10 × 1.0: the primary ticket.
    CHECK(chooseNext(c, 20 * kMinute) == 1u);
}

TEST_CASE("equal scores go to the earlier ticket")
{
    const std::vector<RoutingCandidate> c = {
        {false, std::nullopt, 5 * kMinute, 7, 1.0},
        {false, std::nullopt, 5 * kMinute, 3, 1.0},
    };
    CHECK(chooseNext(c, 5 * kMinute) == 1u);
}

TEST_CASE("a steady stream of primary tickets never starves a secondary one")
{
    // One window serving one ticket a minute, a backlog of five primary tickets kept up by one
    // new primary ticket a minute, and one secondary ticket waiting from minute 0. The oldest
    // primary ticket has always waited 5 minutes (score 5); the secondary one overtakes it once
    // 0.4 × its wait exceeds that, at minute 13, and not before.
    std::vector<RoutingCandidate> queue = {{false, std::nullopt, 0, 1, 0.4}};
    std::int64_t nextId = 2;
    for (int m = -5; m < 0; ++m)
        queue.push_back({false, std::nullopt, m * kMinute, nextId++, 1.0});
    int calledAt = -1;
    for (int minute = 0; minute < 120 && calledAt < 0; ++minute) {
        queue.push_back({false, std::nullopt, minute * kMinute, nextId++, 1.0});
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
        {false, std::nullopt, 0, 1, 1.0},            // a walk-in since minute 0
        {false, 25 * kMinute, 24 * kMinute, 2, 1.0}, // an appointment due at minute 25
    };
    // Two appointments called in a row, the walk-in 30 minutes in: the walk-in goes first.
    CHECK(chooseNext(c, 30 * kMinute, AppointmentCap{2, 20 * kMinute, 2}) == 0u);
    // One in a row: the appointment still goes first.
    CHECK(chooseNext(c, 30 * kMinute, AppointmentCap{2, 20 * kMinute, 1}) == 1u);
    // The walk-in not yet past the norm: the appointment goes first however long the row.
    CHECK(chooseNext(c, 30 * kMinute, AppointmentCap{2, 40 * kMinute, 5}) == 1u);
    // Held back, the appointment competes by its own wait: a longer one wins again.
    const std::vector<RoutingCandidate> early = {
        {false, std::nullopt, 10 * kMinute, 1, 1.0},
        {false, 25 * kMinute, 0, 2, 1.0}, // checked in at minute 0
    };
    CHECK(chooseNext(early, 35 * kMinute, AppointmentCap{2, 20 * kMinute, 2}) == 1u);
    // A green ticket is first, whatever the row.
    const std::vector<RoutingCandidate> green = {
        {false, 25 * kMinute, 24 * kMinute, 1, 1.0},
        {true, std::nullopt, 29 * kMinute, 2, 1.0},
    };
    CHECK(chooseNext(green, 30 * kMinute, AppointmentCap{2, 20 * kMinute, 0}) == 1u);
}

TEST_CASE("the streak counts due appointments, not green tickets or appointments not yet due")
{
    using qh::engine::dueAppointment;
    CHECK(dueAppointment({false, 10 * kMinute, 0, 1, 1.0}, 10 * kMinute));
    CHECK_FALSE(dueAppointment({false, 10 * kMinute, 0, 1, 1.0}, 9 * kMinute));
    CHECK_FALSE(dueAppointment({true, 10 * kMinute, 0, 1, 1.0}, 11 * kMinute));
    CHECK_FALSE(dueAppointment({false, std::nullopt, 0, 1, 1.0}, 11 * kMinute));
}
