// The kiosk's flow: idle → departments → services → guide (→ phone, when the hall texts) →
// printing → done, and the paused state when the printer or the controller cannot serve;
// idle → case lookup → the case found; idle (or a scan anywhere) → a booking's check-in →
// printing → done. QML only shows what this says.
#pragma once

#include "catalog.h"
#include "controllerclient.h"
#include "printerworker.h"

#include <memory>

#include <QObject>
#include <QTimer>
#include <QVariantMap>

class QTranslator;

namespace qh::kiosk {

class KioskController : public QObject
{
    Q_OBJECT
    Q_PROPERTY(Screen screen READ screen NOTIFY screenChanged)
    Q_PROPERTY(QString language READ language WRITE setLanguage NOTIFY languageChanged)
    Q_PROPERTY(bool elderly READ elderly WRITE setElderly NOTIFY elderlyChanged)
    Q_PROPERTY(QString hallName READ hallName NOTIFY hallChanged)
    Q_PROPERTY(QString staffNotice READ staffNotice NOTIFY staffNoticeChanged)
    Q_PROPERTY(QString pausedReason READ pausedReason NOTIFY screenChanged)
    Q_PROPERTY(QVariantMap service READ service NOTIFY serviceChanged)
    Q_PROPERTY(QVariantMap ticket READ ticket NOTIFY ticketChanged)
    Q_PROPERTY(QString searchText READ searchText NOTIFY searchTextChanged)
    // The department whose services are shown; empty while a search's results are.
    Q_PROPERTY(QString departmentName READ departmentName NOTIFY departmentChanged)
    // The case lookup: what was typed (the password only as its length), which field the keypad
    // types into ("serial" or "password"), why the last lookup failed ("incomplete", "wrong",
    // "locked", "unreachable"; empty when it did not), and the case found.
    Q_PROPERTY(QString caseSerial READ caseSerial NOTIFY caseChanged)
    Q_PROPERTY(int casePasswordLength READ casePasswordLength NOTIFY caseChanged)
    Q_PROPERTY(QString caseField READ caseField NOTIFY caseChanged)
    Q_PROPERTY(QString caseProblem READ caseProblem NOTIFY caseChanged)
    Q_PROPERTY(QVariantMap caseFound READ caseFound NOTIFY caseChanged)
    // The phone entry for SMS: offered when the hall texts applicants; what was typed, and
    // whether it is a mainland mobile number; the number masked once the ticket is taken.
    Q_PROPERTY(bool smsOffered READ smsOffered NOTIFY hallChanged)
    // The hall's notices for the idle screen now, one a line, Chinese then English.
    Q_PROPERTY(QString notice READ notice NOTIFY hallChanged)
    Q_PROPERTY(QString phone READ phone NOTIFY phoneChanged)
    Q_PROPERTY(bool phoneValid READ phoneValid NOTIFY phoneChanged)
    Q_PROPERTY(QString phoneMasked READ phoneMasked NOTIFY phoneChanged)
    // A booking's check-in (预约取号): the code typed or scanned, why the last check-in was
    // refused ("incomplete", "unreadable" (a scan that is no booking's code), "not_found",
    // "unreachable", or the controller's code: "too_early",
    // "too_late", "already_checked_in", "cancelled", "other_day", "wrong_service"; empty when it
    // was not) and what the controller said of the booking then (service, day, start, end,
    // checkInFrom, ticket).
    Q_PROPERTY(QString appointmentCode READ appointmentCode NOTIFY appointmentChanged)
    Q_PROPERTY(QString appointmentProblem READ appointmentProblem NOTIFY appointmentChanged)
    Q_PROPERTY(QVariantMap appointmentInfo READ appointmentInfo NOTIFY appointmentChanged)
    Q_PROPERTY(DepartmentModel* departments READ departments CONSTANT)
    Q_PROPERTY(ServiceModel* services READ services CONSTANT)

public:
    enum Screen {
        Idle,
        Departments,
        Services,
        Guide,
        Phone,
        Printing,
        Done,
        Paused,
        CaseLookup,
        CaseFound,
        Appointment
    };
    Q_ENUM(Screen)

    // How long the kiosk waits before it tries again; tests make these short.
    struct Timing
    {
        int firstRecoveryMs = 2000; // paused: try again after 2 s, 4 s, 8 s ... 30 s
        int maxRecoveryMs = 30'000;
        int confirmRetryMs = 1000; // a lost answer to "printed": ask again after 1 s, 2 s, 4 s ...
        int idleMs = 60'000;       // back to the start screen when nobody touches it
        int personalIdleMs = 30'000; // sooner where a serial number and password are on screen
        int catalogRefreshMs = 3000; // waiting counts and estimates read again this often
    };

    // statusBase: where phones reach the status pages, "http://hall.local:8470".
    KioskController(std::unique_ptr<ControllerClient> client,
                    std::unique_ptr<PrinterWorker> printer, QString statusBase, Timing timing,
                    QObject* parent = nullptr);
    ~KioskController() override;

    Screen screen() const { return m_screen; }
    QString language() const { return m_language; }
    void setLanguage(const QString& language);
    bool elderly() const { return m_elderly; }
    void setElderly(bool on);
    QString hallName() const;
    QString staffNotice() const { return m_staffNotice; }
    QString pausedReason() const { return m_pausedReason; }
    QVariantMap service() const { return m_service; }
    QVariantMap ticket() const { return m_ticket; }
    QString searchText() const { return m_searchText; }
    QString departmentName() const;
    DepartmentModel* departments() { return &m_departments; }
    ServiceModel* services() { return &m_services; }
    QString caseSerial() const { return m_caseSerial; }
    int casePasswordLength() const { return int(m_casePassword.size()); }
    QString caseField() const { return m_caseField; }
    QString caseProblem() const { return m_caseProblem; }
    QVariantMap caseFound() const { return m_caseFound; }
    bool smsOffered() const { return m_smsOffered; }
    QString notice() const { return m_notice; }
    QString phone() const { return m_phone; }
    bool phoneValid() const;
    QString phoneMasked() const;
    QString appointmentCode() const { return m_appointmentCode; }
    QString appointmentProblem() const { return m_appointmentProblem; }
    QVariantMap appointmentInfo() const { return m_appointmentInfo; }

    // Loads the services and checks the printer; the kiosk starts idle or paused.
    Q_INVOKABLE void refresh();
    Q_INVOKABLE void start();
    Q_INVOKABLE void chooseDepartment(const QString& id);
    Q_INVOKABLE void search(const QString& text);
    Q_INVOKABLE void chooseService(const QString& id);
    // From the guide: a ticket without SMS. From the phone entry: with the number typed, once
    // it is a mainland mobile number.
    Q_INVOKABLE void takeTicket();
    Q_INVOKABLE void askPhone();
    Q_INVOKABLE void typePhone(const QString& key); // digits, eleven at most
    Q_INVOKABLE void erasePhone();
    Q_INVOKABLE void clearPhone();
    Q_INVOKABLE void back();
    Q_INVOKABLE void finish();
    // Any touch: the idle timer starts again.
    Q_INVOKABLE void touched();

    Q_INVOKABLE void lookUpCase();
    Q_INVOKABLE void chooseCaseField(const QString& field);
    // A key of the keypad into the chosen field: letters, digits and '-' for the serial number,
    // digits for the password (six at most).
    Q_INVOKABLE void typeCase(const QString& key);
    Q_INVOKABLE void eraseCase();
    Q_INVOKABLE void clearCase();
    Q_INVOKABLE void submitCase();

    static constexpr int kAppointmentCodeLength = 10;
    Q_INVOKABLE void checkInAppointment();                // the code entry, from the start screen
    Q_INVOKABLE void typeAppointment(const QString& key); // digits, ten at most
    Q_INVOKABLE void eraseAppointment();
    Q_INVOKABLE void clearAppointment();
    Q_INVOKABLE void submitAppointment();
    // Too late for the booking: the booked service's guide, to take a walk-in ticket.
    Q_INVOKABLE void takeWalkIn();
    // A scanner read a code (its digits are the booking's code): checked in at once, from any
    // screen but while printing or paused.
    void scanned(const QString& text);

signals:
    // The services were loaded the first time: the kiosk can be used.
    void ready();
    void screenChanged();
    void languageChanged();
    void elderlyChanged();
    void hallChanged();
    void staffNoticeChanged();
    void serviceChanged();
    void ticketChanged();
    void searchTextChanged();
    void departmentChanged();
    void caseChanged();
    void phoneChanged();
    void appointmentChanged();

private:
    void setScreen(Screen screen);
    // Neither a department nor a search is chosen any more.
    void forgetChoice();
    void pause(const QString& reason);
    // Asks the printer for its status and goes on with `next` when it may print; pauses (and says
    // why) otherwise.
    void whenPrinterReady(std::function<void()> next);
    // Reads the services and their waiting counts; a failure pauses the kiosk when `pauseOnFailure`
    // (otherwise the citizen on the way finds out at the ticket, as before).
    void loadServices(bool pauseOnFailure);
    // The chosen service as the guide shows it.
    void showService(const ServiceEntry& service);
    void issueAttempt(int attempt);
    void printIssued(const QJsonObject& ticket);
    // Tells the controller the ticket is printed, again and again while it cannot be reached:
    // the citizen holds the paper, and an unconfirmed ticket would be voided.
    void confirmAttempt(const QJsonObject& ticket, int attempt);
    // Nothing of a case lookup stays: what was typed, the answer, the problem.
    void forgetCase();
    void forgetAppointment();
    void checkInAttempt(int attempt);
    // Back on the code entry with why the check-in was refused.
    void refuseAppointment(const QString& problem, const QVariantMap& info = {});

    std::unique_ptr<ControllerClient> m_client;
    std::unique_ptr<PrinterWorker> m_printer;
    QString m_statusBase;
    Timing m_timing;
    DepartmentModel m_departments;
    ServiceModel m_services;
    Screen m_screen = Idle;
    QString m_language = QStringLiteral("zh");
    bool m_elderly = false;
    QString m_hallZh;
    QString m_hallEn;
    QString m_staffNotice;
    QString m_pausedReason;
    QVariantMap m_service;
    QVariantMap m_ticket;
    QString m_searchText;
    QString m_department;
    QString m_idempotencyKey;
    QString m_caseSerial;
    QString m_casePassword;
    QString m_caseField = QStringLiteral("serial");
    QString m_caseProblem;
    QVariantMap m_caseFound;
    bool m_smsOffered = false;
    QString m_notice;
    QString m_phone;
    QString m_appointmentCode;
    QString m_appointmentProblem;
    QVariantMap m_appointmentInfo;
    QTimer m_idle;
    QTimer m_recovery;
    QTimer m_catalogRefresh;
    int m_recoveryDelayMs = 0;
    bool m_ready = false;
    std::unique_ptr<QTranslator> m_chinese; // installed while the kiosk speaks Chinese
};

// Makes KioskController's enums known to QML as "Queuehall.Backend".
void registerQmlTypes();

} // namespace qh::kiosk
