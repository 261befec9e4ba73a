"""UI tests start the client as the `fieldclient` command does (tests/ui/harness.py),
against the real server, on the same device fixtures as the core's tests."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest

from fieldclient.signin.device import Device
from fieldclient.ui.app import Client
from fieldclient.ui.main_window import MainWindow
from tests.client.conftest import device, keyring_backend, open_device  # noqa: F401
from tests.ui.harness import launch


@pytest.fixture
def client(device: Device, qtbot: Any) -> Iterator[Client]:  # noqa: F811
    """The client started on a set-up device; fails the test if a bug reached the crash
    handler."""
    started = launch(qtbot, open_device=lambda: device)
    yield started
    started.close()
    assert started.crash.calls == 0


@pytest.fixture
def window(client: Client) -> MainWindow:
    return client.window
