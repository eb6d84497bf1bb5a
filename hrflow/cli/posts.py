"""`hrflow import-posts`, `hrflow stats`, `hrflow employees import`, `hrflow print post-description(s)`."""

from __future__ import annotations

from pathlib import Path

import click

from hrflow.cli.common import (
    department_named,
    emit_json,
    fail,
    needs_schema,
    post_named,
    read_input_file,
    transactional,
)
from hrflow.errors import DomainError
from hrflow.extensions import db
from hrflow.models import SYSTEM
from hrflow.pdf.batch import render_batch_to_path
from hrflow.posts.importing import import_post_table
from hrflow.posts.seats import stats
from hrflow.posts.staff import import_employees
from hrflow.printing.documents.posts import post_booklet_batch, render_post_description_pdf


@click.command("import-posts")
@click.argument("path")
@click.option("--dry-run", is_flag=True, help="只检查并报告，不写入数据库")
@click.option("--json", "as_json", is_flag=True)
@click.option("--effective-date", type=click.DateTime(formats=["%Y-%m-%d"]), help="新版本的生效日期（默认今天）")
@needs_schema
def import_posts(path: str, dry_run: bool, as_json: bool, effective_date) -> None:
    """导入岗位表（Word 导出的文本 .txt、.docx、.xlsx、.csv）。"""
    try:
        data = read_input_file(path)
        report = import_post_table(
            data, Path(path).name, actor=SYSTEM, effective_date=effective_date.date() if effective_date else None
        )
    except DomainError as error:
        fail(error)
    if dry_run:
        db.session.rollback()  # --dry-run: the same checks, nothing kept
    else:
        db.session.commit()
    if as_json:
        emit_json(report.as_json())
        return
    totals = report.totals
    click.echo(
        f"{'检查' if dry_run else '导入'} {path}：部门 {totals['departments']}，岗位 {totals['posts']}，设岗 {totals['seats']}，"
        f"实聘 {totals['filled']}，空缺 {totals['vacant']}，可招聘 {totals['recruitable']}"
    )
    if not dry_run:
        click.echo(f"新增岗位 {len(report.created)}，变更 {len(report.changed)}，未变 {len(report.unchanged)}")
    for warning in report.warnings:
        click.echo(f"警告：{warning}")


@click.command("stats")
@click.option("--json", "as_json", is_flag=True)
@needs_schema
def stats_command(as_json: bool) -> None:
    """数据库中的部门、岗位与设岗统计。"""
    counts = stats()
    if as_json:
        emit_json(counts)
    else:
        click.echo(
            f"部门 {counts['departments']}，岗位 {counts['posts']}，设岗 {counts['seats']}，实聘 {counts['filled']}，"
            f"空缺 {counts['vacant']}，可招聘 {counts['recruitable']}"
        )


@click.group("employees")
def employees() -> None:
    """人员。"""


@employees.command("import")
@click.argument("file")
@transactional
def employees_import(file: str) -> None:
    """导入人员（.xlsx/.csv：工号、姓名、性别、出生日期、部门、岗位、入职日期、兼任岗位）。"""
    result = import_employees(read_input_file(file), Path(file).name, actor=SYSTEM)
    click.echo(f"新增 {result.created} 人，更新 {result.updated} 人，新任职 {result.appointments} 个")


# ---------------------------------------------------------------- `hrflow print …` (the group is in hrflow.cli.commands)

@click.command("post-description")
@click.argument("path")
@click.option("-o", "--output", required=True, type=click.Path(dir_okay=False))
@transactional
def print_post_description(path: str, output: str) -> None:
    """一个岗位的岗位说明书。"""
    post = post_named(path)
    Path(output).write_bytes(render_post_description_pdf(post))
    click.echo(f"已生成 {output}")


@click.command("post-descriptions")
@click.option("--department", help="只打印这个部门（路径）的岗位")
@click.option("-o", "--output", required=True, type=click.Path(dir_okay=False))
@transactional
def print_post_descriptions(department: str | None, output: str) -> None:
    """全部（或一个部门）岗位说明书汇编。"""
    scope = department_named(department) if department else None
    report = render_batch_to_path(post_booklet_batch(scope), Path(output))
    click.echo(f"已生成 {output}（岗位说明书 {report.forms} 份，{report.pages} 页，用时 {report.seconds:.0f} 秒）")
