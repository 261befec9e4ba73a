"""Signing benchmarks (offscreen), each with a baseline from the same run.

- Pad input latency: from a pen (tablet) event to its stroke painted on screen, against
  painting the same area with no event. Goal: <= 16 ms at the median (one frame at 60 Hz).
- The handoff PDF of a full report (10 vitals rows, 5 medications, 3 signatures), made
  in memory, against Qt's own QTextDocument.print_ of the same HTML. Goal: <= 300 ms
  at the median.
"""

from __future__ import annotations

import os
import re
import statistics
import time

from bench.common import Row, pct, timed


def pad_latency(quick: bool) -> list[Row]:
    from PySide6.QtCore import QEvent, QRect
    from PySide6.QtWidgets import QApplication

    from fieldclient.ui.widgets.signature_pad import SignaturePad
    from tests.ui.pen import tablet_event

    pad = SignaturePad()
    pad.resize(900, 300)
    pad.show()
    QApplication.processEvents()
    points = [(40 + (i * 7) % 820, 60 + (i * 13) % 180) for i in range(300 if quick else 2000)]
    QApplication.sendEvent(pad, tablet_event(pad, QEvent.Type.TabletPress, points[0]))
    strokes, painted = [], []
    for point in points[1:]:
        start = time.perf_counter()
        QApplication.sendEvent(pad, tablet_event(pad, QEvent.Type.TabletMove, point))
        QApplication.processEvents()  # the update it asked for: its rectangle painted
        strokes.append(time.perf_counter() - start)
    QApplication.sendEvent(pad, tablet_event(pad, QEvent.Type.TabletRelease, points[-1]))
    for point in points[1:]:
        start = time.perf_counter()
        pad.update(QRect(point[0] - 12, point[1] - 12, 24, 24))
        QApplication.processEvents()
        painted.append(time.perf_counter() - start)
    pad.close()
    pad.deleteLater()
    QApplication.processEvents()
    median, base = statistics.median(strokes) * 1000, statistics.median(painted) * 1000
    return [(f"signature pad: pen event to painted stroke, median ({len(strokes)} events;"
             " goal <= 16 ms)", f"{median:.3f} ms (p95 {pct(strokes, 95) * 1000:.3f} ms)",
             f"{base:.3f} ms (repaint alone)", f"{median / base:.1f}x")]


def full_handoff() -> object:
    from datetime import UTC, datetime

    from fieldclient.reports.handoff import handoff
    from fieldclient.reports.model import Given, Report, ReportStatus, Signature
    from fieldforms import epcr_v3
    from tests.support.nemsis import case_report
    from tests.support.png import png

    now = datetime.now(UTC)
    data = case_report("2025-EMS-1-Overdose_v351", now, ("Jane", "Doe"))
    vitals, medication = data["eVitals.VitalGroup"][0], data["eMedications.MedicationGroup"][0]
    data["eVitals.VitalGroup"] = [vitals | {"eVitals.06": 120 + i} for i in range(10)]
    data["eMedications.MedicationGroup"] = [medication] * 5
    signed = [Signature(f"s{i}", "r", Given(block, signer, (reason,), "4515031", "Ann",
                                            f"Signer {i}", image=png(600, 200)),
                        now.isoformat(), 1, data)
              for i, (block, signer, reason) in enumerate([
                  ("refusal_patient", "4512015", "4513009"),
                  ("refusal_witness", "4512019", "4513009"),
                  ("transfer_of_care", "4512005", "4513007")])]
    report = Report("r", "epcr", 3, ReportStatus.COMPLETED, data, signatures=tuple(signed))
    return handoff(report, epcr_v3.definition(), agency="Demo County EMS",
                   printed_by="Morgan Medic", now=now)


def handoff_pdf(quick: bool) -> list[Row]:
    from PySide6.QtCore import QBuffer, QByteArray, QIODevice
    from PySide6.QtGui import QPdfWriter, QTextDocument

    from fieldclient.ui.printing import handoff_pdf as pdf

    made = full_handoff()
    runs = 5 if quick else 20
    pdf.pdf_bytes(made)  # type: ignore[arg-type]  # fonts loaded once, as in the app

    def bare() -> None:
        data = QByteArray()
        buffer = QBuffer(data)
        buffer.open(QIODevice.OpenModeFlag.WriteOnly)
        document = QTextDocument()
        document.setHtml(pdf.html(made))  # type: ignore[arg-type]
        writer = QPdfWriter(buffer)
        document.print_(writer)
        buffer.close()

    ours = statistics.median(timed(lambda: pdf.pdf_bytes(made), runs)) * 1000  # type: ignore[arg-type]
    base = statistics.median(timed(bare, runs)) * 1000
    pages = len(re.findall(rb"/Type\s*/Page[^s]", pdf.pdf_bytes(made)))  # type: ignore[arg-type]
    return [(f"handoff PDF, full report (10 vitals, 5 medications, 3 signatures; {pages} "
             "pages), median (goal <= 300 ms)", f"{ours:.0f} ms",
             f"{base:.0f} ms QTextDocument.print_ of the same HTML", f"{ours / base:.2f}x")]


def run(quick: bool) -> list[Row]:
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtWidgets import QApplication

    app = QApplication.instance() or QApplication([])  # held for the whole run
    rows = pad_latency(quick) + handoff_pdf(quick)
    app.processEvents()
    return rows


if __name__ == "__main__":
    from bench.common import print_table

    print_table(run(quick=False))
