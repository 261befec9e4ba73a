"""Admin Tools → Users → Import users, against the real server and SMTP server."""

from __future__ import annotations

import csv
import io
import zipfile
from pathlib import Path
from typing import Any

import pytest

from fieldclient.admin.calls import IMPORT_LIMIT, Admin, ImportFileProblem
from fieldclient.signin.device import Device
from fieldclient.ui.admin.import_users import ImportDialog, problems_text, summary_text
from fieldclient.ui.main_window import MainWindow
from tests.helpers import ADMIN, GOOD_PASSWORD, MEDIC
from tests.support.smtp import SmtpServer
from tests.ui.test_admin_users import open_users, signed_in


def write_csv(path: Path, rows: list[list[str]]) -> Path:
    out = io.StringIO()
    csv.writer(out).writerows([["email", "name", "role", "password"], *rows])
    path.write_text(out.getvalue(), encoding="utf-8")
    return path


def open_import(window: MainWindow, device: Device, qtbot: Any) -> ImportDialog:
    signed_in(window, device, qtbot, ADMIN)
    screen = open_users(window, qtbot)
    screen.import_button.click()
    assert screen.import_dialog is not None
    return screen.import_dialog


def check(dialog: ImportDialog, qtbot: Any, path: Path) -> None:
    dialog.check_file(path)
    qtbot.waitUntil(lambda: not dialog.message.text().startswith("Checking"), timeout=30000)


def total_users(device: Device) -> int:
    assert device.session is not None
    return Admin(device.session).users(limit=1).total


def test_templates_download_as_csv_and_xlsx(window: MainWindow, device: Device, qtbot: Any,
                                            tmp_path: Path) -> None:
    dialog = open_import(window, device, qtbot)
    for fmt in ("csv", "xlsx"):
        target = tmp_path / f"template.{fmt}"
        dialog.save_template(fmt, target)
        qtbot.waitUntil(lambda t=target: t.exists(), timeout=30000)  # type: ignore[misc]
        qtbot.waitUntil(lambda: "Saved the template" in dialog.message.text(), timeout=30000)
    assert (tmp_path / "template.csv").read_text().splitlines() == ["email,name,role,password"]
    with zipfile.ZipFile(tmp_path / "template.xlsx") as workbook:
        assert "xl/workbook.xml" in workbook.namelist()
    dialog.save_template("csv", tmp_path / "no such folder" / "t.csv")
    qtbot.waitUntil(lambda: "Could not write" in dialog.message.text(), timeout=30000)


def test_an_error_row_creates_nothing_and_says_where(window: MainWindow, device: Device,
                                                     qtbot: Any, tmp_path: Path) -> None:
    dialog = open_import(window, device, qtbot)
    before = total_users(device)
    path = write_csv(tmp_path / "users.csv", [
        ["ana@demo.local", "Ana Ñúñez", "User", ""],
        ["not-an-email", "Bad Email", "User", ""],
        [MEDIC[0], "Taken Email", "User", ""],
        ["ana@demo.local", "Ana Again", "Pilot", "short"],
    ])
    check(dialog, qtbot, path)
    errors = {(e["row"], e["column"]) for e in dialog.errors.rows()}
    assert errors == {(3, "email"), (4, "email"), (5, "email"), (5, "role"), (5, "password")}
    assert dialog.errors.data(dialog.errors.index(0, 0)) == "3"
    assert dialog.message.text() == problems_text(5)
    assert not dialog.import_button.isEnabled()
    assert [r["name"] for r in dialog.preview.rows()] == ["Ana Ñúñez"]  # the good row
    # Even sent for real (not from the screen, which refuses), the server creates no one.
    assert device.session is not None
    forced = Admin(device.session).import_users(path, dry_run=False)
    assert forced.created == [] and len(forced.errors) == 5
    assert total_users(device) == before


def test_a_clean_import_of_200_users(window: MainWindow, device: Device, qtbot: Any,
                                     tmp_path: Path, smtp: SmtpServer) -> None:
    dialog = open_import(window, device, qtbot)
    before = total_users(device)
    rows = [[f"crew{i:03}@demo.local", f"Crew Member {i} Zoë", "User; Offline Medic",
             GOOD_PASSWORD if i % 2 else ""] for i in range(200)]
    path = write_csv(tmp_path / "crews.csv", rows)
    check(dialog, qtbot, path)
    assert dialog.errors.rowCount() == 0 and dialog.preview.rowCount() == 200
    assert dialog.import_button.isEnabled() and dialog.import_button.text() == "Import 200 users"
    dialog.import_button.click()
    assert dialog.progress.isVisible() and not dialog.choose_button.isEnabled()
    qtbot.waitUntil(lambda: dialog.imported is not None, timeout=60000)
    assert dialog.progress.value() == dialog.progress.maximum() == 200
    assert dialog.message.text() == summary_text(200, 100)
    assert len(dialog.imported.created) == 200  # type: ignore[union-attr]
    assert total_users(device) == before + 200
    assert "reset-password?token=" in smtp.inbox.wait_for("crew198@demo.local").get_content()
    screen = window.admin.users
    with qtbot.waitSignal(screen.model.modelReset, timeout=30000):
        dialog.reject()  # closing the dialog shows the new users
    assert "Imported 200 users" in screen.message.text()


@pytest.mark.parametrize(("name", "content", "expected"), [
    ("photo.pdf", b"%PDF-1.7 binary", "is not a spreadsheet"),
    ("users.csv", b"\x00\x01\x02PNG-ish", "not a CSV text file"),
    ("users.xlsx", b"just text, not a workbook", "not a valid XLSX"),
    ("users.csv", "email,name,role\nx@y.z,Zoë,User\n".encode("utf-16"), "Save it as CSV UTF-8"),
], ids=["pdf", "binary-csv", "text-xlsx", "utf16-csv"])
def test_files_that_are_not_spreadsheets_get_clear_errors(
        window: MainWindow, device: Device, qtbot: Any, tmp_path: Path, name: str,
        content: bytes, expected: str) -> None:
    dialog = open_import(window, device, qtbot)
    path = tmp_path / name
    path.write_bytes(content)
    check(dialog, qtbot, path)
    assert expected in dialog.message.text()
    assert dialog.message.property("role") == "error"
    assert not dialog.import_button.isEnabled()


def test_a_10_mib_file_is_refused_before_anything_is_sent(
        window: MainWindow, device: Device, qtbot: Any, tmp_path: Path) -> None:
    dialog = open_import(window, device, qtbot)
    path = tmp_path / "huge.csv"
    with path.open("wb") as out:
        out.write(b"email,name,role\n")
        out.truncate(IMPORT_LIMIT)
    check(dialog, qtbot, path)
    assert "is 10.0 MB; an import file must be under 10 MB" in dialog.message.text()
    with pytest.raises(ImportFileProblem):
        Admin(device.session).import_users(path, dry_run=True)  # type: ignore[arg-type]
    # Just under the limit, the server's own limit (multipart framing) answers in words.
    path.write_bytes(b"email,name,role\n" + b"x" * (IMPORT_LIMIT - 100))
    check(dialog, qtbot, path)
    assert "larger than 10 MiB" in dialog.message.text()
