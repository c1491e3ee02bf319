// Text in the kiosk's type, wrapped at word boundaries, and read out by a screen reader as shown.
import QtQuick

Text {
    color: theme.text
    font.family: theme.font
    font.pixelSize: theme.normal
    wrapMode: Text.WordWrap
    Accessible.role: Accessible.StaticText
    Accessible.name: text
}
