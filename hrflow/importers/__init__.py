"""Post-table readers. Each format becomes the same list of raw rows; `table.interpret` turns them
into departments and posts. `read_post_table` picks the reader by the file's content."""

from hrflow.importers.errors import TableImportError
from hrflow.importers.model import ParsedDepartment, ParsedPost, ParsedTable
from hrflow.importers.reader import read_post_table

__all__ = ["ParsedDepartment", "ParsedPost", "ParsedTable", "TableImportError", "read_post_table"]
