// The bar on every screen: back, the hall's name, the language switch and the elderly mode.
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
            Layout.preferredWidth: 180
            Layout.fillHeight: true
            onTapped: kiosk.back()
        }
        Text {
            Layout.fillWidth: true
            text: kiosk.hallName
            color: theme.accentText
            font.family: theme.font
            font.pixelSize: theme.normal
            font.bold: true
            elide: Text.ElideRight
            horizontalAlignment: Text.AlignHCenter
        }
        BigButton {
            objectName: "languageButton"
            title: kiosk.language === "zh" ? "English" : "中文"
            Layout.preferredWidth: 180
            Layout.fillHeight: true
            onTapped: kiosk.language = kiosk.language === "zh" ? "en" : "zh"
        }
        BigButton {
            objectName: "elderlyButton"
            title: kiosk.elderly ? qsTr("Standard") : qsTr("Large text")
            Layout.preferredWidth: 220
            Layout.fillHeight: true
            onTapped: kiosk.elderly = !kiosk.elderly
        }
    }
}
