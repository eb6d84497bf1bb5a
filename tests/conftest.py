"""Fixtures: one app and one migrated database per test session (SQLite by default, PostgreSQL when
HRFLOW_TEST_DATABASE_URL is set; one database per xdist worker), emptied after every test."""

from __future__ import annotations

import os
import secrets
import threading
from pathlib import Path

import pytest
from flask import g
from flask.testing import FlaskClient
from flask_babel import refresh
from sqlalchemy import create_engine, event, text
from sqlalchemy.engine import Engine, make_url

from hrflow import create_app
from hrflow.extensions import db
from hrflow.models import SYSTEM, Department, Employee, Role, User

ROOT = Path(__file__).resolve().parent.parent
SEED = ROOT / "hrflow" / "demo" / "seed_posts.txt"
SHARED_SEED_DIR = ROOT.parent / "shared" / "seed"
PASSWORD = "correct-horse-42"
# Still scrypt, at a cost that lets the suite create thousands of users; production keeps Werkzeug's default.
TEST_PASSWORD_HASH = "scrypt:1024:8:1"


def _worker() -> str:
    return os.environ.get("PYTEST_XDIST_WORKER", "main")


def fresh_database_url(tmp_dir: Path) -> tuple[str, callable]:
    """A new empty database (SQLite file, or a PostgreSQL database) and a function that drops it."""
    base = os.environ.get("HRFLOW_TEST_DATABASE_URL")
    if not base:
        return "sqlite:///" + str(tmp_dir / f"fresh-{secrets.token_hex(3)}.db"), lambda: None
    url = _postgres_url(base)
    return url, lambda: _drop_postgres(url, base)


def _postgres_url(base: str) -> str:
    """A database of its own for this worker, created fresh beside the configured one."""
    url = make_url(base)
    name = f"{url.database}_{_worker()}_{secrets.token_hex(3)}"
    admin = create_engine(url, isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        connection.execute(text(f'CREATE DATABASE "{name}"'))
    admin.dispose()
    return url.set(database=name).render_as_string(hide_password=False)


def _drop_postgres(url: str, base: str) -> None:
    name = make_url(url).database
    admin = create_engine(make_url(base), isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        connection.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
    admin.dispose()


def _compile_translations() -> None:
    """`make install` compiles the catalogues; do it here too when a .po is newer than its .mo."""
    from babel.messages.mofile import write_mo
    from babel.messages.pofile import read_po

    for po in (ROOT / "translations").glob("*/LC_MESSAGES/messages.po"):
        mo = po.with_suffix(".mo")
        if not mo.exists() or mo.stat().st_mtime < po.stat().st_mtime:
            partial = mo.with_suffix(f".{os.getpid()}.tmp")  # xdist workers may compile at once
            with open(po, "rb") as source, open(partial, "wb") as target:
                write_mo(target, read_po(source))
            os.replace(partial, mo)


_compile_translations()


@pytest.fixture(scope="session")
def database_url(tmp_path_factory):
    base = os.environ.get("HRFLOW_TEST_DATABASE_URL")
    if not base:
        yield "sqlite:///" + str(tmp_path_factory.mktemp("db") / "hrflow-test.db")
        return
    url = _postgres_url(base)
    yield url
    _drop_postgres(url, base)


class Client(FlaskClient):
    """Each request loads its user and locale afresh. Tests keep one app context open across requests
    (so they can use db.session between them), and Flask-Login and Flask-Babel cache on that context."""

    def open(self, *args, **kwargs):
        g.pop("_login_user", None)
        refresh()  # Flask-Babel caches the locale on the same context
        return super().open(*args, **kwargs)


@pytest.fixture(scope="session")
def app(database_url, tmp_path_factory):
    instance = tmp_path_factory.mktemp("instance")
    application = create_app(
        {
            "TESTING": True,
            "SQLALCHEMY_DATABASE_URI": database_url,
            "WTF_CSRF_ENABLED": False,
            "RATELIMIT_ENABLED": False,
            "SECRET_KEY": "test-secret",
            "SERVER_NAME": "hrflow.test",
            "PASSWORD_HASH_METHOD": TEST_PASSWORD_HASH,
            "FONT_CACHE_DIR": os.environ.get("HRFLOW_TEST_FONT_CACHE") or str(ROOT / "instance" / "fonts"),
        }
    )
    application.instance_path = str(instance)
    application.test_client_class = Client
    with application.app_context():
        # The schema from the models; tests/test_migrations.py proves the migrations build the same.
        db.create_all()
    yield application
    with application.app_context():
        db.engine.dispose()


# Statements that change no row. Any other statement sent by any engine of this process (the test app's,
# an app a test builds on the same database, an in-process RQ worker's) marks the database as written.
_READING = ("SELECT", "PRAGMA", "SHOW", "SET", "BEGIN", "COMMIT", "ROLLBACK", "SAVEPOINT", "RELEASE")
_written = threading.Event()


@event.listens_for(Engine, "before_cursor_execute")
def _note_writes(connection, cursor, statement, parameters, context, executemany) -> None:
    if not statement.lstrip().upper().startswith(_READING):
        _written.set()


@pytest.fixture(autouse=True)
def _clean_database(app):
    """Each test starts from an empty database and gets an app context. A test that wrote nothing (most
    rule and importer tests) leaves nothing to empty: on PostgreSQL that spares a TRUNCATE of every table."""
    with app.app_context():
        yield
        db.session.rollback()
        db.session.remove()
        if not _written.is_set():
            return
        tables = db.metadata.sorted_tables
        with db.engine.begin() as connection:
            if connection.dialect.name == "postgresql":
                names = ", ".join(f'"{t.name}"' for t in tables)
                connection.execute(text(f"TRUNCATE {names} RESTART IDENTITY CASCADE"))
            else:
                for table in reversed(tables):
                    connection.execute(table.delete())
        _written.clear()


@pytest.fixture
def client(app):
    return app.test_client()


@pytest.fixture
def make_app(database_url):
    """make_app(**config) → another app on the test database, as another gunicorn worker would be (sign-in
    limits on unless switched off); its connections are closed after the test."""
    made = []

    def make(**extra):
        app = create_app({"TESTING": True, "SQLALCHEMY_DATABASE_URI": database_url, "WTF_CSRF_ENABLED": False,
                          "SECRET_KEY": "x", "PASSWORD_HASH_METHOD": TEST_PASSWORD_HASH, **extra})
        made.append(app)
        return app

    yield make
    for app in made:
        with app.app_context():
            db.engine.dispose()


@pytest.fixture
def runner(app):
    return app.test_cli_runner()


@pytest.fixture
def seed_bytes() -> bytes:
    return SEED.read_bytes()


@pytest.fixture
def seeded(seed_bytes):
    """The real post table imported (no employees named yet)."""
    from hrflow.posts.importing import import_post_table

    report = import_post_table(seed_bytes, "seed.txt", actor=SYSTEM)
    db.session.commit()
    return report


@pytest.fixture
def demo():
    """The full demo: seed table, named staff, one login per role."""
    from hrflow.demo import load_demo

    result = load_demo()
    db.session.commit()
    return result


@pytest.fixture
def make_employee():
    counter = iter(range(1, 10_000))

    def make(**overrides) -> Employee:
        n = next(counter)
        values = {"staff_no": f"E{n:04d}", "name": f"测试{n}", "gender": "女"}
        values.update(overrides)
        employee = Employee(**values)
        db.session.add(employee)
        db.session.flush()
        return employee

    return make


@pytest.fixture
def make_user():
    def make(role: str | Role = Role.HR, *, username: str | None = None, departments: list[Department] | None = None,
             employee: Employee | None = None) -> User:
        role = Role(role)
        user = User(username=username or f"{role.value}-{secrets.token_hex(3)}", role=role.value, employee=employee)
        user.set_password(PASSWORD)
        user.departments = list(departments or [])
        db.session.add(user)
        db.session.commit()
        return user

    return make


@pytest.fixture
def login(client):
    """login(user) signs the test client in as that user."""

    def sign_in(user: User) -> User:
        with client.session_transaction() as session:
            session["_user_id"] = user.get_id()
            session["_fresh"] = True
        return user

    return sign_in


def department_named(name: str) -> Department:
    from sqlalchemy import select

    return db.session.scalar(select(Department).where(Department.name == name))


class RealQueue:
    """A fresh RQ queue on the real Redis and an app that sends its jobs there (rq_queue fixture)."""

    URL = "redis://127.0.0.1:6379/14"

    def __init__(self, database_url: str, monkeypatch):
        import redis
        from rq import Queue

        self.connection = redis.Redis.from_url(self.URL)
        try:
            self.connection.ping()
        except redis.ConnectionError:
            pytest.fail("Redis is expected on 127.0.0.1:6379 on these machines")
        self.name = f"hrflow-test-{secrets.token_hex(4)}"
        self.queue = Queue(self.name, connection=self.connection)
        self.database_url, self.monkeypatch = database_url, monkeypatch

    def submit(self, kind: str, params: dict, *, actor, **extra) -> int:
        """Enqueue through an app configured with REDIS_URL, as the web app does; returns the job id."""
        from hrflow.jobs.services import submit

        app = create_app({"TESTING": True, "SQLALCHEMY_DATABASE_URI": self.database_url, "SECRET_KEY": "x",
                          "REDIS_URL": self.URL, "JOB_QUEUE": self.name})
        with app.app_context():
            job_id = submit(kind, params, actor=actor, **extra).id
            db.session.remove()
        return job_id

    def work(self) -> None:
        """Run what is queued; the worker builds its own app from the environment, as `rq worker` does."""
        from rq import SimpleWorker

        self.monkeypatch.setenv("HRFLOW_DATABASE_URL", self.database_url)
        self.monkeypatch.setenv("HRFLOW_SECRET_KEY", "x")
        SimpleWorker([self.queue], connection=self.connection).work(burst=True)
        db.session.expire_all()


@pytest.fixture
def rq_queue(database_url, monkeypatch):
    queue = RealQueue(database_url, monkeypatch)
    try:
        yield queue
    finally:
        queue.queue.delete(delete_jobs=True)


# ---------------------------------------------------------------- mail: a real SMTP server (tests/mail_server.py)


@pytest.fixture
def smtp_server():
    """An SMTP server listening on 127.0.0.1, keeping what it receives; stopped after the test."""
    from tests.mail_server import SmtpServer

    server = SmtpServer().start()
    yield server
    server.stop()


@pytest.fixture
def down_smtp_server():
    """A port where no SMTP server listens yet; the test may start() it later."""
    from tests.mail_server import SmtpServer

    server = SmtpServer()
    yield server
    server.stop()


@pytest.fixture
def mail_to(app, monkeypatch):
    """mail_to(server, **settings): the test app sends its mail to `server`, with these settings too."""

    def configure(server, **settings):
        for key, value in {**server.settings, **settings}.items():
            monkeypatch.setitem(app.config, key, value)
        return server

    return configure
