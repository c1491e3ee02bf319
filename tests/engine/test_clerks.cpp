// Clerks at windows: once the hall has a clerk, a window calls only with one signed in; a sign-in
// elsewhere ends the one before; yesterday's sign-ins end at the change of day; every step is in
// the trail.
#include "engine.h"
#include "testhall.h"

using namespace qh::engine;
using qh::test::refusal;

namespace {

struct ClerkHall : qh::test::TestHall
{
    StaffMember addClerk(const QString& number, const QString& name)
    {
        StaffMember m;
        m.number = number;
        m.name = name;
        m.roles = {QStringLiteral("clerk")};
        m.secretHash = QStringLiteral("argon2id hash not used here");
        m.createdAt = clock.nowMs();
        service->perform([&] { m.id = store->addStaff(m); });
        return m;
    }

    Event lastEvent() { return store->eventsSince(store->lastEventSeq() - 1, 1).front(); }
};

} // namespace

TEST_CASE("a hall without clerks calls as before, and with one a window needs a clerk signed in")
{
    ClerkHall h;
    h.take(QStringLiteral("id-card"));
    h.take(QStringLiteral("id-card"));
    CHECK(h.service->callNext(1, h.actor).has_value());
    h.service->start(1, h.actor);
    h.service->complete(1, h.actor);

    const StaffMember zhang = h.addClerk(QStringLiteral("1024"), QStringLiteral("张三"));
    CHECK(h.service->engine().status().signInRequired);
    CHECK(refusal([&] { h.service->callNext(1, h.actor); }) == EngineError::Code::NoClerk);
    CHECK(refusal([&] { h.service->callNumber(1, QStringLiteral("A002"), h.actor); }) ==
          EngineError::Code::NoClerk);

    const Actor asZhang{zhang.label(), QStringLiteral("caller#5")};
    h.service->signIn(1, zhang, asZhang);
    const Event signedIn = h.lastEvent();
    CHECK(signedIn.type == QStringLiteral("staff.signed_in"));
    CHECK(signedIn.actor == QStringLiteral("1024 张三"));
    CHECK(signedIn.window == 1);
    CHECK(signedIn.data.value(QStringLiteral("name")).toString() == QStringLiteral("张三"));
    const WindowStatus w1 = h.service->engine().status().windows.front();
    REQUIRE(w1.clerk);
    CHECK(w1.clerk->number == QStringLiteral("1024"));

    const std::optional<Ticket> called = h.service->callNext(1, asZhang);
    REQUIRE(called);
    CHECK(h.lastEvent().actor == QStringLiteral("1024 张三"));

    // Signed out, the window refuses again and the trail says who left.
    h.service->signOut(1, QString(), asZhang);
    CHECK(h.lastEvent().type == QStringLiteral("staff.signed_out"));
    CHECK_FALSE(h.store->window(1).clerk);
    CHECK(refusal([&] { h.service->signOut(1, QString(), h.actor); }) ==
          EngineError::Code::WrongState);
}

TEST_CASE("a clerk signed in at another window leaves the first, and a window gets a new clerk")
{
    ClerkHall h;
    const StaffMember zhang = h.addClerk(QStringLiteral("1024"), QStringLiteral("张三"));
    const StaffMember li = h.addClerk(QStringLiteral("1025"), QStringLiteral("李四"));
    h.service->signIn(1, zhang, h.actor);
    h.service->signIn(2, zhang, h.actor);
    CHECK_FALSE(h.store->window(1).clerk);
    CHECK(h.store->window(2).clerk == zhang.id);

    h.service->signIn(2, li, h.actor);
    CHECK(h.store->window(2).clerk == li.id);
    const std::vector<Event> last = h.store->eventsSince(h.store->lastEventSeq() - 2, 2);
    CHECK(last[0].type == QStringLiteral("staff.signed_out"));
    CHECK(last[0].data.value(QStringLiteral("staff")).toString() == QStringLiteral("1024"));
    CHECK(last[1].type == QStringLiteral("staff.signed_in"));
    CHECK(last[1].data.value(QStringLiteral("staff")).toString() == QStringLiteral("1025"));
}

TEST_CASE("a disabled account or one without the clerk role cannot sign in at a window")
{
    ClerkHall h;
    StaffMember zhang = h.addClerk(QStringLiteral("1024"), QStringLiteral("张三"));
    StaffMember auditor = zhang;
    auditor.roles = {QStringLiteral("auditor")};
    CHECK(refusal([&] { h.service->signIn(1, auditor, h.actor); }) ==
          EngineError::Code::WrongState);
    zhang.disabledAt = h.clock.nowMs();
    CHECK(refusal([&] { h.service->signIn(1, zhang, h.actor); }) == EngineError::Code::WrongState);
    CHECK(refusal([&] { h.service->signIn(99, zhang, h.actor); }) == EngineError::Code::NotFound);
    CHECK_FALSE(h.store->window(1).clerk);
}

TEST_CASE("clerks still signed in when the service day changes are signed out, once")
{
    ClerkHall h;
    const StaffMember zhang = h.addClerk(QStringLiteral("1024"), QStringLiteral("张三"));
    h.service->signIn(1, zhang, h.actor);
    h.clock.set(qh::test::shanghai("2026-11-25 23:59"));
    CHECK(h.service->signOutPastDays(h.actor) == 0);
    CHECK(h.store->window(1).clerk == zhang.id);

    h.clock.set(qh::test::shanghai("2026-11-26 00:01"));
    CHECK(h.service->signOutPastDays(h.actor) == 1);
    CHECK_FALSE(h.store->window(1).clerk);
    CHECK(h.lastEvent().data.value(QStringLiteral("reason")).toString() ==
          QStringLiteral("end of day"));
    CHECK(h.service->signOutPastDays(h.actor) == 0);
}
