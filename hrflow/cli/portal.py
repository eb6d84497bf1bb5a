"""`hrflow portal purge-attachments` (from cron, e.g. once a day): 网上报名 files past their retention period."""

from __future__ import annotations

import click

from hrflow.cli.common import emit_json, transactional
from hrflow.models import SYSTEM
from hrflow.portal.retention import REASON, purge_attachments, retention_days


@click.group("portal")
def portal_group() -> None:
    """网上报名。"""


@portal_group.command("purge-attachments")
@click.option("--dry-run", is_flag=True, help="只列出将删除的材料，不删除")
@click.option("--json", "as_json", is_flag=True)
@transactional
def purge(dry_run: bool, as_json: bool) -> None:
    """删除已结束招聘中保存期满（结束后 PORTAL_RETENTION_DAYS 天）的网上报名照片和证明材料。"""
    result = purge_attachments(actor=SYSTEM, dry_run=dry_run)
    if as_json:
        emit_json({"dry_run": dry_run, "retention_days": retention_days(), "reason": REASON,
                   "rounds": [{"round": p.round_name, "closed_at": p.closed_at.isoformat(timespec="seconds"),
                               "files": p.files, "entries": p.entries, "bytes": p.size} for p in result.purged],
                   "undated": result.undated})
        return
    verb = "将删除" if dry_run else "已删除"
    for p in result.purged:
        click.echo(f"“{p.round_name}”（{p.closed_at:%Y-%m-%d} 结束）：{verb}照片和证明材料 {p.files} 个，"
                   f"{p.entries} 份报名表（{REASON}）")
    for name in result.undated:
        click.echo(f"“{name}”：已结束，但审计日志中没有结束日期，未删除", err=True)
    if not result.purged:
        click.echo(f"没有保存期满的网上报名材料（保存 {retention_days()} 天）")
