"""Post categories and grades are never guessed: read where the table says, set by HR, printed or left blank,
and a woman's retirement verdict on a post of unknown category is not decided by a default."""

from __future__ import annotations

import io
from datetime import date

import docx
import lxml.html
import pytest
from sqlalchemy import create_engine, func, select, text

from hrflow.extensions import db
from hrflow.importers import TableImportError, read_post_table
from hrflow.models import SYSTEM, AuditLog, Post, PostVersion
from hrflow.posts.importing import import_post_table
from hrflow.posts.operations import PostError, edit_post
from hrflow.posts.queries import find_post
from hrflow.printing.documents.posts import post_description_html
from hrflow.recruitment import operations as rs
from hrflow.rules import Applicant, Rule, RuleKind, evaluate
from tests.conftest import ROOT, SEED, fresh_database_url

HEADER = "部门,岗位设置,设岗人数,实聘人数,岗位职责,任职条件,考核标准,{category},岗位等级"
ROWS = [
    "办公室,主任,1,1,统筹,本科,好,管理,管理八级",
    ",会计,2,1,记账,本科,好,,专技10级",  # the grade names the category
    ",电工（工勤）,1,0,维修,高中,好,,",  # a marker in the name
    ",馆员,2,1,借阅,本科,好,,",  # nothing said: unknown
]


def table_csv(rows=ROWS, category_header="岗位类别") -> bytes:
    return "\n".join([HEADER.format(category=category_header), *rows]).encode()


def read(rows=ROWS, category_header="岗位类别") -> dict:
    table = read_post_table(table_csv(rows, category_header), "posts.csv")
    return {p.name: (p.category, p.grade) for p in table.all_posts()}


# ---------------------------------------------------------------- reading the table

@pytest.mark.parametrize("category_header", ["岗位类别", "类别"])
def test_category_and_grade_are_read_where_the_table_says_and_left_unknown_elsewhere(category_header):
    assert read(category_header=category_header) == {
        "主任": ("management", "管理八级"),
        "会计": ("professional", "专业技术十级"),
        "电工": ("worker", None),
        "馆员": (None, None),
    }


def test_a_word_table_with_a_category_column_is_read_by_its_header():
    document = docx.Document()
    header = ["部门", "岗位设置", "岗位类别", "设岗人数", "实聘人数", "岗位职责", "任职条件", "考核标准", "岗位等级"]
    rows = [["办公室", "主任", "管理岗位", "1", "1", "统筹", "本科", "好", "八级"],
            ["", "司机", "", "1", "0", "驾驶", "高中", "好", "普通工"]]
    table = document.add_table(rows=1 + len(rows), cols=len(header))
    for r, values in enumerate([header, *rows]):
        for c, value in enumerate(values):
            table.cell(r, c).text = value
    buffer = io.BytesIO()
    document.save(buffer)
    parsed = read_post_table(buffer.getvalue(), "posts.docx")
    assert [(p.name, p.seats, p.category, p.grade) for p in parsed.all_posts()] == [
        ("主任", 1, "management", "管理八级"), ("司机", 1, "worker", "普通工")]


@pytest.mark.parametrize(("row", "column", "problem"), [
    ("办公室,主任,1,1,统筹,本科,好,行政,", "岗位类别", "“行政”不是岗位类别"),
    ("办公室,主任,1,1,统筹,本科,好,管理,专业技术十级", "岗位等级", "“专业技术十级”不属于岗位类别“管理”"),
    ("办公室,主任,1,1,统筹,本科,好,,十级", "岗位等级", "“十级”不是岗位等级"),
    ("办公室,主任,1,1,统筹,本科,好,,管理十一级", "岗位等级", "“管理十一级”不是岗位等级"),
])
def test_a_value_that_is_no_official_category_or_grade_is_refused_naming_row_and_column(row, column, problem):
    with pytest.raises(TableImportError) as refused:
        read([ROWS[1].replace(",会计", "办公室,会计"), row])
    assert (refused.value.where, refused.value.field) == ("第 3 行", column)
    assert problem in refused.value.problem


def test_a_refused_category_writes_nothing(app):
    bad = table_csv([*ROWS, ",保安,1,0,巡逻,高中,好,后勤,"])
    with pytest.raises(TableImportError):
        import_post_table(bad, "posts.csv", actor=SYSTEM)
    db.session.rollback()
    assert db.session.scalar(select(func.count()).select_from(PostVersion)) == 0


def test_import_warns_once_how_many_posts_have_no_category_and_a_reimport_keeps_what_hr_set(make_user):
    hr = make_user("hr")
    report = import_post_table(table_csv(), "posts.csv", actor=SYSTEM)
    assert [w for w in report.warnings if "岗位类别" in w] == [
        "1 个岗位未注明岗位类别（表中没有“岗位类别”列或该列为空，岗位名称中也未注明），已记为“未填写”；"
        "请在岗位页面补填，否则招聘时女性申请人的法定退休年龄需人工确认"]
    edit_post(find_post("办公室/馆员"), {"category": "professional", "grade_level": "专业技术十二级"},
              actor=hr, reason="岗位设置方案")
    db.session.commit()
    again = import_post_table(table_csv([row.replace("本科,好", "本科,良好") for row in ROWS]), "v2.csv",
                              actor=SYSTEM)
    db.session.commit()
    assert not [w for w in again.warnings if "岗位类别" in w]
    assert (find_post("办公室/馆员").current.category, find_post("办公室/馆员").current.grade_level) == (
        "professional", "专业技术十二级")


# ---------------------------------------------------------------- HR sets it

def _edit_form(client, post: Post, **changes) -> dict:
    page = lxml.html.fromstring(client.get(f"/posts/{post.id}/edit").get_data(as_text=True))
    (form,) = page.xpath("//form[contains(@class,'post-edit-form')]")
    data = dict(form.form_values())
    data.update(reason="按岗位设置方案确认类别", **changes)
    return data


def test_hr_sets_category_and_grade_on_the_edit_page_and_it_is_audited(client, seeded, make_user, login):
    login(make_user("hr"))
    post = find_post("办公室/主任")
    page = lxml.html.fromstring(client.get(f"/posts/{post.id}/edit").get_data(as_text=True))
    category = page.get_element_by_id("category")
    assert category.value == "" and category.xpath("./option[@value='']")[0].text_content() == "未知（未填写）"
    assert "管理十级" in [o.get("value") for o in page.get_element_by_id("grade_level").xpath("./option")]

    response = client.post(f"/posts/{post.id}/edit", data=_edit_form(client, post, category="management",
                                                                       grade_level="管理七级"))
    assert response.status_code == 302
    db.session.expire_all()
    assert (post.current.category, post.current.grade_level) == ("management", "管理七级")
    entry = db.session.scalar(select(AuditLog).where(AuditLog.action == "posts.edit"))
    assert entry.details["before"] == {"category": None, "grade_level": None}
    assert entry.details["after"] == {"category": "management", "grade_level": "管理七级"}


def test_a_grade_of_another_category_is_refused_next_to_the_grade(client, seeded, make_user, login):
    login(make_user("hr"))
    post = find_post("办公室/主任")
    for category, message in (("worker", "不属于所选的岗位类别"), ("", "请先选择岗位类别")):
        response = client.post(f"/posts/{post.id}/edit",
                               data=_edit_form(client, post, category=category, grade_level="专业技术十级"))
        assert response.status_code == 422
        page = lxml.html.fromstring(response.get_data(as_text=True))
        assert message in page.get_element_by_id("grade_level-error").text_content()
        assert page.get_element_by_id("category").value == category  # what was chosen is kept
    db.session.expire_all()
    assert post.current.number == 1
    with pytest.raises(PostError) as refused:  # the command line goes through the same check
        edit_post(post, {"category": "worker", "grade_level": "管理一级"}, actor=SYSTEM, reason="x")
    assert refused.value.field == "grade_level"


def test_saving_unknown_keeps_it_unknown(client, seeded, make_user, login):
    login(make_user("hr"))
    post = find_post("办公室/主任")
    response = client.post(f"/posts/{post.id}/edit", data=_edit_form(client, post, seats="2"))
    assert response.status_code == 302
    db.session.expire_all()
    assert (post.current.number, post.current.seats, post.current.category) == (2, 2, None)


# ---------------------------------------------------------------- shown and printed, never guessed

def test_the_post_page_says_not_set_and_links_hr_to_the_edit_page(client, seeded, make_user, login):
    login(make_user("hr"))
    post = find_post("办公室/主任")
    page = lxml.html.fromstring(client.get(f"/posts/{post.id}").get_data(as_text=True))
    unknown = page.xpath("//span[contains(@class,'category-unknown')]")
    assert unknown and unknown[0].text_content() == "未填写"
    assert page.xpath("//a[contains(@class,'set-category')]/@href") == [f"/posts/{post.id}/edit#category"]


def test_the_printed_description_leaves_an_unknown_category_blank_and_prints_a_known_one(seeded):
    post = find_post("办公室/主任")
    row = "//tr[th='岗位类别']/td"
    cells = lxml.html.fromstring(post_description_html(post)).xpath(row)
    assert [c.text_content() for c in cells] == ["", ""]
    edit_post(post, {"category": "management", "grade_level": "管理八级"}, actor=SYSTEM, reason="确认")
    cells = lxml.html.fromstring(post_description_html(post)).xpath(row)
    assert [c.text_content() for c in cells] == ["管理", "管理八级"]


# ---------------------------------------------------------------- retirement

RETIREMENT = [Rule(RuleKind.RETIREMENT, "未达到法定退休年龄", {})]
CUTOFF = date(2026, 6, 30)


def retirement(worker_post, gender, birth) -> tuple[str, str]:
    (verdict,) = evaluate(RETIREMENT, Applicant(name="甲", gender=gender, birth_date=birth), CUTOFF,
                          worker_post=worker_post)
    return verdict.status, verdict.evidence


def test_a_woman_on_a_post_of_unknown_category_goes_to_hr_when_50_and_55_disagree():
    birth = date(1975, 3, 1)  # women-50: 2025-11 (past); women-55: 2030 (not yet)
    assert retirement(False, "女", birth)[0] == "met"
    assert retirement(True, "女", birth)[0] == "not_met"
    status, evidence = retirement(None, "女", birth)
    assert status == "needs_review"
    assert "岗位类别未填写" in evidence and "55 岁" in evidence and "50 岁" in evidence


def test_unknown_category_decides_nothing_where_both_ages_agree_and_for_men():
    assert retirement(None, "女", date(1995, 1, 1))[0] == "met"
    assert retirement(None, "女", date(1960, 1, 1))[0] == "not_met"
    assert retirement(None, "男", date(1970, 1, 1)) == retirement(False, "男", date(1970, 1, 1))


def test_a_vacancy_keeps_the_category_unknown_instead_of_not_worker(seeded, make_user):
    hr = make_user("hr")
    unknown, worker = find_post("少儿部/工作人员"), find_post("办公室/办证咨询")
    edit_post(worker, {"category": "worker", "seats": worker.current.seats + 1}, actor=hr, reason="工勤")
    edit_post(unknown, {"seats": unknown.current.seats + 1}, actor=hr, reason="增设")
    round_ = rs.open_round("2026年招聘", CUTOFF, actor=hr, posts=[(unknown, None), (worker, None)])
    assert {v.post_id: v.worker_post for v in round_.vacancies} == {unknown.id: None, worker.id: True}


# ---------------------------------------------------------------- the migration

def test_the_migration_forgets_only_the_old_default_that_nobody_chose(tmp_path, monkeypatch):
    from flask_migrate import upgrade

    from hrflow import create_app

    url, drop = fresh_database_url(tmp_path)
    try:
        app = create_app({"SQLALCHEMY_DATABASE_URI": url, "SECRET_KEY": "x", "TESTING": True})
        with app.app_context():
            upgrade(directory=str(ROOT / "migrations"), revision="c4f6b8d0e2a5")
            # The import of that time wrote 专业技术 for every post.
            monkeypatch.setattr("hrflow.posts.importing._category_and_grade", lambda parsed, prev: ("professional", None))
            import_post_table(SEED.read_bytes(), "seed.txt", actor=SYSTEM)
            chosen = find_post("办公室/主任")  # HR moved it to 管理 and back: 专业技术 was chosen
            edit_post(chosen, {"category": "management"}, actor=SYSTEM, reason="a")
            edit_post(chosen, {"category": "professional"}, actor=SYSTEM, reason="b")
            worker = find_post("办公室/办证咨询")
            edit_post(worker, {"category": "worker"}, actor=SYSTEM, reason="c")
            ids = {"chosen": chosen.id, "worker": worker.id, "guessed": find_post("少儿部/工作人员").id}
            db.session.commit()
            db.session.remove()
            upgrade(directory=str(ROOT / "migrations"))
            db.engine.dispose()
        engine = create_engine(url)
        with engine.connect() as connection:
            categories = {name: [row[0] for row in connection.execute(text(
                "SELECT category FROM post_version WHERE post_id = :id ORDER BY number"), {"id": post_id})]
                for name, post_id in ids.items()}
        engine.dispose()
        assert categories == {"chosen": ["professional", "management", "professional"],
                              "worker": ["professional", "worker"], "guessed": [None]}
    finally:
        drop()
