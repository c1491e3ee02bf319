// Sizes and colours of the kiosk; the elderly mode makes text larger and contrast higher.
import QtQuick

QtObject {
    property bool elderly: false
    readonly property real scale: elderly ? 1.35 : 1.0
    readonly property color background: elderly ? "#000000" : "#f4f7fb"
    readonly property color panel: elderly ? "#1a1a1a" : "#ffffff"
    readonly property color text: elderly ? "#ffff00" : "#1d2733"
    readonly property color muted: elderly ? "#ffffff" : "#5c6b7a"
    readonly property color accent: elderly ? "#ffff00" : "#0b5cad"
    readonly property color accentText: elderly ? "#000000" : "#ffffff"
    readonly property color warning: "#c0392b"
    readonly property int small: Math.round(26 * scale)
    readonly property int normal: Math.round(34 * scale)
    readonly property int large: Math.round(48 * scale)
    readonly property int huge: Math.round(150 * scale)
    readonly property string font: "Noto Sans CJK SC"
}
