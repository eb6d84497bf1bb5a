"""Forms of the recruitment pages. Every POST form carries a CSRF token; forms repeated on one page
(one per rule, per applicant) get a prefix so their fields and errors stay apart."""

from __future__ import annotations

import re
from dataclasses import dataclass

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_wtf.file import FileAllowed, FileField, FileRequired
from wtforms import (
    BooleanField,
    DateField,
    FieldList,
    Form,
    FormField,
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
from wtforms.validators import (
    AnyOf,
    DataRequired,
    InputRequired,
    Length,
    NumberRange,
    Optional,
    StopValidation,
)
from wtforms.widgets import HiddenInput

from hrflow.clock import unit_today
from hrflow.models import Post, RoundStatus
from hrflow.models.recruitment import (
    APPLICATION_STATUS_LABELS,
    EXAM_DECISION_LABELS,
    ROUND_KIND_LABELS,
    VERDICT_LABELS,
)
from hrflow.posts.forms import ItemListField
from hrflow.recruitment.applicants import ApplicantData
from hrflow.rules.evaluate import MET, NOT_MET
from hrflow.rules.readers.experience import parse_years
from hrflow.web.forms import FlaskForm

SHEET_EXTENSIONS = ["csv", "xlsx"]
REASON_REQUIRED = _l("请填写理由")


def _choices(pairs) -> list[SelectChoice]:
    return [SelectChoice(value, text) for value, text in pairs]


def _labelled(labels: dict) -> list[SelectChoice]:
    """The choices of an enum from its label table (hrflow/models/recruitment.py)."""
    return _choices((value.value, text) for value, text in labels.items())


def _blank_to_none(value: str | None) -> str | None:
    value = (value or "").strip()
    return value or None


def _reason_field(label=None) -> TextAreaField:
    return TextAreaField(label or _l("理由"), validators=[DataRequired(REASON_REQUIRED), Length(max=2000)],
                         render_kw={"rows": 2})


class ActionForm(FlaskForm):
    """No fields: guards a POST-only button with CSRF."""


# ---------------------------------------------------------------- opening a round

@dataclass
class Candidate:
    """A post HR may open: recruitable, with vacant seats."""

    post: Post
    vacant: int


class VacancyChoice(Form):
    post_id = IntegerField(widget=HiddenInput())
    chosen = BooleanField()
    openings = IntegerField(validators=[Optional()])


class RoundForm(FlaskForm):
    name = StringField(_l("招聘名称"), validators=[DataRequired(_l("请填写招聘名称")), Length(max=100)])
    kind = RadioField(_l("招聘类型"), choices=_labelled(ROUND_KIND_LABELS), default="public")
    cutoff_date = DateField(_l("资格审查截止日期"), validators=[InputRequired(_l("请填写截止日期"))])
    vacancies = FieldList(FormField(VacancyChoice))
    submit = SubmitField(_l("开启招聘"))

    def __init__(self, *args, candidates: list[Candidate], **kwargs) -> None:
        self.candidates = {c.post.id: c for c in candidates}
        kwargs.setdefault("data", {"vacancies": [{"post_id": c.post.id, "chosen": False, "openings": c.vacant}
                                                 for c in candidates]})
        super().__init__(*args, **kwargs)

    def candidate(self, entry) -> Candidate | None:
        return self.candidates.get(entry.post_id.data)

    def validate_vacancies(self, field) -> None:
        chosen = [entry for entry in field.entries if entry.chosen.data]
        if not chosen:
            raise ValidationError(_("请至少选择一个岗位"))
        problems = False
        for entry in chosen:
            candidate = self.candidate(entry)
            if candidate is None:
                entry.chosen.errors.append(_("这个岗位已不能招聘，请刷新页面"))
                problems = True
            elif entry.openings.data is None or not 1 <= entry.openings.data <= candidate.vacant:
                entry.openings.errors.append(_("招聘人数应为 1–%(n)s", n=candidate.vacant))
                problems = True
        if problems:
            raise ValidationError(_("请检查所选岗位的招聘人数"))

    def chosen(self) -> list[tuple[Post, int]]:
        return [(self.candidate(e).post, e.openings.data) for e in self.vacancies.entries if e.chosen.data]


class BasicConditionsForm(FlaskForm):
    min_age = IntegerField(_l("最低年龄（截止日年满，周岁）"), validators=[InputRequired(_l("请填写最低年龄")),
                                                              NumberRange(16, 35, _l("应为 16–35 周岁"))])
    retirement_check = BooleanField(_l("未达到法定退休年龄"))
    reason = TextAreaField(_l("修改原因"), validators=[DataRequired(_l("请填写修改原因")), Length(max=500)])
    submit = SubmitField(_l("保存并重新审查"))


class AdvanceForm(FlaskForm):
    to = HiddenField(_l("下一步"), validators=[AnyOf([s.value for s in RoundStatus], message=_l("未知的阶段"))])
    confirm = BooleanField(_l("我已核对，确认进入下一阶段（此操作不可撤销）"),
                           validators=[DataRequired(_l("请先勾选确认"))])
    publicity_start = DateField(_l("公示开始日期"), validators=[Optional()], default=unit_today)
    # Into 公示 with vacancies short of hires: the page names them, HR confirms them here.
    unfilled_confirmed = BooleanField(_l("以上岗位拟聘用人数不足名额，确认照常进入公示（之后仍可为这些岗位拟聘用，另行公示）"))
    submit = SubmitField(_l("进入下一阶段"))


# ---------------------------------------------------------------- vacancies

class RulesForm(FlaskForm):
    sentences = ItemListField(_l("资格条件（每行一条，系统逐条解析）"), render_kw={"rows": 8})
    reason = TextAreaField(_l("修改原因"), validators=[Length(max=2000)], render_kw={"rows": 2})
    preview = SubmitField(_l("预览解析结果"))
    submit = SubmitField(_l("保存修改"))

    def validate_sentences(self, field) -> None:
        if not field.data:
            raise ValidationError(_l("至少保留一条资格条件"))

    def validate_reason(self, field) -> None:
        if self.submit.data and not (field.data or "").strip():
            raise ValidationError(_l("修改资格条件必须填写原因"))


class ExamDecisionForm(FlaskForm):
    decision = RadioField(_l("决定"), choices=_labelled(EXAM_DECISION_LABELS),
                          validators=[InputRequired(_l("请选择决定"))])
    reason = _reason_field()
    submit = SubmitField(_l("记录决定"))


# ---------------------------------------------------------------- applicants

STUDY_MODES = ["全日制", "非全日制", "自学考试", "函授", "成人教育", "网络教育"]
EDUCATION_LEVELS = ["高中", "中专", "大专", "本科", "硕士研究生", "博士研究生"]
DEGREES = ["学士", "硕士", "博士"]
POLITICAL_STATUSES = ["中共党员", "中共预备党员", "共青团员", "民主党派", "群众"]
# The suggestions the applicant form offers (its datalists).
APPLICANT_OPTIONS = {"education_levels": EDUCATION_LEVELS, "degrees": DEGREES, "study_modes": STUDY_MODES,
                     "political_statuses": POLITICAL_STATUSES}
# A refusal from the services names the field it is about; show it next to that field.
FIELD_WORDS = (("性别", "gender"), ("出生日期", "birth_date"), ("身份证号", "id_number"), ("重复", "name"),
               ("姓名", "name"))


def _written_years(form, field) -> None:
    if field.data and parse_years(field.data) is None:
        raise ValidationError(_("工作年限应写成 3、2.5 或 2年6个月，在 0 到 60 年之间"))


def _birth_date_or_id_number(form, field) -> None:
    """出生日期 may stay blank only when the ID number gives it. It runs before Optional(), which would end
    the field's checks on a blank date, so the error shows together with those of the other fields."""
    blank = not field.raw_data or not str(field.raw_data[0]).strip()
    if blank and not (form.id_number.data or "").strip():
        field.errors[:] = []  # not also "not a valid date" for an empty box
        raise StopValidation(_("请填写出生日期（或填写身份证号）"))


class ApplicantForm(FlaskForm):
    vacancy = SelectField(_l("应聘岗位"), coerce=int, validators=[InputRequired(_l("请选择应聘岗位"))])
    name = StringField(_l("姓名"), validators=[DataRequired(_l("请填写姓名")), Length(max=50)])
    gender = RadioField(_l("性别"), choices=_choices([("男", _l("男")), ("女", _l("女"))]),
                        validators=[InputRequired(_l("请选择性别"))])
    id_number = StringField(_l("身份证号（可选）"), validators=[Optional(), Length(max=18)],
                            render_kw={"autocomplete": "off"})
    birth_date = DateField(_l("出生日期"), validators=[_birth_date_or_id_number, Optional()])
    phone = StringField(_l("联系电话"), validators=[Optional(), Length(max=20)])
    education = StringField(_l("学历"), validators=[Optional(), Length(max=30)], render_kw={"list": "education-options"})
    degree = StringField(_l("学位"), validators=[Optional(), Length(max=30)], render_kw={"list": "degree-options"})
    major = StringField(_l("专业"), validators=[Optional(), Length(max=100)])
    study_mode = StringField(_l("学习形式"), validators=[Optional(), Length(max=30)],
                             render_kw={"list": "study-mode-options"})
    title = StringField(_l("职称"), validators=[Optional(), Length(max=50)])
    certificates = StringField(_l("证书（多个用顿号分隔）"), validators=[Optional(), Length(max=500)])
    years_experience = StringField(_l("工作年限"), validators=[Optional(), Length(max=20), _written_years],
                                   render_kw={"placeholder": _l("如 3、2.5、2年6个月")})
    work_start = DateField(_l("参加工作时间（可选）"), validators=[Optional()])
    political_status = StringField(_l("政治面貌"), validators=[Optional(), Length(max=30)],
                                   render_kw={"list": "political-options"})
    bianzhi = SelectField(_l("是否在编"), choices=_choices([("", _l("未填写")), ("yes", _l("是")), ("no", _l("否"))]), default="")
    submit = SubmitField(_l("登记并审查"))

    def __init__(self, *args, vacancies: list[tuple[int, str]], **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.vacancy.choices = _choices(vacancies)

    def applicant_data(self) -> ApplicantData:
        certificates = [c for c in re.split(r"[、，,；;\s]+", self.certificates.data or "") if c]
        return ApplicantData(
            name=self.name.data.strip(), gender=self.gender.data, birth_date=self.birth_date.data,
            id_number=_blank_to_none(self.id_number.data), phone=_blank_to_none(self.phone.data),
            education=_blank_to_none(self.education.data), degree=_blank_to_none(self.degree.data),
            major=_blank_to_none(self.major.data), study_mode=_blank_to_none(self.study_mode.data),
            title=_blank_to_none(self.title.data), certificates=certificates,
            years_experience=parse_years(self.years_experience.data) if self.years_experience.data else None,
            political_status=_blank_to_none(self.political_status.data),
            bianzhi={"yes": True, "no": False}.get(self.bianzhi.data), work_start=self.work_start.data,
        )

    def field_for(self, message: str):
        """The field a refusal is about, or None when it concerns the whole form."""
        return next((getattr(self, name) for word, name in FIELD_WORDS if word in message), None)


class ApplicantEditForm(ApplicantForm):
    """The registration form, filled in with the person as registered. The ID number and phone are shown
    masked only: left empty they stay as they are."""

    id_number = StringField(_l("身份证号（留空则不变）"), validators=[Optional(), Length(max=18)],
                            render_kw={"autocomplete": "off"})
    phone = StringField(_l("联系电话（留空则不变）"), validators=[Optional(), Length(max=20)])
    submit = SubmitField(_l("保存并重新审查"))

    @staticmethod
    def filled_with(applicant, vacancy_id: int) -> dict:
        """The form's data for `applicant` as registered (for a GET; a POST keeps what was typed)."""
        years = applicant.years_experience
        return {
            "vacancy": vacancy_id, "name": applicant.name, "gender": applicant.gender,
            "birth_date": applicant.birth_date, "education": applicant.education, "degree": applicant.degree,
            "major": applicant.major, "study_mode": applicant.study_mode, "title": applicant.title,
            "certificates": "、".join(applicant.certificates or []),
            "years_experience": f"{years:g}" if years is not None else "", "work_start": applicant.work_start,
            "political_status": applicant.political_status,
            "bianzhi": {True: "yes", False: "no"}.get(applicant.bianzhi, ""),
        }


class SheetUploadForm(FlaskForm):
    sheet = FileField(
        _l("表格文件（.csv 或 .xlsx）"),
        validators=[FileRequired(_l("请选择要导入的文件")), FileAllowed(SHEET_EXTENSIONS, _l("只支持 .csv 和 .xlsx 文件"))],
    )
    submit = SubmitField(_l("导入"))


SORT_CHOICES = [("id", _l("报名号")), ("name", _l("姓名")), ("birth", _l("出生日期")), ("post", _l("应聘岗位")),
                ("status", _l("资格审查")), ("score", _l("综合成绩（高→低）"))]


class ApplicantFilterForm(FlaskForm):
    """The applicants list's filter: GET parameters, so no CSRF token and links can be shared."""

    class Meta:
        csrf = False

    vacancy = SelectField(_l("应聘岗位"), coerce=int, default=0)
    status = SelectField(_l("资格审查"), choices=[SelectChoice("", _l("全部")), *_labelled(APPLICATION_STATUS_LABELS)], default="")
    q = StringField(_l("姓名"), validators=[Optional(), Length(max=50)])
    sort = SelectField(_l("排序"), choices=_choices(SORT_CHOICES), default="id")

    def __init__(self, *args, vacancies: list[tuple[int, str]], **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.vacancy.choices = _choices([(0, _l("全部岗位")), *vacancies])

    def filters(self) -> dict:
        """The valid filters as queries.applications_query takes them; an invalid one is ignored."""
        return {
            "vacancy_id": None if self.vacancy.errors else self.vacancy.data or None,
            "status": None if self.status.errors else self.status.data or None,
            "name": None if self.q.errors else _blank_to_none(self.q.data),
            "sort": "id" if self.sort.errors else self.sort.data or "id",
        }


# ---------------------------------------------------------------- review

class DecisionForm(FlaskForm):
    """HR's decision on one rule of one application: prefix it with the rule's index."""

    status = RadioField(_l("认定"), choices=_choices((v, VERDICT_LABELS[v]) for v in (MET, NOT_MET)),
                        validators=[InputRequired(_l("请选择认定结果"))])
    reason = _reason_field(_l("理由（必填，记入审计日志）"))
    back = HiddenField(validators=[Optional(), AnyOf(["application", "queue"])])
    submit = SubmitField(_l("保存认定"))


# ---------------------------------------------------------------- scores, outcome

# The score grid's forms are in exam_forms.py.


class WithdrawForm(FlaskForm):
    reason = _reason_field(_l("放弃或不合格的原因"))
    submit = SubmitField(_l("登记放弃/不合格并递补"))


class AppointForm(FlaskForm):
    on = DateField(_l("聘用日期"), validators=[InputRequired(_l("请填写聘用日期"))], default=unit_today)
    login = BooleanField(_l("同时为其开通登录账号"))
    confirm = BooleanField(_l("确认聘用：将新建员工档案并占用岗位（不可撤销）"),
                           validators=[DataRequired(_l("请先勾选确认"))])
    submit = SubmitField(_l("聘用"))

    def __init__(self, *args, directory: bool = False, **kwargs) -> None:
        """`directory`: the unit signs in through its directory or single sign-on, where the new hire's unit
        account is linked by 工号 at first sign-in, so a local login is not offered by default."""
        super().__init__(*args, **{"login": not directory, **kwargs})  # posted: the box as it was sent
        self.directory = directory

    def validate_on(self, field) -> None:
        # A future start would not take the seat today, so the seat count could not protect it.
        if field.data and field.data > unit_today():
            raise ValidationError(_l("聘用日期不能晚于今天"))
