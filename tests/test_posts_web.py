"""The post pages: catalogue, post page and versions, editing, importing a table, my post."""

from __future__ import annotations

import io
import re
from datetime import date

import lxml.html
import pytest
from sqlalchemy import event, func, select

from hrflow.extensions import db
from hrflow.models import SYSTEM, AuditLog, Department, ImportBatch, Post, PostVersion, User
from hrflow.posts.importing import import_post_table
from hrflow.posts.queries import find_post
from hrflow.posts.seats import stats
from tests.conftest import ROOT, SEED

SEED_TOTALS = {"departments": 8, "posts": 21, "seats": 45, "filled": 42, "vacant": 3, "recruitable": 2}
TOP_DEPARTMENTS = ["办公室", "物业管理部", "采编部", "技术保障中心", "特藏部", "地方文献和参考咨询", "少儿部", "成人部"]


# ---------------------------------------------------------------- helpers

def user(username: str) -> User:
    return db.session.scalar(select(User).where(User.username == username))


def count(model) -> int:
    return db.session.scalar(select(func.count()).select_from(model))


def html(response) -> lxml.html.HtmlElement:
    return lxml.html.fromstring(response.get_data(as_text=True))


def text_of(element) -> str:
    return re.sub(r"\s+", " ", element.text_content()).strip()


def rows(page, css_class: str) -> list[list[str]]:
    """Each table row with that class, as the texts of its cells."""
    return [[text_of(cell) for cell in row.xpath("./th|./td")] for row in page.find_class(css_class)]


def row_named(page, css_class: str, name: str) -> list[str]:
    found = [r for r in rows(page, css_class) if r[0].split(" ")[0] == name]
    assert len(found) == 1, (name, rows(page, css_class))
    return found[0]


def textarea(page, element_id: str) -> str:
    # A browser drops the newline that starts a textarea's content; lxml keeps it.
    return page.get_element_by_id(element_id).text_content().removeprefix("\r\n").removeprefix("\n")


def the_post(path: str) -> Post:
    post = find_post(path)
    assert post is not None, path
    return post


def upload(client, data: bytes, filename: str):
    return client.post("/posts/import", data={"table": (io.BytesIO(data), filename)},
                       content_type="multipart/form-data")


def confirm_fields(page) -> dict:
    form = page.get_element_by_id("import-confirm")
    return {i.get("name"): i.get("value") for i in form.xpath(".//input[@type='hidden']")}


@pytest.fixture
def as_role(demo, login):
    """as_role('hr') signs the client in as the demo user with that name."""
    return lambda username: login(user(username))


# ---------------------------------------------------------------- who may open what

@pytest.mark.parametrize("url", ["/posts/", "/posts/1", "/posts/1/versions/1", "/posts/1/edit", "/posts/import", "/my-post"])
def test_anonymous_visitors_are_sent_to_login(client, demo, url):
    response = client.get(url)
    assert response.status_code == 302
    assert response.headers["Location"].startswith("/login")


@pytest.mark.parametrize(
    ("username", "url", "status"),
    [
        ("employee", "/posts/", 403),
        ("employee", "/posts/import", 403),
        ("employee", "/posts/{own}/edit", 403),
        ("head", "/posts/import", 403),
        ("head", "/posts/{own}/edit", 403),
        ("hr", "/posts/", 200),
        ("admin", "/posts/import", 200),
        ("hr", "/posts/{own}/edit", 200),
    ],
)
def test_role_pages(client, as_role, username, url, status):
    as_role(username)
    own = the_post("少儿部/工作人员").id
    assert client.get(url.format(own=own)).status_code == status


def test_import_confirm_is_hr_only(client, as_role):
    as_role("head")
    assert client.post("/posts/import/confirm", data={"token": "x", "filename": "a.txt"}).status_code == 403


# ---------------------------------------------------------------- catalogue

def test_hr_sees_every_department_and_the_unit_totals(client, as_role):
    as_role("hr")
    page = html(client.get("/posts/"))
    departments = [r[0] for r in rows(page, "cat-dept") if not r[0].startswith(("流通部", "报刊自习部", "社会工作部"))]
    assert [d.split(" ")[0] for d in departments] == TOP_DEPARTMENTS
    assert rows(page, "cat-total") == [["全馆合计", "45", "42", "3", "2"]]
    # Sub-units under 成人部, rolled up into it.
    assert row_named(page, "cat-dept", "流通部")[1:] == ["11", "11", "0", "0"]
    assert row_named(page, "cat-dept", "成人部")[1:] == ["16", "16", "0", "0"]
    # 采编部: one vacant seat that is not to be recruited this time.
    assert row_named(page, "cat-dept", "采编部")[1:] == ["2", "1", "1", "0"]
    assert "此次不聘" in text_of(page)
    assert len(page.find_class("cat-post")) == 21


def test_documented_headcount_is_flagged_where_it_differs_from_seats(client, as_role):
    as_role("hr")
    page = html(client.get("/posts/"))
    flagged = [text_of(b) for b in page.xpath("//tr[contains(@class,'cat-dept')]//span[contains(@class,'text-bg-warning')]")]
    assert flagged == ["标注 6人，设岗合计 8", "标注 2人，设岗合计 3", "标注 1人，设岗合计 2"]
    assert "标注 10人" in row_named(page, "cat-dept", "少儿部")[0]


def test_post_rows_link_to_the_post_page(client, as_role):
    as_role("hr")
    post = the_post("办公室/办证咨询")
    page = html(client.get("/posts/"))
    links = page.xpath(f"//tr[contains(@class,'cat-post')]//a[@href='/posts/{post.id}']")
    assert [text_of(a) for a in links] == ["办证咨询"]


def test_head_sees_only_the_departments_they_head(client, as_role):
    as_role("head")
    page = html(client.get("/posts/"))
    assert [r[0].split(" ")[0] for r in rows(page, "cat-dept")] == ["少儿部"]
    assert [r[0].split(" ")[0] for r in rows(page, "cat-post")] == ["主任（低幼部主任、青少部主任）", "工作人员（低幼部4人、青少部4人）"]
    assert rows(page, "cat-total") == []  # the unit totals are HR's
    assert "办公室" not in text_of(page.xpath("//table")[0])


def test_head_of_a_parent_department_sees_its_sub_units(client, demo, make_user, login):
    from tests.conftest import department_named

    login(make_user("head", departments=[department_named("成人部")]))
    page = html(client.get("/posts/"))
    assert [r[0].split(" ")[0] for r in rows(page, "cat-dept")] == ["成人部", "流通部", "报刊自习部", "社会工作部"]


def test_search_finds_posts_by_name_or_note_with_their_department(client, as_role):
    as_role("hr")
    page = html(client.get("/posts/", query_string={"q": "主任"}))
    found = rows(page, "cat-post")
    assert len(found) == 10  # every 主任 and the 办证咨询主任
    assert "成人部/流通部 主任" in [r[0] for r in found]
    by_note = rows(html(client.get("/posts/", query_string={"q": "出纳"})), "cat-post")
    assert by_note == [["办公室 财务室人员（会计、出纳）", "2", "2", "0", "0"]]
    assert "找到 0 个岗位" in text_of(html(client.get("/posts/", query_string={"q": "馆长"})))


def test_search_by_a_head_stays_in_their_departments(client, as_role):
    as_role("head")
    found = rows(html(client.get("/posts/", query_string={"q": "主任"})), "cat-post")
    assert [r[0] for r in found] == ["少儿部 主任（低幼部主任、青少部主任）"]


def _extra_table(departments: int, posts_each: int) -> bytes:
    """A post table in the Word text-dump format with made-up departments."""
    header = "".join(f"\t{c}\n" for c in ("部门", "岗位设置", "设岗人数", "实聘人数", "岗位职责", "任职条件", "考核标准"))
    parts = []
    for d in range(departments):
        name = f"新设{'甲乙丙丁戊己庚辛壬癸'[d]}部"
        parts.append(f"{name}岗位职责及岗位设置\n\n{header}\n")
        for p in range(posts_each):
            first = f"{name}{posts_each}人" if p == 0 else ""
            parts.append(f"\t{first}\n\t岗位{p}\n\t1\n\t1\n\t1、负责。\n\t1、本科。\n\t完成任务。\n\n")
    return "".join(parts).encode()


def _statements_for(client, url: str) -> int:
    statements = []

    def note(conn, cursor, statement, *args):
        statements.append(statement)

    db.session.expunge_all()  # nothing already loaded may hide a query
    event.listen(db.engine, "before_cursor_execute", note)
    try:
        response = client.get(url)
    finally:
        event.remove(db.engine, "before_cursor_execute", note)
    assert response.status_code == 200
    return len(statements)


def test_catalogue_query_count_does_not_grow_with_the_table(client, as_role):
    as_role("hr")
    before = _statements_for(client, "/posts/")
    import_post_table(_extra_table(5, 4), "more.txt", actor=SYSTEM)
    db.session.commit()
    assert stats()["posts"] == 21 + 20
    page = html(client.get("/posts/"))
    assert len(page.find_class("cat-post")) == 41
    assert _statements_for(client, "/posts/") == before
    as_role("head")
    head_before = _statements_for(client, "/posts/")
    import_post_table(_extra_table(8, 3), "even-more.txt", actor=SYSTEM)
    db.session.commit()
    assert _statements_for(client, "/posts/") == head_before


def test_post_page_query_count_does_not_grow_with_holders_or_versions(client, as_role, make_user):
    from hrflow.posts.operations import edit_post

    as_role("hr")
    one_holder = the_post("办公室/办证咨询")
    eight_holders = the_post("少儿部/工作人员")
    baseline = _statements_for(client, f"/posts/{one_holder.id}")
    assert _statements_for(client, f"/posts/{eight_holders.id}") == baseline
    for seats in (9, 10, 11):
        post = db.session.get(Post, eight_holders.id)
        edit_post(post, {"seats": seats}, actor=make_user("hr"), reason=f"调整为 {seats}")
        db.session.commit()
    assert _statements_for(client, f"/posts/{eight_holders.id}") == baseline


# ---------------------------------------------------------------- post page

def test_post_page_shows_the_description_counts_and_history(client, as_role):
    as_role("hr")
    post = the_post("办公室/主任")
    page = html(client.get(f"/posts/{post.id}"))
    content = text_of(page)
    assert "办公室" in content and "由副书记兼任" in content
    duties = page.xpath("//section[h2='岗位职责']//li")
    assert [text_of(li) for li in duties] == post.current.duties and len(duties) == 5
    facts = dict(zip([text_of(x) for x in page.xpath("//dl[contains(@class,'post-facts')]/dt")],
                     [text_of(x) for x in page.xpath("//dl[contains(@class,'post-facts')]/dd")], strict=True))
    assert (facts["设岗人数"], facts["实聘"], facts["空缺"], facts["岗位类别"]) == ("1", "1", "0", "未填写 设置")
    history = page.xpath("//table[contains(@class,'version-table')]/tbody/tr")
    assert len(history) == 1 and "导入 seed_posts.txt" in text_of(history[0])
    assert page.xpath(f"//a[@href='/posts/{post.id}/edit']")


def test_holders_are_named_with_the_concurrent_note(client, as_role):
    as_role("hr")
    post = the_post("办公室/主任")
    holders = html(client.get(f"/posts/{post.id}")).xpath("//div[contains(@class,'card-header')][.='在岗人员']/..//li")
    assert len(holders) == 1
    assert "兼任" in text_of(holders[0]) and "由副书记兼任" in text_of(holders[0])
    holder = post.appointments[0].employee
    assert holder.name in text_of(holders[0])


def test_unnamed_incumbents_are_listed_as_such(client, seeded, make_user, login):
    login(make_user("hr"))
    post = the_post("少儿部/工作人员")
    holders = html(client.get(f"/posts/{post.id}")).xpath("//div[contains(@class,'card-header')][.='在岗人员']/..//li")
    assert [text_of(li) for li in holders] == ["未具名在岗人员"] * 8


def test_not_recruitable_post_is_marked(client, as_role):
    as_role("hr")
    post = the_post("采编部/主任")
    page = html(client.get(f"/posts/{post.id}"))
    assert "此次不聘" in [text_of(b) for b in page.find_class("badge")]
    assert "（此次不聘）" in text_of(page)


def test_employee_sees_their_own_post_without_holders_and_no_other_post(client, as_role):
    as_role("employee")
    own = the_post("少儿部/工作人员")
    response = client.get(f"/posts/{own.id}")
    assert response.status_code == 200
    page = html(response)
    assert "在岗人员" not in text_of(page)
    assert not page.xpath(f"//a[@href='/posts/{own.id}/edit']")
    assert user("employee").employee.name not in text_of(page.xpath("//main")[0])
    assert client.get(f"/posts/{the_post('少儿部/主任').id}").status_code == 404
    assert client.get(f"/posts/{the_post('办公室/主任').id}").status_code == 404
    assert client.get("/posts/999999").status_code == 404


def test_head_sees_holders_in_their_department_and_nothing_elsewhere(client, as_role):
    as_role("head")
    own = the_post("少儿部/工作人员")
    assert "在岗人员" in client.get(f"/posts/{own.id}").get_data(as_text=True)
    assert client.get(f"/posts/{the_post('办公室/主任').id}").status_code == 404
    assert client.get(f"/posts/{the_post('办公室/主任').id}/versions/1").status_code == 404


def test_post_page_links_to_the_printed_description(client, as_role, app):
    from flask import url_for

    as_role("employee")
    post = the_post("少儿部/工作人员")
    expected = url_for("printing.post_description", post_id=post.id, _external=False)
    page = html(client.get(f"/posts/{post.id}"))
    assert [text_of(a) for a in page.xpath(f"//a[@href='{expected}']")] == ["打印岗位说明书 (PDF)"]


def test_a_past_version_is_shown_read_only(client, as_role):
    as_role("hr")
    post = the_post("办公室/办证咨询")
    client.post(f"/posts/{post.id}/edit", data=_form(post, seats="3", reason="2026 年增设一个咨询岗位"))
    assert post.current.number == 2
    page = html(client.get(f"/posts/{post.id}/versions/1"))
    facts = dict(zip([text_of(x) for x in page.xpath("//dl[contains(@class,'post-facts')]/dt")],
                     [text_of(x) for x in page.xpath("//dl[contains(@class,'post-facts')]/dd")], strict=True))
    assert facts["设岗人数"] == "2"
    assert "历史版本" in text_of(page)
    assert not page.xpath(f"//a[@href='/posts/{post.id}/edit']")
    assert "在岗人员" not in text_of(page)  # today's holders belong with the version in force
    history = [text_of(r) for r in page.xpath("//table[contains(@class,'version-table')]/tbody/tr")]
    assert history[0].startswith("第 2 版 当前") and "2026 年增设一个咨询岗位" in history[0]
    assert client.get(f"/posts/{post.id}/versions/3").status_code == 404


# ---------------------------------------------------------------- editing

def _form(post: Post, **overrides) -> dict:
    current = post.current
    data = {
        "name": current.name, "note": current.note or "", "category": current.category or "",
        "grade_level": current.grade_level or "", "supervisor": current.supervisor or "",
        "seats": str(current.seats), "duties": "\n".join(current.duties),
        "requirements": "\n".join(current.requirements), "standard": "\n".join(current.standard), "reason": "",
        "based_on": str(current.number),
    }
    if current.recruitable:
        data["recruitable"] = "y"
    data.update(overrides)
    return {k: v for k, v in data.items() if v is not None}


def test_edit_form_is_filled_with_the_current_version(client, as_role):
    as_role("hr")
    post = the_post("办公室/财务室人员")
    page = html(client.get(f"/posts/{post.id}/edit"))
    assert page.get_element_by_id("name").value == "财务室人员"
    assert page.get_element_by_id("note").value == "会计、出纳"
    assert page.get_element_by_id("seats").value == "2"
    assert textarea(page, "duties").splitlines() == post.current.duties
    assert [o.get("value") for o in page.get_element_by_id("category").xpath("./option")] == \
        ["", "management", "professional", "worker"]
    assert textarea(page, "reason") == ""


def test_edit_without_a_reason_makes_no_version(client, as_role):
    as_role("hr")
    post = the_post("办公室/办证咨询")
    response = client.post(f"/posts/{post.id}/edit", data=_form(post, seats="3", reason="  "))
    assert response.status_code == 422
    page = html(response)
    assert "请填写修改原因" in text_of(page)
    assert page.get_element_by_id("seats").value == "3"  # what was typed is kept
    db.session.expire_all()
    assert post.current.number == 1 and count(PostVersion) == 21


def test_edit_makes_version_two_and_an_audit_entry_with_the_reason(client, as_role):
    as_role("hr")
    post = the_post("办公室/办证咨询")
    response = client.post(
        f"/posts/{post.id}/edit",
        data=_form(post, seats="3", category="management", supervisor="办证咨询主任",
                   duties="1、负责读者证办理。\n\n2、解答咨询。\n", reason="读者量增加，增设一个岗位"),
    )
    assert response.status_code == 302 and response.headers["Location"] == f"/posts/{post.id}"
    db.session.expire_all()
    version = post.current
    assert (version.number, version.seats, version.category, version.supervisor) == (2, 3, "management", "办证咨询主任")
    assert version.duties == ["负责读者证办理。", "解答咨询。"]
    assert version.created_by.username == "hr" and version.reason == "读者量增加，增设一个岗位"
    entry = db.session.scalar(select(AuditLog).where(AuditLog.action == "posts.edit"))
    assert entry.reason == "读者量增加，增设一个岗位" and entry.object_id == post.id and entry.actor == "hr"
    page = client.get(response.headers["Location"]).get_data(as_text=True)
    assert "已保存" in page and "第 2 版" in page


def test_seats_below_the_people_appointed_are_refused_with_the_message(client, as_role):
    as_role("hr")
    post = the_post("少儿部/工作人员")
    entries = count(AuditLog)
    response = client.post(f"/posts/{post.id}/edit", data=_form(post, seats="5", reason="压缩编制"))
    assert response.status_code == 422
    page = html(response)
    assert [text_of(a) for a in page.find_class("alert-danger")] == ["设岗人数不能少于实际在岗人数（8 人）"]
    assert textarea(page, "reason") == "压缩编制"
    db.session.expire_all()
    assert post.current.number == 1 and count(AuditLog) == entries


def test_an_edit_based_on_an_outdated_page_is_refused(client, as_role, make_user):
    from hrflow.posts.operations import edit_post

    as_role("hr")
    post = the_post("办公室/办证咨询")
    page = html(client.get(f"/posts/{post.id}/edit"))
    assert page.get_element_by_id("based_on").value == "1"
    seen = _form(post, seats="3", reason="我的修改")
    edit_post(post, {"seats": 4}, actor=make_user("hr", username="colleague"), reason="同事先保存")
    db.session.commit()
    response = client.post(f"/posts/{post.id}/edit", data=seen)
    assert response.status_code == 422
    assert "colleague 保存了第 2 版" in text_of(html(response).find_class("alert-danger")[0])
    db.session.expire_all()
    assert (post.current.number, post.current.seats) == (2, 4)


def test_negative_seats_and_no_change_are_refused(client, as_role):
    as_role("hr")
    post = the_post("办公室/办证咨询")
    assert "设岗人数不能为负数" in client.post(f"/posts/{post.id}/edit",
                                            data=_form(post, seats="-1", reason="x")).get_data(as_text=True)
    unchanged = client.post(f"/posts/{post.id}/edit", data=_form(post, reason="核对"))
    assert unchanged.status_code == 422 and "没有任何修改" in unchanged.get_data(as_text=True)
    db.session.expire_all()
    assert count(PostVersion) == 21


def test_unticking_recruitable_marks_the_post_not_recruited(client, as_role):
    as_role("hr")
    post = the_post("办公室/办证咨询")
    client.post(f"/posts/{post.id}/edit", data=_form(post, recruitable=None, reason="今年不招"))
    db.session.expire_all()
    assert post.current.recruitable is False
    assert stats()["recruitable"] == 1


# ---------------------------------------------------------------- importing a table

def test_upload_shows_a_preview_and_writes_nothing(client, make_user, login):
    login(make_user("hr"))
    response = upload(client, SEED.read_bytes(), "岗位表.txt")
    assert response.status_code == 200
    page = html(response)
    stats_shown = {text_of(s.find_class("seat-stat-label")[0]): text_of(s.find_class("seat-stat-value")[0])
                   for s in page.find_class("seat-stat")}
    assert stats_shown == {"部门": "8", "岗位": "21", "设岗": "45", "实聘": "42", "空缺": "3", "可招聘": "2"}
    warnings = [text_of(li) for li in page.xpath("//div[contains(@class,'alert-warning')]//li")]
    assert len(warnings) == 5 and any("截断" in w for w in warnings) and any("办公室" in w for w in warnings)
    assert any(w.startswith("21 个岗位未注明岗位类别") for w in warnings)  # one line for all, not one per post
    assert "新增岗位 21" in text_of(page)
    assert len(page.find_class("cat-post")) == 21  # the preview table
    assert count(Post) == 0 and count(Department) == 0 and count(ImportBatch) == 0 and count(AuditLog) == 0
    fields = confirm_fields(page)
    assert re.fullmatch(r"[A-Za-z0-9_-]+", fields["token"]) and fields["filename"] == "岗位表.txt"


def test_confirm_imports_the_previewed_file(client, app, make_user, login):
    from pathlib import Path

    login(make_user("hr"))
    fields = confirm_fields(html(upload(client, SEED.read_bytes(), "岗位表.txt")))
    stored = Path(app.instance_path) / "uploads" / fields["token"]
    assert stored.read_bytes() == SEED.read_bytes()
    response = client.post("/posts/import/confirm", data=fields)
    assert response.status_code == 302 and response.headers["Location"] == "/posts/"
    assert stats() == SEED_TOTALS
    batch = db.session.scalar(select(ImportBatch))
    assert batch.filename == "岗位表.txt" and batch.created_by_id is not None
    assert not list(stored.parent.glob(fields["token"] + "*"))  # used up and removed
    page = client.get("/posts/").get_data(as_text=True)
    assert "已导入 岗位表.txt" in page and "新增 21" in page
    again = client.post("/posts/import/confirm", data=fields)  # the preview is used up
    assert again.status_code == 400 and count(ImportBatch) == 1


def test_preview_of_a_reimport_lists_changed_and_unchanged_posts(client, as_role):
    as_role("hr")
    newer = SEED.read_bytes().decode().replace("\t办证咨询\n\t2\n\t1", "\t办证咨询\n\t3\n\t1").encode()
    page = html(upload(client, newer, "2026.txt"))
    lists = {text_of(d.xpath("./summary")[0]): [text_of(li) for li in d.xpath(".//li")]
             for d in page.find_class("import-list")}
    assert lists["有变更的岗位 1"] == ["办公室/办证咨询"]
    assert len(lists["未变的岗位 20"]) == 20 and lists["新增岗位 0"] == []
    db.session.expire_all()
    assert the_post("办公室/办证咨询").current.seats == 2


def test_a_bad_cell_is_named_by_line_and_field_and_nothing_is_written(client, make_user, login):
    login(make_user("hr"))
    lines = SEED.read_bytes().decode().split("\n")
    assert lines[21] == "\t2"
    lines[21] = "\tabc"
    response = upload(client, "\n".join(lines).encode(), "bad.txt")
    assert response.status_code == 422
    alert = text_of(html(response).find_class("alert-danger")[0])
    assert "bad.txt" in alert and "第 22 行" in alert and "设岗人数" in alert and "abc" in alert
    assert count(Post) == 0 and count(ImportBatch) == 0
    assert not html(response).xpath("//form[@id='import-confirm']")


def test_a_csv_with_wrong_headers_is_refused(client, make_user, login):
    login(make_user("hr"))
    response = upload(client, "部门,岗位设置,人数\n办公室,主任,1\n".encode(), "posts.csv")
    assert response.status_code == 422
    alert = text_of(html(response).find_class("alert-danger")[0])
    assert "posts.csv" in alert and "第 1 行" in alert and "设岗人数" in alert
    assert count(Department) == 0


def test_only_table_files_are_accepted(client, make_user, login):
    login(make_user("hr"))
    response = upload(client, SEED.read_bytes(), "seed.exe")
    assert response.status_code == 422
    assert "只支持 .txt、.docx、.xlsx、.csv 文件" in response.get_data(as_text=True)
    assert client.post("/posts/import", data={}, content_type="multipart/form-data").status_code == 422


@pytest.mark.parametrize("token", ["../x", "../../secret_key", "a/b", "", "x" * 65, "no-such-token"])
def test_tampered_tokens_are_refused(client, app, make_user, login, token):
    from pathlib import Path

    login(make_user("hr"))
    (Path(app.instance_path) / "x").write_bytes(SEED.read_bytes())  # a file the "../x" token would reach
    response = client.post("/posts/import/confirm", data={"token": token, "filename": "seed.txt"})
    assert response.status_code == 400
    assert "请重新上传" in response.get_data(as_text=True)
    assert count(Post) == 0 and count(ImportBatch) == 0


def test_a_file_that_became_unreadable_before_confirming_writes_nothing(client, app, make_user, login):
    from pathlib import Path

    login(make_user("hr"))
    fields = confirm_fields(html(upload(client, SEED.read_bytes(), "seed.txt")))
    (Path(app.instance_path) / "uploads" / fields["token"]).write_bytes(b"%PDF-1.4 not a table")
    response = client.post("/posts/import/confirm", data=fields)
    assert response.status_code == 422
    assert "PDF" in text_of(html(response).find_class("alert-danger")[0])
    assert count(Post) == 0 and count(ImportBatch) == 0


# ---------------------------------------------------------------- my post

def test_my_post_shows_the_employees_post_and_duties(client, as_role):
    as_role("employee")
    post = the_post("少儿部/工作人员")
    page = html(client.get("/my-post"))
    cards = page.find_class("my-post")
    assert len(cards) == 1
    assert "工作人员（低幼部4人、青少部4人）" in text_of(cards[0]) and "少儿部" in text_of(cards[0])
    assert [text_of(li) for li in cards[0].xpath(".//section[h3='岗位职责']//li")] == post.current.duties
    assert [text_of(li) for li in cards[0].xpath(".//section[h3='任职条件']//li")] == post.current.requirements


def test_my_post_lists_the_main_post_before_concurrent_ones(client, seeded, make_employee, make_user, login):
    from hrflow.models import AppointmentKind
    from hrflow.posts.staff import appoint

    holder = make_employee(name="周玥")
    appoint(holder, the_post("办公室/办证咨询主任"), AppointmentKind.CONCURRENT)
    appoint(holder, the_post("办公室/办证咨询"))
    login(make_user("employee", employee=holder))
    cards = html(client.get("/my-post")).find_class("my-post")
    assert [text_of(c.xpath(".//h2")[0]) for c in cards] == ["办证咨询", "办证咨询主任（由办证咨询1人兼任）"]
    assert [text_of(c.find_class("badge")[0]) for c in cards] == ["主岗", "兼任"]


def test_my_post_without_an_employee_record_is_a_friendly_page(client, make_user, login):
    login(make_user("hr"))
    response = client.get("/my-post")
    assert response.status_code == 200
    assert "还没有关联员工档案" in response.get_data(as_text=True)


def test_my_post_for_an_employee_without_a_post(client, make_employee, make_user, login):
    login(make_user("employee", employee=make_employee(name="林一", hired_on=date(2020, 1, 1))))
    response = client.get("/my-post")
    assert response.status_code == 200 and "没有您的在岗记录" in response.get_data(as_text=True)


def test_empty_catalogue_points_hr_to_the_import(client, make_user, login):
    login(make_user("hr"))
    page = html(client.get("/posts/"))
    assert "还没有岗位" in text_of(page)
    assert page.xpath("//main//a[@href='/posts/import']")


# ---------------------------------------------------------------- dates per language, long names on phones

def _dated(post: Post) -> Post:
    """Fix the dates the post pages show: effective 1 Jan 2025, saved 3 Jan 2025 (Beijing morning)."""
    from datetime import datetime

    post.current.effective_date = date(2025, 1, 1)
    post.current.created_at = datetime(2025, 1, 2, 23, 30)  # UTC: the 3rd in Beijing
    for appointment in post.appointments:
        appointment.start_date = date(2014, 7, 1)
    db.session.commit()
    return post


def _english(client) -> None:
    client.post("/language/en", data={"next": "/"})


def _facts(page) -> dict[str, str]:
    """The facts list of the post page, or of my post (where each fact is wrapped in a div)."""
    return dict(zip([text_of(x) for x in page.xpath("//dl[contains(@class,'post-facts')]//dt")],
                    [text_of(x) for x in page.xpath("//dl[contains(@class,'post-facts')]//dd")], strict=True))


def test_post_page_dates_follow_the_language(client, as_role):
    as_role("hr")
    post = _dated(the_post("少儿部/工作人员"))
    page = html(client.get(f"/posts/{post.id}"))
    assert _facts(page)["生效日期"] == "2025年1月1日"
    history = [text_of(r) for r in page.xpath("//table[contains(@class,'version-table')]/tbody/tr")]
    assert "2025年1月1日" in history[0] and "2025年1月3日" in history[0]  # effective, and when it was saved

    _english(client)
    page = html(client.get(f"/posts/{post.id}"))
    assert _facts(page)["Effective date"] == "Jan 1, 2025"
    history = [text_of(r) for r in page.xpath("//table[contains(@class,'version-table')]/tbody/tr")]
    assert "Jan 1, 2025" in history[0] and "Jan 3, 2025" in history[0] and "2025-01-01" not in history[0]


def test_a_past_version_names_its_date_per_language(client, as_role):
    as_role("hr")
    post = _dated(the_post("办公室/办证咨询"))
    client.post(f"/posts/{post.id}/edit", data=_form(post, seats="3", reason="增设一个咨询岗位"))
    assert "（生效日期 2025年1月1日）" in text_of(html(client.get(f"/posts/{post.id}/versions/1")))
    _english(client)
    assert "Jan 1, 2025" in text_of(html(client.get(f"/posts/{post.id}/versions/1")))


def test_my_post_dates_follow_the_language(client, as_role):
    as_role("employee")
    _dated(the_post("少儿部/工作人员"))
    facts = _facts(html(client.get("/my-post")))
    assert facts["任职起始"] == "2014年7月1日" and "2025年1月1日" in facts["说明书版本"]
    _english(client)
    facts = _facts(html(client.get("/my-post")))
    assert facts["In post since"] == "Jul 1, 2014" and "Jan 1, 2025" in facts["Description version"]


def test_long_post_names_are_marked_to_wrap_at_their_brackets(client, as_role):
    """hrflow.css keeps .post-name's words whole (word-break: keep-all) so a phone breaks
    工作人员（低幼部4人、青少部4人） at （ or 、, never between 4 and 人."""
    as_role("employee")
    post = the_post("少儿部/工作人员")
    heading = html(client.get("/my-post")).xpath("//article[contains(@class,'my-post')]//h2")[0]
    assert "post-name" in heading.get("class") and text_of(heading) == "工作人员（低幼部4人、青少部4人）"
    page = html(client.get(f"/posts/{post.id}"))
    assert "post-name" in page.xpath("//h1")[0].get("class")
    assert text_of(page.xpath("//h1")[0]) == "工作人员（低幼部4人、青少部4人）"
    css = (ROOT / "static/css/hrflow.css").read_text()
    assert re.search(r"\.post-name\b[^{]*\{[^}]*word-break: keep-all", css)
