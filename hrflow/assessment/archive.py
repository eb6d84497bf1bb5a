"""Printed records of a finished assessment: the 登记表 for the personnel file (考核规定 第三十三条: the
conclusions go into the person's file) and the 优秀 list for the notice board (第十七条(四): 公示 of at least
5 working days). Pure functions of what they print; the routes check who may print them."""

from __future__ import annotations

from flask import current_app

from hrflow.assessment import queries
from hrflow.assessment.access import RESULT_VISIBLE
from hrflow.models import Assessment, AssessmentCycle, AssessmentError, CycleStatus
from hrflow.pdf.render import render_html_to_pdf
from hrflow.printing.documents import document_html
from hrflow.printing.documents.assessment import render_assessment_form_pdf

# The 优秀 list exists from publicity on.
PUBLISHED = (CycleStatus.PUBLICITY, *RESULT_VISIBLE)


def render_archive_pdf(form: Assessment) -> bytes:
    """The 登记表 as it goes into the personnel file: the head's review, the grade, the person's signature
    and opinion, the appeal, all filled in. Refused before the results are notified (nothing to sign yet)."""
    if form.cycle.status not in RESULT_VISIBLE:
        raise AssessmentError(f"{form.cycle.year} 年度考核结果尚未通知本人，考核登记表还不能归档")
    return render_assessment_form_pdf(form, show_result=True)


def publicity_list_html(cycle: AssessmentCycle) -> str:
    """The 优秀 list as posted: who, the 公示 period in working days (holidays skipped when it was set),
    where to object, the day it was published."""
    if cycle.status not in PUBLISHED or cycle.publicity_start is None:
        raise AssessmentError(f"{cycle.year} 年度考核的优秀名单尚未公示")
    return document_html("assessment_publicity", cycle=cycle, people=queries.excellent_list(cycle),
                         phone=current_app.config.get("SUPERVISION_PHONE") or "",
                         title=f"{cycle.year} 年度考核优秀等次人员公示")


def render_publicity_list_pdf(cycle: AssessmentCycle) -> bytes:
    return render_html_to_pdf(publicity_list_html(cycle))
