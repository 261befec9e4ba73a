"""The editor's Signatures page: the form's blocks, each signed or not, and signing one.

Signing keeps the report as the editor holds it (LocalStore.sign saves it first when it
changed) and binds the signature to that revision. A signature whose report has changed
since is marked "signed an earlier version", with what changed, as the crew edits. The
page shows what the store holds (`open`, and again after each signature); the editor
asks it which required blocks are still unsigned before Complete.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime
from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QPixmap
from PySide6.QtWidgets import (
    QFrame,
    QGridLayout,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from fieldclient.plumbing.errors import FieldClientError
from fieldclient.reports.model import Signature, SyncState
from fieldclient.signin.session import Session
from fieldclient.ui.bridge.operations import Operations, show_failure
from fieldclient.ui.screens.signature_dialog import SignatureDialog
from fieldclient.ui.widgets.basics import named
from fieldforms import signatures
from fieldforms.validation import Problem

# What the editor holds now: (data, status, incident id).
Current = Callable[[], tuple[dict[str, Any], str, str | None]]
SYNC_WORDS = {SyncState.SYNCED: "synced", SyncState.NOT_SYNCED: "not synced",
              SyncState.REJECTED: "not accepted by the server"}


def signature_text(signature: Signature) -> str:
    given = signature.given
    when = datetime.fromisoformat(signature.signed_at).astimezone()
    state = SYNC_WORDS.get(signature.sync_state, str(signature.sync_state))
    problem = f" {signature.problem}" if signature.problem else ""
    if not signatures.is_signed({"status": given.status}):
        label = signatures.codes("eOther.15")[given.status]
        return f"{label}, {when:%Y-%m-%d %H:%M} ({state}){problem}"
    signer = signatures.codes("eOther.12")[given.signer_type]
    return f"Signed by {signature.name} ({signer}), {when:%Y-%m-%d %H:%M} ({state}){problem}"


def earlier_version_text(form: dict[str, Any], signature: Signature,
                         data: dict[str, Any]) -> str:
    """'' when the report still says what was signed; else each change since."""
    changes = signatures.changes(form, signature.signed_data, data)
    if not changes:
        return ""
    shown = "; ".join(f"{c.label}: {c.before or '(empty)'} → {c.after or '(empty)'}"
                      for c in changes[:8])
    more = f"; and {len(changes) - 8} more" if len(changes) > 8 else ""
    return (f"Signed an earlier version (revision {signature.signed_revision}). "
            f"Changed since: {shown}{more}.")


class SignaturesPage(QWidget):
    signed = Signal()  # a signature was kept: the report is saved on this device

    def __init__(self, operations: Operations, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("signaturesPage")
        self._ops = operations
        self._session: Session | None = None
        self._form: dict[str, Any] = {}
        self._report_id = ""
        self._current: Current = lambda: ({}, "in_progress", None)
        self._signatures: tuple[Signature, ...] = ()
        self._column = QVBoxLayout(self)
        self._column.setAlignment(Qt.AlignmentFlag.AlignTop)

    def open(self, session: Session, form: dict[str, Any], report_id: str,
             held: tuple[Signature, ...], current: Current) -> None:
        self._session, self._form, self._report_id = session, form, report_id
        self._signatures, self._current = held, current
        self.refresh(current()[0])

    def given_blocks(self) -> set[str]:
        return {s.given.block for s in self._signatures}

    def unsigned(self, data: dict[str, Any]) -> list[Problem]:
        """A problem for each block these answers require that has no signature."""
        return [Problem(f"signature:{b['key']}", f"{b['label']}: a signature is required "
                        "(or say why it could not be had).")
                for b in signatures.missing(self._form, data, self.given_blocks())]

    # --- showing -----------------------------------------------------------------------
    def refresh(self, data: dict[str, Any]) -> None:
        while self._column.count():
            widget = self._column.takeAt(0).widget()
            if widget is not None:  # gone at once, not when deleteLater runs
                widget.setParent(None)
                widget.deleteLater()
        for block in signatures.blocks(self._form):
            self._column.addWidget(self._block_frame(block, data))

    def _block_frame(self, block: dict[str, Any], data: dict[str, Any]) -> QFrame:
        key = block["key"]
        given = [s for s in self._signatures if s.given.block == key]
        frame = QFrame()
        frame.setFrameShape(QFrame.Shape.StyledPanel)
        grid = QGridLayout(frame)
        required = " (required)" if signatures.is_required(block, data) else ""
        grid.addWidget(named(QLabel(f"<b>{block['label']}</b>{required}"),
                             f"signatureBlock:{key}", block["label"] + required), 0, 0)
        state = named(QLabel(signature_text(given[-1]) if given else "Not signed"),
                      f"signatureState:{key}", f"{block['label']}: state")
        state.setWordWrap(True)
        grid.addWidget(state, 1, 0)
        if given:
            grid.addWidget(self._mark(key, earlier_version_text(self._form, given[-1], data)),
                           2, 0)
            grid.addWidget(self._image(key, given[-1]), 0, 1, 3, 1)
        button = named(QPushButton("Sign again" if given else "Sign"), f"sign:{key}",
                       f"Sign: {block['label']}")
        button.setProperty("primary", not given and bool(required))
        button.clicked.connect(lambda: self._sign(block))
        grid.addWidget(button, 0, 2, 3, 1)
        grid.setColumnStretch(0, 1)
        return frame

    @staticmethod
    def _mark(key: str, text: str) -> QLabel:
        mark = named(QLabel(text), f"signatureMark:{key}", "Signed an earlier version")
        mark.setWordWrap(True)
        mark.setProperty("role", "warn")
        mark.setVisible(bool(text))
        return mark

    @staticmethod
    def _image(key: str, signature: Signature) -> QLabel:
        image = named(QLabel(), f"signatureImage:{key}", "The signature")
        pixmap = QPixmap()
        if signature.given.image and pixmap.loadFromData(signature.given.image, "PNG"):
            image.setPixmap(pixmap.scaledToHeight(72, Qt.TransformationMode.SmoothTransformation))
        return image

    # --- signing -----------------------------------------------------------------------
    def _sign(self, block: dict[str, Any]) -> None:
        dialog = SignatureDialog(block, parent=self.window())
        dialog.accepted.connect(lambda: self._keep(dialog.given()))
        dialog.finished.connect(dialog.deleteLater)
        dialog.open()

    def _keep(self, given: Any) -> None:
        session, form, report_id = self._session, self._form, self._report_id
        assert session is not None
        data, status, incident_id = self._current()

        def work() -> tuple[Signature, ...]:
            session.store.sign(report_id, given, form, data=data, status=status,
                               author_id=session.user.id, now=datetime.now(UTC),
                               incident_id=incident_id)
            return session.store.signatures.of(report_id)

        def kept(held: tuple[Signature, ...]) -> None:
            self._signatures = held
            self.refresh(self._current()[0])
            self.signed.emit()

        def refused(error: FieldClientError) -> None:
            show_failure(self, error)

        self._ops.run(work, kept, refused, parent=self)
