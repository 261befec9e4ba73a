"""Admin Tools → Devices: the agency's laptops with what each has not uploaded, and revoke."""

from __future__ import annotations

from PySide6.QtWidgets import QHBoxLayout, QHeaderView, QLabel, QPushButton, QVBoxLayout, QWidget

from fieldclient.admin.devices import AgencyDevice, Devices, as_of, force_prompt, revoke_prompt
from fieldclient.plumbing.errors import FieldClientError
from fieldclient.ui.bridge.operations import Operations
from fieldclient.ui.widgets.basics import ask, named, row_table, say
from fieldclient.ui.widgets.row_model import Column, RowsModel


def _not_uploaded(device: AgencyDevice) -> str:
    if device.status == "revoked":
        return "—"
    if device.unsynced is None:
        return "Not reported yet"
    return f"{device.unsynced}{as_of(device)}"


DEVICE_COLUMNS: list[Column] = [
    ("Name", lambda d: d.name),
    ("Status", lambda d: d.status_words),
    ("Reports not uploaded", _not_uploaded),
    ("Registered", lambda d: f"{d.registered.astimezone():%Y-%m-%d}"),
]


class DevicesScreen(QWidget):
    def __init__(self, operations: Operations, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("adminDevices")
        self._ops = operations
        self._devices: Devices | None = None
        self.model = RowsModel(DEVICE_COLUMNS, self)
        self.table = row_table(self.model, "agencyDevices", "The agency's devices")
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        self.refresh_button = named(QPushButton("Refresh"), "refreshDevices", "Refresh")
        self.revoke_button = named(QPushButton("Revoke…"), "revokeDevice", "Revoke")
        self.force_button = named(QPushButton("Revoke now (lost or stolen)…"),
                                  "revokeDeviceNow", "Revoke now, lost or stolen")
        self.message = named(QLabel(), "devicesMessage", "Message")
        self.message.setWordWrap(True)
        actions = QHBoxLayout()
        actions.addWidget(self.refresh_button)
        actions.addStretch(1)
        actions.addWidget(self.revoke_button)
        actions.addWidget(self.force_button)
        column = QVBoxLayout(self)
        column.addWidget(QLabel("The agency's laptops. A revoke waits for each report a "
                                "laptop has not uploaded; it counts them at each sync."))
        column.addWidget(self.table, 1)
        column.addWidget(self.message)
        column.addLayout(actions)
        self.refresh_button.clicked.connect(self.reload)
        self.revoke_button.clicked.connect(lambda: self.revoke(now=False))
        self.force_button.clicked.connect(lambda: self.revoke(now=True))

    def open(self, devices: Devices) -> None:
        self._devices = devices
        self.reload()

    def reload(self) -> None:
        if self._devices is not None:
            self._ops.run(self._devices.list, self.model.set_rows, self._failed)

    def _failed(self, error: FieldClientError) -> None:
        say(self.message, str(error), "error")

    def revoke(self, *, now: bool) -> None:
        rows = self.table.selectionModel().selectedRows()
        devices = self._devices
        if not rows or devices is None:
            say(self.message, "Choose a device in the list first.", "error")
            return
        device: AgencyDevice = self.model.row(rows[0].row())
        try:
            devices.check_revocable(device)
        except FieldClientError as refused:
            self._failed(refused)
            return
        text = force_prompt(device) if now else revoke_prompt(device)
        yes = "Revoke now" if now else "Revoke"
        if not ask(self, "revokeDeviceDialog", f"Revoke {device.name}", text, yes, "Keep it",
                   "warning"):
            return

        def done(status: str) -> None:
            words = ("is revoked" if status == "revoked"
                     else "is being revoked: it is revoked once its reports are uploaded")
            say(self.message, f"{device.name} {words}.", "ok")
            self.reload()

        self._ops.run(lambda: devices.revoke(device, now=now), done, self._failed)
