"""A desktop's settings portal (``org.freedesktop.portal.Settings``) on a test's own session bus.

Run by the system Python (``python3-gi``)::

    /usr/bin/python3 tests/support/portal.py

It owns ``org.freedesktop.portal.Desktop`` and answers ``Read``, ``ReadOne`` and ``ReadAll`` for
``org.freedesktop.appearance`` (``color-scheme``: 0 no preference, 1 dark, 2 light; ``contrast``: 0
normal, 1 high), as GNOME's and KDE's portals do; it prints ``ready``, then each line ``KEY VALUE`` on
its standard input changes a setting and emits ``SettingChanged``, as the desktop does when its user
switches themes. Qt's ``xdgdesktopportal`` platform theme reads it.
"""

from __future__ import annotations

import sys
import threading

from gi.repository import Gio, GLib  # type: ignore[import-not-found]

NAMESPACE = "org.freedesktop.appearance"
XML = """
<node>
  <interface name="org.freedesktop.portal.Settings">
    <method name="ReadAll"><arg type="as" direction="in"/><arg type="a{sa{sv}}" direction="out"/></method>
    <method name="Read"><arg type="s" direction="in"/><arg type="s" direction="in"/>
      <arg type="v" direction="out"/></method>
    <method name="ReadOne"><arg type="s" direction="in"/><arg type="s" direction="in"/>
      <arg type="v" direction="out"/></method>
    <signal name="SettingChanged"><arg type="s"/><arg type="s"/><arg type="v"/></signal>
    <property name="version" type="u" access="read"/>
  </interface>
</node>
"""


def main() -> None:  # pragma: no cover - run by the system Python
    settings = {"color-scheme": 0, "contrast": 0}
    loop = GLib.MainLoop()
    info = Gio.DBusNodeInfo.new_for_xml(XML).interfaces[0]
    state: dict[str, Gio.DBusConnection] = {}

    def call(_conn, _sender, _path, _iface, method, params, invocation):  # type: ignore[no-untyped-def]
        args = params.unpack()
        if method == "ReadAll":
            values = {k: GLib.Variant("u", v) for k, v in settings.items()}
            invocation.return_value(GLib.Variant("(a{sa{sv}})", ({NAMESPACE: values},)))
            return
        namespace, key = args
        if namespace != NAMESPACE or key not in settings:
            invocation.return_dbus_error("org.freedesktop.portal.Error.NotFound", f"{namespace} {key}")
            return
        value = GLib.Variant("u", settings[key])
        invocation.return_value(GLib.Variant("(v)", (GLib.Variant("v", value) if method == "Read" else value,)))

    def get_property(*_args):  # type: ignore[no-untyped-def]
        return GLib.Variant("u", 2)

    def on_bus(conn, _name):  # type: ignore[no-untyped-def]
        state["conn"] = conn
        conn.register_object("/org/freedesktop/portal/desktop", info, call, get_property, None)

    def on_name(_conn, _name):  # type: ignore[no-untyped-def]
        print("ready", flush=True)

    def change(key: str, value: int) -> bool:
        settings[key] = value
        state["conn"].emit_signal(None, "/org/freedesktop/portal/desktop", "org.freedesktop.portal.Settings",
                                  "SettingChanged", GLib.Variant("(ssv)", (NAMESPACE, key, GLib.Variant("u", value))))
        print(f"changed {key} {value}", flush=True)
        return False

    def read_stdin() -> None:
        for line in sys.stdin:
            key, _, value = line.strip().partition(" ")
            if key in settings:
                GLib.idle_add(change, key, int(value))
        GLib.idle_add(loop.quit)

    Gio.bus_own_name(Gio.BusType.SESSION, "org.freedesktop.portal.Desktop", Gio.BusNameOwnerFlags.NONE,
                     on_bus, on_name, None)
    threading.Thread(target=read_stdin, daemon=True).start()
    loop.run()


if __name__ == "__main__":  # pragma: no cover
    main()
