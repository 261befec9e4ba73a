"""The packaged client: bundle size and the frozen app's cold start to its sign-in window.

Builds the bundle (build.spec) into build/bench/ first. Start-up is timed from
process spawn to the first frame, as a person clicking the icon sees it (bootloader and
unpacking included), against a bare PySide6 window started the same way, interleaved.
"""

from __future__ import annotations

import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from bench.common import Row

ROOT = Path(__file__).resolve().parents[1]
BUILD = ROOT / "build" / "bench"
BARE_WINDOW = """
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QWidget
app = QApplication([]); w = QWidget(); w.resize(1100, 760); w.show()
QTimer.singleShot(0, lambda: (print("first frame", flush=True), app.quit()))
app.exec()
"""


def build() -> Path:
    subprocess.run([sys.executable, "-m", "PyInstaller", "--noconfirm", "--log-level", "ERROR",
                    "--distpath", str(BUILD / "dist"), "--workpath", str(BUILD / "work"),
                    str(ROOT / "build.spec")], cwd=ROOT, check=True,
                   capture_output=True)
    return BUILD / "dist" / "fieldclient"


def folder_mb(path: Path) -> float:
    return sum(f.stat().st_size for f in path.rglob("*")
               if f.is_file() and not f.is_symlink()) / 1024 / 1024


def to_first_frame(command: list[str], env: dict[str, str]) -> float:
    start = time.perf_counter()
    with subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL,
                          env=env, text=True) as child:
        assert child.stdout is not None
        for line in child.stdout:
            if line.strip() == "first frame":
                elapsed = time.perf_counter() - start
                break
        else:
            raise RuntimeError("the program exited before its first frame")
        child.wait(timeout=60)
    return elapsed


def run(quick: bool) -> list[Row]:
    bundle = build()
    program = bundle / ("fieldclient.exe" if sys.platform == "win32" else "fieldclient")
    pyside = Path(__import__("PySide6").__file__).parent
    with tempfile.TemporaryDirectory() as data:
        env = os.environ | {"QT_QPA_PLATFORM": "offscreen", "FIELDCLIENT_DATA_DIR": data,
                            "FIELDCLIENT_FIRST_FRAME_PROBE": "1"}
        runs = 3 if quick else 9
        pairs = [(to_first_frame([sys.executable, "-c", BARE_WINDOW], env),
                  to_first_frame([str(program)], env)) for _ in range(runs)]
    bare = statistics.median(b for b, _ in pairs)
    frozen = statistics.median(f for _, f in pairs)
    size, qt = folder_mb(bundle), folder_mb(pyside)
    return [("one-folder bundle size (Linux)", f"{size:.0f} MB",
             f"{qt:.0f} MB PySide6-Essentials as installed",
             f"{size / qt:.2f}x (limit 270 MB: saxonche is 100 MB)"),
            ("frozen app, spawn to first frame of the sign-in window", f"{frozen * 1000:.0f} ms",
             f"{bare * 1000:.0f} ms bare PySide6 window from Python",
             f"{frozen / bare:.2f}x")]
