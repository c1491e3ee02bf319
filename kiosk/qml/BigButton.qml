// A large touch button: a title, an optional second line, enabled or not.
import QtQuick

Rectangle {
    id: button
    property alias title: titleText.text
    property alias subtitle: subtitleText.text
    property bool primary: false
    signal tapped()

    radius: 16
    color: !enabled ? "#9aa5b1" : primary ? theme.accent : theme.panel
    border.color: theme.accent
    border.width: primary ? 0 : 3
    implicitHeight: column.implicitHeight + 36
    opacity: enabled ? 1 : 0.6

    Column {
        id: column
        anchors.centerIn: parent
        width: parent.width - 32
        spacing: 6
        Text {
            id: titleText
            width: parent.width
            horizontalAlignment: Text.AlignHCenter
            wrapMode: Text.Wrap
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
            wrapMode: Text.Wrap
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
