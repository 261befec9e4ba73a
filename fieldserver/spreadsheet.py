"""Read an uploaded CSV or XLSX into rows of strings, refusing anything dangerous.

An XLSX is a zip: its declared sizes are checked before openpyxl opens it (Python's
zipfile never inflates a member past its declared size), so a zip bomb is refused
without being expanded. openpyxl parses XML through defusedxml, which is installed.
"""

from __future__ import annotations

import csv
import io
import zipfile
from typing import Any

MAX_ROWS = 10_000
MAX_UNZIPPED = 64 * 1024 * 1024
MAX_RATIO = 200
MAX_MEMBERS = 500


class SpreadsheetError(ValueError):
    """The file cannot be read as a spreadsheet; the message says why, for the admin."""


def read_rows(data: bytes, filename: str) -> list[list[str]]:
    if data.startswith(b"PK\x03\x04"):
        return _xlsx_rows(data)
    if filename.lower().endswith((".xlsx", ".xlsm", ".xls")):
        raise SpreadsheetError("This file is not a valid XLSX workbook.")
    return _csv_rows(data)


def _csv_rows(data: bytes) -> list[list[str]]:
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):  # Excel's "Unicode Text" and the like
        raise SpreadsheetError("The CSV file is saved as UTF-16. Save it as CSV UTF-8 "
                               "(or as an XLSX workbook) and try again.")
    if b"\x00" in data:
        raise SpreadsheetError("This file is not a CSV text file or an XLSX workbook.")
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise SpreadsheetError("The CSV file must be saved as UTF-8 text.") from None
    try:
        rows = list(_limited(csv.reader(io.StringIO(text, newline=""))))
    except csv.Error as exc:
        raise SpreadsheetError(f"The CSV file is malformed: {exc}.") from None
    return rows


def _check_zip(data: bytes) -> None:
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
    except zipfile.BadZipFile:
        raise SpreadsheetError("This file is not a valid XLSX workbook.") from None
    with archive:
        members = archive.infolist()
        names = {m.filename for m in members}
        if len(members) > MAX_MEMBERS or "xl/workbook.xml" not in names:
            raise SpreadsheetError("This file is not a valid XLSX workbook.")
        total = sum(m.file_size for m in members)
        ratio = max((m.file_size / max(m.compress_size, 1) for m in members), default=0)
        if total > MAX_UNZIPPED or ratio > MAX_RATIO:
            raise SpreadsheetError("This workbook expands to far more data than a user list "
                                   "holds; it was refused as unsafe.")


def _xlsx_rows(data: bytes) -> list[list[str]]:
    _check_zip(data)
    from openpyxl import load_workbook  # slow to import; only needed here

    try:
        workbook = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception as exc:  # openpyxl raises many kinds for a broken file
        raise SpreadsheetError("This XLSX workbook could not be read.") from exc
    try:
        sheet = workbook.worksheets[0]
        return [[_cell(v) for v in row] for row in _limited(sheet.iter_rows(values_only=True))]
    except Exception as exc:
        raise SpreadsheetError("This XLSX workbook could not be read.") from exc
    finally:
        workbook.close()


def _limited(rows: Any) -> Any:
    for index, row in enumerate(rows):
        if index > MAX_ROWS:
            raise SpreadsheetError(f"The file has more than {MAX_ROWS} rows; split it up.")
        yield row


def _cell(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()
