"""The hospital handoff report, through the real start path: made offline from the
editor, saved where the crew chooses or printed, never left in a temp folder, and every
print and save in the audit log, which reaches the server's. Page images are kept in
test-output/handoff/ for a person to look at. pdftotext and pdftoppm are poppler-utils,
which the README's test command installs."""

from __future__ import annotations

import subprocess
import tempfile
from datetime import datetime
from pathlib import Path
from typing import Any

from PySide6.QtPrintSupport import QPrintDialog
from PySide6.QtWidgets import QFileDialog, QLineEdit

from fieldclient.signin.device import Device
from fieldclient.sync.engine import SyncEngine
from fieldclient.ui.main_window import MainWindow
from tests.helpers import ADMIN
from tests.support.agency import RestartableServer
from tests.support.nemsis import case_report
from tests.ui.harness import type_into
from tests.ui.pen import dark_pixels, with_finger, with_pen
from tests.ui.test_epcr_editor import new_epcr, signed_in
from tests.ui.test_signatures import fill, sign

ROOT = Path(__file__).resolve().parents[2]
PAGES = ROOT / "test-output" / "handoff"
WAIT = 30000


def full_report(window: MainWindow) -> dict[str, Any]:
    """The 2025-EMS-1 case with 10 vitals rows (SBP 121-130) and a refusal."""
    data = case_report("2025-EMS-1-Overdose_v351", datetime.now().astimezone(),
                       ("Jane", "Doe"))
    row = data["eVitals.VitalGroup"][0]
    data["eVitals.VitalGroup"] = [row | {"eVitals.06": 121 + i, "eVitals.10": 61 + i}
                                  for i in range(10)]
    fill(window, data | {"eDisposition.28": "4228003"})
    return data


def pdfs_in_temp() -> set[Path]:
    return set(Path(tempfile.gettempdir()).rglob("*.pdf"))


def choose_menu(window: MainWindow, qtbot: Any, action: str) -> None:
    handoff = window.editor.handoff
    assert handoff.button.isVisible()
    getattr(handoff, action).trigger()  # what picking it from the button's menu does


def text_of(pdf: Path) -> str:
    return subprocess.run(["pdftotext", "-layout", str(pdf), "-"], check=True,
                          capture_output=True, text=True).stdout


def keep_pages(pdf: Path, name: str) -> list[Path]:
    PAGES.mkdir(parents=True, exist_ok=True)
    for old in PAGES.glob(f"{name}-*.png"):
        old.unlink()
    subprocess.run(["pdftoppm", "-png", "-r", "60", str(pdf), str(PAGES / name)], check=True)
    return sorted(PAGES.glob(f"{name}-*.png"))


def test_the_handoff_pdf_renders_offline_with_every_vitals_row_and_signature(
        window: MainWindow, device: Device, qtbot: Any, agency: RestartableServer,
        tmp_path: Path) -> None:
    signed_in(window, device, qtbot)
    window.apply_theme("dark")  # at night: the paper is still black on white
    agency.stop()  # at the bedside, no network
    before = pdfs_in_temp()
    new_epcr(window, qtbot)
    report_id = window.editor._report_id
    full_report(window)
    sign(window, qtbot, "refusal_patient", ("Jane", "Doe"), with_pen)
    sign(window, qtbot, "refusal_witness", ("Sam", "Ortiz"), with_finger)
    choose_menu(window, qtbot, "save_action")
    qtbot.waitUntil(lambda: window.findChild(QFileDialog, "saveHandoffDialog") is not None,
                    timeout=WAIT)
    dialog = window.findChild(QFileDialog, "saveHandoffDialog")
    target = tmp_path / "bedside" / "handoff.pdf"
    target.parent.mkdir()
    type_into(qtbot, dialog.findChild(QLineEdit, "fileNameEdit"), str(target))
    dialog.accept()  # what Save does
    qtbot.waitUntil(target.exists, timeout=WAIT)
    qtbot.waitUntil(lambda: device.session.store.access.entries(report_id) != [],  # type: ignore[union-attr]
                    timeout=WAIT)
    text = text_of(target)
    assert "Patient care report PCR-" in text and "Jane Doe" in text
    rows = [line for line in text.splitlines() if line.strip()[:1].isdigit()
            and ":" in line.split()[0]]
    for i in range(10):  # every vitals row: its time, SBP and pulse on one line
        assert any(f" {121 + i} " in f" {r} " and f" {61 + i} " in f" {r} " for r in rows), i
    for label in ("Refusal: patient", "Refusal: witness", "Jane Doe (Patient)",
                  "Sam Ortiz (Witness)"):
        assert label in text, label
    assert "Page 1 of" in text and "by Morgan Medic" in text
    pages = keep_pages(target, "full-report")  # a person can look at them
    assert len(pages) >= 2 and dark_pixels(pages[0].read_bytes()) > 3000  # legible ink
    assert pdfs_in_temp() - {target} == before  # never left in a temp folder
    assert oct(target.stat().st_mode & 0o777) in ("0o600", "0o644")
    [saved] = device.session.store.access.entries(report_id)  # type: ignore[union-attr]
    assert saved.action == "report.pdf_saved" and saved.user_id == device.session.user.id  # type: ignore[union-attr]


def test_every_print_is_in_the_audit_log_and_reaches_the_server(
        window: MainWindow, device: Device, qtbot: Any, agency: RestartableServer,
        tmp_path: Path) -> None:
    signed_in(window, device, qtbot)
    session = device.session
    assert session is not None
    new_epcr(window, qtbot)
    report_id = window.editor._report_id
    full_report(window)
    printed = tmp_path / "printer.pdf"
    for number in (1, 2):
        choose_menu(window, qtbot, "print_action")
        qtbot.waitUntil(lambda: any(d.isVisible() for d in window.findChildren(
            QPrintDialog)), timeout=WAIT)
        dialog = next(d for d in window.findChildren(QPrintDialog) if d.isVisible())
        type_into(qtbot, dialog.findChild(QLineEdit, "filename"), str(printed))
        dialog.accept()  # no printer here: Qt prints to the file named in the dialog
        qtbot.waitUntil(lambda n=number: len(session.store.access.entries(report_id)) == n,
                        timeout=WAIT)
    entries = session.store.access.entries(report_id)
    assert [e.action for e in entries] == ["report.print", "report.print"]
    assert "Jane Doe" in text_of(printed)
    keep_pages(printed, "printed")
    assert SyncEngine(session, device.clock, device.events).run().ok
    assert agency.live is not None
    with agency.live.as_user(*ADMIN) as admin:
        log = admin.get("/api/v1/audit", params={"report_id": report_id}).json()
    assert [(e["action"], e["user_id"]) for e in log] == [
        ("report.print", session.user.id), ("report.print", session.user.id)]
    assert SyncEngine(session, device.clock, device.events).run().ok  # sent once
    with agency.live.as_user(*ADMIN) as admin:
        assert len(admin.get("/api/v1/audit", params={"report_id": report_id}).json()) == 2
