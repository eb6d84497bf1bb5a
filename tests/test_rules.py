"""Requirement rules: parsing (table-driven) and verdicts a careful HR officer would give."""

from datetime import date

import pytest

from hrflow.rules import Applicant, RuleKind, evaluate, overall_status, parse_requirements
from hrflow.rules.retirement import (
    MEN,
    WOMEN_50,
    WOMEN_55,
    age_on,
    delay_months,
    retirement_age,
    retirement_date,
)

CUTOFF = date(2026, 6, 30)


def kinds(text):
    return [(r.kind, r.required) for r in parse_requirements([text])]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("大学本科以上学历", [(RuleKind.EDUCATION, True)]),
        # The abolished certificate is shown but never decides; the title is a hard rule.
        ("具有会计从业资格证书、助理会计师资格", [(RuleKind.CERTIFICATE, False), (RuleKind.TITLE, True)]),
        ("年龄在国家法定退休年龄之内的在编人员", [(RuleKind.RETIREMENT, True), (RuleKind.BIANZHI, True)]),
        ("有古籍方面专著或主编的作品优先", [(RuleKind.PREFERENCE, False)]),
        ("具有较强的组织协调能力", [(RuleKind.SOFT, False)]),
        ("责任心强", [(RuleKind.SOFT, False)]),
        ("身高170cm以上", [(RuleKind.MANUAL, True)]),
        ("具有3年以上相关工作经验", [(RuleKind.EXPERIENCE, True)]),
        ("中共党员", [(RuleKind.POLITICAL, True)]),
        ("硕士研究生及以上学历，硕士以上学位", [(RuleKind.EDUCATION, True), (RuleKind.DEGREE, True)]),
        ("男性40周岁以下，女性35周岁以下", [(RuleKind.AGE, True), (RuleKind.AGE, True)]),
    ],
)
def test_clause_kinds(text, expected):
    assert kinds(text) == expected


def test_education_flags_and_majors():
    (rule,) = parse_requirements(["全日制大本及以上学历或同等学历"])
    assert rule.params == {"min_level": 3, "full_time": True, "equivalent": True}
    (rule,) = parse_requirements(["图书馆学大专以上学历或同等学历"])
    assert rule.params == {"min_level": 2, "equivalent": True, "majors": ["图书馆学"]}
    (rule,) = parse_requirements(["大专以上学历，或同等学历"])  # the flag may follow in its own clause
    assert rule.params["equivalent"] is True and "或同等学历" in rule.text


def test_every_rule_keeps_its_source_sentence_and_nothing_is_dropped():
    items = ["大学本科以上学历。具有会计从业资格证书", "处事公道；不计个人得失", "能在夜间值班"]
    rules = parse_requirements(items)
    assert [r.text for r in rules] == ["大学本科以上学历", "具有会计从业资格证书", "处事公道", "不计个人得失", "能在夜间值班"]
    assert rules[-1].kind == RuleKind.MANUAL


def test_obsolete_certificate_is_flagged():
    for text in ("具有会计从业资格证书", "取得会计从业资格", "持有会计从业资格证"):
        (rule,) = parse_requirements([text])
        assert rule.obsolete and not rule.required and "2017-11-05" in rule.params["why_obsolete"]


def test_title_levels_across_series():
    (rule,) = parse_requirements(["副研究馆员以上职称"])
    assert (rule.params["series"], rule.params["min_level"], rule.params["title"]) == ("图书资料", 4, "副研究馆员")
    (rule,) = parse_requirements(["中级以上职称"])
    assert (rule.params["series"], rule.params["min_level"], rule.params["title"]) == (None, 3, "中级")


# ---------------------------------------------------------------- retirement (domain.md check dates)

@pytest.mark.parametrize(
    ("birth", "scheme", "age", "retires"),
    [
        (date(1964, 12, 15), MEN, (60, 0), date(2024, 12, 15)),
        (date(1965, 1, 10), MEN, (60, 1), date(2025, 2, 10)),
        (date(1965, 5, 10), MEN, (60, 2), date(2025, 7, 10)),
        (date(1976, 8, 1), MEN, (62, 11), date(2039, 7, 1)),
        (date(1976, 9, 1), MEN, (63, 0), date(2039, 9, 1)),
        (date(1990, 1, 1), MEN, (63, 0), date(2053, 1, 1)),
        (date(1969, 12, 1), WOMEN_55, (55, 0), date(2024, 12, 1)),
        (date(1970, 1, 31), WOMEN_55, (55, 1), date(2025, 2, 28)),
        (date(1981, 9, 1), WOMEN_55, (58, 0), date(2039, 9, 1)),
        (date(1974, 12, 1), WOMEN_50, (50, 0), date(2024, 12, 1)),
        (date(1975, 1, 1), WOMEN_50, (50, 1), date(2025, 2, 1)),
        (date(1975, 3, 1), WOMEN_50, (50, 2), date(2025, 5, 1)),
        (date(1984, 10, 1), WOMEN_50, (54, 11), date(2039, 9, 1)),
        (date(1984, 11, 1), WOMEN_50, (55, 0), date(2039, 11, 1)),
    ],
)
def test_statutory_retirement(birth, scheme, age, retires):
    assert retirement_age(birth, scheme) == age
    assert retirement_date(birth, scheme) == retires


def test_delay_caps():
    assert delay_months(date(2000, 1, 1), MEN) == 36
    assert delay_months(date(2000, 1, 1), WOMEN_55) == 36
    assert delay_months(date(2000, 1, 1), WOMEN_50) == 60


def test_age_counts_a_birthday_on_the_day():
    assert age_on(date(1990, 6, 30), date(2026, 6, 30)) == 36
    assert age_on(date(1990, 7, 1), date(2026, 6, 30)) == 35


# ---------------------------------------------------------------- verdicts

def verdict(requirement, cutoff=CUTOFF, worker_post=False, **applicant):
    rules = parse_requirements([requirement])
    results = evaluate(rules, Applicant(name="甲", **applicant), cutoff, worker_post=worker_post)
    return [(v.status, v.evidence) for v in results]


@pytest.mark.parametrize(
    ("birth", "status"),
    [(date(1990, 6, 30), "not_met"), (date(1990, 7, 1), "met"), (date(1991, 1, 1), "met"), (date(1989, 12, 31), "not_met")],
    ids=["36th-birthday-on-cutoff", "day-after", "younger", "older"],
)
def test_age_limit_on_the_cutoff_day(birth, status):
    ((result, evidence),) = verdict("35周岁以下", birth_date=birth, gender="女")
    assert result == status
    assert f"出生 {birth.isoformat()}，截至 2026-06-30 为" in evidence


def test_gender_specific_age_limits():
    man_38 = verdict("男性40周岁以下，女性35周岁以下", gender="男", birth_date=date(1988, 1, 1))
    assert [s for s, _ in man_38] == ["met", "met"]
    woman_38 = verdict("男性40周岁以下，女性35周岁以下", gender="女", birth_date=date(1988, 1, 1))
    assert [s for s, _ in woman_38] == ["met", "not_met"]


@pytest.mark.parametrize(
    ("education", "mode", "status"),
    [
        ("本科", "全日制", "met"),
        ("硕士研究生", "全日制", "met"),
        ("本科", "非全日制", "needs_review"),  # the post accepts 同等学历: HR decides
        ("大专", "全日制", "needs_review"),
        ("本科", None, "needs_review"),
    ],
)
def test_full_time_education_with_equivalent(education, mode, status):
    ((result, _),) = verdict("全日制大本及以上学历或同等学历", education=education, study_mode=mode)
    assert result == status


def test_full_time_without_equivalent_rejects_part_time():
    ((result, evidence),) = verdict("全日制本科以上学历", education="本科", study_mode="自学考试")
    assert result == "not_met" and "全日制" in evidence


def test_major_and_related_majors():
    rule = "图书馆学大专以上学历"
    assert verdict(rule, education="本科", major="图书馆学")[0][0] == "met"
    assert verdict(rule, education="大专", major="信息资源管理")[0][0] == "met"
    assert verdict(rule, education="本科", major="计算机科学与技术")[0][0] == "not_met"
    assert verdict(rule, education="本科")[0][0] == "needs_review"


def test_retirement_rule_for_people_close_to_retirement():
    rule = "年龄在国家法定退休年龄之内"
    # A man born 1966-05 retires at 60y5m (2026-10): within on 2026-06-30, but he retires while the round runs.
    ((status, evidence),) = verdict(rule, gender="男", birth_date=date(1966, 5, 3))
    assert status == "needs_review" and "2026-10-03" in evidence and "招聘期间" in evidence
    # A man born 1967-05 retires at 60y8m (2028-01): well after the round.
    ((status, evidence),) = verdict(rule, gender="男", birth_date=date(1967, 5, 3))
    assert status == "met" and "60 岁 8 个月" in evidence and "2028-01-03" in evidence
    # A woman born 1971-03 in a management/professional post retires at 55y5m → 2026-08, during the round.
    assert verdict(rule, gender="女", birth_date=date(1971, 3, 1))[0][0] == "needs_review"
    assert verdict(rule, gender="女", birth_date=date(1972, 3, 1))[0][0] == "met"
    # The same woman on a worker post retires at 50 + delay → long before the cut-off.
    assert verdict(rule, worker_post=True, gender="女", birth_date=date(1971, 3, 1))[0][0] == "not_met"
    assert verdict(rule, gender="男", birth_date=date(1966, 1, 1), cutoff=date(2026, 6, 1))[0][0] == "not_met"


def test_titles_and_obsolete_certificate():
    requirement = "具有会计从业资格证书、助理会计师资格"
    results = verdict(requirement, title="会计师")
    assert results[1][0] == "met"  # 会计师 ≥ 助理会计师
    assert results[0][0] == "needs_review" and "2017-11-05" in results[0][1]  # shown to HR, not a rejection
    assert verdict(requirement, title="会计员")[1][0] == "not_met"
    assert verdict(requirement, title="工程师")[1][0] == "needs_review"  # same grade, other series
    rules = parse_requirements([requirement])
    assert overall_status(evaluate(rules, Applicant(name="甲", title="会计师"), CUTOFF)) == "eligible"
    assert verdict("副研究馆员以上职称", title="研究馆员")[0][0] == "met"
    assert verdict("副研究馆员以上职称", title="馆员")[0][0] == "not_met"


def test_preferences_never_disqualify():
    rules = parse_requirements(["大专以上学历", "研究生学历优先"])
    results = evaluate(rules, Applicant(name="乙", education="本科"), CUTOFF)
    assert [v.status for v in results] == ["met", "not_met"]
    assert overall_status(results) == "eligible"


def test_overall_status_and_hr_decisions():
    rules = parse_requirements(["本科以上学历", "身高170cm以上", "责任心强"])
    results = evaluate(rules, Applicant(name="丙", education="本科"), CUTOFF)
    assert [v.status for v in results] == ["met", "needs_review", "interview"]
    assert overall_status(results) == "needs_review"
    assert overall_status(results, {1: "met"}) == "eligible"
    assert overall_status(results, {1: "not_met"}) == "not_eligible"
    assert overall_status(results, {0: "not_met", 1: "met"}) == "not_eligible"


def test_rules_round_trip_through_json():
    from hrflow.rules.rule import Rule

    rules = parse_requirements(["全日制大本及以上学历或同等学历", "研究生学历优先", "35周岁以下"])
    assert [Rule.from_dict(r.to_dict()) for r in rules] == rules
