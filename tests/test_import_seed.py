"""The real seed table: totals, warnings and the content of the posts with every quirk."""

from pathlib import Path

import pytest

from hrflow.importers import read_post_table
from tests.conftest import SEED, SHARED_SEED_DIR

SEED_TOTALS = {"departments": 8, "posts": 21, "seats": 45, "filled": 42, "vacant": 3, "recruitable": 2}


@pytest.fixture(scope="module")
def table():
    return read_post_table(SEED.read_bytes(), "seed.txt")


def post(table, path: str):
    *departments, name = path.split("/")
    department = next(d for d in table.departments if d.name == departments[0])
    for sub in departments[1:]:
        department = next(d for d in department.children if d.name == sub)
    return next(p for p in department.posts if p.name == name)


def test_bundled_seed_is_the_shared_one():
    shared = sorted(Path(SHARED_SEED_DIR).glob("*.txt")) if SHARED_SEED_DIR.exists() else []
    if shared:
        assert shared[0].read_bytes() == SEED.read_bytes()
    assert SEED.read_bytes().startswith("办公室岗位职责及岗位设置".encode())


def test_totals(table):
    assert table.totals() == SEED_TOTALS


def test_departments_in_order_with_headcount_labels(table):
    assert [(d.name, d.headcount_label) for d in table.departments] == [
        ("办公室", "6人"),
        ("物业管理部", "2人"),
        ("采编部", "1人"),
        ("技术保障中心", "2人"),
        ("特藏部", "3人"),
        ("地方文献和参考咨询", "1人"),
        ("少儿部", "10人"),  # written over two lines: 少儿部 / 10人
        ("成人部", "16人"),
    ]
    # The section title names it differently; the alias lets a path use either.
    assert table.departments[5].alias == "地方文献"


def test_vacant_seats_are_the_three_domain_md_names(table):
    vacant = {(p.where, p.name, p.vacant, p.recruitable) for p in table.all_posts() if p.vacant}
    assert {(name, n, r) for _, name, n, r in vacant} == {("办证咨询", 1, True), ("工作人员", 1, True), ("主任", 1, False)}
    assert post(table, "物业管理部/工作人员").vacant == 1
    assert post(table, "采编部/主任").recruitable is False
    assert post(table, "采编部/主任").filled_text == "（此次不聘）"


def test_concurrent_posts_count_as_filled(table):
    director = post(table, "办公室/主任")
    assert (director.seats, director.filled, director.concurrent_holder) == (1, 1, "副书记")
    assert director.filled_text == "由副书记兼任"
    desk_head = post(table, "办公室/办证咨询主任")
    assert desk_head.note == "由办证咨询1人兼任"
    assert desk_head.concurrent_holder == "办证咨询"
    assert desk_head.filled == 1


def test_multi_line_cells_and_bracket_notes(table):
    assert post(table, "办公室/办公室工作人员").note == "外勤、内勤"
    assert post(table, "办公室/财务室人员").note == "会计、出纳"  # blank line inside the cell
    assert post(table, "少儿部/主任").note == "低幼部主任、青少部主任"
    assert post(table, "少儿部/工作人员").note == "低幼部4人、青少部4人"  # mixed-width brackets
    assert post(table, "办公室/主任").name == "主任"  # “主   任”


def test_numbered_requirements_become_items(table):
    finance = post(table, "办公室/财务室人员")
    assert finance.requirements == [
        "大学本科以上学历。具有会计从业资格证书、助理会计师资格。",
        "对本馆各部室及财务流程有全面的了解。",
        "具有较强的公关交往、组织协调能力。",
    ]
    tech = post(table, "技术保障中心/主任")
    assert tech.requirements[0] == "全日制大本及以上学历或同等学历。"
    assert len(tech.requirements) == 3  # item 2 continues after a blank line without a TAB


def test_sub_units_become_child_departments(table):
    adult = table.departments[7]
    assert [c.name for c in adult.children] == ["流通部", "报刊自习部", "社会工作部"]
    circulation = adult.children[0]
    assert [(p.name, p.seats, p.filled) for p in circulation.posts] == [("主任", 1, 1), ("工作人员", 10, 10)]
    assert circulation.posts[0].duties[0] == "接收采编部移交文献，做好上架推介工作。"
    assert circulation.posts[0].requirements == circulation.posts[1].requirements
    social = adult.children[2]
    assert [(p.name, p.note, p.seats, p.filled) for p in social.posts] == [("主任", "兼顾成人部临时性工作", 1, 1)]
    assert social.posts[0].duties == [] and social.posts[0].standard == []


def test_warnings_name_what_does_not_add_up(table):
    warnings = "\n".join(table.warnings)
    assert len(table.warnings) == 4
    assert "截断" in warnings and "成人部/社会工作部" in warnings and "第 252 行" in warnings
    assert "缺少岗位职责、任职条件、考核标准" in warnings
    assert "“办公室”标注 6人" in warnings and "设岗 8 人" in warnings and "2 个岗位由他人兼任" in warnings
    assert "“物业管理部”标注 2人" in warnings and "设岗 3 人" in warnings
    assert "“采编部”标注 1人" in warnings
    for department in ("技术保障中心", "特藏部", "少儿部", "成人部"):
        assert f"“{department}”标注" not in warnings


def test_post_rows_cite_the_line_of_their_post_cell(table):
    assert post(table, "办公室/办公室工作人员").where == "第 20 行"
    assert post(table, "物业管理部/工作人员").where == "第 78 行"
