"""The bundled font and the window icon (resources/)."""

from __future__ import annotations

from PySide6.QtGui import QFontDatabase, QIcon

from fieldclient.plumbing.resources import resource_dir

FONT_FAMILY = "DejaVu Sans"


def load_bundled_fonts() -> list[str]:
    """Register the bundled fonts; the families Qt now knows them by.

    The frozen app does this at start: a laptop image without fontconfig fonts would
    otherwise draw labels as empty boxes."""
    families: list[str] = []
    for path in sorted((resource_dir() / "fonts").glob("*.ttf")):
        font_id = QFontDatabase.addApplicationFont(str(path))
        if font_id >= 0:
            families.extend(QFontDatabase.applicationFontFamilies(font_id))
    return sorted(set(families))


def app_icon() -> QIcon:
    return QIcon(str(resource_dir() / "icons" / "fieldclient.png"))
