"""SQL statements per list page stay the same as the data grows (no N+1).

Each page is counted once with a small data set and again with about five times as much; the
counts must be equal. `make bench` measures the time at ten times the size; this only counts."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date

import lxml.html
import pytest
from sqlalchemy import delete, event, select, update

from hrflow import audit
from hrflow.extensions import db
from hrflow.models import SYSTEM, Appointment, Department, Employee, Post, User
from hrflow.posts.catalogue import ALL_POSTS_LIMIT
from hrflow.posts.importing import import_post_table
from hrflow.posts.operations import edit_post
from hrflow.posts.queries import find_post
from tests.conftest import department_named

GROWTHS = 5  # the second count is taken after five growth steps, the first after one


STEMS = "甲乙丙丁戊己庚辛壬癸子丑寅卯辰巳午未申酉戌亥"  # department names without digits (the table reads 5人 as a headcount)


def statements(client, url: str) -> int:
    """How many SQL statements one GET of `url` sends, nothing loaded beforehand."""
    return len(sent_statements(client, url))


def sent_statements(client, url: str) -> list[str]:
    """The SQL statements one GET of `url` sends, nothing loaded beforehand."""
    sent: list[str] = []

    def note(conn, cursor, statement, *args):
        sent.append(statement)

    db.session.expunge_all()  # nothing already loaded may hide a query
    event.listen(db.engine, "before_cursor_execute", note)
    try:
        response = client.get(url)
    finally:
        event.remove(db.engine, "before_cursor_execute", note)
    assert response.status_code == 200, url
    return sent


def rows_with_class(client, url: str, css_class: str) -> int:
    page = lxml.html.fromstring(client.get(url).get_data(as_text=True))
    return len(page.find_class(css_class))


# ---------------------------------------------------------------- growing the data

def extra_departments(step: int, departments: int = 4, posts_each: int = 5) -> list[str]:
    """Import `departments` new departments of `posts_each` posts (a post table in the Word text-dump
    format) and return their names."""
    header = "".join(f"\t{c}\n" for c in ("部门", "岗位设置", "设岗人数", "实聘人数", "岗位职责", "任职条件", "考核标准"))
    names = [f"新{STEMS[step]}{STEMS[d]}部" for d in range(departments)]
    parts = []
    for name in names:
        parts.append(f"{name}岗位职责及岗位设置\n\n{header}\n")
        for p in range(posts_each):
            first = f"{name}{posts_each}人" if p == 0 else ""
            parts.append(f"\t{first}\n\t岗位{p}\n\t2\n\t1\n\t1、负责。\n\t1、本科。\n\t完成任务。\n\n")
    import_post_table("".join(parts).encode(), f"extra-{step}.txt", actor=SYSTEM, effective_date=date(2025, 1, 1))
    db.session.commit()
    return names


def named_holder(post: Post, step: int) -> Employee:
    employee = Employee(staff_no=f"Q{post.id}-{step}", name=f"在岗{step}", gender="女")
    db.session.add(employee)
    db.session.add(Appointment(post=post, employee=employee, kind="main", start_date=date(2020, 1, 1)))
    db.session.commit()
    return employee


@dataclass
class ListPage:
    name: str
    viewer: Callable  # (make_user) -> the user who opens the page
    url: Callable[[dict], str]  # (world) -> URL
    grow: Callable[[dict, int], None]  # (world, step) adds one step of data
    row_class: str  # the rows that must be more numerous after growing


def _hr(make_user, world):
    return make_user("hr")


def _admin(make_user, world):
    return make_user("admin")


def _head_of_adult_services(make_user, world):
    """Head of 成人部, whose sub-units (流通部 …) are theirs too; they are given the new departments."""
    head = make_user("head", departments=[department_named("成人部")])
    world["head_id"] = head.id
    return head


def _grow_catalogue(world: dict, step: int) -> None:
    names = extra_departments(step)
    if "head_id" in world:
        head = db.session.get(User, world["head_id"])
        head.departments = [*head.departments, *(department_named(n) for n in names)]
        db.session.commit()


def _grow_post(world: dict, step: int) -> None:
    post = db.session.get(Post, world["post_id"])
    named_holder(post, step)
    edit_post(post, {"seats": post.current.seats + 1}, actor=db.session.get(User, world["editor_id"]),
              reason=f"第 {step} 次调整")
    db.session.commit()
    extra_departments(step, departments=1)  # and the unit grows around it


def _grow_users(world: dict, step: int) -> None:
    from hrflow.admin.operations import create_user

    actor = db.session.get(User, world["viewer_id"])
    sub_unit = db.session.scalar(select(Department).where(Department.name == "流通部"))
    for n, (role, departments) in enumerate([("head", [sub_unit]), ("head", [department_named("少儿部")]),
                                             ("employee", []), ("hr", [])]):
        employee = None
        if role == "employee":
            employee = Employee(staff_no=f"U{step}-{n}", name=f"职工{step}{n}", gender="男")
            db.session.add(employee)
            db.session.flush()
        create_user(f"user-{step}-{n}", "a-long-passphrase-42", role, actor=actor, display_name=f"用户{step}{n}",
                    employee=employee, departments=departments)
    db.session.commit()


def _grow_audit(world: dict, step: int) -> None:
    actors = db.session.scalars(select(User)).all()
    for n in range(8):
        audit.record(actors[n % len(actors)], f"test.step{n % 3}", f"第 {step} 步第 {n} 条", reason="测试",
                     details={"step": step, "n": n})
    db.session.commit()


PAGES = [
    ListPage("catalogue", _hr, lambda w: "/posts/", _grow_catalogue, "cat-dept"),
    ListPage("catalogue opened department", _hr,
             lambda w: f"/posts/?department={department_named('成人部').id}", _grow_catalogue, "cat-dept"),
    ListPage("catalogue search", _hr, lambda w: "/posts/?q=岗位", _grow_catalogue, "cat-post"),
    ListPage("catalogue of a head", _head_of_adult_services, lambda w: "/posts/", _grow_catalogue, "cat-dept"),
    ListPage("post page", _hr, lambda w: f"/posts/{w['post_id']}", _grow_post, "list-group-item"),
    ListPage("users", _admin, lambda w: "/admin/users", _grow_users, "user-row"),
    ListPage("audit log", _admin, lambda w: "/admin/audit", _grow_audit, "audit-row"),
]


@pytest.mark.parametrize("page", PAGES, ids=[p.name for p in PAGES])
def test_list_page_statements_do_not_grow_with_the_data(client, seeded, make_user, login, page):
    world: dict = {"post_id": find_post("办公室/办证咨询").id, "editor_id": make_user("hr").id}
    viewer = login(page.viewer(make_user, world))
    world["viewer_id"] = viewer.id
    page.grow(world, 1)
    small_rows = rows_with_class(client, page.url(world), page.row_class)
    small = statements(client, page.url(world))
    for step in range(2, GROWTHS + 1):
        page.grow(world, step)
    assert rows_with_class(client, page.url(world), page.row_class) > small_rows  # the page did show more
    assert statements(client, page.url(world)) == small


def test_a_large_catalogue_lists_departments_and_opens_one(client, seeded, make_user, login):
    """Past ALL_POSTS_LIMIT posts the catalogue folds: every department with its totals, and the
    posts of the department HR opened (its sub-units included)."""
    login(make_user("hr"))
    extra_departments(1, departments=ALL_POSTS_LIMIT // 10 + 1, posts_each=10)
    departments = db.session.scalar(select(db.func.count(Department.id)))
    page = lxml.html.fromstring(client.get("/posts/").get_data(as_text=True))
    assert len(page.find_class("cat-dept")) == departments
    assert page.find_class("cat-post") == []
    adult = department_named("成人部")
    link = page.get_element_by_id(f"dept-{adult.id}").xpath(".//a")[0]
    assert link.get("href") == f"/posts/?department={adult.id}#dept-{adult.id}"
    opened = lxml.html.fromstring(client.get(link.get("href")).get_data(as_text=True))
    posts = [re.sub(r"\s+", " ", row.text_content()).strip() for row in opened.find_class("cat-post")]
    assert len(posts) == len(find_subtree_posts(adult))
    assert any(p.startswith("主任") for p in posts)
    # Search still looks through every post, not only the opened department's.
    found = lxml.html.fromstring(client.get("/posts/", query_string={"q": "出纳"}).get_data(as_text=True))
    assert [re.sub(r"\s+", " ", r.text_content()).strip().split(" ")[0] for r in found.find_class("cat-post")] == ["办公室"]


def find_subtree_posts(department: Department) -> list[Post]:
    ids = department.subtree_ids()
    return list(db.session.scalars(select(Post).where(Post.department_id.in_(ids), Post.current_version_id.is_not(None))))


def test_post_paths_name_every_post_like_its_path_in_two_queries(app, seeded):
    from hrflow.posts.queries import post_paths

    expected = {post.id: post.path for post in db.session.scalars(select(Post))}
    assert any(path.count("/") == 2 for path in expected.values())  # sub-units (成人部/流通部/…) included
    some = sorted(expected)[:3]
    db.session.expunge_all()
    sent: list[str] = []

    def note(conn, cursor, statement, *args):
        sent.append(statement)

    event.listen(db.engine, "before_cursor_execute", note)
    try:
        with app.test_request_context("/"):  # the department tree is read once per request
            every, chosen = post_paths(), post_paths(some)
    finally:
        event.remove(db.engine, "before_cursor_execute", note)
    assert every == expected
    assert chosen == {i: expected[i] for i in some}
    # The department tree once for the request, then the post names for each call.
    assert len(sent) == 3 and sum("FROM department" in statement for statement in sent) == 1


# ---------------------------------------------------------------- recruitment pages

def _round_world(make_user, world: dict, role: str) -> User:
    from hrflow.models import RecruitmentRound

    round_ = RecruitmentRound(name="查询计数轮次", cutoff_date=date(2026, 6, 30))
    db.session.add(round_)
    db.session.commit()
    world["round_id"] = round_.id
    if role == "head":
        return _head_of_adult_services(make_user, world)
    return make_user(role)


def _grow_round(world: dict, step: int) -> None:
    """One more department of posts, each a vacancy of the round with one applicant (rules as JSON)."""
    from hrflow.models import Applicant, Application, Vacancy

    _grow_catalogue(world, step)
    new = [department_named(f"新{STEMS[step]}{STEMS[d]}部").id for d in range(4)]
    for post in db.session.scalars(select(Post).where(Post.department_id.in_(new)).order_by(Post.id)):
        vacancy = Vacancy(round_id=world["round_id"], post_id=post.id, post_version_id=post.current_version_id,
                          openings=1, requirements=["35周岁以下"],
                          rules=[{"text": "35周岁以下", "kind": "age", "required": True}])
        applicant = Applicant(round_id=world["round_id"], name=f"应聘{step}-{post.id}", gender="女")
        db.session.add_all([vacancy, applicant])
        db.session.add(Application(applicant=applicant, vacancy=vacancy, status="needs_review", verdicts=[]))
    db.session.commit()


ROUND_PAGES = [
    ("round page", "hr", lambda w: f"/recruitment/{w['round_id']}", "vacancy-row"),
    ("round page of a head", "head", lambda w: f"/recruitment/{w['round_id']}", "vacancy-row"),
    ("applicants", "hr", lambda w: f"/recruitment/{w['round_id']}/applicants", "applicant-row"),
    ("applicants of a head", "head", lambda w: f"/recruitment/{w['round_id']}/applicants", "applicant-row"),
]


@pytest.mark.parametrize(("role", "url", "row_class"), [p[1:] for p in ROUND_PAGES], ids=[p[0] for p in ROUND_PAGES])
def test_recruitment_page_statements_do_not_grow_with_the_vacancies(client, seeded, make_user, login, role, url,
                                                                    row_class):
    world: dict = {}
    login(_round_world(make_user, world, role))
    _grow_round(world, 1)
    small_rows = rows_with_class(client, url(world), row_class)
    small = statements(client, url(world))
    for step in range(2, GROWTHS + 1):
        _grow_round(world, step)
    assert rows_with_class(client, url(world), row_class) > small_rows  # the page did show more
    assert statements(client, url(world)) == small



def test_review_round_reads_rows_keeps_decisions_and_refreshes_loaded_applications(seeded, make_user):
    """A round is reviewed in the same few statements however many applications it holds; HR's
    decisions still count, and applications already loaded show the new verdicts."""
    from hrflow.models import Application, RuleDecision
    from hrflow.recruitment import operations as rs
    from hrflow.recruitment.applicants import ApplicantData, add_applicant

    hr = make_user("hr")
    round_ = rs.open_round("复审轮次", date(2026, 6, 30), actor=hr, all_vacancies=True)
    property_post, desk_post = find_post("物业管理部/工作人员"), find_post("办公室/办证咨询")
    from hrflow.rules import parse_requirements

    vacancy = next(v for v in round_.vacancies if v.post_id == property_post.id)
    rs.correct_rules(vacancy, parse_requirements(["全日制本科及以上学历或同等学历", "35周岁以下"]), reason="按招聘方案补充条件",
                     actor=hr)

    def applicant(name: str, post: Post, study_mode: str = "全日制") -> Application:
        data = ApplicantData(name=name, gender="女", birth_date=date(1995, 3, 1), education="本科",
                                study_mode=study_mode)
        return add_applicant(round_, data, post, actor=hr)

    sent: list[str] = []

    def note(conn, cursor, statement, *args):
        sent.append(statement)

    def review() -> dict:
        sent.clear()
        event.listen(db.engine, "before_cursor_execute", note)
        try:
            return {r["applicant"]: r for r in rs.review_round(round_)}
        finally:
            event.remove(db.engine, "before_cursor_execute", note)

    late = applicant("函授甲", property_post, study_mode="函授")  # 全日制 is asked for: HR must check
    db.session.commit()
    assert review()["函授甲"]["status"] == "needs_review"
    few = len(sent)
    for n in range(6):
        applicant(f"乙{n}", desk_post if n % 2 else property_post)
    db.session.commit()
    results = review()
    assert len(sent) == few
    assert len(results) == 7
    assert results["函授甲"]["post"] == "物业管理部/工作人员" and results["乙1"]["post"] == "办公室/办证咨询"
    pending = [i for i, v in enumerate(late.verdicts) if v["verdict"] == "needs_review"]
    assert pending
    for index in pending:
        rs.decide_rule(late, index, "met", "学信网核实为全日制", actor=hr)
    db.session.commit()
    unsynchronized = {"synchronize_session": False}
    db.session.execute(update(Application).where(Application.id == late.id).values(status="not_eligible"),
                       execution_options=unsynchronized)
    results = review()
    assert results["函授甲"]["status"] == "eligible"  # HR's decisions count
    assert [r["verdict"] for i, r in enumerate(results["函授甲"]["rules"]) if i in pending] == ["met"] * len(pending)
    assert late.status == "eligible"
    # The decisions go behind the loaded objects' back: the review must make the loaded application show it.
    db.session.execute(delete(RuleDecision).where(RuleDecision.application_id == late.id),
                       execution_options=unsynchronized)
    assert review()["函授甲"]["status"] == "needs_review"
    assert late.status == "needs_review"  # expired by the review and read again, no refresh needed


def test_round_page_lists_its_vacancies_page_by_page_with_the_whole_rounds_totals(app, client, seeded, make_user,
                                                                                   login):
    """A round of many posts shows PAGE_SIZE vacancies at a time; the totals above the table still count
    every vacancy and every application of the round, not only those on the page."""
    from hrflow.models import Application, Vacancy

    world: dict = {}
    login(_round_world(make_user, world, "hr"))
    _grow_round(world, 1)
    _grow_round(world, 2)
    vacancies = db.session.scalar(select(db.func.count(Vacancy.id)).where(Vacancy.round_id == world["round_id"]))
    applications = db.session.scalar(select(db.func.count(Application.id)).join(Vacancy, Application.vacancy_id == Vacancy.id)
                                     .where(Vacancy.round_id == world["round_id"]))
    assert vacancies > 3
    url = f"/recruitment/{world['round_id']}"
    app.config["PAGE_SIZE"] = 3
    try:
        first = lxml.html.fromstring(client.get(url).get_data(as_text=True))
        last_page = -(-vacancies // 3)
        last = lxml.html.fromstring(client.get(f"{url}?page={last_page}").get_data(as_text=True))
        assert client.get(f"{url}?page={last_page + 1}").status_code == 404
    finally:
        app.config["PAGE_SIZE"] = 50
    stats = {s.find_class("seat-stat-label")[0].text_content(): s.find_class("seat-stat-value")[0].text_content()
             for s in first.find_class("seat-stat")}
    assert stats["岗位"] == str(vacancies)
    assert stats["报名"] == str(applications)
    assert stats["待审核"] == str(applications)  # _grow_round leaves every application to be reviewed
    assert len(first.find_class("vacancy-row")) == 3
    assert len(last.find_class("vacancy-row")) == vacancies - 3 * (last_page - 1)
    assert first.xpath("//a[@rel='next']")
    # Each row links to its vacancy and to its applicants, as url_for builds them.
    link = first.find_class("vacancy-row")[0].xpath(".//a")[0].get("href")
    assert re.fullmatch(r"/recruitment/vacancies/\d+", link)


def _hire_everywhere(step: int, per_post: int) -> None:
    """`per_post` people on every post of 成人部 (sub-units included), and a new department with its staff."""
    adult = department_named("成人部")
    for post in db.session.scalars(select(Post).where(Post.department_id.in_(adult.subtree_ids())).order_by(Post.id)):
        for n in range(per_post):
            named_holder(post, step * 10 + n)
    new = department_named(extra_departments(step, departments=1)[0])
    for post in db.session.scalars(select(Post).where(Post.department_id == new.id)):
        named_holder(post, step)


def _cycle_with_work_in_progress(year: int, hr_id: int) -> None:
    """Open `year`'s cycle and take it to head review with every kind of row: not graded, summary
    submitted, review drafted, review submitted, untouched."""
    from hrflow.assessment import grading, head_review, operations, queries
    from hrflow.models import CycleStatus, SpecialCase
    from tests.assessment_support import full_review

    hr = db.session.get(User, hr_id)
    cycle = operations.open_cycle(year, actor=hr).cycle
    operations.advance(cycle, CycleStatus.SELF_REVIEW, actor=hr)
    forms = queries.department_assessments(cycle)
    grading.flag_special_case(forms[0], SpecialCase.NOT_GRADED, actor=hr, reason="病假超过半年")
    for form in forms[1::2]:
        form.self_summary = "按时完成各项工作。"
        form.submit_self()
    operations.advance(cycle, CycleStatus.HEAD_REVIEW, actor=hr)
    for n, form in enumerate(forms[1::2]):
        if n % 2:
            head_review.submit_head_review(form, actor=hr, review=full_review(form))
        else:
            head_review.save_head_review(form, full_review(form), actor=hr)
    db.session.commit()


ASSESSMENT_PAGES = [
    ("cycle overview", lambda year: f"/assessment/{year}", "as-dept-progress"),
    ("department", lambda year: f"/assessment/{year}/departments/{department_named('成人部').id}", "as-person"),
    # HR's decision page: a page of people, the whole unit's counts beside them. At head review nobody's
    # grade can be set yet: each gradeable row shows its grade as text (as-fixed-grade), not a control.
    ("decision", lambda year: f"/assessment/{year}/decision", "as-fixed-grade"),
    ("decision of a department", lambda year: f"/assessment/{year}/decision/{department_named('成人部').id}",
     "as-fixed-grade"),
]


@pytest.mark.parametrize(("url", "row_class"), [p[1:] for p in ASSESSMENT_PAGES], ids=[p[0] for p in ASSESSMENT_PAGES])
def test_assessment_page_statements_do_not_grow_with_the_staff(client, seeded, make_user, login, url, row_class):
    hr_id = login(make_user("hr")).id
    _hire_everywhere(1, per_post=1)
    _cycle_with_work_in_progress(2025, hr_id)
    small_rows = rows_with_class(client, url(2025), row_class)
    small = statements(client, url(2025))
    for step in range(2, GROWTHS + 1):
        _hire_everywhere(step, per_post=2)
    _cycle_with_work_in_progress(2026, hr_id)
    assert rows_with_class(client, url(2026), row_class) > small_rows  # the page did show more
    assert statements(client, url(2026)) == small


def test_the_excellent_list_statements_do_not_grow_with_the_excellent(client, seeded, make_user, login):
    from hrflow.models import Assessment, AssessmentCycle

    def every_third_excellent(year: int) -> None:
        cycle_id = db.session.scalar(select(AssessmentCycle.id).where(AssessmentCycle.year == year))
        ids = db.session.scalars(select(Assessment.id).where(Assessment.cycle_id == cycle_id)
                                 .order_by(Assessment.id)).all()
        db.session.execute(update(Assessment).where(Assessment.id.in_(ids[::3])).values(grade="excellent"))
        db.session.commit()

    hr_id = login(make_user("hr")).id
    _hire_everywhere(1, per_post=1)
    _cycle_with_work_in_progress(2025, hr_id)
    every_third_excellent(2025)
    small_rows = rows_with_class(client, "/assessment/2025/excellent", "num") - 1  # the header's 序号 too
    small = statements(client, "/assessment/2025/excellent")
    for step in range(2, GROWTHS + 1):
        _hire_everywhere(step, per_post=2)
    _cycle_with_work_in_progress(2026, hr_id)
    every_third_excellent(2026)
    assert rows_with_class(client, "/assessment/2026/excellent", "num") - 1 > small_rows > 0
    assert statements(client, "/assessment/2026/excellent") == small


def test_the_department_tree_is_read_once_per_request_and_again_after_the_import_writes(app):
    from hrflow.models.org import department_tree, forget_department_tree

    db.session.add(Department(name="待写部门", position=99))
    assert "待写部门" in department_tree().paths.values()  # outside a request: read each time, flushing first
    with app.test_request_context("/"):
        kept = department_tree()
        renamed = db.session.scalar(select(Department).where(Department.name == "待写部门"))
        renamed.name = "改名部门"
        assert department_tree() is kept  # one read per request
        forget_department_tree()  # what the import does after writing departments
        assert "改名部门" in department_tree().paths.values()
    with app.test_request_context("/"):
        app.preprocess_request()  # a new request starts with no tree
        assert department_tree() is not kept
    db.session.rollback()


@pytest.mark.parametrize(("value", "length"), [(["a", "b", "c"], 3), ([], 0), ({"a": 1}, 0), ("text", 0), (None, 0)])
def test_json_list_length_counts_the_items_of_a_list_only(app, value, length):
    """The database counts a JSON list's items (a list page needs the count of a post's duties, not their
    texts); SQL NULL and JSON that is not a list count 0, on SQLite and PostgreSQL alike."""
    from sqlalchemy import JSON, literal, null, type_coerce

    from hrflow.models.base import json_list_length

    stored = null() if value is None else type_coerce(literal(value, JSON), JSON)
    with app.app_context():
        assert db.session.scalar(select(json_list_length(stored))) == length


def test_a_tree_read_as_a_column_is_the_tree_read_on_its_own(app, seeded):
    """The department tree a page's first statement brings along (department_tree_column) is the tree its own
    statement reads: the same rows in table order, a sub-unit under its parent, whatever order the ids are in."""
    from hrflow.models.org import _read_tree, department_tree, department_tree_column, keep_department_tree

    db.session.add(Department(name="最前部门", position=-1))  # the newest id, first in table order
    db.session.flush()
    own = _read_tree()
    assert own.rows[0].name == "最前部门" and any(path.count("/") == 1 for path in own.paths.values())
    column = db.session.scalar(select(department_tree_column()))
    assert keep_department_tree(column).rows == own.rows  # outside a request: the tree, held nowhere
    with app.test_request_context("/"):
        keep_department_tree(column)
        assert department_tree().rows == own.rows
        assert department_tree().paths == own.paths
        keep_department_tree(None)  # PostgreSQL's json_agg of no rows
        assert department_tree().rows == []
    db.session.rollback()


def _reads_the_tree_alone(statement: str) -> bool:
    return statement.lstrip().startswith("SELECT department.id, department.parent_id")


TREE_PAGES = [  # (name, url, a department's name the page shows, from the tree; None: the page names none yet)
    ("round page", lambda w: f"/recruitment/{w['round_id']}", "新乙甲部"),
    ("applicants", lambda w: f"/recruitment/{w['round_id']}/applicants", "新乙甲部"),
    ("cycle overview", lambda w: "/assessment/2025", "成人部"),
    ("department", lambda w: f"/assessment/2025/departments/{department_named('成人部').id}", "成人部"),
    ("decision", lambda w: "/assessment/2025/decision", "成人部"),
    ("excellent list", lambda w: "/assessment/2025/excellent", None),  # nobody 优秀 yet
]


@pytest.mark.parametrize(("url", "shown"), [p[1:] for p in TREE_PAGES], ids=[p[0] for p in TREE_PAGES])
def test_list_pages_read_the_department_tree_with_a_statement_they_send_anyway(client, seeded, make_user, login,
                                                                                url, shown):
    """On PostgreSQL a statement costs more than the tree's twenty rows: these pages read the tree as a JSON
    column of the round's, the cycle's or the vacancies' statement, and still name every department."""
    world: dict = {}
    hr = _round_world(make_user, world, "hr")
    login(hr)
    _grow_round(world, 1)
    _hire_everywhere(1, per_post=1)
    _cycle_with_work_in_progress(2025, hr.id)
    sent = sent_statements(client, url(world))
    assert any("department.parent_id" in statement for statement in sent)  # the tree was read…
    assert not any(_reads_the_tree_alone(statement) for statement in sent)  # …with another statement
    assert shown is None or shown in client.get(url(world)).get_data(as_text=True)
