"""UI tests drive real screens against the real server, through the same core fixtures."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest

from fieldclient.signin.device import Device
from fieldclient.ui.bridge.operations import Operations
from fieldclient.ui.main_window import MainWindow
from tests.client.conftest import agency, device, keyring_backend, open_device  # noqa: F401


@pytest.fixture
def window(device: Device, qtbot: Any) -> Iterator[MainWindow]:  # noqa: F811
    """The main window on a set-up device; fails the test if a bug reached the crash hook."""
    bugs: list[BaseException] = []
    operations = Operations(bugs.append)
    win = MainWindow(device, operations)
    qtbot.addWidget(win)
    win.show()
    yield win
    operations.wait()
    assert bugs == []
