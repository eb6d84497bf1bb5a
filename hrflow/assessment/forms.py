"""Forms of the assessment pages. Every POST form carries a CSRF token; forms repeated on one page get a
prefix so their fields and errors stay apart. What each state is called: the label tables beside the
enums (hrflow/models/assessment.py)."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_wtf.file import FileAllowed, FileField, FileRequired
from markupsafe import Markup
from wtforms import (
    BooleanField,
    DateField,
    HiddenField,
    IntegerField,
    RadioField,
    SelectField,
    StringField,
    SubmitField,
    TextAreaField,
    ValidationError,
)
from wtforms.fields.choices import SelectChoice
from wtforms.validators import AnyOf, DataRequired, InputRequired, Length, NumberRange, Optional

from hrflow.assessment.grading import DecisionRow
from hrflow.assessment.head_review import DutyItem, HeadReview
from hrflow.assessment.queries import DecisionLine
from hrflow.clock import unit_today
from hrflow.models import Assessment, CycleStatus, Dimension, FormStatus, Grade, Rating, SpecialCase
from hrflow.models.assessment import (
    ACKNOWLEDGEMENT_LABELS,
    APPEAL_OUTCOME_LABELS,
    GRADE_LABELS,
    RATING_LABELS,
    ROUNDING_LABELS,
    SPECIAL_CASE_LABELS,
)
from hrflow.rules.quota import DEFAULT_RATE
from hrflow.web.forms import CONTROL, FlaskForm
from hrflow.web.widgets import Options, hidden_controls, select_control, text_control


def _choices(pairs) -> list[SelectChoice]:
    return [SelectChoice(str(value), text) for value, text in pairs]


GRADE_CHOICES = list(GRADE_LABELS.items())
REASON_REQUIRED = _l("请填写原因")


def _reason(text=None, required: bool = True) -> TextAreaField:
    validators = [DataRequired(REASON_REQUIRED)] if required else [Optional()]
    return TextAreaField(text or _l("原因（记入审计日志）"), validators=[*validators, Length(max=2000)],
                         render_kw={"rows": 2})


class ActionForm(FlaskForm):
    """No fields: guards a POST-only button with CSRF."""


# ---------------------------------------------------------------- the cycle (HR)

class QuotaSettingsMixin:
    """The 优秀 quota settings and deadlines, shared by opening a cycle and changing its settings."""

    excellent_rate = IntegerField(_l("优秀比例（%）"), default=20,
                                  validators=[InputRequired(_l("请填写比例")), NumberRange(0, 100, _l("应为 0–100"))])
    rounding = SelectField(_l("名额取整"), choices=_choices(ROUNDING_LABELS.items()), default="floor")
    rate_raised = BooleanField(_l("经批准提高优秀比例"))
    raised_reason = TextAreaField(_l("批准依据（提高比例时必填）"), validators=[Length(max=2000)],
                                  render_kw={"rows": 2})
    unit_failed = BooleanField(_l("本单位年度考核结果为不合格"))
    enforce_department_quota = BooleanField(_l("各部门优秀不超过按人数分配的名额"))
    self_review_deadline = DateField(_l("个人总结截止日期"), validators=[Optional()])
    head_review_deadline = DateField(_l("主管评价截止日期"), validators=[Optional()])
    decision_deadline = DateField(_l("等次评定截止日期"), validators=[Optional()])

    def validate_raised_reason(self, field) -> None:
        if self.rate_raised.data and not (field.data or "").strip():
            raise ValidationError(_l("提高比例须填写批准依据"))


class OpenCycleForm(QuotaSettingsMixin, FlaskForm):
    year = IntegerField(_l("考核年度"), validators=[InputRequired(_l("请填写年度")),
                                                  NumberRange(2000, 2100, _l("年度应在 2000–2100 之间"))])
    cycle_date = DateField(_l("考核基准日（默认当年 12 月 31 日）"), validators=[Optional()])
    raised_approved_on = DateField(_l("批准日期（提高比例时）"), validators=[Optional()])
    submit = SubmitField(_l("开启年度考核"))

    @property
    def raises_rate(self) -> bool:
        """A rate typed above 20 % asks open_cycle itself to raise it, with the approval (第十五条)."""
        return (self.excellent_rate.data or 0) > DEFAULT_RATE

    def approval(self) -> str | None:
        """The approval's 文号 for open_cycle: when the rate typed is above 20 % or the raise is ticked."""
        return self.raised_reason.data if self.raises_rate or self.rate_raised.data else None

    def settings(self) -> dict:
        """What open_cycle does not take itself, for update_settings right after opening. A rate of 20 % or
        less with the raise ticked raises it to the maximum; a rate typed above 20 % was raised by open_cycle."""
        changes = {"unit_failed": self.unit_failed.data, "enforce_department_quota": self.enforce_department_quota.data}
        if self.rate_raised.data and not self.raises_rate:
            changes.update(rate_raised=True, raised_reason=self.raised_reason.data)
            if self.raised_approved_on.data:
                changes["raised_approved_on"] = self.raised_approved_on.data
        return changes


SETTING_FIELDS = ("excellent_rate", "rounding", "rate_raised", "raised_reason", "unit_failed",
                  "enforce_department_quota", "self_review_deadline", "head_review_deadline", "decision_deadline",
                  "publicity_days", "appeal_days", "raised_approved_on", "unit_accountable", "quota_base")


class SettingsForm(QuotaSettingsMixin, FlaskForm):
    raised_approved_on = DateField(_l("批准日期（提高比例时）"), validators=[Optional()])
    unit_accountable = BooleanField(_l("本单位被问责（优秀比例不超过 15%）"))
    quota_base = SelectField(_l("优秀名额基数"), choices=[
        SelectChoice("all_participants", _l("应参加考核的总人数（第十五条）")),
        SelectChoice("graded", _l("确定等次的人数"))])
    publicity_days = IntegerField(_l("优秀公示期（工作日）"),
                                  validators=[InputRequired(), NumberRange(5, 60, _l("公示期 5–60 个工作日"))])
    appeal_days = IntegerField(_l("申诉期（自通知之日起，天）"),
                               validators=[InputRequired(), NumberRange(1, 365, _l("申诉期 1–365 天"))])
    reason = _reason(_l("修改原因（可选）"), required=False)
    submit = SubmitField(_l("保存设置"))

    def changes(self) -> dict:
        return {name: getattr(self, name).data for name in SETTING_FIELDS}


class AdvanceForm(FlaskForm):
    to = HiddenField(_l("下一步"), validators=[AnyOf([s.value for s in CycleStatus], message=_l("未知的阶段"))])
    on = DateField(_l("日期"), validators=[Optional()], default=unit_today)
    confirm = BooleanField(_l("我已核对，确认进入下一阶段（此操作不可撤销）"),
                           validators=[DataRequired(_l("请先勾选确认"))])
    submit = SubmitField(_l("进入下一阶段"))

    def validate_on(self, field) -> None:
        # The notice starts the appeal window: it cannot be dated in the future.
        if self.to.data == CycleStatus.ACKNOWLEDGEMENT and field.data and field.data > unit_today():
            raise ValidationError(_l("通知日期不能晚于今天"))

    def step_date(self) -> date | None:
        """The date the step takes: the publicity start or the notice day; the other steps happen today."""
        return self.on.data if self.to.data in (CycleStatus.PUBLICITY, CycleStatus.ACKNOWLEDGEMENT) else None


class SheetUploadForm(FlaskForm):
    sheet = FileField(_l("等次表（.xlsx，可先导出名单填写）"),
                      validators=[FileRequired(_l("请选择要导入的文件")), FileAllowed(["xlsx"], _l("只支持 .xlsx 文件"))])
    submit = SubmitField(_l("导入等次"))


# ---------------------------------------------------------------- one form, HR's actions

# The form page holds these three forms together: routes.py builds each with its own prefix
# (special-, reopen-, amend-) so their field ids (each has a "reason") stay unique.

class SpecialCaseForm(FlaskForm):
    case = SelectField(_l("特殊情况"), choices=_choices(SPECIAL_CASE_LABELS.items()))
    reason = _reason()
    submit = SubmitField(_l("保存特殊情况"))


class ReopenForm(FlaskForm):
    to = RadioField(_l("退回到"), default=FormStatus.SELF_SUBMITTED.value, choices=_choices([
        (FormStatus.SELF_SUBMITTED.value, _l("主管评价（主管重新评价）")),
        (FormStatus.DRAFT.value, _l("个人总结（本人修改总结，主管再评价）")),
    ]))
    reason = _reason()
    submit = SubmitField(_l("退回"))


class AmendForm(FlaskForm):
    """HR changes an archived form, with a reason."""

    grade = SelectField(_l("等次"), choices=_choices([("", _l("不定等次")), *GRADE_CHOICES]))
    grade_note = StringField(_l("备注"), validators=[Optional(), Length(max=500)])
    reason = _reason(_l("修改原因（必填，记入审计日志）"))
    submit = SubmitField(_l("修改已归档的考核表"))


class AppealOutcomeForm(FlaskForm):
    outcome = RadioField(_l("处理结果"), choices=_choices(APPEAL_OUTCOME_LABELS.items()),
                         validators=[InputRequired(_l("请选择处理结果"))])
    new_grade = SelectField(_l("改定等次（申诉成立时）"), choices=_choices([("", "—"), *GRADE_CHOICES]),
                            validators=[Optional()])
    reason = _reason(_l("理由（必填）"))
    submit = SubmitField(_l("记录处理结果"))


# ---------------------------------------------------------------- the employee

class SelfSummaryForm(FlaskForm):
    summary = TextAreaField(_l("个人总结"), validators=[Length(max=20000, message=_l("个人总结不超过 20000 字"))],
                            render_kw={"rows": 14})
    save = SubmitField(_l("保存草稿"))
    submit = SubmitField(_l("提交（提交后不能再修改）"))


class AcknowledgeForm(FlaskForm):
    choice = RadioField(_l("本人意见"), choices=_choices(ACKNOWLEDGEMENT_LABELS.items()),
                        validators=[InputRequired(_l("请选择同意或不同意"))])
    # No Optional(): it would stop the chain before validate_opinion could ask for the 不同意 opinion.
    opinion = TextAreaField(_l("意见（不同意时必填）"), validators=[Length(max=5000)], render_kw={"rows": 3})
    submit = SubmitField(_l("签署"))

    def validate_opinion(self, field) -> None:
        if self.choice.data == "disagree" and not (field.data or "").strip():
            raise ValidationError(_l("不同意时须填写意见"))


class AppealForm(FlaskForm):
    text = TextAreaField(_l("申诉理由"), validators=[DataRequired(_l("请填写申诉理由")), Length(max=5000)],
                         render_kw={"rows": 4})
    submit = SubmitField(_l("提出申诉"))


# ---------------------------------------------------------------- the head's review

def duty_field(item: DutyItem) -> str:
    """The field name of a duty item's rating: duty-<assessed post>-<index>."""
    return "duty-" + item.key.replace(":", "-")


def dimension_field(dimension: Dimension) -> str:
    return f"dim-{dimension.value}"


RATING_CHOICES = list(RATING_LABELS.items())


class HeadReviewBase(FlaskForm):
    comments = TextAreaField(_l("主管领导评语"), validators=[Length(max=5000)], render_kw={"rows": 5})
    proposed_grade = SelectField(_l("考核等次建议"), choices=_choices([("", _l("请选择")), *GRADE_CHOICES]),
                                 validators=[Optional()])
    save = SubmitField(_l("保存草稿"))
    submit = SubmitField(_l("提交评价（提交后锁定）"))
    # Posted by buttons of the page (review.html), not drawn as fields: rate every duty item (or each of
    # 德能勤绩廉) alike, and move to another person after saving what was typed.
    fill_duties = StringField(validators=[Optional(), AnyOf([r.value for r in Rating], message=_l("未知的评价"))])
    fill_dimensions = StringField(validators=[Optional(), AnyOf([r.value for r in Rating], message=_l("未知的评价"))])
    goto = IntegerField(validators=[Optional()])

    items: list[DutyItem]

    def review(self) -> HeadReview:
        return HeadReview(
            duty_ratings={item.key: self[duty_field(item)].data or None for item in self.items},
            dimension_ratings={d.value: self[dimension_field(d)].data or None for d in Dimension},
            comments=self.comments.data or "",
            proposed_grade=self.proposed_grade.data or None,
        )


def head_review_form(assessment: Assessment, items: list[DutyItem], **kwargs) -> HeadReviewBase:
    """A review form with one rating per duty item and per dimension, filled from the saved review."""

    class HeadReviewForm(HeadReviewBase):
        pass

    data = {"comments": assessment.head_comments or "", "proposed_grade": assessment.proposed_grade or ""}
    for item in items:
        setattr(HeadReviewForm, duty_field(item),
                RadioField(item.text, choices=_choices(RATING_CHOICES), validators=[Optional()]))
        data[duty_field(item)] = item.rating
    for dimension in Dimension:
        setattr(HeadReviewForm, dimension_field(dimension),
                RadioField(dimension.label, choices=_choices(RATING_CHOICES), validators=[Optional()]))
        data[dimension_field(dimension)] = (assessment.dimension_ratings or {}).get(dimension.value)
    form = HeadReviewForm(data=data, **kwargs)
    form.items = items
    if assessment.special_case != SpecialCase.NONE:
        form.proposed_grade.choices = _choices([("", _l("不定等次"))])
    return form


# ---------------------------------------------------------------- deciding grades

def grade_field(assessment: Assessment) -> str:
    return f"grade-{assessment.id}"


def note_field(assessment: Assessment) -> str:
    return f"note-{assessment.id}"


def shown_field(field_name: str) -> str:
    """The hidden field carrying what a row's grade or 备注 field showed when the page was rendered."""
    return f"shown-{field_name}"


STALE_PAGE = _l("本页缺少打开时的等次和备注，无法核对他人是否已修改：请刷新后再保存。")
NOT_A_GRADE = _l("请从列出的等次中选择")
NOTE_MAX = 500
NOTE_TOO_LONG = _l("备注不超过 %(n)s 字", n=NOTE_MAX)


@dataclass
class DecisionEntry:
    """One person's row of the decision form: the grade and 备注 it holds (as posted, else as saved or
    prefilled), what the row showed when the page was drawn (its hidden shown- copies), and its errors."""

    line: DecisionLine
    choices: Options  # the grade's select: only 未定 for somebody with a special case
    grade: str
    note: str
    shown_grade: str
    shown_note: str
    posted: frozenset[str]  # which of the row's four fields the request carried
    names: tuple[str, str, str, str]  # grade-<id>, note-<id> and their shown- copies
    grade_label: str = ""  # the controls' aria-label: "<name> 的等次", "<name> 的备注"
    note_label: str = ""
    grade_errors: list[str] = field(default_factory=list)
    note_errors: list[str] = field(default_factory=list)

    def check(self) -> None:
        """The checks a SelectField and a StringField (Length) would make, and hrflow.web.forms' refusal of
        control characters, also in the hidden copies."""
        if self.grade.strip() and self.grade not in self.choices.values:
            self.grade_errors.append(str(NOT_A_GRADE))
        if len(self.note) > NOTE_MAX:
            self.note_errors.append(str(NOTE_TOO_LONG))
        for errors, values, name in ((self.grade_errors, (self.grade, self.shown_grade), _("等次")),
                                     (self.note_errors, (self.note, self.shown_note), _("备注"))):
            if not errors and any(CONTROL.search(value) for value in values):
                errors.append(_("“%(field)s”含有不可见的控制字符，请删除后再提交。", field=name))

    def grade_control(self) -> Markup:
        css = "form-select form-select-sm as-grade" + (" is-invalid" if self.grade_errors else "")
        return select_control(self.names[0], self.choices, self.grade, css=css, label=self.grade_label)

    def note_control(self) -> Markup:
        """The 备注 and, hidden, the copies of what the row's two controls show."""
        css = "form-control form-control-sm" + (" is-invalid" if self.note_errors else "")
        return text_control(self.names[1], self.note, css=css, label=self.note_label, maxlength=NOTE_MAX) + self.shown()

    def shown(self) -> Markup:
        """The hidden copies of what the row shows: a row HR cannot change (drawn as text) carries them too,
        so that a page posted with it is checked like any other."""
        _grade, _note, shown_grade, shown_note = self.names
        return hidden_controls((shown_grade, self.shown_grade), (shown_note, self.shown_note))

    @property
    def stale(self) -> bool:
        """A grade or 备注 posted without what it showed: nothing to check another officer's work against."""
        grade, note, shown_grade, shown_note = self.names
        posted = self.posted
        return (grade in posted and shown_grade not in posted) or (note in posted and shown_note not in posted)

    def row(self, assessment: Assessment) -> DecisionRow:
        """The row as posted; a field the browser did not send (a row drawn as text) keeps what it showed."""
        grade = self.grade if self.names[0] in self.posted else self.shown_grade
        note = self.note if self.names[1] in self.posted else self.shown_note
        return DecisionRow(assessment, grade or None, note, self.shown_grade or None, self.shown_note)


class DecisionForm(FlaskForm):
    """HR's decision page: one grade and one 备注 per person of the page (grade-<id>, note-<id>), each with a
    hidden copy of what it showed (shown-grade-<id>, shown-note-<id>: the database's value when the page
    was drawn); people with a special case get no grade. ``proposed``: people without a grade start from
    the head's proposal (nothing is saved until submitted).

    The rows are plain entries checked here rather than four WTForms fields a person: a form class with
    200 fields built per request, bound and drawn field by field, took about 30 ms of CPU a page of fifty
    (bench/README.md); the template draws the entries with hrflow/web/widgets.py."""

    submit = SubmitField(_l("保存全部等次"))

    def __init__(self, lines: Sequence[DecisionLine], *, proposed: bool = False, **kwargs) -> None:
        self.lines, self.proposed = lines, proposed
        super().__init__(**kwargs)

    def process(self, formdata=None, obj=None, data=None, extra_filters=None, **kwargs) -> None:
        formdata = self.meta.wrap_formdata(self, formdata)
        super().process(formdata, obj, data, extra_filters, **kwargs)
        # Translated once for the page, not once a row.
        grades = [("", _("未定")), *((value, str(text)) for value, text in GRADE_CHOICES)]
        gradeable, special = Options(grades), Options(grades[:1])
        labels = _("%(name)s 的等次"), _("%(name)s 的备注")  # without arguments: formatted per row below
        self.entries = [self._entry(line, formdata, gradeable if line.gradeable else special) for line in self.lines]
        for entry in self.entries:
            entry.grade_label, entry.note_label = (text % {"name": entry.line.name} for text in labels)

    def _entry(self, line: DecisionLine, formdata, choices: Options) -> DecisionEntry:
        grade, note = grade_field(line), note_field(line)
        names = (grade, note, shown_field(grade), shown_field(note))
        posted = frozenset(name for name in names if name in formdata) if formdata else frozenset()
        shown_grade, shown_note = line.grade or "", line.grade_note or ""
        start = shown_grade or (line.proposed_grade if self.proposed and line.gradeable else "") or ""
        values = [formdata[name] if name in posted else default
                  for name, default in zip(names, (start, shown_note, shown_grade, shown_note), strict=True)]
        return DecisionEntry(line, choices, *values, posted=posted, names=names)

    def validate(self, extra_validators=None) -> bool:
        valid = super().validate(extra_validators)
        for entry in self.entries:
            entry.check()
        # Without what the page showed, a save could silently undo another officer's work: refuse it.
        if any(entry.stale for entry in self.entries):
            self.form_errors.append(STALE_PAGE)
            return False
        return valid and not any(entry.grade_errors or entry.note_errors for entry in self.entries)

    @property
    def errors(self) -> dict:
        errors = super().errors
        for entry in self.entries:
            for name, found in ((grade_field(entry.line), entry.grade_errors), (note_field(entry.line), entry.note_errors)):
                if found:
                    errors[name] = found
        return errors

    def rows(self, assessments: Mapping[int, Assessment]) -> list[DecisionRow]:
        """Each row as posted, with its assessment (by id)."""
        return [entry.row(assessments[entry.line.id]) for entry in self.entries]

    @property
    def excellent_selected(self) -> int:
        """How many rows hold 优秀 as the page stands (the counter's count of this page)."""
        return sum(1 for entry in self.entries if entry.grade == Grade.EXCELLENT)
