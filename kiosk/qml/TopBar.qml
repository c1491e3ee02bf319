// The bar on every screen: back, the hall's name, the language switch and the large-text mode.
// The buttons are as wide as their labels; the hall's name takes what is left, in smaller type
// or on two lines when it must.
import QtQuick
import QtQuick.Layouts

Rectangle {
    property bool canGoBack: true
    height: Math.round(110 * theme.scale)
    color: theme.accent

    RowLayout {
        anchors.fill: parent
        anchors.margins: 16
        spacing: 16
        BigButton {
            objectName: "backButton"
            visible: canGoBack
            title: qsTr("Back")
            Layout.preferredWidth: Math.max(implicitWidth, 140)
            Layout.fillHeight: true
            onTapped: kiosk.back()
        }
        KioskText {
            objectName: "topBarHallName"
            Layout.fillWidth: true
            Layout.fillHeight: true
            text: kiosk.hallName
            color: theme.accentText
            font.bold: true
            maximumLineCount: 2
            fontSizeMode: Text.Fit
            minimumPixelSize: 16
            horizontalAlignment: Text.AlignHCenter
            verticalAlignment: Text.AlignVCenter
        }
        BigButton {
            objectName: "languageButton"
            title: kiosk.language === "zh" ? "English" : "中文"
            Layout.preferredWidth: Math.max(implicitWidth, 140)
            Layout.fillHeight: true
            onTapped: kiosk.language = kiosk.language === "zh" ? "en" : "zh"
        }
        BigButton {
            objectName: "elderlyButton"
            title: kiosk.elderly ? qsTr("Standard text") : qsTr("Large text")
            Layout.preferredWidth: Math.max(implicitWidth, 140)
            Layout.fillHeight: true
            onTapped: kiosk.elderly = !kiosk.elderly
        }
    }
}
