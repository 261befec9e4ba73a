"""Admin Tools → QA review: the queue, filtered by status, unit and day of Complete,
paged on the server; Open… reads a report and decides on it (review_dialog.py)."""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import QDate
from PySide6.QtWidgets import (
    QComboBox,
    QDateEdit,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from fieldclient.admin.reviews import (
    STATUSES,
    QueueFilter,
    QueuePage,
    QueueRow,
    ReportForReview,
    Reviews,
)
from fieldclient.plumbing.errors import FieldClientError
from fieldclient.ui.admin.review_dialog import ReviewDialog
from fieldclient.ui.bridge.operations import Operations
from fieldclient.ui.widgets.basics import named, row_table, say
from fieldclient.ui.widgets.row_model import Column, RowsModel

PAGE = 50
ANY_DAY = QDate(2000, 1, 1)  # a date edit's minimum reads "Any day"
QUEUE_COLUMNS: list[Column] = [
    ("PCR #", lambda r: r.pcr_number),
    ("Incident #", lambda r: r.incident_number),
    ("Unit", lambda r: r.unit),
    ("Completed", lambda r: f"{r.submitted_at.astimezone():%Y-%m-%d %H:%M}"
     if r.submitted_at else ""),
    ("Review", lambda r: r.status_words),
]
DECIDED = {"approved": "Approved {pcr}.", "returned": "Returned {pcr} to the crew: it "
           "reaches their laptop at its next sync."}


def _day_edit(name: str, accessible: str) -> QDateEdit:
    edit = named(QDateEdit(), name, accessible)
    edit.setCalendarPopup(True)
    edit.setDisplayFormat("yyyy-MM-dd")
    edit.setMinimumDate(ANY_DAY)
    edit.setSpecialValueText("Any day")
    edit.setDate(ANY_DAY)
    return edit


def _day(edit: QDateEdit) -> date | None:
    chosen = edit.date()
    return None if chosen == ANY_DAY else date(chosen.year(), chosen.month(), chosen.day())


class ReviewQueueScreen(QWidget):
    def __init__(self, operations: Operations, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("adminReview")
        self._ops = operations
        self._reviews: Reviews | None = None
        self._offset = 0
        self.dialog: ReviewDialog | None = None
        self.model = RowsModel(QUEUE_COLUMNS, self)
        self.table = row_table(self.model, "reviewQueue", "Reports to review")
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        self.status = named(QComboBox(), "reviewStatus", "Review status")
        for label, value in (*STATUSES, ("All", None)):
            self.status.addItem(label, value)
        self.unit = named(QLineEdit(placeholderText="Unit, e.g. Medic 7"), "reviewUnit",
                          "Unit")
        self.first_day = _day_edit("reviewFirstDay", "Completed from")
        self.last_day = _day_edit("reviewLastDay", "Completed until")
        self.search_button = named(QPushButton("Show"), "reviewSearch", "Show")
        self.open_button = named(QPushButton("Open…"), "openReview", "Open the report")
        self.open_button.setProperty("primary", True)
        self.previous = named(QPushButton("Previous"), "reviewPrevious", "Previous page")
        self.next = named(QPushButton("Next"), "reviewNext", "Next page")
        self.page_label = named(QLabel(), "reviewPage", "Page")
        self.message = named(QLabel(), "reviewQueueMessage", "Message")
        self.message.setWordWrap(True)
        self._lay_out()
        self.search_button.clicked.connect(lambda: self.load(0))
        self.unit.returnPressed.connect(lambda: self.load(0))
        self.status.currentIndexChanged.connect(lambda _i: self.load(0))
        self.previous.clicked.connect(lambda: self.load(max(0, self._offset - PAGE)))
        self.next.clicked.connect(lambda: self.load(self._offset + PAGE))
        self.open_button.clicked.connect(self.open_selected)
        self.table.activated.connect(lambda _index: self.open_selected())

    def _lay_out(self) -> None:
        filters = QHBoxLayout()
        for label, widget in (("Show", self.status), ("Unit", self.unit),
                              ("From", self.first_day), ("To", self.last_day)):
            filters.addWidget(QLabel(label))
            filters.addWidget(widget, 1)
        filters.addWidget(self.search_button)
        actions = QHBoxLayout()
        actions.addWidget(self.open_button)
        actions.addStretch(1)
        actions.addWidget(self.previous)
        actions.addWidget(self.page_label)
        actions.addWidget(self.next)
        column = QVBoxLayout(self)
        column.addLayout(filters)
        column.addWidget(self.message)
        column.addWidget(self.table, 1)
        column.addLayout(actions)

    def open(self, reviews: Reviews) -> None:
        self._reviews = reviews
        self.load(0)

    def where(self) -> QueueFilter:
        return QueueFilter(self.status.currentData(), self.unit.text(),
                           _day(self.first_day), _day(self.last_day))

    def load(self, offset: int) -> None:
        reviews, where = self._reviews, self.where()
        if reviews is not None:
            self._ops.run(lambda: reviews.page(where, offset, PAGE), self._show_page,
                          self._failed)

    def _show_page(self, page: QueuePage) -> None:
        self._offset = page.offset
        self.model.set_rows(page.rows)
        last = page.offset + len(page.rows)
        self.page_label.setText(f"{page.offset + 1} to {last} of {page.total}" if page.rows
                                else "No reports match")
        self.previous.setEnabled(page.offset > 0)
        self.next.setEnabled(last < page.total)

    def _failed(self, error: FieldClientError) -> None:
        say(self.message, str(error), "error")

    def open_selected(self) -> None:
        rows, reviews = self.table.selectionModel().selectedRows(), self._reviews
        if not rows or reviews is None:
            say(self.message, "Choose a report in the list first.", "error")
            return
        row: QueueRow = self.model.row(rows[0].row())
        self._ops.run(lambda: reviews.read(row.report_id),
                      lambda report: self._open_dialog(reviews, report, row), self._failed)

    def _open_dialog(self, reviews: Reviews, report: ReportForReview, row: QueueRow) -> None:
        title = row.pcr_number or row.incident_number
        self.dialog = dialog = ReviewDialog(reviews, report, self._ops, title, self)
        dialog.finished.connect(lambda _code: self._closed(dialog, title))
        dialog.open()

    def _closed(self, dialog: ReviewDialog, title: str) -> None:
        if dialog.decided is not None:
            say(self.message, DECIDED[dialog.decided].format(pcr=title), "ok")
        self.load(self._offset)
