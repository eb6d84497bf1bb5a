"""Every printed document, one module per area: posts (岗位说明书), recruitment (招聘岗位表, 报名表, 资格审查
结果名单, 成绩汇总, 拟聘用人员公示), assessment (年度考核登记表, 考核结果汇总表).

A document is a pure function of what it prints: `*_html(data)` gives the page before WeasyPrint (tests read
it), `render_*_pdf(data)` the bytes. It reads nothing from the request and checks no access: the data is
passed in, or read by the area's query functions; the routes check who may print it."""

from __future__ import annotations

from flask import current_app, render_template
from flask_babel import force_locale

from hrflow.clock import unit_today
from hrflow.models.base import SOURCE_LOCALE


def document_html(template: str, **context) -> str:
    """A template of templates/printing/, with what every document prints: the unit's name and today.
    Printed forms are the unit's records: their labels are in Chinese whatever the reader reads."""
    with force_locale(SOURCE_LOCALE):
        return render_template(f"printing/{template}.html", unit_name=current_app.config["UNIT_NAME"],
                               today=unit_today(), **context)
