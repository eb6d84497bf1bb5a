"""Authorization matrix cases for the examiner panels (hrflow/recruitment/panel_routes.py).

The world: a panel on the matrix round's 少儿部 vacancy with the 少儿部 applicant seated, an examiner (the
`examiner` role of the matrix) marking on it with one sheet submitted... by a second examiner, so the
matrix's examiner still has a sheet to fill. HR's pages are HR's; a panel's marking pages are its examiners'
only (HR too gets 404 there: HR does not mark); an examiner reaches nothing else (tests/matrix_base.py)."""

from __future__ import annotations

from tests.matrix_base import ALL_LOGGED_IN, FORBIDDEN, HIDDEN, LOGIN, OK, PUBLIC, Case

MISSING = 999999
HR_ONLY = (LOGIN, FORBIDDEN, FORBIDDEN, FORBIDDEN, OK, OK, FORBIDDEN)
HR_MISSING = (LOGIN, FORBIDDEN, FORBIDDEN, FORBIDDEN, HIDDEN, HIDDEN, FORBIDDEN)
MARKERS = (LOGIN, HIDDEN, HIDDEN, HIDDEN, HIDDEN, HIDDEN, OK)  # the panel's examiners
MARKERS_MISSING = (LOGIN, HIDDEN, HIDDEN, HIDDEN, HIDDEN, HIDDEN, HIDDEN)


def _hr(endpoint: str, method: str, pattern: str, key: str) -> list[Case]:
    return [Case(endpoint, method, lambda w: pattern.format(w[key]), HR_ONLY),
            Case(endpoint, method, lambda w: pattern.format(MISSING), HR_MISSING, "missing")]


PANEL_CASES: list[Case] = [
    *_hr("recruitment.panels_index", "GET", "/recruitment/{}/panels", "round"),
    *_hr("recruitment.panel_rule", "POST", "/recruitment/{}/panels/rule", "round"),
    *_hr("recruitment.panel_elements", "GET", "/recruitment/vacancies/{}/elements", "own_vacancy"),
    *_hr("recruitment.panel_elements", "POST", "/recruitment/vacancies/{}/elements", "own_vacancy"),
    *_hr("recruitment.panel_new", "POST", "/recruitment/vacancies/{}/panels", "own_vacancy"),
    *_hr("recruitment.panel_lots", "POST", "/recruitment/vacancies/{}/lots", "own_vacancy"),
    *_hr("recruitment.panel_summary_pdf", "GET", "/recruitment/vacancies/{}/panel-summary.pdf", "own_vacancy"),
    *_hr("recruitment.panel_member_add", "POST", "/recruitment/panels/{}/members", "panel"),
    *_hr("recruitment.panel_invite", "POST", "/recruitment/panels/members/{}/invite", "panel_member"),
    *_hr("recruitment.panel_close", "POST", "/recruitment/panels/{}/close", "panel"),
    *_hr("recruitment.panel_sheet_pdf", "GET", "/recruitment/panels/{}/sheet.pdf", "panel"),
    *_hr("recruitment.panel_override", "GET", "/recruitment/mark-sheets/{}/override", "mark_sheet"),
    *_hr("recruitment.panel_override", "POST", "/recruitment/mark-sheets/{}/override", "mark_sheet"),
    # HR and the panel's 计分员 (none here): the examiner is not the scorer.
    Case("recruitment.panel_board", "GET", lambda w: f"/recruitment/panels/{w['panel']}",
         (LOGIN, HIDDEN, HIDDEN, HIDDEN, OK, OK, HIDDEN)),
    Case("recruitment.panel_board", "GET", lambda w: f"/recruitment/panels/{MISSING}",
         (LOGIN, HIDDEN, HIDDEN, HIDDEN, HIDDEN, HIDDEN, HIDDEN), "missing"),
    Case("recruitment.my_panels", "GET", lambda w: "/recruitment/my-panels", (*ALL_LOGGED_IN, OK)),
    Case("recruitment.panel_candidates", "GET", lambda w: f"/recruitment/panels/{w['panel']}/mark", MARKERS),
    Case("recruitment.panel_candidates", "GET", lambda w: f"/recruitment/panels/{w['other_panel']}/mark",
         MARKERS_MISSING, "not_member"),
    Case("recruitment.panel_mark", "GET", lambda w: f"/recruitment/panels/{w['panel']}/mark/{w['own_application']}",
         MARKERS),
    Case("recruitment.panel_mark", "GET", lambda w: f"/recruitment/panels/{w['panel']}/mark/{w['other_application']}",
         MARKERS_MISSING, "not_seated"),
    Case("recruitment.panel_mark", "POST", lambda w: f"/recruitment/panels/{w['panel']}/mark/{w['own_application']}",
         MARKERS),
    Case("recruitment.panel_recuse", "POST",
         lambda w: f"/recruitment/panels/{w['panel']}/mark/{w['own_application']}/recuse", MARKERS),
    Case("recruitment.panel_invitation", "GET", lambda w: f"/recruitment/panels/invitation/{w['invitation']}",
         (*PUBLIC, OK)),
    Case("recruitment.panel_invitation", "POST", lambda w: "/recruitment/panels/invitation/broken", (*PUBLIC, OK),
         data=lambda w: {"new_password": "matrix-pass-123", "confirm": "matrix-pass-123"}),
]


def panels_world(world: dict) -> dict:
    """A panel on the 少儿部 vacancy, the matrix's examiner on it; another panel on the 办公室 vacancy."""
    from hrflow.extensions import db
    from hrflow.models import (
        Application,
        InterviewElement,
        MarkSheet,
        Panel,
        PanelMember,
        PanelSeat,
        Role,
        User,
        Vacancy,
    )
    from hrflow.recruitment import panels

    def examiner(username: str) -> User:
        user = User(username=username, display_name=username, role=Role.EXAMINER.value)
        user.set_password("matrix-examiner-1")
        db.session.add(user)
        return user

    own_vacancy = db.session.get(Vacancy, world["own_vacancy"])
    element = InterviewElement(vacancy_id=own_vacancy.id, name="综合分析", weight=1, full_marks=100)
    me, colleague = examiner("matrix-examiner"), examiner("matrix-colleague")
    panel = Panel(vacancy_id=own_vacancy.id, room="矩阵考场")
    panel.members = [PanelMember(user=me, duty="examiner"), PanelMember(user=colleague, duty="examiner")]
    panel.seats = [PanelSeat(application_id=world["own_application"], position=1)]
    other = Panel(vacancy_id=world["other_vacancy"], room="其他考场")
    db.session.add_all([element, panel, other])
    db.session.flush()
    sheet = MarkSheet(member_id=panel.members[1].id, application_id=world["own_application"], marks={str(element.id): 80})
    db.session.add(sheet)
    db.session.flush()
    assert db.session.get(Application, world["own_application"]) is not None
    world["users"]["examiner"] = me
    return {"panel": panel.id, "other_panel": other.id, "panel_member": panel.members[0].id, "mark_sheet": sheet.id,
            "invitation": panels.invite(panel.members[1], actor=world["users"]["hr"]).rsplit("/", 1)[1]}
