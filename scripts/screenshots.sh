#!/usr/bin/env bash
# Render every client screen, light and dark, into docs/screenshots/.
source "$(dirname "${BASH_SOURCE[0]}")/bootstrap.sh"
ensure_deb_packages "${PDF_DEB_PACKAGES[@]}"  # pdftoppm: the handoff PDF's first page
QT_QPA_PLATFORM=offscreen exec python scripts/screenshots.py "$@"
