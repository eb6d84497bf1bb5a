"""Each extension is created once here and bound to the app in create_app()."""

from collections.abc import Callable, Mapping

from flask_babel import Babel
from flask_login import LoginManager
from flask_migrate import Migrate
from flask_sqlalchemy import SQLAlchemy
from flask_wtf.csrf import CSRFProtect
from sqlalchemy import Executable, MetaData, Result, event

# Named constraints keep Alembic migrations identical on SQLite and PostgreSQL.
NAMING_CONVENTION = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}

db = SQLAlchemy(metadata=MetaData(naming_convention=NAMING_CONVENTION))
migrate = Migrate()
login_manager = LoginManager()
csrf = CSRFProtect()
babel = Babel()


def read_rows(statement: Executable, params: Mapping | None = None) -> Result:
    """Run a read of plain columns on the session's connection: the same rows as db.session.execute, at
    half its cost per statement (a list page runs eight of them), or the rows kept from the same read
    while the database has not changed since (hrflow.readcache: `statement` must be built once, as the
    list pages' are). Changes waiting in the session are flushed first, as session.execute would (its
    autoflush), so the read sees them. Take the rows with .all() rather than by iterating: psycopg hands
    them over in one call instead of one call per row."""
    session = db.session()
    if session.autoflush and (session.new or session.dirty or session.deleted):
        session.flush()
    from hrflow import readcache

    return readcache.read(session, session.connection(), statement, params or {})


def listen_once(target, *listeners: tuple[str, Callable]) -> None:
    """event.listen for each (event name, function) not yet listening: the listeners are on classes
    (every session, every engine), once per process however many apps create_app() makes."""
    for name, function in listeners:
        if not event.contains(target, name, function):
            event.listen(target, name, function)
