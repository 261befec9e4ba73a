"""The Windows lane installs exactly what uv.lock pins, as Windows would choose it
(scripts/windows_wheels.py over `uv export`): Linux pip judging the markers for Linux
would drop pywin32-ctypes (keyring's Windows backend needs it) and add jeepney."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
UV = os.environ.get("UV", str(ROOT / ".tools" / "uv"))


def windows_requirements(*export: str) -> dict[str, str]:
    exported = subprocess.run(
        [UV, "export", "--frozen", "--no-hashes", "--no-annotate", "--no-emit-project",
         "--extra", "client", *export], cwd=ROOT, capture_output=True, text=True, check=True,
        env=os.environ | {"UV_PYTHON_DOWNLOADS": "never"}).stdout
    chosen = subprocess.run([sys.executable, "scripts/windows_wheels.py"], input=exported,
                            cwd=ROOT, capture_output=True, text=True, check=True).stdout
    return dict(line.split("==") for line in chosen.split())


def test_the_client_set_is_the_lock_as_windows_chooses_it() -> None:
    chosen = windows_requirements("--no-default-groups")
    assert "pywin32-ctypes" in chosen and "keyring" in chosen
    assert "jeepney" not in chosen and "secretstorage" not in chosen
    assert "fastapi" not in chosen  # the server's libraries stay out of the client
    lock = (ROOT / "uv.lock").read_text()
    for name, version in chosen.items():  # pinned exactly as locked
        assert f'name = "{name}"\nversion = "{version}"' in lock, name


def test_the_test_set_adds_pytest_and_pyinstaller() -> None:
    chosen = windows_requirements()
    assert {"pytest", "pytest-qt", "pyinstaller", "pefile"} <= set(chosen)
    assert "pywin32-ctypes" in chosen
