"""House rules: the client core never imports Qt; Qt itself works on this machine."""

from __future__ import annotations

import ast
import os
import re
import subprocess
import sys
import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
QT_ALLOWED = ("fieldclient/ui/",)


def imports_in(path: Path, relative: str) -> list[tuple[int, str]]:
    """(line, module) for every absolute import in a file."""
    found = []
    for node in ast.walk(ast.parse(path.read_text("utf-8"), relative)):
        if isinstance(node, ast.Import):
            found += [(node.lineno, a.name) for a in node.names]
        elif isinstance(node, ast.ImportFrom) and node.level == 0:
            found.append((node.lineno, node.module or ""))
    return found


def qt_imports(tree_root: Path) -> list[str]:
    """Files under tree_root/fieldclient that import PySide6 where they must not."""
    offenders = []
    for path in sorted((tree_root / "fieldclient").rglob("*.py")):
        relative = path.relative_to(tree_root).as_posix()
        if relative.startswith(QT_ALLOWED):
            continue
        for line, name in imports_in(path, relative):
            if name.split(".")[0] == "PySide6":
                offenders.append(f"{relative}:{line}")
    return offenders


def test_client_core_never_imports_qt() -> None:
    assert (ROOT / "fieldclient" / "storage").is_dir()
    assert qt_imports(ROOT) == []


def test_the_check_catches_a_qt_import(tmp_path: Path) -> None:
    core = tmp_path / "fieldclient" / "storage"
    core.mkdir(parents=True)
    (core / "bad.py").write_text("import os\nfrom PySide6.QtCore import QObject\n")
    (tmp_path / "fieldclient" / "ui").mkdir()
    (tmp_path / "fieldclient" / "ui" / "ok.py").write_text("from PySide6 import QtWidgets\n")
    (tmp_path / "fieldclient" / "sync").mkdir()
    (tmp_path / "fieldclient" / "sync" / "engine.py").write_text("import PySide6\n")
    assert qt_imports(tmp_path) == ["fieldclient/storage/bad.py:2", "fieldclient/sync/engine.py:1"]


def test_server_never_imports_qt() -> None:
    for path in (ROOT / "fieldserver").rglob("*.py"):
        assert "PySide6" not in path.read_text("utf-8"), path


def test_qt_runs_offscreen(qtbot) -> None:  # type: ignore[no-untyped-def]
    """The bootstrap installed what Qt needs: a widget renders without a display."""
    from PySide6.QtWidgets import QLabel

    label = QLabel("fieldclient")
    qtbot.addWidget(label)
    label.resize(200, 40)
    assert not label.grab().isNull()


# What each top-level package may import of the others: the client and the server share
# only fieldforms, which imports neither (and nothing outside the standard library).
MAY_IMPORT = {"fieldclient": {"fieldforms"}, "fieldserver": {"fieldforms"}, "fieldforms": set()}


def cross_imports(tree_root: Path) -> list[str]:
    offenders = []
    for package, allowed in MAY_IMPORT.items():
        for path in sorted((tree_root / package).rglob("*.py")):
            relative = path.relative_to(tree_root).as_posix()
            for line, name in imports_in(path, relative):
                top = name.split(".")[0]
                if top in MAY_IMPORT and top != package and top not in allowed:
                    offenders.append(f"{relative}:{line} imports {top}")
    return offenders


def test_client_and_server_share_only_fieldforms() -> None:
    assert cross_imports(ROOT) == []


def test_the_share_check_catches_both_directions(tmp_path: Path) -> None:
    for package in MAY_IMPORT:
        (tmp_path / package).mkdir()
    (tmp_path / "fieldserver" / "reports.py").write_text("from fieldclient.reports import x\n")
    (tmp_path / "fieldclient" / "sync.py").write_text("import os\nimport fieldserver.db\n")
    (tmp_path / "fieldforms" / "v.py").write_text("from fieldclient import y\n")
    (tmp_path / "fieldclient" / "ok.py").write_text("from fieldforms import validation\n")
    assert cross_imports(tmp_path) == ["fieldclient/sync.py:2 imports fieldserver",
                                       "fieldserver/reports.py:1 imports fieldclient",
                                       "fieldforms/v.py:1 imports fieldclient"]


# The modules of fieldforms with libraries: NEMSIS XML, written and checked on both sides
# (the export and import on the server, Complete on the device). Both libraries are the
# project's base dependencies, so the client's and the server's installs each have them.
FIELDFORMS_LIBRARIES = {"nemsis/checks.py": {"lxml", "saxonche"}, "nemsis/document.py": {"lxml"},
                        "nemsis/export.py": {"lxml"}}
# nemsis/complete.py runs the checks through checks.py, and imports no library itself.


def test_fieldforms_needs_only_the_standard_library() -> None:
    base = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]["dependencies"]
    installed = {re.split(r"[<>=!\[ ]", requirement)[0] for requirement in base}
    for path in (ROOT / "fieldforms").rglob("*.py"):
        allowed = FIELDFORMS_LIBRARIES.get(path.relative_to(ROOT / "fieldforms").as_posix(), set())
        assert allowed <= installed
        for _, name in imports_in(path, path.name):
            top = name.split(".")[0]
            assert top in sys.stdlib_module_names or top in ("fieldforms", "__future__") \
                or top in allowed, f"{path.name} imports {name}"


def test_starting_the_client_loads_no_xml_library() -> None:
    """The NEMSIS checks (lxml, and saxonche's 100 MB native image) load when a v2
    report is open, never at start: cold start is measured against a bare Qt window."""
    probe = ("import sys, fieldclient.ui.app, fieldclient.ui.main_window, "
             "fieldclient.ui.screens.epcr_editor; "
             "print(sorted(m for m in ('lxml', 'saxonche') if m in sys.modules))")
    loaded = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True,
                            check=True, cwd=ROOT, env={**os.environ,
                                                       "QT_QPA_PLATFORM": "offscreen"})
    assert loaded.stdout.strip() == "[]"
