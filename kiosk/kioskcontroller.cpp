// The kiosk's flow: idle → departments → services → guide → printing → done, and the paused
// state when the printer or the controller cannot serve; idle → case lookup → the case found;
// a booking's check-in → printing → done. QML only shows what this says.
#include "kioskcontroller.h"

#include <cmath>

#include <QCoreApplication>
#include <QDateTime>
#include <QJsonArray>
#include <QLoggingCategory>
#include <QQmlEngine>
#include <QTranslator>
#include <QUuid>

Q_LOGGING_CATEGORY(lcKiosk, "qh.kiosk")

using namespace Qt::Literals::StringLiterals;

namespace qh::kiosk {

namespace {
constexpr int kIssueAttempts = 3;   // the same idempotency key each time
constexpr int kConfirmAttempts = 6; // 1 + 2 + 4 + 8 + 16 s: within the controller's 60 s
constexpr int kPasswordLength = 6;
constexpr int kMobileDigits = 11; // a mainland mobile number
constexpr int kMaxSerialLength = 40;
} // namespace

void registerQmlTypes()
{
    qmlRegisterUncreatableType<KioskController>(
        "Queuehall.Backend", 1, 0, "KioskController",
        u"the kiosk is given as the context property 'kiosk'"_s);
}

KioskController::KioskController(std::unique_ptr<ControllerClient> client,
                                 std::unique_ptr<PrinterWorker> printer, QString statusBase,
                                 Timing timing, QObject* parent)
    : QObject(parent)
    , m_client(std::move(client))
    , m_printer(std::move(printer))
    , m_statusBase(std::move(statusBase))
    , m_timing(timing)
{
    m_idle.setSingleShot(true);
    connect(&m_idle, &QTimer::timeout, this, [this] {
        if (m_screen != Printing && m_screen != Paused && m_screen != Idle)
            setScreen(Idle);
    });
    m_recovery.setSingleShot(true);
    connect(&m_recovery, &QTimer::timeout, this, &KioskController::refresh);
    // Counts stay current on every screen; only a kiosk nobody is using pauses when the
    // controller stops answering, so the next citizen sees it before starting.
    m_catalogRefresh.setInterval(m_timing.catalogRefreshMs);
    connect(&m_catalogRefresh, &QTimer::timeout, this, [this] {
        if (m_screen != Paused && m_screen != Printing)
            loadServices(m_screen == Idle);
    });
    // The interface's strings are English in the source; Chinese comes first on the screen.
    m_chinese = std::make_unique<QTranslator>();
    if (m_chinese->load(u":/i18n/kiosk_zh_CN.qm"_s))
        QCoreApplication::installTranslator(m_chinese.get());
    else
        qCWarning(lcKiosk) << "the Chinese translation is missing";
}

KioskController::~KioskController()
{
    QCoreApplication::removeTranslator(m_chinese.get());
}

QString KioskController::departmentName() const
{
    if (!m_searchText.trimmed().isEmpty())
        return {};
    for (const DepartmentEntry& d : m_departments.entries()) {
        if (d.id == m_department)
            return m_language == u"en"_s ? d.nameEn : d.nameZh;
    }
    return {};
}

QString KioskController::hallName() const
{
    return m_language == u"en"_s ? m_hallEn : m_hallZh;
}

void KioskController::setLanguage(const QString& language)
{
    const QString l = language == u"en"_s ? u"en"_s : u"zh"_s;
    if (l == m_language)
        return;
    m_language = l;
    if (l == u"zh"_s)
        QCoreApplication::installTranslator(m_chinese.get());
    else
        QCoreApplication::removeTranslator(m_chinese.get());
    emit languageChanged();
    emit hallChanged();
    emit departmentChanged();
    touched();
}

void KioskController::setElderly(bool on)
{
    if (on == m_elderly)
        return;
    m_elderly = on;
    emit elderlyChanged();
    touched();
}

void KioskController::setScreen(Screen screen)
{
    m_screen = screen;
    if (screen == Idle) {
        // The next citizen starts clean: nothing of the last one's search, case, language or mode.
        forgetChoice();
        forgetCase();
        forgetAppointment();
        clearPhone();
        setLanguage(u"zh"_s);
        setElderly(false);
    }
    emit screenChanged();
    touched();
}

void KioskController::forgetChoice()
{
    m_searchText.clear();
    emit searchTextChanged();
    m_department.clear();
    emit departmentChanged();
}

void KioskController::touched()
{
    if (m_screen == Idle || m_screen == Printing || m_screen == Paused)
        return m_idle.stop();
    const bool personal = m_screen == CaseLookup || m_screen == CaseFound || m_screen == Phone ||
                          m_screen == Appointment;
    m_idle.start(personal ? m_timing.personalIdleMs : m_timing.idleMs);
}

void KioskController::forgetCase()
{
    m_caseSerial.clear();
    m_casePassword.clear();
    m_caseField = u"serial"_s;
    m_caseProblem.clear();
    m_caseFound.clear();
    emit caseChanged();
}

void KioskController::lookUpCase()
{
    forgetCase();
    setScreen(CaseLookup);
}

void KioskController::chooseCaseField(const QString& field)
{
    m_caseField = field == u"password"_s ? field : u"serial"_s;
    emit caseChanged();
    touched();
}

void KioskController::typeCase(const QString& key)
{
    if (m_caseField == u"password"_s) {
        if (key.size() == 1 && key[0].isDigit() && m_casePassword.size() < kPasswordLength)
            m_casePassword += key;
        if (m_casePassword.size() == kPasswordLength)
            m_caseField = u"serial"_s; // six digits: done, the serial may still need a fix
    } else if (key.size() == 1 && (key[0].isLetterOrNumber() || key == u"-"_s) &&
               m_caseSerial.size() < kMaxSerialLength) {
        m_caseSerial += key.toUpper();
    }
    m_caseProblem.clear();
    emit caseChanged();
    touched();
}

void KioskController::eraseCase()
{
    QString& field = m_caseField == u"password"_s ? m_casePassword : m_caseSerial;
    field.chop(1);
    emit caseChanged();
    touched();
}

void KioskController::clearCase()
{
    (m_caseField == u"password"_s ? m_casePassword : m_caseSerial).clear();
    emit caseChanged();
    touched();
}

void KioskController::submitCase()
{
    if (m_screen != CaseLookup)
        return;
    const QString password = std::exchange(m_casePassword, QString()); // never kept
    if (m_caseSerial.isEmpty() || password.size() != kPasswordLength) {
        m_caseProblem = u"incomplete"_s;
        m_caseField = m_caseSerial.isEmpty() ? u"serial"_s : u"password"_s;
        emit caseChanged();
        return;
    }
    m_client->lookupCase(m_caseSerial, password, [this](const Answer& a) {
        if (m_screen != CaseLookup)
            return; // the citizen left, or the kiosk went idle, before the answer came
        m_caseProblem = a.ok()            ? QString()
                        : a.status == 404 ? u"wrong"_s
                        : a.status == 429 ? u"locked"_s
                        : a.status == 400 ? u"incomplete"_s
                                          : u"unreachable"_s; // no answer, or a failure there
        m_caseField = u"password"_s;
        if (a.ok())
            m_caseFound = a.json.toVariantMap();
        emit caseChanged();
        if (a.ok())
            setScreen(CaseFound);
    });
}

void KioskController::forgetAppointment()
{
    m_appointmentCode.clear();
    m_appointmentProblem.clear();
    m_appointmentInfo.clear();
    emit appointmentChanged();
}

void KioskController::checkInAppointment()
{
    forgetAppointment();
    setScreen(Appointment);
}

void KioskController::typeAppointment(const QString& key)
{
    if (key.size() == 1 && key[0].isDigit() && m_appointmentCode.size() < kAppointmentCodeLength)
        m_appointmentCode += key;
    m_appointmentProblem.clear();
    emit appointmentChanged();
    touched();
}

void KioskController::eraseAppointment()
{
    m_appointmentCode.chop(1);
    emit appointmentChanged();
    touched();
}

void KioskController::clearAppointment()
{
    m_appointmentCode.clear();
    emit appointmentChanged();
    touched();
}

void KioskController::scanned(const QString& text)
{
    if (m_screen == Printing || m_screen == Paused)
        return;
    QString digits;
    for (const QChar c : text) {
        if (c.isDigit())
            digits += c;
    }
    forgetAppointment();
    setScreen(Appointment);
    if (digits.size() != kAppointmentCodeLength)
        return refuseAppointment(u"unreadable"_s); // another code, or a misread
    m_appointmentCode = digits;
    emit appointmentChanged();
    submitAppointment();
}

void KioskController::submitAppointment()
{
    if (m_screen != Appointment)
        return;
    if (m_appointmentCode.size() != kAppointmentCodeLength)
        return refuseAppointment(u"incomplete"_s);
    setScreen(Printing);
    whenPrinterReady([this] { checkInAttempt(1); });
}

void KioskController::checkInAttempt(int attempt)
{
    m_client->checkIn(m_appointmentCode, m_language, [this, attempt](const Answer& a) {
        if (a.status == 0 && attempt < kIssueAttempts)
            return checkInAttempt(attempt + 1); // the same code: never a second ticket
        if (a.status == 0)
            return refuseAppointment(u"unreachable"_s);
        if (!a.ok()) {
            const QJsonObject error = a.json.value(u"error"_s).toObject();
            const QString code = error.value(u"code"_s).toString();
            return refuseAppointment(a.status == 404   ? u"not_found"_s
                                     : a.status == 400 ? u"incomplete"_s
                                     : a.status == 409 ? code
                                                       : u"unreachable"_s,
                                     error.value(u"details"_s).toObject().toVariantMap());
        }
        // The guide of the booked service gives the ticket its windows and materials.
        if (const ServiceEntry* s = m_services.find(a.json.value(u"service"_s).toString()))
            showService(*s);
        printIssued(a.json);
    });
}

void KioskController::refuseAppointment(const QString& problem, const QVariantMap& info)
{
    m_appointmentProblem = problem;
    m_appointmentInfo = info;
    emit appointmentChanged();
    if (m_screen != Appointment)
        setScreen(Appointment);
}

void KioskController::takeWalkIn()
{
    const QString service = m_appointmentInfo.value(u"service"_s).toString();
    if (m_screen != Appointment || m_appointmentProblem != u"too_late"_s ||
        !m_services.find(service))
        return;
    forgetAppointment();
    chooseService(service);
}

void KioskController::pause(const QString& reason)
{
    qCWarning(lcKiosk) << "ticketing paused:" << reason;
    m_pausedReason = reason;
    setScreen(Paused);
    m_recoveryDelayMs = m_recoveryDelayMs ? std::min(m_recoveryDelayMs * 2, m_timing.maxRecoveryMs)
                                          : m_timing.firstRecoveryMs;
    m_recovery.start(m_recoveryDelayMs);
}

void KioskController::whenPrinterReady(std::function<void()> next)
{
    m_printer->status([this, next = std::move(next)](std::optional<escpos::PrinterStatus> s,
                                                     const QString& error) {
        if (!s)
            return pause(u"printer: "_s + error);
        const QString notice = s->paperNearEnd && !s->paperEnd
                                   ? u"纸将用尽，请及时更换 Paper low: please replace the roll"_s
                                   : QString();
        if (notice != m_staffNotice) {
            m_staffNotice = notice;
            emit staffNoticeChanged();
        }
        if (s->blocksPrinting())
            return pause(u"printer: "_s + s->describe());
        next();
    });
}

void KioskController::refresh()
{
    whenPrinterReady([this] { loadServices(true); });
}

void KioskController::loadServices(bool pauseOnFailure)
{
    m_client->services([this, pauseOnFailure](const Answer& a) {
        if (!a.ok()) {
            if (pauseOnFailure)
                pause(a.error);
            return;
        }
        std::vector<DepartmentEntry> departments;
        std::vector<ServiceEntry> services;
        parseServices(a.json, departments, services);
        m_hallZh = a.json.value(u"hall"_s).toObject().value(u"zh"_s).toString();
        m_hallEn = a.json.value(u"hall"_s).toObject().value(u"en"_s).toString();
        m_smsOffered = a.json.value(u"sms"_s).toBool();
        QStringList notices;
        for (const QJsonValue n : a.json.value(u"notices"_s).toArray()) {
            const QJsonObject text = n.toObject().value(u"text"_s).toObject();
            notices << text.value(u"zh"_s).toString();
            if (!text.value(u"en"_s).toString().isEmpty())
                notices << text.value(u"en"_s).toString();
        }
        m_notice = notices.join(u'\n');
        emit hallChanged();
        m_departments.set(std::move(departments));
        if (!m_services.setAll(std::move(services))) {
            // The hall's catalogue changed: show what the citizen was looking at, anew.
            if (!m_searchText.trimmed().isEmpty())
                m_services.search(m_searchText);
            else if (!m_department.isEmpty())
                m_services.showDepartment(m_department);
        }
        if (const ServiceEntry* chosen = m_services.find(m_service.value(u"id"_s).toString()))
            showService(*chosen);
        m_recoveryDelayMs = 0;
        if (m_screen == Paused)
            setScreen(Idle);
        m_catalogRefresh.start();
        if (!std::exchange(m_ready, true))
            emit ready();
    });
}

void KioskController::start()
{
    if (m_screen != Idle)
        return; // the start screen's own buttons may lead elsewhere
    setScreen(Departments);
}

void KioskController::chooseDepartment(const QString& id)
{
    m_department = id;
    emit departmentChanged();
    m_services.showDepartment(id);
    setScreen(Services);
}

void KioskController::search(const QString& text)
{
    m_searchText = text;
    emit searchTextChanged();
    emit departmentChanged();
    if (text.trimmed().isEmpty()) {
        // An emptied search goes back to where the citizen was: a department's list, or all.
        if (m_department.isEmpty())
            return setScreen(Departments);
        m_services.showDepartment(m_department);
    } else {
        m_services.search(text);
    }
    if (m_screen != Services)
        setScreen(Services);
    touched();
}

void KioskController::chooseService(const QString& id)
{
    const ServiceEntry* s = m_services.find(id);
    if (!s)
        return;
    showService(*s);
    setScreen(Guide);
}

void KioskController::showService(const ServiceEntry& s)
{
    m_service = {{u"id"_s, s.id},
                 {u"nameZh"_s, s.nameZh},
                 {u"nameEn"_s, s.nameEn},
                 {u"floor"_s, s.floor},
                 {u"windows"_s, s.windows},
                 {u"waiting"_s, s.waiting},
                 {u"waitMinutes"_s, s.waitMinutes},
                 {u"open"_s, s.open},
                 {u"timeLimitDays"_s, s.timeLimitDays},
                 {u"materials"_s, m_language == u"en"_s ? s.materialsEn : s.materialsZh}};
    emit serviceChanged();
}

void KioskController::back()
{
    switch (m_screen) {
    case Guide:
        setScreen(Services);
        break;
    case Phone:
        clearPhone();
        setScreen(Guide);
        break;
    case Services:
        forgetChoice(); // back to every department
        setScreen(Departments);
        break;
    case Departments:
    case CaseLookup:
    case Appointment:
        setScreen(Idle);
        break;
    case CaseFound:
        lookUpCase(); // another case, from the start
        break;
    default:
        break;
    }
}

void KioskController::finish()
{
    setScreen(Idle);
}

void KioskController::takeTicket()
{
    if (m_screen == Guide)
        clearPhone();
    else if (m_screen != Phone || !phoneValid())
        return;
    m_idempotencyKey = QUuid::createUuid().toString(QUuid::WithoutBraces);
    setScreen(Printing);
    whenPrinterReady([this] { issueAttempt(1); });
}

void KioskController::askPhone()
{
    if (m_screen == Guide && m_smsOffered)
        setScreen(Phone);
}

void KioskController::typePhone(const QString& key)
{
    if (key.size() == 1 && key[0].isDigit() && m_phone.size() < kMobileDigits) {
        m_phone += key;
        emit phoneChanged();
    }
    touched();
}

void KioskController::erasePhone()
{
    m_phone.chop(1);
    emit phoneChanged();
    touched();
}

void KioskController::clearPhone()
{
    m_phone.clear();
    emit phoneChanged();
    touched();
}

bool KioskController::phoneValid() const
{
    // A mainland mobile number (the controller checks it again).
    return m_phone.size() == kMobileDigits && m_phone[0] == u'1' && m_phone[1] >= u'3';
}

QString KioskController::phoneMasked() const
{
    return phoneValid() ? m_phone.left(3) + u"****"_s + m_phone.right(4) : QString();
}

void KioskController::issueAttempt(int attempt)
{
    m_client->issue(m_service.value(u"id"_s).toString(), m_language, m_phone, m_idempotencyKey,
                    [this, attempt](const Answer& a) {
                        if (a.status == 0 && attempt < kIssueAttempts)
                            return issueAttempt(attempt + 1); // same key: never a second ticket
                        if (!a.ok())
                            return pause(a.error);
                        printIssued(a.json);
                    });
}

void KioskController::printIssued(const QJsonObject& t)
{
    escpos::TicketContent content;
    content.hallZh = m_hallZh;
    content.hallEn = m_hallEn;
    content.number = t.value(u"number"_s).toString();
    content.serviceZh = t.value(u"serviceName"_s).toObject().value(u"zh"_s).toString();
    content.serviceEn = t.value(u"serviceName"_s).toObject().value(u"en"_s).toString();
    content.floor = t.value(u"floor"_s).toInt(1);
    content.windows = m_service.value(u"windows"_s).toString();
    content.ahead = t.value(u"ahead"_s).toInt();
    if (t.value(u"estimatedWaitSeconds"_s).isDouble())
        content.waitMinutes = int(std::lround(t.value(u"estimatedWaitSeconds"_s).toDouble() / 60));
    content.issuedAt = QDateTime::fromString(t.value(u"issuedAt"_s).toString(), Qt::ISODate);
    content.statusUrl = u"%1/t/%2"_s.arg(m_statusBase, t.value(u"statusCode"_s).toString());
    content.materials = m_service.value(u"materials"_s).toStringList();
    content.lang = m_language;
    content.phoneMasked = phoneMasked();
    if (const QString at = t.value(u"appointmentAt"_s).toString(); !at.isEmpty())
        content.appointment = QDateTime::fromString(at, Qt::ISODate).toString(u"HH:mm"_s);
    m_printer->print(content, [this, t](const QString& error) {
        if (!error.isEmpty()) {
            m_client->voidTicket(t.value(u"id"_s).toInteger(), u"not printed: "_s + error,
                                 [](const Answer&) {});
            return pause(u"printer: "_s + error);
        }
        confirmAttempt(t, 1);
    });
}

void KioskController::confirmAttempt(const QJsonObject& t, int attempt)
{
    m_client->printed(t.value(u"id"_s).toInteger(), [this, t, attempt](const Answer& a) {
        if (a.status == 0 && attempt < kConfirmAttempts) {
            qCWarning(lcKiosk) << "ticket" << t.value(u"number"_s).toString()
                               << "printed, but the confirmation got no answer; asking again";
            QTimer::singleShot(m_timing.confirmRetryMs << (attempt - 1), this,
                               [this, t, attempt] { confirmAttempt(t, attempt + 1); });
            return;
        }
        if (!a.ok())
            return pause(a.error);
        m_ticket = t.toVariantMap();
        m_ticket.insert(u"windows"_s, m_service.value(u"windows"_s));
        emit ticketChanged();
        setScreen(Done);
    });
}

} // namespace qh::kiosk
