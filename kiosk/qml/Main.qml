// The kiosk window: one screen at a time, as the kiosk controller says.
import QtQuick
import QtQuick.Layouts
import Queuehall.Backend

Window {
    id: window
    visible: true
    color: theme.background
    title: "queuehall"

    Theme {
        id: theme
        elderly: kiosk.elderly
    }

    function zh(nameZh, nameEn) { return kiosk.language === "zh" ? nameZh : nameEn }
    function waitText(minutes) {
        return minutes < 0 ? qsTr("no window open")
                           : minutes < 1 ? qsTr("called very soon") : qsTr("about %1 min").arg(minutes)
    }

    // Any touch keeps the kiosk from going back to the start screen.
    TapHandler { onTapped: kiosk.touched() }

    Rectangle {
        objectName: "staffNotice"
        visible: kiosk.staffNotice.length > 0
        anchors.bottom: parent.bottom
        width: parent.width
        height: 56
        color: theme.warning
        z: 10
        KioskText {
            anchors.centerIn: parent
            text: kiosk.staffNotice
            color: "white"
            font.pixelSize: theme.small
        }
    }

    // Idle
    Item {
        objectName: "idleScreen"
        anchors.fill: parent
        visible: kiosk.screen === KioskController.Idle
        // The whole screen takes the touch, not only its button.
        TapHandler { onTapped: kiosk.start() }
        Column {
            anchors.centerIn: parent
            spacing: 40
            width: parent.width * 0.8
            KioskText {
                width: parent.width
                horizontalAlignment: Text.AlignHCenter
                text: kiosk.hallName
                font.pixelSize: theme.large
                font.bold: true
            }
            // The hall's notice (公告), while one is shown.
            KioskText {
                objectName: "noticeText"
                width: parent.width
                visible: kiosk.notice !== ""
                horizontalAlignment: Text.AlignHCenter
                wrapMode: Text.Wrap
                text: kiosk.notice
                color: theme.accent
                font.pixelSize: theme.normal
            }
            BigButton {
                objectName: "startButton"
                width: parent.width
                primary: true
                title: qsTr("Touch to take a number")
                subtitle: kiosk.language === "zh" ? "Touch to take a number" : "请触摸屏幕取号"
                onTapped: kiosk.start()
            }
            BigButton {
                objectName: "appointmentButton"
                width: parent.width
                title: qsTr("Appointment check-in")
                subtitle: kiosk.language === "zh" ? "Appointment check-in" : "预约取号"
                onTapped: kiosk.checkInAppointment()
            }
            BigButton {
                objectName: "caseLookupButton"
                width: parent.width
                title: qsTr("Look up a case")
                subtitle: kiosk.language === "zh" ? "Look up a case" : "查询办件"
                onTapped: kiosk.lookUpCase()
            }
        }
    }

    // The keypad is open while a citizen types a search; a new citizen starts with it closed.
    property bool keypadOpen: false
    readonly property bool searching: keypadOpen && (kiosk.screen === KioskController.Departments
                                                    || kiosk.screen === KioskController.Services)
    Connections {
        target: kiosk
        function onScreenChanged() {
            if (kiosk.screen === KioskController.Idle)
                window.keypadOpen = false
        }
    }

    FontMetrics {
        id: tileTitleMetrics
        font.family: theme.font
        font.pixelSize: theme.normal
        font.bold: true
    }
    FontMetrics {
        id: tileSubtitleMetrics
        font.family: theme.font
        font.pixelSize: theme.small
    }

    // Departments, grouped by floor
    ColumnLayout {
        objectName: "departmentsScreen"
        anchors.fill: parent
        anchors.bottomMargin: window.searching ? keypad.height : 0
        visible: kiosk.screen === KioskController.Departments
        spacing: 16
        TopBar { Layout.fillWidth: true }
        InputField {
            objectName: "searchField"
            Layout.fillWidth: true
            Layout.margins: 16
            text: kiosk.searchText
            placeholder: qsTr("Search: pinyin initials or pinyin, e.g. ldht, laodong")
            name: qsTr("Search services")
            active: window.searching
            onOpened: window.keypadOpen = true
        }
        GridView {
            id: departmentGrid
            objectName: "departmentGrid"
            Layout.fillWidth: true
            Layout.fillHeight: true
            Layout.margins: 16
            clip: true
            // Fewer, wider tiles in large text; each holds a name (two lines, three for the
            // longer English names) and a line of counts.
            readonly property int titleLines: kiosk.language === "en" ? 3 : 2
            cellWidth: width / ((window.width > window.height ? 4 : 3) - (kiosk.elderly ? 1 : 0))
            cellHeight: Math.ceil(16 + 36 + 6 + titleLines * tileTitleMetrics.lineSpacing
                                  + tileSubtitleMetrics.lineSpacing)
            model: kiosk.departments
            delegate: Item {
                width: GridView.view.cellWidth
                height: GridView.view.cellHeight
                BigButton {
                    objectName: "department_" + departmentId
                    anchors.fill: parent
                    anchors.margins: 8
                    enabled: open
                    titleLines: departmentGrid.titleLines
                    title: window.zh(nameZh, nameEn)
                    subtitle: qsTr("Floor %1 · %2 waiting").arg(floor).arg(waiting)
                    onTapped: kiosk.chooseDepartment(departmentId)
                }
            }
        }
    }

    // Services of a department, or search results
    ColumnLayout {
        objectName: "servicesScreen"
        anchors.fill: parent
        anchors.bottomMargin: window.searching ? keypad.height : 0
        visible: kiosk.screen === KioskController.Services
        spacing: 16
        TopBar { Layout.fillWidth: true }
        InputField {
            objectName: "serviceSearchField"
            Layout.fillWidth: true
            Layout.margins: 16
            text: kiosk.searchText
            placeholder: qsTr("Search: pinyin initials or pinyin, e.g. ldht, laodong")
            name: qsTr("Search services")
            active: window.searching
            onOpened: window.keypadOpen = true
        }
        KioskText {
            objectName: "departmentHeading"
            visible: kiosk.departmentName.length > 0
            Layout.fillWidth: true
            Layout.leftMargin: 16
            Layout.rightMargin: 16
            text: kiosk.departmentName
            font.pixelSize: theme.large
            font.bold: true
        }
        KioskText {
            objectName: "noServiceMatches"
            visible: kiosk.services.count === 0
            Layout.fillWidth: true
            Layout.margins: 16
            text: qsTr("No service matches")
            color: theme.muted
        }
        ListView {
            objectName: "serviceList"
            Layout.fillWidth: true
            Layout.fillHeight: true
            Layout.margins: 16
            clip: true
            spacing: 12
            model: kiosk.services
            delegate: BigButton {
                objectName: "service_" + serviceId
                width: ListView.view.width
                enabled: open
                title: window.zh(nameZh, nameEn)
                subtitle: qsTr("Floor %1, windows %2 · %3 waiting, %4").arg(floor).arg(windows)
                          .arg(waiting).arg(window.waitText(waitMinutes))
                onTapped: kiosk.chooseService(serviceId)
            }
        }
    }

    Keypad {
        id: keypad
        objectName: "keypad"
        visible: window.searching
        anchors.bottom: parent.bottom
        width: parent.width
        height: implicitHeight
        onTyped: (key) => kiosk.search(kiosk.searchText + key.toLowerCase())
        onErased: kiosk.search(kiosk.searchText.slice(0, -1))
        onCleared: kiosk.search("")
        onClosed: window.keypadOpen = false
    }

    // The service guide, and the button that takes the ticket
    ColumnLayout {
        objectName: "guideScreen"
        anchors.fill: parent
        visible: kiosk.screen === KioskController.Guide
        spacing: 20
        TopBar { Layout.fillWidth: true }
        KioskText {
            Layout.fillWidth: true
            Layout.margins: 24
            text: window.zh(kiosk.service.nameZh || "", kiosk.service.nameEn || "")
            font.pixelSize: theme.large
            font.bold: true
        }
        KioskText {
            Layout.fillWidth: true
            Layout.leftMargin: 24
            text: qsTr("Floor %1, windows %2 · legal time limit %3 working days")
                  .arg(kiosk.service.floor).arg(kiosk.service.windows).arg(kiosk.service.timeLimitDays)
            color: theme.muted
            font.pixelSize: theme.small
        }
        KioskText {
            Layout.leftMargin: 24
            text: qsTr("Please bring:")
        }
        Repeater {
            model: kiosk.service.materials || []
            KioskText {
                Layout.leftMargin: 48
                Layout.fillWidth: true
                text: "• " + modelData
            }
        }
        Item { Layout.fillHeight: true }
        BigButton {
            objectName: "takeTicketButton"
            Layout.fillWidth: true
            Layout.margins: 24
            primary: true
            title: qsTr("Take a ticket")
            subtitle: qsTr("%1 waiting, %2").arg(kiosk.service.waiting).arg(window.waitText(kiosk.service.waitMinutes))
            onTapped: kiosk.takeTicket()
        }
        BigButton {
            objectName: "smsTicketButton"
            visible: kiosk.smsOffered
            Layout.fillWidth: true
            Layout.leftMargin: 24
            Layout.rightMargin: 24
            Layout.bottomMargin: 24
            title: qsTr("Take a ticket with SMS updates")
            subtitle: qsTr("Your number, your turn and your case's progress by text message")
            onTapped: kiosk.askPhone()
        }
    }

    // The phone entry: optional, for the SMS updates; nothing is kept past the visit's messages
    ColumnLayout {
        objectName: "phoneScreen"
        anchors.fill: parent
        anchors.bottomMargin: phoneKeypad.height
        visible: kiosk.screen === KioskController.Phone
        spacing: 16
        TopBar { Layout.fillWidth: true }
        KioskText {
            Layout.fillWidth: true
            Layout.margins: 24
            text: qsTr("Your mobile number")
            font.pixelSize: theme.large
            font.bold: true
        }
        InputField {
            objectName: "phoneField"
            Layout.fillWidth: true
            Layout.leftMargin: 24
            Layout.rightMargin: 24
            text: kiosk.phone
            placeholder: qsTr("11 digits, e.g. 138 0013 8000")
            name: qsTr("Mobile number")
            active: true
        }
        KioskText {
            objectName: "phoneProblem"
            visible: kiosk.phone.length === 11 && !kiosk.phoneValid
            Layout.fillWidth: true
            Layout.leftMargin: 24
            Layout.rightMargin: 24
            color: theme.warning
            text: qsTr("This is not a mainland mobile number.")
        }
        KioskText {
            objectName: "phoneConsent"
            Layout.fillWidth: true
            Layout.leftMargin: 24
            Layout.rightMargin: 24
            text: qsTr("Used only for free text messages about this visit and erased after 30 days. Reply TD to stop them.")
            color: theme.muted
            font.pixelSize: theme.small
        }
        Item { Layout.fillHeight: true }
        BigButton {
            objectName: "phoneTicketButton"
            Layout.fillWidth: true
            Layout.leftMargin: 24
            Layout.rightMargin: 24
            primary: true
            enabled: kiosk.phoneValid
            title: qsTr("Take the ticket")
            onTapped: kiosk.takeTicket()
        }
        BigButton {
            objectName: "phoneSkipButton"
            Layout.fillWidth: true
            Layout.margins: 24
            title: qsTr("No SMS, just the ticket")
            onTapped: { kiosk.back(); kiosk.takeTicket() }
        }
    }
    Keypad {
        id: phoneKeypad
        objectName: "phoneKeypad"
        visible: kiosk.screen === KioskController.Phone
        digitsOnly: true
        closable: false
        anchors.bottom: parent.bottom
        width: parent.width
        height: visible ? implicitHeight : 0
        onTyped: (key) => kiosk.typePhone(key)
        onErased: kiosk.erasePhone()
        onCleared: kiosk.clearPhone()
    }

    // Printing
    KioskText {
        objectName: "printingScreen"
        anchors.centerIn: parent
        visible: kiosk.screen === KioskController.Printing
        text: qsTr("Printing your ticket…")
        font.pixelSize: theme.large
    }

    // Done: the number, where to go, how long
    Column {
        objectName: "doneScreen"
        anchors.centerIn: parent
        width: parent.width * 0.85
        spacing: 24
        visible: kiosk.screen === KioskController.Done
        KioskText {
            width: parent.width
            horizontalAlignment: Text.AlignHCenter
            text: qsTr("Your number")
            color: theme.muted
        }
        KioskText {
            objectName: "ticketNumber"
            width: parent.width
            horizontalAlignment: Text.AlignHCenter
            text: kiosk.ticket.number || ""
            color: theme.accent
            font.pixelSize: theme.huge
            font.bold: true
        }
        KioskText {
            objectName: "ticketWhere"
            width: parent.width
            horizontalAlignment: Text.AlignHCenter
            text: qsTr("Floor %1, windows %2").arg(kiosk.ticket.floor).arg(kiosk.ticket.windows)
            font.pixelSize: theme.large
        }
        KioskText {
            objectName: "ticketAhead"
            width: parent.width
            horizontalAlignment: Text.AlignHCenter
            text: qsTr("%1 ahead of you, %2").arg(kiosk.ticket.ahead)
                  .arg(window.waitText(kiosk.ticket.estimatedWaitSeconds === undefined || kiosk.ticket.estimatedWaitSeconds === null
                                        ? -1 : Math.round(kiosk.ticket.estimatedWaitSeconds / 60)))
        }
        KioskText {
            objectName: "ticketSms"
            visible: kiosk.phoneMasked.length > 0
            width: parent.width
            horizontalAlignment: Text.AlignHCenter
            text: qsTr("Text messages go to %1").arg(kiosk.phoneMasked)
            color: theme.muted
        }
        BigButton {
            objectName: "doneButton"
            width: parent.width
            primary: true
            title: qsTr("Done")
            onTapped: kiosk.finish()
        }
    }

    // Case lookup: the serial number and the password from the window, typed on the keypad
    ColumnLayout {
        objectName: "caseLookupScreen"
        anchors.fill: parent
        anchors.bottomMargin: caseKeypad.height
        visible: kiosk.screen === KioskController.CaseLookup
        spacing: 16
        TopBar { Layout.fillWidth: true }
        KioskText {
            Layout.fillWidth: true
            Layout.margins: 24
            text: qsTr("Look up a case")
            font.pixelSize: theme.large
            font.bold: true
        }
        KioskText {
            Layout.fillWidth: true
            Layout.leftMargin: 24
            Layout.rightMargin: 24
            text: qsTr("Type the serial number and the 6-digit password you were given at the window.")
            color: theme.muted
            font.pixelSize: theme.small
        }
        InputField {
            objectName: "caseSerialField"
            Layout.fillWidth: true
            Layout.leftMargin: 24
            Layout.rightMargin: 24
            text: kiosk.caseSerial
            placeholder: qsTr("Serial number, e.g. SHIZHONG-20261202-000017")
            name: qsTr("Serial number")
            active: kiosk.caseField === "serial"
            onOpened: kiosk.chooseCaseField("serial")
        }
        InputField {
            objectName: "casePasswordField"
            Layout.fillWidth: true
            Layout.leftMargin: 24
            Layout.rightMargin: 24
            text: "●".repeat(kiosk.casePasswordLength)
            placeholder: qsTr("Password, 6 digits")
            name: qsTr("Password")
            active: kiosk.caseField === "password"
            onOpened: kiosk.chooseCaseField("password")
        }
        KioskText {
            objectName: "caseProblem"
            visible: kiosk.caseProblem.length > 0
            Layout.fillWidth: true
            Layout.leftMargin: 24
            Layout.rightMargin: 24
            color: theme.warning
            text: kiosk.caseProblem === "incomplete" ? qsTr("Please type the serial number and all 6 digits of the password.")
                : kiosk.caseProblem === "locked" ? qsTr("Too many wrong passwords: please try again later or ask at the information desk.")
                : kiosk.caseProblem === "unreachable" ? qsTr("The lookup is not available now: please ask at the information desk.")
                : qsTr("The serial number or the password is wrong.")
        }
        Item { Layout.fillHeight: true }
        BigButton {
            objectName: "caseSubmitButton"
            Layout.fillWidth: true
            Layout.margins: 24
            primary: true
            title: qsTr("Look up")
            onTapped: kiosk.submitCase()
        }
    }
    Keypad {
        id: caseKeypad
        objectName: "caseKeypad"
        visible: kiosk.screen === KioskController.CaseLookup
        dashKey: true
        closable: false
        anchors.bottom: parent.bottom
        width: parent.width
        height: visible ? implicitHeight : 0
        onTyped: (key) => kiosk.typeCase(key)
        onErased: kiosk.eraseCase()
        onCleared: kiosk.clearCase()
    }

    // The case found: its state, service, days and steps; no one's name or number
    ColumnLayout {
        id: caseFoundScreen
        objectName: "caseFoundScreen"
        anchors.fill: parent
        visible: kiosk.screen === KioskController.CaseFound
        spacing: 16
        readonly property var found: kiosk.caseFound
        function stateText(state) {
            switch (state) {
            case "accepted": return qsTr("In progress")
            case "suspended": return qsTr("Waiting for your documents")
            case "completed": return qsTr("Completed")
            case "returned": return qsTr("Not accepted")
            case "withdrawn": return qsTr("Withdrawn")
            default: return state || ""
            }
        }
        function stepText(step) {
            switch (step) {
            case "accepted": return qsTr("Accepted")
            case "suspended": return qsTr("Documents requested")
            case "resumed": return qsTr("Documents received")
            case "completed": return qsTr("Completed")
            case "returned": return qsTr("Returned")
            case "withdrawn": return qsTr("Withdrawn")
            default: return step
            }
        }
        TopBar { Layout.fillWidth: true }
        KioskText {
            objectName: "caseSerial"
            Layout.fillWidth: true
            Layout.leftMargin: 24
            Layout.topMargin: 24
            text: caseFoundScreen.found.serial || ""
            color: theme.muted
        }
        KioskText {
            objectName: "caseState"
            Layout.fillWidth: true
            Layout.leftMargin: 24
            text: caseFoundScreen.stateText(caseFoundScreen.found.state)
                  + (caseFoundScreen.found.result === "approved" ? " · " + qsTr("approved")
                     : caseFoundScreen.found.result === "not_approved" ? " · " + qsTr("not approved") : "")
            color: theme.accent
            font.pixelSize: theme.large
            font.bold: true
        }
        KioskText {
            objectName: "caseService"
            Layout.fillWidth: true
            Layout.leftMargin: 24
            Layout.rightMargin: 24
            text: caseFoundScreen.found.serviceName ? window.zh(caseFoundScreen.found.serviceName.zh, caseFoundScreen.found.serviceName.en) : ""
        }
        KioskText {
            objectName: "caseDue"
            Layout.fillWidth: true
            Layout.leftMargin: 24
            Layout.rightMargin: 24
            text: qsTr("Accepted %1 at window %2, floor %3 · due %4").arg(caseFoundScreen.found.acceptedOn)
                  .arg(caseFoundScreen.found.window).arg(caseFoundScreen.found.floor).arg(caseFoundScreen.found.dueOn)
                  + (caseFoundScreen.found.state === "suspended" ? " " + qsTr("(the clock stops until your documents arrive)") : "")
        }
        KioskText {
            visible: !!caseFoundScreen.found.reason
            Layout.fillWidth: true
            Layout.leftMargin: 24
            Layout.rightMargin: 24
            text: caseFoundScreen.found.reason || ""
            color: theme.muted
        }
        Repeater {
            model: caseFoundScreen.found.steps || []
            KioskText {
                required property var modelData
                Layout.fillWidth: true
                Layout.leftMargin: 48
                Layout.rightMargin: 24
                font.pixelSize: theme.small
                text: qsTr("%1 · %2 · window %3").arg(modelData.at.slice(0, 10))
                      .arg(caseFoundScreen.stepText(modelData.step)).arg(modelData.window)
            }
        }
        Item { Layout.fillHeight: true }
        BigButton {
            objectName: "caseDoneButton"
            Layout.fillWidth: true
            Layout.margins: 24
            primary: true
            title: qsTr("Done")
            onTapped: kiosk.finish()
        }
    }

    // A booking's check-in (预约取号): its code typed on the keypad, or its QR code scanned
    ColumnLayout {
        id: appointmentScreen
        objectName: "appointmentScreen"
        anchors.fill: parent
        // The keypad below in portrait, beside the screen's content in landscape.
        anchors.bottomMargin: appointmentKeypad.beside ? 0 : appointmentKeypad.height
        anchors.rightMargin: appointmentKeypad.beside ? appointmentKeypad.width : 0
        visible: kiosk.screen === KioskController.Appointment
        spacing: 16
        readonly property var info: kiosk.appointmentInfo
        function time(iso) { return iso ? iso.slice(11, 16) : "" }
        function problemText(problem) {
            const start = time(info.start)
            switch (problem) {
            case "incomplete": return qsTr("Please type all 10 digits of your booking's code.")
            case "unreadable": return qsTr("This code is not a booking's code. Please scan the code from your booking, or type it.")
            case "not_found": return qsTr("No booking has this code. Please check it, or ask at the information desk.")
            case "too_early": return qsTr("Your booking is at %1. Please come back from %2 to take your number.").arg(start).arg(time(info.checkInFrom))
            case "too_late": return qsTr("Your booking at %1 has lapsed: you are past its grace period. You can take a walk-in ticket instead.").arg(start)
            case "already_checked_in": return qsTr("This booking has its ticket already: %1.").arg(info.ticket || "")
            case "cancelled": return qsTr("This booking was cancelled.")
            case "other_day": return qsTr("This booking is for %1 at %2, not today.").arg(info.day || "").arg(start)
            case "wrong_service": return qsTr("The booked service is not served today. Please ask at the information desk.")
            default: return qsTr("Check-in is not available now: please ask at the information desk.")
            }
        }
        TopBar { Layout.fillWidth: true }
        KioskText {
            Layout.fillWidth: true
            Layout.margins: 24
            text: qsTr("Appointment check-in")
            font.pixelSize: theme.large
            font.bold: true
        }
        KioskText {
            Layout.fillWidth: true
            Layout.leftMargin: 24
            Layout.rightMargin: 24
            text: qsTr("Type the 10-digit code of your booking, or hold its QR code under the scanner.")
            color: theme.muted
            font.pixelSize: theme.small
        }
        InputField {
            objectName: "appointmentCodeField"
            Layout.fillWidth: true
            Layout.leftMargin: 24
            Layout.rightMargin: 24
            text: kiosk.appointmentCode
            placeholder: qsTr("Booking code, 10 digits")
            name: qsTr("Booking code")
            active: true
        }
        KioskText {
            objectName: "appointmentProblem"
            visible: kiosk.appointmentProblem.length > 0
            Layout.fillWidth: true
            Layout.leftMargin: 24
            Layout.rightMargin: 24
            color: theme.warning
            text: appointmentScreen.problemText(kiosk.appointmentProblem)
        }
        KioskText {
            objectName: "appointmentService"
            visible: !!appointmentScreen.info.serviceName
            Layout.fillWidth: true
            Layout.leftMargin: 24
            Layout.rightMargin: 24
            color: theme.muted
            text: appointmentScreen.info.serviceName
                  ? window.zh(appointmentScreen.info.serviceName.zh, appointmentScreen.info.serviceName.en) : ""
        }
        Item { Layout.fillHeight: true }
        BigButton {
            objectName: "walkInButton"
            visible: kiosk.appointmentProblem === "too_late"
            Layout.fillWidth: true
            Layout.leftMargin: 24
            Layout.rightMargin: 24
            title: qsTr("Take a walk-in ticket")
            onTapped: kiosk.takeWalkIn()
        }
        BigButton {
            objectName: "appointmentSubmitButton"
            Layout.fillWidth: true
            Layout.margins: 24
            primary: true
            title: qsTr("Take my number")
            onTapped: kiosk.submitAppointment()
        }
    }
    Keypad {
        id: appointmentKeypad
        objectName: "appointmentKeypad"
        readonly property bool beside: window.width > window.height
        visible: kiosk.screen === KioskController.Appointment
        digitsOnly: true
        closable: false
        anchors.bottom: parent.bottom
        anchors.right: parent.right
        width: beside ? parent.width * 0.4 : parent.width
        height: visible ? implicitHeight : 0
        onTyped: (key) => kiosk.typeAppointment(key)
        onErased: kiosk.eraseAppointment()
        onCleared: kiosk.clearAppointment()
    }

    // Paused: nothing can be issued now
    Column {
        objectName: "pausedScreen"
        anchors.centerIn: parent
        width: parent.width * 0.85
        spacing: 24
        visible: kiosk.screen === KioskController.Paused
        KioskText {
            width: parent.width
            horizontalAlignment: Text.AlignHCenter
            text: "取号暂停，请到咨询台\nTicketing paused, please go to the information desk"
            color: theme.warning
            font.pixelSize: theme.large
            font.bold: true
        }
        KioskText {
            objectName: "pausedReason"
            width: parent.width
            horizontalAlignment: Text.AlignHCenter
            text: kiosk.pausedReason
            color: theme.muted
            font.pixelSize: theme.small
        }
    }
}
