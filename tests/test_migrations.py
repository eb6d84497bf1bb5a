"""The committed migrations create exactly the models' schema."""

from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext

from hrflow.extensions import db


def test_upgrade_from_empty_matches_the_models(app):
    # The session database was created by `upgrade` from the migrations (see conftest).
    with db.engine.connect() as connection:
        context = MigrationContext.configure(connection, opts={"compare_type": True})
        differences = compare_metadata(context, db.metadata)
    assert differences == []
