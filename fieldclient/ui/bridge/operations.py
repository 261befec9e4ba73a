"""Run core calls off the GUI thread, with success and failure callbacks back on it.

Like Anki's aqt.operations: the operation itself never touches a widget. Expected
failures (FieldClientError: offline, refused, disk full...) go to `on_failure`; with
none given, they are shown in plain words over the widget that asked (`parent`, else
the active window). Anything else is a bug and goes to the crash handler. Each run's
relay is deleted once its answer is delivered.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QObject, QRunnable, QThreadPool, Signal

from fieldclient.plumbing.errors import FieldClientError

if TYPE_CHECKING:
    from PySide6.QtWidgets import QMessageBox, QWidget


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


def show_failure(parent: QWidget | None, error: FieldClientError) -> QMessageBox:
    """An expected failure, in plain words, over the widget that asked (not modal)."""
    from PySide6.QtCore import Qt  # not on the first frame's path (see ui/app.py)
    from PySide6.QtWidgets import QApplication, QMessageBox

    box = QMessageBox(QMessageBox.Icon.Warning, "fieldclient", str(error),
                      parent=parent or QApplication.activeWindow())
    box.setObjectName("failureMessage")
    box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    box.open()
    return box


class Operations(QObject):
    def __init__(self, on_bug: Callable[[BaseException], None],
                 parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._pool = QThreadPool(self)
        self._on_bug = on_bug
        self._running: set[_Relay] = set()
        self._stale: set[_Relay] = set()
        self._closed = False

    def run(self, work: Callable[[], Any], on_success: Callable[[Any], None],
            on_failure: Callable[[FieldClientError], None] | None = None, *,
            parent: QWidget | None = None) -> None:
        relay = _Relay(self)
        self._running.add(relay)

        def finished() -> bool:
            """True if the answer still has a screen to go to."""
            self._running.discard(relay)
            relay.deleteLater()
            stale = relay in self._stale
            self._stale.discard(relay)
            return not (self._closed or stale)

        def done(result: Any) -> None:
            if finished():
                on_success(result)

        def failed(exc: BaseException) -> None:
            if not finished() and isinstance(exc, FieldClientError):
                return  # its session or the app ended: the screens that asked are gone
            if not isinstance(exc, FieldClientError):
                self._on_bug(exc)
            elif on_failure is not None:
                on_failure(exc)
            else:
                show_failure(parent, exc)

        relay.succeeded.connect(done)
        relay.failed.connect(failed)
        self._pool.start(_Task(work, relay))

    @property
    def running(self) -> int:
        return len(self._running)

    def wait(self, msecs: int = 30000) -> bool:
        return self._pool.waitForDone(msecs)

    def forget_running(self) -> None:
        """The session ended: answers of the work running now reach no screen (a list
        page arriving after sign-out must not put names back on screen); bugs still
        reach the crash handler."""
        self._stale |= self._running

    def close(self) -> None:
        """The app is ending: answers still on their way reach no screen (bugs still
        reach the crash log)."""
        self._closed = True
