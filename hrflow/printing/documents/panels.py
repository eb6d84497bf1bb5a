"""The examiner panel's 面试评分表 (every examiner's marks, what was dropped, the result, signature lines) and
the post's 面试成绩汇总 (every room, the room's score and the score after 二次平均)."""

from __future__ import annotations

from hrflow.models import Panel, Vacancy
from hrflow.pdf.render import render_html_to_pdf
from hrflow.printing.documents import document_html
from hrflow.recruitment import panels


def panel_sheet_html(panel: Panel) -> str:
    vacancy = panel.vacancy
    return document_html("panel_sheet", panel=panel, vacancy=vacancy, summary=False,
                         states=panels.vacancy_states(vacancy)[panel.id], elements=panels.elements_of(vacancy),
                         markers=[m for m in panel.members if m.marks], members=panel.members,
                         rule_text=panels.rule_text(panels.rule_of(vacancy.round)), lots=panels.lots_of(vacancy))


def render_panel_sheet_pdf(panel: Panel) -> bytes:
    return render_html_to_pdf(panel_sheet_html(panel))


def panel_summary_html(vacancy: Vacancy) -> str:
    rooms = panels.panels_of(vacancy)
    states = panels.vacancy_states(vacancy)
    return document_html("panel_sheet", vacancy=vacancy, summary=True, rooms=[(p, states[p.id]) for p in rooms],
                         rule_text=panels.rule_text(panels.rule_of(vacancy.round)))


def render_panel_summary_pdf(vacancy: Vacancy) -> bytes:
    return render_html_to_pdf(panel_summary_html(vacancy))
