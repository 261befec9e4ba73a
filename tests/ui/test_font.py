"""Labels are never drawn in a serif fallback (issue 15): where the system's UI font is
not really there (Wine; a Windows image without Segoe UI), the bundled sans face becomes
the application font. What the lane checks under Wine, checked here by asking for a
family this machine cannot have."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from PySide6.QtGui import QFont, QFontInfo
from PySide6.QtWidgets import QApplication, QTableView

from fieldclient.ui.widgets import theme
from fieldclient.ui.widgets.assets import (
    FONT_FAMILY,
    THEMED_CLASSES,
    ensure_ui_font,
    load_bundled_fonts,
)


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


@pytest.fixture
def themed_classes(app: QApplication) -> Iterator[None]:
    before = {name: QApplication.font(name) for name in THEMED_CLASSES}
    yield
    app.setFont(app.font())  # empties the class fonts
    for name, font in before.items():
        if font != app.font():
            app.setFont(font, name)
    theme.apply(app, "light")


def test_a_theme_font_that_is_missing_gives_way_too(app: QApplication,
                                                    themed_classes: None) -> None:
    """Under Wine the incident table's cells and headers were drawn in a serif face: the
    Windows theme gives item views a font of their own (the system's icon-title font)."""
    load_bundled_fonts()
    app.setFont(QFont(FONT_FAMILY, 10))
    app.setFont(QFont("Tahoma No Such Build 9", 9), "QAbstractItemView")
    assert ensure_ui_font(app, QFont(FONT_FAMILY, 10)) == FONT_FAMILY
    # The face asked for, not what this machine's fontconfig substitutes (here a missing
    # face resolves to a sans one anyway; under Wine it was serif).
    themed = QApplication.font("QAbstractItemView")
    assert themed.family() == FONT_FAMILY and themed.pointSize() == 9
    theme.apply(app, "light")
    view = QTableView()
    view.ensurePolished()
    view.horizontalHeader().ensurePolished()
    assert view.font().family() == FONT_FAMILY
    assert view.horizontalHeader().font().family() == FONT_FAMILY


def test_the_theme_names_the_application_font(app: QApplication) -> None:
    """Style sheets resolved item views to the platform theme's font when the sheet gave
    only a size; it names the family the labels are drawn in."""
    assert 'font-family: "DejaVu Sans"; font-size: 16px;' in theme.stylesheet("light",
                                                                            "DejaVu Sans")
    theme.apply(app, "light")
    assert app.styleSheet() == theme.stylesheet("light", app.font().family())
