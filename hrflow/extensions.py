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
    """Deprecated: db.session.execute. Kept until every caller is moved."""
    return db.session.execute(statement, params or {})


def listen_once(target, *listeners: tuple[str, Callable]) -> None:
    """event.listen for each (event name, function) not yet listening: the listeners are on classes
    (every session, every engine), once per process however many apps create_app() makes."""
    for name, function in listeners:
        if not event.contains(target, name, function):
            event.listen(target, name, function)
