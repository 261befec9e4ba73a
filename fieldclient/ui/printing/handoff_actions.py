"""The editor's "Handoff report" button: print it, or save it as a PDF where the crew
chooses (offline both), or send it to the destination (online: send_dialog.py). Each
print and save goes in the audit log (fieldclient.storage.access_log), written on a
worker; the PDF is made in memory (handoff_pdf)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFileDialog, QMenu, QPushButton, QWidget

from fieldclient.reports import handoff
from fieldclient.reports.model import Report, ReportStatus
from fieldclient.signin.session import Session
from fieldclient.ui.bridge.operations import Operations, show_failure
from fieldclient.ui.printing import handoff_pdf
from fieldclient.ui.printing.send_dialog import SendDialog
from fieldclient.ui.widgets.basics import named

# What the editor holds: (session, report id, its form, the data on screen, status).
Holding = Callable[[], tuple[Session | None, str, dict[str, Any], dict[str, Any], str]]


class HandoffActions:
    def __init__(self, operations: Operations, parent: QWidget, holding: Holding) -> None:
        self._ops, self._parent, self._holding = operations, parent, holding
        self.button = named(QPushButton("Handoff report"), "handoffButton", "Handoff report")
        self.menu = QMenu(parent)
        self.print_action = self.menu.addAction("Print…")
        self.print_action.setObjectName("printHandoff")
        self.save_action = self.menu.addAction("Save as PDF…")
        self.save_action.setObjectName("saveHandoff")
        self.send_action = self.menu.addAction("Send to destination…")
        self.send_action.setObjectName("sendHandoff")
        self.send_dialog: SendDialog | None = None
        self.button.setMenu(self.menu)
        self.print_action.triggered.connect(lambda: self._with_handoff(self._print))
        self.save_action.triggered.connect(lambda: self._with_handoff(self._ask_where))
        self.send_action.triggered.connect(lambda: self._with_handoff(self._ask_whom))

    def _with_handoff(self, then: Callable[[handoff.Handoff, Session, str], None]) -> None:
        """Read the report's signatures and addenda on a worker; lay it out here."""
        session, report_id, form, data, status = self._holding()
        if session is None:
            return

        def read() -> tuple[Report, dict[str, Any]]:
            stored = session.store.report(report_id)
            report = Report(report_id, form["form_id"], int(form["version"]),
                            ReportStatus(status), data) if stored is None else replace(
                stored, data=data)
            labels = form if form.get("data_shape") else session.store.latest_form(
                form["form_id"])[2]  # type: ignore[index]
            return report, labels

        def laid_out(found: tuple[Report, dict[str, Any]]) -> None:
            report, labels = found
            made = handoff.handoff(report, labels, agency=session.user.agency.get("name", ""),
                                   printed_by=session.user.name, now=datetime.now(UTC))
            then(made, session, report_id)

        self._ops.run(read, laid_out, self._failed, parent=self._parent)

    # --- print -------------------------------------------------------------------------
    def _print(self, made: handoff.Handoff, session: Session, report_id: str) -> None:
        from PySide6.QtPrintSupport import QPrintDialog, QPrinter

        printer = QPrinter(QPrinter.PrinterMode.HighResolution)
        printer.setDocName(f"Handoff report {made.pcr_number}")
        dialog = QPrintDialog(printer, self._parent)
        dialog.setObjectName("printHandoffDialog")

        def accepted() -> None:
            pages = handoff_pdf.paint(made, printer)
            self._ops.run(lambda: handoff.printed(session.store, session.user.id, report_id,
                                                  pages, datetime.now(UTC)),
                          lambda _r: None, self._failed, parent=self._parent)

        dialog.accepted.connect(accepted)
        dialog.finished.connect(dialog.deleteLater)
        dialog.setWindowModality(Qt.WindowModality.WindowModal)
        dialog.show()  # (PySide6's QPrintDialog.open wants a receiver)

    # --- save --------------------------------------------------------------------------
    def _ask_where(self, made: handoff.Handoff, session: Session, report_id: str) -> None:
        dialog = QFileDialog(self._parent, "Save the handoff report",
                             f"{made.pcr_number or 'handoff'}.pdf", "PDF (*.pdf)")
        dialog.setObjectName("saveHandoffDialog")
        dialog.setAcceptMode(QFileDialog.AcceptMode.AcceptSave)
        dialog.setDefaultSuffix("pdf")
        dialog.fileSelected.connect(lambda path: self._save(made, session, report_id, path))
        dialog.finished.connect(dialog.deleteLater)
        dialog.open()

    def _save(self, made: handoff.Handoff, session: Session, report_id: str,
              path: str) -> None:
        pdf = handoff_pdf.pdf_bytes(made)
        self._ops.run(lambda: handoff.save_pdf(session.store, session.user.id, report_id,
                                               Path(path), pdf, datetime.now(UTC)),
                      lambda _r: None, self._failed, parent=self._parent)

    # --- send --------------------------------------------------------------------------
    def _ask_whom(self, made: handoff.Handoff, session: Session, report_id: str) -> None:
        self.send_dialog = dialog = SendDialog(self._ops, session, report_id,
                                               lambda: handoff_pdf.pdf_bytes(made),
                                               self._parent)
        dialog.finished.connect(dialog.deleteLater)
        dialog.open()

    def _failed(self, error: Any) -> None:
        show_failure(self._parent, error)
