"""Importing a post table: read it, check it, and write departments, posts (a new version when the
content changed) and unnamed incumbents so the counts agree with the table. All or nothing: the caller
commits, or rolls back for a dry run (the preview)."""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass, field
from datetime import date

from sqlalchemy import select

from hrflow import audit
from hrflow.clock import unit_today
from hrflow.explanations import Explanation, explained, wording_of
from hrflow.extensions import db
from hrflow.importers import ParsedDepartment, ParsedPost, ParsedTable, read_post_table
from hrflow.importers.categories import grade_belongs
from hrflow.models import Actor, Appointment, AppointmentKind, Department, ImportBatch, Post, PostVersion
from hrflow.models.org import forget_department_tree
from hrflow.posts.queries import child_of
from hrflow.rules.wording import N_, joined


@dataclass
class ImportReport:
    """What an import did (or, in a dry run, would do), post by post; kept on the ImportBatch."""

    source: str
    totals: dict[str, int]
    warnings: list[str]  # Said where the import wrote them: the batch keeps their wording (warnings_said)
    created: list[str] = field(default_factory=list)
    changed: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)
    missing: list[str] = field(default_factory=list)  # in the database, not in this table: kept
    batch_id: int | None = None

    @property
    def shown_warnings(self) -> list[Explanation]:
        return [explained(w) for w in self.warnings]

    def as_json(self) -> dict:
        return {**self.totals, "warnings": self.warnings}

    def as_dict(self) -> dict:
        return {
            "source": self.source,
            "totals": self.totals,
            "warnings": self.warnings,
            "warnings_said": [wording_of(w) for w in self.warnings],
            "created": self.created,
            "changed": self.changed,
            "unchanged": self.unchanged,
            "missing": self.missing,
        }


def stored_warnings(report: dict | None) -> list[Explanation]:
    """A stored report's warnings as pages show them: in the reader's language where their wording was kept."""
    report = report or {}
    wordings = report.get("warnings_said") or []
    return [Explanation(text, wordings[i] if i < len(wordings) else None)
            for i, text in enumerate(report.get("warnings") or [])]


def parse_post_table(data: bytes, source: str) -> ParsedTable:
    """The table as read, without touching the database (the preview shows it)."""
    return read_post_table(data, source)


def import_post_table(
    data: bytes, source: str, *, actor: Actor, effective_date: date | None = None
) -> ImportReport:
    """Read, check and write a whole table. Raises TableImportError before writing anything; the
    caller commits (or rolls back for a dry run), so the import is all or nothing."""
    table = read_post_table(data, source)
    effective_date = effective_date or unit_today()
    batch = ImportBatch(
        filename=source,
        sha256=hashlib.sha256(data).hexdigest(),
        created_by_id=actor.id,
        effective_date=effective_date,
    )
    db.session.add(batch)
    db.session.flush()
    run = _Run(batch, actor, effective_date, ImportReport(source=source, totals=table.totals(),
                                                          warnings=list(table.warnings)))
    for position, parsed in enumerate(table.departments):
        run.department(parsed, None, position)
    forget_department_tree()
    report = run.report
    _note_uncategorised(run.uncategorised, report)
    _note_missing_posts(run.seen, report)
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


@dataclass
class _Run:
    """One import under way: what every department and post it writes shares."""

    batch: ImportBatch
    actor: Actor
    effective_date: date
    report: ImportReport
    seen: set[int] = field(default_factory=set)  # the posts the table holds
    uncategorised: int = 0  # posts left without a category (neither the table nor HR said)

    def department(self, parsed: ParsedDepartment, parent: Department | None, position: int) -> None:
        department = db.session.scalar(
            select(Department).where(child_of(parent.id if parent else None), Department.name == parsed.name)
        )
        if department is None:
            department = Department(name=parsed.name, parent=parent)
            db.session.add(department)
        department.alias = parsed.alias
        department.headcount_label = parsed.headcount_label
        department.position = position
        db.session.flush()
        for post_position, parsed_post in enumerate(parsed.posts):
            self.seen.add(self.post(department, parsed_post, post_position).id)
        for child_position, child in enumerate(parsed.children, start=len(parsed.posts)):
            self.department(child, department, child_position)

    def post(self, department: Department, parsed: ParsedPost, position: int) -> Post:
        """The post, with a new version when the table says something else than its current one."""
        post = db.session.scalar(select(Post).where(Post.department_id == department.id, Post.key == parsed.key))
        label = f"{department.path}/{parsed.name}"
        if post is None:
            post = Post(department=department, key=parsed.key)
            db.session.add(post)
            db.session.flush()
            self.report.created.append(label)
        post.position = position
        content = _parsed_content(parsed, post.current)
        self.uncategorised += content["category"] is None
        if post.current is not None and post.current.content() == content:
            self.report.unchanged.append(label)
        else:
            if post.current is not None:
                self.report.changed.append(label)
            self._new_version(post, parsed, content)
        self._reconcile_incumbents(post, parsed, label)
        return post

    def _new_version(self, post: Post, parsed: ParsedPost, content: dict) -> None:
        version = PostVersion(
            post=post,
            number=len(post.versions) + 1,
            effective_date=self.effective_date,
            created_by_id=self.actor.id,
            import_batch_id=self.batch.id,
            reason=f"导入 {self.batch.filename}",
            source_line=_line_number(parsed.where),
            **content,
        )
        db.session.add(version)
        db.session.flush()
        post.current = version

    def _reconcile_incumbents(self, post: Post, parsed: ParsedPost, label: str) -> None:
        """Make the open appointments match the table's 实聘人数: people HR already named stay; unnamed
        incumbents are added or ended so the count agrees."""
        open_now = [a for a in post.appointments if a.is_open(self.effective_date)]
        named = [a for a in open_now if a.is_named]
        unnamed = [a for a in open_now if not a.is_named]
        wanted_unnamed = parsed.filled - len(named)
        if wanted_unnamed < 0:
            self.report.warnings.append(N_(
                "%(post)s：表中实聘 %(filled)s 人，但系统中已有 %(named)s 名在岗人员，保留现有任职，请核对",
                post=label, filled=parsed.filled, named=len(named)))
            wanted_unnamed = 0
        for appointment in unnamed[wanted_unnamed:]:
            appointment.end_date = self.effective_date
        kind = AppointmentKind.CONCURRENT if parsed.concurrent_holder else AppointmentKind.MAIN
        for _ in range(wanted_unnamed - len(unnamed)):
            db.session.add(Appointment(post=post, kind=kind.value, holder_note=parsed.concurrent_holder,
                                       import_batch_id=self.batch.id))
        db.session.flush()


def _parsed_content(parsed: ParsedPost, previous: PostVersion | None) -> dict:
    category, grade = _category_and_grade(parsed, previous)
    return {
        "name": parsed.name,
        "note": parsed.note,
        "category": category,
        "grade_level": grade,
        # The supervisor is not in the table: keep what HR set before.
        "supervisor": previous.supervisor if previous else None,
        "seats": parsed.seats,
        "filled_text": parsed.filled_text,
        "recruitable": parsed.recruitable,
        "duties": parsed.duties,
        "requirements": parsed.requirements,
        "standard": parsed.standard,
    }


def _category_and_grade(parsed: ParsedPost, previous: PostVersion | None) -> tuple[str | None, str | None]:
    """What the table says; where it says nothing, what the previous version (HR) said; else unknown."""
    category = parsed.category or (previous.category if previous else None)
    grade = parsed.grade
    if grade is None and previous is not None and (category == previous.category
                                                   or grade_belongs(previous.grade_level, category)):
        grade = previous.grade_level  # kept unless the table moved the post to a category it is no grade of
    return category, grade


def _note_uncategorised(count: int, report: ImportReport) -> None:
    """One line for all of them: the retirement check of women applicants depends on it."""
    if count:
        report.warnings.append(N_(
            "%(n)s 个岗位未注明岗位类别（表中没有“岗位类别”列或该列为空，岗位名称中也未注明），已记为“未填写”；"
            "请在岗位页面补填，否则招聘时女性申请人的法定退休年龄需人工确认", n=count))


def _line_number(where: str) -> int | None:
    match = re.search(r"第 (\d+) 行", where)
    return int(match.group(1)) if match else None


def _note_missing_posts(seen: set[int], report: ImportReport) -> None:
    """Posts the database holds and the table does not are kept, and named in a warning."""
    for post in db.session.scalars(select(Post).where(Post.current_version_id.is_not(None))):
        if post.id not in seen:
            report.missing.append(post.path)
    if report.missing:
        report.warnings.append(N_(
            "数据库中有 %(n)s 个岗位不在这份表中（已保留，未删除）：%(posts)s", n=len(report.missing),
            posts=joined(N_("、"), report.missing[:10]) + ("…" if len(report.missing) > 10 else "")))
