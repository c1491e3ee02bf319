#!/usr/bin/python3
# The kiosk from outside, as a citizen finds it: the real kiosk window on a real X server (Xvfb),
# real mouse taps (xdotool), the virtual printer and a real controller. Buttons are found by what
# they say, through the accessibility tree a screen reader uses (AT-SPI); what is asserted is what
# a person gets: the paper ticket, the ticket's state through the API, and the screen.
#
# Usage (inside a D-Bus session): dbus-run-session -- tests/kiosk/outside_in.py BIN_DIR HALL_FILE
import json
import os
import re
import subprocess
import sys
import tempfile
import time
import urllib.request

from gi.repository import GLib
import pyatspi  # starts this D-Bus session's accessibility bus, which the kiosk joins at start

BIN, HALL = sys.argv[1], sys.argv[2]
WORK = tempfile.mkdtemp(prefix="qh-outside-in-")
TICKETS = os.path.join(WORK, "tickets")
DB = os.path.join(WORK, "hall.db")
IDLE_SECONDS = 8  # long enough for a loaded machine to get from one tap to the next
SCREEN = (1080, 1920)
OPEN_AT = "2026-03-02T09:30:00+08:00"  # a Monday morning: the hall is open
processes = []


def fail(message):
    raise AssertionError(message)


def wait_for(what, check, timeout=15.0):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        result = check()
        if result:
            return result
        time.sleep(0.1)
    fail("timed out waiting for " + what)


def start(args, env=None, log=None, pass_fds=()):
    out = open(os.path.join(WORK, log), "w") if log else subprocess.DEVNULL
    p = subprocess.Popen(args, env=env, stdout=out, stderr=subprocess.STDOUT, pass_fds=pass_fds)
    processes.append(p)
    return p


def controller(*args):
    return subprocess.run([os.path.join(BIN, "queuehall-controller"), "--db", DB, "--json", *args],
                          check=True, capture_output=True, text=True).stdout


def start_x_server():
    read, write = os.pipe()
    start(["Xvfb", "-displayfd", str(write), "-screen", "0", "%dx%dx24" % SCREEN, "-nolisten", "tcp"],
          pass_fds=(write,))
    os.close(write)
    with os.fdopen(read) as f:
        return ":" + f.readline().strip()


def start_controller():
    controller("init", "--hall", HALL)
    add = lambda *args: json.loads(controller("device", "add", *args))["token"]
    kiosk, caller = add("--role", "kiosk", "--name", "kiosk-1"), add("--role", "caller", "--window", "1")
    start([os.path.join(BIN, "queuehall-controller"), "--db", DB, "--at", OPEN_AT, "serve",
           "--listen", "127.0.0.1", "--port", "0"], log="controller.log")
    log = os.path.join(WORK, "controller.log")
    port = wait_for("the controller to listen", lambda: re.search(
        r"listening on http://127\.0\.0\.1:(\d+)", open(log).read()))
    return "http://127.0.0.1:" + port.group(1), kiosk, caller


# --- what is on the screen, through AT-SPI --------------------------------------------------

def kiosk_application():
    desktop = pyatspi.Registry.getDesktop(0)
    for i in range(desktop.childCount):
        app = desktop.getChildAtIndex(i)
        if app is not None and app.name == "queuehall-kiosk":
            return app
    return None


def showing(accessible):
    states = accessible.getState()
    return states.contains(pyatspi.STATE_SHOWING) and states.contains(pyatspi.STATE_VISIBLE)


def on_screen(role=None):
    """Every accessible the kiosk shows now: (role name, name, description, accessible). One
    that goes away while it is read (a screen changing) is left out."""
    found = []
    pending = [kiosk_application()]
    while pending:
        a = pending.pop()
        if a is None:
            continue
        try:
            if a.getRoleName() != "application" and not showing(a):
                continue
            if role is None or a.getRoleName() == role:
                found.append((a.getRoleName(), a.name, a.description, a))
            pending.extend(a.getChildAtIndex(i) for i in range(a.childCount))
        except GLib.GError:
            continue
    return found


def button(name, role="push button"):
    for _, n, _, a in on_screen(role):
        if n == name:
            return a
    return None


def names(role="push button"):
    return [n for _, n, _, _ in on_screen(role)]


def tap_at(x, y):
    subprocess.run(["xdotool", "mousemove", str(x), str(y), "click", "1"], check=True)


def tap(name, role="push button"):
    """Taps the middle of what says `name`, once it is on the screen (not scrolled out of it)."""
    def centre():
        target = button(name, role)
        if target is None:
            return None
        try:
            box = target.queryComponent().getExtents(pyatspi.DESKTOP_COORDS)
        except GLib.GError:
            return None  # gone while it was read
        x, y = box.x + box.width // 2, box.y + box.height // 2
        return (x, y) if 0 <= x < SCREEN[0] and 0 <= y < SCREEN[1] else None
    x, y = wait_for('"%s" on the screen (it shows %s)' % (name, names(role)), centre)
    tap_at(x, y)


def search_box():
    for _, n, description, _ in on_screen("text"):
        if n in ("搜索事项", "Search services"):
            return description
    return None


def request(base, method, path, token=None):
    r = urllib.request.Request(base + path, method=method, data=b"{}" if method == "POST" else None)
    if token:
        r.add_header("Authorization", "Bearer " + token)
    r.add_header("Content-Type", "application/json")
    with urllib.request.urlopen(r, timeout=5) as answer:
        return json.load(answer)


def main():
    display = start_x_server()
    os.environ["DISPLAY"] = display
    base, token, caller = start_controller()
    env = dict(os.environ, QT_QPA_PLATFORM="xcb", QT_LINUX_ACCESSIBILITY_ALWAYS_ON="1")
    # Its settings in a file, as an installed kiosk has them in /etc/queuehall/kiosk.json.
    settings = os.path.join(WORK, "kiosk.json")
    with open(settings, "w") as f:
        json.dump({"controller": base, "token": token, "printer": "virtual://" + TICKETS,
                   "fullscreen": True, "idleSeconds": IDLE_SECONDS}, f)
    start([os.path.join(BIN, "queuehall-kiosk"), "--config", settings], env=env, log="kiosk.log")

    # The start screen: anywhere on it starts, not only its button.
    wait_for("the start screen", lambda: button("请触摸屏幕取号"), timeout=30)
    tap_at(60, 1800)
    wait_for("the departments", lambda: button("人社局"))
    print("start screen: a tap away from its button starts")

    # Search with pinyin initials on the kiosk's own keyboard.
    tap("搜索事项", "text")
    for key in "LDHT":
        tap(key)
    wait_for('"ldht" in the search box', lambda: search_box() == "ldht")
    tap("劳动合同备案")
    wait_for("the guide", lambda: button("取号"))
    print("search: L D H T on the on-screen keyboard found 劳动合同备案")
    tap("取号")
    wait_for("the ticket's number", lambda: button("完成"))
    number = [n for n in names("label") if re.fullmatch(r"[A-Z]\d{3}", n or "")]
    if not number:
        fail("no ticket number on the screen: " + str([(r, n) for r, n, _, _ in on_screen()]))
    print("done screen shows", number[0])

    # The paper, and the clerk at window 1 (人社局) calling the number the citizen holds.
    printed = wait_for("the printed ticket",
                       lambda: sorted(f for f in os.listdir(TICKETS) if f.endswith(".png")))
    if printed != ["0001.png"]:
        fail("expected one printed ticket, found %s" % printed)
    waiting = {q["service"]: q["waiting"] for q in request(base, "GET", "/api/v1/windows/1",
                                                            caller)["services"]}
    if waiting.get("hrss-01") != 1:
        fail("window 1 does not see the ticket waiting: %s" % waiting)
    called = request(base, "POST", "/api/v1/windows/1/call-next", caller)
    status = request(base, "GET", "/api/v1/tickets/" + called["statusCode"])
    if called["number"] != number[0] or status["state"] != "called":
        fail("window 1 called %s (%s), not the printed %s" % (called["number"], status, number[0]))
    print("printed %s; window 1 called %s, now %s" % (printed[0], called["number"],
                                                      status["state"]))

    # English and large text for this citizen ...
    tap("完成")
    wait_for("the start screen", lambda: button("请触摸屏幕取号"))
    tap("请触摸屏幕取号")
    tap("English")
    wait_for("English names", lambda: button("Human Resources and Social Security Bureau"))
    tap("Large text")
    wait_for("the large-text mode", lambda: button("Standard text"))
    tap("Search services", "text")
    for key in "SB":
        tap(key)
    wait_for('"sb" in the search box', lambda: search_box() == "sb")
    print("English and large text on, \"sb\" typed")

    # ... and nobody touches the kiosk: the next citizen finds it clean.
    wait_for("the idle timeout", lambda: button("请触摸屏幕取号"), timeout=IDLE_SECONDS + 10)
    tap("请触摸屏幕取号")
    wait_for("the departments", lambda: button("人社局"))
    if button("Standard text") or not button("大字模式") or not button("English"):
        fail("the next citizen got the last one's mode or language: " + str(names()))
    if search_box() != "":
        fail("the next citizen got the last one's search: %r" % search_box())
    if any(n == "1" for n in names()):
        fail("the keyboard stayed open for the next citizen")
    print("after %d s untouched: Chinese, standard text, empty search, keyboard closed"
          % IDLE_SECONDS)


if __name__ == "__main__":
    try:
        main()
    except AssertionError as e:
        print("FAILED:", e)
        for log in ("controller.log", "kiosk.log"):
            path = os.path.join(WORK, log)
            if os.path.exists(path):
                print("--- " + log + "\n" + open(path).read()[-3000:])
        sys.exit(1)
    finally:
        for p in reversed(processes):
            p.terminate()
        for p in processes:
            p.wait(timeout=10)
