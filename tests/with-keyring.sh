#!/bin/sh
# Run a command with an unlocked gnome-keyring Secret Service on the current (private) D-Bus session.
# `make test` calls it inside `dbus-run-session`, so the keyring tests meet a real Secret Service.
# The login keyring is created in a throwaway XDG_DATA_HOME, unlocked with a throwaway password.
set -e
KEYRING_HOME=$(mktemp -d)
export XDG_DATA_HOME="$KEYRING_HOME/data" XDG_RUNTIME_DIR="$KEYRING_HOME/run"
mkdir -p "$XDG_DATA_HOME" "$XDG_RUNTIME_DIR"
chmod 700 "$XDG_RUNTIME_DIR"
if command -v gnome-keyring-daemon >/dev/null 2>&1; then
  eval "$(printf 'ensure-browser-test-keyring' | gnome-keyring-daemon --unlock --components=secrets 2>/dev/null)" || true
  export GNOME_KEYRING_CONTROL
  export ENSURE_BROWSER_TEST_KEYRING=1
fi
set +e
"$@"
status=$?
rm -rf "$KEYRING_HOME"
exit $status
