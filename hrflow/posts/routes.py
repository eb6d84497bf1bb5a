"""Post pages: the catalogue, a post and its versions, editing, importing a table, my post.

URL                                         handler          who
/posts/                                     catalogue        HR, admin, heads (their departments)
  ?q=… searches; ?department=<id> lists one department's posts when the catalogue is folded
/posts/<id>                                 detail           HR; heads: their departments; employees: own posts
/posts/<id>/versions/<n>                    version          as detail
/posts/<id>/edit                            edit             HR
/posts/import                               import_upload    HR (dry run and preview)
/posts/import/confirm                       import_confirm   HR
/my-post                                    my_post          anyone signed in
"""

from __future__ import annotations

import re
import secrets
import time
from pathlib import Path

from flask import Blueprint, abort, current_app, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required

from hrflow.access import can_see_holders, can_see_post, hr_required, require, staff_manager_required
from hrflow.clock import unit_today
from hrflow.extensions import db
from hrflow.importers import TableImportError
from hrflow.models import Post, PostVersion
from hrflow.posts.catalogue import ALL_POSTS_LIMIT
from hrflow.posts.catalogue import catalogue as post_catalogue
from hrflow.posts.forms import ImportConfirmForm, ImportUploadForm, PostEditForm
from hrflow.posts.importing import ImportReport, import_post_table, parse_post_table
from hrflow.posts.operations import edit_post
from hrflow.posts.queries import (
    held_appointments,
    open_holders,
    post_for_page,
    post_version,
    subtree_ids,
    version_history,
)
from hrflow.posts.seats import post_seats
from hrflow.posts.versions import compare
from hrflow.private_files import private_folder, write_private_file
from hrflow.web.handlers import Done, handle, refusal, status

bp = Blueprint("posts", __name__)

TOKEN = re.compile(r"^[A-Za-z0-9_-]{1,64}$")
UPLOAD_MAX_AGE = 24 * 3600  # previews nobody confirmed are removed after a day


# ---------------------------------------------------------------- catalogue

@bp.route("/posts/")
@staff_manager_required
def catalogue():
    visible = None if current_user.is_hr else subtree_ids(current_user.departments)
    query = request.args.get("q", "").strip()[:100]
    found = post_catalogue(visible, opened=request.args.get("department", type=int), search=query or None)
    return render_template(
        "posts/catalogue.html", catalogue=found, total=found.total if current_user.is_hr else None, query=query,
        matches=found.matches, shown_limit=ALL_POSTS_LIMIT,
    )


# ---------------------------------------------------------------- one post

def _load_post(post_id: int) -> Post:
    post = post_for_page(post_id)
    if post is None or post.current is None:
        abort(404)
    require(can_see_post(current_user, post))
    return post


@bp.route("/posts/<int:post_id>")
@login_required
def detail(post_id: int):
    post = _load_post(post_id)
    return _render_post(post, post.current)


@bp.route("/posts/<int:post_id>/versions/<int:number>")
@login_required
def version(post_id: int, number: int):
    post = _load_post(post_id)
    shown = post_version(post, number)
    if shown is None:
        abort(404)
    return _render_post(post, shown)


def _render_post(post: Post, shown: PostVersion):
    is_current = shown.id == post.current_version_id
    # Holders are today's people: shown with the version in force, to HR and the post's head only.
    holders = open_holders(post) if is_current and can_see_holders(current_user, post) else None
    history = version_history(post)
    previous = next((v for v in history if v.number == shown.number - 1), None)
    return render_template(
        "posts/detail.html", post=post, version=shown, is_current=is_current, count=post_seats(post),
        holders=holders, history=history, previous=previous, changes=compare(previous, shown),
    )


@bp.route("/posts/<int:post_id>/edit", methods=["GET", "POST"])
@hr_required
def edit(post_id: int):
    post = _load_post(post_id)
    form = PostEditForm(data={**post.current.content(), "based_on": post.current.number, "effective_date": unit_today()})

    def save() -> Done:
        created = edit_post(post, form.changes(), actor=current_user, reason=form.reason.data,
                            effective_date=form.effective_date.data, based_on_version=form.based_on.data)
        return Done(url_for("posts.detail", post_id=post.id),
                    _("已保存：岗位“%(name)s”第 %(number)s 版。", name=created.name, number=created.number))

    return handle(form, save, page=lambda error: render_template(
        "posts/edit.html", post=post, form=form, error=error, count=post_seats(post)))


# ---------------------------------------------------------------- importing a table

def _upload_dir() -> Path:
    return private_folder(Path(current_app.instance_path) / "uploads")  # unconfirmed tables: personal data


def _keep_upload(data: bytes) -> str:
    folder = _upload_dir()
    now = time.time()
    for old in folder.iterdir():
        if old.is_file() and now - old.stat().st_mtime > UPLOAD_MAX_AGE:
            old.unlink(missing_ok=True)
    token = secrets.token_urlsafe(24)
    write_private_file(folder / token, data)
    return token


def _claim_upload(token: str | None) -> bytes | None:
    """The previewed file's bytes, taken once: renaming is atomic, so a double submit imports once."""
    if not token or not TOKEN.fullmatch(token):
        return None
    folder = _upload_dir()
    claimed = folder / f"{token}.claimed-{secrets.token_hex(4)}"
    try:
        (folder / token).rename(claimed)
    except FileNotFoundError:
        return None
    try:
        return claimed.read_bytes()
    finally:
        claimed.unlink(missing_ok=True)


def _display_name(filename: str | None) -> str:
    """The name as the user knows it, without any folder part, for messages and the import record."""
    name = re.split(r"[\\/]", filename or "")[-1].strip()
    return name[:255] or "upload"


@bp.route("/posts/import", methods=["GET", "POST"])
@hr_required
def import_upload():
    """Check the uploaded table and show what importing it would do: a dry run, rolled back."""
    form = ImportUploadForm()
    if not form.validate_on_submit():
        return render_template("posts/import.html", form=form), status(form)
    data = form.table.data.read()
    filename = _display_name(form.table.data.filename)
    try:
        table = parse_post_table(data, filename)
        report = import_post_table(data, filename, actor=current_user)
    except TableImportError as refused:
        error = refusal(refused)
        return render_template("posts/import.html", form=form, error=error, filename=filename), status(error=error)
    db.session.rollback()  # a dry run: show what would happen, write nothing
    confirm = ImportConfirmForm(formdata=None, token=_keep_upload(data), filename=filename)
    return render_template(
        "posts/import.html", form=form, filename=filename, report=report, table=table, confirm=confirm
    )


@bp.route("/posts/import/confirm", methods=["POST"])
@hr_required
def import_confirm():
    """Import the previewed file; a preview is imported once however often its button is pressed."""
    form = ImportConfirmForm()
    data = _claim_upload(form.token.data) if form.validate_on_submit() else None
    if data is None:
        error = _("预览已失效或链接无效，请重新上传文件。")
        return render_template("posts/import.html", form=ImportUploadForm(formdata=None), error=error), 400
    filename = _display_name(form.filename.data)
    try:
        report = import_post_table(data, filename, actor=current_user)
    except TableImportError as refused:
        error = refusal(refused)
        return render_template("posts/import.html", form=ImportUploadForm(formdata=None), error=error), status(error=error)
    _flash_imported(filename, report)
    return redirect(url_for("posts.catalogue"))


def _flash_imported(filename: str, report: ImportReport) -> None:
    flash(
        _(
            "已导入 %(file)s：%(departments)s 个部门，%(posts)s 个岗位，设岗 %(seats)s，实聘 %(filled)s，空缺 %(vacant)s，"
            "可招聘 %(recruitable)s；新增 %(created)s，变更 %(changed)s，未变 %(unchanged)s。",
            file=filename, created=len(report.created), changed=len(report.changed), unchanged=len(report.unchanged),
            **report.totals,
        ),
        "success",
    )
    if report.warnings:
        flash(_("导入时有 %(n)s 条提示，请核对：", n=len(report.warnings))
              + _("；").join(w.translated() for w in report.shown_warnings), "warning")


# ---------------------------------------------------------------- my post

@bp.route("/my-post")
@login_required
def my_post():
    employee = current_user.employee
    held = held_appointments(employee) if employee is not None else []
    return render_template("posts/my_post.html", employee=employee, held=held)
