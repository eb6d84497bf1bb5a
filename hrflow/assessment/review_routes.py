"""The head's review of one person, on the assessment blueprint (HR enters it for people no head reviews).

URL (under /assessment)                       method     handler          who
/forms/<form>/review                          GET, POST  review           HR; heads of the department (not their own)

One form posts everything: save a draft, submit, rate every duty item (or 德能勤绩廉) alike in one action, or
move to another person of the list; every one of them saves what was typed first (moving on saves only when
something changed), so nothing typed is lost."""

from __future__ import annotations

from flask import abort, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user

from hrflow.access import staff_manager_required
from hrflow.assessment import access, forms, head_review, queries, review_aids
from hrflow.assessment.routes import _allow, _home_department, _load_assessment, bp
from hrflow.errors import DomainError
from hrflow.models import Assessment, Dimension, FormStatus, Rating, SpecialCase
from hrflow.models.assessment import label
from hrflow.web.handlers import Done, handle, refusal


def _review_queue(assessment: Assessment) -> head_review.ReviewQueue | None:
    scope = queries.review_scope(current_user, assessment)
    return head_review.review_queue(scope, assessment) if any(a.id == assessment.id for a in scope) else None


def _review_page(assessment: Assessment, review_form, error: str | None = None) -> str:
    gaps = head_review.review_gaps(assessment)
    return render_template(
        "assessment/review.html", assessment=assessment, cycle=assessment.cycle, review_form=review_form,
        items=review_form.items, gaps=gaps, missing=gaps.in_words(), dimensions=list(Dimension),
        queue=_review_queue(assessment), home=_home_department(assessment), error=error,
        locked=assessment.form_status == FormStatus.HEAD_SUBMITTED or assessment.cycle.is_archived,
        open_step=assessment.cycle.status in head_review.HEAD_REVIEW_STEPS,
        not_graded=assessment.special_case == SpecialCase.NOT_GRADED,
        reference=review_aids.excellent_reference(assessment) if assessment.gradeable else None,
        ratings=list(Rating),
    )


@bp.route("/forms/<int:form_id>/review", methods=["GET", "POST"])
@staff_manager_required
def review(form_id: int):
    assessment = _load_assessment(form_id)
    _allow(access.can_review(current_user, assessment))
    review_form = forms.head_review_form(assessment, head_review.duty_items(assessment))

    def save() -> Done:
        entered = review_form.review()
        shortcut = _review_shortcut(assessment, review_form, entered)
        if shortcut is not None:
            return shortcut
        why = None
        if review_form.submit.data:
            try:
                head_review.submit_head_review(assessment, actor=current_user, review=entered)
            except DomainError as refused:
                why = refusal(refused)
            else:
                return _after_submit(assessment)
        # A draft (or a submit that cannot go through yet): keep what was entered, say what is missing.
        head_review.save_head_review(assessment, entered, actor=current_user)
        here = url_for(".review", form_id=assessment.id)
        if why:
            return Done(here, _("已保存草稿，但还不能提交：%(why)s", why=why), "warning")
        return Done(here, _("已保存 %(name)s 的评价草稿。", name=assessment.employee.name))

    return handle(review_form, save, page=lambda error: _review_page(assessment, review_form, error))


def _review_shortcut(assessment: Assessment, review_form, entered: head_review.HeadReview) -> Done | None:
    """The review page's shortcuts, each saving what was typed first: every duty item (or 德能勤绩廉) rated
    alike, then back to change the exceptions; or on to another person of the list (saved only when changed)."""
    here = url_for(".review", form_id=assessment.id)
    for field, dimensions in ((review_form.fill_duties, False), (review_form.fill_dimensions, True)):
        if field.data:
            filled = head_review.rated_alike(entered, field.data, dimensions=dimensions)
            head_review.save_head_review(assessment, filled, actor=current_user)
            return Done(here, _("已全部评为“%(rating)s”并保存草稿，请修改个别项目。", rating=label("rating", field.data)))
    if review_form.goto.data is None:
        return None
    queue = _review_queue(assessment)
    target = next((a for a in queue.assessments if a.id == review_form.goto.data), None) if queue else None
    if target is None:
        abort(404)
    if head_review.review_changed(assessment, entered):
        head_review.save_head_review(assessment, entered, actor=current_user)
        return Done(url_for(".review", form_id=target.id),
                    _("已保存 %(name)s 的评价草稿。", name=assessment.employee.name))
    return Done(url_for(".review", form_id=target.id))


def _after_submit(assessment: Assessment) -> Done:
    queue = _review_queue(assessment)
    following = queue.next_ready if queue is not None else None
    name = assessment.employee.name
    if following is not None:
        return Done(url_for(".review", form_id=following.id),
                    _("已提交 %(name)s 的评价。下一位：%(next)s。", name=name, next=following.employee.name))
    return Done(url_for(".department", year=assessment.cycle.year, department_id=_home_department(assessment).id),
                _("已提交 %(name)s 的评价。没有其他待评价的人员了。", name=name))

