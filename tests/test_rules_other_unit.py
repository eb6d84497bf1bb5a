"""A post table from another unit (same Word-dump format, not the seed), a round on its vacancies and the
applicants HR really sees: every status is the one a careful HR officer would give, with its reason."""

import csv
import io
from datetime import date

import pytest

from hrflow.extensions import db
from hrflow.models import SYSTEM
from hrflow.posts.importing import import_post_table
from hrflow.posts.operations import edit_post
from hrflow.posts.queries import find_post
from hrflow.recruitment import operations as rs
from hrflow.recruitment.applicants import import_applicants

CUTOFF = date(2026, 6, 30)
HEADER = ["姓名", "性别", "出生日期", "学历", "学位", "专业", "学习形式", "职称", "证书", "工作年限", "应聘岗位", "政治面貌"]
DUTY = "负责本岗位日常工作。"
POSTS = {
    "办公室": [("会计", "1、全日制本科及以上学历，会计学、财务管理等相关专业；2、年龄35周岁以下（1990年7月1日以后出生）；"
                     "3、具有会计从业资格证书、助理会计师及以上职称；4、中共党员优先。")],
    "阅读推广部": [("馆员", "1、本科以上学历或同等学历，图书馆学、情报学专业；2、男性40周岁以下，女性35周岁以下；"
                       "3、具有图书资料系列中级职称；4、身体健康，责任心强。")],
    "后勤保障部": [("电工", "1、高中及以上学历；2、持有高级工以上职业资格证书（电工）；3、年龄在国家法定退休年龄之内。")],
}


def other_unit_table() -> bytes:
    lines = []
    for department, posts in POSTS.items():
        lines += [f"{department}岗位职责及岗位设置", "", "\t部门", "\t岗位设置", "\t设岗人数", "\t实聘人数", "\t岗位职责",
                  "\t任职条件", "\t考核标准", ""]
        for index, (post, requirements) in enumerate(posts):
            lines += [f"\t{department}3人" if index == 0 else "\t", f"\t{post}", "\t3", "\t0", f"\t{DUTY}",
                      f"\t{requirements}", "\t完成岗位职责。", ""]
    return "\n".join(lines).encode()


# name, gender, birth, education, degree, major, mode, title, certificates, years, post, political → status, evidence
APPLICANTS = [
    # 会计: birth-date bound on the day, 非全日制, open list of majors, missing title, the abolished certificate
    ("张一", "女", "1990-07-01", "本科", "学士", "会计学", "全日制", "助理会计师", "", 3, "办公室/会计", "群众",
     "eligible", "出生 1990-07-01，在要求的出生日期范围"),
    ("张二", "男", "1990-06-30", "本科", "学士", "会计学", "全日制", "会计师", "会计从业资格证书", 5, "办公室/会计", "中共党员",
     "not_eligible", "出生 1990-06-30，早于要求的 1990-07-01"),
    ("张三", "女", "1992-03-01", "本科", "学士", "财务管理", "非全日制", "会计师", "", 4, "办公室/会计", "",
     "not_eligible", "为非全日制，岗位要求全日制本科及以上"),
    ("张四", "女", "1995-01-01", "硕士研究生", "硕士", "会计", "非全日制", "助理会计师", "", 2, "办公室/会计", "",
     "needs_review", "需核对其本科阶段是否为全日制"),
    ("张五", "男", "1993-02-28", "本科", "学士", "汉语言文学", "全日制", "助理会计师", "", 2, "办公室/会计", "",
     "needs_review", "专业汉语言文学不在列出的专业中"),
    ("张六", "女", "1994-05-05", "本科", "学士", "会计学", "全日制", "", "", 1, "办公室/会计", "",
     "needs_review", "未填写职称"),
    # 馆员: gender-specific limits, the 35th birthday on the cut-off day, 同等学历, another title series, 29 February
    ("李一", "男", "1987-01-01", "本科", "学士", "图书馆学", "全日制", "馆员", "", 10, "阅读推广部/馆员", "",
     "eligible", "男性，出生 1987-01-01，截至 2026-06-30 为 39 周岁，未超过 40 周岁上限"),
    ("李二", "女", "1987-01-01", "本科", "学士", "图书馆学", "全日制", "馆员", "", 10, "阅读推广部/馆员", "",
     "not_eligible", "女性，出生 1987-01-01，截至 2026-06-30 为 39 周岁，超过 35 周岁上限"),
    ("李三", "女", "1991-06-30", "本科", "学士", "情报学", "全日制", "馆员", "", 6, "阅读推广部/馆员", "",
     "eligible", "截至 2026-06-30 为 35 周岁，未超过 35 周岁上限"),
    ("李四", "女", "1990-06-30", "本科", "学士", "情报学", "全日制", "馆员", "", 6, "阅读推广部/馆员", "",
     "not_eligible", "截至 2026-06-30 为 36 周岁，超过 35 周岁上限"),
    ("李五", "男", "1990-01-01", "大专", "", "图书馆学", "全日制", "馆员", "", 12, "阅读推广部/馆员", "",
     "needs_review", "岗位接受同等学历，需人工认定"),
    ("李六", "女", "1992-02-29", "本科", "学士", "图书馆学", "全日制", "会计师", "", 8, "阅读推广部/馆员", "",
     "needs_review", "不属同一系列"),
    # 电工 (工勤): women retire at 50 + delay; retirement during the round; trade of the skill certificate
    ("王一", "女", "1976-03-01", "高中", "", "", "", "", "电工高级工证", 25, "后勤保障部/电工", "",
     "needs_review", "法定退休年龄 50 岁 8 个月，于 2026-11-01 达到"),
    ("王二", "女", "1972-06-01", "高中", "", "", "", "", "电工高级工证", 30, "后勤保障部/电工", "",
     "not_eligible", "法定退休年龄 50 岁，于 2022-06-01 达到"),
    ("王三", "男", "1970-01-01", "中专", "", "", "", "", "电工高级工证", 30, "后勤保障部/电工", "",
     "eligible", "工种和等级符合"),
    ("王四", "男", "1980-05-01", "高中", "", "", "", "", "厨师高级工证", 15, "后勤保障部/电工", "",
     "needs_review", "是否属要求的工种（电工）需人工认定"),
]


@pytest.fixture
def reviewed(make_user):
    hr = make_user("hr")
    import_post_table(other_unit_table(), "other-unit.txt", actor=SYSTEM, effective_date=date(2026, 1, 1))
    edit_post(find_post("后勤保障部/电工"), {"category": "worker"}, actor=hr, reason="工勤技能岗位")
    posts = [(find_post(path), None) for path in ("办公室/会计", "阅读推广部/馆员", "后勤保障部/电工")]
    round_ = rs.open_round("2026年公开招聘", CUTOFF, actor=hr, posts=posts)
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(HEADER)
    writer.writerows(row[:12] for row in APPLICANTS)
    import_applicants(round_, buffer.getvalue().encode(), "applicants.csv", actor=hr)
    db.session.commit()
    return {result["applicant"]: result for result in rs.review_round(round_)}


def test_other_units_table_is_read_into_typed_rules(reviewed):
    rules = {v.post.path: v.rules for v in rs.get_round("2026年公开招聘").vacancies}
    assert [r["kind"] for r in rules["办公室/会计"]] == [
        "education", "major", "age", "certificate", "title", "preference"]
    assert [r["kind"] for r in rules["阅读推广部/馆员"]] == ["education", "major", "age", "age", "title", "soft", "soft"]
    assert [r["kind"] for r in rules["后勤保障部/电工"]] == ["education", "skill", "retirement"]
    # 电工 was set to 工勤 by HR; the others' category is unknown (a text dump does not say it), never 'not 工勤'.
    assert {v.post.path: v.worker_post for v in rs.get_round("2026年公开招聘").vacancies} == {
        "办公室/会计": None, "阅读推广部/馆员": None, "后勤保障部/电工": True}


@pytest.mark.parametrize("row", APPLICANTS, ids=[row[0] for row in APPLICANTS])
def test_each_applicant_gets_the_careful_verdict(reviewed, row):
    name, status, evidence = row[0], row[12], row[13]
    result = reviewed[name]
    assert result["status"] == status, result["rules"]
    assert any(evidence in rule["evidence"] for rule in result["rules"]), result["rules"]
    # A verdict that keeps an applicant out always says why.
    for rule in result["rules"]:
        assert rule["text"] and rule["evidence"]


def test_preferences_and_the_abolished_certificate_never_keep_anyone_out(reviewed):
    zhang = {rule["text"]: rule for rule in reviewed["张一"]["rules"]}
    assert zhang["中共党员优先"]["verdict"] == "not_met"
    assert zhang["具有会计从业资格证书"]["verdict"] == "needs_review"
    assert "2017-11-05" in zhang["具有会计从业资格证书"]["evidence"]
    assert reviewed["张一"]["status"] == "eligible"
