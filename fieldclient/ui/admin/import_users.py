"""Admin Tools → Users → Import users: template, file, dry run, import, summary.

All or nothing, as on the server: a file with any bad row creates no one, so the dry
run's errors (by row and column) are fixed in the file and it is chosen again.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QProgressBar,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from fieldclient.admin.calls import Admin, ImportCheck, read_import_file
from fieldclient.plumbing.errors import FieldClientError
from fieldclient.storage.atomic import atomic_write
from fieldclient.ui.bridge.operations import Operations
from fieldclient.ui.widgets.basics import named, row_table, say
from fieldclient.ui.widgets.row_model import Column, RowsModel

STEPS = ("1. Download a template.  2. Fill in one user per row (leave the password empty "
         "to send a welcome email).  3. Choose the file: it is checked before anything is "
         "created.")
PREVIEW_COLUMNS: list[Column] = [
    ("Row", lambda r: str(r["row"])), ("Email", lambda r: r["email"]),
    ("Name", lambda r: r["name"]), ("Roles", lambda r: ", ".join(r["roles"])),
    ("Password", lambda r: "given" if r["password_given"] else "welcome email"),
]
ERROR_COLUMNS: list[Column] = [
    ("Row", lambda e: str(e["row"])), ("Column", lambda e: e["column"] or "—"),
    ("Problem", lambda e: e["message"]),
]
SPREADSHEETS = "Spreadsheets (*.csv *.xlsx)"


def problems_text(count: int) -> str:
    found = "1 problem" if count == 1 else f"{count} problems"
    return (f"{found} found. No user was created. Fix the file where the table says, "
            "then choose it again.")


def summary_text(created: int, welcomes: int) -> str:
    users = "1 user" if created == 1 else f"{created} users"
    note = f" {welcomes} will get a welcome email to set a password." if welcomes else ""
    return f"Imported {users}.{note}"


class ImportDialog(QDialog):
    def __init__(self, admin: Admin, operations: Operations,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("importDialog")
        self.setWindowTitle("Import users")
        self._admin, self._ops = admin, operations
        self.path: Path | None = None
        self.checked: ImportCheck | None = None
        self.imported: ImportCheck | None = None
        self._content = b""  # the file as the dry run read it: what an import sends
        self.csv_button = named(QPushButton("Download CSV template"), "csvTemplateButton",
                                "Download CSV template")
        self.xlsx_button = named(QPushButton("Download Excel template"), "xlsxTemplateButton",
                                 "Download Excel template")
        self.choose_button = named(QPushButton("Choose file…"), "chooseImportFile",
                                   "Choose file")
        self.file_label = named(QLabel("No file chosen."), "importFile", "Chosen file")
        self.preview = RowsModel(PREVIEW_COLUMNS, self)
        self.preview_table = self._table(self.preview, "importPreview", "Rows to import")
        self.errors = RowsModel(ERROR_COLUMNS, self)
        self.errors_table = self._table(self.errors, "importErrors", "Problems by row")
        self.progress = named(QProgressBar(), "importProgress", "Import progress")
        self.progress.hide()
        self.message = named(QLabel(STEPS), "importMessage", "Message")
        self.message.setWordWrap(True)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        self.import_button = named(self.buttons.addButton(
            "Import", QDialogButtonBox.ButtonRole.ActionRole), "importButton", "Import users")
        self.import_button.setProperty("primary", True)
        self.import_button.setEnabled(False)
        self._lay_out()
        self.csv_button.clicked.connect(lambda: self._pick_template("csv"))
        self.xlsx_button.clicked.connect(lambda: self._pick_template("xlsx"))
        self.choose_button.clicked.connect(self._pick_file)
        self.import_button.clicked.connect(self.start_import)
        self.buttons.rejected.connect(self.reject)

    @staticmethod
    def _table(model: RowsModel, name: str, accessible: str) -> QWidget:
        table = row_table(model, name, accessible)
        table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        return table

    def _lay_out(self) -> None:
        actions = QHBoxLayout()
        for button in (self.csv_button, self.xlsx_button, self.choose_button):
            actions.addWidget(button)
        actions.addStretch(1)
        column = QVBoxLayout(self)
        column.addLayout(actions)
        column.addWidget(self.file_label)
        column.addWidget(QLabel("Rows to import"))
        column.addWidget(self.preview_table, 3)
        column.addWidget(QLabel("Problems"))
        column.addWidget(self.errors_table, 2)
        column.addWidget(self.progress)
        column.addWidget(self.message)
        column.addWidget(self.buttons)
        self.resize(900, 680)

    # --- template ----------------------------------------------------------------------------
    def _pick_template(self, fmt: str) -> None:
        target, _ = QFileDialog.getSaveFileName(self, "Save the template",
                                                f"users-template.{fmt}", SPREADSHEETS)
        if target:
            self.save_template(fmt, Path(target))

    def save_template(self, fmt: str, target: Path) -> None:
        admin = self._admin
        self._ops.run(lambda: atomic_write(target, admin.import_template(fmt)),
                      lambda _r: say(self.message, f"Saved the template as {target.name}. "
                                     "Fill it in, then choose it here.", "ok"),
                      lambda error: say(self.message, str(error), "error"))

    # --- check (dry run) ----------------------------------------------------------------------
    def _pick_file(self) -> None:
        chosen, _ = QFileDialog.getOpenFileName(self, "Choose the users file", "",
                                                SPREADSHEETS)
        if chosen:
            self.check_file(Path(chosen))

    def check_file(self, path: Path) -> None:
        """Send the file for a dry run: the server reads every row and creates nothing."""
        admin = self._admin
        self.path, self.checked, self._content = path, None, b""
        self.file_label.setText(path.name)
        self.preview.set_rows([])
        self.errors.set_rows([])
        self._busy(True)
        say(self.message, f"Checking {path.name}…", "muted")

        def check() -> tuple[bytes, ImportCheck]:
            content = read_import_file(path)
            return content, admin.import_users(path, dry_run=True, content=content)

        self._ops.run(check, self._checked, self._failed)

    def _checked(self, answer: tuple[bytes, ImportCheck]) -> None:
        self._content, self.checked = answer
        check = self.checked
        self.preview.set_rows(check.preview)
        self.errors.set_rows(check.errors)
        self._busy(False)
        if check.errors:
            say(self.message, problems_text(len(check.errors)), "error")
            return
        count = len(check.preview)
        self.import_button.setText(f"Import {count} user{'s' if count != 1 else ''}")
        say(self.message, f"No problems found in {count} rows. Import them when ready.", "ok")

    # --- import ------------------------------------------------------------------------------
    def start_import(self) -> None:
        admin, path, check, content = self._admin, self.path, self.checked, self._content
        if path is None or not self._ready():
            return
        self._busy(True)
        self.progress.show()
        self.progress.setRange(0, 0)  # all or nothing on the server: no partial count
        say(self.message, f"Importing {len(check.preview) if check else 0} users…", "muted")
        self._ops.run(lambda: admin.import_users(path, dry_run=False, content=content),
                      self._imported, self._failed)

    def _imported(self, result: ImportCheck) -> None:
        if result.errors:  # the agency changed since the dry run (an email was taken)
            self.checked = result
            self.errors.set_rows(result.errors)
            self._failed(FieldClientError(problems_text(len(result.errors))))
            return
        self.imported = result
        created = len(result.created)
        self.progress.setRange(0, max(created, 1))
        self.progress.setValue(max(created, 1))
        self._busy(False)
        welcomes = sum(1 for r in (self.checked.preview if self.checked else [])
                       if not r["password_given"])
        say(self.message, summary_text(created, welcomes), "ok")

    def _ready(self) -> bool:
        """A clean dry run with rows, not imported yet."""
        check = self.checked
        return (check is not None and not check.errors and bool(check.preview)
                and self.imported is None)

    def _busy(self, busy: bool) -> None:
        for button in (self.csv_button, self.xlsx_button, self.choose_button):
            button.setEnabled(not busy)
        self.import_button.setEnabled(not busy and self._ready())

    def _failed(self, error: FieldClientError) -> None:
        self.progress.hide()
        self._busy(False)
        say(self.message, str(error), "error")
