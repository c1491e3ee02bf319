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
        Text {
            anchors.centerIn: parent
            text: kiosk.staffNotice
            color: "white"
            font.family: theme.font
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
            Text {
                width: parent.width
                horizontalAlignment: Text.AlignHCenter
                wrapMode: Text.WordWrap
                text: kiosk.hallName
                color: theme.text
                font.family: theme.font
                font.pixelSize: theme.large
                font.bold: true
            }
            BigButton {
                objectName: "startButton"
                width: parent.width
                primary: true
                title: qsTr("Touch to take a number")
                subtitle: kiosk.language === "zh" ? "Touch to take a number" : "请触摸屏幕取号"
                onTapped: kiosk.start()
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
        SearchBox {
            objectName: "searchField"
            Layout.fillWidth: true
            Layout.margins: 16
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
        SearchBox {
            objectName: "serviceSearchField"
            Layout.fillWidth: true
            Layout.margins: 16
            onOpened: window.keypadOpen = true
        }
        Text {
            objectName: "departmentHeading"
            visible: kiosk.departmentName.length > 0
            Layout.fillWidth: true
            Layout.leftMargin: 16
            Layout.rightMargin: 16
            wrapMode: Text.WordWrap
            text: kiosk.departmentName
            color: theme.text
            font.family: theme.font
            font.pixelSize: theme.large
            font.bold: true
        }
        Text {
            objectName: "noServiceMatches"
            visible: kiosk.services.count === 0
            Layout.fillWidth: true
            Layout.margins: 16
            wrapMode: Text.WordWrap
            text: qsTr("No service matches")
            color: theme.muted
            font.family: theme.font
            font.pixelSize: theme.normal
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
        Text {
            Layout.fillWidth: true
            Layout.margins: 24
            wrapMode: Text.WordWrap
            text: window.zh(kiosk.service.nameZh || "", kiosk.service.nameEn || "")
            color: theme.text
            font.family: theme.font
            font.pixelSize: theme.large
            font.bold: true
        }
        Text {
            Layout.fillWidth: true
            Layout.leftMargin: 24
            wrapMode: Text.WordWrap
            text: qsTr("Floor %1, windows %2 · legal time limit %3 working days")
                  .arg(kiosk.service.floor).arg(kiosk.service.windows).arg(kiosk.service.timeLimitDays)
            color: theme.muted
            font.family: theme.font
            font.pixelSize: theme.small
        }
        Text {
            Layout.leftMargin: 24
            text: qsTr("Please bring:")
            color: theme.text
            font.family: theme.font
            font.pixelSize: theme.normal
        }
        Repeater {
            model: kiosk.service.materials || []
            Text {
                Layout.leftMargin: 48
                Layout.fillWidth: true
                wrapMode: Text.WordWrap
                text: "• " + modelData
                color: theme.text
                font.family: theme.font
                font.pixelSize: theme.normal
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
    }

    // Printing
    Text {
        objectName: "printingScreen"
        anchors.centerIn: parent
        visible: kiosk.screen === KioskController.Printing
        text: qsTr("Printing your ticket…")
        color: theme.text
        font.family: theme.font
        font.pixelSize: theme.large
    }

    // Done: the number, where to go, how long
    Column {
        objectName: "doneScreen"
        anchors.centerIn: parent
        width: parent.width * 0.85
        spacing: 24
        visible: kiosk.screen === KioskController.Done
        Text {
            width: parent.width
            horizontalAlignment: Text.AlignHCenter
            text: qsTr("Your number")
            color: theme.muted
            font.family: theme.font
            font.pixelSize: theme.normal
        }
        Text {
            objectName: "ticketNumber"
            width: parent.width
            horizontalAlignment: Text.AlignHCenter
            text: kiosk.ticket.number || ""
            color: theme.accent
            font.family: theme.font
            font.pixelSize: theme.huge
            font.bold: true
        }
        Text {
            objectName: "ticketWhere"
            width: parent.width
            horizontalAlignment: Text.AlignHCenter
            wrapMode: Text.WordWrap
            text: qsTr("Floor %1, windows %2").arg(kiosk.ticket.floor).arg(kiosk.ticket.windows)
            color: theme.text
            font.family: theme.font
            font.pixelSize: theme.large
        }
        Text {
            objectName: "ticketAhead"
            wrapMode: Text.WordWrap
            width: parent.width
            horizontalAlignment: Text.AlignHCenter
            text: qsTr("%1 ahead of you, %2").arg(kiosk.ticket.ahead)
                  .arg(window.waitText(kiosk.ticket.estimatedWaitSeconds === undefined || kiosk.ticket.estimatedWaitSeconds === null
                                        ? -1 : Math.round(kiosk.ticket.estimatedWaitSeconds / 60)))
            color: theme.text
            font.family: theme.font
            font.pixelSize: theme.normal
        }
        BigButton {
            objectName: "doneButton"
            width: parent.width
            primary: true
            title: qsTr("Done")
            onTapped: kiosk.finish()
        }
    }

    // Paused: nothing can be issued now
    Column {
        objectName: "pausedScreen"
        anchors.centerIn: parent
        width: parent.width * 0.85
        spacing: 24
        visible: kiosk.screen === KioskController.Paused
        Text {
            width: parent.width
            horizontalAlignment: Text.AlignHCenter
            wrapMode: Text.WordWrap
            text: "取号暂停，请到咨询台\nTicketing paused, please go to the information desk"
            color: theme.warning
            font.family: theme.font
            font.pixelSize: theme.large
            font.bold: true
        }
        Text {
            objectName: "pausedReason"
            width: parent.width
            horizontalAlignment: Text.AlignHCenter
            wrapMode: Text.WordWrap
            text: kiosk.pausedReason
            color: theme.muted
            font.family: theme.font
            font.pixelSize: theme.small
        }
    }
}
