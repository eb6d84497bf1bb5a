"""Editing a post: every change is a new version with its reason, never an overwrite, and is audited.
The actor is an argument; the caller (request or command line) commits."""

from __future__ import annotations

from datetime import date

from sqlalchemy import select

from hrflow import audit
from hrflow.clock import unit_today
from hrflow.errors import DomainError
from hrflow.extensions import db
from hrflow.importers.categories import CATEGORY_NAMES, category_of_grade, grade_belongs
from hrflow.models import Actor, Post, PostVersion
from hrflow.posts.seats import filled_counts
from hrflow.posts.staff import lock_post

EDITABLE_FIELDS = (
    "name", "note", "category", "grade_level", "supervisor", "seats", "recruitable", "duties", "requirements", "standard",
)


class PostError(DomainError):
    """A domain rule refused the change; the message says which (and `field` which field, when one)."""

    def __init__(self, message: str, *, field: str | None = None):
        super().__init__(message)
        self.field = field


def edit_post(
    post: Post,
    changes: dict,
    *,
    actor: Actor,
    reason: str,
    effective_date: date | None = None,
    based_on_version: int | None = None,
) -> PostVersion:
    """Create a new version with the changes; refuses without a reason or below the people appointed.

    effective_date: when the new version takes effect; today in the unit's time zone unless given. Never
    before the version it replaces: the assessment picks the version in force on a day by these dates.
    based_on_version: the version number the editor saw; if someone saved a newer one meanwhile the
    edit is refused instead of silently overwriting theirs (two HR officers on one post)."""
    if not reason or not reason.strip():
        raise PostError("修改岗位必须填写原因")
    lock_post(post)  # one edit at a time per post: version numbers and the checks below stay exact
    db.session.refresh(post)
    current = post.current
    if based_on_version is not None and current.number != based_on_version:
        who = current.created_by.username if current.created_by else "导入"
        raise PostError(
            f"岗位已被修改（{who} 保存了第 {current.number} 版），请重新打开编辑页面，在最新版本上修改"
        )
    effective_date = effective_date or unit_today()
    if effective_date < current.effective_date:
        raise PostError(f"生效日期不能早于当前第 {current.number} 版的生效日期（{current.effective_date.isoformat()}）",
                        field="effective_date")
    before = current.content()
    content = _checked_content(post, before, changes)
    version = PostVersion(
        post=post,
        number=len(post.versions) + 1,
        effective_date=effective_date,
        created_by_id=actor.id,
        reason=reason.strip(),
        **content,
    )
    db.session.add(version)
    db.session.flush()
    changed = sorted(k for k in content if content[k] != before[k])
    post.current = version
    audit.record(
        actor,
        "posts.edit",
        f"修改岗位 {post.path}（第 {version.number} 版）：{', '.join(changed)}",
        obj=post,
        reason=reason.strip(),
        details={"before": {k: before[k] for k in changed}, "after": {k: content[k] for k in changed},
                 "effective_date": effective_date.isoformat()},
    )
    return version


def _check_category(content: dict, before: dict) -> None:
    """A category is one of the three or unknown (None); a grade is an official one of that category. A grade
    written before the official list may stay as it was, as long as the category does not change."""
    category, grade = content["category"], content["grade_level"]
    if category is not None and category not in CATEGORY_NAMES:
        raise PostError(f"岗位类别“{category}”无效", field="category")
    if (grade, category) == (before["grade_level"], before["category"]) or not grade:
        return
    if category_of_grade(grade) is None:
        raise PostError(f"“{grade}”不是标准岗位等级", field="grade_level")
    if not grade_belongs(grade, category):
        raise PostError(f"岗位等级“{grade}”不属于所选的岗位类别", field="grade_level")


def _checked_content(post: Post, before: dict, changes: dict) -> dict:
    """The new version's content, or PostError: unknown fields, fewer seats than people appointed, no
    change at all, or a name another post of the department has. A new name becomes the post's key."""
    unknown = set(changes) - set(EDITABLE_FIELDS)
    if unknown:
        raise PostError(f"不能修改这些字段：{', '.join(sorted(unknown))}")
    content = {**before, **changes}
    _check_category(content, before)
    if content["seats"] < 0:
        raise PostError("设岗人数不能为负数")
    filled = filled_counts().get(post.id, 0)
    if content["seats"] < filled:
        raise PostError(f"设岗人数不能少于实际在岗人数（{filled} 人）")
    if content == before:
        raise PostError("没有任何修改")
    if content["name"] != before["name"]:
        clash = db.session.scalar(
            select(Post).where(Post.department_id == post.department_id, Post.key == content["name"], Post.id != post.id)
        )
        if clash is not None:
            raise PostError(f"本部门已有名为“{content['name']}”的岗位")
        post.key = content["name"]
    return content
