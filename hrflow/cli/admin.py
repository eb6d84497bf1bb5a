"""`hrflow create-user`, `hrflow backup`, `hrflow restore`, `hrflow demo`, `hrflow fonts`."""

from __future__ import annotations

import json
from pathlib import Path

import click
from flask import current_app
from sqlalchemy import func, select

from hrflow.admin.backup import backup_database, restore_database
from hrflow.admin.operations import create_user as create_account
from hrflow.cli.common import (
    UserInputError,
    department_named,
    emit_json,
    fail,
    refusals_in_one_line,
    transactional,
)
from hrflow.demo import load_demo
from hrflow.errors import DomainError
from hrflow.extensions import db
from hrflow.models import SYSTEM, Employee, Post
from hrflow.pdf.fonts import ensure_font_cache
from hrflow.private_files import write_private_file


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
    found = [department_named(path) for path in departments]
    employee = None
    if staff_no:
        employee = db.session.scalar(select(Employee).where(Employee.staff_no == staff_no))
        if employee is None:
            raise UserInputError(f"找不到工号 {staff_no}")
    create_account(username, password, role, actor=SYSTEM, display_name=display_name, employee=employee,
                   departments=found)
    click.echo(f"已创建用户 {username}（{role}）")


@click.command("backup")
@click.option("-o", "--output", type=click.Path(dir_okay=False), help="备份文件（默认 instance/backups/…）")
@transactional
def backup(output: str | None) -> None:
    """数据库一致性备份（SQLite 在线备份；PostgreSQL 用 pg_dump）。"""
    path = backup_database(Path(output) if output else None)
    click.echo(f"已备份到 {path}")


@click.command("restore")
@click.argument("file", type=click.Path(dir_okay=False))
@click.option("--yes", is_flag=True, help="确认用备份替换数据库的全部内容")
def restore(file: str, yes: bool) -> None:
    """用 hrflow backup 生成的备份替换数据库内容。"""
    # No schema check: restoring into a database never migrated is how a new server gets its data.
    if not yes:
        fail("恢复会替换数据库的全部内容，请加 --yes 确认")
    try:
        restore_database(Path(file))
    except DomainError as error:
        fail(error)
    click.echo(f"已从 {file} 恢复")


@click.command("demo")
@click.option("--json", "as_json", is_flag=True)
@click.option("--keep-existing", is_flag=True, help="数据库已有数据时不清空，只显示已保存的演示账号")
@transactional
def demo(as_json: bool, keep_existing: bool) -> None:
    """清空数据库并载入演示数据（真实岗位表、在岗人员、各角色登录账号）。"""
    logins_file = Path(current_app.instance_path) / "demo_logins.json"
    if keep_existing and db.session.scalar(select(func.count(Post.id))):
        # `make run` a second time must not wipe what people entered since.
        logins = json.loads(logins_file.read_text()) if logins_file.exists() else []
        click.echo("数据库中已有数据，未重新载入演示数据（要重新载入请运行 hrflow demo）。")
        _print_logins(logins)
        return
    result = load_demo()
    write_private_file(logins_file, json.dumps(result["logins"], ensure_ascii=False, indent=2).encode())
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


@click.command("fonts")
@click.option("--force", is_flag=True, help="即使缓存是新的也重新生成")
@refusals_in_one_line  # no database: `make test` builds the cache before any database is migrated
def fonts(force: bool) -> None:
    """生成或刷新 PDF 字体缓存，并列出所用字体文件。"""
    report = ensure_font_cache(force=force)
    for line in report.describe():
        click.echo(line)
