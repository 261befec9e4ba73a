"""The screenshot script keeps working, so the pictures in docs/ can stay current."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from PySide6.QtGui import QImage

ROOT = Path(__file__).resolve().parents[2]
SCREENS = ("setup", "sign-in", "incident-list", "epcr-editor", "conflict-view", "admin-users",
           "admin-roles", "admin-agency", "admin-devices", "admin-device", "epcr-signatures",
           "epcr-addendum", "admin-review", "epcr-review-comments")
DIALOGS = ("admin-import", "mfa-setup", "signature-pad", "review-dialog")


def test_screenshot_script_renders_every_screen_in_both_themes(tmp_path: Path) -> None:
    env = os.environ | {"QT_QPA_PLATFORM": "offscreen"}
    result = subprocess.run([sys.executable, "scripts/screenshots.py", str(tmp_path)],
                            cwd=ROOT, env=env, capture_output=True, text=True, timeout=240,
                            check=False)
    assert result.returncode == 0, result.stderr[-2000:]
    for look in ("light", "dark"):
        for screen in SCREENS:
            image = QImage(str(tmp_path / f"{screen}-{look}.png"))
            assert image.width() >= 1000 and image.height() >= 700, (screen, look)
        for dialog in DIALOGS:
            image = QImage(str(tmp_path / f"{dialog}-{look}.png"))
            assert image.width() >= 500 and image.height() >= 400, (dialog, look)
    page = QImage(str(tmp_path / "handoff-pdf.png"))  # the PDF: paper, one look
    assert page.width() >= 600 and page.height() > page.width()
    light = QImage(str(tmp_path / "incident-list-light.png")).pixelColor(5, 300)
    dark = QImage(str(tmp_path / "incident-list-dark.png")).pixelColor(5, 300)
    assert light.lightness() > 150 > dark.lightness()
