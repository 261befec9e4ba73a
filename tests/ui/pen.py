"""Writing on the signature pad as a crew member would: with the mouse, a pen (tablet
events with pressure) or a finger (touch events from a touchscreen)."""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import QEvent, QPoint, QPointF, Qt
from PySide6.QtGui import QImage, QInputDevice, QPointingDevice, QTabletEvent
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QWidget

Points = Sequence[tuple[int, int]]
_DEVICES: dict[str, QPointingDevice] = {}


def squiggle(left: int = 60, top: int = 80, steps: int = 24) -> list[tuple[int, int]]:
    """A signature-like stroke: across the pad, up and down."""
    return [(left + i * 14, top + (i % 4) * 12 - (i % 3) * 7) for i in range(steps)]


def with_mouse(pad: QWidget, points: Points) -> None:
    QTest.mousePress(pad, Qt.MouseButton.LeftButton, pos=QPoint(*points[0]))
    for point in points[1:]:
        QTest.mouseMove(pad, QPoint(*point))
    QTest.mouseRelease(pad, Qt.MouseButton.LeftButton, pos=QPoint(*points[-1]))


def pen() -> QPointingDevice:
    if "pen" not in _DEVICES:
        _DEVICES["pen"] = QPointingDevice(
            "test pen", 4242, QInputDevice.DeviceType.Stylus, QPointingDevice.PointerType.Pen,
            QInputDevice.Capability.Position | QInputDevice.Capability.Pressure, 1, 2)
    return _DEVICES["pen"]


def tablet_event(pad: QWidget, kind: QEvent.Type, point: tuple[int, int],
                 pressure: float = 0.7) -> QTabletEvent:
    down = Qt.MouseButton.NoButton if kind == QEvent.Type.TabletRelease \
        else Qt.MouseButton.LeftButton
    return QTabletEvent(kind, pen(), QPointF(*point), QPointF(pad.mapToGlobal(QPoint(*point))),
                        pressure, 0, 0, 0, 0, 0, Qt.KeyboardModifier.NoModifier,
                        Qt.MouseButton.LeftButton, down)


def with_pen(pad: QWidget, points: Points) -> None:
    kinds = [QEvent.Type.TabletPress] + [QEvent.Type.TabletMove] * (len(points) - 2) + [
        QEvent.Type.TabletRelease]
    for number, (kind, point) in enumerate(zip(kinds, points, strict=True)):
        QApplication.sendEvent(pad, tablet_event(pad, kind, point, 0.3 + (number % 5) / 8))


def with_finger(pad: QWidget, points: Points) -> None:
    """Touches go to the pad's window, as the window system sends them, at the window's
    coordinates (QTest's widget overload missed a pad inside a dialog)."""
    if "touch" not in _DEVICES:
        _DEVICES["touch"] = QTest.createTouchDevice()
    window = pad.window()
    at = [pad.mapTo(window, QPoint(*point)) for point in points]
    touch = QTest.touchEvent(window.windowHandle(), _DEVICES["touch"])
    touch.press(0, at[0])
    touch.commit()
    for point in at[1:-1]:
        touch.move(0, point)
        touch.commit()
    touch.release(0, at[-1])
    touch.commit()


def dark_pixels(png: bytes) -> int:
    """How many pixels of the image are ink (a blank pad has none)."""
    image = QImage.fromData(png, "PNG").convertToFormat(QImage.Format.Format_Grayscale8)
    row_bytes = image.bytesPerLine()
    data = bytes(image.constBits())[: row_bytes * image.height()]
    return sum(1 for y in range(image.height())
               for value in data[y * row_bytes: y * row_bytes + image.width()] if value < 128)
