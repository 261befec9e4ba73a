#!/usr/bin/env bash
# The whole test suite: lint, types, architecture rules and pytest.
source "$(dirname "${BASH_SOURCE[0]}")/bootstrap.sh"

echo "== ruff"; ruff check .
echo "== mypy --strict"; mypy
# A crash after the last test (at interpreter exit) still prints where it happened.
export PYTHONFAULTHANDLER=1
echo "== pytest"; exec python -m pytest "$@"
