#!/usr/bin/env bash
# The main job: fieldserver with demo data on 127.0.0.1.
source "$(dirname "${BASH_SOURCE[0]}")/bootstrap.sh"

DATA_DIR="${FIELDSERVER_DEMO_DIR:-$ROOT/.demo/server}"
exec fieldserver serve --demo --data-dir "$DATA_DIR" --host 127.0.0.1 --port "${PORT:-8765}" "$@"
