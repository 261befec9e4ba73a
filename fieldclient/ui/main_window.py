"""The main window: a navigator over a stack of screens, driven by the core's signals.

It keeps no session of its own. It follows CoreBridge (signed in, signed out, locked,
wiped, sync, connectivity) and asks the device for the session when a screen needs one.
When a session ends, every model that holds PHI is emptied and open dialogs are
closed before the sign-in screen shows. Each screen is its own module, built on first
use (start-up shows the sign-in screen sooner).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QTimer, Signal
from PySide6.QtGui import QAction
from PySide6.QtWidgets import (
    QApplication,
    QMainWindow,
    QMenu,
    QPushButton,
    QSizePolicy,
    QStackedWidget,
    QToolBar,
    QToolButton,
    QWidget,
)

from fieldclient.ui.bridge.core_events import CoreBridge
from fieldclient.ui.bridge.operations import Operations
from fieldclient.ui.screens.signin_screen import SignInScreen
from fieldclient.ui.widgets import theme
from fieldclient.ui.widgets.basics import ask

if TYPE_CHECKING:  # imported where first used: the first frame needs none of them
    from fieldclient.plumbing.events import ConnectivityChanged, Locked, SignedIn, SyncStatus
    from fieldclient.reports.model import Report
    from fieldclient.signin.device import Device
    from fieldclient.signin.session import Session
    from fieldclient.storage.store import ListRow
    from fieldclient.ui.admin.panel import AdminPanel
    from fieldclient.ui.screens.conflict_view import ConflictView
    from fieldclient.ui.screens.epcr_editor import EpcrEditor
    from fieldclient.ui.screens.incident_list import IncidentListScreen
    from fieldclient.ui.screens.setup_screen import SetupScreen

NO_FORM = ("The ePCR form is not on this device yet. Sign in online once, and it is "
           "kept here for offline use.")


def _own_form(session: Any, report: Any) -> tuple[int, None, dict[str, Any]] | None:
    """The form version a report was written on (never a newer one: its fields differ).
    Runs on a worker: it reads the store."""
    definition = session.store.form(report.form_id, report.form_version)
    return None if definition is None else (report.form_version, None, definition)


class MainWindow(QMainWindow):
    attached = Signal()  # the core has loaded: the device is there

    def __init__(self, bridge: CoreBridge, operations: Operations,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("mainWindow")
        self.setWindowTitle("fieldclient")
        self.bridge = bridge
        self._device: Device | None = None  # None while the core still loads (ui/app.py)
        self._ops = operations
        self._request_sync: Callable[[], None] = lambda: None
        self._editor: EpcrEditor | None = None
        self._conflict: ConflictView | None = None
        self._setup: SetupScreen | None = None
        self._admin: AdminPanel | None = None
        self._incidents: IncidentListScreen | None = None
        self.stack = QStackedWidget()
        self.signin = SignInScreen(None, operations)
        self._add_screen(self.signin)
        self.setCentralWidget(self.stack)
        self.stack.currentChanged.connect(self._name_screen)
        self._name_screen()
        self._build_toolbar()
        self._follow(bridge)
        self._idle = QTimer(self, interval=30_000)
        self._idle.timeout.connect(self.lock_if_idle)
        self._idle.start()
        self._input_events: tuple[object, ...] = ()
        self._asked_to_close = False
        self.resize(1100, 760)

    def _follow(self, bridge: CoreBridge) -> None:
        bridge.signedIn.connect(self._signed_in)
        bridge.signedOut.connect(lambda _event: self._session_ended(""))
        bridge.locked.connect(self._locked)
        bridge.deviceWiped.connect(lambda _event: self._device_wiped())
        bridge.syncStatus.connect(self.show_sync_status)
        bridge.reportsChanged.connect(lambda _event: self._reload_list())
        bridge.incidentsChanged.connect(lambda _event: self._reload_list())
        bridge.connectivityChanged.connect(self._show_connectivity)

    def _add_screen(self, screen: QWidget) -> None:
        self.stack.addWidget(screen)
        screen.windowTitleChanged.connect(self._name_screen)  # a screen's own steps

    def _name_screen(self) -> None:
        """The title says where the crew is (the taskbar, and Alt+Tab, show it)."""
        screen = self.stack.currentWidget()
        name = screen.windowTitle() if screen is not None else ""
        self.setWindowTitle(f"{name} - fieldclient" if name else "fieldclient")

    def attach(self, device: Device, request_sync: Callable[[], None]) -> None:
        """The core has loaded. request_sync: ask the sync thread to push now."""
        self._device = device
        self._request_sync = request_sync
        self.signin.attach(device)
        if not device.is_set_up:
            self.stack.setCurrentWidget(self.setup)
        self.attached.emit()

    @property
    def session(self) -> Session | None:
        """The core's signed-in session, asked for when needed (never kept here)."""
        return None if self._device is None else self._device.session

    # --- screens built on first use -----------------------------------------------
    @property
    def incidents(self) -> IncidentListScreen:
        if self._incidents is None:
            from fieldclient.plumbing.events import ConnectivityChanged
            from fieldclient.ui.screens.incident_list import IncidentListScreen

            self._incidents = IncidentListScreen(self._ops, lambda: self.session)
            self._incidents.openReport.connect(self._open_report)
            self._incidents.newReport.connect(self._new_report)
            self._add_screen(self._incidents)
            if (known := self.bridge.latest(ConnectivityChanged)) is not None:
                self._incidents.show_connectivity(known)
        return self._incidents

    @property
    def editor(self) -> EpcrEditor:
        if self._editor is None:
            from fieldclient.plumbing.events import ConnectivityChanged
            from fieldclient.ui.screens.epcr_editor import EpcrEditor

            self._editor = EpcrEditor(self._ops)
            known = self.bridge.latest(ConnectivityChanged)
            self._editor.set_online(known is None or known.online)
            self._editor.closed.connect(self._editor_closed)
            self._add_screen(self._editor)
        return self._editor

    @property
    def conflict(self) -> ConflictView:
        if self._conflict is None:
            from fieldclient.ui.screens.conflict_view import ConflictView

            self._conflict = ConflictView(self._ops)
            self._conflict.closed.connect(self._editor_closed)
            self._add_screen(self._conflict)
        return self._conflict

    @property
    def admin(self) -> AdminPanel:
        if self._admin is None:
            from fieldclient.ui.admin.panel import AdminPanel

            assert self._device is not None  # Admin Tools open only after a sign-in
            self._admin = AdminPanel(self._device, self._ops)
            self._admin.closed.connect(lambda: self.stack.setCurrentWidget(self.incidents))
            self._add_screen(self._admin)
        return self._admin

    @property
    def setup(self) -> SetupScreen:
        if self._setup is None:
            from fieldclient.ui.screens.setup_screen import SetupScreen

            self._setup = SetupScreen(self._device, self._ops)
            self._setup.setupDone.connect(lambda: self.stack.setCurrentWidget(self.signin))
            self._add_screen(self._setup)
        return self._setup

    def open_admin(self) -> None:
        session = self.session
        if session is not None:
            self.admin.open(session)
            self.stack.setCurrentWidget(self.admin)

    # --- account menu, theme and locking -----------------------------------------------
    def _build_toolbar(self) -> None:
        bar = QToolBar("Account")
        bar.setObjectName("accountToolbar")
        bar.setMovable(False)
        self.theme_button = self._tool_button("Night mode", "themeToggle",
                                              "Switch between day and night colours",
                                              self._toggle_theme)
        self.admin_button = self._tool_button("Admin Tools", "adminButton", "Admin Tools",
                                              self.open_admin)
        self.about_button = self._tool_button("About", "aboutButton", "About fieldclient",
                                              self.show_about)
        self.account_button = QToolButton()
        self.account_button.setObjectName("accountMenuButton")
        self.account_button.setAccessibleName("Account")
        self.account_button.setText("Account")
        self.account_button.setPopupMode(QToolButton.ToolButtonPopupMode.InstantPopup)
        menu = QMenu(self.account_button)
        self.change_password_action = self._menu_action(menu, "Change password…",
                                                        self.change_password)
        self.mfa_action = self._menu_action(menu, "Set up two-step sign-in…", self.set_up_mfa)
        self.lock_action = self._menu_action(menu, "Lock", self.lock)
        self.sign_out_action = self._menu_action(menu, "Sign out", self.sign_out)
        self.account_button.setMenu(menu)
        spacer = QWidget()
        spacer.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Preferred)
        bar.addWidget(spacer)
        bar.addWidget(self.admin_button)
        self._toolbar = bar
        self.admin_action.setVisible(False)
        bar.addWidget(self.theme_button)
        bar.addWidget(self.about_button)
        bar.addWidget(self.account_button)
        self.addToolBar(bar)
        self.account_button.setEnabled(False)

    @property
    def admin_action(self) -> Any:
        """The toolbar's action for Admin Tools, looked up each time: PySide6 can drop the
        wrapper `addWidget` returned while the action lives on (a RuntimeError at sign-out
        that left the list, PHI and all, on screen)."""
        return next(a for a in self._toolbar.actions()
                    if self._toolbar.widgetForAction(a) is self.admin_button)

    def _menu_action(self, menu: QMenu, text: str, triggered: Callable[[], None]) -> QAction:
        """Made here, owned by the window: the wrapper `QMenu.addAction(text, slot)` returns
        was invalidated (PySide6 6.11) after a sign-out from the menu, and the next
        sign-in crashed on it."""
        action = QAction(text, self)
        action.triggered.connect(triggered)
        menu.addAction(action)
        return action

    @staticmethod
    def _tool_button(text: str, name: str, accessible: str,
                     clicked: Callable[[], None]) -> QPushButton:
        button = QPushButton(text)
        button.setObjectName(name)
        button.setAccessibleName(accessible)
        button.clicked.connect(clicked)
        return button

    def _toggle_theme(self) -> None:
        self.apply_theme(theme.toggle(QApplication.instance()))

    def apply_theme(self, name: str) -> None:
        theme.apply(QApplication.instance(), name)
        self.theme_button.setText("Day mode" if name == "dark" else "Night mode")

    def eventFilter(self, watched: Any, event: Any) -> bool:
        if event.type() in self._input_events and self._device is not None:
            self._device.touch()
        return False

    def lock_if_idle(self) -> None:
        device = self._device
        if device is not None and device.session is not None:
            keep = self._work_to_keep()
            self._ops.run(lambda: device.lock_if_idle(before=keep), lambda _locked: None)

    def change_password(self) -> None:
        from fieldclient.ui.screens.account_dialogs import ChangePasswordDialog

        self.password_dialog = ChangePasswordDialog(self._device, self._ops, self)
        self.password_dialog.open()

    def show_about(self) -> None:
        """The same version `fieldclient --version` prints: both read the package metadata."""
        from PySide6.QtWidgets import QMessageBox

        from fieldclient import version

        self.about_box = QMessageBox(QMessageBox.Icon.Information, "About fieldclient",
                                     f"fieldclient {version()}", parent=self)
        self.about_box.setObjectName("aboutDialog")
        self.about_box.setInformativeText(
            "The field client for EMS crews: sign in and write patient care reports, with "
            "or without network.")
        self.about_box.open()

    def set_up_mfa(self) -> None:
        from fieldclient.ui.screens.account_dialogs import MfaSetupDialog

        self.mfa_dialog = MfaSetupDialog(self._device, self._ops, self)
        self.mfa_dialog.open()
        self.mfa_dialog.start()

    def lock(self) -> None:
        """The open report is kept as a draft first; the screens follow the Locked event."""
        device, keep = self._device, self._work_to_keep()
        if device is not None:
            self._ops.run(lambda: (keep(), device.lock()), lambda _r: None, parent=self)

    def sign_out(self) -> None:
        device, keep = self._device, self._work_to_keep()
        if device is not None:
            self._ops.run(lambda: (keep(), device.sign_out()), lambda _r: None, parent=self)

    def _work_to_keep(self) -> Callable[[], None]:
        """What the open editor holds, as a draft writer to run before the store closes."""
        if self._editor is not None and self.stack.currentWidget() is self._editor:
            return self._editor.draft_writer()
        return lambda: None

    # --- following the core -----------------------------------------------
    def _signed_in(self, event: SignedIn) -> None:
        session = self.session
        if session is None:  # already ended again (a lock raced the sign-in)
            return
        self.account_button.setEnabled(True)
        from fieldclient.admin.calls import is_admin

        self.admin_action.setVisible(is_admin(session.user.permissions))
        for action, text in ((self.change_password_action, "Change password…"),
                             (self.mfa_action, "Set up two-step sign-in…")):
            action.setEnabled(not session.offline)
            action.setText(f"{text} (needs an online sign-in)" if session.offline else text)
        self.incidents.show_session(session)
        self.stack.setCurrentWidget(self.incidents)
        user_id = session.user.id
        self._ops.run(lambda: session.store.drafts(user_id), self._offer_recovery,
                      lambda _error: None)  # signed out again meanwhile: nothing to offer

    def _session_ended(self, email: str) -> None:
        """Signed out, locked or wiped: no PHI stays on screen or in a model."""
        self._ops.forget_running()  # nor arrives later from a call still on its way
        for dialog in self._open_dialogs():
            dialog.reject()
        for screen in (self._incidents, self._editor, self._conflict, self._admin):
            if screen is not None:
                screen.clear()
        self.account_button.setEnabled(False)
        self.admin_action.setVisible(False)
        self.signin.email.setText(email)
        self.stack.setCurrentWidget(self.signin)

    def _open_dialogs(self) -> list[Any]:
        from PySide6.QtWidgets import QDialog

        return [d for d in self.findChildren(QDialog) if d.isVisible()]

    def _locked(self, event: Locked) -> None:
        self._session_ended(event.email)
        self.signin.show_locked()

    def _device_wiped(self) -> None:
        """Unregistered (here or by the agency): no session, no store; set up again."""
        self._session_ended("")
        self.stack.setCurrentWidget(self.setup)
        self.setup.show_wiped()

    def _reload_list(self) -> None:
        if self._incidents is not None and self.session is not None:
            self._incidents.reload()

    def _show_connectivity(self, event: ConnectivityChanged) -> None:
        self.signin.show_connectivity(event)
        if self._editor is not None:
            self._editor.set_online(event.online)
        if self._incidents is not None:
            self._incidents.show_connectivity(event)

    def show_sync_status(self, status: SyncStatus) -> None:
        if self.session is not None:
            self.incidents.show_sync_status(status)

    # --- window -----------------------------------------------
    def showEvent(self, event: Any) -> None:
        super().showEvent(event)
        # After the first frame: an application-wide Python event filter, and QEvent's
        # ~170 types bound on first use, slow the first paint by tens of ms, and idle time
        # counts in minutes.
        QTimer.singleShot(250, self._watch_input)

    @property
    def watching_input(self) -> bool:
        return bool(self._input_events)

    def _watch_input(self) -> None:
        if not self._input_events:
            from PySide6.QtCore import QEvent

            self._input_events = (QEvent.Type.KeyPress, QEvent.Type.MouseButtonPress)
            QApplication.instance().installEventFilter(self)  # input postpones auto-lock

    def close_without_asking(self) -> None:
        """The app is ending anyway (its event loop has returned): no question first."""
        self._asked_to_close = True
        self.close()

    def closeEvent(self, event: Any) -> None:
        if self._asked_to_close:
            super().closeEvent(event)
            return
        from fieldclient.plumbing.events import SyncStatus

        status = self.bridge.latest(SyncStatus)
        pending = status.pending if status is not None else 0
        if pending and not self.confirm_close(pending):
            event.ignore()
            return
        super().closeEvent(event)

    def keep_work_for_exit(self) -> None:
        """The app is being stopped from outside: the report being written becomes a draft."""
        if self._editor is not None and self.stack.currentWidget() is self._editor:
            self._editor.autosave()

    def confirm_close(self, pending: int) -> bool:
        reports = "1 report is" if pending == 1 else f"{pending} reports are"
        return ask(self, "closeWithUnsyncedDialog", "Reports not synced yet",
                   f"{reports} not synced yet. They are stored safely on this device and "
                   "will sync at the next online sign-in.", "Close fieldclient",
                   "Keep working", "information")

    # --- drafts and reports -----------------------------------------------
    def _offer_recovery(self, drafts: list[Report]) -> None:
        """A draft left behind means fieldclient stopped mid-edit: offer to bring it back."""
        session = self.session
        if not drafts or session is None:
            return
        draft = drafts[-1]
        if self.ask_recover(draft.saved_at or ""):
            self._ops.run(lambda: _own_form(session, draft),
                          lambda form: self._edit(form, draft, None), parent=self)
        else:
            self._ops.run(lambda: session.store.drop_draft(draft.id), lambda _r: None,
                          parent=self)

    def ask_recover(self, saved_at: str) -> bool:
        when = saved_at.replace("T", " ")[:16]
        return ask(self, "recoverDraftDialog", "Recover an unsaved ePCR?",
                   f"fieldclient stopped while an ePCR was open. A copy from {when} (UTC) "
                   "was kept on this device. Recover it?", "Recover the ePCR", "Discard it")

    def _open_report(self, row: ListRow) -> None:
        session = self.session
        if session is None or row.report_id is None:
            return
        report_id = row.report_id

        def load() -> tuple[Any, Any, Any]:
            report = session.store.report(report_id)
            form = _own_form(session, report) if report else None
            return report, form, session.store.server_copy(report_id)

        self._ops.run(load, lambda loaded: self._show_report(session, loaded),
                      self.incidents.show_message_error)

    def _show_report(self, session: Session, loaded: tuple[Any, Any, Any]) -> None:
        if session is not self.session:
            return  # the session ended while the report loaded
        from fieldclient.reports.model import SyncState
        report, form, theirs = loaded
        if report.sync_state != SyncState.CONFLICT or form is None:
            self._edit(form, report, None)
            return
        self.conflict.open(session, report, theirs, form[2])
        self.stack.setCurrentWidget(self.conflict)

    def _new_report(self, incident: ListRow | None) -> None:
        session = self.session
        if session is None:
            return
        self._ops.run(lambda: session.store.latest_form("epcr"),
                      lambda form: self._edit(form, None, incident),
                      self.incidents.show_message_error)

    def _edit(self, cached_form: Any, report: Report | None,
              incident: ListRow | None) -> None:
        session = self.session
        if session is None:
            return
        if cached_form is None:
            self.incidents.show_message(NO_FORM, "error")
            return
        self.editor.open(session, cached_form[2], report, incident)
        self.stack.setCurrentWidget(self.editor)

    def _editor_closed(self, message: str) -> None:
        if self.session is None:
            return
        self.stack.setCurrentWidget(self.incidents)
        if message:
            self.incidents.show_message(message, "ok", until_synced=True)
            self._request_sync()
        self.incidents.reload()
