"""Results put to use, on the assessment blueprint: the unit report of what each result brings (考核规定
第二十八–三十一条) with its export for 备案, the 登记表 for the personnel file and the 优秀 list for posting.

URL (under /assessment)                       method     handler               who
/<year>/consequences                          GET        consequences_report   HR
/<year>/consequences.xlsx                     GET        consequences_export   HR
/<year>/excellent/publicity.pdf               GET        publicity_list        HR: once the 优秀 list is published
/forms/<form>/archive.pdf                     GET        archive_form          HR: once the results are notified

A cycle or form out of reach answers 404. A document asked for too early sends HR back to the page that
says why (flash), nothing is printed."""

from __future__ import annotations

import io
from collections.abc import Callable

from flask import flash, redirect, render_template, request, send_file, url_for
from flask_login import current_user

from hrflow.access import hr_required, require
from hrflow.assessment import access, archive, consequences, queries
from hrflow.assessment.routes import XLSX, bp, load_cycle
from hrflow.errors import DomainError
from hrflow.spreadsheets import sheet_bytes
from hrflow.web.pagination import paginate_list
from hrflow.web.responses import pdf_response


@bp.route("/<int:year>/consequences")
@hr_required
def consequences_report(year: int):
    cycle = load_cycle(year)
    attention = request.args.get("attention") == "1"
    rows = consequences.year_report(cycle, attention_only=attention)
    return render_template("assessment/consequences.html", cycle=cycle, page=paginate_list(rows),
                           attention=attention, notified=consequences.results_notified(cycle),
                           flagged=sum(1 for r in rows if r.consequence.needs_attention))


@bp.route("/<int:year>/consequences.xlsx")
@hr_required
def consequences_export(year: int):
    cycle = load_cycle(year)
    data = sheet_bytes(f"{cycle.year}年度考核结果运用", consequences.EXPORT_COLUMNS,
                       consequences.export_rows(consequences.year_report(cycle)),
                       widths=(10, 10, 20, 10, 12, 12, 10, 10, 30, 40, 36))
    return send_file(io.BytesIO(data), mimetype=XLSX, as_attachment=True,
                     download_name=f"{cycle.year}年度考核结果运用备案表.xlsx")


@bp.route("/<int:year>/excellent/publicity.pdf")
@hr_required
def publicity_list(year: int):
    cycle = load_cycle(year)
    return _pdf_or_back(lambda: archive.render_publicity_list_pdf(cycle), f"优秀等次人员公示-{cycle.year}.pdf",
                        back=url_for(".cycle", year=cycle.year))


@bp.route("/forms/<int:form_id>/archive.pdf")
@hr_required
def archive_form(form_id: int):
    form = queries.get_assessment(form_id)
    require(form is not None and access.can_view_assessment(current_user, form))
    return _pdf_or_back(lambda: archive.render_archive_pdf(form),
                        f"考核登记表-归档-{form.cycle.year}-{form.employee.name}.pdf", back=url_for(".form", form_id=form.id))


def _pdf_or_back(render: Callable[[], bytes], filename: str, *, back: str):
    """The PDF, or back to `back` with the reason it cannot be printed yet (a step not reached)."""
    try:
        data = render()
    except DomainError as refused:
        flash(str(refused), "warning")
        return redirect(back)
    return pdf_response(data, filename)
