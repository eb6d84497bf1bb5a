"""The audit log as a spreadsheet: every row the page's filters select, not just one page of them.

Like the unit's other exports it is written in Chinese, whatever the reader's language; times are in the
reader's time zone. Text Excel would run as a formula (a summary or reason starting with "=") is stored as text."""

from __future__ import annotations

import json
from collections.abc import Iterable
from datetime import UTC, datetime, tzinfo

from flask import current_app
from flask_babel import force_locale

from hrflow.admin.actions import action_label
from hrflow.models import AuditLog
from hrflow.spreadsheets import sheet_bytes

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
    with force_locale(current_app.config["BABEL_DEFAULT_LOCALE"]):
        return sheet_bytes("审计日志", AUDIT_SHEET_COLUMNS, (_row(entry, zone) for entry in entries),
                           widths=COLUMN_WIDTHS, formats={0: "yyyy-mm-dd hh:mm:ss"})
