"""The `hrflow` command line as in ../shared/docs/cli.md: JSON, exit codes, one-line errors, nothing written."""

import json
import os
import subprocess
import sys
from pathlib import Path

from sqlalchemy import func, select

from hrflow.extensions import db
from hrflow.models import Post, User
from tests.conftest import ROOT, SEED
from tests.test_import_seed import SEED_TOTALS


def run(runner, *args):
    result = runner.invoke(args=list(args), catch_exceptions=False)
    return result


def test_import_posts_json(runner):
    result = run(runner, "import-posts", str(SEED), "--json")
    assert result.exit_code == 0
    document = json.loads(result.stdout)
    assert {k: document[k] for k in SEED_TOTALS} == SEED_TOTALS
    assert len(document["warnings"]) == 5
    assert "21 个岗位未注明岗位类别" in document["warnings"][-1]  # the seed table has no 岗位类别 column
    assert db.session.scalar(select(func.count(Post.id))) == 21


def test_import_posts_dry_run_writes_nothing(runner):
    result = run(runner, "import-posts", str(SEED), "--dry-run")
    assert result.exit_code == 0 and "设岗 45" in result.stdout and "警告" in result.stdout
    assert db.session.scalar(select(func.count(Post.id))) == 0


def test_import_posts_bad_file_one_line_error(runner, tmp_path):
    bad = tmp_path / "bad.txt"
    bad.write_text(SEED.read_text().replace("\t物业管理部2人\n\t主任\n\t1\n\t1", "\t物业管理部2人\n\t主任\n\tx\n\t1"))
    result = run(runner, "import-posts", str(bad))
    assert result.exit_code == 1
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and "bad.txt" in lines[0] and "第 71 行" in lines[0] and "设岗人数" in lines[0]
    assert "Traceback" not in result.output
    assert db.session.scalar(select(func.count(Post.id))) == 0


def test_missing_file_is_a_clear_error(runner):
    result = run(runner, "import-posts", "/nonexistent/table.txt")
    assert result.exit_code == 1 and "文件不存在" in result.stderr


def test_stats_json(runner, seeded):
    result = run(runner, "stats", "--json")
    assert json.loads(result.stdout) == SEED_TOTALS


def test_demo_prints_logins_and_creates_one_user_per_role(runner, app):
    result = run(runner, "demo", "--json")
    document = json.loads(result.stdout)
    assert {login["role"] for login in document["logins"]} == {"admin", "hr", "head", "employee"}
    assert {k: document["report"][k] for k in SEED_TOTALS} == SEED_TOTALS
    users = {u.username: u for u in db.session.scalars(select(User))}
    head = users["head"]
    assert [d.name for d in head.departments] == ["少儿部"] and head.employee is not None
    for login in document["logins"]:
        assert users[login["username"]].check_password(login["password"])
    assert json.loads((Path(app.instance_path) / "demo_logins.json").read_text()) == document["logins"]


def test_demo_names_every_filled_seat(runner):
    from hrflow.models import Appointment

    run(runner, "demo")
    unnamed = db.session.scalar(select(func.count(Appointment.id)).where(Appointment.employee_id.is_(None)))
    assert unnamed == 0
    assert json.loads(run(runner, "stats", "--json").stdout) == SEED_TOTALS


def test_create_user(runner, seeded):
    result = run(runner, "create-user", "lib-hr", "--role", "hr", "--password", "s3cret-pass")
    assert result.exit_code == 0
    user = db.session.scalar(select(User).where(User.username == "lib-hr"))
    assert user.role == "hr" and user.check_password("s3cret-pass") and user.password_hash.startswith("scrypt:")
    again = run(runner, "create-user", "lib-hr", "--password", "s3cret-pass")
    assert again.exit_code == 1 and "已存在" in again.stderr
    head = run(runner, "create-user", "kid-head", "--role", "head", "--password", "s3cret-pass", "--department", "少儿部")
    assert head.exit_code == 0
    short = run(runner, "create-user", "x", "--password", "short")
    assert short.exit_code == 1 and "至少 8 位" in short.stderr


def test_employees_import(runner, seeded, tmp_path):
    file = tmp_path / "staff.csv"
    file.write_text("工号,姓名,性别,出生日期,部门,岗位,入职日期\nA1,陈喆,女,1985-03-02,特藏部,主任,2010-09-01\n")
    result = run(runner, "employees", "import", str(file))
    assert result.exit_code == 0 and "新增 1 人" in result.stdout
    file.write_text("工号,姓名,性别,出生日期,部门,岗位,入职日期\nA2,王堃,男,1985-03-02,特藏部,主任,2010-09-01\n")
    result = run(runner, "employees", "import", str(file))
    assert result.exit_code == 1 and "第 2 行" in result.stderr and "已满" in result.stderr


def test_backup_writes_a_consistent_copy(runner, seeded, tmp_path, app):
    target = tmp_path / "backup.bin"
    result = run(runner, "backup", "-o", str(target))
    assert result.exit_code == 0 and target.stat().st_size > 0
    if app.config["SQLALCHEMY_DATABASE_URI"].startswith("sqlite"):
        import sqlite3

        with sqlite3.connect(target) as connection:
            assert connection.execute("select count(*) from post").fetchone()[0] == 21
    else:
        listing = subprocess.run(["pg_restore", "--list", str(target)], capture_output=True, text=True, check=True)
        assert "TABLE DATA public post " in listing.stdout


def test_console_script_runs_against_a_fresh_database(tmp_path):
    """The installed `hrflow` entry point: migrate, import, stats — exactly one JSON document on stdout."""
    env = {**os.environ, "HRFLOW_DATABASE_URL": f"sqlite:///{tmp_path}/cli.db"}
    hrflow = str(Path(sys.executable).with_name("hrflow"))
    subprocess.run([hrflow, "db", "upgrade"], check=True, env=env, capture_output=True, cwd=ROOT)
    out = subprocess.run([hrflow, "import-posts", str(SEED), "--json"], check=True, env=env, capture_output=True, cwd=ROOT)
    assert json.loads(out.stdout)["seats"] == 45
    stats = subprocess.run([hrflow, "stats", "--json"], check=True, env=env, capture_output=True, cwd=ROOT)
    assert json.loads(stats.stdout) == SEED_TOTALS


def test_demo_keep_existing_does_not_wipe_data(runner, app):
    first = json.loads(run(runner, "demo", "--json").stdout)
    from hrflow.posts.operations import edit_post
    from hrflow.posts.queries import find_post

    hr = db.session.scalar(select(User).where(User.username == "hr"))
    edit_post(find_post("采编部/工作人员"), {"seats": 3}, actor=hr, reason="演示后修改")
    db.session.commit()
    again = run(runner, "demo", "--keep-existing")
    assert again.exit_code == 0 and "未重新载入" in again.stdout
    assert first["logins"][0]["password"] in again.stdout
    assert find_post("采编部/工作人员").current.seats == 3
