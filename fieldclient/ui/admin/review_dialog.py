"""One report under QA review: its fields in words, a comment on any of them, a note;
Approve, or Return to the crew. The decision is the server's to keep (online only)."""

from __future__ import annotations

from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPlainTextEdit,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from fieldclient.admin.reviews import ReportForReview, Reviews
from fieldclient.plumbing.errors import FieldClientError
from fieldclient.ui.admin.review_fields import COMMENT, ReviewFieldsModel
from fieldclient.ui.bridge.operations import Operations
from fieldclient.ui.widgets.basics import named, say

HOW = ("Write a comment beside each field to correct (double-click or start typing in "
       "the QA comment column), or a note for the whole report.")


class ReviewDialog(QDialog):
    def __init__(self, reviews: Reviews, report: ReportForReview, operations: Operations,
                 title: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("reviewDialog")
        self.setWindowTitle(f"Review {title}")
        self._reviews, self._report, self._ops = reviews, report, operations
        self.decided: str | None = None  # approved / returned, once the server kept it
        self.model = ReviewFieldsModel(self)
        self.model.set_fields(report.fields)
        self.table = named(QTableView(), "reviewFields", "The report's fields")
        self.table.setModel(self.model)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.DoubleClicked
                                   | QAbstractItemView.EditTrigger.EditKeyPressed
                                   | QAbstractItemView.EditTrigger.AnyKeyPressed)
        self.table.setWordWrap(True)
        self.table.verticalHeader().hide()
        self.table.verticalHeader().setDefaultSectionSize(44)
        header = self.table.horizontalHeader()
        header.resizeSection(0, 130)
        header.resizeSection(1, 280)
        header.setSectionResizeMode(2, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(COMMENT, QHeaderView.ResizeMode.Stretch)
        self.note = named(QPlainTextEdit(), "reviewNote", "Note for the crew")
        self.note.setPlaceholderText("Note for the crew (optional when you comment on fields)")
        self.note.setMaximumHeight(90)
        self.message = named(QLabel(HOW), "reviewMessage", "Message")
        self.message.setWordWrap(True)
        self.approve_button = named(QPushButton("Approve"), "approveReport", "Approve")
        self.approve_button.setProperty("primary", True)
        self.return_button = named(QPushButton("Return to the crew"), "returnReport",
                                   "Return to the crew")
        self.cancel_button = named(QPushButton("Close"), "closeReview", "Close")
        self._lay_out()
        self.approve_button.clicked.connect(lambda: self._decide("approved"))
        self.return_button.clicked.connect(lambda: self._decide("returned"))
        self.cancel_button.clicked.connect(self.reject)
        self.resize(1000, 700)

    def _lay_out(self) -> None:
        buttons = QHBoxLayout()
        buttons.addWidget(self.cancel_button)
        buttons.addStretch(1)
        buttons.addWidget(self.return_button)
        buttons.addWidget(self.approve_button)
        column = QVBoxLayout(self)
        column.addWidget(self.message)
        column.addWidget(self.table, 1)
        column.addWidget(QLabel("Note"))
        column.addWidget(self.note)
        column.addLayout(buttons)

    def _decide(self, decision: str) -> None:
        reviews, report = self._reviews, self._report
        note, comments = self.note.toPlainText(), self.model.comments()
        for button in (self.approve_button, self.return_button):
            button.setEnabled(False)

        def send() -> str:
            if decision == "approved":
                reviews.approve(report, note)
            else:
                reviews.send_back(report, note, comments)
            return decision

        self._ops.run(send, self._decided, self._refused)

    def _decided(self, decision: str) -> None:
        self.decided = decision
        self.accept()

    def _refused(self, error: FieldClientError) -> None:
        say(self.message, str(error), "error")
        for button in (self.approve_button, self.return_button):
            button.setEnabled(True)
