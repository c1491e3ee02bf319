// The kiosk's own on-screen keyboard, in its style: digits and letters for pinyin, English words,
// codes, serial numbers (with a '-' key in place of the space) and phone numbers. A touch-only
// kiosk has no other keyboard.
import QtQuick

Rectangle {
    id: keypad
    signal typed(string key)
    signal erased()
    signal cleared()
    signal closed()
    property bool dashKey: false  // '-' instead of the space
    property bool closable: true  // a key that hides the keypad
    property bool digitsOnly: false // a telephone's keys, large

    readonly property var rows: digitsOnly
        ? [["1", "2", "3"], ["4", "5", "6"], ["7", "8", "9"], ["clear", "0", "erase"]]
        : [["1", "2", "3", "4", "5", "6", "7", "8", "9", "0"],
           ["Q", "W", "E", "R", "T", "Y", "U", "I", "O", "P"],
           ["A", "S", "D", "F", "G", "H", "J", "K", "L", "erase"],
           ["Z", "X", "C", "V", "B", "N", "M", dashKey ? "-" : "space", "clear"]
           .concat(closable ? ["close"] : [])]
    readonly property int columns: rows[0].length
    readonly property real keyWidth: (keys.width - (columns - 1) * keys.spacing) / columns

    function label(key) {
        switch (key) {
        case "erase": return qsTr("Delete")
        case "clear": return qsTr("Clear")
        case "space": return qsTr("Space")
        case "close": return qsTr("Hide")
        default: return key
        }
    }
    function press(key) {
        switch (key) {
        case "erase": return erased()
        case "clear": return cleared()
        case "space": return typed(" ")
        case "close": return closed()
        default: return typed(key)
        }
    }

    color: theme.background
    border.color: theme.accent
    border.width: 2
    implicitHeight: keys.implicitHeight + 32

    Column {
        id: keys
        anchors.centerIn: parent
        width: Math.min(parent.width - 32, keypad.columns * (keypad.digitsOnly ? 240 : 160))
        spacing: 10
        Repeater {
            model: keypad.rows
            Row {
                required property var modelData
                spacing: keys.spacing
                Repeater {
                    model: modelData
                    Rectangle {
                        required property string modelData
                        objectName: "key_" + modelData
                        width: keypad.keyWidth
                        height: Math.round(84 * theme.scale)
                        radius: 10
                        color: keyArea.pressed ? theme.accent : theme.panel
                        border.color: theme.accent
                        border.width: 2
                        Accessible.role: Accessible.Button
                        Accessible.name: keyLabel.text
                        Accessible.onPressAction: keypad.press(modelData)
                        Text {
                            id: keyLabel
                            anchors.fill: parent
                            anchors.margins: 4
                            horizontalAlignment: Text.AlignHCenter
                            verticalAlignment: Text.AlignVCenter
                            fontSizeMode: Text.HorizontalFit
                            minimumPixelSize: 12
                            text: keypad.label(modelData)
                            color: keyArea.pressed ? theme.accentText : theme.text
                            font.family: theme.font
                            font.pixelSize: theme.normal
                            font.bold: true
                        }
                        MouseArea {
                            id: keyArea
                            anchors.fill: parent
                            onClicked: keypad.press(modelData)
                        }
                    }
                }
            }
        }
    }
}
