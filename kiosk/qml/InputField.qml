// A field the kiosk's keypad types into: what the citizen typed (or a hint before), framed
// brighter while the keypad types here; a tap on it opens the keypad or moves it here.
import QtQuick

Rectangle {
    id: field
    property string text
    property string placeholder
    property string name // what a screen reader calls it
    property bool active: false
    signal opened()

    implicitHeight: label.implicitHeight + 32
    radius: 12
    color: theme.panel
    border.color: active ? theme.text : theme.accent
    border.width: active ? 5 : 3
    Accessible.role: Accessible.EditableText
    Accessible.name: field.name
    Accessible.description: field.text
    Accessible.onPressAction: field.opened()

    KioskText {
        id: label
        anchors.left: parent.left
        anchors.right: parent.right
        anchors.verticalCenter: parent.verticalCenter
        anchors.margins: 20
        text: field.text.length > 0 ? field.text : field.placeholder
        color: field.text.length > 0 ? theme.text : theme.muted
        elide: field.text.length > 0 ? Text.ElideLeft : Text.ElideNone
        wrapMode: field.text.length > 0 ? Text.NoWrap : Text.WordWrap
    }
    TapHandler { onTapped: field.opened() }
}
