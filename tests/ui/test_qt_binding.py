"""The Qt binding itself must keep Python's reference counts straight.

PySide6 6.12.0 dropped one reference to None on every call returning nothing, and one
to True on every signal emit. On Python 3.11, where those are still counted, the
interpreter aborts ("deallocating None") after a few thousand such calls: minutes into
a shift, or at the end of the test run. pyproject.toml excludes that release; this test
catches any binding, old or new, that does it again.
"""

from __future__ import annotations

import sys
from collections.abc import Callable
from typing import Any

import pytest
from PySide6.QtCore import QCoreApplication, QObject, Signal
from PySide6.QtWidgets import QLabel

pytestmark = pytest.mark.skipif(
    sys.version_info >= (3, 12), reason="None, True and False are immortal from 3.12 on")

CALLS = 500


class _Emitter(QObject):
    said = Signal(object)


def drift(call: Callable[[], Any], singleton: object) -> int:
    call()  # first-call caches are not leaks
    before = sys.getrefcount(singleton)
    for _ in range(CALLS):
        call()
    return sys.getrefcount(singleton) - before


def test_calls_keep_none_true_and_false_alive(qtbot: Any) -> None:
    label = QLabel("x")
    qtbot.addWidget(label)
    emitter = _Emitter()
    heard: list[object] = []
    emitter.said.connect(heard.append)
    calls: dict[str, Callable[[], Any]] = {
        "processEvents": QCoreApplication.processEvents,
        "setText": lambda: label.setText("y"),
        "setEnabled": lambda: label.setEnabled(False),
        "update": label.update,
        "isVisible": label.isVisible,
        "emit": lambda: emitter.said.emit(1),
    }
    drifts = {(name, repr(singleton)): drift(call, singleton)
              for name, call in calls.items() for singleton in (None, True, False)}
    assert {k: d for k, d in drifts.items() if abs(d) >= CALLS // 2} == {}
    assert len(heard) == 3 * (CALLS + 1)
