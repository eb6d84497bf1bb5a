"""`hrflow workdays FROM N`: the last day of a period of N working days, for HR and for scripts."""

from __future__ import annotations

from datetime import datetime

import click

from hrflow.cli.common import emit_json, needs_schema
from hrflow.models import working_days


@click.command("workdays")
@click.argument("start", metavar="FROM", type=click.DateTime(formats=["%Y-%m-%d"]))
@click.argument("days", metavar="N", type=click.IntRange(1, 3650))
@click.option("--json", "as_json", is_flag=True)
@needs_schema
def workdays(start: datetime, days: int, as_json: bool) -> None:
    """N 个工作日的最后一天（FROM 是工作日时算第一天）：法定节假日、本单位休息日不计，调休上班日计入。

    第一行是最后一天（YYYY-MM-DD），其后列出跳过的日子。"""
    period = working_days(start.date(), days)
    if as_json:
        emit_json({"from": start.date().isoformat(), "days": days, "first": period.first.isoformat(),
                   "last": period.last.isoformat(), "uncovered_years": period.uncovered,
                   "skipped": [{"day": s.day.isoformat(), "reason": s.reason} for s in period.skipped]})
        return
    click.echo(period.last.isoformat())
    if period.first != start.date():
        click.echo(f"{start.date().isoformat()} 不是工作日，从 {period.first.isoformat()} 起算")
    if period.skipped:
        click.echo(f"跳过 {len(period.skipped)} 天：" + "，".join(f"{s.day.isoformat()} {s.reason}" for s in period.skipped))
    for year in period.uncovered:
        click.echo(f"注意：{year} 年的法定节假日尚未收录（chinesecalendar 需要更新），这一年只除去了周末和本单位的休息日")
