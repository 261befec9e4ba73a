#!/usr/bin/env bash
# The main job: fieldserver with demo data on 127.0.0.1, and the client opened against it.
source "$(dirname "${BASH_SOURCE[0]}")/bootstrap.sh"

DEMO_DIR="${FIELDCLIENT_DEMO_DIR:-$ROOT/.demo}"
PORT="${PORT:-8765}"
URL="http://127.0.0.1:$PORT"

fieldserver serve --demo --data-dir "$DEMO_DIR/server" --host 127.0.0.1 --port "$PORT" "$@" &
SERVER_PID=$!
trap 'kill "$SERVER_PID" 2>/dev/null; wait "$SERVER_PID" 2>/dev/null' EXIT INT TERM

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
if ! fieldclient --server "$URL" --data-dir "$DEMO_DIR/client"; then
  echo "fieldclient could not open a window here; fieldserver keeps running at $URL."
  echo "Press Ctrl+C to stop it."
  wait "$SERVER_PID"
fi
