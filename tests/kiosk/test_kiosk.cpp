// The kiosk as a citizen uses it: taps on the offscreen QML window, a real controller process and
// the virtual printer; what the screen shows, what was printed, what the controller holds.
#include "controllerprocess.h"
#include "fakemodem.h"
#include "fakeport.h"
#include "hallconfig.h"
#include "httpclient.h"
#include "kioskcontroller.h"
#include "scanner.h"
#include "store.h"
#include "testhall.h"
#include "virtualtransport.h"

#include <QDir>
#include <QJsonArray>
#include <QJsonDocument>
#include <QQmlApplicationEngine>
#include <QQmlContext>
#include <QQuickItem>
#include <QQuickWindow>
#include <QTcpServer>
#include <QTcpSocket>
#include <QTest>

using namespace qh;
using Screen = kiosk::KioskController::Screen;

namespace {

// Short waits: a paused kiosk tries again within 50 ms, nobody's touch is missed after 300 ms.
constexpr kiosk::KioskController::Timing kQuick{.firstRecoveryMs = 20,
                                                .maxRecoveryMs = 50,
                                                .confirmRetryMs = 20,
                                                .idleMs = 300,
                                                .personalIdleMs = 300};

// The same, but a citizen who stays on a screen however long the test takes there (a loaded
// machine can take more than 300 ms over a screenshot): for tests that are not about the idle
// timeout.
constexpr kiosk::KioskController::Timing kPatient{.firstRecoveryMs = 20,
                                                  .maxRecoveryMs = 50,
                                                  .confirmRetryMs = 20,
                                                  .idleMs = 600'000,
                                                  .personalIdleMs = 600'000};

constexpr int kQuickTimeoutMs = 1000; // an unanswered request: the controller is unreachable

// A kiosk window over a controller (or anything at its port), printing into a temporary folder.
struct Kiosk
{
    explicit Kiosk(test::ControllerProcess& controller, quint16 port = 0,
                   kiosk::KioskController::Timing timing = kQuick)
    {
        auto client = std::make_unique<kiosk::ControllerClient>(
            QUrl(QStringLiteral("http://127.0.0.1:%1").arg(port ? port : controller.port())),
            controller.token(QStringLiteral("kiosk")), kQuickTimeoutMs);
        auto ticketPrinter = std::make_unique<kiosk::PrinterWorker>([this] {
            return std::make_unique<printer::Printer>(
                std::make_unique<printer::VirtualTransport>(printed.path()),
                printer::loadProfile(
                    test::sourcePath(QStringLiteral("assets/printers/generic-80mm.json"))));
        });
        controllerUi = std::make_unique<kiosk::KioskController>(
            std::move(client), std::move(ticketPrinter), QStringLiteral("http://hall.local:8470"),
            timing);
        kiosk::registerQmlTypes();
        engine.rootContext()->setContextProperty(QStringLiteral("kiosk"), controllerUi.get());
        QObject::connect(controllerUi.get(), &kiosk::KioskController::languageChanged, &engine,
                         &QQmlEngine::retranslate);
        engine.load(QUrl(QStringLiteral("qrc:/qt/qml/Queuehall/Kiosk/qml/Main.qml")));
        REQUIRE(!engine.rootObjects().isEmpty());
        window = qobject_cast<QQuickWindow*>(engine.rootObjects().first());
        REQUIRE(window);
        window->resize(1080, 1920);
        controllerUi->refresh();
        REQUIRE(test::waitUntil([&] { return controllerUi->departments()->rowCount() > 0; }));
    }

    // Searches what is on screen (views keep their delegates in the visual item tree).
    QQuickItem* item(const char* name) const
    {
        const QString wanted = QString::fromLatin1(name);
        std::vector<QQuickItem*> pending = {window->contentItem()};
        while (!pending.empty()) {
            QQuickItem* i = pending.back();
            pending.pop_back();
            if (!i->isVisible())
                continue;
            if (i->objectName() == wanted)
                return i;
            for (QQuickItem* child : i->childItems())
                pending.push_back(child);
        }
        return nullptr;
    }

    // Taps the middle of a visible item, as a finger would.
    void tap(const char* name)
    {
        QQuickItem* target = nullptr;
        test::waitUntil([&] {
            target = item(name);
            return target && target->isVisible() && target->width() > 0;
        });
        INFO("tapping " << name);
        REQUIRE(target);
        REQUIRE(target->isVisible());
        const QPointF centre =
            target->mapToScene(QPointF(target->width() / 2, target->height() / 2));
        QTest::mouseClick(window, Qt::LeftButton, Qt::NoModifier, centre.toPoint());
        QCoreApplication::processEvents();
    }

    // A citizen's taps from the start screen to a service's guide.
    void openGuide(const char* department, const char* service)
    {
        tap("startButton");
        tap(department);
        tap(service);
        REQUIRE(reaches(Screen::Guide));
    }

    bool reaches(Screen screen, int timeoutMs = 10'000)
    {
        return test::waitUntil([&] { return controllerUi->screen() == screen; }, timeoutMs);
    }

    QString text(const char* name) const
    {
        QQuickItem* i = item(name);
        return i ? i->property("text").toString() : QString();
    }

    // The QGuiApplication comes first: the QML engine below needs it.
    struct GuiApp
    {
        GuiApp() { test::ensureGuiApp(); }
    } guiApp;
    QTemporaryDir printed;
    std::unique_ptr<kiosk::KioskController> controllerUi; // outlives the QML that binds to it
    QQmlApplicationEngine engine;
    QQuickWindow* window = nullptr;
};

// Between the kiosk and the controller: passes everything on, except that the answer to the first
// "printed" confirmation never comes back (the controller has it; its answer is lost).
class LosesFirstConfirmation : public QObject
{
public:
    explicit LosesFirstConfirmation(quint16 controllerPort)
        : m_controllerPort(controllerPort)
    {
        m_server.listen(QHostAddress::LocalHost);
        connect(&m_server, &QTcpServer::newConnection, this, [this] {
            while (QTcpSocket* kiosk = m_server.nextPendingConnection())
                relay(kiosk);
        });
    }

    quint16 port() const { return m_server.serverPort(); }
    bool lostOne() const { return m_lost; }

private:
    void relay(QTcpSocket* kiosk)
    {
        auto* controller = new QTcpSocket(kiosk);
        auto loseAnswer = std::make_shared<bool>(false);
        controller->connectToHost(QHostAddress::LocalHost, m_controllerPort);
        connect(kiosk, &QTcpSocket::readyRead, controller, [this, kiosk, controller, loseAnswer] {
            const QByteArray request = kiosk->readAll();
            if (!m_lost && request.contains("/printed HTTP/1.1")) {
                m_lost = true;
                *loseAnswer = true;
            }
            controller->write(request);
        });
        connect(controller, &QTcpSocket::readyRead, kiosk, [kiosk, controller, loseAnswer] {
            const QByteArray answer = controller->readAll();
            if (*loseAnswer)
                return; // the kiosk waits in vain, as behind a link that went down
            kiosk->write(answer);
        });
        connect(kiosk, &QTcpSocket::disconnected, kiosk, &QObject::deleteLater);
    }

    quint16 m_controllerPort;
    QTcpServer m_server;
    bool m_lost = false;
};

// A case accepted at a window for a ticket of the service: {serial, password, dueOn, ...}.
QJsonObject acceptedCase(test::ControllerProcess& controller, const QString& serviceId, int window)
{
    controller.takeTicket(serviceId);
    test::HttpConnection http = controller.connection();
    const QString admin = controller.token(QStringLiteral("admin"));
    const QString at = QStringLiteral("/api/v1/windows/%1/").arg(window);
    REQUIRE(http.send("POST", at + QStringLiteral("call-next"), admin).status == 200);
    REQUIRE(http.send("POST", at + QStringLiteral("start"), admin).status == 200);
    const test::HttpResponse accepted = http.send("POST", at + QStringLiteral("cases"), admin);
    REQUIRE(accepted.status == 201);
    return accepted.json();
}

// Types on the visible keypad, key by key, as a finger would.
void typeKeys(Kiosk& k, const QString& text)
{
    for (const QChar c : text)
        k.tap(qPrintable(QStringLiteral("key_") + c.toUpper()));
}

// A booking of a service's slot, made as the booking page makes it; returns its code.
QString bookSlot(test::ControllerProcess& controller, const QString& service, const char* start,
                 const QString& phone = QStringLiteral("13800138000"))
{
    const test::HttpResponse r = controller.connection().send(
        "POST", QStringLiteral("/api/v1/appointments"), {},
        QJsonDocument(QJsonObject{{QStringLiteral("service"), service},
                                  {QStringLiteral("start"), QString::fromLatin1(start)},
                                  {QStringLiteral("phone"), phone}})
            .toJson());
    INFO(r.body.toStdString());
    REQUIRE(r.status == 201);
    return r.json().value(QStringLiteral("code")).toString();
}

// The small hall at 09:20 on 26 November, with a booking of id-card at 09:30.
struct BookedMorning
{
    test::ControllerProcess controller{
        test::sourcePath(QStringLiteral("tests/data/small-hall.json")), "2026-11-26 09:20"};
    QString code = bookSlot(controller, QStringLiteral("id-card"), "2026-11-26T09:30:00+08:00");
};

// The problem the kiosk shows after a check-in with this code, typed on its keypad.
QString checkInProblem(Kiosk& k, const QString& code)
{
    k.controllerUi->checkInAppointment();
    REQUIRE(k.reaches(Screen::Appointment));
    typeKeys(k, code);
    k.tap("appointmentSubmitButton");
    REQUIRE(test::waitUntil([&] {
        return !k.controllerUi->appointmentProblem().isEmpty() ||
               k.controllerUi->screen() == Screen::Done;
    }));
    return k.controllerUi->appointmentProblem();
}

// A keyboard-like scanner's keystrokes into the window, ending in Enter.
void scan(Kiosk& k, const QString& text)
{
    for (const QChar c : text)
        QTest::keyClick(k.window, c.toLatin1());
    QTest::keyClick(k.window, Qt::Key_Return);
}

void saveScreen(Kiosk& k, const QString& name)
{
    const QString folder = qEnvironmentVariable("QH_SCREENSHOT_DIR");
    if (folder.isEmpty())
        return;
    QDir().mkpath(folder);
    QCoreApplication::processEvents();
    CHECK(k.window->grabWindow().save(QDir(folder).filePath(name)));
}

} // namespace

TEST_CASE("a lost answer to printed is asked again and the citizen gets the number, not a void")
{
    test::ensureGuiApp(); // before the proxy's server: it needs the application's event loop
    test::ControllerProcess controller;
    LosesFirstConfirmation proxy(controller.port());
    Kiosk k(controller, proxy.port());
    k.openGuide("department_hukou", "service_id-card");
    k.tap("takeTicketButton");
    REQUIRE(k.reaches(Screen::Done));
    CHECK(proxy.lostOne());
    CHECK(k.text("ticketNumber") == QStringLiteral("A001"));
    const QString code = k.controllerUi->ticket().value(QStringLiteral("statusCode")).toString();
    test::HttpConnection http = controller.connection();
    const test::HttpResponse status = http.send("GET", QStringLiteral("/api/v1/tickets/") + code);
    CHECK(status.json().value(QStringLiteral("state")).toString() == QStringLiteral("waiting"));
    CHECK(QDir(k.printed.path()).entryList({QStringLiteral("*.png")}).size() == 1); // printed once
}

TEST_CASE("a citizen taps through to a printed ticket that the controller holds")
{
    test::ControllerProcess controller;
    Kiosk k(controller);
    CHECK(k.controllerUi->screen() == Screen::Idle);
    CHECK(k.controllerUi->hallName() == QStringLiteral("测试大厅"));
    k.tap("startButton");
    REQUIRE(k.reaches(Screen::Departments));
    k.tap("department_hukou");
    REQUIRE(k.reaches(Screen::Services));
    CHECK(k.text("departmentHeading") == QStringLiteral("公安户政")); // which department it is
    CHECK(k.controllerUi->services()->shownIds() ==
          QStringList{QStringLiteral("id-card"), QStringLiteral("residence")});
    k.tap("service_id-card");
    REQUIRE(k.reaches(Screen::Guide));
    CHECK(k.controllerUi->service().value(QStringLiteral("materials")).toStringList() ==
          QStringList{QStringLiteral("户口簿原件")});
    CHECK(k.item("smsTicketButton") == nullptr); // the hall sends no SMS
    k.tap("takeTicketButton");
    REQUIRE(k.reaches(Screen::Done));
    CHECK(k.text("ticketNumber") == QStringLiteral("A001"));
    CHECK(k.item("ticketSms") == nullptr);
    CHECK(k.text("ticketWhere") == QStringLiteral("请到 1 楼 1, 2 号窗口办理"));
    // Nobody ahead and a window free: no "about 0 minutes".
    CHECK(k.text("ticketAhead") == QStringLiteral("前面还有 0 人，即将叫号"));

    // The printer got it, and the controller has it waiting (confirmed as printed).
    CHECK(QFile::exists(QDir(k.printed.path()).filePath(QStringLiteral("0001.png"))));
    const QString code = k.controllerUi->ticket().value(QStringLiteral("statusCode")).toString();
    test::HttpConnection http = controller.connection();
    const test::HttpResponse status = http.send("GET", QStringLiteral("/api/v1/tickets/") + code);
    CHECK(status.json().value(QStringLiteral("state")).toString() == QStringLiteral("waiting"));
    k.tap("doneButton");
    CHECK(k.reaches(Screen::Idle));
}

TEST_CASE("a printer fault pauses ticketing, issues nothing, and recovers by itself")
{
    test::ControllerProcess controller;
    Kiosk k(controller);
    k.openGuide("department_tax", "service_invoice");
    QFile(QDir(k.printed.path()).filePath(QStringLiteral("paper-end"))).open(QIODevice::WriteOnly);
    k.tap("takeTicketButton");
    REQUIRE(k.reaches(Screen::Paused));
    CHECK(k.text("pausedReason").contains(QStringLiteral("paper end")));
    test::HttpConnection http = controller.connection();
    CHECK(http.send("GET", QStringLiteral("/api/v1/hall"),
                    controller.token(QStringLiteral("display")))
              .json()
              .value(QStringLiteral("today"))
              .toObject()
              .isEmpty());
    QFile::remove(QDir(k.printed.path()).filePath(QStringLiteral("paper-end")));
    CHECK(k.reaches(Screen::Idle)); // it tries again by itself
}

TEST_CASE("paper near end shows a staff notice and still prints")
{
    test::ControllerProcess controller;
    Kiosk k(controller);
    QFile(QDir(k.printed.path()).filePath(QStringLiteral("paper-near-end")))
        .open(QIODevice::WriteOnly);
    k.openGuide("department_tax", "service_invoice");
    k.tap("takeTicketButton");
    REQUIRE(k.reaches(Screen::Done));
    CHECK(k.controllerUi->staffNotice().contains(QStringLiteral("Paper low")));
    CHECK(k.item("staffNotice")->isVisible());
}

TEST_CASE("an unreachable controller pauses ticketing with nothing printed")
{
    test::ControllerProcess controller;
    Kiosk k(controller);
    k.openGuide("department_tax", "service_invoice");
    controller.stop();
    k.tap("takeTicketButton");
    REQUIRE(k.reaches(Screen::Paused));
    CHECK(k.text("pausedReason").contains(QStringLiteral("controller unreachable")));
    CHECK(QDir(k.printed.path()).entryList({QStringLiteral("*.bin")}).isEmpty());
}

TEST_CASE("the kiosk goes back to the start screen when nobody touches it")
{
    test::ControllerProcess controller;
    Kiosk k(controller);
    k.tap("startButton");
    REQUIRE(k.reaches(Screen::Departments));
    CHECK(k.reaches(Screen::Idle, 3000));
}

TEST_CASE("services are found by characters and English words and pinyin initials and full pinyin")
{
    test::ControllerProcess controller(
        test::sourcePath(QStringLiteral("assets/halls/shizhong.json")));
    Kiosk k(controller);
    k.controllerUi->search(QStringLiteral("ldht"));
    CHECK(
        k.controllerUi->services()->shownIds().contains(QStringLiteral("hrss-01"))); // 劳动合同备案
    k.controllerUi->search(QStringLiteral("laodong"));
    CHECK(k.controllerUi->services()->shownIds().contains(QStringLiteral("hrss-01")));
    k.controllerUi->search(QStringLiteral("hetongbeian")); // any part of the full pinyin
    CHECK(k.controllerUi->services()->shownIds().contains(QStringLiteral("hrss-01")));
    k.controllerUi->search(QStringLiteral("身份证"));
    CHECK(k.controllerUi->services()->shownIds() == QStringList{QStringLiteral("hukou-01"),
                                                                QStringLiteral("hukou-02"),
                                                                QStringLiteral("hukou-03")});
    k.controllerUi->search(QStringLiteral("Passport"));
    CHECK(k.controllerUi->services()->shownIds() == QStringList{QStringLiteral("exit-01")});
    k.controllerUi->search(QStringLiteral("zzzz"));
    CHECK(k.controllerUi->services()->rowCount() == 0);
    CHECK(k.controllerUi->screen() == Screen::Services);
}

TEST_CASE("a citizen types pinyin initials on the kiosk's own keyboard")
{
    test::ControllerProcess controller(
        test::sourcePath(QStringLiteral("assets/halls/shizhong.json")));
    Kiosk k(controller, 0, kPatient);
    k.tap("startButton");
    REQUIRE(k.reaches(Screen::Departments));
    CHECK(k.item("keypad") == nullptr); // closed until the search box is tapped
    k.tap("searchField");
    for (const char* key : {"key_L", "key_D", "key_H", "key_T", "key_X"})
        k.tap(key);
    CHECK(k.text("serviceSearchField") == QStringLiteral("ldhtx"));
    CHECK(k.controllerUi->services()->rowCount() == 0);
    CHECK(k.item("noServiceMatches") != nullptr);
    k.tap("key_erase");
    REQUIRE(k.reaches(Screen::Services));
    CHECK(k.controllerUi->services()->shownIds().contains(QStringLiteral("hrss-01")));
    k.tap("service_hrss-01"); // 劳动合同备案
    REQUIRE(k.reaches(Screen::Guide));
    CHECK(k.item("keypad") == nullptr);
    k.tap("backButton");
    k.tap("key_clear"); // nothing typed and no department chosen: all departments again
    REQUIRE(k.reaches(Screen::Departments));
    CHECK(k.text("searchField").isEmpty());
    k.tap("key_close");
    CHECK(k.item("keypad") == nullptr);
}

TEST_CASE("the language switch turns the kiosk to English and back")
{
    test::ControllerProcess controller;
    Kiosk k(controller);
    k.tap("startButton");
    REQUIRE(k.reaches(Screen::Departments));
    k.tap("languageButton");
    CHECK(k.controllerUi->language() == QStringLiteral("en"));
    CHECK(k.controllerUi->hallName() == QStringLiteral("Test Hall"));
    k.tap("languageButton");
    CHECK(k.controllerUi->language() == QStringLiteral("zh"));
}

TEST_CASE("the next citizen starts clean: no search, Chinese, standard text")
{
    test::ControllerProcess controller;
    Kiosk k(controller);
    k.tap("startButton");
    REQUIRE(k.reaches(Screen::Departments));
    k.tap("languageButton");
    k.tap("elderlyButton");
    k.controllerUi->search(QStringLiteral("ldht"));
    REQUIRE(k.controllerUi->language() == QStringLiteral("en"));
    REQUIRE(k.controllerUi->elderly());
    REQUIRE(k.reaches(Screen::Idle)); // nobody touches it
    CHECK(k.controllerUi->searchText().isEmpty());
    CHECK(k.controllerUi->language() == QStringLiteral("zh"));
    CHECK_FALSE(k.controllerUi->elderly());
    // Anywhere on the start screen starts, not only its button.
    QTest::mouseClick(k.window, Qt::LeftButton, Qt::NoModifier, QPoint(40, 40));
    REQUIRE(k.reaches(Screen::Departments));
    CHECK(k.text("searchField").isEmpty());
}

TEST_CASE("a count on the kiosk follows a ticket issued elsewhere within seconds")
{
    test::ControllerProcess controller;
    Kiosk k(controller, 0, kPatient);
    k.tap("startButton");
    REQUIRE(k.reaches(Screen::Departments));
    const auto waiting = [&] {
        QQuickItem* tile = k.item("department_hukou");
        return tile ? tile->property("subtitle").toString() : QString();
    };
    REQUIRE(waiting().contains(QStringLiteral("0 人等候")));
    controller.takeTicket(QStringLiteral("id-card")); // at another kiosk
    CHECK(test::waitUntil([&] { return waiting().contains(QStringLiteral("1 人等候")); }, 5000));
    CHECK(k.controllerUi->screen() == Screen::Departments); // nothing else moved
}

namespace {

// Every text on the screen that a person could not read whole: cut off (elided, over its line
// count), larger than its item, or out of its box (the nearest named item around it: its
// button, key, tile or screen). Views are looked at whole, scrolled-out delegates too.
QStringList overflowingTexts(QQuickItem* root)
{
    QStringList found;
    std::vector<QQuickItem*> pending = {root};
    while (!pending.empty()) {
        QQuickItem* i = pending.back();
        pending.pop_back();
        if (!i->isVisible())
            continue;
        for (QQuickItem* child : i->childItems())
            pending.push_back(child);
        // QQuickText is private API: its text and laid-out size are read as its QML properties.
        const QString text = i->property("text").toString();
        if (!i->inherits("QQuickText") || text.isEmpty())
            continue;
        QQuickItem* box = i->parentItem();
        while (box->parentItem() && box->objectName().isEmpty())
            box = box->parentItem();
        const QRectF onScreen = i->mapRectToScene(QRectF(0, 0, i->width(), i->height()));
        const QRectF boxOnScreen = box->mapRectToScene(QRectF(0, 0, box->width(), box->height()));
        const double contentWidth = i->property("contentWidth").toDouble();
        const double contentHeight = i->property("contentHeight").toDouble();
        QString problem;
        if (i->property("truncated").toBool())
            problem = QStringLiteral("cut off");
        else if (contentWidth > i->width() + 1 || contentHeight > i->height() + 1)
            problem = QStringLiteral("%1×%2 in an item of %3×%4")
                          .arg(contentWidth)
                          .arg(contentHeight)
                          .arg(i->width())
                          .arg(i->height());
        else if (!boxOnScreen.adjusted(-1, -1, 1, 1).contains(onScreen))
            problem = QStringLiteral("out of %1").arg(box->objectName());
        if (!problem.isEmpty())
            found << QStringLiteral("\"%1\": %2").arg(text, problem);
    }
    return found;
}

} // namespace

// Every screen in zh and en, normal and large text, portrait and landscape, with the sample
// hall's longest names, saved as PNG. To look at them:
//   QH_SCREENSHOT_DIR=/tmp/kiosk-screens build/dev/bin/test_kiosk "every screen*"
TEST_CASE(
    "every screen holds its text in zh and en and normal and large text and both orientations")
{
    QTemporaryDir fallback;
    const QString folder = qEnvironmentVariableIsSet("QH_SCREENSHOT_DIR")
                               ? qEnvironmentVariable("QH_SCREENSHOT_DIR")
                               : fallback.path();
    QDir().mkpath(folder);
    test::ControllerProcess controller(
        test::sourcePath(QStringLiteral("assets/halls/shizhong.json")));
    const QJsonObject c = acceptedCase(controller, QStringLiteral("hrss-01"), 1);
    // A booking for tomorrow's first free slot: its check-in today is refused with a message.
    const QJsonArray tomorrow =
        controller.connection()
            .send("GET", QStringLiteral("/api/v1/appointments/slots?service=hrss-01"))
            .json()[QStringLiteral("days")][1][QStringLiteral("slots")]
            .toArray();
    const auto free = std::find_if(tomorrow.begin(), tomorrow.end(), [](const QJsonValue& slot) {
        return slot[QStringLiteral("free")].toInt() > 0;
    });
    REQUIRE(free != tomorrow.end());
    const QString booking = bookSlot(controller, QStringLiteral("hrss-01"),
                                     qPrintable((*free)[QStringLiteral("start")].toString()));
    Kiosk k(controller, 0, kPatient);
    int saved = 0;
    for (const QSize size : {QSize(1080, 1920), QSize(1920, 1080)}) {
        for (const QString& lang : {QStringLiteral("zh"), QStringLiteral("en")}) {
            for (const bool large : {false, true}) {
                k.window->resize(size);
                // Saves the screen, after checking that what a citizen needs there is on it,
                // whole, and that every text fits.
                const auto shoot = [&](const char* screen, const char* needed) {
                    QCoreApplication::processEvents();
                    const QImage image = k.window->grabWindow();
                    const QString name =
                        QStringLiteral("%1-%2-%3-%4.png")
                            .arg(QLatin1StringView(screen), lang,
                                 large ? QStringLiteral("large") : QStringLiteral("normal"),
                                 size.width() < size.height() ? QStringLiteral("portrait")
                                                              : QStringLiteral("landscape"));
                    INFO(name.toStdString() << ": " << needed);
                    REQUIRE(image.save(QDir(folder).filePath(name)));
                    REQUIRE(image.size() == size);
                    const QQuickItem* item = k.item(needed);
                    REQUIRE(item);
                    const QRectF onScreen = item->mapRectToScene(item->boundingRect());
                    CHECK(QRectF(QPointF(0, 0), QSizeF(size)).contains(onScreen));
                    CHECK(onScreen.width() > 0);
                    CHECK(overflowingTexts(k.window->contentItem()) == QStringList());
                    // The lists, scrolled through as a citizen would.
                    for (const char* list : {"departmentGrid", "serviceList"}) {
                        QQuickItem* view = k.item(list);
                        while (view && !view->property("atYEnd").toBool()) {
                            view->setProperty("contentY", view->property("contentY").toDouble() +
                                                              view->height() / 2);
                            k.window->grabWindow(); // lays the view out at its new place
                            CHECK(overflowingTexts(view) == QStringList());
                        }
                        if (view)
                            QMetaObject::invokeMethod(view, "positionViewAtBeginning");
                    }
                    ++saved;
                };
                const auto citizen = [&] {
                    k.controllerUi->finish(); // every new citizen starts in Chinese, normal text
                    k.controllerUi->setLanguage(lang);
                    k.controllerUi->setElderly(large);
                };
                citizen();
                shoot("1-idle", "startButton");
                k.tap("startButton");
                shoot("2-departments", "department_hrss");
                k.tap("searchField");
                shoot("3-keypad", "key_clear");
                k.tap("key_close");
                k.tap("department_amr");
                shoot("4-services", "service_amr-01");
                k.controllerUi->chooseService(QStringLiteral("amr-17")); // the longest name
                shoot("5-guide", "takeTicketButton");
                k.controllerUi->back();
                k.controllerUi->back();
                k.tap("department_hukou");
                k.tap("service_hukou-04"); // the most materials to bring
                shoot("6-guide-materials", "takeTicketButton");
                k.tap("takeTicketButton");
                REQUIRE(k.reaches(Screen::Done));
                shoot("7-done", "ticketNumber");
                CHECK(k.text("ticketNumber") ==
                      k.controllerUi->ticket().value(QStringLiteral("number")).toString());
                CHECK(k.text("ticketWhere")
                          .contains(lang == QStringLiteral("zh") ? QStringLiteral("号窗口")
                                                                 : QStringLiteral("window")));
                QFile(QDir(k.printed.path()).filePath(QStringLiteral("cover-open")))
                    .open(QIODevice::WriteOnly);
                citizen();
                k.openGuide("department_tax", "service_tax-01");
                k.tap("takeTicketButton");
                REQUIRE(k.reaches(Screen::Paused));
                shoot("8-paused", "pausedReason");
                CHECK(k.text("pausedReason").contains(QStringLiteral("cover open")));
                QFile::remove(QDir(k.printed.path()).filePath(QStringLiteral("cover-open")));
                REQUIRE(k.reaches(Screen::Idle));
                citizen();
                k.tap("caseLookupButton");
                for (const QChar ch : c.value(QStringLiteral("serial")).toString())
                    k.controllerUi->typeCase(ch);
                k.controllerUi->chooseCaseField(QStringLiteral("password"));
                for (const QChar ch : c.value(QStringLiteral("password")).toString())
                    k.controllerUi->typeCase(ch);
                shoot("9-case-lookup", "caseSubmitButton");
                k.tap("caseSubmitButton");
                REQUIRE(k.reaches(Screen::CaseFound));
                shoot("10-case-found", "caseDoneButton");
                citizen();
                k.tap("appointmentButton");
                for (const QChar ch : booking)
                    k.controllerUi->typeAppointment(ch);
                k.tap("appointmentSubmitButton");
                REQUIRE(test::waitUntil([&] {
                    return k.controllerUi->appointmentProblem() == QStringLiteral("other_day");
                }));
                shoot("11-appointment", "appointmentProblem");
            }
        }
    }
    CHECK(saved == 88);
}

TEST_CASE("the elderly mode makes the text larger and the contrast higher")
{
    test::ControllerProcess controller;
    Kiosk k(controller);
    k.tap("startButton");
    REQUIRE(k.reaches(Screen::Departments));
    QQuickItem* button = k.item("department_hukou");
    REQUIRE(button);
    const double standardHeight = button->height();
    k.tap("elderlyButton");
    CHECK(k.controllerUi->elderly());
    QCoreApplication::processEvents();
    CHECK(k.item("department_hukou")->height() > standardHeight * 1.2);
    CHECK(k.window->color() == QColor(Qt::black));
    k.tap("elderlyButton");
    CHECK_FALSE(k.controllerUi->elderly());
}

TEST_CASE("a citizen looks a case up on the kiosk with its serial number and password")
{
    test::ControllerProcess controller;
    const QJsonObject c = acceptedCase(controller, QStringLiteral("id-card"), 1);
    const QString serial = c.value(QStringLiteral("serial")).toString();
    const QString password = c.value(QStringLiteral("password")).toString();
    Kiosk k(controller, 0, kPatient);
    k.tap("caseLookupButton");
    REQUIRE(k.reaches(Screen::CaseLookup));
    CHECK(k.item("caseKeypad") != nullptr);
    CHECK(k.item("key_close") == nullptr); // the keypad stays open here
    typeKeys(k, serial.toLower());
    CHECK(k.text("caseSerialField") == serial);
    k.tap("caseSubmitButton"); // no password yet
    CHECK(k.item("caseProblem") != nullptr);
    CHECK(k.controllerUi->caseProblem() == QStringLiteral("incomplete"));
    CHECK(k.controllerUi->caseField() == QStringLiteral("password"));
    typeKeys(k, password == QStringLiteral("000000") ? QStringLiteral("111111")
                                                     : QStringLiteral("000000"));
    CHECK(k.text("casePasswordField") == QStringLiteral("●●●●●●")); // never the digits
    k.tap("caseSubmitButton");
    REQUIRE(
        test::waitUntil([&] { return k.controllerUi->caseProblem() == QStringLiteral("wrong"); }));
    CHECK(k.text("caseProblem") == QStringLiteral("办件流水号或查询密码不正确。"));
    CHECK(k.controllerUi->casePasswordLength() == 0); // a password is never kept

    k.tap("casePasswordField");
    typeKeys(k, password);
    k.tap("caseSubmitButton");
    REQUIRE(k.reaches(Screen::CaseFound));
    CHECK(k.text("caseSerial") == serial);
    CHECK(k.text("caseState") == QStringLiteral("办理中"));
    CHECK(k.text("caseService") == QStringLiteral("居民身份证申领"));
    CHECK(k.text("caseDue").contains(c.value(QStringLiteral("dueOn")).toString()));
    CHECK(k.text("caseDue").contains(QStringLiteral("1 号窗口")));
    k.tap("languageButton");
    CHECK(k.text("caseState") == QStringLiteral("In progress"));
    CHECK(k.text("caseService") == QStringLiteral("ID card application"));
    k.tap("caseDoneButton");
    REQUIRE(k.reaches(Screen::Idle));
    CHECK(k.controllerUi->caseSerial().isEmpty());
    CHECK(k.controllerUi->caseFound().isEmpty());
}

TEST_CASE("a serial number and password left on the kiosk are cleared when nobody touches it")
{
    test::ControllerProcess controller;
    Kiosk k(controller); // quick: 300 ms
    k.tap("caseLookupButton");
    REQUIRE(k.reaches(Screen::CaseLookup));
    k.controllerUi->typeCase(QStringLiteral("S"));
    k.controllerUi->chooseCaseField(QStringLiteral("password"));
    k.controllerUi->typeCase(QStringLiteral("1"));
    CHECK(k.controllerUi->casePasswordLength() == 1);
    REQUIRE(k.reaches(Screen::Idle, 5000));
    CHECK(k.controllerUi->caseSerial().isEmpty());
    CHECK(k.controllerUi->casePasswordLength() == 0);
}

TEST_CASE("a citizen gives a mobile number for SMS, checked, masked, and texted the ticket")
{
    test::ensureGuiApp(); // before the fake modem: the QML engine needs the GUI application
    test::FakeModem modem;
    QTemporaryDir dir;
    test::ControllerProcess controller(test::hallWithSection(
        dir, test::sourcePath(QStringLiteral("tests/data/small-hall.json")), QStringLiteral("sms"),
        QJsonObject{{QStringLiteral("port"), modem.path()}}));
    Kiosk k(controller, 0, kPatient);
    k.openGuide("department_hukou", "service_id-card");
    k.tap("smsTicketButton");
    REQUIRE(k.reaches(Screen::Phone));
    CHECK(k.text("phoneConsent").contains(QStringLiteral("30 天后删除")));
    typeKeys(k, QStringLiteral("12345678901"));
    CHECK(k.text("phoneField") == QStringLiteral("12345678901"));
    CHECK(k.item("phoneProblem") != nullptr);
    k.tap("phoneTicketButton"); // not a mobile number: nothing happens
    CHECK(k.controllerUi->screen() == Screen::Phone);
    k.tap("key_clear");
    typeKeys(k, QStringLiteral("138001380009")); // the twelfth digit is not taken
    CHECK(k.text("phoneField") == QStringLiteral("13800138000"));
    CHECK(k.item("phoneProblem") == nullptr);
    k.tap("phoneTicketButton");
    REQUIRE(k.reaches(Screen::Done));
    CHECK(k.text("ticketSms") == QStringLiteral("短信将发送至 138****8000"));
    const QString number = k.text("ticketNumber");
    REQUIRE(test::waitUntil([&] {
        return modem.textsTo(QStringLiteral("13800138000")).join(QString()).contains(number);
    }));
    k.tap("doneButton");
    REQUIRE(k.reaches(Screen::Idle));
    CHECK(k.controllerUi->phone().isEmpty()); // the next citizen starts clean

    SECTION("skipping takes the ticket without a number")
    {
        k.openGuide("department_hukou", "service_id-card");
        k.tap("smsTicketButton");
        typeKeys(k, QStringLiteral("139"));
        k.tap("phoneSkipButton");
        REQUIRE(k.reaches(Screen::Done));
        CHECK(k.item("ticketSms") == nullptr);
    }
}

TEST_CASE("a service renamed in the hall's configuration shows on the kiosk without a restart")
{
    test::ControllerProcess controller;
    Kiosk k(controller, 0, kPatient);
    k.tap("startButton");
    k.tap("department_hukou");
    REQUIRE(k.reaches(Screen::Services));
    const auto title = [&] {
        QQuickItem* tile = k.item("service_id-card");
        return tile ? tile->property("title").toString() : QString();
    };
    REQUIRE(title() == QStringLiteral("居民身份证申领"));

    test::HttpConnection http = controller.connection();
    const QString admin = controller.token(QStringLiteral("admin"));
    const QJsonObject config =
        http.send("GET", QStringLiteral("/api/v1/hall/config"), admin).json();
    QJsonObject hall = config.value(QStringLiteral("hall")).toObject();
    QJsonArray services = hall.value(QStringLiteral("services")).toArray();
    QJsonObject idCard = services.at(0).toObject();
    idCard.insert(QStringLiteral("name"),
                  QJsonObject{{QStringLiteral("zh"), QStringLiteral("身份证申领与换领")},
                              {QStringLiteral("en"), QStringLiteral("ID card")}});
    services.replace(0, idCard);
    hall.insert(QStringLiteral("services"), services);
    const test::HttpResponse changed =
        http.send("POST", QStringLiteral("/api/v1/hall/config"), admin,
                  QJsonDocument(QJsonObject{{QStringLiteral("version"),
                                             config.value(QStringLiteral("version"))},
                                            {QStringLiteral("hall"), hall}})
                      .toJson(QJsonDocument::Compact));
    REQUIRE(changed.status == 200);
    CHECK(test::waitUntil([&] { return title() == QStringLiteral("身份证申领与换领"); }, 10'000));
    CHECK(k.controllerUi->screen() == Screen::Services); // the citizen stays where he was
}

TEST_CASE("a notice for the kiosk shows on its start screen until it is withdrawn")
{
    test::ControllerProcess controller;
    Kiosk k(controller, 0, kPatient);
    REQUIRE(k.reaches(Screen::Idle));
    CHECK(k.item("noticeText") == nullptr);
    test::HttpConnection http = controller.connection();
    const QString admin = controller.token(QStringLiteral("admin"));
    const test::HttpResponse published = http.send(
        "POST", QStringLiteral("/api/v1/notices"), admin,
        R"({"zh":"今日下午二楼税务窗口系统维护","en":"Tax windows closed this afternoon","target":"kiosk",)"
        R"("startsAt":"2026-11-25T09:00:00+08:00","endsAt":"2026-11-25T18:00:00+08:00"})");
    REQUIRE(published.status == 201);
    CHECK(test::waitUntil(
        [&] {
            return k.text("noticeText")
                .startsWith(QStringLiteral("今日下午二楼税务窗口系统维护\nTax"));
        },
        10'000));
    const QString id = QString::number(published.json().value(QStringLiteral("id")).toInt());
    REQUIRE(
        http.send("POST", QStringLiteral("/api/v1/notices/%1/withdraw").arg(id), admin).status ==
        200);
    CHECK(test::waitUntil([&] { return k.item("noticeText") == nullptr; }, 10'000));
}

TEST_CASE("a citizen types a booking's code on the kiosk and gets the appointment's ticket")
{
    BookedMorning m;
    Kiosk k(m.controller, 0, kPatient);
    k.tap("appointmentButton");
    REQUIRE(k.reaches(Screen::Appointment));
    typeKeys(k, m.code.left(4));
    k.tap("appointmentSubmitButton");
    CHECK(k.controllerUi->appointmentProblem() == QStringLiteral("incomplete"));
    CHECK(k.text("appointmentProblem") == QStringLiteral("请输入完整的 10 位预约码。"));
    typeKeys(k, m.code.mid(4));
    CHECK(k.text("appointmentCodeField") == m.code);
    saveScreen(k, QStringLiteral("appointment-typed-zh.png"));
    k.tap("appointmentSubmitButton");
    REQUIRE(k.reaches(Screen::Done));
    CHECK(k.text("ticketNumber") == QStringLiteral("A001"));
    CHECK(k.text("ticketWhere") == QStringLiteral("请到 1 楼 1, 2 号窗口办理"));
    CHECK(k.controllerUi->ticket().value(QStringLiteral("appointmentAt")).toString() ==
          QStringLiteral("2026-11-26T09:30:00+08:00"));
    CHECK(QFile::exists(QDir(k.printed.path()).filePath(QStringLiteral("0001.png"))));
    // The controller holds it waiting as the booking's ticket.
    const test::HttpResponse day = m.controller.connection().send(
        "GET", QStringLiteral("/api/v1/appointments"), m.controller.token(QStringLiteral("admin")));
    const QJsonObject listed = day.json();
    CHECK(listed[QStringLiteral("counts")][QStringLiteral("checked_in")].toInt() == 1);
    CHECK(listed[QStringLiteral("appointments")][0][QStringLiteral("ticket")].toString() ==
          QStringLiteral("A001"));
}

TEST_CASE("a USB scanner's keystrokes check a booking in, with no text field focused")
{
    BookedMorning m;
    Kiosk k(m.controller, 0, kPatient);
    kiosk::KeyboardScanner scanner;
    QCoreApplication::instance()->installEventFilter(&scanner);
    QObject::connect(&scanner, &kiosk::KeyboardScanner::scanned, k.controllerUi.get(),
                     &kiosk::KioskController::scanned);
    k.tap("startButton"); // a citizen somewhere else in the kiosk, no field focused
    REQUIRE(k.reaches(Screen::Departments));
    scan(k, m.code);
    REQUIRE(k.reaches(Screen::Done));
    CHECK(k.controllerUi->ticket().value(QStringLiteral("appointmentAt")).toString() ==
          QStringLiteral("2026-11-26T09:30:00+08:00"));
    // Something that is no booking's code (a ticket's status QR, say) is told so.
    k.controllerUi->finish();
    scan(k, QStringLiteral("http://hall.local:8470/t/ABCD2345"));
    REQUIRE(k.reaches(Screen::Appointment));
    CHECK(k.controllerUi->appointmentProblem() == QStringLiteral("unreadable"));
    QCoreApplication::instance()->removeEventFilter(&scanner);
}

TEST_CASE("a serial scanner on a pty checks a booking in, and one plugged in later too")
{
    BookedMorning m;
    const QString second = bookSlot(m.controller, QStringLiteral("id-card"),
                                    "2026-11-26T09:30:00+08:00", QStringLiteral("13912345678"));
    Kiosk k(m.controller, 0, kPatient);
    test::FakePort port;
    port.unplug(); // not there when the kiosk starts
    kiosk::SerialScanner scanner(port.path(), 9600);
    QObject::connect(&scanner, &kiosk::SerialScanner::scanned, k.controllerUi.get(),
                     &kiosk::KioskController::scanned);
    port.plug();
    QTest::qWait(kiosk::SerialScanner::kReopenMs + 500);
    port.write(m.code.toLatin1() + "\r\n");
    REQUIRE(k.reaches(Screen::Done));
    CHECK(k.text("ticketNumber") == QStringLiteral("A001"));
    k.controllerUi->finish();
    port.write("QH" + second.toLatin1() + "\r"); // a scanner set to add a prefix, CR only
    REQUIRE(test::waitUntil([&] {
        return k.controllerUi->screen() == Screen::Done &&
               k.controllerUi->ticket().value(QStringLiteral("number")).toString() ==
                   QStringLiteral("A002");
    }));
}

TEST_CASE("each check-in rule shows its message on the kiosk, in zh and en")
{
    test::ControllerProcess controller(
        test::sourcePath(QStringLiteral("tests/data/small-hall.json")), "2026-11-26 09:20");
    const QString onTime =
        bookSlot(controller, QStringLiteral("id-card"), "2026-11-26T09:30:00+08:00");
    const QString later =
        bookSlot(controller, QStringLiteral("id-card"), "2026-11-26T11:00:00+08:00");
    const QString tomorrow = bookSlot(controller, QStringLiteral("id-card"),
                                      "2026-11-27T10:00:00+08:00", QStringLiteral("13912345678"));
    const QString cancelled = bookSlot(controller, QStringLiteral("id-card"),
                                       "2026-11-26T14:00:00+08:00", QStringLiteral("13912345678"));
    REQUIRE(controller.connection()
                .send("POST", QStringLiteral("/api/v1/appointments/cancel"), {},
                      QJsonDocument(
                          QJsonObject{{QStringLiteral("code"), cancelled},
                                      {QStringLiteral("phone"), QStringLiteral("13912345678")}})
                          .toJson())
                .status == 200);
    {
        Kiosk k(controller, 0, kPatient);
        CHECK(checkInProblem(k, QStringLiteral("1234567890")) == QStringLiteral("not_found"));
        CHECK(k.text("appointmentProblem") ==
              QStringLiteral("没有找到这个预约码，请核对后重试，或到咨询台询问。"));
        CHECK(checkInProblem(k, later) == QStringLiteral("too_early"));
        CHECK(k.text("appointmentProblem") ==
              QStringLiteral("您预约的时间是 11:00，请在 10:30 以后再来取号。"));
        CHECK(k.text("appointmentService") == QStringLiteral("居民身份证申领"));
        saveScreen(k, QStringLiteral("appointment-too-early-zh.png"));
        k.tap("languageButton");
        CHECK(k.text("appointmentProblem") ==
              QStringLiteral(
                  "Your booking is at 11:00. Please come back from 10:30 to take your number."));
        saveScreen(k, QStringLiteral("appointment-too-early-en.png"));
        k.controllerUi->finish();
        CHECK(checkInProblem(k, tomorrow) == QStringLiteral("other_day"));
        CHECK(k.text("appointmentProblem") ==
              QStringLiteral("此预约是 2026-11-27 10:00 的，不是今天。"));
        CHECK(checkInProblem(k, cancelled) == QStringLiteral("cancelled"));
        CHECK(k.text("appointmentProblem") == QStringLiteral("此预约已取消。"));
        CHECK(checkInProblem(k, onTime).isEmpty());
        REQUIRE(k.reaches(Screen::Done));
        k.controllerUi->finish();
        CHECK(checkInProblem(k, onTime) == QStringLiteral("already_checked_in"));
        CHECK(k.text("appointmentProblem") == QStringLiteral("此预约已经取过号：A001。"));
        CHECK(k.item("walkInButton") == nullptr);
    }

    // Past the grace: the booking lapsed (a no-show), and a walk-in ticket is offered.
    controller.stop();
    controller.startAt("2026-11-26 11:20");
    {
        Kiosk k(controller, 0, kPatient);
        CHECK(checkInProblem(k, later) == QStringLiteral("too_late"));
        CHECK(k.text("appointmentProblem") ==
              QStringLiteral("您 11:00 的预约已过保留时间而失效，可以改取现场号。"));
        saveScreen(k, QStringLiteral("appointment-too-late-zh.png"));
        k.tap("walkInButton");
        REQUIRE(k.reaches(Screen::Guide));
        CHECK(k.controllerUi->service().value(QStringLiteral("id")).toString() ==
              QStringLiteral("id-card"));
        k.tap("takeTicketButton");
        REQUIRE(k.reaches(Screen::Done));
        CHECK_FALSE(k.controllerUi->ticket().contains(QStringLiteral("appointmentAt")));
    }

    // The holiday session's windows changed once the booked slot had begun (a booking still to
    // come would be cancelled and texted): the service is not served.
    controller.stop();
    QString wrongService;
    {
        db::Database database(controller.dbPath());
        db::Store store(database);
        engine::ManualClock clock(test::shanghai("2026-12-28 10:00"));
        service::HallService hall(store, clock);
        const engine::Actor admin{QStringLiteral("tester"), QStringLiteral("test")};
        wrongService = hall.book(QStringLiteral("id-card"), test::shanghai("2027-01-02 09:30"),
                                 QStringLiteral("13700000000"), QStringLiteral("zh"), admin)
                           .code;
        clock.set(test::shanghai("2027-01-02 09:31"));
        QByteArray source = store.hallSource();
        source.replace(R"("windows": [1])", R"("windows": [3])");
        REQUIRE(source.contains(R"("windows": [3])"));
        hall.changeHall(db::parseHallConfig(source), source, {}, admin);
    }
    controller.startAt("2027-01-02 09:35");
    {
        Kiosk k(controller, 0, kPatient);
        CHECK(checkInProblem(k, wrongService) == QStringLiteral("wrong_service"));
        CHECK(k.text("appointmentProblem") ==
              QStringLiteral("预约的事项今天不办理，请到咨询台询问。"));
    }
}
