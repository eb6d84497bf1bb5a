"""The department tree as plain rows, read once per database session.

Paths ('成人部/流通部'), table order, top-level departments and a head's reach all come from the
same few dozen rows; list pages need two or three of them each, and each used to be its own query.
The rows are kept in the session's `info` until the session writes anything (flush, bulk statement),
commits or rolls back: a request that changes departments reads them afresh."""

from __future__ import annotations

from collections.abc import Iterable
from functools import cache, cached_property
from typing import NamedTuple

from sqlalchemy import Select, select
from sqlalchemy.orm import Session

from hrflow.extensions import db, listen_once, read_rows
from hrflow.models import Department

_KEY = "hrflow.department_tree"


class DepartmentRow(NamedTuple):
    id: int
    parent_id: int | None
    name: str
    headcount_label: str | None
    position: int


class DepartmentTree:
    def __init__(self, rows: Iterable[DepartmentRow]):
        self.rows: list[DepartmentRow] = list(rows)  # in table order within each parent
        self.by_id: dict[int, DepartmentRow] = {row.id: row for row in self.rows}

    def chain(self, department_id: int) -> list[DepartmentRow]:
        """The department and its parents, top first."""
        chain, node = [], self.by_id.get(department_id)
        while node is not None:
            chain.append(node)
            node = self.by_id.get(node.parent_id) if node.parent_id is not None else None
        return chain[::-1]

    @cached_property
    def paths(self) -> dict[int, str]:
        """Department id → '成人部/流通部'."""
        return {row.id: "/".join(node.name for node in self.chain(row.id)) for row in self.rows}

    def post_path(self, department_id: int, post_name: str) -> str:
        """'成人部/流通部/工作人员': the post's name under its department's path, as Post.path writes it."""
        return f"{self.paths[department_id]}/{post_name}"

    @cached_property
    def order(self) -> dict[int, tuple]:
        """Department id → sort key following the table (positions from the top department down)."""
        return {row.id: tuple((node.position, node.id) for node in self.chain(row.id)) for row in self.rows}

    @cached_property
    def tops(self) -> dict[int, DepartmentRow]:
        """Department id → its top-level department (sub-units count with their parent)."""
        return {row.id: self.chain(row.id)[0] for row in self.rows}

    def subtree(self, roots: Iterable[int]) -> set[int]:
        """The given departments and all their sub-units."""
        wanted = set(roots)
        return {row.id for row in self.rows if any(node.id in wanted for node in self.chain(row.id))}


@cache
def _tree_statement() -> Select:
    return select(Department.id, Department.parent_id, Department.name, Department.headcount_label,
                  Department.position).order_by(Department.position, Department.id)


def department_tree() -> DepartmentTree:
    """The tree of the current session, read on first use (and again while changes wait to be flushed:
    reading flushes them)."""
    session = db.session()
    tree = session.info.get(_KEY)
    if tree is None or session.new or session.dirty or session.deleted:
        rows = [DepartmentRow(*row) for row in read_rows(_tree_statement()).all()]
        tree = session.info[_KEY] = DepartmentTree(rows)
    return tree


def _forget(session: Session, *args) -> None:
    session.info.pop(_KEY, None)


def _forget_on_write(state) -> None:
    if not state.is_select:
        state.session.info.pop(_KEY, None)


def install() -> None:
    """Listen on every session (once per process)."""
    listen_once(Session, *((name, _forget) for name in ("after_flush", "after_commit", "after_rollback",
                                                         "after_soft_rollback")),
                ("do_orm_execute", _forget_on_write))
