"""Admin Tools → Users: search on the server, page through, add, edit and delete."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from fieldclient.admin.calls import Admin, UserPage
from fieldclient.plumbing.errors import FieldClientError
from fieldclient.ui.admin.import_users import ImportDialog
from fieldclient.ui.bridge.operations import Operations
from fieldclient.ui.widgets.basics import ask, named, row_table, say
from fieldclient.ui.widgets.row_model import Column, RowsModel

PAGE = 50
USER_COLUMNS: list[Column] = [
    ("ID", lambda u: str(u["id"])),
    ("Name", lambda u: u["name"]),
    ("Email", lambda u: u["email"]),
    ("Roles", lambda u: ", ".join(r["name"] for r in u["roles"])),
    ("Status", lambda u: "Disabled" if u["disabled"] else "Active"),
]
SEARCH_BY = (("Name", "name"), ("Email", "email"), ("ID", "id"))
KEEP_PASSWORD = "Leave empty to keep the current password."  # noqa: S105  (a hint)


def delete_prompt(name: str) -> str:
    return (f"Are you sure you want to delete {name}?\n\nThe same email can be used to "
            "create a new user later.")


def users_model(parent: Any = None) -> RowsModel:
    """One page of users, as the server answered it."""
    return RowsModel(USER_COLUMNS, parent)


class UserDialog(QDialog):
    """Add (user is None) or edit a user. Only what changed is sent."""

    def __init__(self, roles: list[dict[str, Any]], user: dict[str, Any] | None,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("userDialog")
        self.setWindowTitle("Add user" if user is None else f"Edit {user['name']}")
        self.user = user
        self.email = named(QLineEdit(user["email"] if user else ""), "userEmail", "Email")
        self.email.setReadOnly(user is not None)
        self.name = named(QLineEdit(user["name"] if user else ""), "userName", "Name")
        self.password = named(QLineEdit(), "userPassword", "Password")
        self.password.setEchoMode(QLineEdit.EchoMode.Password)
        self.password.setPlaceholderText(
            KEEP_PASSWORD if user else "Optional: without one, a welcome email is sent.")
        self.roles = named(QListWidget(), "userRoles", "Roles")
        held = {r["id"] for r in user["roles"]} if user else set()
        for role in roles:
            item = QListWidgetItem(role["name"])
            item.setData(Qt.ItemDataRole.UserRole, role["id"])
            item.setCheckState(Qt.CheckState.Checked if role["id"] in held
                               else Qt.CheckState.Unchecked)
            self.roles.addItem(item)
        self.disabled = named(QCheckBox("Disabled (cannot sign in)"), "userDisabled",
                              "Disabled")
        self.reset_mfa = named(QCheckBox("Reset MFA (they set it up again)"), "userResetMfa",
                               "Reset MFA")
        self.message = named(QLabel(KEEP_PASSWORD if user else ""), "userMessage", "Message")
        self.message.setWordWrap(True)
        self._lay_out(user)

    def _lay_out(self, user: dict[str, Any] | None) -> None:
        form = QFormLayout()
        form.addRow("Email", self.email)
        form.addRow("Name", self.name)
        form.addRow("Password", self.password)
        form.addRow("Roles", self.roles)
        if user is not None:
            self.disabled.setChecked(bool(user["disabled"]))
            form.addRow("", self.disabled)
            form.addRow("", self.reset_mfa)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)
        self.save = named(self.buttons.addButton(
            "Add user" if user is None else "Save changes",
            QDialogButtonBox.ButtonRole.AcceptRole), "userSaveButton", "Save")
        self.save.setProperty("primary", True)
        self.buttons.rejected.connect(self.reject)
        column = QVBoxLayout(self)
        column.addLayout(form)
        column.addWidget(self.message)
        column.addWidget(self.buttons)
        self.setMinimumWidth(560)

    def role_ids(self) -> list[int]:
        return [int(self.roles.item(i).data(Qt.ItemDataRole.UserRole))
                for i in range(self.roles.count())
                if self.roles.item(i).checkState() == Qt.CheckState.Checked]

    def problem(self) -> str | None:
        """What the form can tell before asking the server."""
        if not self.name.text().strip():
            return "Enter the user's name."
        email = self.email.text().strip()
        if self.user is None and ("@" not in email or email.startswith("@")
                                  or email.endswith("@") or " " in email):
            return "Enter a valid email address, like name@agency.org."
        return None

    def show_error(self, text: str) -> None:
        say(self.message, text, "error")
        self.save.setEnabled(True)


class UsersScreen(QWidget):
    def __init__(self, operations: Operations, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("adminUsers")
        self._ops = operations
        self._admin: Admin | None = None
        self._offset, self._total = 0, 0
        self.dialog: UserDialog | None = None
        self.model = users_model(self)
        self.table = row_table(self.model, "usersTable", "Users")
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        self.search = named(QLineEdit(placeholderText="Search users"), "userSearch",
                            "Search users")
        self.search_by = named(QComboBox(), "userSearchBy", "Search by")
        for label, field in SEARCH_BY:
            self.search_by.addItem(label, field)
        self.search_button = named(QPushButton("Search"), "userSearchButton", "Search")
        self.add_button = named(QPushButton("Add user"), "addUserButton", "Add user")
        self.add_button.setProperty("primary", True)
        self.edit_button = named(QPushButton("Edit"), "editUserButton", "Edit user")
        self.delete_button = named(QPushButton("Delete"), "deleteUserButton", "Delete user")
        self.import_button = named(QPushButton("Import users…"), "importUsersButton",
                                   "Import users from a spreadsheet")
        self.import_dialog: ImportDialog | None = None
        self.previous = named(QPushButton("Previous"), "usersPrevious", "Previous page")
        self.next = named(QPushButton("Next"), "usersNext", "Next page")
        self.page_label = named(QLabel(), "usersPage", "Page")
        self.message = named(QLabel(), "usersMessage", "Message")
        self.message.setWordWrap(True)
        self._lay_out()
        self.search.returnPressed.connect(lambda: self.load(0))
        self.search_button.clicked.connect(lambda: self.load(0))
        self.previous.clicked.connect(lambda: self.load(max(0, self._offset - PAGE)))
        self.next.clicked.connect(lambda: self.load(self._offset + PAGE))
        self.add_button.clicked.connect(self.add_user)
        self.edit_button.clicked.connect(self.edit_user)
        self.table.activated.connect(lambda _index: self.edit_user())
        self.delete_button.clicked.connect(self.delete_user)
        self.import_button.clicked.connect(self.open_import)

    def _lay_out(self) -> None:
        search = QHBoxLayout()
        search.addWidget(self.search, 3)
        search.addWidget(self.search_by, 1)
        search.addWidget(self.search_button)
        actions = QHBoxLayout()
        for button in (self.add_button, self.edit_button, self.delete_button,
                       self.import_button):
            actions.addWidget(button)
        actions.addStretch(1)
        actions.addWidget(self.previous)
        actions.addWidget(self.page_label)
        actions.addWidget(self.next)
        column = QVBoxLayout(self)
        column.addLayout(search)
        column.addWidget(self.message)
        column.addWidget(self.table, 1)
        column.addLayout(actions)

    # --- loading -----------------------------------------------------------------------------
    def open(self, admin: Admin) -> None:
        self._admin = admin
        self.load(0)

    def load(self, offset: int) -> None:
        admin, text, field = self._admin, self.search.text(), self.search_by.currentData()
        if admin is None:
            return
        self._ops.run(lambda: admin.users(text, field, offset=offset, limit=PAGE),
                      self._show_page, self._failed)

    def _show_page(self, page: UserPage) -> None:
        self._offset, self._total = page.offset, page.total
        self.model.set_rows(page.items)
        last = page.offset + len(page.items)
        self.page_label.setText(f"{page.offset + 1} to {last} of {page.total}" if page.items
                                else "No users match")
        self.previous.setEnabled(page.offset > 0)
        self.next.setEnabled(last < page.total)

    def _failed(self, error: FieldClientError) -> None:
        say(self.message, str(error), "error")

    def _selected(self) -> dict[str, Any] | None:
        rows = self.table.selectionModel().selectedRows()
        return self.model.row(rows[0].row()) if rows else None

    # --- add, edit, delete --------------------------------------------------------------------
    def add_user(self) -> None:
        self._with_roles(None)

    def edit_user(self) -> None:
        user = self._selected()
        if user is None:
            say(self.message, "Choose a user in the list first.", "error")
            return
        self._with_roles(user)

    def _with_roles(self, user: dict[str, Any] | None) -> None:
        admin = self._admin
        if admin is not None:
            self._ops.run(admin.roles, lambda roles: self._open_dialog(roles, user),
                          self._failed)

    def _open_dialog(self, roles: list[dict[str, Any]], user: dict[str, Any] | None) -> None:
        self.dialog = dialog = UserDialog(roles, user, self)
        dialog.save.clicked.connect(lambda: self._save(dialog))
        dialog.open()

    def _save(self, dialog: UserDialog) -> None:
        admin = self._admin
        problem = dialog.problem()
        if problem or admin is None:
            dialog.show_error(problem or "")
            return
        dialog.save.setEnabled(False)
        name, roles, password = dialog.name.text(), dialog.role_ids(), dialog.password.text()
        email, user = dialog.email.text(), dialog.user
        disabled, reset = dialog.disabled.isChecked(), dialog.reset_mfa.isChecked()

        def save() -> dict[str, Any]:
            if user is None:
                return admin.create_user(email, name, roles, password)
            return admin.update_user(user["id"], name=name, role_ids=roles, disabled=disabled,
                                     reset_mfa=reset, password=password)

        self._ops.run(save, lambda saved: self._saved(dialog, saved),
                      lambda error: dialog.show_error(str(error)))

    def _saved(self, dialog: UserDialog, user: dict[str, Any]) -> None:
        added = dialog.user is None
        dialog.accept()
        note = (" A welcome email with a set-password link is on its way."
                if added and not user["password_set"] else "")
        say(self.message, f"{'Added' if added else 'Saved'} {user['name']}.{note}", "ok")
        self.load(self._offset)

    def delete_user(self) -> None:
        user, admin = self._selected(), self._admin
        if user is None or admin is None:
            say(self.message, "Choose a user in the list first.", "error")
            return
        if not ask(self, "deleteUserDialog", "Delete user", delete_prompt(user["name"]),
                   f"Delete {user['name']}", "Keep", "warning"):
            return
        user_id, name = user["id"], user["name"]
        self._ops.run(lambda: admin.delete_user(user_id),
                      lambda _r: self._deleted(name), self._failed)

    def _deleted(self, name: str) -> None:
        say(self.message, f"Deleted {name}. The same email can be used again.", "ok")
        self.load(self._offset)

    def open_import(self) -> None:
        admin = self._admin
        if admin is None:
            return
        self.import_dialog = dialog = ImportDialog(admin, self._ops, self)
        dialog.finished.connect(lambda _code: self._import_closed(dialog))
        dialog.open()

    def _import_closed(self, dialog: ImportDialog) -> None:
        if dialog.imported is not None:
            say(self.message, f"Imported {len(dialog.imported.created)} users.", "ok")
            self.load(0)
