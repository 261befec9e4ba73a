#!/usr/bin/env bash
# The main job: fieldserver with demo data on 127.0.0.1, and the client opened against it.
#
# The client keeps its device secret in the OS keyring. Where no desktop keyring answers
# (any machine without a desktop session), the demo starts its own: gnome-keyring in a
# private D-Bus session (scripts/keyring-session.sh), its files in .demo/keyring/ so that
# offline sign-in still works on the next run. Its password stands in for a desktop
# login's: asked for at the terminal, or taken from FIELDCLIENT_DEMO_KEYRING_PASSWORD.
source "$(dirname "${BASH_SOURCE[0]}")/bootstrap.sh"
ensure_deb_packages "${XCB_DEB_PACKAGES[@]}" "${KEYRING_DEB_PACKAGES[@]}"

DEMO_DIR="${FIELDCLIENT_DEMO_DIR:-$ROOT/.demo}"
PORT="${PORT:-8765}"
URL="http://127.0.0.1:$PORT"
KEYRING_DIR="$DEMO_DIR/keyring"
KEYRING_PASSWORD="${FIELDCLIENT_DEMO_KEYRING_PASSWORD:-}"
unset FIELDCLIENT_DEMO_KEYRING_PASSWORD  # nothing started below sees it in its environment
CLIENT=(fieldclient --server "$URL" --data-dir "$DEMO_DIR/client")

keyring_answers() {  # the product's own check: write, read back and delete a probe entry
  timeout 30 python -c 'from fieldclient.storage.secret import SecretStore
SecretStore("demo-check").check()' 2>/dev/null
}

have_display() { [ -n "${DISPLAY:-}${WAYLAND_DISPLAY:-}" ]; }

ask_keyring_password() {
  [ -n "$KEYRING_PASSWORD" ] && return 0
  if [ ! -t 0 ]; then
    echo "demo: no desktop keyring answers here, and there is no terminal to ask for the" >&2
    echo "      demo keyring's password: set FIELDCLIENT_DEMO_KEYRING_PASSWORD." >&2
    exit 1
  fi
  echo "No desktop keyring answers here, so the demo starts its own (GNOME Keyring, kept"
  echo "encrypted in $KEYRING_DIR). Its password stands in for a desktop login."
  [ -d "$KEYRING_DIR/keyrings" ] || echo "This first run sets it; later runs ask for the same one."
  read -rsp "Demo keyring password: " KEYRING_PASSWORD; echo
  [ -n "$KEYRING_PASSWORD" ] || { echo "demo: an empty password would leave the keyring unencrypted" >&2; exit 1; }
}

USE_OWN_KEYRING=0
if have_display && ! keyring_answers; then
  USE_OWN_KEYRING=1
  ask_keyring_password
  # Unlock it once up front, so that a wrong password is said here, not in set-up.
  if ! printf %s "$KEYRING_PASSWORD" | "$ROOT/scripts/keyring-session.sh" "$KEYRING_DIR" \
       bash -c "$(declare -f keyring_answers); keyring_answers"; then
    echo "demo: the demo keyring did not unlock: a different password than on its first run?" >&2
    echo "      (to start over, delete $KEYRING_DIR and $DEMO_DIR/client)" >&2
    exit 1
  fi
fi

fieldserver serve --demo --data-dir "$DEMO_DIR/server" --host 127.0.0.1 --port "$PORT" "$@" &
SERVER_PID=$!
# Ctrl+C or a TERM reaches the whole process group: the client stops the orderly way
# (its report kept as a draft); the server is stopped here.
trap 'kill "$SERVER_PID" 2>/dev/null || true; wait "$SERVER_PID" 2>/dev/null || true' EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

python - "$URL" <<'PY'
import json, sys, time, urllib.request
url = sys.argv[1] + "/api/v1/health"
for _ in range(300):
    try:
        with urllib.request.urlopen(url, timeout=1) as answer:  # noqa: S310
            if json.load(answer).get("status") == "ok":
                sys.exit(0)
    except OSError:
        time.sleep(0.1)
sys.exit("fieldserver did not start; see its output above")
PY

echo
echo "Opening fieldclient against $URL (data in $DEMO_DIR/client)."
echo "First start: set the device up as admin@demo.local, then sign in as medic@demo.local."
if [ "$USE_OWN_KEYRING" = 1 ]; then
  printf %s "$KEYRING_PASSWORD" | "$ROOT/scripts/keyring-session.sh" "$KEYRING_DIR" "${CLIENT[@]}"
else
  "${CLIENT[@]}"
fi || {
  echo "fieldclient could not open a window here; fieldserver keeps running at $URL."
  echo "Press Ctrl+C to stop it."
  wait "$SERVER_PID"
}
