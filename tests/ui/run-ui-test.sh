#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
#
# Runs a widget test binary ($1) in a throwaway HOME and a private D-Bus
# session whose gnome-keyring-daemon has an unlocked "login" keyring, so the
# Signers page talks to a real keyring without touching the user's, and no
# unlock prompt waits for a person. The display (xvfb-run) is kept.
# Without gnome-keyring-daemon the test runs without a keyring and its
# keyring cases skip.

set -u

test_exe=${1:?usage: run-ui-test.sh TEST-BINARY [ARGS...]}
shift

root=$(mktemp -d "${TMPDIR:-/tmp}/certifica-ui-XXXXXX") || exit 99
trap 'rm -rf "$root"' EXIT
trap 'exit 130' INT TERM

mkdir -p "$root/home/.local/share" "$root/home/.config" "$root/home/.cache" "$root/run"
chmod 700 "$root/home" "$root/run"

HOME=$root/home
XDG_DATA_HOME=$root/home/.local/share
XDG_CONFIG_HOME=$root/home/.config
XDG_CACHE_HOME=$root/home/.cache
XDG_RUNTIME_DIR=$root/run
export HOME XDG_DATA_HOME XDG_CONFIG_HOME XDG_CACHE_HOME XDG_RUNTIME_DIR
unset DBUS_SESSION_BUS_ADDRESS GNOME_KEYRING_CONTROL CF_UI_TEST_KEYRING

if ! command -v dbus-run-session >/dev/null 2>&1; then
  echo "dbus-run-session not found: widget test skipped (install dbus)"
  exit 77
fi

exec dbus-run-session -- sh -c '
  test_exe=$1; shift
  owner=
  if command -v gnome-keyring-daemon >/dev/null 2>&1; then
    printf "%s" "certifica-ui-test" |
      gnome-keyring-daemon --unlock --components=secrets --daemonize >/dev/null
    for i in $(seq 1 100); do
      owner=$(dbus-send --session --print-reply --dest=org.freedesktop.DBus \
                /org/freedesktop/DBus org.freedesktop.DBus.GetConnectionUnixProcessID \
                string:org.freedesktop.secrets 2>/dev/null | sed -n "s/^ *uint32 //p")
      [ -n "$owner" ] && break
      sleep 0.1
    done
  fi
  [ -n "$owner" ] && export CF_UI_TEST_KEYRING=1

  "$test_exe" "$@"
  status=$?

  # Stop the daemon started here, by its id.
  if [ -n "$owner" ]; then
    kill "$owner" 2>/dev/null
    for i in $(seq 1 50); do
      kill -0 "$owner" 2>/dev/null || break
      sleep 0.1
    done
  fi
  exit $status
' ui-session "$test_exe" "$@"
