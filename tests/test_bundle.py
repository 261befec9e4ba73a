"""The packaged client: --self-check from source, and the real one-folder bundle built
with build.spec and checked the way support staff would (slow: ~1 minute)."""

from __future__ import annotations

import os
import subprocess
import sys
from importlib.metadata import version
from pathlib import Path

import pytest

from fieldclient.provisioning import self_check
from fieldclient.provisioning.self_check import SelfCheckFailed

ROOT = Path(__file__).resolve().parents[1]
# About 150 MB of Qt, Python, lxml and the rest, and 100 MB of saxonche (SaxonC-HE, a
# GraalVM native image): the national Schematron needs XSLT 2.0, and Complete runs it
# offline on the device. Measured 251 MB (December 2026).
SIZE_LIMIT_MB = 270
CHECKS = ("keyring backends bundled", "encrypted store: created, closed, reopened",
          "bundled font loaded: DejaVu Sans", "sign-in window rendered", "NEMSIS checks ran")


def run(command: list[str], **options: object) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if k != "QT_QPA_PLATFORM"}  # it sets its own
    return subprocess.run(command, cwd=ROOT, env=env, capture_output=True, text=True,
                          check=False, **options)  # type: ignore[call-overload]


def assert_self_check_passed(result: subprocess.CompletedProcess[str], mode: str) -> None:
    assert result.returncode == 0, result.stdout + result.stderr[-3000:]
    lines = result.stdout.splitlines()
    assert lines[0] == f"fieldclient {version('fieldclient')} self-check ({sys.platform}, {mode})"
    for check in CHECKS:
        assert any(line.startswith(f"  ok    {check}") for line in lines), (check, lines)
    assert lines[-1] == "self-check passed"


def test_self_check_from_source() -> None:
    assert_self_check_passed(run([sys.executable, "-m", "fieldclient", "--self-check"],
                                 timeout=120), "source")


def test_self_check_names_missing_keyring_backends(monkeypatch: pytest.MonkeyPatch) -> None:
    """The known trap: a bundle without keyring's metadata falls back to 'fail'."""
    monkeypatch.setattr(self_check, "entry_points", lambda group: [])
    with pytest.raises(SelfCheckFailed, match="entry points are missing"):
        self_check.check_keyring_backends()


def folder_mb(path: Path) -> float:
    """Real files only: the bundle links some libraries into place (counted once)."""
    return sum(f.stat().st_size for f in path.rglob("*")
               if f.is_file() and not f.is_symlink()) / 1024 / 1024


@pytest.mark.slow
@pytest.mark.timeout(900)
def test_the_bundle_builds_checks_itself_and_stays_lean(tmp_path: Path) -> None:
    built = run([sys.executable, "-m", "PyInstaller", "--noconfirm", "--log-level", "WARN",
                 "--distpath", str(tmp_path / "dist"), "--workpath", str(tmp_path / "work"),
                 "build.spec"], timeout=840)
    assert built.returncode == 0, built.stderr[-3000:]
    bundle = tmp_path / "dist" / "fieldclient"
    program = bundle / ("fieldclient.exe" if sys.platform == "win32" else "fieldclient")
    assert_self_check_passed(run([str(program), "--self-check"], timeout=120), "frozen")
    shown = run([str(program), "--version"], timeout=60)
    assert shown.stdout.strip() == f"fieldclient {version('fieldclient')}"
    assert folder_mb(bundle) <= SIZE_LIMIT_MB, f"{folder_mb(bundle):.0f} MB"
    internal = bundle / "_internal"
    assert (internal / "resources" / "fonts" / "DejaVuSans.ttf").is_file()
    assert not list(internal.rglob("*Qt6Qml*")) and not list(internal.rglob("*Qt6Quick*"))
    assert not list(internal.rglob("translations")) and not list(internal.rglob("tkinter"))
    assert not list(internal.rglob("fieldserver"))
    assert [p for p in bundle.rglob("*") if p.is_symlink() and not p.exists()] == []


def test_the_about_box_shows_what_version_prints(qtbot: object, tmp_path: Path) -> None:
    from tests.ui.harness import launch

    client = launch(qtbot, tmp_path / "data", "http://127.0.0.1:9")
    try:
        window = client.window
        window.about_button.click()
        printed = run([sys.executable, "-m", "fieldclient", "--version"],
                      timeout=60).stdout.strip()
        assert window.about_box.text() == printed == f"fieldclient {version('fieldclient')}"
        window.about_box.close()
    finally:
        client.close()
