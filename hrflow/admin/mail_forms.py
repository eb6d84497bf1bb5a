"""Forms of HR's 邮件记录: the list's filter and the 重发 form."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from wtforms import SelectField, StringField, SubmitField, TextAreaField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import DataRequired, Length, Optional

from hrflow.mail.services import KINDS
from hrflow.models import MailStatus
from hrflow.web.forms import FlaskForm


def _blank_to_none(value: str | None) -> str | None:
    return (value or "").strip() or None


class MailFilterForm(FlaskForm):
    """GET parameters, so no CSRF token and links can be shared."""

    class Meta:
        csrf = False

    status = SelectField(_l("状态"), default="", choices=[SelectChoice("", _l("全部")),
                                                          *(SelectChoice(s.value, s.label) for s in MailStatus)])
    kind = SelectField(_l("类型"), default="", choices=[SelectChoice("", _l("全部")),
                                                        *(SelectChoice(k, v.label) for k, v in KINDS.items())])
    q = StringField(_l("收件地址"), validators=[Optional(), Length(max=254)])

    def filters(self) -> dict:
        """The valid filters as mail_log_query() takes them; an invalid one is ignored."""
        return {"status": None if self.status.errors else self.status.data or None,
                "kind": None if self.kind.errors else self.kind.data or None,
                "search": None if self.q.errors else _blank_to_none(self.q.data)}


class ResendForm(FlaskForm):
    reason = TextAreaField(_l("重发原因"), validators=[DataRequired(_l("请写明重发原因")), Length(max=500)],
                           render_kw={"rows": 2})
    submit = SubmitField(_l("重发"))
