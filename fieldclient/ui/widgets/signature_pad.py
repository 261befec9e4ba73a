"""The signature pad: a pen, a finger (with or without a glove) or a mouse writes on it.

Input comes through Qt's tablet events (a pen, with its pressure), touch events and the
mouse. Each new point draws only its own segment into an ink image kept at the screen's
resolution and repaints only that segment's rectangle, so a stroke keeps up with the pen
on modest hardware (bench/bench_signature_pad.py). The strokes themselves are kept, so
undo, a resize and a theme change redraw from them, and the PNG is always black ink on
white whatever the theme shows.
"""

from __future__ import annotations

from itertools import pairwise
from math import dist

from PySide6.QtCore import (
    QBuffer,
    QByteArray,
    QEvent,
    QIODevice,
    QPointF,
    QRect,
    QRectF,
    Qt,
    Signal,
)
from PySide6.QtGui import (
    QColor,
    QImage,
    QMouseEvent,
    QPainter,
    QPaintEvent,
    QPalette,
    QPen,
    QResizeEvent,
    QTabletEvent,
    QTouchEvent,
)
from PySide6.QtWidgets import QSizePolicy, QWidget

Point = tuple[QPointF, float]  # where, and the pen's width there
MIN_INK = 40.0  # logical pixels of ink: less is a tap, not a signature
PEN = 3.0
_TOUCH = (QEvent.Type.TouchBegin, QEvent.Type.TouchUpdate, QEvent.Type.TouchEnd)


class SignaturePad(QWidget):
    changed = Signal()  # a stroke ended, or one was undone or cleared

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("signaturePad")
        self.setAccessibleName("Signature pad: sign with a pen, a finger or the mouse")
        self.setAttribute(Qt.WidgetAttribute.WA_AcceptTouchEvents)
        self.setAttribute(Qt.WidgetAttribute.WA_OpaquePaintEvent)
        self.setMinimumSize(560, 240)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
        self._strokes: list[list[Point]] = []
        self._drawing = False
        self._ink = QImage()

    # --- what it holds -----------------------------------------------------------------
    def stroke_count(self) -> int:
        return len(self._strokes)

    def is_blank(self) -> bool:
        length = sum(dist(_xy(a[0]), _xy(b[0])) for stroke in self._strokes
                     for a, b in pairwise(stroke))
        return length < MIN_INK

    def undo(self) -> None:
        if self._strokes:
            self._strokes.pop()
            self._redraw()
            self.changed.emit()

    def clear(self) -> None:
        self._strokes.clear()
        self._redraw()
        self.changed.emit()

    def png(self) -> bytes:
        """The strokes as a PNG, black on white, at the pad's size in logical pixels."""
        image = QImage(max(1, min(self.width(), 2000)), max(1, min(self.height(), 1000)),
                       QImage.Format.Format_Grayscale8)
        image.fill(Qt.GlobalColor.white)
        painter = QPainter(image)
        self._draw_strokes(painter, self._strokes, QColor(Qt.GlobalColor.black))
        painter.end()
        data = QByteArray()
        buffer = QBuffer(data)
        buffer.open(QIODevice.OpenModeFlag.WriteOnly)
        image.save(buffer, "PNG")
        return bytes(data.data())

    # --- input -------------------------------------------------------------------------
    def tabletEvent(self, event: QTabletEvent) -> None:
        width = PEN * (0.5 + event.pressure())  # a pen's pressure: 0.5x to 1.5x
        kind = event.type()
        if kind == QEvent.Type.TabletPress:
            self._begin(event.position(), width)
        elif kind == QEvent.Type.TabletMove and self._drawing:
            self._extend(event.position(), width)
        elif kind == QEvent.Type.TabletRelease:
            self._end()
        event.accept()  # so Qt makes no mouse events of it

    def event(self, event: QEvent) -> bool:
        if event.type() in _TOUCH and isinstance(event, QTouchEvent):
            self._touch(event)
            return True
        if event.type() == QEvent.Type.TouchCancel:
            self._end()
            return True
        return super().event(event)

    def _touch(self, event: QTouchEvent) -> None:
        points = event.points()
        if points:  # the first finger writes; a palm's other touches are ignored
            where = points[0].position()
            if event.type() == QEvent.Type.TouchBegin:
                self._begin(where, PEN * 1.3)
            elif self._drawing:
                self._extend(where, PEN * 1.3)
        if event.type() == QEvent.Type.TouchEnd:
            self._end()
        event.accept()

    def mousePressEvent(self, event: QMouseEvent) -> None:
        if event.button() == Qt.MouseButton.LeftButton:
            self._begin(event.position(), PEN)

    def mouseMoveEvent(self, event: QMouseEvent) -> None:
        if self._drawing:
            self._extend(event.position(), PEN)

    def mouseReleaseEvent(self, event: QMouseEvent) -> None:
        self._end()

    def _begin(self, where: QPointF, width: float) -> None:
        self._strokes.append([(QPointF(where), width)])
        self._drawing = True
        self._ink_segment(self._strokes[-1][-1], self._strokes[-1][-1])

    def _extend(self, where: QPointF, width: float) -> None:
        stroke = self._strokes[-1]
        stroke.append((QPointF(where), width))
        self._ink_segment(stroke[-2], stroke[-1])

    def _end(self) -> None:
        if self._drawing:
            self._drawing = False
            self.changed.emit()

    # --- painting ----------------------------------------------------------------------
    def _ink_color(self) -> QColor:
        return self.palette().color(QPalette.ColorRole.Text)

    def _ink_segment(self, start: Point, end: Point) -> None:
        """Draw one segment into the ink image and repaint just around it."""
        if self._ink.isNull():
            self._redraw()
            return
        painter = QPainter(self._ink)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.setPen(_pen(self._ink_color(), end[1]))
        painter.drawLine(start[0], end[0])
        painter.end()
        margin = end[1] + 2
        self.update(QRectF(start[0], end[0]).normalized()
                    .adjusted(-margin, -margin, margin, margin).toAlignedRect())

    def _redraw(self) -> None:
        ratio = self.devicePixelRatioF()
        self._ink = QImage(max(1, round(self.width() * ratio)),
                           max(1, round(self.height() * ratio)),
                           QImage.Format.Format_ARGB32_Premultiplied)
        self._ink.setDevicePixelRatio(ratio)
        self._ink.fill(Qt.GlobalColor.transparent)
        painter = QPainter(self._ink)
        self._draw_strokes(painter, self._strokes, self._ink_color())
        painter.end()
        self.update()

    @staticmethod
    def _draw_strokes(painter: QPainter, strokes: list[list[Point]], color: QColor) -> None:
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        for stroke in strokes:
            for start, end in pairwise(stroke) if len(stroke) > 1 else [(stroke[0],) * 2]:
                painter.setPen(_pen(color, end[1]))
                painter.drawLine(start[0], end[0])

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self._redraw()

    def changeEvent(self, event: QEvent) -> None:
        super().changeEvent(event)
        if event.type() == QEvent.Type.PaletteChange:
            self._redraw()  # the theme changed: the ink follows it

    def paintEvent(self, event: QPaintEvent) -> None:
        painter = QPainter(self)
        painter.fillRect(event.rect(), self.palette().color(QPalette.ColorRole.Base))
        guide = self.palette().color(QPalette.ColorRole.PlaceholderText)
        painter.setPen(QPen(guide, 1.5))
        line = self.height() - 56
        painter.drawLine(QPointF(32, line), QPointF(self.width() - 32, line))
        painter.drawText(QPointF(12, line - 8), "x")
        if not self._strokes:
            painter.drawText(QRectF(0, line + 8, self.width(), 40),
                             Qt.AlignmentFlag.AlignHCenter, "Sign above the line")
        if not self._ink.isNull():
            # (QRectF both: PySide6 6.x crashes on the QRect, QImage, QRectF overload)
            painter.drawImage(QRectF(event.rect()), self._ink,
                              _device_rect(event.rect(), self._ink.devicePixelRatio()))
        painter.end()


def _pen(color: QColor, width: float) -> QPen:
    pen = QPen(color, width)
    pen.setCapStyle(Qt.PenCapStyle.RoundCap)
    pen.setJoinStyle(Qt.PenJoinStyle.RoundJoin)
    return pen


def _xy(point: QPointF) -> tuple[float, float]:
    return point.x(), point.y()


def _device_rect(rect: QRect, ratio: float) -> QRectF:
    """A logical rectangle of the widget as the ink image's device pixels."""
    return QRectF(rect.x() * ratio, rect.y() * ratio, rect.width() * ratio,
                  rect.height() * ratio)
