"""The `hrflow` command line: thin commands over the same services the web pages use.

Contract: ../shared/docs/cli.md — exit 0 on success; one clear line on stderr and exit 1 on bad
input, with nothing written; --json prints exactly one JSON document."""

from __future__ import annotations

import json
import sys
from collections.abc import Callable
from functools import wraps
from pathlib import Path

import click
from flask import Flask
from flask.cli import FlaskGroup

from hrflow.extensions import db
from hrflow.models import SYSTEM


class UserInputError(Exception):
    pass


def _domain_errors() -> tuple[type[Exception], ...]:
    from hrflow.admin.backup import BackupError
    from hrflow.admin.services import AccountError
    from hrflow.importers import TableImportError
    from hrflow.models import AssessmentError, RecruitmentError
    from hrflow.pdf.fonts import FontError
    from hrflow.posts.services import PostError
    from hrflow.posts.staff import SeatError

    return (TableImportError, PostError, SeatError, AccountError, BackupError, RecruitmentError, FontError,
            AssessmentError, UserInputError)


def transactional(command: Callable) -> Callable:
    """Commit when the command succeeds; on a domain error roll back, print one line, exit 1."""

    @wraps(command)
    def wrapper(*args, **kwargs):
        try:
            result = command(*args, **kwargs)
        except _domain_errors() as error:
            db.session.rollback()
            click.echo(f"错误：{error}", err=True)
            sys.exit(1)
        except OSError as error:
            db.session.rollback()
            click.echo(f"错误：{getattr(error, 'filename', '') or ''} {error.strerror or error}".strip(), err=True)
            sys.exit(1)
        db.session.commit()
        return result

    return wrapper


def emit_json(document) -> None:
    click.echo(json.dumps(document, ensure_ascii=False, default=str))


def read_input_file(path: str) -> bytes:
    file = Path(path)
    if not file.is_file():
        raise UserInputError(f"{path}：文件不存在")
    return file.read_bytes()


def register_commands(app: Flask) -> None:
    from hrflow.assessment.cli import assessment_group
    from hrflow.recruitment.cli import applicants_group, print_application, review, round_group

    app.cli.add_command(round_group)
    app.cli.add_command(applicants_group)
    app.cli.add_command(review)
    app.cli.add_command(assessment_group)
    print_group.add_command(print_application)
    app.cli.add_command(import_posts)
    app.cli.add_command(stats_command)
    app.cli.add_command(employees)
    app.cli.add_command(demo)
    app.cli.add_command(create_user)
    app.cli.add_command(fonts)
    app.cli.add_command(print_group)
    app.cli.add_command(backup)
    app.cli.add_command(restore)


@click.command("import-posts")
@click.argument("path")
@click.option("--dry-run", is_flag=True, help="只检查并报告，不写入数据库")
@click.option("--json", "as_json", is_flag=True)
@click.option("--effective-date", type=click.DateTime(formats=["%Y-%m-%d"]), help="新版本的生效日期（默认今天）")
def import_posts(path: str, dry_run: bool, as_json: bool, effective_date) -> None:
    """导入岗位表（Word 导出的文本 .txt、.docx、.xlsx、.csv）。"""
    from hrflow.importers import TableImportError
    from hrflow.posts.services import import_post_table

    try:
        data = read_input_file(path)
        report = import_post_table(
            data, Path(path).name, actor=SYSTEM, effective_date=effective_date.date() if effective_date else None
        )
    except (TableImportError, UserInputError) as error:
        db.session.rollback()
        click.echo(f"错误：{error}", err=True)
        sys.exit(1)
    if dry_run:
        db.session.rollback()
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
def stats_command(as_json: bool) -> None:
    """数据库中的部门、岗位与设岗统计。"""
    from hrflow.posts.services import stats

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
    from hrflow.posts.staff import import_employees

    result = import_employees(read_input_file(file), Path(file).name, actor=SYSTEM)
    click.echo(f"新增 {result.created} 人，更新 {result.updated} 人，新任职 {result.appointments} 个")


@click.command("demo")
@click.option("--json", "as_json", is_flag=True)
@click.option("--keep-existing", is_flag=True, help="数据库已有数据时不清空，只显示已保存的演示账号")
@transactional
def demo(as_json: bool, keep_existing: bool) -> None:
    """清空数据库并载入演示数据（真实岗位表、在岗人员、各角色登录账号）。"""
    from flask import current_app
    from sqlalchemy import func, select

    from hrflow.demo import load_demo
    from hrflow.models import Post

    logins_file = Path(current_app.instance_path) / "demo_logins.json"
    if keep_existing and db.session.scalar(select(func.count(Post.id))):
        # `make run` a second time must not wipe what people entered since.
        logins = json.loads(logins_file.read_text()) if logins_file.exists() else []
        click.echo("数据库中已有数据，未重新载入演示数据（要重新载入请运行 hrflow demo）。")
        _print_logins(logins)
        return
    result = load_demo()
    logins_file.write_text(json.dumps(result["logins"], ensure_ascii=False, indent=2))
    logins_file.chmod(0o600)
    if as_json:
        emit_json(result)
        return
    report = result["report"]
    click.echo(
        f"演示数据已载入：部门 {report['departments']}，设岗 {report['seats']}，实聘 {report['filled']}，"
        f"空缺 {report['vacant']}，人员 {result['employees']}"
    )
    _print_logins(result["logins"])


def _print_logins(logins: list[dict]) -> None:
    if not logins:
        return
    click.echo("演示账号（用户名 / 密码 / 角色）：")
    for login in logins:
        click.echo(f"  {login['username']:<10} {login['password']:<14} {login['role']:<9} {login['name']}")


@click.command("create-user")
@click.argument("username")
@click.option("--role", type=click.Choice(["admin", "hr", "head", "employee"]), default="admin", show_default=True)
@click.option("--password", prompt=True, hide_input=True, confirmation_prompt=True)
@click.option("--name", "display_name", help="显示姓名")
@click.option("--department", "departments", multiple=True, help="部门负责人所负责的部门（路径），可重复")
@click.option("--staff-no", help="关联的员工工号")
@transactional
def create_user(username, role, password, display_name, departments, staff_no) -> None:
    """创建用户（默认管理员）。"""
    from sqlalchemy import select

    from hrflow.admin.services import create_user as create
    from hrflow.models import Employee
    from hrflow.posts.services import find_department

    found = []
    for path in departments:
        department = find_department(path)
        if department is None:
            raise UserInputError(f"找不到部门“{path}”")
        found.append(department)
    employee = None
    if staff_no:
        employee = db.session.scalar(select(Employee).where(Employee.staff_no == staff_no))
        if employee is None:
            raise UserInputError(f"找不到工号 {staff_no}")
    create(username, password, role, actor=SYSTEM, display_name=display_name, employee=employee, departments=found)
    click.echo(f"已创建用户 {username}（{role}）")


@click.command("fonts")
@click.option("--force", is_flag=True, help="即使缓存是新的也重新生成")
@transactional
def fonts(force: bool) -> None:
    """生成或刷新 PDF 字体缓存，并列出所用字体文件。"""
    from hrflow.pdf.fonts import ensure_font_cache

    report = ensure_font_cache(force=force)
    for line in report.describe():
        click.echo(line)


@click.group("print")
def print_group() -> None:
    """打印（生成 PDF）。"""


@print_group.command("post-description")
@click.argument("path")
@click.option("-o", "--output", required=True, type=click.Path(dir_okay=False))
@transactional
def print_post_description(path: str, output: str) -> None:
    """一个岗位的岗位说明书。"""
    from hrflow.posts.services import find_post
    from hrflow.printing.services import post_description_pdf

    post = find_post(path)
    if post is None:
        raise UserInputError(f"找不到岗位“{path}”")
    Path(output).write_bytes(post_description_pdf(post))
    click.echo(f"已生成 {output}")


@print_group.command("post-descriptions")
@click.option("--department", help="只打印这个部门（路径）的岗位")
@click.option("-o", "--output", required=True, type=click.Path(dir_okay=False))
@transactional
def print_post_descriptions(department: str | None, output: str) -> None:
    """全部（或一个部门）岗位说明书汇编。"""
    from hrflow.posts.services import find_department
    from hrflow.printing.services import post_booklet_pdf

    scope = None
    if department:
        scope = find_department(department)
        if scope is None:
            raise UserInputError(f"找不到部门“{department}”")
    Path(output).write_bytes(post_booklet_pdf(scope))
    click.echo(f"已生成 {output}")


@print_group.command("assessment-forms")
@click.argument("year", type=int)
@click.option("--department", help="只打印这个部门（路径，含下属部门）的人员")
@click.option("-o", "--output", required=True, type=click.Path(dir_okay=False))
@transactional
def print_assessment_forms(year: int, department: str | None, output: str) -> None:
    """年度考核登记表，每位参加人员一份。"""
    from hrflow.assessment.services import department_assessments, get_cycle
    from hrflow.posts.services import find_department
    from hrflow.printing.assessment import assessment_forms_pdf

    cycle = get_cycle(year)
    scope = None
    if department:
        scope = find_department(department)
        if scope is None:
            raise UserInputError(f"找不到部门“{department}”")
    count = len(department_assessments(cycle, scope.subtree_ids() if scope else None))
    Path(output).write_bytes(assessment_forms_pdf(cycle, scope))
    click.echo(f"已生成 {output}（{year} 年度考核登记表 {count} 份）")


@click.command("backup")
@click.option("-o", "--output", type=click.Path(dir_okay=False), help="备份文件（默认 instance/backups/…）")
@transactional
def backup(output: str | None) -> None:
    """数据库一致性备份（SQLite 在线备份；PostgreSQL 用 pg_dump）。"""
    from hrflow.admin.backup import backup_database

    path = backup_database(Path(output) if output else None)
    click.echo(f"已备份到 {path}")


@click.command("restore")
@click.argument("file", type=click.Path(dir_okay=False))
@click.option("--yes", is_flag=True, help="确认用备份替换数据库的全部内容")
def restore(file: str, yes: bool) -> None:
    """用 hrflow backup 生成的备份替换数据库内容。"""
    from hrflow.admin.backup import BackupError, restore_database

    if not yes:
        click.echo("错误：恢复会替换数据库的全部内容，请加 --yes 确认", err=True)
        sys.exit(1)
    try:
        restore_database(Path(file))
    except BackupError as error:
        click.echo(f"错误：{error}", err=True)
        sys.exit(1)
    click.echo(f"已从 {file} 恢复")


def main() -> None:
    from hrflow import create_app

    cli = FlaskGroup(create_app=create_app, add_default_commands=True, add_version_option=False, load_dotenv=False)
    cli.main(prog_name="hrflow")


if __name__ == "__main__":  # pragma: no cover
    main()
