"""Consistent database backups: SQLite's online backup API, pg_dump for PostgreSQL."""

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


class BackupError(DomainError):
    pass


def backup_database(output: Path | None = None) -> Path:
    url = make_url(current_app.config["SQLALCHEMY_DATABASE_URI"])
    stamp = datetime.now().strftime("%Y%m%d-%H%M%S")
    if url.get_backend_name() == "sqlite":
        output = output or Path(current_app.instance_path) / "backups" / f"hrflow-{stamp}.sqlite3"
        output.parent.mkdir(parents=True, exist_ok=True)
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
        output = output or Path(current_app.instance_path) / "backups" / f"hrflow-{stamp}.dump"
        output.parent.mkdir(parents=True, exist_ok=True)
        if shutil.which("pg_dump") is None:
            raise BackupError("找不到 pg_dump（请安装 postgresql-client）")
        plain = url.set(drivername="postgresql").render_as_string(hide_password=False)
        result = subprocess.run(["pg_dump", "--format=custom", "--file", str(output), plain], capture_output=True, text=True)
        if result.returncode != 0:
            raise BackupError(f"pg_dump 失败：{result.stderr.strip().splitlines()[-1] if result.stderr.strip() else result.returncode}")
        return output
    raise BackupError(f"不支持备份这种数据库：{url.get_backend_name()}")


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
