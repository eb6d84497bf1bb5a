"""The head's review of one person: every duty item of the post(s) assessed and each of 德、能、勤、绩、廉
rated, comments written, a grade proposed; what is still missing; where the person stands in the head's
list; and saving or submitting the review (flush + audit, the actor as an argument)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field, replace

from flask_babel import gettext as _

from hrflow import audit
from hrflow.assessment import access
from hrflow.assessment.inputs import parse
from hrflow.clock import unit_today
from hrflow.models import (
    Actor,
    AssessedPost,
    Assessment,
    AssessmentAccessError,
    AssessmentError,
    CycleStatus,
    Dimension,
    FormStatus,
    Grade,
    Rating,
    SpecialCase,
)
from hrflow.models.base import chinese

# The steps in which heads review (and HR enters reviews).
HEAD_REVIEW_STEPS = (CycleStatus.HEAD_REVIEW, CycleStatus.DECISION)


# ---------------------------------------------------------------- what is rated

@dataclass
class DutyItem:
    """One duty item of a post on an assessment, with its rating; ``key`` names it in forms and in
    save_head_review."""

    key: str  # "<assessed_post_id>:<index>"
    assessed_post: AssessedPost
    index: int
    text: str
    rating: str | None

    @property
    def rating_label(self) -> str:
        return chinese(Rating(self.rating).label) if self.rating else ""


def duty_items(assessment: Assessment) -> list[DutyItem]:
    """Every duty item to rate: the main post's, then each concurrent post's, in the version in force."""
    items = []
    for assessed in assessment.assessed_posts:
        ratings = list(assessed.duty_ratings or [])
        for index, text in enumerate(assessed.post_version.duties or []):
            items.append(DutyItem(f"{assessed.id}:{index}", assessed, index, text,
                                  ratings[index] if index < len(ratings) else None))
    return items


@dataclass
class HeadReview:
    """What a head enters: ratings by DutyItem.key and by Dimension value (None = not yet rated),
    comments and the proposed grade (None for comments-only and deferred people)."""

    duty_ratings: dict[str, Rating | str | None] = field(default_factory=dict)
    dimension_ratings: dict[str, Rating | str | None] = field(default_factory=dict)
    comments: str = ""
    proposed_grade: Grade | str | None = None


def stored_review(assessment: Assessment) -> HeadReview:
    """The review as saved, in the shape a form posts it (to tell whether a posted review changes anything)."""
    return HeadReview(
        duty_ratings={item.key: item.rating for item in duty_items(assessment)},
        dimension_ratings={d.value: (assessment.dimension_ratings or {}).get(d.value) for d in Dimension},
        comments=assessment.head_comments or "",
        proposed_grade=assessment.proposed_grade,
    )


def _plain(review: HeadReview) -> tuple:
    def values(ratings: dict) -> dict:
        return {key: str(value) if value else None for key, value in ratings.items()}

    return (values(review.duty_ratings), values(review.dimension_ratings), (review.comments or "").strip(),
            str(review.proposed_grade) if review.proposed_grade else None)


def review_changed(assessment: Assessment, review: HeadReview) -> bool:
    """Whether saving `review` would change the stored one (moving on saves only what changed)."""
    return _plain(review) != _plain(stored_review(assessment))


def rated_alike(review: HeadReview, rating: Rating | str, *, dimensions: bool = False) -> HeadReview:
    """`review` with every duty item (or, with `dimensions`, each of 德能勤绩廉) rated `rating`: one action for
    the usual mark, then the exceptions changed one by one."""
    value = parse(Rating, rating, "评价").value
    if dimensions:
        return replace(review, dimension_ratings={d.value: value for d in Dimension})
    return replace(review, duty_ratings={key: value for key in review.duty_ratings})


# ---------------------------------------------------------------- what is still missing

@dataclass
class ReviewGaps:
    """What a head still has to enter before the review can be submitted: the one check behind the
    review page's list of what is missing and submit_head_review's refusal."""

    unrated: list[DutyItem]  # duty items not yet rated, in the assessment's order
    dimensions: list[Dimension]  # not yet rated
    comments: bool  # no comments yet
    grade: bool  # gradeable and no proposed grade yet
    self_summary: bool  # the person has not submitted their self-summary yet
    started: bool  # the head has entered something

    @property
    def duties(self) -> set[str]:
        """DutyItem keys not yet rated."""
        return {item.key for item in self.unrated}

    @property
    def complete(self) -> bool:
        return self.count() == 0

    def count(self) -> int:
        return len(self.unrated) + len(self.dimensions) + self.comments + self.grade

    def refusal(self) -> str | None:
        """Why the review cannot be submitted yet (the first kind of gap), or None when it is complete."""
        unrated = [f"职责第 {i.index + 1} 项（{i.assessed_post.post_version.name}）" for i in self.unrated]
        unrated += [chinese(d.label) for d in self.dimensions]
        if unrated:
            return f"还有未评价的项目：{'、'.join(unrated)}"
        if self.comments:
            return "主管评语不能为空"
        if self.grade:
            return "请填写考核等次建议"
        return None

    def in_words(self) -> list[str]:
        """What is still to fill in, in the reader's language: duty items by number per post, dimensions,
        comments, grade. Items of one kind are joined with the reader's list separator (、 in Chinese, a
        comma in English)."""
        numbers: dict = {}
        for item in self.unrated:
            numbers.setdefault(item.assessed_post.id, (item.assessed_post, []))[1].append(str(item.index + 1))
        phrases = [_("%(post)s职责全部 %(n)s 项", post=post.post_version.name, n=len(found))
                   if len(found) == len(post.post_version.duties or []) else
                   _("%(post)s职责第 %(numbers)s 项", post=post.post_version.name, numbers=_("、").join(found))
                   for post, found in numbers.values()]
        if self.dimensions:
            phrases.append(_("、").join(str(d.label) for d in self.dimensions))
        if self.comments:
            phrases.append(_("主管领导评语"))
        if self.grade:
            phrases.append(_("考核等次建议"))
        return phrases


def review_gaps(assessment: Assessment) -> ReviewGaps:
    items = duty_items(assessment)
    return gaps([item for item in items if not item.rating], any(item.rating for item in items),
                assessment.dimension_ratings, assessment.head_comments, assessment.special_case,
                assessment.proposed_grade, assessment.form_status)


def gaps(unrated: list, any_rated: bool, dimension_ratings: dict | None, comments: str | None, special_case: str,
         proposed_grade: str | None, form_status: str) -> ReviewGaps:
    """ReviewGaps from the columns of an assessment (a list row has no ORM object to hand)."""
    ratings = dimension_ratings or {}
    return ReviewGaps(
        unrated=unrated,
        dimensions=[d for d in Dimension if not ratings.get(d.value)],
        comments=not (comments or "").strip(),
        grade=special_case == SpecialCase.NONE and not proposed_grade,
        self_summary=form_status == FormStatus.DRAFT,
        started=any_rated or any(ratings.values()) or bool(comments) or bool(proposed_grade),
    )


@dataclass(frozen=True)
class RowGaps:
    """ReviewGaps as a list row shows them: how many things are still to enter, and whether the head started."""

    missing: int
    started: bool

    def count(self) -> int:
        return self.missing


# ---------------------------------------------------------------- the head's list

def needs_head_review(assessment: Assessment) -> bool:
    """Still to be reviewed: not submitted by the head, and the person takes part."""
    return assessment.form_status != FormStatus.HEAD_SUBMITTED and assessment.special_case != SpecialCase.NOT_GRADED


@dataclass
class ReviewQueue:
    """Where one person stands in a head's list (table order), for 'previous / next person' links."""

    assessments: list[Assessment]
    position: int  # 0-based index of the current one
    previous: Assessment | None
    next: Assessment | None
    next_ready: Assessment | None  # the next one whose self-summary is in and that is not yet reviewed


def review_queue(assessments: Sequence[Assessment], current: Assessment) -> ReviewQueue:
    assessments = list(assessments)
    position = next(i for i, a in enumerate(assessments) if a.id == current.id)
    after = assessments[position + 1:] + assessments[:position]
    ready = next((a for a in after if a.form_status == FormStatus.SELF_SUBMITTED and needs_head_review(a)), None)
    return ReviewQueue(assessments, position, assessments[position - 1] if position > 0 else None,
                       assessments[position + 1] if position + 1 < len(assessments) else None, ready)


# ---------------------------------------------------------------- saving and submitting

def save_head_review(assessment: Assessment, review: HeadReview, *, actor: Actor) -> None:
    """A head of the person's department (sub-units included) or HR saves the review as a draft."""
    _check_head(assessment, actor)
    _apply_review(assessment, review)
    assessment.reviewed_by_id = actor.id
    audit.record(actor, "assessment.head_review", f"保存{assessment.employee.name}的 {assessment.cycle.year} 年度主管评价",
                 obj=assessment)


def submit_head_review(assessment: Assessment, *, actor: Actor, review: HeadReview | None = None) -> None:
    """Save (when ``review`` is given) and submit: every duty item and dimension rated, comments written,
    a grade proposed for gradeable people; the assessment is locked from now on. A head needs the
    person's self-summary submitted first; HR may submit for someone who could not write one."""
    _check_head(assessment, actor)
    if review is not None:
        _apply_review(assessment, review)
    missing = review_gaps(assessment)
    if missing.self_summary and not actor.is_hr:
        raise AssessmentError(f"{assessment.employee.name}尚未提交个人总结")
    refusal = missing.refusal()
    if refusal:
        raise AssessmentError(refusal)
    assessment.submit_head()
    assessment.reviewed_by_id = actor.id
    deadline = assessment.cycle.head_review_deadline
    if deadline is not None and unit_today() > deadline:
        assessment.head_late = True  # marked, not silently accepted: HR decides (participation.accept_late)
    audit.record(actor, "assessment.head_submit",
                 f"提交{assessment.employee.name}的 {assessment.cycle.year} 年度主管评价"
                 + (f"，建议等次：{assessment.proposed_grade_label}" if assessment.proposed_grade else "")
                 + (f"（逾期：截止日期 {deadline}）" if assessment.head_late else ""), obj=assessment)


def _check_head(assessment: Assessment, actor: Actor) -> None:
    if not access.can_review(actor, assessment):
        raise AssessmentAccessError("只有本部门负责人或人事部门可以评价（本人不能评价自己）")
    assessment.require_head_editable()
    assessment.cycle.require_status(*HEAD_REVIEW_STEPS, doing="主管评价")
    if assessment.special_case == SpecialCase.NOT_GRADED:
        raise AssessmentError(f"{assessment.employee.name}不参加本年度考核，无需评价")


def _apply_review(assessment: Assessment, review: HeadReview) -> None:
    items = {item.key: item for item in duty_items(assessment)}
    unknown = set(review.duty_ratings) - set(items)
    if unknown:
        raise AssessmentError(f"考核表中没有这些职责项：{'、'.join(sorted(unknown))}")
    for assessed in assessment.assessed_posts:
        ratings = list(assessed.duty_ratings or [None] * len(assessed.post_version.duties or []))
        for key, value in review.duty_ratings.items():
            item = items[key]
            if item.assessed_post is assessed:
                ratings[item.index] = parse(Rating, value, "评价").value if value else None
        assessed.duty_ratings = ratings
    dimensions = dict(assessment.dimension_ratings or {})
    for key, value in review.dimension_ratings.items():
        dimension = parse(Dimension, key, "考核维度")
        dimensions[dimension.value] = parse(Rating, value, "评价").value if value else None
    assessment.dimension_ratings = dimensions
    assessment.head_comments = (review.comments or "").strip() or None
    proposed = parse(Grade, review.proposed_grade, "等次建议") if review.proposed_grade else None
    if proposed is not None and not assessment.gradeable:
        raise AssessmentError(f"{assessment.employee.name}{assessment.special_case_label}，不能建议等次")
    assessment.proposed_grade = proposed.value if proposed else None
