"""Post-table domain logic: importing a table, counting seats, finding and editing posts.

Services take the acting user as an argument and only flush; the caller (request or CLI) commits."""

from __future__ import annotations

import hashlib
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date
from functools import lru_cache

from sqlalchemy import Date, Select, bindparam, case, func, select
from sqlalchemy.orm import joinedload

from hrflow import audit
from hrflow.errors import DomainError
from hrflow.extensions import db, read_rows
from hrflow.importers import ParsedDepartment, ParsedPost, ParsedTable, read_post_table
from hrflow.importers.text import clean_name, split_name_note
from hrflow.models import (
    Actor,
    Appointment,
    AppointmentKind,
    Department,
    Employee,
    ImportBatch,
    Post,
    PostVersion,
    User,
)
from hrflow.models.org import DepartmentRow, department_tree, forget_department_tree


class PostError(DomainError):
    """A domain rule refused the change; the message says which."""


# ---------------------------------------------------------------- counting seats

@dataclass
class SeatCount:
    seats: int = 0
    filled: int = 0
    recruitable: int = 0  # vacant seats that may be recruited (never 此次不聘)
    posts: int = 0

    @property
    def vacant(self) -> int:
        return self.seats - self.filled

    def add(self, other: SeatCount) -> None:
        self.seats += other.seats
        self.filled += other.filled
        self.recruitable += other.recruitable
        self.posts += other.posts


# The statements of the list pages are built once per process, the day and the posts or departments
# bound as parameters: building a SELECT and its cache key costs SQLAlchemy more than the database
# takes to run it on tables this size (about 1 ms against 0.5 ms for each of the catalogue's).
ON = bindparam("on", type_=Date)


@lru_cache(maxsize=8)
def _filled_per_post(concurrent_fills_seat: bool, promised: bool = False, for_posts: bool = False) -> Select:
    """SELECT post_id, filled: the appointments of each post open on :on (a concurrent one fills a
    seat only when CONCURRENT_FILLS_SEAT). promised: also those that start after :on. for_posts:
    only the posts in :post_ids."""
    if concurrent_fills_seat:
        counted = func.count(Appointment.id)
    else:
        counted = func.sum(case((Appointment.kind == AppointmentKind.CONCURRENT.value, 0), else_=1))
    query = (
        select(Appointment.post_id, counted.label("filled"))
        .where((Appointment.end_date.is_(None)) | (Appointment.end_date > ON))
        .group_by(Appointment.post_id)
    )
    if not promised:
        query = query.where((Appointment.start_date.is_(None)) | (Appointment.start_date <= ON))
    if for_posts:
        query = query.where(Appointment.post_id.in_(bindparam("post_ids", expanding=True)))
    return query


def filled_counts(on: date | None = None, post_ids: list[int] | None = None, *, promised: bool = False) -> dict[int, int]:
    """Open appointments per post, in one query; post_ids limits it to those posts (a post page).
    promised=True also counts people appointed from a later date: a seat promised is not free."""
    query = _filled_per_post(_concurrent_fills_seat(), promised, post_ids is not None)
    parameters = {"on": on or date.today(), "post_ids": list(post_ids or [])}
    return {post_id: int(n or 0) for post_id, n in db.session.execute(query, parameters)}


def _concurrent_fills_seat() -> bool:
    from flask import current_app

    return bool(current_app.config.get("CONCURRENT_FILLS_SEAT", True))


def post_seat_count(version: PostVersion, filled: int) -> SeatCount:
    return _seat_count(version.seats, version.recruitable, filled)


def _seat_count(seats: int, recruitable: bool, filled: int) -> SeatCount:
    filled = min(filled, seats)
    vacant = seats - filled
    return SeatCount(seats, filled, vacant if recruitable else 0, 1)


def _department_rows() -> list[DepartmentRow]:
    """Every department as a plain row (id, parent_id, name, headcount_label, position), in table order."""
    return department_tree().rows


@lru_cache(maxsize=2)
def _seats_by_department_statement(concurrent_fills_seat: bool) -> Select:
    filled = _filled_per_post(concurrent_fills_seat).subquery()
    appointed = func.coalesce(filled.c.filled, 0)
    seats_filled = case((appointed > PostVersion.seats, PostVersion.seats), else_=appointed)
    recruitable = case((PostVersion.recruitable, PostVersion.seats - seats_filled), else_=0)
    return (
        select(Post.department_id, func.count(Post.id), func.sum(PostVersion.seats), func.sum(seats_filled),
               func.sum(recruitable))
        .join(PostVersion, Post.current_version_id == PostVersion.id)
        .outerjoin(filled, filled.c.post_id == Post.id)
        .group_by(Post.department_id)
    )


def _seats_by_department(on: date | None = None) -> dict[int, SeatCount]:
    """Each department's own posts added up by the database (one row per department, however many
    posts): posts, seats, filled (never more than the seats) and the vacant seats that may be
    recruited."""
    rows = db.session.execute(_seats_by_department_statement(_concurrent_fills_seat()), {"on": on or date.today()})
    return {department_id: SeatCount(int(seats), int(filled), int(recruitable), posts)
            for department_id, posts, seats, filled, recruitable in rows}


@lru_cache(maxsize=4)
def _current_posts_statement(concurrent_fills_seat: bool, of_departments: bool) -> Select:
    filled = _filled_per_post(concurrent_fills_seat).subquery()
    query = (
        select(Post.id, Post.department_id, PostVersion.name, PostVersion.note, PostVersion.seats,
               PostVersion.recruitable, PostVersion.filled_text, func.coalesce(filled.c.filled, 0).label("filled"))
        .join(PostVersion, Post.current_version_id == PostVersion.id)
        .outerjoin(filled, filled.c.post_id == Post.id)
        .order_by(Post.position, Post.id)
    )
    if of_departments:
        query = query.where(Post.department_id.in_(bindparam("department_ids", expanding=True)))
    return query


def _current_post_rows(department_ids: set[int] | None = None, on: date | None = None) -> list:
    """The current version of each post (of those departments) and its open appointments as one
    plain row, in table order: only the columns a list shows (duties … stay in the database)."""
    query = _current_posts_statement(_concurrent_fills_seat(), department_ids is not None)
    parameters = {"on": on or date.today(), "department_ids": sorted(department_ids or [])}
    return db.session.execute(query, parameters).all()


def _roll_up(parents: dict[int, int | None], own: dict[int, SeatCount]) -> tuple[dict[int, SeatCount], SeatCount]:
    """Each department's count with its sub-units added in, and the whole unit's."""
    rolled = {department_id: SeatCount() for department_id in parents}
    total = SeatCount()
    for department_id, count in own.items():
        total.add(count)
        node: int | None = department_id
        while node is not None:
            rolled[node].add(count)
            node = parents[node]
    return rolled, total


def department_counts(on: date | None = None) -> tuple[dict[int, SeatCount], SeatCount]:
    """Seat counts per department (sub-units rolled up into their parents) and for the unit."""
    parents = {d.id: d.parent_id for d in _department_rows()}
    return _roll_up(parents, _seats_by_department(on))


def stats() -> dict[str, int]:
    _, total = department_counts()
    top_level = db.session.scalar(select(func.count(Department.id)).where(Department.parent_id.is_(None)))
    return {
        "departments": top_level or 0,
        "posts": total.posts,
        "seats": total.seats,
        "filled": total.filled,
        "vacant": total.vacant,
        "recruitable": total.recruitable,
    }


# ---------------------------------------------------------------- finding posts

def find_department(path: str) -> Department | None:
    parent_id = None
    department = None
    for part in [p for p in path.split("/") if p.strip()]:
        name = clean_name(part)
        department = db.session.scalar(
            select(Department)
            .where(_child_of(parent_id))
            .where((Department.name == name) | (Department.alias == name))
        )
        if department is None:
            return None
        parent_id = department.id
    return department


def _child_of(parent_id: int | None):
    return Department.parent_id.is_(None) if parent_id is None else Department.parent_id == parent_id


def find_post(path: str) -> Post | None:
    """'成人部/流通部/工作人员'; the bracketed note of the post name is optional."""
    if "/" not in path:
        return None
    department_path, post_text = path.rsplit("/", 1)
    department = find_department(department_path)
    if department is None:
        return None
    name, note = split_name_note(post_text)
    post = db.session.scalar(select(Post).where(Post.department_id == department.id, Post.key == name))
    if post is None or (note and post.current and post.current.note and _norm(post.current.note) != _norm(note)):
        return None
    return post


def _norm(text: str) -> str:
    return re.sub(r"\s", "", text)


def post_path(post: Post) -> str:
    return post.path


# ---------------------------------------------------------------- importing a table

@dataclass
class ImportReport:
    source: str
    totals: dict[str, int]
    warnings: list[str]
    created: list[str] = field(default_factory=list)
    changed: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)
    missing: list[str] = field(default_factory=list)  # in the database, not in this table: kept
    batch_id: int | None = None

    def as_json(self) -> dict:
        return {**self.totals, "warnings": self.warnings}

    def as_dict(self) -> dict:
        return {
            "source": self.source,
            "totals": self.totals,
            "warnings": self.warnings,
            "created": self.created,
            "changed": self.changed,
            "unchanged": self.unchanged,
            "missing": self.missing,
        }


def parse_post_table(data: bytes, source: str) -> ParsedTable:
    return read_post_table(data, source)


def import_post_table(
    data: bytes, source: str, *, actor: Actor, effective_date: date | None = None
) -> ImportReport:
    """Read, check and write a whole table. Raises TableImportError before writing anything; the
    caller commits (or rolls back for a dry run), so the import is all or nothing."""
    table = read_post_table(data, source)
    effective_date = effective_date or date.today()
    batch = ImportBatch(
        filename=source,
        sha256=hashlib.sha256(data).hexdigest(),
        created_by_id=actor.id,
        effective_date=effective_date,
    )
    db.session.add(batch)
    db.session.flush()
    report = ImportReport(source=source, totals=table.totals(), warnings=list(table.warnings))
    seen: set[int] = set()
    for position, parsed in enumerate(table.departments):
        _import_department(parsed, None, position, batch, actor, effective_date, report, seen)
    forget_department_tree()
    _note_missing_posts(seen, report)
    batch.report = report.as_dict()
    report.batch_id = batch.id
    audit.record(
        actor,
        "posts.import",
        f"导入岗位表 {source}：新增 {len(report.created)}，变更 {len(report.changed)}，未变 {len(report.unchanged)}",
        obj=batch,
        details=report.as_json(),
    )
    db.session.flush()
    return report


def _import_department(
    parsed: ParsedDepartment,
    parent: Department | None,
    position: int,
    batch: ImportBatch,
    actor: Actor,
    effective_date: date,
    report: ImportReport,
    seen: set[int],
) -> None:
    department = db.session.scalar(
        select(Department).where(_child_of(parent.id if parent else None), Department.name == parsed.name)
    )
    if department is None:
        department = Department(name=parsed.name, parent=parent)
        db.session.add(department)
    department.alias = parsed.alias
    department.headcount_label = parsed.headcount_label
    department.position = position
    db.session.flush()
    for post_position, parsed_post in enumerate(parsed.posts):
        post = _import_post(department, parsed_post, post_position, batch, actor, effective_date, report)
        seen.add(post.id)
    for child_position, child in enumerate(parsed.children, start=len(parsed.posts)):
        _import_department(child, department, child_position, batch, actor, effective_date, report, seen)


def _import_post(
    department: Department,
    parsed: ParsedPost,
    position: int,
    batch: ImportBatch,
    actor: Actor,
    effective_date: date,
    report: ImportReport,
) -> Post:
    post = db.session.scalar(select(Post).where(Post.department_id == department.id, Post.key == parsed.key))
    label = f"{department.path}/{parsed.name}"
    if post is None:
        post = Post(department=department, key=parsed.key)
        db.session.add(post)
        db.session.flush()
        report.created.append(label)
    post.position = position
    content = _parsed_content(parsed, post.current)
    if post.current is not None and post.current.content() == content:
        report.unchanged.append(label)
    else:
        if post.current is not None:
            report.changed.append(label)
        version = PostVersion(
            post=post,
            number=len(post.versions) + 1,
            effective_date=effective_date,
            created_by_id=actor.id,
            import_batch_id=batch.id,
            reason=f"导入 {batch.filename}",
            source_line=_line_number(parsed.where),
            **content,
        )
        db.session.add(version)
        db.session.flush()
        post.current = version
    _reconcile_incumbents(post, parsed, batch, effective_date, report, label)
    return post


def _parsed_content(parsed: ParsedPost, previous: PostVersion | None) -> dict:
    return {
        "name": parsed.name,
        "note": parsed.note,
        # Category, level and supervisor are not in the table: keep what HR set before.
        "category": previous.category if previous else "professional",
        "grade_level": previous.grade_level if previous else None,
        "supervisor": previous.supervisor if previous else None,
        "seats": parsed.seats,
        "filled_text": parsed.filled_text,
        "recruitable": parsed.recruitable,
        "duties": parsed.duties,
        "requirements": parsed.requirements,
        "standard": parsed.standard,
    }


def _line_number(where: str) -> int | None:
    match = re.search(r"第 (\d+) 行", where)
    return int(match.group(1)) if match else None


def _reconcile_incumbents(
    post: Post, parsed: ParsedPost, batch: ImportBatch, effective_date: date, report: ImportReport, label: str
) -> None:
    """Make the open appointments match the table's 实聘人数: people HR already named stay; unnamed
    incumbents are added or ended so the count agrees."""
    open_now = [a for a in post.appointments if a.is_open(effective_date)]
    named = [a for a in open_now if a.is_named]
    unnamed = [a for a in open_now if not a.is_named]
    wanted_unnamed = parsed.filled - len(named)
    if wanted_unnamed < 0:
        report.warnings.append(
            f"{label}：表中实聘 {parsed.filled} 人，但系统中已有 {len(named)} 名在岗人员，保留现有任职，请核对"
        )
        wanted_unnamed = 0
    for appointment in unnamed[wanted_unnamed:]:
        appointment.end_date = effective_date
    kind = AppointmentKind.CONCURRENT if parsed.concurrent_holder else AppointmentKind.MAIN
    for _ in range(wanted_unnamed - len(unnamed)):
        db.session.add(
            Appointment(
                post=post,
                kind=kind.value,
                holder_note=parsed.concurrent_holder,
                import_batch_id=batch.id,
            )
        )
    db.session.flush()


def _note_missing_posts(seen: set[int], report: ImportReport) -> None:
    for post in db.session.scalars(select(Post).where(Post.current_version_id.is_not(None))):
        if post.id not in seen:
            report.missing.append(post.path)
    if report.missing:
        report.warnings.append(
            f"数据库中有 {len(report.missing)} 个岗位不在这份表中（已保留，未删除）：{'、'.join(report.missing[:10])}"
            + ("…" if len(report.missing) > 10 else "")
        )


# ---------------------------------------------------------------- editing a post

EDITABLE_FIELDS = (
    "name", "note", "category", "grade_level", "supervisor", "seats", "recruitable", "duties", "requirements", "standard",
)


def edit_post(
    post: Post,
    changes: dict,
    *,
    actor: User,
    reason: str,
    effective_date: date | None = None,
    based_on_version: int | None = None,
) -> PostVersion:
    """Create a new version with the changes; refuses without a reason or below the people appointed.

    based_on_version: the version number the editor saw; if someone saved a newer one meanwhile the
    edit is refused instead of silently overwriting theirs (two HR officers on one post)."""
    if not reason or not reason.strip():
        raise PostError("修改岗位必须填写原因")
    from hrflow.posts.staff import lock_post

    lock_post(post)  # one edit at a time per post: version numbers and the check below stay exact
    db.session.refresh(post)
    current = post.current
    if based_on_version is not None and current.number != based_on_version:
        who = current.created_by.username if current.created_by else "导入"
        raise PostError(
            f"岗位已被修改（{who} 保存了第 {current.number} 版），请重新打开编辑页面，在最新版本上修改"
        )
    content = current.content()
    unknown = set(changes) - set(EDITABLE_FIELDS)
    if unknown:
        raise PostError(f"不能修改这些字段：{', '.join(sorted(unknown))}")
    content.update(changes)
    if content["seats"] < 0:
        raise PostError("设岗人数不能为负数")
    filled = filled_counts().get(post.id, 0)
    if content["seats"] < filled:
        raise PostError(f"设岗人数不能少于实际在岗人数（{filled} 人）")
    if content == current.content():
        raise PostError("没有任何修改")
    if content["name"] != current.name:
        clash = db.session.scalar(
            select(Post).where(Post.department_id == post.department_id, Post.key == content["name"], Post.id != post.id)
        )
        if clash is not None:
            raise PostError(f"本部门已有名为“{content['name']}”的岗位")
        post.key = content["name"]
    version = PostVersion(
        post=post,
        number=len(post.versions) + 1,
        effective_date=effective_date or date.today(),
        created_by_id=actor.id,
        reason=reason.strip(),
        **content,
    )
    db.session.add(version)
    db.session.flush()
    changed = sorted(k for k in content if content[k] != current.content()[k])
    post.current = version
    audit.record(
        actor,
        "posts.edit",
        f"修改岗位 {post.path}（第 {version.number} 版）：{', '.join(changed)}",
        obj=post,
        reason=reason.strip(),
        details={"before": {k: current.content()[k] for k in changed}, "after": {k: content[k] for k in changed}},
    )
    return version


# ---------------------------------------------------------------- reading posts for the pages
# Added for the web pages (catalogue, post page, my post); nothing above depends on it.

@dataclass(slots=True)
class CatalogueEntry:
    """One post in the catalogue: what its current version says, its seat count and its department's
    path. Plain values, not ORM objects: a list of hundreds of posts is built and rendered fast."""

    post_id: int
    name: str
    note: str | None
    filled_text: str | None  # 实聘人数 as written in the table (“由副书记兼任”)
    recruitable: bool
    count: SeatCount
    department_path: str

    @property
    def full_name(self) -> str:
        return f"{self.name}（{self.note}）" if self.note else self.name

    @property
    def filled_remark(self) -> str | None:
        """The table's 实聘 text when it says more than a number."""
        return self.filled_text if self.filled_text and not self.filled_text.isdigit() else None


@dataclass(slots=True)
class CatalogueNode:
    """One department in the catalogue tree, counts with its sub-units rolled up."""

    id: int
    name: str
    headcount_label: str | None  # documented headcount as written (“6人”)
    path: str
    depth: int
    count: SeatCount
    posts: list[CatalogueEntry] = field(default_factory=list)
    children: list[CatalogueNode] = field(default_factory=list)

    @property
    def headcount(self) -> int | None:
        """The number in the documented headcount (“6人” → 6), if it has one."""
        match = re.search(r"\d+", self.headcount_label or "")
        return int(match.group()) if match else None

    @property
    def headcount_differs(self) -> bool:
        return self.headcount is not None and self.headcount != self.count.seats

    def rows(self) -> list[tuple[CatalogueNode, list[CatalogueEntry]]]:
        """(department, its own posts) in the order the catalogue lists them: a department, its
        posts, then its sub-units."""
        found = [(self, self.posts)]
        for child in self.children:
            found.extend(child.rows())
        return found

    def entries(self) -> list[CatalogueEntry]:
        """Every post of this department and its sub-units, in table order."""
        found = list(self.posts)
        for child in self.children:
            found.extend(child.entries())
        return found


# A catalogue up to this many posts lists them all; a larger one (a culture bureau's thousands) lists
# its departments with their totals and opens one department at a time: a page of thousands of rows
# is neither readable nor fast.
ALL_POSTS_LIMIT = 100


@dataclass
class Catalogue:
    roots: list[CatalogueNode]
    total: SeatCount  # the whole unit's
    posts: int  # how many posts the catalogue holds (a head's: their departments')
    folded: bool  # too many posts to list at once: departments only, and the posts of `opened`
    opened: CatalogueNode | None = None
    matches: list[CatalogueEntry] | None = None  # the search result, when searched

    def rows(self) -> list[tuple[CatalogueNode, list[CatalogueEntry]]]:
        """Each department with the posts listed under it, in table order (a department, its
        posts, then its sub-units); a folded catalogue has posts only under the opened department."""
        return [row for root in self.roots for row in root.rows()]


def catalogue(department_ids: set[int] | None = None, *, opened: int | None = None, search: str | None = None,
              on: date | None = None) -> Catalogue:
    """The department tree with seat counts and posts, in three queries however large the table:
    departments; seat totals per department (added up by the database); the posts listed.

    department_ids limits it (a head's departments): a shown department whose parent is not shown
    becomes a root. opened: the department whose posts a folded catalogue lists (ignored when it
    is not shown). search: list the shown posts whose name or note contains it instead."""
    departments = _department_rows()
    own = _seats_by_department(on)
    rolled, total = _roll_up({d.id: d.parent_id for d in departments}, own)
    shown = {d.id for d in departments if department_ids is None or d.id in department_ids}
    roots, nodes = _department_tree(departments, shown, rolled)
    posts = sum(own[d].posts for d in shown if d in own)
    found = Catalogue(roots, total, posts, folded=posts > ALL_POSTS_LIMIT)
    found.opened = nodes.get(opened) if found.folded else None
    if search is not None or not found.folded:
        listed = None if department_ids is None else shown
    else:
        listed = {node.id for node, _ in found.opened.rows()} if found.opened else set()
    for row in _current_post_rows(listed, on):
        node = nodes[row.department_id]
        count = _seat_count(row.seats, row.recruitable, row.filled)
        node.posts.append(CatalogueEntry(row.id, row.name, row.note, row.filled_text, row.recruitable, count, node.path))
    if search is not None:
        found.matches = _matching(found, search)
    return found


def _department_tree(departments: list, shown: set[int], counts: dict[int, SeatCount]
                     ) -> tuple[list[CatalogueNode], dict[int, CatalogueNode]]:
    """The shown departments as a tree (roots) and by id, in table order, without posts yet."""
    children: dict[int | None, list] = {}
    for department in departments:
        children.setdefault(department.parent_id, []).append(department)
    roots: list[CatalogueNode] = []
    nodes: dict[int, CatalogueNode] = {}

    def walk(department, path: str, parent: CatalogueNode | None) -> None:
        node = None
        if department.id in shown:
            node = CatalogueNode(department.id, department.name, department.headcount_label, path,
                                 parent.depth + 1 if parent else 0, counts[department.id])
            nodes[node.id] = node
            (parent.children if parent else roots).append(node)
        for child in children.get(department.id, []):
            walk(child, f"{path}/{child.name}", node)

    for top in children.get(None, []):
        walk(top, top.name, None)
    return roots, nodes


def _matching(found: Catalogue, query: str) -> list[CatalogueEntry]:
    """Posts whose name or note contains the query (case and spaces ignored), in table order."""
    needle = _norm(query).casefold()
    if not needle:
        return []
    return [
        entry
        for root in found.roots
        for entry in root.entries()
        if needle in _norm(entry.name).casefold() or needle in _norm(entry.note or "").casefold()
    ]


def post_paths(post_ids: list[int] | None = None) -> dict[int, str]:
    """'成人部/流通部/工作人员' for every post (or those), in two queries however many: for lists
    that name posts (vacancies, applicants), where `post.path` would load each post's department
    chain and current version one by one."""
    tree = department_tree()
    return {row.id: tree.post_path(row.department_id, row.name)
            for row in read_rows(_post_names_statement(post_ids is not None), {"post_ids": list(post_ids or [])}).all()}


@lru_cache(maxsize=2)
def _post_names_statement(for_posts: bool) -> Select:
    query = select(Post.id, Post.department_id, PostVersion.name).join(PostVersion, Post.current_version_id == PostVersion.id)
    if for_posts:
        query = query.where(Post.id.in_(bindparam("post_ids", expanding=True)))
    return query


def subtree_ids(roots: Iterable[Department]) -> set[int]:
    """The given departments and all their sub-units (a head's reach)."""
    return department_tree().subtree(d.id for d in roots)


# The post page's statements, built once like the list pages' (see ON above).
POST_ID = bindparam("post_id")


@lru_cache(maxsize=1)
def _post_page_statements() -> tuple[Select, Select, Select]:
    post = select(Post).where(Post.id == POST_ID).options(
        joinedload(Post.current), joinedload(Post.department).joinedload(Department.parent)
    )
    holders = (
        select(Appointment)
        .where(Appointment.post_id == POST_ID)
        .where((Appointment.end_date.is_(None)) | (Appointment.end_date > ON))
        .where((Appointment.start_date.is_(None)) | (Appointment.start_date <= ON))
        .options(joinedload(Appointment.employee))
    )
    history = (
        select(PostVersion)
        .where(PostVersion.post_id == POST_ID)
        .order_by(PostVersion.number.desc())
        .options(joinedload(PostVersion.created_by))
    )
    return post, holders, history


def post_for_page(post_id: int) -> Post | None:
    """A post with what its page shows first (current version, department and its parent) in one
    query."""
    return db.session.scalar(_post_page_statements()[0], {"post_id": post_id})


def post_seats(post: Post, on: date | None = None) -> SeatCount:
    """The post's seat count, counting only its own appointments."""
    return post_seat_count(post.current, filled_counts(on, post_ids=[post.id]).get(post.id, 0))


def open_holders(post: Post, on: date | None = None) -> list[Appointment]:
    """Who holds the post now, people loaded with them (one query however many): main appointments
    first, named people before unnamed incumbents."""
    parameters = {"post_id": post.id, "on": on or date.today()}
    current = db.session.scalars(_post_page_statements()[1], parameters).all()
    return sorted(current, key=lambda a: (a.kind != AppointmentKind.MAIN.value, not a.is_named, a.id))


def version_history(post: Post) -> list[PostVersion]:
    """Every version of the post, newest first, with who made it (one query)."""
    return list(db.session.scalars(_post_page_statements()[2], {"post_id": post.id}))


def held_appointments(employee: Employee, on: date | None = None) -> list[Appointment]:
    """The posts an employee holds now: the main post first, then concurrent (兼任) posts."""
    return sorted(employee.open_appointments(on), key=lambda a: (a.kind != AppointmentKind.MAIN.value, a.id))


def post_version(post: Post, number: int) -> PostVersion | None:
    return db.session.scalar(select(PostVersion).where(PostVersion.post_id == post.id, PostVersion.number == number))
