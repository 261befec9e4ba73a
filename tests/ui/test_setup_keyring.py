"""Device set-up on a machine with no credential store (issue 13), through the real
start path: keyring finds nothing usable, as on any Linux machine with no desktop
session, and the first step says so before the server hears of this computer."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import keyring
import keyring.backends.fail
import pytest
from PySide6.QtWidgets import QLabel, QLineEdit, QPushButton

from tests.helpers import ADMIN
from tests.support.agency import RestartableServer
from tests.ui.harness import click, launch


def test_setup_without_a_keyring_names_what_is_missing(
    qtbot: Any, tmp_path: Path, agency: RestartableServer, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(keyring.core, "_keyring_backend", keyring.backends.fail.Keyring())
    assert agency.live is not None
    with agency.live.as_user(*ADMIN) as admin:
        before = admin.get("/api/v1/devices").json()
    client = launch(qtbot, tmp_path / "client", agency.base_url)
    try:
        check = client.window.findChild(QPushButton, "setupCheckButton")
        qtbot.waitUntil(check.isVisible, timeout=30_000)
        click(qtbot, check)
        message = client.window.findChild(QLabel, "setupMessage")
        qtbot.waitUntil(lambda: "credential store is not available" in message.text(),
                        timeout=30_000)
        assert "sudo apt-get install gnome-keyring" in message.text()
        assert not client.window.findChild(QLineEdit, "setupEmail").isVisible()  # no step 2
        assert client.crash.calls == 0
    finally:
        client.close()
    with agency.live.as_user(*ADMIN) as admin:
        assert admin.get("/api/v1/devices").json() == before
    assert sorted(p.name for p in (tmp_path / "client").iterdir()) == ["config.json"]
