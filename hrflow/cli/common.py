"""What every command shares: one transaction per command, one-line errors, JSON output, input files,
and naming departments and posts by their path.

Contract (../shared/docs/cli.md): exit 0 on success; one clear line on stderr and exit 1 on bad input,
with nothing written; --json prints exactly one JSON document. A command that reads or writes the database
first checks that its tables are there: on a database never migrated it says to run `hrflow db upgrade`."""

from __future__ import annotations

import json
import sys
from collections.abc import Callable
from functools import wraps
from pathlib import Path
from typing import NoReturn

import click
from sqlalchemy import inspect
from sqlalchemy.exc import OperationalError

from hrflow.errors import DomainError
from hrflow.extensions import db
from hrflow.models import Department, Post
from hrflow.posts.queries import find_department, find_post


class UserInputError(DomainError):
    """What was typed on the command line names nothing: a missing file, department or post."""


def fail(message: object) -> NoReturn:
    """Roll back, say what is wrong in one line on stderr, exit 1."""
    db.session.rollback()
    click.echo(f"错误：{message}", err=True)
    sys.exit(1)


MIGRATE_FIRST = "数据库还没有 hrflow 的表（或结构不是最新的）：请先运行 hrflow db upgrade"


def require_schema() -> None:
    """Exit with one line unless every table of the models is in the database: on a database never
    migrated (or migrated by an older release) the first query would end in a traceback."""
    try:
        present = set(inspect(db.engine).get_table_names())
    except OperationalError as error:
        fail(f"无法连接数据库：{str(error.orig).strip().splitlines()[0]}")
    if set(db.metadata.tables) - present:
        fail(MIGRATE_FIRST)


def needs_schema(command: Callable) -> Callable:
    """For a command that uses the database but commits on its own terms (or never)."""

    @wraps(command)
    def wrapper(*args, **kwargs):
        require_schema()
        return command(*args, **kwargs)

    return wrapper


def refusals_in_one_line(command: Callable) -> Callable:
    """A domain refusal or an unreadable file: roll back, print one line, exit 1."""

    @wraps(command)
    def wrapper(*args, **kwargs):
        try:
            return command(*args, **kwargs)
        except DomainError as error:
            fail(error)
        except OSError as error:
            fail(f"{getattr(error, 'filename', '') or ''} {error.strerror or error}".strip())

    return wrapper


def transactional(command: Callable) -> Callable:
    """The database's tables must be there; commit when the command succeeds; on a domain refusal or an
    unreadable file roll back, print one line, exit 1."""

    @needs_schema
    @refusals_in_one_line
    @wraps(command)
    def wrapper(*args, **kwargs):
        result = command(*args, **kwargs)
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


def department_named(path: str) -> Department:
    department = find_department(path)
    if department is None:
        raise UserInputError(f"找不到部门“{path}”")
    return department


def post_named(path: str) -> Post:
    post = find_post(path)
    if post is None:
        raise UserInputError(f"找不到岗位“{path}”")
    return post
