"""Readers for .docx (Word tables) and .xlsx/.csv (one row per post, the seven column headers)."""

from __future__ import annotations

import csv
import io
import re
import zipfile
from collections.abc import Callable, Iterable, Iterator
from typing import Any, TypeVar

from hrflow.importers.errors import TableImportError
from hrflow.importers.limits import check_office_parts, counted_rows
from hrflow.importers.model import COLUMNS, OPTIONAL_COLUMNS, Cell, RawRow
from hrflow.importers.txt_dump import decode
from hrflow.rules.wording import N_

MAX_UNZIPPED_BYTES = 100 * 1024 * 1024
MAX_ZIP_MEMBERS = 2000

T = TypeVar("T")


def open_zip(data: bytes, source: str) -> zipfile.ZipFile:
    """Open an Office file, refusing archives that would unpack to far more than they weigh."""
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        members = archive.infolist()
    except (zipfile.BadZipFile, ValueError, EOFError) as error:
        raise TableImportError(source, f"文件已损坏，无法打开（{error}）") from error
    if len(members) > MAX_ZIP_MEMBERS or sum(m.file_size for m in members) > MAX_UNZIPPED_BYTES:
        raise TableImportError(source, "文件解压后过大，已拒绝（可能是压缩炸弹）")
    if any(m.flag_bits & 0x1 for m in members):
        raise TableImportError(source, "文件已加密，请先取消密码保护")
    return archive


# ---------------------------------------------------------------- Word

def read_docx(data: bytes, source: str) -> list[RawRow]:
    import docx
    from docx.document import Document as _Document
    from docx.table import Table
    from docx.text.paragraph import Paragraph

    with open_zip(data, source) as archive:
        check_office_parts(archive, source)
    try:
        document: _Document = docx.Document(io.BytesIO(data))
    except Exception as error:  # python-docx raises many types on a damaged package
        raise TableImportError(source, f"无法读取 Word 文件（{type(error).__name__}）") from error
    rows: list[RawRow] = []
    section: str | None = None
    table_number = 0
    for block in document.iter_inner_content():
        if isinstance(block, Paragraph):
            if block.text.strip():
                section = block.text.strip()
            continue
        assert isinstance(block, Table)
        table_number += 1
        # Without a header naming all seven columns, cells are read in the usual order (and no optional column).
        positions: list[int] = list(range(len(COLUMNS)))
        optional: dict[str, int] = {}
        for row_number, tr in enumerate(block._tbl.tr_lst, start=1):
            texts = _docx_row_texts(tr)
            where = N_("表格 %(table)s 第 %(row)s 行", table=table_number, row=row_number)
            if len([t for t in texts if t.strip()]) == 1 and len(texts) < 3 and not _is_header_texts(texts):
                section = texts[0].strip() or section  # a title row merged across the table
                continue
            if _is_header_texts(texts):
                positions, optional = _header_positions(texts, positions)
                continue
            rows.append(_row(texts, where, positions, optional, section))
    if not rows:
        raise TableImportError(source, "Word 文件中没有找到岗位表格")
    return rows


def _header_positions(texts: list[str], fallback: list[int]) -> tuple[list[int], dict[str, int]]:
    """Where a Word table's header puts the seven columns and the optional ones (岗位类别, 岗位等级)."""
    header = [re.sub(r"\s", "", t) for t in texts]
    if not all(name in header for name in COLUMNS):
        return fallback, {}
    return [header.index(name) for name in COLUMNS], _optional_positions(header)


def _optional_positions(header: list[str]) -> dict[str, int]:
    """The optional columns a header has, by any of their accepted names."""
    found = {}
    for column, names in OPTIONAL_COLUMNS.items():
        index = next((header.index(name) for name in names if name in header), None)
        if index is not None:
            found[column] = index
    return found


def _row(texts: list[str], where: str, positions: list[int], optional: dict[str, int], section=None) -> RawRow:
    """One row's cells in the order of COLUMNS (a short row stays short), with its optional cells."""
    present = [i for i in positions if i < len(texts)]
    cells = [Cell(texts[i], where) for i in positions[: len(present)]]
    extra = {column: Cell(texts[i], where) for column, i in optional.items() if i < len(texts)}
    return RawRow(cells, section, extra)


def _docx_row_texts(tr) -> list[str]:
    """One text per grid column group; a cell continuing a vertical merge reads as empty."""
    texts = []
    for tc in tr.tc_lst:
        if tc.vMerge == "continue":
            texts.append("")
            continue
        paragraphs = ["".join(t.text or "" for t in p.iter(_w("t"))) for p in tc.iter(_w("p"))]
        texts.append("\n".join(paragraphs).strip())
    return texts


def _w(tag: str) -> str:
    return "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}" + tag


def _is_header_texts(texts: list[str]) -> bool:
    """部门, 岗位设置, then 设岗人数 (right after, or after an optional column such as 岗位类别)."""
    plain = [re.sub(r"\s", "", t) for t in texts]
    return plain[:2] == list(COLUMNS[:2]) and COLUMNS[2] in plain[2:4]


# ---------------------------------------------------------------- spreadsheets

def _open_workbook(data: bytes, source: str):
    """The .xlsx file opened read-only, or a TableImportError that says it cannot be read or is too big."""
    import openpyxl

    with open_zip(data, source) as archive:
        check_office_parts(archive, source)
    try:
        return openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception as error:  # openpyxl raises many types on a damaged package
        raise TableImportError(source, f"无法读取 Excel 文件（{type(error).__name__}）") from error


def _with_first_sheet(data: bytes, source: str, read: Callable[[Any], T]) -> T:
    workbook = _open_workbook(data, source)
    try:
        if not workbook.worksheets:
            raise TableImportError(source, "Excel 文件中没有工作表")
        return read(workbook.worksheets[0])
    finally:
        workbook.close()


def _values(sheet, source: str) -> Iterator[tuple]:
    """The sheet's rows of values; a damaged sheet fails while it is read, not when it is opened, and says so."""
    rows = sheet.iter_rows(values_only=True)
    while True:
        try:
            row = next(rows)
        except StopIteration:
            return
        except Exception as error:  # openpyxl raises many types on a damaged sheet
            raise TableImportError(source, f"无法读取 Excel 工作表（{type(error).__name__}）") from error
        yield row


def read_first_sheet(data: bytes, source: str, read: Callable[[Iterator[tuple]], T]) -> T:
    """read(rows) over the raw cell values of an .xlsx file's first sheet, row by row as they are read
    (never all at once), refused past the limits."""
    return _with_first_sheet(data, source, lambda sheet: read(counted_rows(_values(sheet, source), source)))


def longest_sheet_rows(data: bytes, source: str) -> int:
    """How many rows the longest sheet of an .xlsx file has, header included, counted without reading the
    cells (while the file is checked against the limits)."""
    with open_zip(data, source) as archive:
        return check_office_parts(archive, source)


def csv_rows(text: str, source: str, dialect: type[csv.Dialect] | csv.Dialect = csv.excel) -> Iterator[list[str]]:
    """The rows of a .csv file as they are read, refused past the limits."""
    try:
        yield from counted_rows(csv.reader(io.StringIO(text), dialect), source)
    except csv.Error as error:
        raise TableImportError(source, f"CSV 格式错误（{error}）") from error


def read_xlsx(data: bytes, source: str) -> list[RawRow]:
    return read_first_sheet(data, source, lambda rows: _rows_from_grid(([_cell_text(v) for v in row] for row in rows),
                                                                       source))


def read_csv(data: bytes, source: str) -> list[RawRow]:
    text = decode(data, source)
    try:
        dialect = csv.Sniffer().sniff(text[:4096], delimiters=",;\t")
    except csv.Error:
        dialect = csv.excel
    return _rows_from_grid(csv_rows(text, source, dialect), source)


def _cell_text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def _rows_from_grid(values: Iterable[list[str]], source: str) -> list[RawRow]:
    values = iter(values)
    first = next(values, None)
    if first is None:
        raise TableImportError(source, "表格为空")
    header = [re.sub(r"\s", "", v) for v in first]
    missing = [name for name in COLUMNS if name not in header]
    if missing:
        raise TableImportError(
            source, f"表头缺少列：{'、'.join(missing)}（第 1 行应为：{'、'.join(COLUMNS)}）", where="第 1 行"
        )
    positions = [header.index(name) for name in COLUMNS]
    optional = _optional_positions(header)
    rows = []
    for number, values_row in enumerate(values, start=2):
        texts = [values_row[i].strip() if i < len(values_row) else "" for i in positions]
        if not any(texts):
            continue
        where = N_("第 %(row)s 行", row=number)
        extra = {column: Cell(values_row[i].strip() if i < len(values_row) else "", where)
                 for column, i in optional.items()}
        rows.append(RawRow([Cell(text, where) for text in texts], extra=extra))
    return rows
