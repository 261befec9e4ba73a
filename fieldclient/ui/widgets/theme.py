"""Light (sunlight) and dark (night) themes with large, glove-friendly targets."""

from __future__ import annotations

from PySide6.QtGui import QColor, QPalette
from PySide6.QtWidgets import QApplication

MIN_TARGET = 44  # px; touch targets are at least 40 px

COLORS = {
    "light": {"window": "#f4f5f7", "base": "#ffffff", "text": "#10151f", "button": "#e3e7ee",
              "accent": "#0b5cad", "accent_text": "#ffffff", "muted": "#4a5468",
              "warn": "#8a4b00", "error": "#a11a1a", "ok": "#1e6b34"},
    "dark": {"window": "#12161d", "base": "#1b212b", "text": "#e8ecf2", "button": "#2a3240",
             "accent": "#4c9cf0", "accent_text": "#0b1220", "muted": "#a5afbf",
             "warn": "#f0b35a", "error": "#ff7a7a", "ok": "#6fd08c"},
}


def stylesheet(name: str, family: str) -> str:
    """The theme's rules. The family is the application font's, named for every widget:
    with only a size here, style sheets resolved item views and headers to the platform
    theme's own font (under Wine, the incident table fell back to a serif face)."""
    c = COLORS[name]
    family = family.replace('"', "").replace("\\", "")
    return f"""
    QWidget {{ font-family: "{family}"; font-size: 16px; }}
    QPushButton, QComboBox, QLineEdit, QDateTimeEdit, QSpinBox, QCheckBox {{
        min-height: {MIN_TARGET}px; }}
    QCheckBox::indicator, QListView::indicator {{ width: 26px; height: 26px; }}
    QPushButton {{ padding: 0 18px; border-radius: 6px; background: {c['button']}; }}
    QPushButton[primary="true"] {{ background: {c['accent']}; color: {c['accent_text']};
                                   font-weight: 600; }}
    QPushButton:disabled, QPushButton[primary="true"]:disabled {{
        background: {c['button']}; color: {c['muted']}; }}
    QLabel[role="error"] {{ color: {c['error']}; }}
    QLabel[role="warn"] {{ color: {c['warn']}; font-weight: 600; }}
    QLabel[role="ok"] {{ color: {c['ok']}; font-weight: 600; }}
    QLabel[role="muted"] {{ color: {c['muted']}; }}
    QLabel[role="review"] {{ color: {c['accent']}; font-weight: 600;
                            border-left: 4px solid {c['accent']}; padding-left: 8px; }}
    QTableView {{ gridline-color: {c['button']}; }}
    QListView::item {{ min-height: {MIN_TARGET}px; padding-left: 6px; }}
    QHeaderView::section {{ min-height: {MIN_TARGET}px; padding: 0 8px; }}
    """


def apply(app: QApplication, name: str) -> None:
    family = app.font().family()
    if (app.property("fieldclientTheme"), app.property("fieldclientThemeFont")) == (name, family):
        return  # a style sheet set again re-polishes every widget of the application
    c = COLORS[name]
    palette = QPalette()
    for role, key in ((QPalette.ColorRole.Window, "window"), (QPalette.ColorRole.Base, "base"),
                      (QPalette.ColorRole.Text, "text"), (QPalette.ColorRole.WindowText, "text"),
                      (QPalette.ColorRole.Button, "button"),
                      (QPalette.ColorRole.ButtonText, "text"),
                      (QPalette.ColorRole.Highlight, "accent"),
                      (QPalette.ColorRole.HighlightedText, "accent_text"),
                      (QPalette.ColorRole.PlaceholderText, "muted")):
        palette.setColor(role, QColor(c[key]))
    app.setPalette(palette)
    app.setStyleSheet(stylesheet(name, family))
    app.setProperty("fieldclientTheme", name)
    app.setProperty("fieldclientThemeFont", family)


def toggle(app: QApplication) -> str:
    name = "dark" if app.property("fieldclientTheme") == "light" else "light"
    apply(app, name)
    return name
