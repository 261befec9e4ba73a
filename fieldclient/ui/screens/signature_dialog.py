"""Signing one block: its words above the pad, who signs, their name, and the pad.

Or, where the signature cannot be had, why not (NEMSIS eOther.15's "Not Signed" reasons):
that satisfies a required block too, and is exported as such. The dialog only collects;
the signatures page keeps what it collected (`given`).
"""

from __future__ import annotations

from typing import Any

from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from fieldclient.reports.model import Given
from fieldclient.ui.widgets.basics import named
from fieldclient.ui.widgets.signature_pad import SignaturePad
from fieldforms import signatures


class SignatureDialog(QDialog):
    def __init__(self, block: dict[str, Any], signer_name: tuple[str, str] = ("", ""),
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("signatureDialog")
        self.setWindowTitle(f"Sign: {block['label']}")
        self._block = block
        self.words = QLabel(block.get("language", ""))
        self.words.setObjectName("signatureWords")
        self.words.setWordWrap(True)
        self.signer = named(QComboBox(), "signerType", "Who signs")
        for code in block["signers"]:
            self.signer.addItem(signatures.codes("eOther.12")[code], code)
        self.relationship = named(QComboBox(), "signerRelationship", "Relationship to the "
                                  "patient")
        for code, label in signatures.codes("eOther.14").items():
            self.relationship.addItem(label, code)
        self.first_name = named(QLineEdit(signer_name[0]), "signerFirstName", "First name")
        self.last_name = named(QLineEdit(signer_name[1]), "signerLastName", "Last name")
        self.status = named(QComboBox(), "signatureStatus", "Signed, or why not")
        self.status.addItem("Signed", signatures.SIGNED)
        for code, label in signatures.not_signed_statuses().items():
            self.status.addItem(label, code)
        self.pad = SignaturePad()
        self.undo_button = named(QPushButton("Undo stroke"), "undoStroke", "Undo stroke")
        self.clear_button = named(QPushButton("Clear"), "clearPad", "Clear the pad")
        self.save_button = named(QPushButton("Save signature"), "saveSignature",
                                 "Save signature")
        self.save_button.setProperty("primary", True)
        self.cancel_button = named(QPushButton("Cancel"), "cancelSignature", "Cancel")
        self._lay_out()
        self._connect()
        self._update()

    def _lay_out(self) -> None:
        who = self._who = QFormLayout()
        who.addRow("Signed by", self.signer)
        who.addRow("Relationship", self.relationship)
        who.addRow("First name", self.first_name)
        who.addRow("Last name", self.last_name)
        who.addRow("Signature", self.status)
        pad_actions = QHBoxLayout()
        pad_actions.addWidget(self.undo_button)
        pad_actions.addWidget(self.clear_button)
        pad_actions.addStretch(1)
        pad_actions.addWidget(self.cancel_button)
        pad_actions.addWidget(self.save_button)
        column = QVBoxLayout(self)
        column.addWidget(self.words)
        column.addLayout(who)
        column.addWidget(self.pad, 1)
        column.addLayout(pad_actions)

    def _connect(self) -> None:
        self.pad.changed.connect(self._update)
        for box in (self.signer, self.status):
            box.currentIndexChanged.connect(self._update)
        for line in (self.first_name, self.last_name):
            line.textChanged.connect(self._update)
        self.undo_button.clicked.connect(self.pad.undo)
        self.clear_button.clicked.connect(self.pad.clear)
        self.save_button.clicked.connect(self.accept)
        self.cancel_button.clicked.connect(self.reject)

    def _signing(self) -> bool:
        return self.status.currentData() == signatures.SIGNED

    def _update(self) -> None:
        """Only what applies is shown; Save waits for a name and a signature."""
        signing = self._signing()
        self._who.setRowVisible(self.relationship, self.signer.currentData()
                                == signatures.PATIENT_REPRESENTATIVE)
        for widget in (self.pad, self.undo_button, self.clear_button):
            widget.setEnabled(signing)
        self.save_button.setEnabled(not signing or (
            bool(self.last_name.text().strip()) and not self.pad.is_blank()))

    def given(self) -> Given:
        signing = self._signing()
        representative = self.signer.currentData() == signatures.PATIENT_REPRESENTATIVE
        return Given(block=self._block["key"], signer_type=self.signer.currentData(),
                     reasons=tuple(self._block["reasons"]), status=self.status.currentData(),
                     first_name=self.first_name.text().strip(),
                     last_name=self.last_name.text().strip(),
                     relationship=self.relationship.currentData() if representative else None,
                     image=self.pad.png() if signing else None)
