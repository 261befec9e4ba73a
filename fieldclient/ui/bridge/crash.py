"""The crash handler: bugs (not expected failures) from any thread end up here.

Logged without PHI (type and stack only, never the message, which may quote data),
shown once in a dialog that does not block the event loop; the app keeps going.
"""

from __future__ import annotations

import logging
import threading
import traceback
from types import TracebackType
from typing import Any

log = logging.getLogger(__name__)
MESSAGE = ("Something went wrong inside fieldclient. Your saved reports are safe. If this "
           "keeps happening, tell support.")


class CrashHandler:
    """Call it on the GUI thread; threads reach it through CoreBridge.report_bug."""

    def __init__(self) -> None:
        self.calls = 0
        self.dialog: Any = None
        self.quiet = False  # set once the app is ending: logged, no dialog

    def __call__(self, exc: BaseException) -> None:
        self.calls += 1
        stack = "".join(traceback.format_tb(exc.__traceback__))
        log.error("bug: %s\n%s", type(exc).__name__, stack)
        if self.dialog is None and not self.quiet:
            from PySide6.QtWidgets import QApplication, QMessageBox

            self.dialog = QMessageBox(QMessageBox.Icon.Critical, "fieldclient hit a problem",
                                      MESSAGE, parent=QApplication.activeWindow())
            self.dialog.setObjectName("crashDialog")
            self.dialog.open()

    def hook(self, kind: type[BaseException], exc: BaseException,
             tb: TracebackType | None) -> None:
        """sys.excepthook: an exception escaped a Qt slot or override."""
        if isinstance(exc, KeyboardInterrupt):
            return  # Ctrl+C is handled by StopOnSignals
        self(exc)


def install_thread_hook(report: Any) -> Any:
    """threading.excepthook: a background thread's uncaught exception is reported, never
    lost. Returns the previous hook, to put back."""
    previous = threading.excepthook

    def hook(args: threading.ExceptHookArgs) -> None:
        if args.exc_value is not None:
            log.error("bug in thread %s: %s", args.thread.name if args.thread else "?",
                      args.exc_type.__name__)
            report(args.exc_value)

    threading.excepthook = hook
    return previous
