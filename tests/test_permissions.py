"""What hrflow keeps on disk is readable by its owner only: the instance folder and the backups folder
0700; backups, post tables waiting for confirmation and the demo logins 0600. Each test runs under
umask 000, so the modes come from hrflow, not from a careful shell."""

from __future__ import annotations

import io
import os
import re
from pathlib import Path

import pytest

from hrflow import create_app
from hrflow.extensions import db
from tests.conftest import SEED


def mode(path: Path) -> int:
    return path.stat().st_mode & 0o777


@pytest.fixture(autouse=True)
def open_umask():
    previous = os.umask(0)
    yield
    os.umask(previous)


def test_the_instance_folder_is_created_for_the_owner_only(tmp_path, monkeypatch):
    instance = tmp_path / "new" / "instance"
    monkeypatch.setenv("HRFLOW_INSTANCE_PATH", str(instance))
    app = create_app({"TESTING": True, "SQLALCHEMY_DATABASE_URI": "sqlite://"})
    assert mode(instance) == 0o700
    assert mode(instance / "secret_key") == 0o600
    with app.app_context():
        db.engine.dispose()


def test_an_existing_open_instance_folder_is_closed(tmp_path, monkeypatch):
    instance = tmp_path / "instance"
    instance.mkdir(mode=0o755)
    monkeypatch.setenv("HRFLOW_INSTANCE_PATH", str(instance))
    create_app({"TESTING": True, "SQLALCHEMY_DATABASE_URI": "sqlite://", "SECRET_KEY": "x"})
    assert mode(instance) == 0o700


def test_a_backup_to_the_default_folder_is_private(runner, seeded, app):
    result = runner.invoke(args=["backup"])
    assert result.exit_code == 0, result.output
    backup = Path(re.search(r"已备份到 (.+)$", result.stdout.strip()).group(1))
    assert backup.parent == Path(app.instance_path) / "backups"
    assert mode(backup.parent) == 0o700 and mode(backup) == 0o600 and backup.stat().st_size > 0


def test_a_backup_to_a_named_file_is_private_and_its_folder_is_left_alone(runner, seeded, tmp_path):
    shared = tmp_path / "shared"
    shared.mkdir(mode=0o755)
    old = shared / "old.backup"
    old.write_bytes(b"")
    old.chmod(0o644)  # an older file overwritten keeps no looser mode than a new one
    for target in (shared / "hrflow.backup", old):
        result = runner.invoke(args=["backup", "-o", str(target)])
        assert result.exit_code == 0, result.output
        assert mode(target) == 0o600 and target.stat().st_size > 0
    assert mode(shared) == 0o755


def test_a_post_table_waiting_for_confirmation_is_private(client, app, login, make_user):
    login(make_user("hr"))
    response = client.post("/posts/import", data={"table": (io.BytesIO(SEED.read_bytes()), "seed.txt")},
                           content_type="multipart/form-data")
    assert response.status_code == 200
    uploads = Path(app.instance_path) / "uploads"
    waiting = [path for path in uploads.iterdir() if path.is_file()]
    assert mode(uploads) == 0o700 and waiting and all(mode(path) == 0o600 for path in waiting)
    for path in waiting:
        path.unlink()


def test_the_demo_logins_file_is_private(runner, app):
    logins = Path(app.instance_path) / "demo_logins.json"
    logins.unlink(missing_ok=True)
    assert runner.invoke(args=["demo"]).exit_code == 0
    assert mode(logins) == 0o600
