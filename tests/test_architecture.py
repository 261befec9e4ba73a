"""House rules: the client core never imports Qt; Qt itself works on this machine."""

from __future__ import annotations

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
QT_ALLOWED = ("fieldclient/ui/",)


def qt_imports(tree_root: Path) -> list[str]:
    """Files under tree_root/fieldclient that import PySide6 where they must not."""
    offenders = []
    for path in sorted((tree_root / "fieldclient").rglob("*.py")):
        relative = path.relative_to(tree_root).as_posix()
        if relative.startswith(QT_ALLOWED):
            continue
        for node in ast.walk(ast.parse(path.read_text("utf-8"), relative)):
            names = ([a.name for a in node.names] if isinstance(node, ast.Import)
                     else [node.module or ""] if isinstance(node, ast.ImportFrom) else [])
            if any(n == "PySide6" or n.startswith("PySide6.") for n in names):
                offenders.append(f"{relative}:{node.lineno}")
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
