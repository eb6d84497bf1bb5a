"""The text helpers behind the importers: names, notes, counts and item splitting."""

import pytest

from hrflow.importers.text import clean_name, parse_count, split_items, split_name_note


@pytest.mark.parametrize(
    ("cell", "name", "note"),
    [
        ("主   任", "主任", None),
        ("办公室工作人员\n（外勤、内勤）", "办公室工作人员", "外勤、内勤"),
        ("财务室人员\n\n（会计、出纳）", "财务室人员", "会计、出纳"),
        ("办证咨询主任（由办证咨询1人兼任）", "办证咨询主任", "由办证咨询1人兼任"),
        ("主任（低幼部主任、青少部主任）", "主任", "低幼部主任、青少部主任"),
        ("工作人员\n(低幼部4人、青少部4人）", "工作人员", "低幼部4人、青少部4人"),
        ("工作人员(临时)", "工作人员", "临时"),
        ("Web 开发 工程师", "Web 开发工程师", None),
    ],
)
def test_post_name_and_bracketed_note(cell, name, note):
    assert split_name_note(cell) == (name, note)


@pytest.mark.parametrize(
    ("text", "count"),
    [("1", 1), ("10", 10), ("１２", 12), (" 3 ", 3), ("10人", 10), ("2名", 2), ("-1", -1),
     ("由副书记兼任", None), ("（此次不聘）", None), ("", None), ("两", None), ("1.5", None)],
)
def test_parse_count(text, count):
    assert parse_count(text) == count


def test_numbered_items_with_chinese_comma():
    text = "1、对本馆各部室及业务流程有全面的了解。2、具有较强的公关交往、组织协调和写作能力。3、应具备较强的事业心。"
    assert split_items(text) == [
        "对本馆各部室及业务流程有全面的了解。",
        "具有较强的公关交往、组织协调和写作能力。",
        "应具备较强的事业心。",
    ]


def test_numbered_items_with_dots_and_a_missing_separator():
    # From the seed: item 3 has no separator after its number ("3做好…").
    text = "1.接收文献，做好上架推介工作。2.提供服务措施。3做好文献排架工作，做好保护工作，4.协助相关部门。5.收集意见"
    assert split_items(text) == ["接收文献，做好上架推介工作。", "提供服务措施。", "做好文献排架工作，做好保护工作，", "协助相关部门。", "收集意见"]


def test_numbers_inside_an_item_do_not_split_it():
    text = "1、具有3年以上工作经验，薪资1.5倍。2、大专以上学历"
    assert split_items(text) == ["具有3年以上工作经验，薪资1.5倍。", "大专以上学历"]


def test_numbering_across_blank_lines_and_brackets():
    assert split_items("1、全日制大本及以上学历或同等学历。\n\n2、熟悉本馆软件系统。") == [
        "全日制大本及以上学历或同等学历。",
        "熟悉本馆软件系统。",
    ]
    assert split_items("（1）熟悉业务；（2）能熟练操作计算机") == ["熟悉业务；", "能熟练操作计算机"]
    assert split_items("1)熟悉业务 2)能熟练操作计算机") == ["熟悉业务", "能熟练操作计算机"]


def test_a_number_that_does_not_open_the_cell_is_not_a_list():
    assert split_items("由办证咨询1人兼任") == ["由办证咨询1人兼任"]


def test_unnumbered_cells_split_into_sentences():
    assert split_items("负责日常管理工作；协调全馆行政工作；完成馆领导交办的其他工作。") == [
        "负责日常管理工作；",
        "协调全馆行政工作；",
        "完成馆领导交办的其他工作。",
    ]
    assert split_items("完成本部室工作任务，履行本岗位职责") == ["完成本部室工作任务，履行本岗位职责"]
    assert split_items("   ") == []


def test_clean_name_keeps_single_spaces_between_latin_words():
    assert clean_name("  少儿 \n 部 ") == "少儿部"
    assert clean_name("IT  support") == "IT support"
