"""Forms of the post pages: editing a post, uploading a post table, confirming an import."""

from __future__ import annotations

import re

from flask_babel import lazy_gettext as _l
from flask_wtf.file import FileAllowed, FileField, FileRequired
from wtforms import (
    BooleanField,
    DateField,
    HiddenField,
    IntegerField,
    SelectField,
    StringField,
    SubmitField,
    TextAreaField,
)
from wtforms.fields.choices import SelectChoice
from wtforms.validators import (
    DataRequired,
    InputRequired,
    Length,
    NumberRange,
    Optional,
    Regexp,
    ValidationError,
)
from wtforms.widgets import HiddenInput

from hrflow.importers.categories import GRADES, category_of_grade, grade_belongs
from hrflow.models import PostCategory
from hrflow.web.forms import FlaskForm

# 未知 is shown while nobody has said; choosing it keeps the post's category unknown (never a default).
CATEGORY_CHOICES = [SelectChoice("", _l("未知（未填写）")),
                    *(SelectChoice(category.value, category.label) for category in PostCategory)]
GRADE_CHOICES = [SelectChoice("", _l("（不填）")),
                 *(SelectChoice(grade, grade) for grades in GRADES.values() for grade in grades)]
TABLE_EXTENSIONS = ["txt", "docx", "xlsx", "csv"]
# “1、” “2.” “3)” typed at the start of a line: the page numbers the items itself.
ITEM_NUMBER = re.compile(r"^\s*[0-9０-９]{1,2}\s*[、.．)）](?![0-9０-９])\s*")


class ItemListField(TextAreaField):
    """A list of items edited as text, one item per line; blank lines are dropped."""

    def _value(self) -> str:
        if self.raw_data:
            return self.raw_data[0]
        return "\n".join(self.data or [])

    def process_formdata(self, valuelist: list[str]) -> None:
        text = valuelist[0] if valuelist else ""
        self.data = [ITEM_NUMBER.sub("", line).strip() for line in text.splitlines()]
        self.data = [item for item in self.data if item]


def _none_if_blank(value: str | None) -> str | None:
    value = (value or "").strip()
    return value or None


class PostEditForm(FlaskForm):
    # The version number the editor saw: an edit based on an older one is refused, not merged.
    based_on = IntegerField(widget=HiddenInput(), validators=[Optional()])
    name = StringField(_l("岗位名称"), validators=[DataRequired(), Length(max=100)])
    note = StringField(_l("岗位备注"), validators=[Optional(), Length(max=200)])
    category = SelectField(_l("岗位类别"), choices=CATEGORY_CHOICES)
    grade_level = SelectField(_l("岗位等级"), choices=GRADE_CHOICES)
    supervisor = StringField(_l("直接上级"), validators=[Optional(), Length(max=100)])
    seats = IntegerField(
        _l("设岗人数"),
        validators=[InputRequired(_l("请填写设岗人数")), NumberRange(min=0, message=_l("设岗人数不能为负数"))],
    )
    recruitable = BooleanField(_l("空缺岗位可以招聘（不勾选即“此次不聘”）"))
    duties = ItemListField(_l("岗位职责"), render_kw={"rows": 9})
    requirements = ItemListField(_l("任职条件"), render_kw={"rows": 5})
    standard = ItemListField(_l("考核标准"), render_kw={"rows": 3})
    # Today in the unit's time zone unless HR says otherwise: the route fills it in, and a blank one is taken
    # as today by edit_post (never the server's UTC day).
    effective_date = DateField(_l("生效日期"), validators=[Optional()])
    reason = TextAreaField(
        _l("修改原因"), validators=[DataRequired(_l("请填写修改原因")), Length(max=2000)], render_kw={"rows": 3}
    )
    submit = SubmitField(_l("保存为新版本"))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for select in (self.category, self.grade_level):
            select.data = select.data or ""  # unknown / no grade: the blank choice, as a browser sends it
        kept = (kwargs.get("data") or {}).get("grade_level")
        self.unofficial_grade = kept if kept and category_of_grade(kept) is None else None
        if self.unofficial_grade:
            # A grade written before the official list: shown and kept as it is until HR picks an official one.
            self.grade_level.choices = [*GRADE_CHOICES, SelectChoice(kept, _l("%(grade)s（非标准）", grade=kept))]

    def validate_grade_level(self, field: SelectField) -> None:
        grade = field.data or None
        if not grade or grade == self.unofficial_grade:
            return  # the operation refuses an unofficial grade moved to another category
        if not self.category.data:
            raise ValidationError(_l("选择岗位等级前，请先选择岗位类别"))
        if not grade_belongs(grade, self.category.data or None):
            raise ValidationError(_l("岗位等级“%(grade)s”不属于所选的岗位类别", grade=grade))

    def changes(self) -> dict:
        """The post's new content, as hrflow.posts.operations.edit_post takes it."""
        return {
            "name": self.name.data.strip(),
            "note": _none_if_blank(self.note.data),
            "category": self.category.data or None,
            "grade_level": self.grade_level.data or None,
            "supervisor": _none_if_blank(self.supervisor.data),
            "seats": self.seats.data,
            "recruitable": bool(self.recruitable.data),
            "duties": self.duties.data,
            "requirements": self.requirements.data,
            "standard": self.standard.data,
        }


class ImportUploadForm(FlaskForm):
    table = FileField(
        _l("岗位表文件"),
        validators=[
            FileRequired(_l("请选择要导入的文件")),
            FileAllowed(TABLE_EXTENSIONS, _l("只支持 .txt、.docx、.xlsx、.csv 文件")),
        ],
    )
    submit = SubmitField(_l("检查（不写入）"))


class ImportConfirmForm(FlaskForm):
    token = HiddenField(validators=[DataRequired(), Regexp(r"^[A-Za-z0-9_-]{1,64}$")])
    filename = HiddenField(validators=[DataRequired(), Length(max=255)])


class RosterFilterForm(FlaskForm):
    """The roster's search: GET parameters, so no CSRF token and a search can be shared as a link."""

    class Meta:
        csrf = False

    q = StringField(_l("姓名、工号、部门或岗位"), validators=[Optional(), Length(max=50)],
                    description=_l("姓名、工号、部门、岗位或岗位职责中的字词"))
    department = SelectField(_l("部门"), coerce=int, default=0)

    def __init__(self, *args, departments: list[tuple[int, str]], **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.department.choices = [SelectChoice(0, _l("全部部门")), *(SelectChoice(i, path) for i, path in departments)]

    def search(self) -> str | None:
        return None if self.q.errors else (self.q.data or "").strip() or None

    def department_id(self) -> int | None:
        return None if self.department.errors else self.department.data or None
