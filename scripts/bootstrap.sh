# shellcheck shell=bash
# Sourced by scripts/demo.sh and scripts/test.sh: makes a fresh machine ready.
# 1. the system libraries Qt needs, 2. uv, 3. the locked virtual environment.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"

# Qt's system libraries (offscreen), and binutils (objdump, strip) for PyInstaller's bundle.
QT_DEB_PACKAGES=(libgl1 libegl1 libfontconfig1 libxkbcommon0 libglib2.0-0 libdbus-1-3 fonts-dejavu-core binutils)
# A real window: everything Qt's xcb platform plugin (libqxcb, libQt6XcbQpa) links, so a
# bare Debian or Ubuntu image has it all (found with ldd and dpkg -S).
XCB_DEB_PACKAGES=(libx11-6 libx11-xcb1 libxcb1 libxcb-cursor0 libxkbcommon-x11-0 libxcb-icccm4
  libxcb-image0 libxcb-keysyms1 libxcb-randr0 libxcb-render0 libxcb-render-util0 libxcb-shape0
  libxcb-shm0 libxcb-sync1 libxcb-util1 libxcb-xfixes0 libxcb-xinerama0 libxcb-xkb1)
# An OS keyring where no desktop session gives one: gnome-keyring's Secret Service in a
# private D-Bus session (scripts/keyring-session.sh).
KEYRING_DEB_PACKAGES=(dbus dbus-x11 gnome-keyring)
# The tests' real windows: Xvfb, and xdotool to type and press keys as a person does.
XVFB_DEB_PACKAGES=(xvfb xauth xdotool)
# The tests' own PostgreSQL servers (initdb in a temp dir: tests/support/postgres.py).
POSTGRES_DEB_PACKAGES=(postgresql)
# The handoff PDF's tests read it back as text and keep its pages as pictures.
PDF_DEB_PACKAGES=(poppler-utils)
# docs/deployment.md, run by its tests: nginx in front of the replicas (tests/support/nginx.py),
# SQLite's backup command, systemd-analyze for the packaged units.
DEPLOY_DEB_PACKAGES=(nginx sqlite3 systemd)

ensure_deb_packages() {
  command -v dpkg-query >/dev/null 2>&1 || return 0   # not Debian/Ubuntu: nothing we can check
  local missing=()
  for pkg in "$@"; do
    dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "install ok installed" || missing+=("$pkg")
  done
  [ ${#missing[@]} -eq 0 ] && return 0
  if [ "$(id -u)" -eq 0 ]; then
    echo "bootstrap: installing system packages: ${missing[*]}"
    DEBIAN_FRONTEND=noninteractive apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
  else
    echo "bootstrap: these system packages are needed, and installing them needs root:" >&2
    echo "    sudo apt-get install -y ${missing[*]}" >&2
    exit 1
  fi
}

find_python() {
  # The machine's Python, never an active virtual environment's (it has no pip, and a
  # venv built on it would hang off another checkout).
  local search="$PATH"
  if [ -n "${VIRTUAL_ENV:-}" ]; then
    search="$(tr ':' '\n' <<<"$PATH" | grep -vxF "$VIRTUAL_ENV/bin" | paste -sd: -)"
  fi
  for py in python3.13 python3.12 python3.11 python3; do
    if PATH="$search" command -v "$py" >/dev/null 2>&1 &&
       "$(PATH="$search" command -v "$py")" -c \
         'import sys; sys.exit(sys.version_info < (3, 11))' 2>/dev/null; then
      PATH="$search" command -v "$py"; return 0
    fi
  done
  echo "bootstrap: Python 3.11 or newer is required (apt-get install python3)" >&2
  exit 1
}

ensure_uv() {
  if [ -n "${UV:-}" ]; then return 0; fi
  if command -v uv >/dev/null 2>&1; then UV="$(command -v uv)"; return 0; fi
  UV="$ROOT/.tools/uv"
  [ -x "$UV" ] || "$PYTHON" "$ROOT/scripts/get_uv.py" "$ROOT/.tools"
}

PYTHON="$(find_python)"
ensure_deb_packages "${QT_DEB_PACKAGES[@]}"
ensure_uv
# uv's own Python downloads come from GitHub, which these machines cannot reach:
# always build the environment on the machine's Python.
export UV UV_PYTHON_DOWNLOADS=never UV_PYTHON="$PYTHON"
"$UV" sync --locked --extra client --extra server --quiet
export PATH="$ROOT/.venv/bin:$PATH"
