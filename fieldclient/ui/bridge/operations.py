"""Run core calls off the GUI thread, with success and failure callbacks back on it.

Like Anki's aqt.operations: the operation itself never touches a widget. Expected
failures (FieldClientError: offline, refused, disk full...) go to `on_failure` to be
shown in plain words; anything else is a bug and goes to the crash handler.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject, QRunnable, QThreadPool, Signal

from fieldclient.plumbing.errors import FieldClientError


class _Relay(QObject):
    """Lives on the GUI thread; signals emitted from the pool arrive there queued."""

    succeeded = Signal(object)
    failed = Signal(object)


class _Task(QRunnable):
    def __init__(self, work: Callable[[], Any], relay: _Relay) -> None:
        super().__init__()
        self._work = work
        self._relay = relay

    def run(self) -> None:
        try:
            result = self._work()
        except BaseException as exc:
            self._relay.failed.emit(exc)
        else:
            self._relay.succeeded.emit(result)


class Operations(QObject):
    def __init__(self, on_bug: Callable[[BaseException], None],
                 parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._pool = QThreadPool(self)
        self._on_bug = on_bug
        self._running: set[_Relay] = set()

    def run(self, work: Callable[[], Any], on_success: Callable[[Any], None],
            on_failure: Callable[[FieldClientError], None] | None = None) -> None:
        relay = _Relay(self)
        self._running.add(relay)

        def done(result: Any) -> None:
            self._running.discard(relay)
            on_success(result)

        def failed(exc: BaseException) -> None:
            self._running.discard(relay)
            if isinstance(exc, FieldClientError) and on_failure is not None:
                on_failure(exc)
            else:
                self._on_bug(exc)

        relay.succeeded.connect(done)
        relay.failed.connect(failed)
        self._pool.start(_Task(work, relay))

    def wait(self, msecs: int = 30000) -> bool:
        return self._pool.waitForDone(msecs)
