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


def ensure_ui_font(app: QApplication, wanted: QFont | None = None) -> str:
    """Make the bundled font the application font where the system's UI font is not
    really there; the family the labels are drawn in.

    Under Wine, and on a Windows image without Segoe UI, Qt matched the missing default
    to a serif face: labels must never fall back to serif."""
    wanted = wanted or QFontDatabase.systemFont(QFontDatabase.SystemFont.GeneralFont)
    requested = wanted.family()
    resolved = QFontInfo(wanted).family()
    # Only a face that is there counts: Qt's offscreen platform on Windows knows no fonts
    # at all, and answers with the family asked for, or with nothing.
    there = bool(resolved) and resolved in QFontDatabase.families()
    if there and (resolved.casefold() == requested.casefold()
                  or requested.casefold() in GENERIC_SANS):
        return resolved
    if FONT_FAMILY not in load_bundled_fonts():
        return resolved  # nothing better to offer; self-check names this failure
    font = QFont(wanted)
    font.setFamilies([FONT_FAMILY])
    app.setFont(font)
    return QFontInfo(font).family()


def app_icon() -> QIcon:
    return QIcon(str(resource_dir() / "icons" / "fieldclient.png"))
