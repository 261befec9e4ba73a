"""The handoff report on paper or as a PDF: Qt's own QTextDocument laid out on pages,
each with "Page n of N" and who printed it when.

Nothing is written to a temporary file: the PDF is made in memory (`pdf_bytes`) and the
crew's chosen file is written from there; printing paints straight onto the printer.
The signatures' images go into the document as resources, never through disk.
"""

from __future__ import annotations

from html import escape

from PySide6.QtCore import QBuffer, QByteArray, QIODevice, QMarginsF, QRectF, QSizeF, Qt, QUrl
from PySide6.QtGui import (
    QFont,
    QImage,
    QPagedPaintDevice,
    QPageLayout,
    QPageSize,
    QPainter,
    QPdfWriter,
    QTextDocument,
)

from fieldclient.reports.handoff import Handoff, SignatureShown, Table

RESOLUTION = 300  # dots per inch of the PDF's layout
FOOTER_POINTS = 8


def pdf_bytes(handoff: Handoff) -> bytes:
    data = QByteArray()
    buffer = QBuffer(data)
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    writer = QPdfWriter(buffer)
    writer.setTitle(f"Handoff report {handoff.pcr_number}")
    writer.setCreator("fieldclient")
    writer.setResolution(RESOLUTION)
    writer.setPageLayout(QPageLayout(QPageSize(QPageSize.PageSizeId.Letter),
                                     QPageLayout.Orientation.Portrait,
                                     QMarginsF(15, 15, 15, 15), QPageLayout.Unit.Millimeter))
    paint(handoff, writer)
    buffer.close()
    return bytes(data.data())


def paint(handoff: Handoff, device: QPagedPaintDevice) -> int:
    """Lay the report out on the device's pages (a PDF writer or a printer); the page
    count."""
    document = build_document(handoff)
    document.documentLayout().setPaintDevice(device)
    page = device.pageLayout().paintRectPixels(device.logicalDpiX())
    footer = device.logicalDpiY() * FOOTER_POINTS * 2.2 / 72
    height = page.height() - footer
    document.setPageSize(QSizeF(page.width(), height))
    pages = document.pageCount()
    painter = QPainter(device)
    footer_font = QFont(document.defaultFont())
    footer_font.setPointSizeF(FOOTER_POINTS)
    for number in range(pages):
        if number:
            device.newPage()
        painter.save()
        painter.translate(0, -number * height)
        document.drawContents(painter, QRectF(0, number * height, page.width(), height))
        painter.restore()
        painter.setFont(footer_font)
        painter.setPen(Qt.GlobalColor.black)
        painter.drawText(QRectF(0, height, page.width(), footer),
                         Qt.AlignmentFlag.AlignBottom | Qt.AlignmentFlag.AlignHCenter,
                         f"{handoff.agency} · {handoff.pcr_number} · {handoff.printed} · "
                         f"Page {number + 1} of {pages}")
    painter.end()
    return pages


def build_document(handoff: Handoff) -> QTextDocument:
    document = QTextDocument()
    font = QFont(document.defaultFont())
    font.setPointSizeF(9.5)
    document.setDefaultFont(font)
    for signature in handoff.signatures:
        if signature.image:
            document.addResource(QTextDocument.ResourceType.ImageResource,
                                 QUrl(f"signature:{signature.id}"),
                                 QImage.fromData(signature.image, "PNG"))
    # Black on white whatever the screen's theme: the night theme's light text would
    # print almost invisible.
    document.setDefaultStyleSheet("body, table, td, th, p, h2, h3, h4 { color: #000000; }")
    document.setHtml(html(handoff))
    return document


def html(handoff: Handoff) -> str:
    parts = [f"<h2>{escape(handoff.agency)}</h2>",
             f"<h3>Patient care report {escape(handoff.pcr_number)}: "
             f"{escape(handoff.patient)}</h3>"]
    for section in handoff.sections:
        parts.append(f"<h4>{escape(section.title)}</h4><table cellpadding='2'>")
        parts += [f"<tr><td width='35%'><b>{escape(label)}</b></td><td>{escape(value)}</td></tr>"
                  for label, value in section.rows]
        parts.append("</table>")
    parts += [_table(t) for t in handoff.tables]
    parts.append(f"<h4>Narrative</h4><p>{_lines(handoff.narrative) or 'None written.'}</p>")
    parts.append("<h4>Signatures</h4>")
    parts += [_signature(s) for s in handoff.signatures] or ["<p>None.</p>"]
    if handoff.addenda:
        parts.append("<h4>Addenda</h4>")
        parts += [f"<p>{_lines(text)}</p>" for text in handoff.addenda]
    return "".join(parts)


def _table(table: Table) -> str:
    if not table.rows:
        return f"<h4>{escape(table.title)}</h4><p>None recorded.</p>"
    head = "".join(f"<th>{escape(c)}</th>" for c in table.columns)
    body = "".join("<tr>" + "".join(f"<td>{escape(v)}</td>" for v in row) + "</tr>"
                   for row in table.rows)
    return (f"<h4>{escape(table.title)}</h4><table border='1' cellspacing='0' "
            f"cellpadding='3' width='100%'><tr>{head}</tr>{body}</table>")


def _signature(signature: SignatureShown) -> str:
    image = (f"<img src='signature:{signature.id}' height='60'><br>" if signature.image
             else "")
    earlier = f"<br><i>{escape(signature.earlier)}</i>" if signature.earlier else ""
    return (f"<p><b>{escape(signature.block)}</b>: {escape(signature.status)}, "
            f"{escape(signature.signer)}, {escape(signature.when)}<br>{image}{earlier}</p>")


def _lines(text: str) -> str:
    return escape(text).replace("\n", "<br>")
