"""Under a completed, locked report: its addenda, a new one, and QA's unlock.

The panel keeps nothing of the report: the editor fills it from the report it opened
(`show`) and does the writing; the panel only asks (`add_requested`, `unlock_requested`).
"""

from __future__ import annotations

from datetime import datetime

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from fieldclient.reports.model import Addendum, SyncState
from fieldclient.ui.widgets.basics import named

STATES = {SyncState.SYNCED: "synced", SyncState.NOT_SYNCED: "not synced",
          SyncState.REJECTED: "not accepted by the server"}


def addendum_text(addendum: Addendum, signed: bool = False) -> str:
    when = datetime.fromisoformat(addendum.written_at).astimezone()
    state = STATES.get(addendum.sync_state, str(addendum.sync_state))
    problem = f" {addendum.problem}" if addendum.problem else ""
    signature = ", signed" if signed else ""
    return (f"{addendum.text}\n— {addendum.author_name}{signature}, {when:%Y-%m-%d %H:%M} "
            f"({state}){problem}")


class AddendaPanel(QWidget):
    add_requested = Signal(str)
    unlock_requested = Signal(str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("addendaPanel")
        self.written = QVBoxLayout()
        self.text = named(QPlainTextEdit(), "addendumText", "New addendum")
        self.text.setPlaceholderText("Add to the report: what was learnt or done after "
                                     "it was completed.")
        self.text.setMaximumHeight(90)
        self.add_button = named(QPushButton("Add addendum"), "addAddendumButton",
                                "Add addendum")
        self.reason = named(QLineEdit(), "unlockReason", "Reason for unlocking")
        self.reason.setPlaceholderText("Reason for unlocking (kept in the report's history)")
        self.unlock_button = named(QPushButton("Unlock to correct"), "unlockButton",
                                   "Unlock to correct")
        self._lay_out()
        self.add_button.clicked.connect(lambda: self.add_requested.emit(self.text.toPlainText()))
        self.unlock_button.clicked.connect(lambda: self.unlock_requested.emit(self.reason.text()))

    def _lay_out(self) -> None:
        column = QVBoxLayout(self)
        column.setContentsMargins(0, 0, 0, 0)
        column.addWidget(QLabel("<b>Addenda</b>"))
        column.addLayout(self.written)
        adding = QHBoxLayout()
        adding.addWidget(self.text, 1)
        adding.addWidget(self.add_button)
        column.addLayout(adding)
        unlocking = QHBoxLayout()
        unlocking.addWidget(self.reason, 1)
        unlocking.addWidget(self.unlock_button)
        column.addLayout(unlocking)

    def show_addenda(self, addenda: tuple[Addendum, ...], may_unlock: bool,
                     signed: set[str | None] | None = None) -> None:
        while self.written.count():
            item = self.written.takeAt(0)
            if item.widget() is not None:
                item.widget().deleteLater()
        for number, addendum in enumerate(addenda):
            label = QLabel(addendum_text(addendum, addendum.id in (signed or set())))
            label.setObjectName(f"addendum:{number}")
            label.setWordWrap(True)
            label.setProperty("role", "error" if addendum.problem else "")
            self.written.addWidget(label)
        if not addenda:
            self.written.addWidget(QLabel("None yet."))
        self.text.clear()
        self.reason.clear()
        self.reason.setVisible(may_unlock)
        self.unlock_button.setVisible(may_unlock)

    def set_busy(self, busy: bool) -> None:
        self.add_button.setEnabled(not busy)
        self.unlock_button.setEnabled(not busy)
