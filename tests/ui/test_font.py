"""Labels are never drawn in a serif fallback (issue 15): where the system's UI font is
not really there (Wine; a Windows image without Segoe UI), the bundled sans face becomes
the application font. What the lane checks under Wine, checked here by asking for a
family this machine cannot have."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from PySide6.QtGui import QFont, QFontInfo
from PySide6.QtWidgets import QApplication

from fieldclient.ui.widgets.assets import FONT_FAMILY, ensure_ui_font, load_bundled_fonts


@pytest.fixture
def app(qapp: QApplication) -> Iterator[QApplication]:
    before = qapp.font()
    yield qapp
    qapp.setFont(before)  # the other tests share this application


def test_a_missing_system_font_gives_way_to_the_bundled_one(app: QApplication) -> None:
    missing = QFont("Segoe UI No Such Build 9", 11)
    assert QFontInfo(missing).family() != missing.family()  # Qt would substitute
    assert ensure_ui_font(app, missing) == FONT_FAMILY
    assert QFontInfo(app.font()).family() == FONT_FAMILY
    assert app.font().pointSize() == 11  # the system's size is kept


def test_a_system_font_that_is_there_is_kept(app: QApplication) -> None:
    load_bundled_fonts()  # then it is a family this machine has
    present = FONT_FAMILY
    app.setFont(QFont("Sentinel"))
    assert ensure_ui_font(app, QFont(present, 10)) == present
    assert app.font().family() == "Sentinel"  # untouched
