"""The audit log as a spreadsheet: every row the page's filters select, not just one page of them.

Like the unit's other exports it is written in Chinese, whatever the reader's language; times are in the
reader's time zone. Text Excel would run as a formula (a summary or reason starting with "=") is stored as text."""

from __future__ import annotations

import io
import json
from collections.abc import Iterable
from datetime import UTC, datetime, tzinfo

from flask import current_app
from flask_babel import force_locale

from hrflow.admin.actions import action_label
from hrflow.models import AuditLog
from hrflow.posts.export import neutralise

AUDIT_SHEET_COLUMNS = ("时间", "操作人", "操作", "操作代码", "对象", "摘要", "原因", "详情")
COLUMN_WIDTHS = (20, 14, 16, 22, 16, 60, 30, 40)


def _local(at: datetime, zone: tzinfo) -> datetime:
    """AuditLog.at is naive UTC; Excel gets the wall-clock time of `zone`, without a zone (it has none)."""
    return at.replace(tzinfo=UTC).astimezone(zone).replace(tzinfo=None)


def _row(entry: AuditLog, zone: tzinfo) -> list:
    target = f"{entry.object_type} #{entry.object_id}" if entry.object_type else ""
    details = json.dumps(entry.details, ensure_ascii=False, sort_keys=True) if entry.details else ""
    return [_local(entry.at, zone), entry.actor, action_label(entry.action), entry.action, target, entry.summary,
            entry.reason or "", details]


def audit_xlsx(entries: Iterable[AuditLog], zone: tzinfo) -> bytes:
    from openpyxl import Workbook
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.styles import Font
    from openpyxl.utils import get_column_letter

    workbook = Workbook(write_only=True)  # rows are streamed: a long log stays small in memory
    sheet = workbook.create_sheet("审计日志")
    for index, width in enumerate(COLUMN_WIDTHS, start=1):
        sheet.column_dimensions[get_column_letter(index)].width = width
    sheet.freeze_panes = "A2"
    header = []
    for title in AUDIT_SHEET_COLUMNS:
        cell = WriteOnlyCell(sheet, value=title)
        cell.font = Font(bold=True)
        header.append(cell)
    sheet.append(header)
    with force_locale(current_app.config["BABEL_DEFAULT_LOCALE"]):
        for entry in entries:
            values = _row(entry, zone)
            when = WriteOnlyCell(sheet, value=values[0])
            when.number_format = "yyyy-mm-dd hh:mm:ss"
            sheet.append([when, *(neutralise(value) for value in values[1:])])
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
