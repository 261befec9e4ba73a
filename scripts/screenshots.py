"""Render every client screen offscreen, light and dark, into docs/screenshots/.

Run: ./scripts/screenshots.sh  (or: python scripts/screenshots.py [OUT_DIR])
Uses a real fieldserver with the demo data, and a throwaway data directory and keyring.
"""

from __future__ import annotations

import os
import sys
import tempfile
from datetime import datetime
from pathlib import Path
from typing import Any

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from PySide6.QtCore import QEvent  # noqa: E402
from PySide6.QtWidgets import QApplication, QWidget  # noqa: E402

from fieldclient.provisioning.device_setup import AdminSetup, DeviceSetup  # noqa: E402
from fieldclient.reports.model import Given  # noqa: E402
from fieldclient.signin.device import Device  # noqa: E402
from fieldclient.signin.session import Session  # noqa: E402
from fieldclient.storage.crypto import KdfParams  # noqa: E402
from fieldclient.sync.engine import SyncEngine  # noqa: E402
from fieldclient.ui.app import start  # noqa: E402
from fieldclient.ui.bridge.operations import Operations  # noqa: E402
from fieldclient.ui.main_window import MainWindow  # noqa: E402
from fieldserver.mail import OutboxTransport  # noqa: E402
from fieldserver.server import BackgroundServer, ServerOptions  # noqa: E402
from tests.support.keyring import MemoryKeyring  # noqa: E402
from tests.support.nemsis import case_report  # noqa: E402

ADMIN = ("admin@demo.local", "Demo-Admin-2026!")
MEDIC = ("medic@demo.local", "Demo-Medic-2026!")
PATIENTS = [("Ada", "Lovelace", "Chest pain"), ("Grace", "Hopper", "Fall, right hip pain"),
            ("Alan", "Turing", "Shortness of breath")]


def settle(app: QApplication, window: MainWindow, ops: Operations) -> None:
    for _ in range(3):
        ops.wait()
        app.processEvents()
        # No event loop runs here, so deleteLater never would: the editor's old pages
        # (thousands of widgets) would stay, and every theme change restyle them all.
        app.sendPostedEvents(None, QEvent.Type.DeferredDelete)
    window.repaint()


def shoot(app: QApplication, window: MainWindow, ops: Operations, screen: QWidget,
          name: str, out: Path) -> None:
    window.stack.setCurrentWidget(screen)
    for look in ("light", "dark"):
        window.apply_theme(look)
        settle(app, window, ops)
        window.grab().save(str(out / f"{name}-{look}.png"))


def shoot_dialog(app: QApplication, window: MainWindow, ops: Operations, dialog: QWidget,
                 name: str, out: Path) -> None:
    for look in ("light", "dark"):
        window.apply_theme(look)
        settle(app, window, ops)
        dialog.repaint()
        dialog.grab().save(str(out / f"{name}-{look}.png"))


def shoot_admin(app: QApplication, window: MainWindow, ops: Operations, out: Path,
                tmp: Path) -> None:
    """Admin Tools: every tab, the import dialog after a dry run, and MFA set-up."""
    window.open_admin()
    admin = window.admin
    shoot(app, window, ops, admin, "admin-users", out)
    admin.tabs.setCurrentWidget(admin.roles)
    admin.roles.permission_search.setText("offline")
    shoot(app, window, ops, admin, "admin-roles", out)
    admin.tabs.setCurrentWidget(admin.agency)
    shoot(app, window, ops, admin, "admin-agency", out)
    admin.tabs.setCurrentWidget(admin.devices)
    shoot(app, window, ops, admin, "admin-devices", out)
    admin.tabs.setCurrentWidget(admin.device)
    shoot(app, window, ops, admin, "admin-device", out)
    admin.tabs.setCurrentWidget(admin.users)
    admin.users.open_import()
    dialog = admin.users.import_dialog
    assert dialog is not None
    sheet = tmp / "crew-import.csv"
    sheet.write_text("email,name,role,password\n"
                     "ana.nunez@demo.local,Ana Núñez,User;Offline Medic,\n"
                     "li.wei@demo.local,Li Wei,User,\n"
                     "not-an-email,Sam Doe,User,\n"
                     "jo.smith@demo.local,Jo Smith,Pilot,\n", encoding="utf-8")
    dialog.check_file(sheet)
    shoot_dialog(app, window, ops, dialog, "admin-import", out)
    dialog.reject()
    window.set_up_mfa()
    shoot_dialog(app, window, ops, window.mfa_dialog, "mfa-setup", out)
    window.mfa_dialog.reject()


def shoot_review(app: QApplication, window: MainWindow, ops: Operations, device: Device,
                 form: dict[str, Any], out: Path) -> None:
    """QA review: the queue, a report with a comment on a field, and that report back on
    its author's laptop with the comment beside the field."""
    from fieldclient.admin.reviews import Reviews
    from fieldclient.ui.admin.review_dialog import ReviewDialog
    from fieldclient.ui.admin.review_fields import COMMENT

    admin = window.admin
    admin.tabs.setCurrentWidget(admin.review)
    admin.review.load(0)
    shoot(app, window, ops, admin, "admin-review", out)
    assert window.session is not None
    reviews = Reviews(window.session)
    report = reviews.read(report_id(1))
    dialog = ReviewDialog(reviews, report, ops, "PCR-00000000", window)
    model = dialog.model
    row = next(r for r in range(model.rowCount()) if model.key_of(r) == "eNarrative.01")
    model.setData(model.index(row, COMMENT), "Say what she said about the fall, and the "
                  "time she was found.")
    dialog.table.scrollTo(model.index(row, COMMENT))
    dialog.note.setPlainText("Narrative incomplete; the rest is fine.")
    dialog.show()
    shoot_dialog(app, window, ops, dialog, "review-dialog", out)
    reviews.send_back(report, dialog.note.toPlainText(), model.comments())
    dialog.close()
    device.sign_out()
    session = device.sign_in(*MEDIC)
    assert isinstance(session, Session)
    SyncEngine(session, device.clock, device.events).run()  # the returned report comes back
    settle(app, window, ops)
    window.editor.open(session, form, session.store.report(report_id(1)))
    window.editor.sections.setCurrentRow(window.editor._page_of["eNarrative.01"])
    shoot(app, window, ops, window.editor, "epcr-review-comments", out)


def shoot_signing(app: QApplication, window: MainWindow, ops: Operations, session: Session,
                  form: dict[str, Any], out: Path) -> None:
    """The pad (a refusal, signed with the mouse), the Signatures page with a signature
    of an earlier version, and a locked report's addenda."""
    from fieldclient.ui.screens.signature_dialog import SignatureDialog
    from tests.ui.pen import squiggle, with_mouse

    block = next(b for b in form["signatures"] if b["key"] == "refusal_patient")
    dialog = SignatureDialog(block, ("Grace", "Hopper"), parent=window)
    dialog.resize(760, 620)
    dialog.show()
    app.processEvents()
    with_mouse(dialog.pad, squiggle(60, 90, 40))
    shoot_dialog(app, window, ops, dialog, "signature-pad", out)
    image = dialog.pad.png()
    dialog.close()
    now = datetime.now().astimezone()
    data = case_report("2025-EMS-1-Overdose_v351", now, ("Ada", "Lovelace"))
    nurse = Given("transfer_of_care", "4512005", ("4513007",), "4515031", "Rosa", "Diaz",
                  image=image)
    session.store.sign(SIGNED_REPORT, nurse, form, data=data, status="in_progress",
                       author_id=session.user.id, now=now)
    changed = data | {"ePatient.02": "Lovelace-King"}
    session.store.save_report(SIGNED_REPORT, form_id="epcr", form_version=3, data=changed,
                              author_id=session.user.id, now=now)
    window.editor.open(session, form, session.store.report(SIGNED_REPORT))
    window.editor.sections.setCurrentRow(window.editor.sections.count() - 1)
    shoot(app, window, ops, window.editor, "epcr-signatures", out)
    shoot_handoff(session, form, out)
    session.store.addenda.add(report_id(1), "Pt's daughter called at 14:10: he takes "
                              "warfarin daily.", author_id=session.user.id,
                              author_name=session.user.name, now=now)
    window.editor.open(session, form, session.store.report(report_id(1)))
    shoot(app, window, ops, window.editor, "epcr-addendum", out)


def shoot_handoff(session: Session, form: dict[str, Any], out: Path) -> None:
    """The handoff PDF's first page (paper: one look), through poppler's pdftoppm."""
    import shutil
    import subprocess

    from fieldclient.reports.handoff import handoff
    from fieldclient.ui.printing.handoff_pdf import pdf_bytes

    report = session.store.report(SIGNED_REPORT)
    assert report is not None
    made = handoff(report, form, agency=session.user.agency["name"],
                   printed_by=session.user.name, now=datetime.now().astimezone())
    pdftoppm = shutil.which("pdftoppm")  # poppler-utils, which scripts/test.sh installs
    if pdftoppm is None:
        raise SystemExit("screenshots: pdftoppm (poppler-utils) is needed for the PDF page")
    subprocess.run([pdftoppm, "-png", "-r", "80", "-f", "1", "-l", "1", "-singlefile", "-",  # noqa: S603
                    str(out / "handoff-pdf")], input=pdf_bytes(made), check=True)


def prepare(device: Device) -> Session:
    admin = DeviceSetup(device).sign_in_admin(*ADMIN)
    assert isinstance(admin, AdminSetup)
    admin.register("Medic 7 laptop")
    session = device.sign_in(*MEDIC)
    assert isinstance(session, Session)
    engine = SyncEngine(session, device.clock, device.events)
    engine.run()  # incidents and the form
    now = datetime.now().astimezone()
    incidents = session.store.incidents(limit=3)
    for number, ((first, last, complaint), incident) in enumerate(
            zip(PATIENTS, incidents, strict=True)):
        data = case_report("2025-EMS-1-Overdose_v351", now, (first, last)) | {
            "eSituation.PatientComplaintGroup": [{"eSituation.03": "2803001",
                                                  "eSituation.04": complaint}],
            "eNarrative.01": f"Found {first} on the floor at home, alert, {complaint.lower()}."
                             " Assessed, monitored en route, care handed over at ED."}
        session.store.save_report(report_id(number), form_id="epcr", form_version=3,
                                  data=data, author_id=session.user.id, now=now,
                                  incident_id=incident["id"],
                                  status="completed" if first == "Grace" else "in_progress")
        if number == 1:
            engine.run()  # the first two synced; the last one still waits
    return session


SIGNED_REPORT = "00000000-0000-4000-8000-00000000005a"


def report_id(number: int) -> str:
    return f"00000000-0000-4000-8000-{number:012d}"


def main(out: Path) -> None:
    out.mkdir(parents=True, exist_ok=True)
    app = QApplication.instance() or QApplication([])
    with tempfile.TemporaryDirectory() as tmp:
        sock, url = BackgroundServer.listen()
        options = ServerOptions(database_url=f"sqlite:///{Path(tmp) / 's.db'}", public_url=url,
                                mail=OutboxTransport(Path(tmp) / "mail"))
        with BackgroundServer(options, sock):
            device = Device.open(Path(tmp) / "client", server_url=url, keyring=MemoryKeyring(),
                                 kdf=KdfParams(1024, 1, 1), provisioning_dir=Path(tmp))
            prepare(device)
            device.sign_out()
            client = start(app, open_device=lambda: device)  # as `fieldclient` starts
            while client.device is None:
                app.processEvents()
            window, ops = client.window, client.operations
            window.resize(1280, 800)
            shoot(app, window, ops, window.setup, "setup", out)
            window.signin.email.setText(MEDIC[0])
            shoot(app, window, ops, window.signin, "sign-in", out)
            session = device.sign_in(*MEDIC)  # the core's SignedIn puts the list up
            assert isinstance(session, Session)
            settle(app, window, ops)
            shoot(app, window, ops, window.incidents, "incident-list", out)
            report = session.store.report(report_id(0))
            form = session.store.latest_form("epcr")
            assert report is not None and form is not None
            window.editor.open(session, form[2], report)
            window.editor.sections.setCurrentRow(3)
            window.editor.editors["ePatient.15"].set_value("130")
            window.editor.check_completeness()
            shoot(app, window, ops, window.editor, "epcr-editor", out)
            shoot_signing(app, window, ops, session, form[2], out)
            theirs = {"data": report.data | {
                "eNarrative.01": "QA: added the fall height.",
                "eSituation.PatientComplaintGroup": [{"eSituation.03": "2803001",
                                                      "eSituation.04": "Fall, hip pain"}]},
                      "status": "in_progress", "revision": 3}
            window.conflict.open(session, report, theirs, form[2])
            shoot(app, window, ops, window.conflict, "conflict-view", out)
            device.sign_out()
            device.sign_in(*ADMIN)
            settle(app, window, ops)
            shoot_admin(app, window, ops, out, Path(tmp))
            shoot_review(app, window, ops, device, form[2], out)
            client.close()
    print(f"screenshots written to {out}")


if __name__ == "__main__":
    main(Path(sys.argv[1]) if len(sys.argv) > 1 else ROOT / "docs" / "screenshots")
