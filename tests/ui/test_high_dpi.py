"""High DPI: at 200 % scaling the window renders at twice the pixels, targets keep size."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]

RENDER = """
import tempfile
from pathlib import Path
from PySide6.QtWidgets import QApplication, QPushButton, QLineEdit
from fieldclient.ui.app import start
app = QApplication([])
client = start(app, Path(tempfile.mkdtemp()), "http://127.0.0.1:9")  # as run() does
window = client.window
app.processEvents()
image = window.grab().toImage()
targets = window.findChildren(QPushButton) + window.findChildren(QLineEdit)
small = [t.objectName() for t in targets if t.isVisible() and t.height() < 40]
print(app.devicePixelRatio(), image.width() / window.width(), small)
client.close()
"""


def test_scaled_to_200_percent() -> None:
    env = os.environ | {"QT_QPA_PLATFORM": "offscreen", "QT_SCALE_FACTOR": "2"}
    out = subprocess.run([sys.executable, "-c", RENDER], cwd=ROOT, env=env, check=True,
                         capture_output=True, text=True, timeout=120).stdout
    ratio, pixels_per_point, small = out.strip().splitlines()[-1].split(" ", 2)
    assert float(ratio) == 2.0 and float(pixels_per_point) == 2.0
    assert small == "[]"  # every visible button and field is still >= 40 px (logical)
