"""The database's write revision: one row whose number changes in every transaction that writes.

hrflow.readcache keeps the rows of list reads until it changes. It is raised just before the commit of
whatever wrote, in that transaction, so a reader that sees the new number sees the new data too."""

from __future__ import annotations

import secrets

from sqlalchemy import BigInteger, Table, event, insert
from sqlalchemy.orm import Mapped, mapped_column

from hrflow.extensions import db


class DataRevision(db.Model):
    __tablename__ = "data_revision"

    id: Mapped[int] = mapped_column(primary_key=True)
    n: Mapped[int] = mapped_column(BigInteger)


def data_tables() -> list[Table]:
    """Every table, parents first, but this one: what wiping or comparing the data covers (the revision
    goes on across a wipe, and a restore starts it afresh)."""
    return [table for table in db.metadata.sorted_tables if table is not DataRevision.__table__]


def first_revision() -> int:
    """A starting number no earlier database of this unit is likely to have reached (a restored copy
    starts from one too): a process that kept rows at some number never takes another database's."""
    return secrets.randbelow(2**52) + 2**52


@event.listens_for(DataRevision.__table__, "after_create")
def _first_row(table, connection, **_kw) -> None:
    """Tables made from the models (tests, benchmarks) get their row, as the migration gives it."""
    connection.execute(insert(table).values(id=1, n=first_revision()))
