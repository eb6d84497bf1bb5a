"""How much an imported file may hold, and the checks that refuse more before any reader holds it.

An .xlsx or .docx file is a zip of XML: 80 KB can unpack to 80 MB of XML naming twenty million cells. The
readers build what they read in memory (openpyxl one row at a time and every other part whole, python-docx
the whole document), and the importers keep the rows they read. So every XML part is first scanned by a
parser that keeps nothing (expat), counting what the readers would build, and the file is refused at the
first limit it passes; .csv rows and text-dump lines are counted as they are read."""

from __future__ import annotations

import functools
import re
import zipfile
from collections.abc import Iterable, Iterator
from xml.parsers import expat

from hrflow.importers.errors import TableImportError

# The largest sheet measured is 20,000 applicants (docs/deployment.md); a unit's staff list, grades or post
# table is far smaller. Two and a half times that, each row up to twenty columns wide (the applicant sheet
# has fifteen). Empty rows count: readers go through them too.
MAX_ROWS = 50_000
MAX_CELLS = MAX_ROWS * 20
# openpyxl holds one row's XML at a time: a full Excel row (16,384 columns) with a value in every cell is
# about 33,000 elements. A cell takes two or three (c, v or is/t, f), so a whole sheet's rows hold at most:
MAX_ROW_ELEMENTS = 50_000
MAX_SHEET_ELEMENTS = MAX_CELLS * 4
# Everything else is held whole (a Word document, the shared strings, the styles, every part together):
# a million elements take about 130 MB in lxml. The demo unit's 21 posts as a Word table are 900 elements
# (Word itself writes a few times more); the shared strings of 20,000 applicants, with three texts of their
# own each (name, ID number, telephone), about 120,000.
MAX_HELD_ELEMENTS = 1_000_000
# A Word table saved as text has a line per cell and per line break in a cell: the demo unit's 21 posts
# take 254 lines.
MAX_TEXT_LINES = 100_000

_MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
_ROW, _CELL, _DIMENSION = f"{_MAIN} row", f"{_MAIN} c", f"{_MAIN} dimension"
_LOOSE_REFERENCE = re.compile(r"\$?([A-Za-z]*)\$?([0-9]*)")  # "A1", and "A" or "1" alone as openpyxl reads them


TOO_MANY_ROWS = f"表格超过 {MAX_ROWS:,} 行（空行也计算在内），请删去多余的行，或分成几个文件导入"
TOO_MANY_CELLS = (f"表格超过 {MAX_CELLS:,} 个单元格（每行算到最右边的单元格，空行也计算在内），"
                  "请删去多余的行和列，或分成几个文件导入")


# ---------------------------------------------------------------- Office files, before they are opened

def check_office_parts(archive: zipfile.ZipFile, source: str) -> int:
    """Refuse an Office file whose XML would make a reader build more than the limits allow. Gives the
    number of rows of its longest sheet (0 for a Word file), counted on the way."""
    longest = held = 0
    for member in archive.infolist():
        if member.is_dir():
            continue
        try:
            with archive.open(member) as stream:
                count = _scan_part(stream, _PartCount(member.filename, source, held))
        except TableImportError:
            raise
        except Exception as error:  # zipfile and its decompressors raise many types on a damaged member
            raise TableImportError(source, f"文件已损坏，无法解压“{member.filename}”（{type(error).__name__}）") from error
        longest, held = max(longest, count.rows), count.held
    return longest


def _scan_part(stream, count: _PartCount) -> _PartCount:
    """The part counted, or a TableImportError at the first limit it passes."""
    parser = expat.ParserCreate(namespace_separator=" ")
    parser.ordered_attributes = True  # [name, value, …]: a third faster than a dict per element
    parser.StartElementHandler = count.start
    parser.EndElementHandler = count.end
    parser.StartDoctypeDeclHandler = count.doctype
    first_mark = b""  # the first byte after any byte-order mark and white space: '<' in XML
    try:
        while chunk := stream.read(1 << 16):
            first_mark = first_mark or chunk.lstrip(b"\xef\xbb\xbf\xff\xfe\x00 \t\r\n")[:1]
            parser.Parse(chunk, False)
        parser.Parse(b"", True)
    except expat.ExpatError as error:
        if first_mark != b"<":
            return count  # not XML at all (a picture, printer settings): no reader parses it as XML
        # lxml would stop at the same place; refusing keeps what it reads within what was counted.
        raise TableImportError(count.source, f"文件已损坏（“{count.name}”不是有效的 XML：{error}）") from error
    return count


class _PartCount:
    """What openpyxl or python-docx would hold while reading one XML part. openpyxl clears each sheet row
    once read (a <row> in the sheet's namespace, wherever it stands) and holds everything else whole. It
    numbers rows and cells by their r="…" (else one more than the last), yields the rows missing between two
    numbers as empty rows, and makes each row as wide as its last cell, or as the sheet's declared size."""

    __slots__ = ("name", "source", "held", "row_depth", "row_elements", "sheet_elements", "row_number", "rows",
                 "column", "width", "declared_width", "cells")

    def __init__(self, name: str, source: str, held: int):
        self.name, self.source = name, source
        self.held = held  # elements held whole, in the parts before this one too
        self.row_depth = 0  # > 0 inside a sheet row
        self.row_elements = 0  # in the current outermost row
        self.sheet_elements = 0  # in the rows before it
        self.row_number = self.rows = 0
        self.column = self.width = self.declared_width = 0
        self.cells = 0

    def doctype(self, *_args) -> None:
        # Office never writes a DTD; its entities could multiply a small part past every count here.
        raise TableImportError(self.source, f"文件中“{self.name}”含有 DTD 声明，已拒绝")

    def start(self, tag: str, attributes: list[str]) -> None:
        # Called for every element of the file: the common case (an element inside a row) comes first.
        if self.row_depth:
            self.row_elements += 1
            if self.row_elements > MAX_ROW_ELEMENTS:
                self._refuse("这一行的内容过多，可能是压缩炸弹", where=f"第 {self.row_number} 行")
            if tag == _CELL:
                letters = _attribute(attributes, "r").rstrip("0123456789").replace("$", "")
                self.column = _column_index(letters) if letters else self.column + 1
                if self.column > self.width:
                    self.width = self.column
            elif tag == _ROW:
                self._row_starts(attributes)
            return
        if tag == _ROW:
            self.row_elements = 1
            self._row_starts(attributes)
            return
        self.held += 1
        if self.held > MAX_HELD_ELEMENTS:
            self._refuse(f"文件内容过多（超过 {MAX_HELD_ELEMENTS:,} 个元素，在“{self.name}”处），可能是压缩炸弹")
        if tag == _DIMENSION:
            self._declared(_attribute(attributes, "ref"))

    def end(self, tag: str) -> None:
        if tag != _ROW:
            return
        self.row_depth -= 1
        self.cells += max(self.width, self.declared_width)
        if self.cells > MAX_CELLS:
            self._refuse(TOO_MANY_CELLS, where=f"第 {self.row_number} 行")
        if self.row_depth == 0:
            self.sheet_elements += self.row_elements
            if self.sheet_elements > MAX_SHEET_ELEMENTS:
                self._refuse("表格内容过多，可能是压缩炸弹", where=f"第 {self.row_number} 行")

    def _row_starts(self, attributes: list[str]) -> None:
        previous = self.row_number
        self.row_number = _row_number(_attribute(attributes, "r"), previous + 1)
        self.rows = max(self.rows, self.row_number)
        if self.rows > MAX_ROWS:
            self._refuse(TOO_MANY_ROWS, where=f"第 {self.row_number} 行")
        self.cells += max(0, self.row_number - previous - 1) * self.declared_width  # the empty rows between
        self.column = self.width = 0
        self.row_depth += 1

    def _declared(self, reference: str) -> None:
        """<dimension ref="A1:G200"/>: rows are read as wide as this, and as many as it says."""
        corners = [_LOOSE_REFERENCE.fullmatch(corner) for corner in reference.split(":")]
        if not all(corners):
            return  # openpyxl cannot read it either, and refuses the file
        width = max(_column_index(corner.group(1)) for corner in corners)
        height = max(_row_number(corner.group(2), 0) for corner in corners)
        if height > MAX_ROWS:
            self._refuse(TOO_MANY_ROWS)
        if width * height > MAX_CELLS:
            self._refuse(TOO_MANY_CELLS)
        self.declared_width = max(self.declared_width, width)

    def _refuse(self, problem: str, *, where: str | None = None):
        raise TableImportError(self.source, problem, where=where)


def _attribute(attributes: list[str], name: str) -> str:
    if attributes and attributes[0] == name:  # r="…" comes first as Excel writes cells and rows
        return attributes[1]
    for index in range(2, len(attributes), 2):
        if attributes[index] == name:
            return attributes[index + 1]
    return ""


def _row_number(digits: str, default: int) -> int:
    digits = digits.strip()
    if not (digits.isascii() and digits.isdigit()):
        return default
    return int(digits) if len(digits) <= 9 else 10**9  # past every limit either way


def _column_index(letters: str) -> int:
    """A → 1, XFD → 16,384 (anything else openpyxl refuses, so any figure does)."""
    return 10**6 if len(letters) > 3 else _short_column_index(letters)


@functools.lru_cache(maxsize=4096)  # a sheet uses a few columns over and over
def _short_column_index(letters: str) -> int:
    index = 0
    for letter in letters.upper():
        index = index * 26 + ord(letter) - ord("A") + 1
    return index


# ---------------------------------------------------------------- rows as they are read

def counted_rows(rows: Iterable[list | tuple], source: str) -> Iterator[list | tuple]:
    """The rows of a sheet or .csv file, refused at MAX_ROWS rows or MAX_CELLS cells (empty ones too)."""
    cells = 0
    for number, row in enumerate(rows, start=1):
        if number > MAX_ROWS:
            raise TableImportError(source, TOO_MANY_ROWS, where=f"第 {number} 行")
        cells += len(row)
        if cells > MAX_CELLS:
            raise TableImportError(source, TOO_MANY_CELLS, where=f"第 {number} 行")
        yield row


def check_line_count(text: str, source: str) -> None:
    """A text dump of more than MAX_TEXT_LINES lines is refused before its lines are listed."""
    lines = text.count("\n") + text.count("\r") - text.count("\r\n") + 1
    if lines > MAX_TEXT_LINES:
        raise TableImportError(source, f"文件超过 {MAX_TEXT_LINES:,} 行，不像是岗位表，已拒绝")
