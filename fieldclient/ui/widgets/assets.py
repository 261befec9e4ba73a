"""The bundled font and the window icon (resources/)."""

from __future__ import annotations

from functools import cache

from PySide6.QtGui import QFont, QFontDatabase, QFontInfo, QIcon
from PySide6.QtWidgets import QApplication

from fieldclient.plumbing.resources import resource_dir

FONT_FAMILY = "DejaVu Sans"
# fontconfig's generic names: they resolve to a real sans face by definition.
GENERIC_SANS = frozenset({"sans serif", "sans-serif", "sans"})


@cache
def load_bundled_fonts() -> list[str]:
    """Register the bundled fonts; the families Qt now knows them by.

    The frozen app does this at start: a laptop image without fontconfig fonts would
    otherwise draw labels as empty boxes. Once per process: Qt would register copies."""
    families: list[str] = []
    for path in sorted((resource_dir() / "fonts").glob("*.ttf")):
        font_id = QFontDatabase.addApplicationFont(str(path))
        if font_id >= 0:
            families.extend(QFontDatabase.applicationFontFamilies(font_id))
    return sorted(set(families))


# The widget classes a platform theme may give a font of their own, not the application
# font (Qt's initializeWidgetFontHash). On Windows the item views, headers, menus, message
# boxes, tooltips and the status bar take the system's metrics fonts: under Wine the
# incident table's cells and headers were drawn in a serif fallback.
THEMED_CLASSES = ("QMenu", "QMenuBar", "QMenuItem", "QMessageBox", "QLabel", "QTipLabel",
                  "QStatusBar", "QMdiSubWindowTitleBar", "QDockWidgetTitle", "QPushButton",
                  "QCheckBox", "QRadioButton", "QToolButton", "QAbstractItemView",
                  "QListView", "QHeaderView", "QComboMenuItem", "QComboLineEdit",
                  "QSmallFont", "QMiniFont")


def really_there(font: QFont) -> bool:
    """Whether text in this font is drawn in the face it asks for (or in the sans face a
    generic name means), not in whatever Qt substitutes."""
    requested, resolved = font.family(), QFontInfo(font).family()
    # Only a face that is there counts: Qt's offscreen platform on Windows knows no fonts
    # at all, and answers with the family asked for, or with nothing.
    there = bool(resolved) and resolved in QFontDatabase.families()
    return there and (resolved.casefold() == requested.casefold()
                      or requested.casefold() in GENERIC_SANS)


def ensure_ui_font(app: QApplication, wanted: QFont | None = None) -> str:
    """Make the bundled font the application font where the system's UI font is not
    really there, and each widget class's font where the theme's is not; the family the
    labels are drawn in.

    Under Wine, and on a Windows image without Segoe UI, Qt matched the missing default
    to a serif face: labels must never fall back to serif."""
    wanted = wanted or QFontDatabase.systemFont(QFontDatabase.SystemFont.GeneralFont)
    if really_there(wanted) and not _themed_but_missing(app):
        return QFontInfo(wanted).family()
    if FONT_FAMILY not in load_bundled_fonts():
        return QFontInfo(wanted).family()  # nothing better: the self-check names this
    if not really_there(wanted):
        app.setFont(_bundled(wanted))
    for name in _themed_but_missing(app):
        app.setFont(_bundled(QApplication.font(name)), name)  # at the theme's size
    return QFontInfo(app.font()).family()


def _themed_but_missing(app: QApplication) -> list[str]:
    """The widget classes the theme gave a font of their own that is not really there."""
    return [name for name in THEMED_CLASSES
            if (font := QApplication.font(name)) != app.font() and not really_there(font)]


def _bundled(font: QFont) -> QFont:
    bundled = QFont(font)
    bundled.setFamilies([FONT_FAMILY])
    return bundled


def app_icon() -> QIcon:
    return QIcon(str(resource_dir() / "icons" / "fieldclient.png"))
