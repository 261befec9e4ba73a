"""The event spine: every core event reaches the GUI thread as a signal; background work
goes through Operations, which leaves nothing behind and keeps expected failures apart
from bugs."""

from __future__ import annotations

import ast
import dataclasses
import inspect
import threading
import typing
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import QObject, QThread
from PySide6.QtWidgets import QApplication, QMessageBox, QWidget

from fieldclient.plumbing import events
from fieldclient.plumbing.errors import DiskFull
from fieldclient.signin.device import Device
from fieldclient.ui.bridge.core_events import SIGNAL_OF, CoreBridge
from fieldclient.ui.bridge.operations import Operations
from tests.support.impostors import untrusted_tls_server
from tests.ui.harness import launch

ROOT = Path(__file__).resolve().parents[2]


def event_classes() -> set[type]:
    return {c for _n, c in inspect.getmembers(events, inspect.isclass)
            if dataclasses.is_dataclass(c) and c.__module__ == events.__name__}


def published_names() -> set[str]:
    """Every `X(...)` handed to a `.publish(...)` call anywhere in the client core."""
    names = set()
    for path in (ROOT / "fieldclient").rglob("*.py"):
        if "ui" in path.relative_to(ROOT / "fieldclient").parts:
            continue
        for node in ast.walk(ast.parse(path.read_text("utf-8"))):
            if (isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute)
                    and node.func.attr == "publish" and node.args
                    and isinstance(node.args[0], ast.Call)
                    and isinstance(node.args[0].func, ast.Name)):
                names.add(node.args[0].func.id)
    return names


def test_every_event_type_has_a_signal() -> None:
    declared = event_classes()
    assert set(typing.get_args(events.Event)) == declared == set(events.EVENT_TYPES)
    assert set(SIGNAL_OF) == declared
    by_name = {c.__name__ for c in declared}
    # Events built by name at a publish call are declared (so they have a signal); the
    # engine's status goes through its own helper and is checked by name above.
    assert published_names() - by_name == set()
    for kind, signal in SIGNAL_OF.items():
        assert isinstance(getattr(CoreBridge, signal), type(CoreBridge.signedIn)), kind


def sample(kind: type) -> Any:
    values = {int: 1, str: "x", bool: False, "int": 1, "str": "x", "bool": False,
              "str | None": None, "tuple[int, ...]": (1,), "tuple[str, ...]": ("r",)}
    return kind(**{f.name: values.get(f.type, 1) for f in dataclasses.fields(kind)
                   if f.default is dataclasses.MISSING})


def test_events_published_on_a_worker_arrive_on_the_gui_thread(qtbot: Any) -> None:
    bus = events.EventBus()
    bridge = CoreBridge()
    bridge.listen(bus)
    heard: list[tuple[type, QThread]] = []
    for signal in SIGNAL_OF.values():
        getattr(bridge, signal).connect(
            lambda event: heard.append((type(event), QThread.currentThread())))
    worker = threading.Thread(target=lambda: [bus.publish(sample(k)) for k in SIGNAL_OF])
    worker.start()
    worker.join(10)
    qtbot.waitUntil(lambda: len(heard) == len(SIGNAL_OF), timeout=5000)
    assert [k for k, _t in heard] == list(SIGNAL_OF)
    assert all(t is bridge.thread() for _k, t in heard)
    assert bridge.latest(events.ConnectivityChanged) == sample(events.ConnectivityChanged)
    bridge.close()
    bus.publish(sample(events.SignedIn))  # unsubscribed: nothing more arrives
    QApplication.processEvents()
    assert len(heard) == len(SIGNAL_OF)


def test_operations_leave_no_relay_behind_after_500_runs(qtbot: Any) -> None:
    ops = Operations(pytest.fail)
    before = len(ops.findChildren(QObject))
    done: list[int] = []
    for number in range(500):
        ops.run(lambda number=number: number, done.append)
    qtbot.waitUntil(lambda: len(done) == 500, timeout=30000)
    qtbot.waitUntil(lambda: len(ops.findChildren(QObject)) == before, timeout=5000)
    assert ops.running == 0 and sorted(done) == list(range(500))


def test_answers_still_on_their_way_when_a_session_ends_reach_no_screen(qtbot: Any) -> None:
    """A CI run caught it: a page of users arrived after sign-out and filled the emptied
    admin table again. After forget_running, such answers are dropped; bugs still count;
    work started afterwards answers as usual."""
    bugs: list[BaseException] = []
    ops = Operations(bugs.append)
    release = threading.Event()
    shown: list[str] = []

    def slow_page() -> str:
        release.wait(10)
        return "names and emails"

    def slow_bug() -> None:
        release.wait(10)
        raise RuntimeError("a bug")

    ops.run(slow_page, shown.append)
    ops.run(disk_full_later(release), shown.append, lambda e: shown.append(str(e)))
    ops.run(slow_bug, shown.append)
    ops.forget_running()  # the session ended here
    ops.run(lambda: "next session's page", shown.append)
    release.set()
    qtbot.waitUntil(lambda: ops.running == 0 and len(bugs) == 1, timeout=10000)
    assert shown == ["next session's page"]
    assert isinstance(bugs[0], RuntimeError)


def disk_full_later(release: threading.Event) -> Any:
    def work() -> None:
        release.wait(10)
        raise DiskFull("The disk is full, so this was not saved.")
    return work


def test_an_expected_failure_without_a_handler_is_shown_over_the_widget_that_asked(
        qtbot: Any) -> None:
    bugs: list[BaseException] = []
    ops = Operations(bugs.append)
    parent = QWidget()
    qtbot.addWidget(parent)
    parent.show()

    def full() -> None:
        raise DiskFull("The disk is full, so this was not saved.")

    ops.run(full, lambda _r: None, parent=parent)
    qtbot.waitUntil(lambda: parent.findChild(QMessageBox, "failureMessage") is not None,
                    timeout=5000)
    box = parent.findChild(QMessageBox, "failureMessage")
    assert box.text() == "The disk is full, so this was not saved." and box.isVisible()
    assert bugs == []
    box.close()

    def bug() -> None:
        raise KeyError("not expected")

    ops.run(bug, lambda _r: None, lambda _e: pytest.fail("a bug is not a failure"))
    qtbot.waitUntil(lambda: len(bugs) == 1, timeout=5000)
    assert isinstance(bugs[0], KeyError)


def test_an_untrusted_certificate_shows_the_certificate_message_not_the_crash_dialog(
        device: Device, qtbot: Any, tmp_path: Path) -> None:
    """Issue 12, finding 6: the first connection check sent TlsError to the crash hook."""
    with untrusted_tls_server(tmp_path) as url:
        device.set_server_url(url)
        client = launch(qtbot, open_device=lambda: device)
        try:
            label = client.window.signin.connection
            qtbot.waitUntil(lambda: "certificate" in label.text(), timeout=30000)
            assert label.text().startswith("● Not connected: ")
            assert client.window.findChild(QMessageBox, "crashDialog") is None
        finally:
            client.close()
    assert client.crash.calls == 0
