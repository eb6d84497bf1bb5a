"""Every `hrflow` command on a database that was never migrated says, in one line, to run `hrflow db upgrade`:
no traceback, nothing written. Two commands need no schema and are left free: `fonts` (no database at all;
`make test` runs it first) and `restore` (filling a fresh database from a backup is what it is for)."""

from __future__ import annotations

import click
import pytest
from sqlalchemy import create_engine, inspect, text

from hrflow import create_app
from hrflow.cli.common import MIGRATE_FIRST
from hrflow.extensions import db
from tests.conftest import SEED, fresh_database_url

NEEDS_NO_SCHEMA = {"fonts", "restore"}


def arguments(out: str) -> dict[str, list[str]]:
    """Valid arguments for every command that uses the database, so that only the schema check can stop it."""
    return {
        "round open": ["春季招聘", "--cutoff", "2026-06-30", "--all-vacancies"],
        "applicants import": ["春季招聘", str(SEED)],
        "review": ["春季招聘"],
        "assessment open": ["2025"],
        "assessment export": ["2025", "-o", out],
        "assessment import": ["2025", str(SEED)],
        "assessment status": ["2025"],
        "assessment advance": ["2025", "--to", "self_review"],
        "assessment remind": ["2025"],
        "mail retry": [],
        "mail test": ["hr@library.example"],
        "import-posts": [str(SEED)],
        "stats": [],
        "employees import": [str(SEED)],
        "demo": [],
        "create-user": ["root", "--password", "correct-horse-42"],
        "print post-description": ["办公室/主任", "-o", out],
        "print post-descriptions": ["-o", out],
        "print assessment-forms": ["2025", "-o", out],
        "print application": ["春季招聘", "张三", "-o", out],
        "print applications": ["春季招聘", "-o", out],
        "backup": ["-o", out],
        "workdays": ["2026-09-28", "7"],
        "portal purge-attachments": [],
    }


def leaf_commands(group: click.Group, prefix: str = "") -> list[str]:
    names = []
    for name, command in group.commands.items():
        if isinstance(command, click.Group):
            names += leaf_commands(command, f"{prefix}{name} ")
        else:
            names.append(prefix + name)
    return names


def invoke(app, *args: str):
    """Run a command on `app`: with another app's context already open (conftest opens the test app's for
    every test), the CLI runner would use that one, so this app's context is pushed over it."""
    with app.app_context():
        return app.test_cli_runner().invoke(args=list(args))


@pytest.fixture
def unmigrated(tmp_path, monkeypatch):
    """An app on a database that exists but has never been migrated."""
    monkeypatch.setenv("HRFLOW_INSTANCE_PATH", str(tmp_path / "instance"))
    url, drop = fresh_database_url(tmp_path)
    app = create_app({"SQLALCHEMY_DATABASE_URI": url, "SECRET_KEY": "x", "TESTING": True})
    yield app
    with app.app_context():
        db.engine.dispose()
    drop()


def table_names(app) -> set[str]:
    engine = create_engine(app.config["SQLALCHEMY_DATABASE_URI"])
    try:
        return set(inspect(engine).get_table_names())
    finally:
        engine.dispose()


def test_every_command_but_db_is_either_checked_or_known_to_need_no_schema(unmigrated, tmp_path):
    commands = {name for name in leaf_commands(unmigrated.cli) if not name.startswith("db ")}
    assert commands == set(arguments(str(tmp_path / "out"))) | NEEDS_NO_SCHEMA


def test_each_command_on_a_database_never_migrated_says_to_run_db_upgrade(unmigrated, tmp_path):
    out = tmp_path / "out.file"
    for command, args in arguments(str(out)).items():
        result = invoke(unmigrated, *command.split(), *args)
        assert result.exit_code == 1, (command, result.output)
        assert result.stderr.strip().splitlines() == [f"错误：{MIGRATE_FIRST}"], (command, result.output)
        assert "Traceback" not in result.output and isinstance(result.exception, SystemExit), command
    assert not out.exists() and table_names(unmigrated) == set()  # nothing written


def test_a_database_missing_a_table_is_told_to_upgrade_too(unmigrated):
    with unmigrated.app_context():
        db.create_all()
        with db.engine.begin() as connection:
            connection.execute(text('DROP TABLE "audit_log"'))
        db.engine.dispose()
    result = invoke(unmigrated, "stats")
    assert result.exit_code == 1 and "hrflow db upgrade" in result.stderr


def test_restore_fills_a_database_never_migrated(runner, seeded, unmigrated, tmp_path):
    backup = tmp_path / "hrflow.backup"
    assert runner.invoke(args=["backup", "-o", str(backup)]).exit_code == 0
    assert invoke(unmigrated, "stats").exit_code == 1
    restored = invoke(unmigrated, "restore", str(backup), "--yes")
    assert restored.exit_code == 0, restored.output
    stats = invoke(unmigrated, "stats")
    assert stats.exit_code == 0 and "岗位 21" in stats.stdout, stats.output


def test_a_year_past_a_database_integer_is_a_usage_error_not_a_traceback(runner):
    result = runner.invoke(args=["assessment", "status", "99999999999999999999"])
    assert result.exit_code == 2 and "YEAR" in result.output and "Traceback" not in result.output


def test_a_database_that_cannot_be_opened_is_one_line_too(tmp_path, monkeypatch):
    monkeypatch.setenv("HRFLOW_INSTANCE_PATH", str(tmp_path / "instance"))
    app = create_app({"SQLALCHEMY_DATABASE_URI": f"sqlite:///{tmp_path}/missing/folder/hrflow.db", "SECRET_KEY": "x",
                      "TESTING": True})
    result = invoke(app, "stats")
    assert result.exit_code == 1 and result.stderr.startswith("错误：无法连接数据库：") and "Traceback" not in result.output
