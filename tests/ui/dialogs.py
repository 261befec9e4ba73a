"""Answering message boxes from tests: they run their own event loop (exec), so a timer
watches for the box and clicks a button once it is up."""

from __future__ import annotations

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QMessageBox


class BoxAnswerer:
    """Clicks the button starting with `choice` in the next box named `name`, and keeps
    each answered box's text. Boxes often open after a background call, hence a watch."""

    def __init__(self, name: str, choice: str) -> None:
        self.texts: list[str] = []
        self._name, self._choice = name, choice
        self._timer = QTimer(interval=20)
        self._timer.timeout.connect(self._answer)
        self._timer.start()

    def _answer(self) -> None:
        box = QApplication.activeModalWidget()
        if isinstance(box, QMessageBox) and box.objectName() == self._name:
            self._timer.stop()
            self.texts.append(box.text())
            next(b for b in box.buttons() if b.text().startswith(self._choice)).click()

    def stop(self) -> None:
        self._timer.stop()
