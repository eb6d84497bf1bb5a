"""Writing the post table back out (.xlsx, .docx) in the same seven columns it is imported from,
so HR can edit it in Office and import it again."""

from __future__ import annotations

import io
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import selectinload

from hrflow.extensions import db
from hrflow.importers.model import COLUMNS
from hrflow.models import Department, Post
from hrflow.posts.seats import filled_counts
from hrflow.spreadsheets import neutralise


@dataclass
class TableRow:
    department: str  # empty on every row but the first of a department (a merged cell)
    post: str
    seats: str
    filled: str
    duties: str
    requirements: str
    standard: str

    def cells(self) -> list[str]:
        return [self.department, self.post, self.seats, self.filled, self.duties, self.requirements, self.standard]


def _numbered(items: list[str]) -> str:
    if len(items) <= 1:
        return "".join(items)
    return "\n".join(f"{n}、{item}" for n, item in enumerate(items, start=1))


def table_rows() -> list[tuple[Department, list[TableRow]]]:
    """The current post table, one block of rows per top-level department."""
    departments = db.session.scalars(
        select(Department)
        .where(Department.parent_id.is_(None))
        .order_by(Department.position, Department.id)
        .options(selectinload(Department.posts).selectinload(Post.current), selectinload(Department.children))
    ).all()
    filled = filled_counts()
    blocks = []
    for department in departments:
        rows: list[TableRow] = []
        for post in department.posts:
            if post.current is not None:
                rows.append(_post_row(post, filled.get(post.id, 0)))
        for child in department.children:
            rows.append(_sub_unit_row(child, filled))
        if rows:
            rows[0].department = f"{department.name}{department.headcount_label or ''}"
        blocks.append((department, rows))
    return blocks


def _post_row(post: Post, filled: int) -> TableRow:
    version = post.current
    filled_text = version.filled_text if version.filled_text and not version.filled_text.isdigit() else str(filled)
    if not version.recruitable and filled == 0:
        filled_text = "（此次不聘）"
    return TableRow("", version.full_name, str(version.seats), filled_text, _numbered(version.duties),
                    _numbered(version.requirements), _numbered(version.standard))


def _sub_unit_row(child: Department, filled: dict[int, int]) -> TableRow:
    posts = [p for p in child.posts if p.current is not None]
    composition = "".join(
        f"{p.current.name}{p.current.seats}名" + (f"（{p.current.note}）" if p.current.note else "") for p in posts
    )
    first = posts[0].current if posts else None
    return TableRow(
        "",
        child.name,
        composition,
        str(sum(filled.get(p.id, 0) for p in posts)),
        _numbered(first.duties) if first else "",
        _numbered(first.requirements) if first else "",
        _numbered(first.standard) if first else "",
    )


def export_xlsx() -> bytes:
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font

    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "岗位设置"
    sheet.append(list(COLUMNS))
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for _, rows in table_rows():
        first = sheet.max_row + 1
        for row in rows:
            sheet.append([neutralise(v) for v in row.cells()])
        if len(rows) > 1:
            sheet.merge_cells(start_row=first, start_column=1, end_row=first + len(rows) - 1, end_column=1)
    for column, width in zip("ABCDEFG", (14, 22, 10, 10, 60, 50, 30), strict=True):
        sheet.column_dimensions[column].width = width
    for row in sheet.iter_rows(min_row=2):
        for cell in row:
            cell.alignment = Alignment(wrap_text=True, vertical="top")
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def export_docx(unit_name: str = "") -> bytes:
    import docx

    document = docx.Document()
    for department, rows in table_rows():
        document.add_paragraph(f"{department.name}岗位职责及岗位设置")
        table = document.add_table(rows=1 + len(rows), cols=len(COLUMNS))
        table.style = "Table Grid"
        for cell, title in zip(table.rows[0].cells, COLUMNS, strict=True):
            cell.text = title
        for row, values in zip(table.rows[1:], rows, strict=True):
            for cell, value in zip(row.cells, values.cells(), strict=True):
                cell.text = value
        if len(rows) > 1:
            top = table.cell(1, 0)
            top.merge(table.cell(len(rows), 0))
            top.text = rows[0].department
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()
