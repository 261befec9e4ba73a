"""Admin Tools → This device: users cached for offline sign-in; unregister and wipe."""

from __future__ import annotations

from datetime import datetime

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from fieldclient.admin.this_device import WIPE_WORD, OfflineUser, ThisDevice, Unsynced
from fieldclient.plumbing.errors import FieldClientError
from fieldclient.ui.bridge.operations import Operations
from fieldclient.ui.widgets.basics import ask, named, row_table, say
from fieldclient.ui.widgets.row_model import Column, RowsModel


def when(moment: datetime | None) -> str:
    return moment.astimezone().strftime("%Y-%m-%d %H:%M") if moment else "—"


USER_COLUMNS: list[Column] = [
    ("Name", lambda u: u.name), ("Email", lambda u: u.email),
    ("Last online sign-in", lambda u: when(u.last_online)),
    ("Offline access until", lambda u: when(u.offline_until)),
    ("Offline sign-in", lambda u: u.offline),
    ("Failed attempts", lambda u: str(u.failed_attempts)),
]


def remove_prompt(user: OfflineUser) -> str:
    return (f"Remove {user.name} from this device?\n\nThey can no longer sign in here "
            "offline until they sign in online again. Reports they wrote stay on the device.")


def loss_text(unsynced: Unsynced) -> str:
    if not unsynced.total:
        return "Every report on this device is synced: nothing unsynced would be lost."
    parts = []
    if unsynced.reports:
        parts.append("1 report that is not synced" if unsynced.reports == 1
                     else f"{unsynced.reports} reports that are not synced")
    if unsynced.drafts:
        parts.append("1 unsaved draft" if unsynced.drafts == 1
                     else f"{unsynced.drafts} unsaved drafts")
    return f"{' and '.join(parts).capitalize()} would be lost for good."


class WipeDialog(QDialog):
    """Typed confirmation: the button stays off until WIPE is typed."""

    def __init__(self, unsynced: Unsynced, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("wipeDialog")
        self.setWindowTitle("Unregister and wipe this device")
        self.loss = named(QLabel(loss_text(unsynced)), "wipeLoss", "What would be lost")
        self.loss.setProperty("role", "error" if unsynced.total else "muted")
        self.loss.setWordWrap(True)
        explain = QLabel("The agency server stops trusting this device, and its encrypted "
                         "reports, drafts and offline sign-ins are erased from this computer. "
                         "It must be set up again before anyone can use it.")
        explain.setWordWrap(True)
        self.typed = named(QLineEdit(placeholderText=f"Type {WIPE_WORD} to confirm"),
                           "wipeTyped", f"Type {WIPE_WORD} to confirm")
        self.message = named(QLabel(), "wipeMessage", "Message")
        self.message.setWordWrap(True)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)
        self.wipe = named(buttons.addButton("Unregister and wipe",
                                            QDialogButtonBox.ButtonRole.DestructiveRole),
                          "wipeButton", "Unregister and wipe")
        self.wipe.setEnabled(False)
        buttons.rejected.connect(self.reject)
        self.typed.textChanged.connect(
            lambda text: self.wipe.setEnabled(text.strip() == WIPE_WORD))
        column = QVBoxLayout(self)
        for widget in (explain, self.loss, QLabel(f"Type {WIPE_WORD} to confirm:"),
                       self.typed, self.message, buttons):
            column.addWidget(widget)
        self.setMinimumWidth(560)


class DeviceScreen(QWidget):
    wiped = Signal()

    def __init__(self, this_device: ThisDevice, operations: Operations,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("adminDevice")
        self._device, self._ops = this_device, operations
        self.dialog: WipeDialog | None = None
        self.model = RowsModel(USER_COLUMNS, self)
        self.table = row_table(self.model, "deviceUsers", "Users who can sign in here")
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        self.remove_button = named(QPushButton("Remove from this device"),
                                   "removeCachedUser", "Remove from this device")
        self.wipe_button = named(QPushButton("Unregister and wipe this device…"),
                                 "unregisterDevice", "Unregister and wipe this device")
        self.message = named(QLabel(), "deviceMessage", "Message")
        self.message.setWordWrap(True)
        actions = QHBoxLayout()
        actions.addWidget(self.remove_button)
        actions.addStretch(1)
        actions.addWidget(self.wipe_button)
        column = QVBoxLayout(self)
        column.addWidget(QLabel("Users who signed in online here, for offline sign-in:"))
        column.addWidget(self.table, 1)
        column.addWidget(self.message)
        column.addLayout(actions)
        self.remove_button.clicked.connect(self.remove_user)
        self.wipe_button.clicked.connect(self.open_wipe)

    def open(self) -> None:
        self._ops.run(self._device.users, self.model.set_rows, self._failed)

    def _failed(self, error: FieldClientError) -> None:
        say(self.message, str(error), "error")

    def remove_user(self) -> None:
        rows = self.table.selectionModel().selectedRows()
        if not rows:
            say(self.message, "Choose a user in the list first.", "error")
            return
        user: OfflineUser = self.model.row(rows[0].row())
        if not ask(self, "removeCachedUserDialog", "Remove from this device",
                   remove_prompt(user), f"Remove {user.name}", "Keep", "warning"):
            return
        device = self._device

        def removed(_r: None) -> None:
            say(self.message, f"Removed {user.name} from this device.", "ok")
            self.open()

        self._ops.run(lambda: device.remove_user(user.user_id), removed, self._failed)

    def open_wipe(self) -> None:
        self._ops.run(self._device.unsynced, self._show_wipe, self._failed)

    def _show_wipe(self, unsynced: Unsynced) -> None:
        self.dialog = dialog = WipeDialog(unsynced, self)
        dialog.wipe.clicked.connect(lambda: self._wipe(dialog))
        dialog.open()

    def _wipe(self, dialog: WipeDialog) -> None:
        typed, device = dialog.typed.text(), self._device
        dialog.wipe.setEnabled(False)

        def failed(error: FieldClientError) -> None:
            say(dialog.message, str(error), "error")
            dialog.wipe.setEnabled(True)

        def done(_r: None) -> None:
            dialog.accept()
            self.wiped.emit()

        self._ops.run(lambda: device.unregister(typed), done, failed)
