"""`fieldclient --self-check`: prove a bundle works, offscreen, and touch nothing real.

Temporary data directory, throwaway keyring, no server. Prints one line per check and
returns 0 when every check passed, 1 otherwise (the first failure is named).
"""

from __future__ import annotations

import sys
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import TextIO

from PySide6.QtGui import QFontDatabase, QFontInfo, QFontMetrics, QImage
from PySide6.QtWidgets import QApplication

from fieldclient import version
from fieldclient.plumbing.resources import is_frozen
from fieldclient.provisioning.self_check import (
    SelfCheckFailed,
    check_encrypted_store,
    check_keyring_backends,
    check_nemsis,
)
from fieldclient.ui.app import start
from fieldclient.ui.widgets import theme
from fieldclient.ui.widgets.assets import FONT_FAMILY, load_bundled_fonts


def check_font() -> str:
    families = load_bundled_fonts()
    if FONT_FAMILY not in families:
        raise SelfCheckFailed(f"the bundled font did not load (got {families!r})")
    return f"bundled font loaded: {', '.join(families)}"


def check_sign_in_window() -> str:
    """The window as `fieldclient` starts it (ui/app.start), on a throwaway data folder and
    keyring, with no server."""
    from fieldclient.signin.device import Device
    from fieldclient.storage.memory_keyring import MemoryKeyring

    app = QApplication.instance()
    with tempfile.TemporaryDirectory() as tmp:
        client = start(app, open_device=lambda: Device.open(
            Path(tmp), server_url="http://127.0.0.1:9", keyring=MemoryKeyring()))
        window = client.window
        QApplication.processEvents()
        image: QImage = window.grab().toImage()
        button = window.signin.button
        label_width = QFontMetrics(button.font()).horizontalAdvance(button.text())
        family = QFontInfo(button.font()).family()
        colours = _colours(button.grab().toImage())
        client.operations.wait()
        QApplication.processEvents()
        client.close()
    if image.isNull() or image.width() < 600 or client.crash.calls:
        raise SelfCheckFailed("the sign-in window did not render")
    if label_width <= 0 or colours < 3:
        raise SelfCheckFailed("the sign-in button's label did not render (no usable font)")
    return (f"sign-in window rendered: {image.width()}x{image.height()} px, "
            f"'{button.text()}' drawn in {colours} colours, in {family}")


def check_handoff() -> str:
    """The handoff report: a PDF made in memory, and Qt's printing (the bundle must not
    leave QtPrintSupport out)."""
    from PySide6.QtPrintSupport import QPrinter, QPrinterInfo

    from fieldclient.reports.handoff import Handoff, Section, Table
    from fieldclient.ui.printing.handoff_pdf import pdf_bytes

    sample = Handoff("Self-check EMS", "PCR-0000", "Test Patient",
                     [Section("Patient", [("Last Name", "Patient")])],
                     [Table("Vitals", ["Time", "SBP"], [["10:00", "120"]])], "", [], [],
                     "Printed by the self-check")
    pdf = pdf_bytes(sample)
    if not pdf.startswith(b"%PDF") or b"/Page" not in pdf:
        raise SelfCheckFailed("the handoff PDF was not made")
    QPrinter(QPrinter.PrinterMode.HighResolution)
    return (f"handoff PDF made in memory ({len(pdf) // 1024} KiB); printing: "
            f"{len(QPrinterInfo.availablePrinters())} printers")


def _colours(image: QImage) -> int:
    step = max(1, image.width() // 60)
    return len({image.pixel(x, y) for x in range(0, image.width(), step)
                for y in range(0, image.height(), 2)})


def run(out: TextIO | None = None) -> int:
    """out: stdout; a windowed Windows build has none, so the report goes to a file in
    the temporary folder instead (and the exit code says it all)."""
    if out is None and sys.stdout is None:
        report = Path(tempfile.gettempdir()) / "fieldclient-self-check.txt"
        with report.open("w", encoding="utf-8") as file:
            return run(file)
    out = out or sys.stdout
    app = QApplication.instance() or QApplication(sys.argv[:1])
    theme.apply(app, "light")  # type: ignore[arg-type]
    print(f"fieldclient {version()} self-check ({sys.platform}, "
          f"{'frozen' if is_frozen() else 'source'})", file=out)
    with tempfile.TemporaryDirectory(prefix="fieldclient-self-check-") as tmp:
        checks: list[Callable[[], str]] = [
            # The window before the font check loads the bundled font: the window must
            # find its font the way the app does (Wine has no UI font of its own).
            check_keyring_backends, lambda: check_encrypted_store(Path(tmp)),
            check_sign_in_window, check_font, check_nemsis, check_handoff]
        for check in checks:
            try:
                print(f"  ok    {check()}", file=out)
            except SelfCheckFailed as failure:
                print(f"  FAIL  {failure}", file=out)
                return 1
    print(f"  families known to Qt: {len(QFontDatabase.families())}", file=out)
    print("self-check passed", file=out)
    return 0
