"""The 平时考核 grid: for each person on the page and each quarter, a result (好 / 较好 / 一般 / 较差 or none)
and a note; one Save for the whole page. A 一般 or 较差 without a note is refused beside the cell, every
typed value kept."""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from flask_babel import lazy_gettext as _l
from wtforms import SelectField, StringField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import Length, Optional

from hrflow.assessment.quarterly import NOTE_MAX, QuarterEntry
from hrflow.models import Assessment, QuarterlyResult
from hrflow.models.assessment import RATING_LABELS
from hrflow.models.assessment_inputs import QUARTERS, WEAK_QUARTERLY_RESULTS
from hrflow.web.forms import FlaskForm

RESULT_CHOICES = [SelectChoice("", _l("未录入")), *(SelectChoice(value.value, text) for value, text in RATING_LABELS.items())]


def result_field(employee_id: int, quarter: int) -> str:
    return f"q{employee_id}_{quarter}"


def quarter_note_field(employee_id: int, quarter: int) -> str:
    return f"n{employee_id}_{quarter}"


class QuarterlyGridBase(FlaskForm):
    people: Sequence[Assessment] = ()

    def validate(self, extra_validators=None) -> bool:
        valid = super().validate(extra_validators)
        for person in self.people:
            for quarter in QUARTERS:
                result = self[result_field(person.employee_id, quarter)]
                note = self[quarter_note_field(person.employee_id, quarter)]
                if result.data in WEAK_QUARTERLY_RESULTS and not (note.data or "").strip():
                    note.errors = [*note.errors, _l("一般、较差须填写说明")]
                    valid = False
        return valid

    def entries(self) -> list[QuarterEntry]:
        return [QuarterEntry(p.employee_id, q, self[result_field(p.employee_id, q)].data or None,
                             self[quarter_note_field(p.employee_id, q)].data)
                for p in self.people for q in QUARTERS]


def quarterly_grid_form(people: Sequence[Assessment], saved: Mapping[int, list[QuarterlyResult | None]],
                        **kwargs) -> QuarterlyGridBase:
    class QuarterlyGridForm(QuarterlyGridBase):
        pass

    data = {}
    for person in people:
        for quarter in QUARTERS:
            name, note = result_field(person.employee_id, quarter), quarter_note_field(person.employee_id, quarter)
            setattr(QuarterlyGridForm, name, SelectField(_l("第 %(n)s 季度", n=quarter), choices=RESULT_CHOICES,
                                                         validators=[Optional()]))
            setattr(QuarterlyGridForm, note, StringField(_l("说明"), validators=[Optional(), Length(max=NOTE_MAX)]))
            row = saved.get(person.employee_id, [None] * 4)[quarter - 1]
            data[name] = row.result if row else ""
            data[note] = (row.note or "") if row else ""
    grid = QuarterlyGridForm(data=data, **kwargs)
    grid.people = people
    return grid
