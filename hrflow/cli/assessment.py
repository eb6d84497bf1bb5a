"""`hrflow assessment open/advance/remind/export/import/status`, `hrflow print assessment-forms` (see ../shared/docs/cli.md)."""

from __future__ import annotations

from pathlib import Path

import click

from hrflow.assessment import figures, operations, queries, reminders, sheets
from hrflow.cli.common import department_named, emit_json, read_input_file, transactional
from hrflow.extensions import db
from hrflow.mail.services import deliver
from hrflow.models import SYSTEM, CycleStatus
from hrflow.pdf.batch import render_batch_to_path
from hrflow.printing.documents.assessment import assessment_forms_batch

# A calendar year; a longer number would overflow the database's integer column before any check ran.
YEAR = click.IntRange(1, 9999)


@click.group("assessment")
def assessment_group() -> None:
    """年度考核。"""


@assessment_group.command("open")
@click.argument("year", type=YEAR)
@click.option("--cycle-date", type=click.DateTime(formats=["%Y-%m-%d"]), help="考核基准日（默认当年 12 月 31 日）")
@click.option("--rounding", type=click.Choice(["floor", "half_up", "ceil"]), help="优秀名额取整方式（默认按配置，向下取整）")
@click.option("--excellent-rate", type=click.IntRange(0, 100), help="优秀比例（%）：不超过 20；超过 20 须 --approval，最高 25")
@click.option("--approval", help="提高优秀比例的批准文号")
@click.option("--approval-date", type=click.DateTime(formats=["%Y-%m-%d"]), help="批准日期（默认今天）")
@click.option("--json", "as_json", is_flag=True)
@transactional
def assessment_open(year: int, cycle_date, rounding: str | None, excellent_rate: int | None, approval: str | None,
                    approval_date, as_json: bool) -> None:
    """开启年度考核：在考核基准日担任主岗的人员参加，列出不定等次和不参加的人员及原因。"""
    opened = operations.open_cycle(year, actor=SYSTEM, cycle_date=cycle_date.date() if cycle_date else None,
                                   rounding=rounding, excellent_rate=excellent_rate, approval=approval,
                                   approval_date=approval_date.date() if approval_date else None)
    if as_json:
        emit_json(opened.as_json())
        return
    click.echo(f"已开启 {year} 年度考核（基准日 {opened.cycle.cycle_date.isoformat()}）：参加 {len(opened.participants)} 人，"
               f"{opened.quota.describe()}")
    for person in opened.excluded:
        click.echo(f"  {person.name}（{person.staff_no}）：{person.reason}")


@assessment_group.command("advance")
@click.argument("year", type=YEAR)
@click.option("--to", "step", required=True, help="下一阶段：" + "、".join(s.value for s in CycleStatus))
@click.option("--on", "on", type=click.DateTime(formats=["%Y-%m-%d"]), help="公示开始日或结果通知日（默认今天）")
@transactional
def assessment_advance(year: int, step: str, on) -> None:
    """推进年度考核到下一阶段，检查与页面相同，不能跳过阶段。"""
    cycle = queries.get_cycle(year)
    before = cycle.status_label
    operations.advance(cycle, operations.parse_step(step), actor=SYSTEM, on=on.date() if on else None)
    click.echo(f"{year} 年度考核：{before} → {cycle.status_label}"
               + (f"（公示期 {cycle.publicity_start} 至 {cycle.publicity_end}）" if cycle.status == CycleStatus.PUBLICITY
                  else ""))


@assessment_group.command("remind")
@click.argument("year", type=YEAR, required=False)
@click.option("--days", type=click.IntRange(0, 366), help="截止日期前几天提醒（默认 ASSESSMENT_REMINDER_DAYS，3 天）")
@click.option("--json", "as_json", is_flag=True)
@transactional
def assessment_remind(year: int | None, days: int | None, as_json: bool) -> None:
    """截止日期临近时邮件提醒尚未完成的人员（每人每个环节只提醒一次），列出无邮箱无法提醒的人员；供 cron 每天运行。"""
    cycles = [queries.get_cycle(year)] if year is not None else reminders.cycles_to_remind()
    results = []
    for cycle in cycles:
        result = reminders.send_reminders(cycle, actor=SYSTEM, days=days, dispatch=False)
        db.session.commit()
        for mail_id in result.mail_ids:  # delivered here: cron's process ends before a background thread would
            deliver(mail_id)
        results.append(result)
    if as_json:
        emit_json([r.as_json() for r in results] if year is None else results[0].as_json())
        return
    for result in results:
        steps = "、".join(f"{s.label}（截止 {d.isoformat()}）" for s, d in result.plan.steps) or "无临近的截止日期"
        click.echo(f"{result.plan.year} 年度考核：{steps}；已提醒 {len(result.sent)} 人，"
                   f"此前已提醒 {result.plan.already_sent} 人")
        for task in result.plan.unreachable:
            who = f"{task.name}（{task.staff_no}）" if task.staff_no else task.name
            click.echo(f"  未能提醒：无邮箱 {who}：{task.step.label}" + ("（无账号）" if task.no_login else ""))


@assessment_group.command("export")
@click.argument("year", type=YEAR)
@click.option("-o", "--output", required=True, type=click.Path(dir_okay=False))
@transactional
def assessment_export(year: int, output: str) -> None:
    """导出考核名单（工号、姓名、部门、岗位、等次、评语），填写等次后可再导入。"""
    cycle = queries.get_cycle(year)
    Path(output).write_bytes(sheets.export_xlsx(cycle))
    click.echo(f"已导出 {year} 年度考核名单到 {output}")


@assessment_group.command("import")
@click.argument("year", type=YEAR)
@click.argument("file")
@transactional
def assessment_import(year: int, file: str) -> None:
    """按工号导入等次（优秀、合格、基本合格、不合格），全部成功或全部不写入；优秀超出名额时拒绝。"""
    cycle = queries.get_cycle(year)
    changed = sheets.import_grades(cycle, read_input_file(file), Path(file).name, actor=SYSTEM)
    summary = figures.quota_summary(cycle)
    click.echo(f"已导入 {year} 年度考核等次：{changed} 人的等次有变化；优秀 {summary.excellent}/{summary.quota} 人")


@assessment_group.command("status")
@click.argument("year", type=YEAR)
@click.option("--json", "as_json", is_flag=True)
@transactional
def assessment_status(year: int, as_json: bool) -> None:
    """考核进度、优秀名额与各等次人数。"""
    status = figures.status_json(queries.get_cycle(year))
    if as_json:
        emit_json(status)
        return
    progress = status["progress"]
    click.echo(f"{year} 年度考核：{CycleStatus(status['status']).label}；参加 {status['participants']} 人，"
               f"定等次 {status['quota_base']} 人，优秀名额 {status['excellent_quota']} 人")
    click.echo("等次：" + "，".join(f"{grade} {n}" for grade, n in status["graded"].items()))
    click.echo(f"进度：待交个人总结 {progress['draft']}，待主管评价 {progress['self_submitted']}，"
               f"主管已评价 {progress['head_submitted']}，已定等次 {progress['graded']}，已签署 {progress['acknowledged']}，"
               f"申诉 {progress['appeals']}（待处理 {progress['appeals_pending']}）")


# ---------------------------------------------------------------- `hrflow print …` (the group is in hrflow.cli.commands)

@click.command("assessment-forms")
@click.argument("year", type=YEAR)
@click.option("--department", help="只打印这个部门（路径，含下属部门）的人员")
@click.option("-o", "--output", required=True, type=click.Path(dir_okay=False))
@transactional
def print_assessment_forms(year: int, department: str | None, output: str) -> None:
    """年度考核登记表，每位参加人员一份。"""
    cycle = queries.get_cycle(year)
    scope = department_named(department) if department else None
    report = render_batch_to_path(assessment_forms_batch(cycle, scope), Path(output))
    click.echo(f"已生成 {output}（{year} 年度考核登记表 {report.forms} 份，{report.pages} 页，用时 {report.seconds:.0f} 秒）")
