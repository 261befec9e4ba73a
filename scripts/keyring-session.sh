#!/usr/bin/env bash
# Runs a command with a real OS keyring: a private D-Bus session bus with gnome-keyring's
# Secret Service, whose login keyring lives in DIR (made on first use, encrypted with the
# password read from standard input; never a plaintext file) and is unlocked for this
# session only.
#   printf %s "$password" | scripts/keyring-session.sh DIR command [args...]
# Used by scripts/demo.sh (DIR kept under .demo/, so offline sign-in works the next day)
# and scripts/real-window-walk.sh (a throwaway DIR). The command gets no standard input;
# its exit status is this script's.
#
# The bus runs in a session of its own (setsid), and the keyring daemon ends with it: a
# Ctrl+C or TERM sent to the whole process group reaches the command, which stops the
# orderly way with its keyring still there; the bus goes only after the command is done.
set -euo pipefail
[ $# -ge 2 ] || { echo "usage: keyring-session.sh DIR command [args...]" >&2; exit 2; }
dir="$1"; shift
mkdir -p "$dir" && chmod 700 "$dir"

bus="$(setsid dbus-daemon --session --fork --nopidfile --print-address=1 --print-pid=1 \
       2>/dev/null)"
export DBUS_SESSION_BUS_ADDRESS="${bus%%$'\n'*}"
bus_pid="${bus##*$'\n'}"
trap 'kill "$bus_pid" 2>/dev/null || true' EXIT

eval "$(XDG_DATA_HOME="$dir" setsid gnome-keyring-daemon --unlock --components=secrets)"
export GNOME_KEYRING_CONTROL

"$@" </dev/null &
command_pid=$!
trap 'kill -TERM "$command_pid" 2>/dev/null || true' TERM
trap 'kill -INT "$command_pid" 2>/dev/null || true' INT
set +e
while true; do
  wait "$command_pid"; status=$?
  kill -0 "$command_pid" 2>/dev/null || break  # a signal woke the wait: keep waiting
done
exit "$status"
