"""NEMSIS: exporting and checking completed reports, and the editor's Complete check.

- Export + validation of 1,000 completed reports (the compliance cases, imported, each
  written as an EMSDataSet and held to the XSD and the national Schematron), in reports
  per second, one document per report and in the state export's batches of 100;
  baseline: lxml's bare XSD validation of the same documents, in the same run.
- Complete on one report (fieldforms.nemsis.complete.check, after the editor's warm-up):
  median latency; goal at most 150 ms. Baseline: the form's own checks alone.
"""

from __future__ import annotations

import statistics
import time
from datetime import UTC, datetime
from pathlib import Path

from bench.common import Row, timed
from fieldforms import epcr_v2
from fieldforms.nemsis import complete, document, export
from fieldforms.nemsis.checks import checker, parse
from fieldforms.nemsis.elements import table
from fieldforms.validation import validate

CASES = Path(__file__).resolve().parents[1] / "tests" / "data" / "nemsis" / "Compliance" / \
    "Pre-Testing" / "xml" / "full"
SETUP = export.SetUp("C034", "351-C034P2", "09", "Danbury Fire Department", "bench")


def completed_reports(count: int) -> list[export.Exported]:
    rows = []
    for path in sorted(CASES.glob("2025-EMS-*.xml")):
        data = document.read(table(), parse(path.read_bytes()).getroot())
        rows += [dict(r) for r in data["Header"][0]["PatientCareReport"]]
    for row in rows:
        row.pop(document.ROW_ATTRIBUTES)
    return [export.Exported(f"a9530c80-a10a-4579-86ed-{i:012x}", 2, rows[i % len(rows)])
            for i in range(count)]


def export_and_check(reports: list[export.Exported]) -> list[bytes]:
    documents = []
    for report in reports:
        text = document.serialize(export.ems_dataset([report], SETUP))
        found = checker().check(parse(text))
        assert not [f for f in found if f.severity == "error"]
        documents.append(text)
    return documents


def export_batches(reports: list[export.Exported], size: int) -> None:
    """As GET /nemsis/export does: one document, one check, per batch."""
    for start in range(0, len(reports), size):
        text = document.serialize(export.ems_dataset(reports[start:start + size], SETUP))
        assert not [f for f in checker().check(parse(text)) if f.severity == "error"]


def run(quick: bool = False) -> list[Row]:
    count = 200 if quick else 1000
    reports = completed_reports(count)
    complete.warm_up()
    started = time.perf_counter()
    documents = export_and_check(reports)
    full = time.perf_counter() - started
    schema = checker()._schema
    started = time.perf_counter()
    for text in documents:
        schema.validate(parse(text))
    bare = time.perf_counter() - started
    started = time.perf_counter()
    export_batches(reports, 100)
    batched = time.perf_counter() - started
    form = epcr_v2.definition()
    one = reports[0].data
    now = datetime.now(UTC)
    latency = statistics.median(timed(lambda: complete.check(form, one, now), 30))
    form_only = statistics.median(timed(lambda: validate(form, one, complete=True, now=now),
                                        30))
    return [
        (f"NEMSIS export + XSD + Schematron, {count} reports",
         f"{count / full:.0f} reports/s", f"bare XSD: {count / bare:.0f} reports/s",
         f"{bare / full:.2f}x"),
        (f"NEMSIS export + checks, {count} reports in batches of 100",
         f"{count / batched:.0f} reports/s", f"bare XSD: {count / bare:.0f} reports/s",
         f"{bare / batched:.2f}x"),
        ("Complete check, one report (median; goal <= 150 ms)",
         f"{latency * 1000:.1f} ms", f"form checks alone: {form_only * 1000:.1f} ms",
         f"{latency / form_only:.1f}x"),
    ]
