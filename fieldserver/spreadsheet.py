"""Read an uploaded CSV or XLSX into rows of strings, refusing anything dangerous.

An XLSX is a zip: its declared sizes are checked before openpyxl opens it (Python's
zipfile never inflates a member past its declared size), so a zip bomb is refused
without being expanded. openpyxl parses XML through defusedxml, which is installed.

A small file can still describe a huge sheet: openpyxl pads every row to the sheet's
declared width, so `<dimension ref="A1:XFD10001"/>` in 5 KB made 164 million cells.
The declared size is checked before any row is read, and rows are read no wider and no
further than the limits allow, whatever the declaration said.
"""

from __future__ import annotations

import csv
import io
import zipfile
from typing import Any

MAX_ROWS = 10_000  # users, below a header row
MAX_COLUMNS = 50
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
        rows = [_narrow(row) for row in _limited(csv.reader(io.StringIO(text, newline="")))]
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
        _check_declared_size(sheet)
        rows = sheet.iter_rows(values_only=True, max_col=MAX_COLUMNS + 1, max_row=MAX_ROWS + 2)
        return [_narrow([_cell(v) for v in row]) for row in _limited(rows)]
    except SpreadsheetError:
        raise
    except Exception as exc:
        raise SpreadsheetError("This XLSX workbook could not be read.") from exc
    finally:
        workbook.close()


def _check_declared_size(sheet: Any) -> None:
    """The sheet's own <dimension>, before a single row is read."""
    if (sheet.max_row or 0) > MAX_ROWS + 1:
        raise SpreadsheetError(f"The file has more than {MAX_ROWS} rows; split it up.")
    if (sheet.max_column or 0) > MAX_COLUMNS:
        raise SpreadsheetError(f"The sheet is {sheet.max_column} columns wide; a user list "
                               f"has at most {MAX_COLUMNS}.")


def _narrow(row: list[str]) -> list[str]:
    """The row without trailing empty cells; refused if still wider than the limit."""
    while row and row[-1] == "":
        row.pop()
    if len(row) > MAX_COLUMNS:
        raise SpreadsheetError(f"A row has more than {MAX_COLUMNS} columns; a user list "
                               f"has a few.")
    return row


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
