"""The ePCR editor, rendered from the cached form definition.

Save and Exit always saves, even an incomplete report; Complete needs a valid one.
Problems show inline and in a summary whose entries jump to their field.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable
from datetime import UTC, datetime
from typing import Any

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtWidgets import (
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QScrollArea,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from fieldclient.reports.model import Report, ReportStatus, is_locked, may_unlock
from fieldclient.signin.session import Session
from fieldclient.storage.access_log import VIEWED
from fieldclient.storage.store import ListRow
from fieldclient.ui.bridge.operations import Operations
from fieldclient.ui.printing.handoff_actions import HandoffActions
from fieldclient.ui.screens.addenda_panel import AddendaPanel
from fieldclient.ui.screens.after_complete import AfterComplete
from fieldclient.ui.screens.cell_editor import NOT_APPLICABLE, CellEditor
from fieldclient.ui.screens.editor_factory import editor_for
from fieldclient.ui.screens.field_editors import FieldEditor
from fieldclient.ui.screens.group_editor import GroupEditor
from fieldclient.ui.screens.review_notes import ReviewNotes
from fieldclient.ui.screens.signatures_page import SignaturesPage
from fieldclient.ui.widgets.basics import tab_order
from fieldforms import signatures
from fieldforms.nemsis.shape import has_answer
from fieldforms.validation import Problem, validate

LOCKED = ("Completed, so it is locked: add an addendum below. To change a field, QA "
          "unlocks the report.")
SAVED_HERE = "Saved on this device. It will sync when the network is available."
COMPLETED_HERE = ("Completed and saved on this device. It will sync when the network is "
                  "available.")
AUTOSAVE_MS = 30_000
NO_NETWORK = ("No network. Keep working: everything is saved on this device and syncs "
              "when the connection is back.")


class EpcrEditor(QWidget):
    closed = Signal(str)  # a message for the list, or "" when nothing was saved

    def __init__(self, operations: Operations, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("ePCR")  # the main window's title names the screen
        self.setObjectName("epcrEditor")
        self._ops = operations
        self._session: Session | None = None
        self._form: dict[str, Any] = {}
        self._report_id = ""
        self._incident_id: str | None = None
        self._status = ReportStatus.IN_PROGRESS
        self._checking_completeness = False  # after Complete, edits are checked the same way
        self._kept: dict[str, Any] = {}  # what the report holds that no field here shows
        self._auto_na: set[str] = set()  # fields the Schematron's rules made Not Applicable
        self.editors: dict[str, FieldEditor | GroupEditor] = {}
        self.signing: SignaturesPage | None = None  # when the form has signature blocks
        self._errors: dict[str, QLabel] = {}
        self._page_of: dict[str, int] = {}
        self.sections = QListWidget()
        self.sections.setObjectName("sectionList")
        self.sections.setAccessibleName("Sections")
        self.sections.setMaximumWidth(240)
        self.pages = QStackedWidget()
        self.summary = QListWidget()
        self.summary.setObjectName("validationSummary")
        self.summary.setAccessibleName("Problems to fix")
        self.summary.setMaximumHeight(150)
        self.title = QLabel()
        self.banner = QLabel(NO_NETWORK)
        self.banner.setObjectName("connectionBanner")
        self.banner.setProperty("role", "warn")
        self.banner.setWordWrap(True)
        self.banner.hide()
        self.save_button = self._button("Save and Exit", "saveExitButton", primary=True)
        self.complete_button = self._button("Complete", "completeButton")
        self.reopen_button = self._button("Reopen to edit", "reopenButton")
        self.locked_note = QLabel(LOCKED)
        self.locked_note.setObjectName("reportLockedNote")
        self.locked_note.setProperty("role", "muted")
        self.locked_note.setWordWrap(True)
        self.locked_note.hide()
        self._locked = False
        self.addenda = AddendaPanel()
        self.addenda.hide()
        self.review = ReviewNotes()
        self.after_complete = AfterComplete(operations, self, self.addenda,
                                            saved=self.closed.emit, unlocked=self._reopened)
        self.cancel_button = self._button("Close without saving", "cancelButton")
        self.handoff = HandoffActions(operations, self, self._holding)
        self._lay_out()
        self.sections.currentRowChanged.connect(self.pages.setCurrentIndex)
        self.summary.itemActivated.connect(self._jump)
        self.summary.itemClicked.connect(self._jump)
        self.save_button.clicked.connect(self.save_and_exit)
        self.complete_button.clicked.connect(self.complete)
        self.reopen_button.clicked.connect(lambda: self._set_read_only(False))
        self.cancel_button.clicked.connect(self.discard)
        self._recheck = QTimer(self, singleShot=True, interval=400)
        self._recheck.timeout.connect(self.recheck)
        self.autosave_timer = QTimer(self, interval=AUTOSAVE_MS)
        self.autosave_timer.timeout.connect(self.autosave)

    def _button(self, text: str, name: str, primary: bool = False) -> QPushButton:
        button = QPushButton(text)
        button.setObjectName(name)
        button.setAccessibleName(text)
        button.setProperty("primary", primary)
        return button

    def _lay_out(self) -> None:
        actions = QHBoxLayout()
        actions.addWidget(self.title, 1)
        for button in (self.handoff.button, self.cancel_button, self.reopen_button,
                       self.complete_button, self.save_button):
            actions.addWidget(button)
        body = QHBoxLayout()
        body.addWidget(self.sections)
        body.addWidget(self.pages, 1)
        column = QVBoxLayout(self)
        column.addLayout(actions)
        column.addWidget(self.locked_note)
        column.addWidget(self.addenda)
        column.addWidget(self.review.banner)
        column.addWidget(self.banner)
        column.addLayout(body, 1)
        column.addWidget(QLabel("Problems"))
        column.addWidget(self.summary)

    # --- opening --------------------------------------------------------------------------------
    def open(self, session: Session, form: dict[str, Any], report: Report | None,
             incident: ListRow | None = None) -> None:
        self._session, self._form = session, form
        self._report_id = report.id if report else str(uuid.uuid4())
        self._incident_id = report.incident_id if report else (
            incident.incident_id if incident else None)
        self._status = report.status if report else ReportStatus.IN_PROGRESS
        self._locked = report is not None and is_locked(report)
        self.after_complete.bind(session, form, self._report_id)
        self._build()
        if report is not None and self._locked:
            self.addenda.show_addenda(report.addenda,
                                      may_unlock(report, session.user.permissions),
                                      {s.given.addendum_id for s in report.signatures})
        data = dict(report.data) if report else self._new_data(incident)
        for key, editor in self.editors.items():
            editor.set_value(data.get(key))
        self._kept = {k: v for k, v in data.items() if k not in self.editors}
        if self.signing is not None:
            self.signing.open(session, form, self._report_id,
                              report.signatures if report else (), self._now)
        if report is not None:  # every view of a report is in the audit log
            self._ops.run(lambda: session.store.access.record(
                session.user.id, VIEWED, report.id, datetime.now(UTC)), lambda _r: None)
        self._auto_na = set()
        if self._nemsis():
            self._ops.run(_warm_up_checks, lambda _r: None, lambda _e: None)
        self._set_read_only(self._status == ReportStatus.COMPLETED)
        self.review.show(report.review if report else None, self._status)
        self._checking_completeness = False
        self.autosave_timer.start()
        self.title.setText(f"<h2>ePCR {data.get('eRecord.01', '')}</h2>")
        self.summary.clear()
        self.sections.setCurrentRow(0)

    def _new_data(self, incident: ListRow | None) -> dict[str, Any]:
        data: dict[str, Any] = {"eRecord.01": f"PCR-{self._report_id[:8].upper()}"}
        if incident is not None:
            data |= {"eResponse.03": incident.incident_number, "eResponse.14": incident.unit}
        return data

    def _build(self) -> None:
        self.sections.clear()
        while self.pages.count():
            page = self.pages.widget(0)
            self.pages.removeWidget(page)
            page.deleteLater()
        self.editors, self._errors, self._page_of = {}, {}, {}
        self.review.forget_fields()
        for number, section in enumerate(self._form["sections"]):
            self.sections.addItem(section["label"])
            self.pages.addWidget(self._page(section, number))
        self.signing = self._signing_page() if signatures.blocks(self._form) else None
        # Pages are built after the buttons, so Tab would reach the buttons first. The
        # order follows the work instead: sections, the fields, problems, then actions.
        tab_order([self.sections, *self._page_widgets(), self.summary, self.save_button,
                   self.complete_button, self.reopen_button, self.cancel_button])

    def _page_widgets(self) -> list[QWidget]:
        """The pages' Tab stops, in their current focus-chain order."""
        found, widget = [], self.sections.nextInFocusChain()
        while widget is not self.sections:
            if (self.pages.isAncestorOf(widget)
                    and widget.focusPolicy() & Qt.FocusPolicy.TabFocus):
                found.append(widget)
            widget = widget.nextInFocusChain()
        return found

    def _page(self, section: dict[str, Any], number: int) -> QScrollArea:
        inner = QWidget()
        form = QFormLayout(inner)
        if any(_allows_not_applicable(f) for f in section["fields"]):
            none_here = self._button("Not applicable: every empty field here",
                                     f"notApplicable:{section['key']}")
            none_here.clicked.connect(lambda: self.not_applicable(section))
            form.addRow("", none_here)
        for field in section["fields"]:
            if field.get("hidden") or field.get("auto") == "set_up":
                continue  # set-up fills these, never the crew; kept as the report has them
            editor: FieldEditor | GroupEditor
            if field["type"] == "group":
                editor = GroupEditor(field)
            else:
                editor = editor_for(field, field["key"])
            editor.changed.connect(self._recheck.start)
            error = QLabel()
            error.setObjectName(f"error:{field['key']}")
            error.setProperty("role", "error")
            error.setWordWrap(True)
            error.hide()
            label = field["label"] + (" *" if field.get("required") == "required" else "")
            form.addRow(label, editor)
            form.addRow("", error)
            form.addRow("", self.review.label_for(
                field["key"], [inner["key"] for inner in field.get("fields", [])]))
            self.editors[field["key"]] = editor
            self._errors[field["key"]] = error
            self._page_of[field["key"]] = number
        scroll = QScrollArea()
        scroll.setFocusPolicy(Qt.FocusPolicy.NoFocus)  # Tab goes to the fields, not the frame
        scroll.setWidgetResizable(True)
        scroll.setWidget(inner)
        return scroll

    def _signing_page(self) -> SignaturesPage:
        page = SignaturesPage(self._ops)
        number = self.pages.count()
        self.sections.addItem("Signatures")
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setWidget(page)
        self.pages.addWidget(scroll)
        self._page_of |= {f"signature:{b['key']}": number
                          for b in signatures.blocks(self._form)}
        return page

    def _holding(self) -> tuple[Session | None, str, dict[str, Any], dict[str, Any], str]:
        """What the handoff report is made of: the report as the editor holds it."""
        return self._session, self._report_id, self._form, self.data(), self._status

    def _now(self) -> tuple[dict[str, Any], str, str | None]:
        """What the editor holds now, for a signature of it."""
        return self.data(), self._status, self._incident_id

    def _set_read_only(self, read_only: bool) -> None:
        for editor in self.editors.values():
            editor.set_read_only(read_only)
        self.save_button.setVisible(not read_only)
        self.complete_button.setVisible(not read_only)
        self.reopen_button.setVisible(read_only and not self._locked)
        self.locked_note.setVisible(read_only and self._locked)
        self.addenda.setVisible(read_only and self._locked)

    # --- data and problems ----------------------------------------------------------------------
    def data(self) -> dict[str, Any]:
        values = {key: editor.value() for key, editor in self.editors.items()}
        return {**self._kept, **{k: v for k, v in values.items() if v is not None}}

    def _nemsis(self) -> bool:
        return self._form.get("data_shape") == "nemsis"

    # --- NOT values -----------------------------------------------------------------------
    def not_applicable(self, section: dict[str, Any]) -> None:
        """One tap: every empty field of the section that may be Not Applicable is."""
        for field in section["fields"]:
            editor = self.editors.get(field["key"])
            if isinstance(editor, CellEditor) and editor.is_empty():
                editor.set_not_value(NOT_APPLICABLE)
            elif isinstance(editor, GroupEditor) and not editor.rows \
                    and all(_allows_not_applicable(f) for f in field["fields"]):
                for cell in editor.add_row().editors.values():
                    if isinstance(cell, CellEditor):
                        cell.set_not_value(NOT_APPLICABLE)

    def apply_rules(self) -> None:
        """The national Schematron's "should only be recorded when": where the answer
        rules a field out, it is Not Applicable; where the answer changes back, it is
        empty again (only those this did, never the crew's own)."""
        data = self.data()
        for rule in self._form.get("rules", []):
            editor = self.editors.get(rule.get("field", ""))
            if rule["type"] != "not_applicable_unless" or not isinstance(editor, CellEditor):
                continue
            answer = data.get(rule["when_field"])
            if not has_answer(answer):
                continue
            ruled_out = answer not in rule["in"]
            if ruled_out and editor.is_empty():
                editor.set_not_value(NOT_APPLICABLE)
                self._auto_na.add(rule["field"])
            elif not ruled_out and rule["field"] in self._auto_na:
                self._auto_na.discard(rule["field"])
                if editor.not_value() == NOT_APPLICABLE:
                    editor.set_value(None)

    def problems(self, complete: bool) -> list[Problem]:
        return validate(self._form, self.data(), complete=complete, now=datetime.now(UTC))

    def recheck(self) -> None:
        """Show problems as the crew edits: draft checks, or all of them after Complete."""
        if self._nemsis():
            self.apply_rules()
        self.show_problems(self.problems(complete=self._checking_completeness))
        if self.signing is not None:
            self.signing.refresh(self.data())  # marks what changed since a signature

    def check_completeness(self) -> list[Problem]:
        self._checking_completeness = True
        problems = self.problems(complete=True)
        self.show_problems(problems)
        return problems

    def show_problems(self, problems: list[Problem]) -> None:
        labels = dict(self._errors)
        for editor in self.editors.values():
            if isinstance(editor, GroupEditor):
                labels |= editor.errors()
        by_field: dict[str, list[str]] = {}
        for problem in problems:
            by_field.setdefault(problem.field, []).append(problem.message)
        for path, label in labels.items():
            messages = by_field.get(path)
            label.setText(" ".join(messages or []))
            label.setVisible(bool(messages))
        self.summary.clear()
        for problem in sorted(problems, key=lambda p: p.severity != "error"):
            warning = problem.severity == "warning"
            item = QListWidgetItem(f"Warning: {problem.message}" if warning else problem.message)
            item.setData(Qt.ItemDataRole.UserRole, problem.field)
            self.summary.addItem(item)

    def _jump(self, item: QListWidgetItem) -> None:
        path = item.data(Qt.ItemDataRole.UserRole) or ""
        top = path.split("[")[0] if "[" in path else path
        self.sections.setCurrentRow(self._page_of.get(top, self._page_of.get(path, 0)))
        name = f"sign:{path.split(':', 1)[1]}" if path.startswith("signature:") else \
            f"field:{path}"
        target = self.findChild(QWidget, name)
        if target is not None:
            target.setFocus(Qt.FocusReason.OtherFocusReason)

    def set_online(self, online: bool) -> None:
        """If the connection drops while editing, say so; the work carries on."""
        self.banner.setVisible(not online)

    # --- saving -----------------------------------------------------------------------------------
    def autosave(self) -> None:
        """Keep a draft (in the encrypted store) that survives a crash or power loss."""
        self._ops.run(self.draft_writer(), lambda _r: None, lambda _error: None)

    def draft_writer(self) -> Callable[[], None]:
        """Writes what the editor holds now as a draft, when called on a worker (before a
        lock or sign-out closes the store). Does nothing for a read-only report."""
        session = self._session
        if session is None or not self.save_button.isVisible():
            return lambda: None
        data, report_id, incident_id = self.data(), self._report_id, self._incident_id
        form_id, version, status = self._form["form_id"], int(self._form["version"]), \
            self._status

        def write() -> None:
            session.store.put_draft(
                report_id, user_id=session.user.id, form_id=form_id, form_version=version,
                incident_id=incident_id, status=status, data=data, now=datetime.now(UTC))

        return write

    def clear(self) -> None:
        """The session ended: the report leaves the screen and memory (a draft was kept)."""
        self.autosave_timer.stop()
        self._session = None
        self._form = {"sections": []}
        self._build()
        self.summary.clear()
        self.title.clear()

    def discard(self) -> None:
        self.autosave_timer.stop()
        session, report_id = self._session, self._report_id
        if session is None:
            self.closed.emit("")
            return
        self._ops.run(lambda: session.store.drop_draft(report_id),
                      lambda _r: self.closed.emit(""))

    def save_and_exit(self) -> None:
        self._save(ReportStatus.IN_PROGRESS, SAVED_HERE)  # saving reopens a completed one

    def complete(self) -> None:
        if self._nemsis():
            self._complete_nemsis()
            return
        if self.check_completeness():
            self.summary.setFocus()
            return
        self._save(ReportStatus.COMPLETED, COMPLETED_HERE)

    def _complete_nemsis(self) -> None:
        """The form's checks, the XSD and the national Schematron, on a worker: [ERROR]s
        block Complete, [WARNING]s are shown and do not."""
        self._checking_completeness = True
        form, data, report_id = self._form, self.data(), self._report_id
        unsigned = []
        if self.signing is not None:
            self.signing.refresh(data)
            unsigned = self.signing.unsigned(data)
        self.complete_button.setEnabled(False)

        def checked(problems: list[Problem]) -> None:
            self.complete_button.setEnabled(True)
            problems = unsigned + problems
            self.show_problems(problems)
            if any(p.severity == "error" for p in problems):
                self.summary.setFocus()
                return
            self._save(ReportStatus.COMPLETED, COMPLETED_HERE)

        def failed(error: Exception) -> None:
            self.complete_button.setEnabled(True)
            self.summary.clear()
            self.summary.addItem(f"Could not check the report: {error}")

        self._ops.run(lambda: _nemsis_check(form, data, report_id), checked, failed)

    # --- after Complete ----------------------------------------------------------------------
    def _reopened(self, session: Session, report: Report) -> None:
        """QA unlocked it: it opens again, to be edited (if the session is still ours)."""
        if session is self._session:
            self.open(session, self._form, report)

    def _save(self, status: str, message: str) -> None:
        session = self._session
        assert session is not None
        data, report_id, incident_id = self.data(), self._report_id, self._incident_id
        version = int(self._form["version"])
        self.save_button.setEnabled(False)

        def save() -> int:
            return session.store.save_report(
                report_id, form_id=self._form["form_id"], form_version=version, data=data,
                author_id=session.user.id, now=datetime.now(UTC), status=status,
                incident_id=incident_id)

        def saved(_revision: int) -> None:
            self.autosave_timer.stop()
            self.save_button.setEnabled(True)
            self._status = status
            self.closed.emit(message)

        def failed(error: Exception) -> None:
            self.save_button.setEnabled(True)
            self.summary.clear()
            self.summary.addItem(f"Not saved: {error}")

        self._ops.run(save, saved, failed)


def _allows_not_applicable(field: dict[str, Any]) -> bool:
    return any(choice["value"] == NOT_APPLICABLE for choice in field.get("nv", []))


# The NEMSIS checks load lxml and saxonche: only when a v2 report is open, on a worker,
# so starting fieldclient never pays for them.
def _warm_up_checks() -> None:
    from fieldforms.nemsis import complete

    complete.warm_up()


def _nemsis_check(form: dict[str, Any], data: dict[str, Any], report_id: str) -> list[Problem]:
    from fieldforms.nemsis import complete

    return complete.check(form, data, datetime.now(UTC), report_id)
