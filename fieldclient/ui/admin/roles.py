"""Admin Tools → Roles & Permissions: roles, what they grant, and who holds them."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QSortFilterProxyModel, Qt, Signal
from PySide6.QtGui import QStandardItem, QStandardItemModel
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QListView,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from fieldclient.admin.calls import OFFLINE_PRESET, Admin
from fieldclient.plumbing.errors import ApiRefusal, FieldClientError
from fieldclient.ui.admin.users import users_model
from fieldclient.ui.bridge.operations import Operations
from fieldclient.ui.widgets.basics import ask, named, row_table, say
from fieldclient.ui.widgets.row_model import Column, RowsModel

KEY_ROLE = Qt.ItemDataRole.UserRole
SEARCH_ROLE = Qt.ItemDataRole.UserRole + 1
ROLE_COLUMNS: list[Column] = [
    ("Role", lambda r: r["name"]),
    ("Permissions", lambda r: str(len(r["permissions"]))),
    ("Users", lambda r: str(r["user_count"])),
]
SAVED = "Saved {name}. Each holder's devices follow at their next online sign-in."


def member_columns(labels: dict[str, str]) -> list[Column]:
    return [("Name", lambda m: m["name"]), ("Email", lambda m: m["email"]),
            ("Loses without this role", lambda m: lost_text(m["loses"], labels))]


def lost_text(keys: list[str], labels: dict[str, str]) -> str:
    return ", ".join(labels.get(k, k) for k in keys) or "nothing (other roles grant it)"


def delete_role_prompt(name: str, members: list[dict[str, Any]],
                       labels: dict[str, str]) -> str:
    """Who loses what: every holder, up to ten by name."""
    if not members:
        return f"Delete the role {name}? No one holds it."
    lines = [f"• {m['name']} loses {lost_text(m['loses'], labels)}" for m in members[:10]]
    if len(members) > 10:
        lines.append(f"• and {len(members) - 10} more")
    holders = "1 user holds it" if len(members) == 1 else f"{len(members)} users hold it"
    return (f"Delete the role {name}? {holders}.\n\n" + "\n".join(lines)
            + "\n\nTheir devices follow at their next online sign-in.")


class PermissionList(QListView):
    """Check boxes for the catalogue, filtered by a search over label, key and description."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        named(self, "rolePermissions", "Permissions")
        self.source = QStandardItemModel(self)
        self.proxy = QSortFilterProxyModel(self)
        self.proxy.setSourceModel(self.source)
        self.proxy.setFilterRole(SEARCH_ROLE)
        self.proxy.setFilterCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        self.setModel(self.proxy)
        self.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.setWordWrap(True)  # descriptions wrap rather than scroll sideways
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.setResizeMode(QListView.ResizeMode.Adjust)
        self.setSpacing(2)

    def set_catalogue(self, catalogue: list[dict[str, str]]) -> None:
        self.source.clear()
        for permission in catalogue:
            item = QStandardItem(f"{permission['label']} — {permission['description']}")
            item.setData(permission["key"], KEY_ROLE)
            item.setData(" ".join((permission["label"], permission["key"],
                                   permission["description"])), SEARCH_ROLE)
            item.setCheckable(True)
            item.setEditable(False)
            self.source.appendRow(item)

    def search(self, text: str) -> None:
        self.proxy.setFilterFixedString(text.strip())

    def visible_labels(self) -> list[str]:
        return [self.proxy.index(r, 0).data() for r in range(self.proxy.rowCount())]

    def set_checked(self, keys: list[str]) -> None:
        for item in self._items():
            item.setCheckState(Qt.CheckState.Checked if item.data(KEY_ROLE) in keys
                               else Qt.CheckState.Unchecked)

    def checked(self) -> list[str]:
        return [str(i.data(KEY_ROLE)) for i in self._items()
                if i.checkState() == Qt.CheckState.Checked]

    def check(self, key: str, on: bool = True) -> None:
        item = next(i for i in self._items() if i.data(KEY_ROLE) == key)
        item.setCheckState(Qt.CheckState.Checked if on else Qt.CheckState.Unchecked)

    def _items(self) -> list[QStandardItem]:
        return [self.source.item(r) for r in range(self.source.rowCount())]


class AssignDialog(QDialog):
    """Find users on the server and give them the role."""

    def __init__(self, admin: Admin, role: dict[str, Any], operations: Operations,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("assignRoleDialog")
        self.setWindowTitle(f"Assign {role['name']}")
        self._admin, self._role, self._ops = admin, role, operations
        self.search = named(QLineEdit(placeholderText="Search users by name"),
                            "assignSearch", "Search users by name")
        self.search_button = named(QPushButton("Search"), "assignSearchButton", "Search")
        self.model = users_model(self)
        self.table = row_table(self.model, "assignUsers", "Users")
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.MultiSelection)
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        self.message = named(QLabel("Choose one or more users, then assign."),
                             "assignMessage", "Message")
        self.message.setWordWrap(True)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)
        self.assign = named(buttons.addButton(f"Give {role['name']} to the chosen users",
                                              QDialogButtonBox.ButtonRole.AcceptRole),
                            "assignButton", "Assign")
        self.assign.setProperty("primary", True)
        buttons.rejected.connect(self.reject)
        row = QHBoxLayout()
        row.addWidget(self.search, 1)
        row.addWidget(self.search_button)
        column = QVBoxLayout(self)
        column.addLayout(row)
        column.addWidget(self.table, 1)
        column.addWidget(self.message)
        column.addWidget(buttons)
        self.resize(720, 520)
        self.search.returnPressed.connect(self.find)
        self.search_button.clicked.connect(self.find)

    def find(self) -> None:
        admin, text = self._admin, self.search.text()
        self._ops.run(lambda: admin.users(text, "name", limit=200),
                      lambda page: self.model.set_rows(page.items), self.show_error)

    def chosen_ids(self) -> list[int]:
        return [int(self.model.row(i.row())["id"])
                for i in self.table.selectionModel().selectedRows()]

    def show_error(self, error: FieldClientError | str) -> None:
        text = str(error)
        if isinstance(error, ApiRefusal) and error.status == 403:
            text = "Finding users needs the Manage users permission."
        say(self.message, text, "error")
        self.assign.setEnabled(True)


class RolesScreen(QWidget):
    roleShown = Signal()  # the chosen role and its holders are on screen

    def __init__(self, operations: Operations, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("adminRoles")
        self._ops = operations
        self._shown = 0  # answers for a role no longer chosen are dropped
        self._admin: Admin | None = None
        self._labels: dict[str, str] = {}
        self.dialog: AssignDialog | None = None
        self.model = RowsModel(ROLE_COLUMNS, self)
        self.table = row_table(self.model, "rolesTable", "Roles")
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        self.new_name = named(QLineEdit(placeholderText="New role's name"), "newRoleName",
                              "New role's name")
        self.add_button = named(QPushButton("Add role"), "addRoleButton", "Add role")
        self.preset_button = named(QPushButton(f"Add {OFFLINE_PRESET[0]} role"),
                                   "offlinePresetButton", f"Add {OFFLINE_PRESET[0]} role")
        self.preset_button.setToolTip("One click: a role that only adds Allow offline sign-in, "
                                      "to give crews on top of their usual role.")
        self.name = named(QLineEdit(), "roleName", "Role name")
        self.permission_search = named(QLineEdit(placeholderText="Search permissions"),
                                       "permissionSearch", "Search permissions")
        self.permissions = PermissionList()
        self.save_button = named(QPushButton("Save changes"), "saveRoleButton", "Save role")
        self.save_button.setProperty("primary", True)
        self.delete_button = named(QPushButton("Delete role"), "deleteRoleButton",
                                   "Delete role")
        self.members = RowsModel(member_columns(self._labels), self)
        self.members_table = row_table(self.members, "roleMembers", "Users with this role")
        self.members_table.horizontalHeader().setSectionResizeMode(
            QHeaderView.ResizeMode.Stretch)
        self.assign_button = named(QPushButton("Assign to users…"), "assignRoleButton",
                                   "Assign to users")
        self.unassign_button = named(QPushButton("Take from user"), "unassignRoleButton",
                                     "Take the role from the chosen user")
        self.message = named(QLabel(), "rolesMessage", "Message")
        self.message.setWordWrap(True)
        self._lay_out()
        self._connect()

    def _lay_out(self) -> None:
        left = QVBoxLayout()
        left.addWidget(self.table, 1)
        adds = QHBoxLayout()
        adds.addWidget(self.new_name, 1)
        adds.addWidget(self.add_button)
        left.addLayout(adds)
        left.addWidget(self.preset_button)
        right = QVBoxLayout()
        right.addWidget(QLabel("Name"))
        right.addWidget(self.name)
        right.addWidget(QLabel("Permissions"))
        right.addWidget(self.permission_search)
        right.addWidget(self.permissions, 2)
        edits = QHBoxLayout()
        edits.addWidget(self.save_button)
        edits.addStretch(1)
        edits.addWidget(self.delete_button)
        right.addLayout(edits)
        right.addWidget(QLabel("Users with this role"))
        right.addWidget(self.members_table, 2)
        holders = QHBoxLayout()
        holders.addWidget(self.assign_button)
        holders.addWidget(self.unassign_button)
        holders.addStretch(1)
        right.addLayout(holders)
        panes = QHBoxLayout()
        panes.addLayout(left, 2)
        panes.addLayout(right, 3)
        column = QVBoxLayout(self)
        column.addWidget(self.message)
        column.addLayout(panes, 1)

    def _connect(self) -> None:
        self.table.selectionModel().selectionChanged.connect(lambda *_: self._show_role())
        self.permission_search.textChanged.connect(self.permissions.search)
        self.add_button.clicked.connect(self.add_role)
        self.new_name.returnPressed.connect(self.add_role)
        self.preset_button.clicked.connect(self.add_preset)
        self.save_button.clicked.connect(self.save_role)
        self.delete_button.clicked.connect(self.delete_role)
        self.assign_button.clicked.connect(self.open_assign)
        self.unassign_button.clicked.connect(self.unassign)

    # --- loading -----------------------------------------------------------------------------
    def open(self, admin: Admin) -> None:
        self._admin = admin
        self._ops.run(admin.permissions, self._show_catalogue, self._failed)

    def _show_catalogue(self, catalogue: list[dict[str, str]]) -> None:
        self._labels.clear()
        self._labels.update({p["key"]: p["label"] for p in catalogue})
        self.permissions.set_catalogue(catalogue)
        self.reload()

    def reload(self, select: int | None = None) -> None:
        admin = self._admin
        if admin is None:
            return
        chosen = select if select is not None else (self.selected() or {}).get("id")
        self._ops.run(admin.roles, lambda roles: self._show_roles(roles, chosen), self._failed)

    def _show_roles(self, roles: list[dict[str, Any]], chosen: int | None) -> None:
        self.model.set_rows(roles)
        ids = [r["id"] for r in roles]
        self.table.selectRow(ids.index(chosen) if chosen in ids else 0)  # → _show_role
        if not roles:
            self._show_role()

    def selected(self) -> dict[str, Any] | None:
        rows = self.table.selectionModel().selectedRows() if self.model.rowCount() else []
        return self.model.row(rows[0].row()) if rows else None  # type: ignore[no-any-return]

    def _show_role(self) -> None:
        role, admin = self.selected(), self._admin
        for widget in (self.name, self.permissions, self.save_button, self.delete_button,
                       self.assign_button, self.unassign_button):
            widget.setEnabled(role is not None)
        if role is None or admin is None:
            self.members.set_rows([])
            return
        self.name.setText(role["name"])
        self.permissions.set_checked(role["permissions"])
        role_id = role["id"]
        self._shown += 1
        shown = self._shown
        self._ops.run(lambda: admin.role_members(role_id),
                      lambda members: self._show_members(shown, members), self._failed)

    def _show_members(self, shown: int, members: list[dict[str, Any]]) -> None:
        if shown == self._shown:
            self.members.set_rows(members)
            self.roleShown.emit()

    def _failed(self, error: FieldClientError) -> None:
        say(self.message, str(error), "error")

    def _done(self, text: str, select: int | None = None) -> None:
        say(self.message, text, "ok")
        self.reload(select)

    # --- changes -----------------------------------------------------------------------------
    def add_role(self) -> None:
        admin, name = self._admin, self.new_name.text().strip()
        if not name:
            say(self.message, "Type the new role's name first.", "error")
            self.new_name.setFocus()
            return
        if admin is not None:
            self._ops.run(lambda: admin.create_role(name, []), self._added, self._failed)

    def _added(self, role: dict[str, Any]) -> None:
        self.new_name.clear()
        self._done(f"Added {role['name']}. Tick its permissions, then save.", role["id"])

    def add_preset(self) -> None:
        admin = self._admin
        if admin is not None:
            self._ops.run(admin.offline_preset, self._preset_ready, self._failed)

    def _preset_ready(self, answer: tuple[dict[str, Any], bool]) -> None:
        role, made = answer
        first = (f"Added the role {role['name']}: it grants Allow offline sign-in only."
                 if made else f"The role {role['name']} exists already.")
        self._done(f"{first} Assign it to the crews who sign in offline, on top of their "
                   "usual role.", role["id"])

    def save_role(self) -> None:
        role, admin = self.selected(), self._admin
        if role is None or admin is None:
            return
        name, keys, role_id = self.name.text().strip(), self.permissions.checked(), role["id"]
        if not name:
            say(self.message, "Enter the role's name.", "error")
            return
        self._ops.run(lambda: admin.update_role(role_id, name=name, permissions=keys),
                      lambda saved: self._done(SAVED.format(name=saved["name"]), role_id),
                      self._failed)

    def delete_role(self) -> None:
        role, admin = self.selected(), self._admin
        if role is None or admin is None:
            return
        role_id = role["id"]
        self._ops.run(lambda: admin.role_members(role_id),
                      lambda members: self._confirm_delete(role, members), self._failed)

    def _confirm_delete(self, role: dict[str, Any], members: list[dict[str, Any]]) -> None:
        admin = self._admin
        if admin is None or not ask(
                self, "deleteRoleDialog", "Delete role",
                delete_role_prompt(role["name"], members, self._labels),
                f"Delete {role['name']}", "Keep", "warning"):
            return
        role_id, name = role["id"], role["name"]
        self._ops.run(lambda: admin.delete_role(role_id),
                      lambda _r: self._done(f"Deleted the role {name}."), self._failed)

    def open_assign(self) -> None:
        role, admin = self.selected(), self._admin
        if role is None or admin is None:
            return
        self.dialog = dialog = AssignDialog(admin, role, self._ops, self)
        dialog.assign.clicked.connect(lambda: self._assign(dialog, role))
        dialog.open()
        dialog.find()

    def _assign(self, dialog: AssignDialog, role: dict[str, Any]) -> None:
        admin, ids, role_id = self._admin, dialog.chosen_ids(), role["id"]
        if not ids or admin is None:
            dialog.show_error("Choose one or more users first.")
            return
        dialog.assign.setEnabled(False)

        def assigned(_role: dict[str, Any]) -> None:
            dialog.accept()
            people = "1 user" if len(ids) == 1 else f"{len(ids)} users"
            self._done(f"Gave {role['name']} to {people}.", role_id)

        self._ops.run(lambda: admin.assign_role(role_id, ids), assigned, dialog.show_error)

    def unassign(self) -> None:
        role, admin = self.selected(), self._admin
        rows = self.members_table.selectionModel().selectedRows()
        if role is None or admin is None or not rows:
            say(self.message, "Choose a user in the list of holders first.", "error")
            return
        member, role_id = self.members.row(rows[0].row()), role["id"]
        self._ops.run(lambda: admin.unassign_role(role_id, member["id"]),
                      lambda _r: self._done(f"Took {role['name']} from {member['name']}.",
                                            role_id), self._failed)
