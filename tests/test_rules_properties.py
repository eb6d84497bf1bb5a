"""Properties: any requirement text parses into rules that keep their sentence; evaluation never fails,
whatever the applicant data, and always gives a verdict with evidence."""

from datetime import date

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from hrflow.rules import Applicant, Rule, RuleKind, evaluate, overall_status, parse_requirements
from tests.test_rules_sentences import SENTENCES

FUZZ = settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
# Pieces of real requirement text, so the fuzzer reaches the readers rather than only the fallback.
FRAGMENTS = [
    "35", "３５", "18", "周岁", "岁", "以下", "以上", "及以下", "及以上", "（含）", "(不含35周岁)", "不超过", "不满", "年满",
    "男性", "女性", "至", "-", "1990年1月1日", "1990.1", "以后出生", "以前出生", "期间出生", "放宽到40周岁", "可适当放宽",
    "全日制", "非全日制", "本科", "大专", "硕士研究生", "博士", "学历", "学位", "学士", "或同等学历", "并取得相应学位",
    "（学士）", "第一学历", "图书馆学", "、", "等相关专业", "专业", "专业不限", "计算机类", "中级", "副高级", "职称", "馆员",
    "助理会计师", "会计从业资格证书", "高级工", "相关专业", "C1", "驾照", "驾驶证", "英语四级", "证书", "资格", "2年以上",
    "一年半", "6个月", "工作经验", "从事", "工作", "中共党员", "(含预备党员)", "在编", "限男性", "优先", "同等条件下",
    "硕士研究生可放宽到40周岁", "学历可放宽至大专", "的可不受学历限制", "不超过45周岁", "(博士研究生40周岁以下)",
    "高校教师资格证", "适合男性", "有一定成绩", "计算机类", "中国语言文学类", "2年6个月", "与岗位相适应的专业技术资格",
    "法定退休年龄", "距", "不少于5年", "身体健康", "责任心强", "不得", "应届", "户籍", "或", "，", "；", "。", "（", "）", "\n",
    "1、", "2.", " ", "　",
]
REQUIREMENT = st.lists(st.one_of(st.sampled_from(FRAGMENTS), st.text(max_size=6)), max_size=14).map("".join)
VERDICTS = {"met", "not_met", "needs_review", "interview"}
TEXT = st.one_of(st.none(), st.text(max_size=12), st.sampled_from(
    ["本科", "硕士研究生", "非全日制", "全日制", "馆员", "会计师", "中级", "无", "中共预备党员", "男", "女", "图书馆学"]))
APPLICANT = st.builds(
    Applicant,
    name=st.text(max_size=5),
    gender=st.one_of(st.none(), st.sampled_from(["男", "女", "", "未知"]), st.text(max_size=2)),
    birth_date=st.one_of(st.none(), st.dates()),
    education=TEXT, degree=TEXT, major=TEXT, study_mode=TEXT, title=TEXT,
    certificates=st.lists(st.one_of(st.text(max_size=10), st.sampled_from(["C1驾驶证", "英语六级", "电工高级工证"])),
                          max_size=3),
    years_experience=st.one_of(st.none(), st.integers(-5, 100), st.floats(allow_nan=True, allow_infinity=True)),
    political_status=TEXT,
    bianzhi=st.one_of(st.none(), st.booleans()),
    retirement_scheme=st.one_of(st.none(), st.sampled_from(["men", "women55", "women50"]), st.text(max_size=4)),
    work_start=st.one_of(st.none(), st.dates()),
)
SENTENCE_RULES = parse_requirements([sentence for sentence, _ in SENTENCES])


@FUZZ
@given(st.lists(st.one_of(REQUIREMENT, st.text(max_size=60)), max_size=5))
def test_any_text_parses_into_rules_that_keep_their_sentence(items):
    rules = parse_requirements(items)
    source = "".join(items)
    for rule in rules:
        assert isinstance(rule.kind, RuleKind)
        assert rule.text.strip()
        assert all(part.strip() in source for part in rule.text.split("，"))
        assert Rule.from_dict(rule.to_dict()) == rule
        assert rule.describe()
        if rule.kind in (RuleKind.PREFERENCE, RuleKind.SOFT, RuleKind.NO_LIMIT):
            assert not rule.required


@FUZZ
@given(st.lists(REQUIREMENT, min_size=1, max_size=3), APPLICANT, st.dates(), st.booleans())
def test_evaluation_never_fails_on_fuzzed_rules(items, applicant, cutoff, worker_post):
    rules = parse_requirements(items)
    results = evaluate(rules, applicant, cutoff, worker_post=worker_post)
    assert [r.rule for r in results] == rules
    assert all(r.status in VERDICTS and r.evidence for r in results)
    assert overall_status(results) in {"eligible", "not_eligible", "needs_review"}


@FUZZ
@given(APPLICANT, st.one_of(st.dates(), st.just(date(2026, 6, 30))), st.booleans())
def test_evaluation_never_fails_for_any_applicant(applicant, cutoff, worker_post):
    results = evaluate(SENTENCE_RULES, applicant, cutoff, worker_post=worker_post)
    assert len(results) == len(SENTENCE_RULES)
    assert all(r.status in VERDICTS and r.evidence for r in results)
    # Optional rules (preferences, soft items, abolished certificates) never decide eligibility.
    deciding = [r for r in results if r.rule.required and not r.rule.obsolete]
    expected = ("not_eligible" if any(r.status == "not_met" for r in deciding)
                else "needs_review" if any(r.status == "needs_review" for r in deciding) else "eligible")
    assert overall_status(results) == expected


@FUZZ
@given(st.dictionaries(st.sampled_from(["min_level", "max", "min", "born_from", "name", "majors", "min_years", "gender",
                                        "inner", "relaxed_max", "relaxed_when", "either", "class", "series",
                                        "relaxations", "exception", "advice", "fit"]),
                       st.one_of(st.none(), st.integers(-3, 99), st.text(max_size=8), st.booleans(),
                                 st.lists(st.text(max_size=4), max_size=2))),
       st.sampled_from(list(RuleKind)), APPLICANT)
def test_hand_corrected_rules_with_odd_parameters_never_fail(params, kind, applicant):
    rule = Rule(kind, "人事修改的条件", params)
    (result,) = evaluate([rule], applicant, date(2026, 6, 30))
    assert result.status in VERDICTS and result.evidence
