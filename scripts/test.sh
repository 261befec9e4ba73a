#!/usr/bin/env bash
# The whole test suite: lint, types, architecture rules and pytest.
source "$(dirname "${BASH_SOURCE[0]}")/bootstrap.sh"
# The real-window tests (the demo script, the `fieldclient` command under Xvfb) and the
# tests' private PostgreSQL servers, the handoff PDF's tests and the deployment guide's
# tests need these.
ensure_deb_packages "${XCB_DEB_PACKAGES[@]}" "${KEYRING_DEB_PACKAGES[@]}" \
  "${XVFB_DEB_PACKAGES[@]}" "${POSTGRES_DEB_PACKAGES[@]}" "${PDF_DEB_PACKAGES[@]}" \
  "${DEPLOY_DEB_PACKAGES[@]}"

echo "== ruff"; ruff check .
echo "== mypy --strict"; mypy
# A crash after the last test (at interpreter exit) still prints where it happened.
export PYTHONFAULTHANDLER=1
echo "== pytest"; python -m pytest "$@"
# The whole run (no arguments): the mission walks once more in a real window.
if [ $# -eq 0 ]; then
  "$ROOT/scripts/real-window-walk.sh"
fi
