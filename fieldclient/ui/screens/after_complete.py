"""Under a completed, locked report: a signed addendum, and QA's unlock.

The editor binds this to the report it opened (`bind`); the addenda panel asks, and the
work goes through the core on a worker. Expected failures (offline, refused, no text)
are said over the editor, and what the crew typed stays.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime
from typing import Any

from PySide6.QtWidgets import QWidget

from fieldclient.plumbing.errors import FieldClientError
from fieldclient.reports.model import Report
from fieldclient.signin.session import Session
from fieldclient.storage.addenda import AddendumRefused
from fieldclient.ui.bridge.operations import Operations, show_failure
from fieldclient.ui.screens.addenda_panel import AddendaPanel
from fieldclient.ui.screens.signature_dialog import SignatureDialog
from fieldforms import signatures

ADDENDUM_SAVED = "Addendum saved on this device. It will sync when the network is available."


class AfterComplete:
    def __init__(self, operations: Operations, editor: QWidget, panel: AddendaPanel, *,
                 saved: Callable[[str], None],
                 unlocked: Callable[[Session, Report], None]) -> None:
        self._ops, self._editor, self._panel = operations, editor, panel
        self._saved, self._unlocked = saved, unlocked
        self._session: Session | None = None
        self._form: dict[str, Any] = {}
        self._report_id = ""
        panel.add_requested.connect(self.add)
        panel.unlock_requested.connect(self.unlock)

    def bind(self, session: Session, form: dict[str, Any], report_id: str) -> None:
        self._session, self._form, self._report_id = session, form, report_id

    def add(self, text: str) -> None:
        """The author signs it first (the pad, their name filled in); then both are kept."""
        session, report_id, form = self._session, self._report_id, self._form
        assert session is not None
        if not text.strip():
            show_failure(self._editor, AddendumRefused("Write the addendum's text first."))
            return
        first, _, last = session.user.name.rpartition(" ")
        block = signatures.block(form, signatures.ADDENDUM_BLOCK)
        assert block is not None
        dialog = SignatureDialog(block, (first, last) if first else ("", last),
                                 parent=self._editor)
        dialog.setObjectName("addendumSignature")

        def add() -> object:
            return session.store.add_signed_addendum(
                report_id, text, dialog.given(), form, author_id=session.user.id,
                author_name=session.user.name, now=datetime.now(UTC))

        def added(_addendum: object) -> None:
            self._panel.set_busy(False)
            self._saved(ADDENDUM_SAVED)

        def signed() -> None:
            self._panel.set_busy(True)
            self._ops.run(add, added, self._refused, parent=self._editor)

        dialog.accepted.connect(signed)
        dialog.finished.connect(dialog.deleteLater)
        dialog.open()

    def unlock(self, reason: str) -> None:
        """Online: the server unlocks it; then it opens again, to be edited."""
        from fieldclient.reports.unlocking import unlock

        session, report_id = self._session, self._report_id
        assert session is not None
        self._panel.set_busy(True)

        def unlocked(report: Report | None) -> None:
            self._panel.set_busy(False)
            if report is not None:
                self._unlocked(session, report)

        def work() -> Report | None:
            unlock(session, report_id, reason)
            return session.store.report(report_id)

        self._ops.run(work, unlocked, self._refused, parent=self._editor)

    def _refused(self, error: FieldClientError) -> None:
        self._panel.set_busy(False)
        show_failure(self._editor, error)
