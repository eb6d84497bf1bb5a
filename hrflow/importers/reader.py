"""Pick the reader by what the file contains (never by its name) and interpret the rows."""

from __future__ import annotations

import re

from hrflow.importers.errors import TableImportError
from hrflow.importers.model import ParsedTable
from hrflow.importers.office import open_zip, read_csv, read_docx, read_xlsx
from hrflow.importers.table import interpret
from hrflow.importers.txt_dump import decode, read_text_dump

# A Word table saved as text starts each cell with a TAB (found without listing every line of the file;
# the line breaks are those of str.splitlines).
_A_LINE_STARTS_WITH_TAB = re.compile(r"(?:\A|[\n\r\v\f\x1c\x1d\x1e\x85\u2028\u2029])\t")


def sniff_format(data: bytes, source: str) -> str:
    if not data.strip():
        raise TableImportError(source, "文件为空")
    if data.startswith(b"PK\x03\x04"):
        names = set(open_zip(data, source).namelist())
        if "word/document.xml" in names:
            return "docx"
        if "xl/workbook.xml" in names:
            return "xlsx"
        raise TableImportError(source, "这个压缩文件既不是 Word（.docx）也不是 Excel（.xlsx）文件")
    if data.startswith(b"\xd0\xcf\x11\xe0"):
        raise TableImportError(source, "这是旧版 Office 文件（.doc/.xls），请在 Office 中另存为 .docx 或 .xlsx")
    if data.startswith(b"%PDF"):
        raise TableImportError(source, "这是 PDF 文件，请导入 Word、Excel、CSV 或 Word 导出的文本")
    text = decode(data, source)
    if _A_LINE_STARTS_WITH_TAB.search(text):
        return "txt"
    first_line = (text.lstrip("\ufeff")[:4096].splitlines() or [""])[0]  # a header is far shorter
    if "部门" in first_line and "岗位设置" in first_line:
        return "csv"
    raise TableImportError(source, "无法识别的岗位表格式（支持 Word 导出的文本、.docx、.xlsx、.csv）")


def read_post_table(data: bytes, source: str) -> ParsedTable:
    kind = sniff_format(data, source)
    if kind == "txt":
        rows = read_text_dump(decode(data, source), source)
    elif kind == "docx":
        rows = read_docx(data, source)
    elif kind == "xlsx":
        rows = read_xlsx(data, source)
    else:
        rows = read_csv(data, source)
    return interpret(rows, source)
