"""Reading people lists (.xlsx / .csv) by header name, with row numbers as a spreadsheet shows them."""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from datetime import date, datetime

from hrflow.importers.errors import TableImportError
from hrflow.importers.office import csv_rows, longest_sheet_rows, read_first_sheet
from hrflow.importers.txt_dump import decode


@dataclass
class SheetRow:
    number: int  # header = 1, first person = 2
    values: dict[str, str | date]

    def text(self, column: str) -> str:
        value = self.values.get(column, "")
        return value.isoformat() if isinstance(value, date) else str(value or "").strip()

    def where(self) -> str:
        return f"第 {self.number} 行"


def read_sheet(data: bytes, source: str, required: tuple[str, ...], optional: tuple[str, ...] = ()) -> list[SheetRow]:
    """The people rows of an .xlsx or .csv file, read row by row: only the named columns are kept."""
    if data.startswith(b"PK\x03\x04"):
        return read_first_sheet(data, source, lambda rows: _people(rows, source, required, optional))
    if not data.strip():
        raise TableImportError(source, "文件为空")
    return _people(csv_rows(decode(data, source), source), source, required, optional)


def _people(grid: Iterator[Sequence], source: str, required: tuple[str, ...], optional: tuple[str, ...]) -> list[SheetRow]:
    first = next(grid, None)
    if first is None:
        raise TableImportError(source, "表格为空")
    header = [re.sub(r"\s", "", str(_plain(v) or "")) for v in first]
    missing = [c for c in required if c not in header]
    if missing:
        raise TableImportError(source, f"表头缺少列：{'、'.join(missing)}", where="第 1 行")
    columns = {name: header.index(name) for name in (*required, *optional) if name in header}
    rows = []
    for number, values in enumerate(grid, start=2):
        picked = {name: (_plain(values[i]) if i < len(values) else "") for name, i in columns.items()}
        if all(v == "" for v in picked.values()):
            continue
        rows.append(SheetRow(number, picked))
    return rows


def count_rows(data: bytes, source: str) -> int:
    """About how many rows there are below the header, found without reading the cells (an .xlsx file's
    longest sheet, a .csv file's lines): enough to tell a big sheet from a small one."""
    if data.startswith(b"PK\x03\x04"):
        rows = longest_sheet_rows(data, source)
    else:
        rows = data.count(b"\n") + (0 if data.rstrip(b"\x00").endswith(b"\n") else 1)
    return max(0, rows - 1)


def _plain(value):
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if value is None:
        return ""
    return value if isinstance(value, date) else str(value)


_DATE_PATTERNS = (
    re.compile(r"^(\d{4})[-/.年](\d{1,2})[-/.月](\d{1,2})日?$"),
    re.compile(r"^(\d{4})(\d{2})(\d{2})$"),
)


def parse_date(value: str | date, source: str, where: str, column: str, *, required: bool = True) -> date | None:
    """2024-03-01, 2024/3/1, 2024.3.1, 2024年3月1日, 20240301 or an Excel date."""
    if isinstance(value, date):
        return value
    text = str(value).strip()
    if not text:
        if required:
            raise TableImportError(source, "不能为空", where=where, field=column)
        return None
    for pattern in _DATE_PATTERNS:
        match = pattern.match(text)
        if match:
            try:
                return date(*(int(g) for g in match.groups()))
            except ValueError:
                break
    raise TableImportError(source, f"“{text}”不是有效日期（例如 1990-03-01）", where=where, field=column)
