"""Ctrl+C and SIGTERM end the client the orderly way.

Python runs signal handlers only between bytecodes, and Qt's event loop is C++. Left
alone, Ctrl+C surfaces as a KeyboardInterrupt inside whichever Qt override runs next
(the crash dialog, for a user who only wanted to stop), and SIGTERM (a session logging
out) kills the process without keeping the report being written. Like qutebrowser, the
handler only wakes a socket that Qt watches, so the stop itself runs on the GUI thread,
from the event loop.
"""

from __future__ import annotations

import signal
import socket
from collections.abc import Callable
from types import FrameType
from typing import Any

from PySide6.QtCore import QObject, QSocketNotifier

STOP_SIGNALS = (signal.SIGINT, signal.SIGTERM)


class StopOnSignals(QObject):
    """Calls `on_stop(signal number)` once, on the GUI thread, for the first stop signal."""

    def __init__(self, on_stop: Callable[[int], None], parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._on_stop = on_stop
        self._stopping = False
        self._read, self._write = socket.socketpair()
        for end in (self._read, self._write):
            end.setblocking(False)
        self._notifier = QSocketNotifier(self._read.fileno(), QSocketNotifier.Type.Read, self)
        self._notifier.activated.connect(self._woken)
        self._previous_fd = signal.set_wakeup_fd(self._write.fileno(), warn_on_full_buffer=False)
        self._previous: dict[int, Any] = {
            number: signal.signal(number, _note) for number in STOP_SIGNALS}

    def uninstall(self) -> None:
        """Give the signals back to whoever had them (at exit, or in tests)."""
        for number, handler in self._previous.items():
            signal.signal(number, handler)
        signal.set_wakeup_fd(self._previous_fd)
        self._notifier.setEnabled(False)
        self._read.close()
        self._write.close()

    def _woken(self) -> None:
        try:
            numbers = self._read.recv(64)  # the wakeup fd writes one byte per signal
        except BlockingIOError:
            return
        if numbers and not self._stopping:
            self._stopping = True  # a second Ctrl+C while stopping changes nothing
            self._on_stop(numbers[0])


def _note(_number: int, _frame: FrameType | None) -> None:
    """The Python-level handler does nothing: the wakeup byte already reached Qt."""
