"""A reader who chose English reads the generated explanations in English: the evidence of every kind of
requirement check, stored with its wording beside the Chinese text. Only domain names (majors, certificates,
titles as the applicant wrote them) stay as written."""

from __future__ import annotations

import re
from datetime import date

import lxml.html
import pytest

from hrflow.explanations import Explanation
from hrflow.recruitment import operations as rs
from hrflow.rules import Applicant, parse_requirements
from hrflow.rules.evaluate import evaluate
from hrflow.rules.wording import GLOSSARY, N_, Said
from tests.test_recruitment_web import CUTOFF, PROPERTY, add, find_post, user

CJK = re.compile(r"[\u3400-\u9fff\uff08\uff09\uff1b\uff0c\u201c\u201d]")

# One requirement of every kind the rules check.
REQUIREMENTS = ["全日制本科及以上学历", "学士及以上学位", "汉语言文学专业", "35周岁以下", "中级及以上职称",
                "持有C1驾驶证", "3年以上工作经历", "中共党员", "限男性", "具有教师资格证", "高级工及以上职业资格"]
# What applicants write that is a name, not an explanation.
DOMAIN_NAMES = ["汉语言文学", "会计学", "馆员", "助理馆员", "教师资格证", "机动车驾驶证", "电工高级工证", "初级会计师",
                "工商管理类"]
APPLICANTS = [
    {"name": "赵英", "gender": "男", "education": "本科", "study_mode": "全日制", "degree": "学士", "major": "汉语言文学",
     "title": "馆员", "certificates": ["机动车驾驶证C1", "教师资格证"], "years_experience": 5, "political_status": "中共党员"},
    {"name": "钱英", "gender": "女", "education": "大专", "study_mode": "函授", "degree": "无", "major": "会计学",
     "title": "助理馆员", "certificates": ["电工高级工证"], "years_experience": 1, "political_status": "群众"},
    {"name": "孙英", "gender": "女", "education": "硕士研究生", "study_mode": None, "degree": None, "major": None,
     "title": None, "certificates": [], "years_experience": None, "political_status": None},
]


def _without_names(text: str) -> str:
    for name in sorted(DOMAIN_NAMES, key=len, reverse=True):
        text = text.replace(name, "")
    return text


@pytest.fixture
def as_english(demo, login, client):
    login(user("hr"))
    client.post("/language/en", data={"next": "/"})
    return client


def test_every_kind_of_evidence_reads_in_english(as_english):
    from hrflow.extensions import db

    hr = user("hr")
    round_ = rs.open_round("2026年公开招聘", CUTOFF, actor=hr, posts=[(find_post(PROPERTY), 1)])
    rs.correct_rules(round_.vacancies[0], parse_requirements(REQUIREMENTS), reason="按招聘方案补充条件", actor=hr)
    db.session.commit()
    applications = []
    for person in APPLICANTS:
        fields = dict(person)
        name, gender, education, mode = (fields.pop(k) for k in ("name", "gender", "education", "study_mode"))
        applications.append(add(round_, name, gender=gender, education=education, study_mode=mode,
                                birth=date(1990, 5, 1) if fields["degree"] else date(1984, 5, 1), **fields))
    cells = []
    for application in applications:
        page = lxml.html.fromstring(as_english.get(f"/recruitment/applications/{application.id}").get_data(as_text=True))
        rows = page.xpath("//tr[contains(@class, 'verdict-row')]")
        assert len(rows) >= len(REQUIREMENTS)
        cells += [row.xpath("./td")[3].text_content().strip() for row in rows]
    assert all(cells)
    chinese = [cell for cell in cells if CJK.search(_without_names(cell))]
    assert chinese == [], chinese
    joined = "\n".join(cells)
    for english in ("Education Bachelor's (undergraduate)", "below the required", "CPC member",
                    "over the upper limit of 35", "Holds"):
        assert english in joined


def test_the_chinese_page_shows_the_stored_chinese(as_english, demo):
    verdicts = evaluate(parse_requirements(["本科及以上学历", "35周岁以下"]),
                        Applicant(name="李", gender="女", birth_date=None, education="大专"), CUTOFF)
    stored = [v.to_dict() for v in verdicts]
    assert stored[0]["evidence"] == "学历大专，低于要求的本科"
    assert Explanation(stored[0]["evidence"], stored[0]["said"]) == "学历大专，低于要求的本科"
    # Read back from JSON, the wording gives the same Chinese and an English reading.
    said = Said.from_json(stored[0]["said"])
    assert str(said) == stored[0]["evidence"]
    with as_english.application.test_request_context():
        from flask_babel import force_locale, gettext

        with force_locale("en"):
            assert said.translated(gettext) == "Education Junior college, below the required Bachelor's (undergraduate)"
        with force_locale("zh_CN"):
            assert said.translated(gettext) == "学历大专，低于要求的本科"


def test_a_verdict_stored_before_its_wording_shows_as_stored(as_english):
    with as_english.application.test_request_context():
        from flask_babel import force_locale

        with force_locale("en"):
            assert Explanation("学历大专，低于要求的本科", None).__html__() == "学历大专，低于要求的本科"
            assert Explanation("<b>", None).__html__() == "&lt;b&gt;"


def test_every_glossary_word_and_wording_has_english(as_english):
    with as_english.application.test_request_context():
        from flask_babel import force_locale, gettext

        with force_locale("en"):
            untranslated = [word for word in GLOSSARY if gettext(word) == word]
            assert untranslated == []
            assert N_("持有%(held)s", held="教师资格证").translated(gettext) == "Holds 教师资格证"


def test_wording_added_and_joined_reads_as_the_plain_text_and_keeps_every_part():
    import pickle

    from hrflow.rules.wording import joined, said, semicolons

    age = N_("出生 %(birth)s，截至 %(cutoff)s 为 %(years)s 周岁", birth="1990-01-01", cutoff="2026-01-01", years=36)
    summed = age + N_("，已满 %(limit)s 周岁", limit=18) + "（备注）"
    prefixed = "前言：" + summed
    assert isinstance(prefixed, Said)
    assert prefixed == "前言：出生 1990-01-01，截至 2026-01-01 为 36 周岁，已满 18 周岁（备注）"
    assert [msgid for msgid, _ in prefixed.parts] == [None, age.parts[0][0], "，已满 %(limit)s 周岁", None]
    listed = semicolons([summed, "馆员", N_("未填写出生日期，无法核对年龄")])
    assert listed == "；".join([str(summed), "馆员", "未填写出生日期，无法核对年龄"])
    assert Said.from_json(listed.to_json()) == listed and Said.from_json(listed.to_json()).parts == listed.parts
    assert pickle.loads(pickle.dumps(listed)).parts == listed.parts
    nested = N_("%(written)s达到%(wanted)s，", written=N_("学历%(education)s", education="本科"), wanted="大专")
    assert nested == "学历本科达到大专，" and nested.translated(lambda text: text) == nested
    assert joined(said(""), []) == "" and joined(said(""), []).parts == ()
