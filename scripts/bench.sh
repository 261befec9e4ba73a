#!/usr/bin/env bash
# All benchmarks; prints a table of figures with same-run baselines and ratios.
source "$(dirname "${BASH_SOURCE[0]}")/bootstrap.sh"
exec python -m bench.run "$@"
