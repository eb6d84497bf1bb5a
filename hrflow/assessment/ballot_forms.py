"""Forms of 民主测评: HR opens a ballot and prints codes; a voter enters a code, then rates each colleague
(优秀 / 合格 / 基本合格 / 不合格, or leaves a colleague out) and, when the ballot asks, 德、能、勤、绩、廉."""

from __future__ import annotations

from collections.abc import Sequence

from flask import current_app
from flask_babel import lazy_gettext as _l
from wtforms import BooleanField, HiddenField, IntegerField, SelectField, StringField, SubmitField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import DataRequired, InputRequired, Length, NumberRange, Optional

from hrflow.assessment.ballots import MAX_CODES_PER_PRINT, MIN_VOTES_FLOOR, Subject
from hrflow.models import Dimension
from hrflow.models.assessment import GRADE_LABELS
from hrflow.web.forms import FlaskForm

UNIT = "unit"
VOTE_CHOICES = [SelectChoice("", _l("不评")), *(SelectChoice(value.value, text) for value, text in GRADE_LABELS.items())]


class OpenBallotForm(FlaskForm):
    scope = SelectField(_l("测评范围"), validators=[DataRequired()])
    title = StringField(_l("名称（可不填）"), validators=[Optional(), Length(max=200)])
    dimensions = BooleanField(_l("同时按德、能、勤、绩、廉测评"))
    min_votes = IntegerField(_l("满多少票后公布结果"), validators=[
        InputRequired(_l("请填写票数")), NumberRange(MIN_VOTES_FLOOR, 10_000, _l("至少 %(n)s 票", n=MIN_VOTES_FLOOR))])
    submit = SubmitField(_l("开启民主测评"))

    def __init__(self, departments: Sequence[tuple[int, str]], **kwargs) -> None:
        kwargs.setdefault("data", {"min_votes": current_app.config["BALLOT_MIN_VOTES"]})
        super().__init__(**kwargs)
        self.scope.choices = [SelectChoice(UNIT, _l("全单位")), *(SelectChoice(str(i), path) for i, path in departments)]

    @property
    def department_id(self) -> int | None:
        return None if self.scope.data == UNIT else int(self.scope.data)


class PrintCodesForm(FlaskForm):
    count = IntegerField(_l("打印测评票张数"), validators=[
        InputRequired(_l("请填写张数")), NumberRange(1, MAX_CODES_PER_PRINT, _l("1–%(n)s 张", n=MAX_CODES_PER_PRINT))])


class CodeForm(FlaskForm):
    code = StringField(_l("测评码"), validators=[DataRequired(_l("请输入测评票上的测评码")), Length(max=64)])


def rating_field(employee_id: int) -> str:
    return f"r{employee_id}"


def dimension_vote_field(employee_id: int, dimension: Dimension | str) -> str:
    return f"d{employee_id}_{Dimension(dimension).value}"


class VoteBase(FlaskForm):
    code = HiddenField(validators=[DataRequired(), Length(max=64)])
    cast = SubmitField(_l("提交测评"))
    subjects: Sequence[Subject] = ()
    with_dimensions = False

    def ratings(self) -> dict[int, str | None]:
        return {s.employee_id: self[rating_field(s.employee_id)].data or None for s in self.subjects}

    def dimension_ratings(self) -> dict[int, dict[str, str | None]]:
        if not self.with_dimensions:
            return {}
        return {s.employee_id: {d.value: self[dimension_vote_field(s.employee_id, d)].data or None for d in Dimension}
                for s in self.subjects}


def vote_form(subjects: Sequence[Subject], dimensions: bool, **kwargs) -> VoteBase:
    class VoteForm(VoteBase):
        pass

    for subject in subjects:
        setattr(VoteForm, rating_field(subject.employee_id),
                SelectField(subject.name, choices=VOTE_CHOICES, validators=[Optional()]))
        if dimensions:
            for dimension in Dimension:
                setattr(VoteForm, dimension_vote_field(subject.employee_id, dimension),
                        SelectField(dimension.label, choices=VOTE_CHOICES, validators=[Optional()]))
    form = VoteForm(**kwargs)
    form.subjects, form.with_dimensions = subjects, dimensions
    return form
