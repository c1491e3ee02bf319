// The search box: what the citizen typed on the kiosk's keypad; a tap on it opens the keypad.
import QtQuick

Rectangle {
    id: box
    readonly property string text: kiosk.searchText
    signal opened()

    implicitHeight: label.implicitHeight + 32
    radius: 12
    color: theme.panel
    border.color: theme.accent
    border.width: 3
    Accessible.role: Accessible.EditableText
    Accessible.name: qsTr("Search services")
    Accessible.description: box.text
    Accessible.onPressAction: box.opened()

    KioskText {
        id: label
        anchors.left: parent.left
        anchors.right: parent.right
        anchors.verticalCenter: parent.verticalCenter
        anchors.margins: 20
        text: box.text.length > 0 ? box.text : qsTr("Search: pinyin initials or pinyin, e.g. ldht, laodong")
        color: box.text.length > 0 ? theme.text : theme.muted
        elide: box.text.length > 0 ? Text.ElideLeft : Text.ElideNone
        wrapMode: box.text.length > 0 ? Text.NoWrap : Text.WordWrap
    }
    TapHandler { onTapped: box.opened() }
}
