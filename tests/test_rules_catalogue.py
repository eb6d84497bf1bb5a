"""The official majors catalogues shipped as data: complete where their headers say so, coded consistently,
read once, and placing a major in or out of a group with the entry that decides."""

import csv
from importlib import resources

import pytest

from hrflow.rules.catalogue import Membership, catalogue


def rows(filename):
    text = resources.files("hrflow.rules").joinpath("data", filename).read_text(encoding="utf-8")
    header = [line for line in text.splitlines() if line.startswith("#")]
    body = [line for line in text.splitlines() if line and not line.startswith("#")]
    return header, list(csv.DictReader(body))


def test_the_undergraduate_catalogue_is_the_2012_one_whole_and_coded():
    header, majors = rows("majors_undergraduate.csv")
    assert any("来源" in line for line in header) and any("未收录" in line for line in header)
    of_2012 = [m for m in majors if m["收录依据"] == "2012年目录"]
    # The 2012 catalogue's own count: 92 专业类, 506 专业.
    assert (len(of_2012), len({m["类代码"] for m in of_2012})) == (506, 92)
    for major in majors:
        code = major["专业代码"]
        assert code[:4] == major["类代码"] and code[:2] == major["门类代码"], major
        assert len(code.rstrip("TK")) == 6 and code.rstrip("TK").isdigit() and code[6:] in ("", "T", "K", "TK"), code
    assert len({m["专业代码"][:6] for m in majors}) == len(majors)
    assert len({m["专业"] for m in majors}) == len(majors)


def test_the_graduate_catalogue_is_coded_by_its_tree():
    header, entries = rows("majors_graduate.csv")
    assert any("2022" in line for line in header) and any("1997" in line for line in header)
    for entry in entries:
        first = entry["一级学科代码"]
        assert first[:2] == entry["门类代码"] and len(first) == 4, entry
        assert entry["学位类型"] == ("专业学位" if first[2] == "5" else "学术学位"), entry
        second = entry["二级学科代码"]
        # 历史学 (1997: 0601) was split in 2011; its 二级学科 keep their 1997 codes under 0602 中国史 (the header says so).
        assert not second or second[:4] == first or (second[:4], first) == ("0601", "0602"), entry
    assert any("0602 中国史" in line for line in header)
    firsts = {e["一级学科代码"]: e["一级学科"] for e in entries}
    assert (firsts["0501"], firsts["0812"], firsts["1205"]) == ("中国语言文学", "计算机科学与技术", "信息资源管理")


def test_the_catalogues_are_read_once():
    assert catalogue() is catalogue()
    assert catalogue().classes["计算机类"].code == "0809"


@pytest.mark.parametrize(
    ("held", "wanted", "level", "membership", "evidence"),
    [
        ("汉语言文学", "中国语言文学类", None, Membership.IN, "汉语言文学（050101）属 中国语言文学类（0501）"),
        ("图书馆学（古籍方向）", "图书情报与档案管理类", "本科", Membership.IN, "图书馆学（120501）属"),
        ("汉语言文字学", "中国语言文学类", "研究生", Membership.IN, "（050103，研究生二级学科）属 中国语言文学（0501）一级学科"),
        ("汉语言文字学", "中国语言文学类", "本科", Membership.UNKNOWN, "不在本科专业目录中"),
        ("电子商务", "计算机类", None, Membership.OUT, "电子商务（120801）属 电子商务类（1208），不属 计算机类（0809）"),
        ("计算机审计", "计算机类", None, Membership.UNKNOWN, "不在本科或研究生专业目录中"),
        ("汉语言文学", "古籍类", None, Membership.UNKNOWN, "“古籍类”不在本科专业目录或研究生学科目录中"),
    ],
)
def test_placing_a_major_against_a_group(held, wanted, level, membership, evidence):
    placement = catalogue().place(held, wanted, level)
    assert placement.membership == membership and evidence in placement.evidence, placement


@pytest.mark.parametrize(
    ("first", "seconds"),
    [
        ("0501", {"文艺学", "语言学及应用语言学", "汉语言文字学", "中国古典文献学", "中国古代文学", "中国现当代文学",
                  "中国少数民族语言文学", "比较文学与世界文学"}),
        ("0502", {"英语语言文学", "日语语言文学", "外国语言学及应用语言学"}),
        ("0503", {"新闻学", "传播学"}),
        ("0401", {"教育学原理", "学前教育学", "高等教育学", "教育技术学"}),
        ("0402", {"基础心理学", "发展与教育心理学", "应用心理学"}),
        ("0602", {"史学理论及史学史", "历史地理学", "历史文献学", "专门史", "中国古代史", "中国近现代史"}),
        ("0301", {"法学理论", "宪法学与行政法学", "民商法学", "经济法学"}),
        ("0812", {"计算机系统结构", "计算机软件与理论", "计算机应用技术"}),
        ("1202", {"会计学", "企业管理", "旅游管理", "技术经济及管理"}),
        ("1204", {"行政管理", "社会保障", "教育经济与管理"}),
        ("1205", {"图书馆学", "情报学", "档案学"}),
    ],
)
def test_the_disciplines_a_library_asks_for_have_their_second_level(first, seconds):
    listed = {name for name, majors in catalogue().majors.items() for m in majors
              if m.group.code == first and m.code != first}
    assert seconds <= listed


@pytest.mark.parametrize("first", ["1201", "0835", "1253", "1255"])
def test_disciplines_without_a_second_level_are_listed_as_themselves(first):
    assert any(m.code == first for majors in catalogue().majors.values() for m in majors)
