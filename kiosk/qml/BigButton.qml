// A large touch button: a title and an optional second line. It is as wide as its labels ask;
// given titleLines, the title keeps to that many lines and its type shrinks to fit them.
import QtQuick

Rectangle {
    id: button
    property alias title: titleText.text
    property alias subtitle: subtitleText.text
    property bool primary: false
    property int titleLines: 0 // 0: as many lines as the title needs
    signal tapped()

    radius: 16
    color: !enabled ? "#9aa5b1" : primary ? theme.accent : theme.panel
    border.color: theme.accent
    border.width: primary ? 0 : 3
    implicitWidth: Math.max(titleText.implicitWidth, subtitleText.visible ? subtitleText.implicitWidth : 0) + 32
    implicitHeight: column.implicitHeight + 36
    opacity: enabled ? 1 : 0.6

    Accessible.role: Accessible.Button
    Accessible.name: title
    Accessible.description: subtitle
    Accessible.onPressAction: if (enabled) button.tapped()

    FontMetrics {
        id: titleMetrics
        font: titleText.font
    }

    Column {
        id: column
        anchors.centerIn: parent
        width: parent.width - 32
        spacing: 6
        Text {
            id: titleText
            width: parent.width
            height: button.titleLines > 0 ? Math.ceil(titleMetrics.lineSpacing * button.titleLines) : implicitHeight
            horizontalAlignment: Text.AlignHCenter
            verticalAlignment: Text.AlignVCenter
            wrapMode: Text.WordWrap
            fontSizeMode: button.titleLines > 0 ? Text.Fit : Text.FixedSize
            minimumPixelSize: theme.small
            font.family: theme.font
            font.pixelSize: theme.normal
            font.bold: true
            color: button.primary ? theme.accentText : theme.text
        }
        Text {
            id: subtitleText
            width: parent.width
            visible: text.length > 0
            horizontalAlignment: Text.AlignHCenter
            wrapMode: Text.WordWrap
            font.family: theme.font
            font.pixelSize: theme.small
            color: button.primary ? theme.accentText : theme.muted
        }
    }
    MouseArea {
        anchors.fill: parent
        onClicked: button.tapped()
    }
}
