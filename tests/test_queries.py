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
from sqlalchemy import event, select

from hrflow import audit
from hrflow.extensions import db
from hrflow.models import Appointment, Department, Employee, Post, User
from hrflow.posts.services import ALL_POSTS_LIMIT, edit_post, find_post, import_post_table
from tests.conftest import department_named

GROWTHS = 5  # the second count is taken after five growth steps, the first after one
STEMS = "甲乙丙丁戊己庚辛壬癸子丑寅卯辰巳午未申酉戌亥"  # department names without digits (the table reads 5人 as a headcount)


def statements(client, url: str) -> int:
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
    return len(sent)


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
    import_post_table("".join(parts).encode(), f"extra-{step}.txt", actor=None, effective_date=date(2025, 1, 1))
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
    from hrflow.admin.services import create_user

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


def test_post_paths_name_every_post_like_its_path_in_two_queries(seeded):
    from hrflow.posts.services import post_paths

    expected = {post.id: post.path for post in db.session.scalars(select(Post))}
    assert any(path.count("/") == 2 for path in expected.values())  # sub-units (成人部/流通部/…) included
    some = sorted(expected)[:3]
    db.session.expunge_all()
    sent: list[str] = []

    def note(conn, cursor, statement, *args):
        sent.append(statement)

    event.listen(db.engine, "before_cursor_execute", note)
    try:
        every, chosen = post_paths(), post_paths(some)
    finally:
        event.remove(db.engine, "before_cursor_execute", note)
    assert every == expected
    assert chosen == {i: expected[i] for i in some}
    assert len(sent) == 4  # two for each call
