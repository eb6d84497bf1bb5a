"""Reader for a Word table dumped to text (see docs: each cell starts with a TAB line)."""

from __future__ import annotations

import re
from dataclasses import dataclass

from hrflow.importers.errors import TableImportError
from hrflow.importers.limits import check_line_count
from hrflow.importers.model import COLUMNS, Cell, RawRow
from hrflow.rules.wording import N_

_TITLE = re.compile(r"(岗位职责及岗位设置|岗位设置及岗位职责|岗位设置一?览?表?)\s*$")


@dataclass
class _Line:
    number: int
    text: str
    is_cell: bool  # began with a TAB: the start of a new cell

    @property
    def blank(self) -> bool:
        return not self.is_cell and not self.text.strip()


def decode(data: bytes, source: str) -> str:
    """UTF-8 (with or without BOM), then GB18030 (a superset of GBK and GB2312)."""
    if b"\x00" in data[:4096]:
        raise TableImportError(source, "这不是文本文件（含二进制内容）")
    for encoding in ("utf-8-sig", "gb18030"):
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    raise TableImportError(source, "无法识别文件编码（支持 UTF-8、GBK/GB18030）")


def read_text_dump(text: str, source: str) -> list[RawRow]:
    check_line_count(text, source)
    lines = [
        _Line(n, raw[1:] if raw.startswith("\t") else raw, raw.startswith("\t"))
        for n, raw in enumerate(text.replace("\r\n", "\n").replace("\r", "\n").split("\n"), start=1)
    ]
    if not any(line.is_cell for line in lines):
        raise TableImportError(source, "没有找到表格单元格（Word 表格导出的文本中每个单元格以 TAB 开头）")
    return _RowBuilder(lines).rows()


class _RowBuilder:
    def __init__(self, lines: list[_Line]):
        self.lines = lines
        self.finished: list[RawRow] = []
        self.cells: list[Cell] = []
        self.cell_lines: list[list[str]] = []
        self.section: str | None = None

    def rows(self) -> list[RawRow]:
        for index, line in enumerate(self.lines):
            if line.is_cell:
                self._start_cell(line)
            elif line.blank:
                self._blank_inside_cell()
            elif self._is_section_title(index):
                self._close_row()
                self.section = line.text.strip()
            elif self.cells:
                self.cell_lines[-1].append(line.text)
            else:
                # Text before the first cell and not a title: a heading of the whole document.
                self.section = line.text.strip()
        self._close_row()
        return [row for row in self.finished if not _is_header(row)]

    def _start_cell(self, line: _Line) -> None:
        if len(self.cells) == len(COLUMNS):
            self._close_row()
        self.cells.append(Cell("", N_("第 %(row)s 行", row=line.number)))
        self.cell_lines.append([line.text])

    def _blank_inside_cell(self) -> None:
        if self.cell_lines:
            self.cell_lines[-1].append("")

    def _close_row(self) -> None:
        if not self.cells:
            return
        for cell, parts in zip(self.cells, self.cell_lines, strict=True):
            cell.text = "\n".join(parts).strip()
        self.finished.append(RawRow(self.cells, self.section))
        self.cells, self.cell_lines = [], []

    def _is_section_title(self, index: int) -> bool:
        """A line without TAB is a section title when the column header row follows it, or when it
        reads like one ('…岗位职责及岗位设置') and no row is open; otherwise it continues a cell."""
        if self._header_follows(index):
            return True
        row_open = 0 < len(self.cells) < len(COLUMNS)
        return not row_open and bool(_TITLE.search(self.lines[index].text))

    def _header_follows(self, index: int) -> bool:
        first_cell: list[str] = []
        for line in self.lines[index + 1 :]:
            if line.is_cell:
                if first_cell:
                    break
                first_cell.append(line.text.strip())
            elif line.blank:
                continue
            elif first_cell:
                first_cell.append(line.text.strip())
            else:
                return False
        return "".join(first_cell) == COLUMNS[0]


def _is_header(row: RawRow) -> bool:
    return [re.sub(r"\s", "", c.text) for c in row.cells[:3]] == list(COLUMNS[:3])
