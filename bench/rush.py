"""The deadline rush (`--only rush`): 5,000 applicants submit their 报名表 at the deadline, on PostgreSQL.

The world: a round on ~20 posts with its portal open, and 5,000 confirmed accounts each holding a filled,
valid draft with a photo (one small JPEG, a file of its own per account), written in bulk: what is
measured is the submission, not the typing. gunicorn serves it as docs/deployment.md runs it (4 workers,
gthread, 2 threads each) on 127.0.0.1; Locust (bench/locustfile.py, in a process of its own: it patches
the standard library with gevent) signs each account in and submits once, while two readers ask for the
bare page. Then the database is counted: every submission answered as taken must be an Application of
the round, and nobody may be in it twice.

On SQLite the suite is skipped: PostgreSQL is the production database, and the rush is about its locks."""

from __future__ import annotations

import io
import json
import os
import secrets
import statistics
import subprocess
import sys
import tempfile
import time
from collections import Counter
from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from datetime import date, timedelta
from pathlib import Path

from PIL import Image
from sqlalchemy import func, insert, select, text
from werkzeug.security import generate_password_hash

from bench.served import ROOT, Client, _free_port, _wait_for
from bench.synthetic import build_unit
from hrflow.extensions import db
from hrflow.models import Applicant, ApplicantAccount, Application, PortalEntry, PortalFile, User
from hrflow.models.base import utcnow
from hrflow.portal import files, services
from hrflow.portal.accounts import CONSENT_VERSION
from hrflow.private_files import write_private_file
from hrflow.recruitment.idcard import check_digit
from hrflow.recruitment.operations import open_round

ACCOUNTS = 5_000
WORKERS, THREADS = 4, 2  # docs/deployment.md
# A sign-in and a submission take ~45 ms of CPU together (in process, PostgreSQL): 60 clients at once keep
# 4 workers on 2 cores busy, and every applicant is answered instead of left in an ever longer queue.
CLIENTS = 60  # browsers submitting at the same time, each taking the next applicant when done
SPAWN_RATE = 30
TIME_LIMIT_S = 480  # Locust stops here whatever is left
PASSWORD = "rush-password-1"
# The sign-in is on the way, not what is measured: a cheaper scrypt than production's keeps 5,000 of them
# from taking the CPU the submissions need (each verification is otherwise ~50 ms of one core).
RUSH_PASSWORD_HASH = "scrypt:1024:8:1"
ENTRY_WORK = {"start": "2014-08", "end": "", "employer": "某市图书馆", "position": "馆员"}
ENTRY_STUDY = {"start": "2010-09", "end": "2014-07", "school": "某大学", "education": "本科", "degree": "学士",
               "major": "图书馆学", "mode": "全日制"}


# ---------------------------------------------------------------- the applicants (the same for every run)

def person(i: int) -> dict:
    """Applicant i: a valid 身份证号 of their own (birth date and serial from i), agreeing gender and birth."""
    gender = "男" if i % 2 else "女"
    birth = date(1988, 1, 1) + timedelta(days=i // 400)
    first = f"110105{birth:%Y%m%d}{(i % 400) * 2 + (1 if gender == '男' else 0):03d}"
    return {"name": f"考生{i:04d}", "gender": gender, "birth_date": birth, "id_number": first + check_digit(first),
            "phone": f"138{i:08d}"}


def form_fields(i: int, vacancy_id: int) -> dict:
    """The 报名表 as the browser posts it: what the draft holds, typed again."""
    who = person(i)
    fields = {"vacancy_id": str(vacancy_id), "name": who["name"], "gender": who["gender"],
              "birth_date": who["birth_date"].isoformat(), "id_number": who["id_number"], "phone": who["phone"],
              "political_status": "群众", "title": "", "certificates": ""}
    fields.update({f"study-0-{key}": value for key, value in ENTRY_STUDY.items()})
    fields.update({f"work-0-{key}": value for key, value in ENTRY_WORK.items()})
    return fields


def _photo() -> bytes:
    image = Image.new("RGB", (90, 120), (40, 90, 160))
    out = io.BytesIO()
    image.save(out, "JPEG", quality=80)
    return files.clean_upload(out.getvalue(), max_bytes=1 << 20, photo=True).data


def build_rush(accounts: int) -> dict:
    """The round, its portal, and `accounts` confirmed accounts with a draft ready to submit (bulk)."""
    build_unit(departments=3, posts_per_department=10)
    hr = User(username="bench-hr", role="hr")
    hr.set_password("bench-password")
    db.session.add(hr)
    db.session.flush()
    round_ = open_round("截止日报名", date(2026, 6, 30), actor=hr, all_vacancies=True)
    now = utcnow()
    services.open_portal(round_, opens_at=now - timedelta(days=7), closes_at=now + timedelta(days=1),
                         notice="招聘公告", published=True, actor=hr)
    vacancies = [v.id for v in services.open_vacancies(round_)]
    hashed = generate_password_hash(PASSWORD, method=RUSH_PASSWORD_HASH)
    db.session.execute(insert(ApplicantAccount), [
        {"email": f"rush-{i:05d}@bench.example", "password_hash": hashed, "confirmed_at": now, "consent_at": now,
         "consent_version": CONSENT_VERSION, "session_token": secrets.token_hex(16), "locale": "zh_CN"}
        for i in range(accounts)])
    ids = db.session.scalars(select(ApplicantAccount.id).order_by(ApplicantAccount.email)).all()
    db.session.execute(insert(PortalEntry), [
        {"account_id": account_id, "round_id": round_.id, "vacancy_id": vacancies[i % len(vacancies)],
         "state": "draft", **{k: v for k, v in person(i).items() if k != "phone"},
         "data": {"phone": person(i)["phone"], "political_status": "群众", "title": "", "certificates": [],
                  "study": [ENTRY_STUDY], "work": [ENTRY_WORK]}}
        for i, account_id in enumerate(ids)])
    entries = db.session.scalars(select(PortalEntry.id).order_by(PortalEntry.account_id)).all()
    photo, rows = _photo(), []
    for entry_id in entries:
        name = secrets.token_hex(16) + ".jpg"
        write_private_file(files.folder() / name, photo)
        rows.append({"entry_id": entry_id, "kind": "photo", "stored_name": name, "media_type": files.JPEG,
                     "size": len(photo), "label": "photo.jpg"})
    db.session.execute(insert(PortalFile), rows)
    db.session.commit()
    with db.engine.connect().execution_options(isolation_level="AUTOCOMMIT") as connection:
        connection.execute(text("VACUUM ANALYZE"))  # what autovacuum does within a minute of a bulk load
    return {"round_id": round_.id, "hr_id": hr.get_id(),
            "accounts": [{"email": f"rush-{i:05d}@bench.example", "form": form_fields(i, vacancies[i % len(vacancies)])}
                         for i in range(accounts)]}


# ---------------------------------------------------------------- serving and rushing

@contextmanager
def served_by_workers(config: dict, instance: str) -> Iterator[int]:
    """gunicorn as production runs it (WORKERS gthread workers) over bench/served.py's app; yields the port."""
    port = _free_port()
    command = [sys.executable, "-m", "gunicorn", "-w", str(WORKERS), "--threads", str(THREADS), "--timeout", "120",
               "-b", f"127.0.0.1:{port}", "--log-level", "warning", "bench.served:app()"]
    env = {**os.environ, "BENCH_APP_CONFIG": json.dumps(config), "HRFLOW_INSTANCE_PATH": instance}
    server = subprocess.Popen(command, cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    try:
        _wait_for(port, server)
        yield port
    finally:
        server.terminate()  # gunicorn waits for the requests in hand: those Locust gave up on too
        try:
            server.wait(timeout=30)
        except subprocess.TimeoutExpired:
            server.kill()
            server.wait()


def warm_up(port: int, cookie: str, deadline_s: float = 90) -> None:
    """Until every worker serves: gunicorn listens before its workers have built the app, and the first
    requests would wait for that (one round of WORKERS × THREADS requests at once, repeated until quick)."""
    def one(_) -> float:
        client = Client(port, cookie)
        try:
            return client.get("/_bench/bare")
        finally:
            client.close()

    deadline = time.monotonic() + deadline_s
    with ThreadPoolExecutor(2 * WORKERS * THREADS) as pool:
        while max(pool.map(one, range(2 * WORKERS * THREADS))) > 0.5 and time.monotonic() < deadline:
            pass


def _hr_cookie(app, hr_id: str) -> str:
    client = app.test_client()
    with client.session_transaction() as session:
        session["_user_id"] = hr_id
    return client.get_cookie("session").value


def run_locust(port: int, plan: dict, folder: Path) -> tuple[dict, float]:
    """Locust, headless, in its own process; returns what the locustfile wrote and the run's seconds."""
    plan_file, out = folder / "plan.json", folder / "rush-out.json"
    plan_file.write_text(json.dumps({**plan, "password": PASSWORD, "out": str(out)}, ensure_ascii=False))
    command = [sys.executable, "-m", "locust", "-f", str(Path(__file__).with_name("locustfile.py")), "--headless",
               "-u", str(CLIENTS + 2), "-r", str(SPAWN_RATE), "--run-time", f"{TIME_LIMIT_S}s",
               "--stop-timeout", "10", "--host", f"http://127.0.0.1:{port}", "--only-summary",
               "--loglevel", "WARNING", "--exit-code-on-error", "0"]
    started = time.perf_counter()
    done = subprocess.run(command, cwd=ROOT, env={**os.environ, "RUSH_PLAN": str(plan_file)}, capture_output=True,
                          text=True, timeout=TIME_LIMIT_S + 120)
    seconds = time.perf_counter() - started
    if not out.exists():
        raise RuntimeError(f"locust wrote nothing (exit {done.returncode}): {done.stderr[-2000:]}")
    return json.loads(out.read_text()), seconds


# ---------------------------------------------------------------- counting afterwards

def _p95(samples: list[float]) -> float:
    return statistics.quantiles(samples, n=20)[-1] if len(samples) > 1 else float("nan")


def count(round_id: int, outcomes: list[dict]) -> dict[str, float]:
    """What the database holds after the rush, against what each applicant was answered."""
    taken = db.session.execute(
        select(ApplicantAccount.email).join(PortalEntry, PortalEntry.account_id == ApplicantAccount.id)
        .join(Application, Application.id == PortalEntry.application_id)
        .where(PortalEntry.round_id == round_id, PortalEntry.state == "submitted")).scalars()
    in_database = set(taken)
    answered_ok = {o["email"] for o in outcomes if o["ok"]}
    server_errors = {o["email"] for o in outcomes if o["status"] >= 500}  # at sign-in or submission
    twins = db.session.execute(
        select(func.count(Application.id) - 1).join(Applicant, Applicant.id == Application.applicant_id)
        .where(Application.round_id == round_id).group_by(Applicant.id_number)
        .having(func.count(Application.id) > 1)).scalars().all()
    return {
        "rush_applications": len(in_database),
        "rush_lost": len(answered_ok - in_database) + len(server_errors),
        "rush_duplicated": int(sum(twins)),
        "rush_error_rate": round(1 - len(answered_ok) / len(outcomes), 4) if outcomes else 1.0,
        "rush_server_errors": len(server_errors),
        "rush_answered": len(outcomes),
        # What the others were answered, by step and HTTP status (0: no answer within Locust's 60 s).
        **{f"rush_refused.{step}_{status}": n for (step, status), n in Counter(
            (o["step"], o["status"]) for o in outcomes if not o["ok"]).items()},
    }


def measure(make_app: Callable) -> dict[str, float]:
    app = make_app()
    if not app.config["SQLALCHEMY_DATABASE_URI"].startswith("postgresql"):
        print("  rush: skipped on SQLite (the deadline rush is measured on PostgreSQL, the production database)",
              file=sys.stderr)
        return {}
    with tempfile.TemporaryDirectory() as tmp:
        app.instance_path = tmp
        with app.app_context():
            db.create_all()
            started = time.perf_counter()
            plan = build_rush(ACCOUNTS)
            built = time.perf_counter() - started
        config = {key: app.config[key] for key in ("SQLALCHEMY_DATABASE_URI", "SECRET_KEY", "WTF_CSRF_ENABLED",
                                                   "RATELIMIT_ENABLED", "FONT_CACHE_DIR")}
        with app.app_context():
            cookie = _hr_cookie(app, plan.pop("hr_id"))
        with served_by_workers(config, tmp) as port:
            warm_up(port, cookie)
            written, seconds = run_locust(port, {**plan, "bare_cookie": cookie}, Path(tmp))
        with app.app_context():
            results = count(plan["round_id"], written["outcomes"])
            db.session.remove()
            db.engine.dispose()
    samples = written["samples"]
    submit, bare = _p95(samples["submit"]), _p95(samples["bare"])
    rush = (written["last"] - written["first"]) if written["first"] and written["last"] else seconds
    results.update({
        "rush_submit_p95_ms": round(submit, 1), "rush_bare_p95_ms": round(bare, 1),
        "rush_submit_p95_ratio_vs_bare": round(submit / bare, 2), "rush_seconds": round(rush, 1),
        "rush_login_p95_ms": round(_p95(samples["login"]), 1),
        "rush_submit_median_ms": round(statistics.median(samples["submit"]), 1) if samples["submit"] else None,
        "rush_bare_samples": len(samples["bare"]), "rush_locust_seconds": round(seconds, 1),
        "rush_submissions_per_s": round(len(samples["submit"]) / rush, 1) if rush else None,
        "rush_build_seconds": round(built, 1),
    })
    return results
