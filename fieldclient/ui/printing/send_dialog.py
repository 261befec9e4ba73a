"""Send to destination: the facility's address (the agency's, for the report's
destination, or typed), then Send. The PDF is made here; the server emails a link."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtWidgets import (
    QDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from fieldclient.plumbing.errors import FieldClientError
from fieldclient.reports import sending
from fieldclient.signin.session import Session
from fieldclient.ui.bridge.operations import Operations
from fieldclient.ui.widgets.basics import named, say

HOW = ("The facility gets an email with a link to this report as a PDF. The link works "
       "once, for 12 hours; the email itself holds no patient information.")


class SendDialog(QDialog):
    def __init__(self, operations: Operations, session: Session, report_id: str,
                 pdf: Callable[[], bytes], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("sendHandoffDialog")
        self.setWindowTitle("Send to destination")
        self._ops, self._session, self._report_id, self._pdf = (operations, session,
                                                                report_id, pdf)
        self.sent: sending.Sent | None = None
        self.facility = named(QLabel(), "sendFacility", "Destination")
        self.email = named(QLineEdit(), "sendEmail", "Facility email")
        self.email.setPlaceholderText("ed@hospital.org")
        self.message = named(QLabel(HOW), "sendMessage", "Message")
        self.message.setWordWrap(True)
        self.send_button = named(QPushButton("Send"), "sendButton", "Send")
        self.send_button.setProperty("primary", True)
        self.close_button = named(QPushButton("Close"), "sendClose", "Close")
        self._lay_out()
        self.send_button.clicked.connect(self.send)
        self.email.returnPressed.connect(self.send)
        self.close_button.clicked.connect(self.reject)
        self.setMinimumWidth(560)
        self._ops.run(lambda: sending.destination(session, report_id), self._found,
                      self._failed)

    def _lay_out(self) -> None:
        form = QFormLayout()
        form.addRow("Destination", self.facility)
        form.addRow("Email", self.email)
        buttons = QHBoxLayout()
        buttons.addWidget(self.close_button)
        buttons.addStretch(1)
        buttons.addWidget(self.send_button)
        column = QVBoxLayout(self)
        column.addLayout(form)
        column.addWidget(self.message)
        column.addLayout(buttons)

    def _found(self, found: sending.Destination) -> None:
        self.facility.setText(found.name or "Not named in the report")
        if found.email and not self.email.text():
            self.email.setText(found.email)

    def send(self) -> None:
        if self.sent is not None:
            return
        session, report_id, to = self._session, self._report_id, self.email.text()
        if not sending.looks_like_an_address(to):
            say(self.message, "Enter the facility's email address, like ed@hospital.org.",
                "error")
            return
        pdf = self._pdf()  # laid out here: Qt's text layout lives on the GUI thread
        self.send_button.setEnabled(False)
        self._ops.run(lambda: sending.send(session, report_id, to, pdf), self._sent,
                      self._failed)

    def _sent(self, sent: sending.Sent) -> None:
        self.sent = sent
        until = f"{sent.expires_at.astimezone():%H:%M}"
        say(self.message, f"Sent to {sent.recipient}. The link works once, until {until}.",
            "ok")
        self.close_button.setText("Done")
        self.send_button.hide()

    def _failed(self, error: FieldClientError) -> None:
        say(self.message, str(error), "error")
        self.send_button.setEnabled(self.sent is None)
