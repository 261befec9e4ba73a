"""The main window: a stack of screens. Each screen is its own module."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QTimer
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

from fieldclient.plumbing.api import Reachability
from fieldclient.ui.bridge.operations import Operations
from fieldclient.ui.screens.signin_screen import SignInScreen
from fieldclient.ui.widgets import theme
from fieldclient.ui.widgets.basics import ask

if TYPE_CHECKING:  # imported where first used: the first frame needs none of them
    from fieldclient.plumbing.events import SyncStatus
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


class MainWindow(QMainWindow):
    def __init__(self, device: Device | None, operations: Operations,
                 parent: QWidget | None = None) -> None:
        """device: None while the core still loads (see ui/app.py); attach() brings it."""
        super().__init__(parent)
        self.setObjectName("mainWindow")
        self.setWindowTitle("fieldclient")
        self._device = device
        self._ops = operations
        self._on_saved: Callable[[], None] = lambda: None
        self._session: Session | None = None
        self._pending = 0
        self._online = True
        self._editor: EpcrEditor | None = None
        self._conflict: ConflictView | None = None
        self._setup: SetupScreen | None = None
        self._admin: AdminPanel | None = None
        self._incidents: IncidentListScreen | None = None
        self.stack = QStackedWidget()
        self.signin = SignInScreen(None, operations)
        self.stack.addWidget(self.signin)
        self.setCentralWidget(self.stack)
        self.signin.signedIn.connect(self._signed_in)
        self._build_toolbar()
        self._idle = QTimer(self, interval=30_000)
        self._idle.timeout.connect(self.lock_if_idle)
        self._idle.start()
        self._network = QTimer(self, interval=20_000)
        self._network.timeout.connect(self.check_network)
        self._network.start()
        self._input_events: tuple[object, ...] = ()
        self.resize(1100, 760)
        if device is not None:
            self.attach(device)

    def set_on_saved(self, on_saved: Callable[[], None]) -> None:
        """Called after each Save and Exit (the sync runner is told to push)."""
        self._on_saved = on_saved

    def attach(self, device: Device) -> None:
        self._device = device
        self.signin.attach(device)
        if not device.is_set_up:
            self.stack.setCurrentWidget(self.setup)
        elif self.isVisible():
            self.signin.check_connection()

    # --- screens built on first use: start-up shows the sign-in screen sooner ---------------------
    @property
    def incidents(self) -> IncidentListScreen:
        if self._incidents is None:
            from fieldclient.ui.screens.incident_list import IncidentListScreen

            self._incidents = IncidentListScreen(self._ops)
            self._incidents.openReport.connect(self._open_report)
            self._incidents.newReport.connect(self._new_report)
            self.stack.addWidget(self._incidents)
        return self._incidents

    @property
    def editor(self) -> EpcrEditor:
        if self._editor is None:
            from fieldclient.ui.screens.epcr_editor import EpcrEditor

            self._editor = EpcrEditor(self._ops)
            self._editor.set_online(self._online)
            self._editor.closed.connect(self._editor_closed)
            self.stack.addWidget(self._editor)
        return self._editor

    @property
    def conflict(self) -> ConflictView:
        if self._conflict is None:
            from fieldclient.ui.screens.conflict_view import ConflictView

            self._conflict = ConflictView(self._ops)
            self._conflict.closed.connect(self._editor_closed)
            self.stack.addWidget(self._conflict)
        return self._conflict

    @property
    def admin(self) -> AdminPanel:
        if self._admin is None:
            from fieldclient.ui.admin.panel import AdminPanel

            assert self._device is not None  # Admin Tools open only after a sign-in
            self._admin = AdminPanel(self._device, self._ops)
            self._admin.closed.connect(lambda: self.stack.setCurrentWidget(self.incidents))
            self._admin.deviceWiped.connect(self._device_wiped)
            self.stack.addWidget(self._admin)
        return self._admin

    def open_admin(self) -> None:
        if self._session is not None:
            self.admin.open(self._session)
            self.stack.setCurrentWidget(self.admin)

    def _device_wiped(self) -> None:
        """Unregistered from Admin Tools: no session, no store; set the device up again."""
        self._to_sign_in("")
        self.stack.setCurrentWidget(self.setup)
        self.setup.show_wiped()

    @property
    def setup(self) -> SetupScreen:
        if self._setup is None:
            from fieldclient.ui.screens.setup_screen import SetupScreen

            self._setup = SetupScreen(self._device, self._ops)
            self._setup.setupDone.connect(lambda: self.stack.setCurrentWidget(self.signin))
            self.stack.addWidget(self._setup)
        return self._setup

    # --- account menu, theme and locking ---------------------------------------------------------
    def _build_toolbar(self) -> None:
        bar = QToolBar("Account")
        bar.setObjectName("accountToolbar")
        bar.setMovable(False)
        self.theme_button = QPushButton("Night mode")
        self.theme_button.setObjectName("themeToggle")
        self.theme_button.setAccessibleName("Switch between day and night colours")
        self.theme_button.clicked.connect(self._toggle_theme)
        self.admin_button = QPushButton("Admin Tools")
        self.admin_button.setObjectName("adminButton")
        self.admin_button.setAccessibleName("Admin Tools")
        self.admin_button.clicked.connect(self.open_admin)
        self.about_button = QPushButton("About")
        self.about_button.setObjectName("aboutButton")
        self.about_button.setAccessibleName("About fieldclient")
        self.about_button.clicked.connect(self.show_about)
        self.account_button = QToolButton()
        self.account_button.setObjectName("accountMenuButton")
        self.account_button.setAccessibleName("Account")
        self.account_button.setText("Account")
        self.account_button.setPopupMode(QToolButton.ToolButtonPopupMode.InstantPopup)
        menu = QMenu(self.account_button)
        self.change_password_action = menu.addAction("Change password…",
                                                     self.change_password)
        self.mfa_action = menu.addAction("Set up two-step sign-in…", self.set_up_mfa)
        self.lock_action = menu.addAction("Lock", self.lock)
        self.sign_out_action = menu.addAction("Sign out", self.sign_out)
        self.account_button.setMenu(menu)
        spacer = QWidget()
        spacer.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Preferred)
        bar.addWidget(spacer)
        self.admin_action = bar.addWidget(self.admin_button)
        self.admin_action.setVisible(False)
        bar.addWidget(self.theme_button)
        bar.addWidget(self.about_button)
        bar.addWidget(self.account_button)
        self.addToolBar(bar)
        self.account_button.setEnabled(False)

    def _toggle_theme(self) -> None:
        self.apply_theme(theme.toggle(QApplication.instance()))

    def apply_theme(self, name: str) -> None:
        theme.apply(QApplication.instance(), name)
        self.theme_button.setText("Day mode" if name == "dark" else "Night mode")

    def eventFilter(self, watched: Any, event: Any) -> bool:
        if (event.type() in self._input_events
                and self._device is not None):
            self._device.touch()
        return False

    def lock_if_idle(self) -> None:
        if self._session is not None:
            self._ops.run(self._device.lock_if_idle,
                          lambda locked: self._locked() if locked else None)

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
        self._ops.run(self._device.lock, lambda _r: self._locked())

    def sign_out(self) -> None:
        self._ops.run(self._device.sign_out, lambda _r: self._to_sign_in(""))

    def _locked(self) -> None:
        self._to_sign_in(self._device.locked_email or "")
        self.signin.show_locked()

    def _to_sign_in(self, email: str) -> None:
        self._session = None
        self.account_button.setEnabled(False)
        self.admin_action.setVisible(False)
        self.signin.email.setText(email)
        self.stack.setCurrentWidget(self.signin)

    def showEvent(self, event: Any) -> None:
        super().showEvent(event)
        # After the first frame: the probe's thread imports httpx, which would hold the
        # GIL while the window paints. The idle watch waits a little longer: an
        # application-wide Python event filter, and QEvent's ~170 types bound on first
        # use, slow the first paint by tens of ms, and idle time counts in minutes.
        QTimer.singleShot(0, self.signin.check_connection)
        QTimer.singleShot(250, self._watch_input)

    @property
    def watching_input(self) -> bool:
        return bool(self._input_events)

    def _watch_input(self) -> None:
        if not self._input_events:
            from PySide6.QtCore import QEvent

            self._input_events = (QEvent.Type.KeyPress, QEvent.Type.MouseButtonPress)
            QApplication.instance().installEventFilter(self)  # input postpones auto-lock

    def show_sync_status(self, status: SyncStatus) -> None:
        self._pending = status.pending
        self.incidents.show_sync_status(status)

    def closeEvent(self, event: Any) -> None:
        if self._pending and not self.confirm_close(self._pending):
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

    def _signed_in(self, session: Session) -> None:
        self._session = session
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
        self._ops.run(lambda: session.store.drafts(user_id), self._offer_recovery)

    def check_network(self) -> None:
        if self._session is not None:
            self._ops.run(self._device.probe, self._show_network)

    def _show_network(self, reach: Reachability) -> None:
        self._online = online = reach is Reachability.ONLINE
        if self._editor is not None:
            self._editor.set_online(online)
        self.incidents.set_online(online)

    def _offer_recovery(self, drafts: list[dict[str, Any]]) -> None:
        """A draft left behind means fieldclient stopped mid-edit: offer to bring it back."""
        session = self._session
        if not drafts or session is None:
            return
        draft = drafts[-1]
        if self.ask_recover(draft["saved_at"]):
            self._ops.run(lambda: session.store.latest_form(draft["form_id"]),
                          lambda form: self._edit(form, draft, None))
        else:
            self._ops.run(lambda: session.store.drop_draft(draft["id"]), lambda _r: None)

    def ask_recover(self, saved_at: str) -> bool:
        when = saved_at.replace("T", " ")[:16]
        return ask(self, "recoverDraftDialog", "Recover an unsaved ePCR?",
                   f"fieldclient stopped while an ePCR was open. A copy from {when} (UTC) "
                   "was kept on this device. Recover it?", "Recover the ePCR", "Discard it")

    # --- reports ----------------------------------------------------------------------------------
    def _open_report(self, row: ListRow) -> None:
        session = self._session
        assert session is not None and row.report_id is not None
        report_id = row.report_id

        def load() -> tuple[Any, Any, Any]:
            report = session.store.report(report_id)
            form = session.store.latest_form("epcr")
            return report, form, session.store.server_copy(report_id)

        self._ops.run(load, self._show_report, self.incidents.show_message_error)

    def _show_report(self, loaded: tuple[Any, Any, Any]) -> None:
        report, form, theirs = loaded
        if report["sync_state"] != "conflict" or form is None:
            self._edit(form, report, None)
            return
        assert self._session is not None
        self.conflict.open(self._session, report, theirs, form[2])
        self.stack.setCurrentWidget(self.conflict)

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
