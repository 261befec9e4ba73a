"""Timing helpers shared by the benchmarks. Figures are printed, never asserted."""

from __future__ import annotations

import statistics
import time
from collections.abc import Callable

Row = tuple[str, str, str, str]  # benchmark, result, baseline (same run), ratio


def timed(action: Callable[[], object], repeat: int) -> list[float]:
    samples = []
    for _ in range(repeat):
        start = time.perf_counter()
        action()
        samples.append(time.perf_counter() - start)
    return samples


def pct(samples: list[float], q: float) -> float:
    return statistics.quantiles(samples, n=100, method="inclusive")[int(q) - 1]


def print_table(rows: list[Row]) -> None:
    header = ("benchmark", "result", "baseline (same run)", "ratio")
    widths = [max(len(r[i]) for r in [header, *rows]) for i in range(4)]
    for row in [header, tuple("-" * w for w in widths), *rows]:
        print("  ".join(cell.ljust(w) for cell, w in zip(row, widths, strict=True)))
