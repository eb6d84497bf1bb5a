"""Writing .xlsx files for HR: a bold header row, then the rows, with text Excel would run as a formula
stored as text (spreadsheet formula injection). Reading them back is hrflow/importers/sheets.py."""

from __future__ import annotations

import io
from collections.abc import Iterable, Sequence

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def neutralise(value):
    """Text that Excel would run as a formula is stored as text."""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


def sheet_bytes(title: str, columns: Sequence[str], rows: Iterable[Sequence], *, widths: Sequence[int] = (),
                formats: dict[int, str] | None = None, freeze: str = "A2") -> bytes:
    """One sheet, streamed row by row (a long list stays small in memory). formats: column index → number
    format, e.g. {0: "yyyy-mm-dd"}."""
    from openpyxl import Workbook
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.styles import Font
    from openpyxl.utils import get_column_letter

    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(title)
    for index, width in enumerate(widths, start=1):
        sheet.column_dimensions[get_column_letter(index)].width = width
    sheet.freeze_panes = freeze
    header = []
    for text in columns:
        cell = WriteOnlyCell(sheet, value=text)
        cell.font = Font(bold=True)
        header.append(cell)
    sheet.append(header)
    formats = formats or {}
    for row in rows:
        cells = []
        for index, value in enumerate(row):
            value = neutralise(value)
            if index in formats:
                value = WriteOnlyCell(sheet, value=value)
                value.number_format = formats[index]
            cells.append(value)
        sheet.append(cells)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
