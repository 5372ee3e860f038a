#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
#
# Runs the keyring test binary ($1) against a real gnome-keyring-daemon in a
# throwaway HOME, so the user's own keyring is never touched:
#   1. in a private D-Bus session (dbus-run-session) a gnome-keyring-daemon
#      creates and unlocks a "login" keyring with a test password read from
#      stdin; the binary stores, finds, opens and forgets keys. Its output is
#      captured to a log file;
#   2. once the daemon is gone, the binary runs again (CF_KEYRING_TEST_PHASE=scan)
#      and searches HOME (keyring files, the store) and the captured log for
#      the password and the key's bytes.
# Exit 77 (skipped) when gnome-keyring-daemon or dbus-run-session is missing.

set -u

test_exe=${1:?usage: run-keyring-test.sh TEST-BINARY [ARGS...]}
shift

for tool in gnome-keyring-daemon dbus-run-session dbus-send; do
  if ! command -v "$tool" >/dev/null 2>&1; then
    echo "$tool not found: keyring test skipped (install gnome-keyring and dbus)"
    exit 77
  fi
done

root=$(mktemp -d "${TMPDIR:-/tmp}/certifica-keyring-XXXXXX") || exit 99
trap 'rm -rf "$root"' EXIT
trap 'exit 130' INT TERM

# HOME holds everything that is scanned; secrets/ (the test's own copies of
# what it looks for) stays outside it.
mkdir -p "$root/home/.local/share" "$root/home/.config" "$root/home/.cache" \
         "$root/run" "$root/secrets" "$root/logs"
chmod 700 "$root/home" "$root/run" "$root/secrets"

HOME=$root/home
XDG_DATA_HOME=$root/home/.local/share
XDG_CONFIG_HOME=$root/home/.config
XDG_CACHE_HOME=$root/home/.cache
XDG_RUNTIME_DIR=$root/run
CF_KEYRING_TEST_SECRETS=$root/secrets
CF_KEYRING_TEST_LOGS=$root/logs
export HOME XDG_DATA_HOME XDG_CONFIG_HOME XDG_CACHE_HOME XDG_RUNTIME_DIR
export CF_KEYRING_TEST_SECRETS CF_KEYRING_TEST_LOGS
unset DBUS_SESSION_BUS_ADDRESS GNOME_KEYRING_CONTROL CF_KEYRING_TEST_PHASE
# No display: an unlock prompt (the "locked" test asks for one) fails at once
# instead of waiting for a person under xvfb-run.
unset DISPLAY WAYLAND_DISPLAY

log=$root/logs/test-keyring.log

# Under AddressSanitizer: libsecret leaks a few bytes per item lookup, and
# the LSan suppression for libsecret-1.so only matches with full stacks
# (the system libraries have no frame pointers for the fast unwinder).
if [ -n "${ASAN_OPTIONS:-}" ]; then
  ASAN_OPTIONS=$ASAN_OPTIONS:fast_unwind_on_malloc=0
  export ASAN_OPTIONS
fi

# Everything the code logs ends up in the scanned log.
G_MESSAGES_DEBUG=all dbus-run-session -- sh -c '
  test_exe=$1; shift

  # Creates the "login" keyring (it does not exist yet) with the password
  # from stdin, unlocks it, and makes it the default collection.
  printf "%s" "certifica-login-test" |
    gnome-keyring-daemon --unlock --components=secrets --daemonize >/dev/null || exit 99

  # Wait until the daemon owns the Secret Service name on this bus, so
  # nothing is left to D-Bus activation.
  owner=
  for i in $(seq 1 100); do
    owner=$(dbus-send --session --print-reply --dest=org.freedesktop.DBus \
              /org/freedesktop/DBus org.freedesktop.DBus.GetConnectionUnixProcessID \
              string:org.freedesktop.secrets 2>/dev/null | sed -n "s/^ *uint32 //p")
    [ -n "$owner" ] && break
    sleep 0.1
  done
  if [ -z "$owner" ]; then
    echo "gnome-keyring-daemon did not start"
    exit 99
  fi

  "$test_exe" "$@"
  status=$?

  # Stop the daemon we started (by its id) and wait, so its files are final
  # before the scan.
  kill "$owner" 2>/dev/null
  for i in $(seq 1 50); do
    kill -0 "$owner" 2>/dev/null || break
    sleep 0.1
  done
  exit $status
' keyring-session "$test_exe" "$@" >"$log" 2>&1
status=$?

cat "$log"
if [ "$status" -ne 0 ]; then
  exit "$status"
fi

echo "# scanning $HOME and the captured log for the test secrets"
CF_KEYRING_TEST_PHASE=scan "$test_exe" "$@"
