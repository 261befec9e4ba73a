#!/usr/bin/env bash
# The mission walks (tests/ui/test_mission.py) once more as users get them: a real X
# display (Xvfb, Qt's xcb platform, not offscreen) and a real Secret Service keyring
# (gnome-keyring in a private D-Bus session, unlocked for this run only). Called by
# ./scripts/test.sh after the main test run; screenshots of the real window go to
# test-output/real-window/.
source "$(dirname "${BASH_SOURCE[0]}")/bootstrap.sh"
ensure_deb_packages "${XCB_DEB_PACKAGES[@]}" "${KEYRING_DEB_PACKAGES[@]}" "${XVFB_DEB_PACKAGES[@]}"

OUT="$ROOT/test-output/real-window"
rm -rf "$OUT" && mkdir -p "$OUT"
KEYRING_HOME="$(mktemp -d)"   # the walk's own keyring files, gone afterwards
trap 'rm -rf "$KEYRING_HOME"' EXIT

echo "== real-window walk (Xvfb + xcb, gnome-keyring Secret Service)"
# A throwaway password unlocks a fresh login keyring for this run only.
printf "walk-%s" "$RANDOM$RANDOM" | HOME="$KEYRING_HOME" \
  QT_QPA_PLATFORM=xcb FIELDCLIENT_TEST_OS_KEYRING=1 FIELDCLIENT_TEST_SHOTS="$OUT" \
  xvfb-run --auto-servernum --server-args="-screen 0 1280x900x24" \
  "$ROOT/scripts/keyring-session.sh" "$KEYRING_HOME/keyring" \
  python -m pytest -p no:cacheprovider tests/ui/test_mission.py -q
ls "$OUT"/*.png >/dev/null  # the walk saved what the real window showed
