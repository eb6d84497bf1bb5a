"""The department tree as plain rows, read once per request.

Paths ('成人部/流通部'), table order, top-level departments and a head's reach all come from the
same few dozen rows; list pages need two or three of them each. A request reads them once (kept on
`flask.g`, dropped when the next request starts); the import, the one writer of departments, drops
them too. Outside a request (command line, jobs) every call reads the rows."""

from __future__ import annotations

from collections.abc import Iterable
from functools import cached_property
from typing import NamedTuple

from flask import Flask, g, has_request_context
from sqlalchemy import select

from hrflow.extensions import db
from hrflow.models import Department

_KEY = "department_tree"


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


def _read_tree() -> DepartmentTree:
    rows = db.session.execute(select(Department.id, Department.parent_id, Department.name,
                                     Department.headcount_label, Department.position)
                              .order_by(Department.position, Department.id)).all()
    return DepartmentTree(DepartmentRow(*row) for row in rows)


def department_tree() -> DepartmentTree:
    """The department tree, read once per request."""
    if not has_request_context():
        return _read_tree()
    if _KEY not in g:
        setattr(g, _KEY, _read_tree())
    return getattr(g, _KEY)


def forget_department_tree() -> None:
    """Departments were written: the next department_tree() reads them again."""
    if has_request_context():
        g.pop(_KEY, None)


def init_app(app: Flask) -> None:
    # Tests may keep one app context (and so one g) across requests: each request starts afresh.
    app.before_request(forget_department_tree)
