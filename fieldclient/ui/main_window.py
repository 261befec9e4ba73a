"""The main window: a stack of screens. Each screen is its own module."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtWidgets import QLabel, QMainWindow, QStackedWidget, QWidget

from fieldclient.device import Device
from fieldclient.session import Session
from fieldclient.storage.store import ListRow
from fieldclient.ui.epcr_editor import EpcrEditor
from fieldclient.ui.incident_list import IncidentListScreen
from fieldclient.ui.operations import Operations
from fieldclient.ui.signin_screen import SignInScreen

NO_FORM = ("The ePCR form is not on this device yet. Sign in online once, and it is "
           "kept here for offline use.")


class MainWindow(QMainWindow):
    def __init__(self, device: Device, operations: Operations,
                 on_saved: Callable[[], None] = lambda: None,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("mainWindow")
        self.setWindowTitle("fieldclient")
        self._device = device
        self._ops = operations
        self._on_saved = on_saved
        self._session: Session | None = None
        self.stack = QStackedWidget()
        self.signin = SignInScreen(device, operations)
        self.incidents = IncidentListScreen(operations)
        self.editor = EpcrEditor(operations)
        self.not_set_up = QLabel("This device is not set up yet. An administrator sets it "
                                 "up on its first start.")
        for screen in (self.signin, self.incidents, self.editor, self.not_set_up):
            self.stack.addWidget(screen)
        self.setCentralWidget(self.stack)
        self.signin.signedIn.connect(self._signed_in)
        self.incidents.openReport.connect(self._open_report)
        self.incidents.newReport.connect(self._new_report)
        self.editor.closed.connect(self._editor_closed)
        self.stack.setCurrentWidget(self.signin if device.is_set_up else self.not_set_up)
        self.resize(1100, 760)

    def showEvent(self, event: Any) -> None:
        super().showEvent(event)
        self.signin.check_connection()

    def _signed_in(self, session: Session) -> None:
        self._session = session
        self.incidents.show_session(session)
        self.stack.setCurrentWidget(self.incidents)

    # --- reports ----------------------------------------------------------------------------------
    def _open_report(self, row: ListRow) -> None:
        session = self._session
        assert session is not None and row.report_id is not None
        report_id = row.report_id

        def load() -> tuple[Any, Any]:
            report = session.store.report(report_id)
            form = session.store.latest_form("epcr")
            return report, form

        self._ops.run(load, lambda loaded: self._edit(loaded[1], loaded[0], None),
                      self.incidents.show_message_error)

    def _new_report(self, incident: ListRow | None) -> None:
        session = self._session
        assert session is not None
        self._ops.run(lambda: session.store.latest_form("epcr"),
                      lambda form: self._edit(form, None, incident),
                      self.incidents.show_message_error)

    def _edit(self, cached_form: Any, report: dict[str, Any] | None,
              incident: ListRow | None) -> None:
        if cached_form is None:
            self.incidents.show_message(NO_FORM, "error")
            return
        assert self._session is not None
        self.editor.open(self._session, cached_form[2], report, incident)
        self.stack.setCurrentWidget(self.editor)

    def _editor_closed(self, message: str) -> None:
        self.stack.setCurrentWidget(self.incidents)
        if message:
            self.incidents.show_message(message, "ok")
            self._on_saved()
        self.incidents.reload()
