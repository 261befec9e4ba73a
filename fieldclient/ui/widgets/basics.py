"""Small helpers shared by the screens."""

from __future__ import annotations

from itertools import pairwise
from typing import Any, TypeVar

from PySide6.QtWidgets import QAbstractItemView, QLabel, QTableView, QWidget

W = TypeVar("W", bound=QWidget)


def named(widget: W, name: str, accessible: str) -> W:
    """A stable objectName for automation, and an accessible name for screen readers."""
    widget.setObjectName(name)
    widget.setAccessibleName(accessible)
    return widget


def row_table(model: Any, name: str, accessible: str) -> QTableView:
    """A read-only table that selects whole rows, one at a time, with touch-size rows."""
    table = named(QTableView(), name, accessible)
    table.setModel(model)
    table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
    table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    table.verticalHeader().setDefaultSectionSize(44)
    table.verticalHeader().hide()
    return table


def tab_order(widgets: list[QWidget]) -> None:
    """Tab moves through these in this order (PySide6 lacks Qt 6.6's list overload)."""
    for first, second in pairwise(widgets):
        QWidget.setTabOrder(first, second)


def say(label: QLabel, text: str, role: str) -> None:
    """Show a message in a label styled by role: error, warn, ok or muted."""
    label.setText(text)
    label.setProperty("role", role)
    label.style().polish(label)


def ask(parent: Any, name: str, title: str, text: str, yes: str, no: str,
        icon: str = "question") -> bool:
    """A two-choice question with buttons that say what they do. True for `yes`.

    icon: "question", "information" or "warning"."""
    from PySide6.QtWidgets import QMessageBox  # not on the first frame's path

    icons = {"question": QMessageBox.Icon.Question, "warning": QMessageBox.Icon.Warning,
             "information": QMessageBox.Icon.Information}
    box = QMessageBox(icons[icon], title, text, parent=parent)
    box.setObjectName(name)
    accept = box.addButton(yes, QMessageBox.ButtonRole.AcceptRole)
    box.addButton(no, QMessageBox.ButtonRole.RejectRole)
    box.exec()
    return box.clickedButton() is accept
