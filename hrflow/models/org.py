"""The organisation: departments (a tree), posts with versions, employees and appointments.

Seats filled are never stored: they are counted from open appointments, so an appointment,
an import and a recruitment can never disagree about how many seats are free.
"""

from __future__ import annotations

import enum
from collections.abc import Iterable
from datetime import date, datetime
from functools import cached_property
from typing import NamedTuple

from flask import Flask, g, has_request_context
from flask_babel import lazy_gettext as _l
from flask_babel.speaklater import LazyString
from sqlalchemy import JSON, ForeignKey, Index, String, Text, UniqueConstraint, select
from sqlalchemy.orm import Mapped, mapped_column, relationship

from hrflow.clock import unit_today
from hrflow.extensions import db
from hrflow.models.base import chinese, json_rows, utcnow


class PostCategory(enum.StrEnum):
    MANAGEMENT = "management"  # 管理岗位
    PROFESSIONAL = "professional"  # 专业技术岗位
    WORKER = "worker"  # 工勤技能岗位

    @property
    def label(self) -> LazyString:
        return CATEGORY_LABELS[self]


CATEGORY_LABELS = {
    PostCategory.MANAGEMENT: _l("管理"), PostCategory.PROFESSIONAL: _l("专业技术"), PostCategory.WORKER: _l("工勤技能"),
}


class AppointmentKind(enum.StrEnum):
    MAIN = "main"
    CONCURRENT = "concurrent"  # 兼任


class Department(db.Model):
    __tablename__ = "department"
    __table_args__ = (UniqueConstraint("parent_id", "name", name="uq_department_parent_name"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    parent_id: Mapped[int | None] = mapped_column(ForeignKey("department.id"), index=True)
    name: Mapped[str] = mapped_column(String(100))
    # The section title may name the department differently (地方文献 vs 地方文献和参考咨询).
    alias: Mapped[str | None] = mapped_column(String(100))
    # Documented headcount as written in the table (“6人”); kept as text, compared, never trusted.
    headcount_label: Mapped[str | None] = mapped_column(String(50))
    position: Mapped[int] = mapped_column(default=0)

    parent: Mapped[Department | None] = relationship(remote_side=[id], back_populates="children")
    children: Mapped[list[Department]] = relationship(
        back_populates="parent", order_by="Department.position"
    )
    posts: Mapped[list[Post]] = relationship(back_populates="department", order_by="Post.position")

    @property
    def path(self) -> str:
        return "/".join(d.name for d in self.lineage())

    def lineage(self) -> list[Department]:
        chain: list[Department] = []
        node: Department | None = self
        while node is not None:
            chain.append(node)
            node = node.parent
        return list(reversed(chain))

    def subtree_ids(self) -> list[int]:
        """This department and all its sub-units, in table order (from the session's department tree)."""
        tree = department_tree()
        return sorted(tree.subtree([self.id]), key=tree.order.__getitem__)

    @property
    def top(self) -> Department:
        return self.lineage()[0]

    def __repr__(self) -> str:
        return f"<Department {self.path}>"


class Post(db.Model):
    """A post's identity; what it says (name, seats, duties …) lives in its versions."""

    __tablename__ = "post"
    __table_args__ = (UniqueConstraint("department_id", "key", name="uq_post_department_key"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    department_id: Mapped[int] = mapped_column(ForeignKey("department.id"), index=True)
    # The post name without its bracketed note, spaces removed: how a re-import finds it again.
    key: Mapped[str] = mapped_column(String(100))
    position: Mapped[int] = mapped_column(default=0)
    current_version_id: Mapped[int | None] = mapped_column(
        ForeignKey("post_version.id", use_alter=True, name="fk_post_current_version")
    )

    department: Mapped[Department] = relationship(back_populates="posts")
    versions: Mapped[list[PostVersion]] = relationship(
        back_populates="post", foreign_keys="PostVersion.post_id", order_by="PostVersion.number"
    )
    current: Mapped[PostVersion | None] = relationship(foreign_keys=[current_version_id], post_update=True)
    appointments: Mapped[list[Appointment]] = relationship(back_populates="post")

    @property
    def path(self) -> str:
        return f"{self.department.path}/{self.current.name if self.current else self.key}"

    def __repr__(self) -> str:
        return f"<Post {self.id} {self.key}>"


class PostVersion(db.Model):
    __tablename__ = "post_version"
    __table_args__ = (UniqueConstraint("post_id", "number", name="uq_post_version_number"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    post_id: Mapped[int] = mapped_column(ForeignKey("post.id"), index=True)
    number: Mapped[int]
    name: Mapped[str] = mapped_column(String(100))
    note: Mapped[str | None] = mapped_column(String(200))
    # 岗位类别: None while neither the table nor HR has said (never guessed: it decides women's retirement age).
    category: Mapped[str | None] = mapped_column(String(20))
    grade_level: Mapped[str | None] = mapped_column(String(50))  # 岗位等级, one of importers.categories.GRADES
    supervisor: Mapped[str | None] = mapped_column(String(100))  # 直接上级
    seats: Mapped[int]
    # 实聘人数 exactly as written in the table (“由副书记兼任”, “（此次不聘）”, “2”).
    filled_text: Mapped[str | None] = mapped_column(String(100))
    recruitable: Mapped[bool] = mapped_column(default=True)
    duties: Mapped[list[str]] = mapped_column(JSON, default=list)
    requirements: Mapped[list[str]] = mapped_column(JSON, default=list)
    standard: Mapped[list[str]] = mapped_column(JSON, default=list)
    effective_date: Mapped[date]
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("user.id"))
    reason: Mapped[str | None] = mapped_column(Text)
    import_batch_id: Mapped[int | None] = mapped_column(ForeignKey("import_batch.id"))
    source_line: Mapped[int | None]

    post: Mapped[Post] = relationship(back_populates="versions", foreign_keys=[post_id])
    created_by = relationship("User", foreign_keys=[created_by_id])
    import_batch: Mapped[ImportBatch | None] = relationship()

    @property
    def full_name(self) -> str:
        return self.full_name_of(self.name, self.note)

    @staticmethod
    def full_name_of(name: str, note: str | None) -> str:
        """岗位名称（备注）, also for lists that read the two columns without loading the version."""
        return f"{name}（{note}）" if note else name

    @property
    def category_label(self) -> str:
        """In Chinese, as the printed forms write it (blank while unknown); pages translate it."""
        return chinese(PostCategory(self.category).label) if self.category else ""

    def content(self) -> dict:
        """What a version says, for comparing two versions."""
        return {
            "name": self.name,
            "note": self.note,
            "category": self.category,
            "grade_level": self.grade_level,
            "supervisor": self.supervisor,
            "seats": self.seats,
            "filled_text": self.filled_text,
            "recruitable": self.recruitable,
            "duties": list(self.duties or []),
            "requirements": list(self.requirements or []),
            "standard": list(self.standard or []),
        }


class Employee(db.Model):
    __tablename__ = "employee"

    id: Mapped[int] = mapped_column(primary_key=True)
    staff_no: Mapped[str] = mapped_column(String(30), unique=True)  # 工号
    name: Mapped[str] = mapped_column(String(50), index=True)
    gender: Mapped[str | None] = mapped_column(String(4))  # 男 / 女
    birth_date: Mapped[date | None]
    hired_on: Mapped[date | None]  # 入职日期
    # Worked in another unit before joining, from this day: not a first job, that time counts (考核规定 第三十七条).
    worked_elsewhere_since: Mapped[date | None]
    political_status: Mapped[str | None] = mapped_column(String(30))
    education: Mapped[str | None] = mapped_column(String(30))
    active: Mapped[bool] = mapped_column(default=True)

    appointments: Mapped[list[Appointment]] = relationship(back_populates="employee")

    def open_appointments(self, on: date | None = None) -> list[Appointment]:
        return [a for a in self.appointments if a.is_open(on)]

    def main_appointment(self, on: date | None = None) -> Appointment | None:
        return next((a for a in self.open_appointments(on) if a.kind == AppointmentKind.MAIN), None)


class Appointment(db.Model):
    """One person (or a not-yet-named incumbent) holding one seat of a post."""

    __tablename__ = "appointment"
    __table_args__ = (Index("ix_appointment_post_open", "post_id", "end_date"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    post_id: Mapped[int] = mapped_column(ForeignKey("post.id"), index=True)
    # Empty while the incumbent the table counts is not yet named in hrflow.
    employee_id: Mapped[int | None] = mapped_column(ForeignKey("employee.id"), index=True)
    kind: Mapped[str] = mapped_column(String(20), default=AppointmentKind.MAIN.value)
    holder_note: Mapped[str | None] = mapped_column(String(100))  # “副书记” for 由副书记兼任
    start_date: Mapped[date | None]
    end_date: Mapped[date | None]
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    import_batch_id: Mapped[int | None] = mapped_column(ForeignKey("import_batch.id"))

    post: Mapped[Post] = relationship(back_populates="appointments")
    employee: Mapped[Employee | None] = relationship(back_populates="appointments")

    def is_open(self, on: date | None = None) -> bool:
        on = on or unit_today()
        return (self.start_date is None or self.start_date <= on) and (
            self.end_date is None or self.end_date > on
        )

    @property
    def is_named(self) -> bool:
        return self.employee_id is not None


class ImportBatch(db.Model):
    """One confirmed import of a post table: the file's fingerprint and the report shown to HR."""

    __tablename__ = "import_batch"

    id: Mapped[int] = mapped_column(primary_key=True)
    kind: Mapped[str] = mapped_column(String(30), default="posts")
    filename: Mapped[str] = mapped_column(String(255))
    sha256: Mapped[str] = mapped_column(String(64))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("user.id"))
    effective_date: Mapped[date]
    report: Mapped[dict] = mapped_column(JSON, default=dict)


# ---------------------------------------------------------------- the department tree as plain rows
# Paths ('成人部/流通部'), table order, top-level departments and a head's reach all come from the same few
# dozen rows; list pages need two or three of them each. A request reads them once (kept on `flask.g`,
# dropped when the next request starts); the import, the one writer of departments, drops them too.
# Outside a request (command line, jobs) every call reads the rows.

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


_COLUMNS = (Department.id, Department.parent_id, Department.name, Department.headcount_label, Department.position)


def _read_tree() -> DepartmentTree:
    rows = db.session.execute(select(*_COLUMNS).order_by(Department.position, Department.id)).all()
    return DepartmentTree(DepartmentRow(*row) for row in rows)


def department_tree_column():
    """The department tree's rows as one JSON column of a page's first statement, which then reads them with
    what it reads anyway: keep_department_tree() holds them as the request's tree, and the page sends no
    statement of its own for it (on PostgreSQL a statement costs more than twenty rows: bench/README.md)."""
    return select(json_rows(*_COLUMNS)).scalar_subquery()


def keep_department_tree(rows: list | None) -> DepartmentTree:
    """department_tree_column()'s value as a tree, held as the request's department tree (department_tree())
    when there is a request."""
    tree = DepartmentTree(sorted((DepartmentRow(*row) for row in rows or ()), key=lambda row: (row.position, row.id)))
    if has_request_context():
        setattr(g, _KEY, tree)
    return tree


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
