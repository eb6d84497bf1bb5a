"""The committed migrations build exactly the models' schema, from an empty database."""

from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from flask_migrate import downgrade, upgrade
from sqlalchemy import create_engine, inspect

from hrflow import create_app
from hrflow.extensions import db
from hrflow.models import SYSTEM
from tests.conftest import ROOT, fresh_database_url


def test_upgrade_from_empty_matches_the_models(tmp_path):
    url, drop = fresh_database_url(tmp_path)
    try:
        app = create_app({"SQLALCHEMY_DATABASE_URI": url, "SECRET_KEY": "x", "TESTING": True})
        with app.app_context():
            upgrade(directory=str(ROOT / "migrations"))
            with db.engine.connect() as connection:
                context = MigrationContext.configure(connection, opts={"compare_type": True})
                differences = compare_metadata(context, db.metadata)
            assert differences == []
            downgrade(directory=str(ROOT / "migrations"), revision="base")
            engine = create_engine(url)
            assert set(inspect(engine).get_table_names()) <= {"alembic_version"}
            engine.dispose()
            db.engine.dispose()
    finally:
        drop()


def test_upgrading_a_filled_database_from_the_first_revision_keeps_its_data(tmp_path, monkeypatch):
    from alembic.script import ScriptDirectory

    from hrflow.posts.importing import import_post_table
    from hrflow.posts.seats import stats
    from tests.conftest import SEED

    url, drop = fresh_database_url(tmp_path)
    try:
        # Today's code on the first schema.
        app = create_app({"SQLALCHEMY_DATABASE_URI": url, "SECRET_KEY": "x", "TESTING": True})
        with app.app_context():
            config = app.extensions["migrate"].migrate.get_config(str(ROOT / "migrations"))
            revisions = list(ScriptDirectory.from_config(config).walk_revisions())
            first = revisions[-1].revision
            upgrade(directory=str(ROOT / "migrations"), revision=first)
            # The first schema needs a category: the import of that time wrote 专业技术 for every post.
            monkeypatch.setattr("hrflow.posts.importing._category_and_grade", lambda parsed, previous: ("professional", None))
            import_post_table(SEED.read_bytes(), "seed.txt", actor=SYSTEM)
            db.session.commit()
            before = stats()
            db.session.remove()  # its reading transaction ends: on PostgreSQL an ALTER TABLE waits for open readers
            upgrade(directory=str(ROOT / "migrations"))
            db.session.remove()
            assert stats() == before == {"departments": 8, "posts": 21, "seats": 45, "filled": 42, "vacant": 3,
                                         "recruitable": 2}
            engine = create_engine(url)
            assert set(db.metadata.tables) <= set(inspect(engine).get_table_names())
            engine.dispose()
            db.engine.dispose()
    finally:
        drop()
