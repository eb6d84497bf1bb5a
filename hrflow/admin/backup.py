"""Consistent database backups: SQLite's online backup API, pg_dump for PostgreSQL. A backup holds
everybody's personal data: the file is 0600 and the default folder (instance/backups) 0700."""

from __future__ import annotations

import shutil
import sqlite3
import subprocess
from datetime import datetime
from pathlib import Path

from flask import current_app
from sqlalchemy.engine import make_url

from hrflow.errors import DomainError
from hrflow.extensions import db
from hrflow.private_files import create_private_file, private_folder


class BackupError(DomainError):
    pass


def backup_database(output: Path | None = None) -> Path:
    url = make_url(current_app.config["SQLALCHEMY_DATABASE_URI"])
    stamp = datetime.now().strftime("%Y%m%d-%H%M%S")
    if url.get_backend_name() == "sqlite":
        output = _private_target(output, f"hrflow-{stamp}.sqlite3")
        raw = db.engine.raw_connection()
        try:
            target = sqlite3.connect(str(output))
            with target:
                raw.driver_connection.backup(target)
            target.close()
        finally:
            raw.close()
        return output
    if url.get_backend_name() == "postgresql":
        if shutil.which("pg_dump") is None:
            raise BackupError("找不到 pg_dump（请安装 postgresql-client）")
        output = _private_target(output, f"hrflow-{stamp}.dump")
        plain = url.set(drivername="postgresql").render_as_string(hide_password=False)
        result = subprocess.run(["pg_dump", "--format=custom", "--file", str(output), plain], capture_output=True, text=True)
        if result.returncode != 0:
            output.unlink(missing_ok=True)
            raise BackupError(f"pg_dump 失败：{result.stderr.strip().splitlines()[-1] if result.stderr.strip() else result.returncode}")
        return output
    raise BackupError(f"不支持备份这种数据库：{url.get_backend_name()}")


def _private_target(output: Path | None, default_name: str) -> Path:
    """The backup file, created 0600 before anything is written to it (SQLite and pg_dump keep the mode of
    the file they are given). Without -o it goes to instance/backups, made 0700; a folder the user named
    is created if missing but otherwise left as it is."""
    if output is None:
        output = private_folder(Path(current_app.instance_path) / "backups") / default_name
    else:
        output.parent.mkdir(parents=True, exist_ok=True)
    return create_private_file(output)


def restore_database(source: Path) -> None:
    """Replace the database's contents with a backup made by backup_database()."""
    if not source.is_file():
        raise BackupError(f"{source}：文件不存在")
    url = make_url(current_app.config["SQLALCHEMY_DATABASE_URI"])
    db.session.remove()
    if url.get_backend_name() == "sqlite":
        try:
            backup = sqlite3.connect(f"file:{source}?mode=ro", uri=True)
            backup.execute("select count(*) from sqlite_master").fetchone()
        except sqlite3.DatabaseError as error:
            raise BackupError(f"{source}：不是有效的 SQLite 备份（{error}）") from error
        raw = db.engine.raw_connection()
        try:
            with backup:
                backup.backup(raw.driver_connection)
        finally:
            raw.close()
            backup.close()
        db.engine.dispose()
        return
    if url.get_backend_name() == "postgresql":
        if shutil.which("pg_restore") is None:
            raise BackupError("找不到 pg_restore（请安装 postgresql-client）")
        db.engine.dispose()
        plain = url.set(drivername="postgresql").render_as_string(hide_password=False)
        result = subprocess.run(
            ["pg_restore", "--clean", "--if-exists", "--no-owner", "--single-transaction", "-d", plain, str(source)],
            capture_output=True, text=True,
        )
        if result.returncode != 0:
            lines = result.stderr.strip().splitlines()
            raise BackupError(f"pg_restore 失败：{lines[-1] if lines else result.returncode}")
        return
    raise BackupError(f"不支持恢复这种数据库：{url.get_backend_name()}")
