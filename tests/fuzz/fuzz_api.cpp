// libFuzzer harness for the API's request handling: path routing, tokens, headers, JSON bodies and
// the engine operations behind them, over an in-memory store of the small test hall.
//
// Input: byte 0 picks the caller (0 none, 1 kiosk, 2 caller of window 1, 3 caller of window 2,
// 4 display, 5 admin, 6 an unknown token, 7 the kiosk's token in ?access_token=); then
// "METHOD TARGET\n", header lines "Name: value\n", an empty line, and the body.
#include "devices.h"
#include "handler.h"
#include "migrations.h"
#include "store.h"

#include <array>
#include <cstdint>
#include <memory>

#include <QCoreApplication>
#include <QTimeZone>

using namespace qh;

namespace {

constexpr int kInputsPerStore = 2000; // a fresh store now and then keeps each input fast

struct Harness
{
    std::unique_ptr<db::Database> database;
    std::unique_ptr<db::Store> store;
    std::unique_ptr<engine::ManualClock> clock;
    std::unique_ptr<service::HallService> service;
    std::unique_ptr<api::DeviceRegistry> devices;
    std::unique_ptr<api::RateLimiter> limiter;
    std::unique_ptr<api::ApiHandler> handler;
    std::array<QString, 6> tokens; // by caller byte 1..5
    // No clips: announcements answer 503, which is a fine answer too.
    voice::Announcer announcer{QStringLiteral("/nonexistent"), {QStringLiteral("zh")}};
    int inputs = 0;

    void reset()
    {
        handler.reset();
        limiter.reset();
        devices.reset();
        service.reset();
        store.reset();
        database = std::make_unique<db::Database>(QStringLiteral(":memory:"));
        db::migrate(*database);
        store = std::make_unique<db::Store>(*database);
        const QDateTime morning(QDate(2026, 11, 25), QTime(9, 0), QTimeZone("Asia/Shanghai"));
        clock = std::make_unique<engine::ManualClock>(morning.toMSecsSinceEpoch());
        store->initialise(db::readHallFile(QStringLiteral(QH_FUZZ_HALL)), QStringLiteral("fuzz"),
                          clock->nowMs());
        service = std::make_unique<service::HallService>(*store, *clock);
        devices = std::make_unique<api::DeviceRegistry>(*service);
        limiter = std::make_unique<api::RateLimiter>(1'000'000, 60);
        handler =
            std::make_unique<api::ApiHandler>(*service, *store, *devices, *limiter, announcer);
        const engine::Actor admin{QStringLiteral("fuzz"), QStringLiteral("fuzz")};
        tokens[1] =
            devices->add(QStringLiteral("k"), QStringLiteral("kiosk"), std::nullopt, admin).token;
        tokens[2] = devices->add(QStringLiteral("c1"), QStringLiteral("caller"), 1, admin).token;
        tokens[3] = devices->add(QStringLiteral("c2"), QStringLiteral("caller"), 2, admin).token;
        tokens[4] =
            devices->add(QStringLiteral("d"), QStringLiteral("display"), std::nullopt, admin).token;
        tokens[5] =
            devices->add(QStringLiteral("a"), QStringLiteral("admin"), std::nullopt, admin).token;
        inputs = 0;
    }
};

Harness& harness()
{
    static Harness h;
    if (!h.handler || h.inputs >= kInputsPerStore)
        h.reset();
    return h;
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size)
{
    if (size < 1)
        return 0;
    Harness& h = harness();
    ++h.inputs;
    h.clock->advanceSeconds(7); // time moves: stale tickets get voided, waits grow

    const QByteArray input(reinterpret_cast<const char*>(data + 1), qsizetype(size - 1));
    const qsizetype headerEnd = input.indexOf("\n\n");
    const QByteArray head = headerEnd < 0 ? input : input.left(headerEnd);
    const QList<QByteArray> lines = head.split('\n');
    const QList<QByteArray> requestLine = lines.value(0).split(' ');
    const QUrl target = QUrl::fromEncoded(requestLine.value(1));

    api::ApiRequest request;
    request.method = requestLine.value(0).toUpper();
    request.path = target.path();
    request.query = QUrlQuery(target);
    for (qsizetype i = 1; i < lines.size(); ++i) {
        const qsizetype colon = lines[i].indexOf(':');
        if (colon > 0)
            request.headers.insert(lines[i].left(colon).trimmed().toLower(),
                                   lines[i].mid(colon + 1).trimmed());
    }
    request.body = headerEnd < 0 ? QByteArray() : input.mid(headerEnd + 2);
    const int who = data[0] % 8;
    if (who >= 1 && who <= 5)
        request.headers.insert("authorization", "Bearer " + h.tokens[size_t(who)].toLatin1());
    else if (who == 6)
        request.headers.insert("authorization", "Bearer qh_unknown");
    else if (who == 7)
        request.query.addQueryItem(QStringLiteral("access_token"), h.tokens[1]);

    // A change goes through group commit, as the server sends it.
    api::ApiResponse response;
    h.service->submit([&] { response = h.handler->handle(request); },
                      [&](std::exception_ptr failure) {
                          if (failure)
                              response = api::ApiHandler::failure(failure, request);
                      });
    h.service->commitSubmitted();
    // Every answer is a known status; every error carries the JSON error shape.
    if (response.status < 200 || response.status > 599)
        __builtin_trap();
    if (response.status >= 400 && !response.body.startsWith("{\"error\":{"))
        __builtin_trap();
    if (response.status == 500)
        __builtin_trap(); // nothing a client sends may break the store
    if (h.service->engine().status().windows.size() != 4)
        __builtin_trap();
    h.service->voidStaleIssuing({QStringLiteral("fuzz"), QStringLiteral("fuzz")});
    return 0;
}

extern "C" int LLVMFuzzerInitialize(int* argc, char*** argv)
{
    static QCoreApplication app(*argc, *argv);
    return 0;
}
