"""Hard phrases of real 招聘公告, each with the verdict a careful HR officer gives and the evidence shown
(table-driven): tiered age relaxations, conditional relaxations, specific certificates, titles that need a
judgement, gender advice and limits, majors by the official catalogues, years of work, vague achievements."""

from datetime import date

import pytest

from hrflow.rules import Applicant, Rule, RuleKind, evaluate, overall_status, parse_requirements
from hrflow.rules.readers.experience import parse_years

CUTOFF = date(2026, 6, 30)


def verdicts(requirement, **applicant):
    items = [requirement] if isinstance(requirement, str) else requirement
    return evaluate(parse_requirements(items), Applicant(name="甲", **applicant), CUTOFF)


def judged(requirement, status, evidence, applicant):
    """The one rule a phrase must decide, with its verdict and the words its evidence must hold."""
    results = [v for v in verdicts(requirement, **applicant) if v.rule.required]
    assert len(results) == 1, [(v.rule.kind, v.rule.text) for v in results]
    assert (results[0].status, evidence in results[0].evidence) == (status, True), results[0].evidence


def born(age_on_cutoff: int) -> date:
    """A birthday that makes the applicant exactly this old on the cut-off day."""
    return date(CUTOFF.year - age_on_cutoff, 1, 1)


# ---------------------------------------------------------------- tiered age relaxations

TIERS = "35周岁以下，硕士研究生可放宽到40周岁，博士研究生可放宽到45周岁"


@pytest.mark.parametrize(
    ("requirement", "applicant", "status", "evidence"),
    [
        # Every tier is kept: before, the last tier replaced the ones before it.
        (TIERS, {"birth_date": born(38), "education": "硕士研究生"}, "met", "但符合“硕士研究生”"),
        (TIERS, {"birth_date": born(38), "education": "本科"}, "not_met", "但须“博士研究生”，不符合"),
        (TIERS, {"birth_date": born(43), "education": "硕士研究生"}, "not_met", "也超出“硕士研究生”可放宽到的 40 周岁"),
        (TIERS, {"birth_date": born(43), "education": "博士研究生"}, "met", "可放宽到 45 周岁"),
        (TIERS, {"birth_date": born(34), "education": "本科"}, "met", "未超过 35 周岁上限"),
        (TIERS, {"birth_date": born(38)}, "needs_review", "学历“未填写”无法识别"),
        # Other words for the same thing: 放宽至 / 放宽为, 周岁及以下, 年龄不超过.
        ("年龄不超过30周岁，硕士研究生放宽至35周岁，博士研究生放宽为40周岁",
         {"birth_date": born(33), "education": "硕士研究生"}, "met", "可放宽到 35 周岁"),
        ("30周岁及以下（硕士研究生35周岁及以下，博士研究生40周岁及以下）",
         {"birth_date": born(39), "education": "博士研究生"}, "met", "可放宽到 40 周岁"),
        ("30周岁及以下（硕士研究生35周岁及以下，博士研究生40周岁及以下）",
         {"birth_date": born(39), "education": "硕士研究生"}, "not_met", "也超出"),
        # A looser bound for some is a tier, never a degree asked of everyone.
        ("40周岁以下，博士研究生不超过45周岁", {"birth_date": born(36), "education": "本科"}, "met", "未超过 40 周岁上限"),
        ("40周岁以下，博士研究生不超过45周岁", {"birth_date": born(43), "education": "博士研究生"}, "met",
         "可放宽到 45 周岁"),
        ("40周岁以下，博士研究生不超过45周岁", {"birth_date": born(43), "education": "本科"}, "not_met", "不符合"),
        ("年龄35周岁以下（1991年1月1日以后出生），具有博士学位的可放宽至40周岁（1986年1月1日以后出生）",
         {"birth_date": date(1987, 5, 1), "degree": "博士"}, "met", "可放宽到 1986-01-01 及以后出生"),
        ("年龄35周岁以下（1991年1月1日以后出生），具有博士学位的可放宽至40周岁（1986年1月1日以后出生）",
         {"birth_date": date(1987, 5, 1), "degree": "硕士"}, "not_met", "须“具有博士学位”"),
        # '放宽5岁' adds to the limit; a relaxation without a measure goes to HR.
        (["35周岁以下", "具有博士学位的，年龄可放宽5岁"], {"birth_date": born(39), "degree": "博士"}, "met",
         "可放宽到 40 周岁"),
        (["35周岁以下", "具有博士学位的，年龄可放宽5岁"], {"birth_date": born(41), "degree": "博士"}, "not_met",
         "也超出"),
        ("年龄一般不超过35周岁，条件特别优秀的可适当放宽", {"birth_date": born(37)}, "needs_review",
         "条件特别优秀的可适当放宽"),
    ],
)
def test_age_tiers(requirement, applicant, status, evidence):
    judged(requirement, status, evidence, applicant)


def test_a_tier_without_relaxing_words_asks_no_degree_of_everyone():
    rules = parse_requirements(["40周岁以下，博士研究生不超过45周岁"])
    assert [r.kind for r in rules] == [RuleKind.AGE]
    assert [(t.bound, [r.kind for r in t.inner]) for t in rules[0].tiers] == [({"max": 45}, [RuleKind.EDUCATION])]
    for item in ("本科学历35周岁以下，硕士研究生40周岁以下，博士研究生45周岁以下",
                 "本科学历的，年龄在35周岁以下；硕士研究生学历的，年龄在40周岁以下；博士研究生学历的，年龄在45周岁以下"):
        rules = parse_requirements([item])
        assert sorted((r.kind.value, r.params.get("min_level")) for r in rules) == [("age", None), ("education", 3)]
        results = evaluate(rules, Applicant(name="甲", birth_date=born(38), education="硕士研究生"), CUTOFF)
        assert overall_status(results) == "eligible", [v.evidence for v in results]
        results = evaluate(rules, Applicant(name="乙", birth_date=born(38), education="本科"), CUTOFF)
        assert overall_status(results) == "not_eligible"


# ---------------------------------------------------------------- conditional relaxations are evaluated

BASE = "本科及以上学历；具有2年以上基层工作经历的，学历可放宽至大专"


@pytest.mark.parametrize(
    ("requirement", "applicant", "status", "evidence"),
    [
        (BASE, {"education": "高中", "years_experience": 5}, "not_met", "也超出“具有2年以上基层工作经历”可放宽到的 大专"),
        (BASE, {"education": "大专", "years_experience": 0}, "not_met", "工作年限 0 年，少于要求的 2 年以上基层工作经历"),
        # The years are there, whether they were 基层 work only the file shows.
        (BASE, {"education": "大专", "years_experience": 3}, "needs_review", "其中基层工作经历需人工核对"),
        (BASE, {"education": "大专"}, "needs_review", "未填写工作年限"),
        (BASE, {"education": "本科"}, "met", "达到本科及以上"),
        ("本科及以上学历；具有2年以上工作经历的，学历可放宽至大专", {"education": "大专", "years_experience": 3},
         "met", "可放宽到 大专"),
        ("本科及以上学历；具有2年以上工作经历的，学历可放宽至大专", {"education": "大专", "work_start": date(2023, 1, 1)},
         "met", "按参加工作时间 2023-01-01 计"),
        ("大专以上学历，取得中级以上职称者可放宽为高中学历", {"education": "高中", "title": "工程师"}, "met", "职称工程师"),
        ("大专以上学历，取得中级以上职称者可放宽为高中学历", {"education": "高中", "title": "助理工程师"}, "not_met",
         "须“取得中级以上职称”，不符合"),
        ("大专以上学历，取得中级以上职称者可放宽为高中学历", {"education": "初中", "title": "工程师"}, "not_met", "也超出"),
        ("本科及以上学历，具有两年以上工作经历的可不受学历限制", {"education": "高中", "years_experience": 3}, "met",
         "不受此限"),
        ("本科及以上学历，具有两年以上工作经历的可不受学历限制", {"education": "高中", "years_experience": 1}, "not_met",
         "不符合"),
        ("大专及以上学历，中级职称以上的学历不限", {"education": "高中", "title": "馆员"}, "met", "不受此限"),
        ("大专以上学历（退役军人可放宽至高中学历）", {"education": "高中"}, "needs_review", "退役军人可放宽至高中学历"),
        ("大专以上学历（退役军人可放宽至高中学历）", {"education": "初中"}, "not_met", "也超出“退役军人”可放宽到的 高中"),
        (["具有三年以上工作经历", "取得中级职称的可放宽至一年"], {"years_experience": 1.5, "title": "会计师"}, "met",
         "可放宽到 1 年"),
    ],
)
def test_conditional_relaxations(requirement, applicant, status, evidence):
    judged(requirement, status, evidence, applicant)


def test_what_some_may_do_is_never_asked_of_all():
    # A clause about some applicants ('研究生学历的，…') is read by HR, not made a requirement of everyone.
    (rule,) = parse_requirements(["研究生学历的，专业为中国语言文学一级学科"])
    assert rule.kind == RuleKind.MANUAL
    # '…的可报名' lets some apply without the certificate: holding only the exam pass goes to HR.
    rules = parse_requirements(["具有教师资格证；取得教师资格考试合格证明的可报名"])
    assert [r.kind for r in rules] == [RuleKind.CERTIFICATE]
    (result,) = evaluate(rules, Applicant(name="壬", certificates=["教师资格考试合格证明"]), CUTOFF)
    assert result.status == "needs_review" and "取得教师资格考试合格证明的可报名" in result.evidence


def test_a_conditional_waiver_alone_is_no_requirement():
    # '…的可不受学历限制' with no education rule before it: not a hard experience rule, a manual check.
    (rule,) = parse_requirements(["具有两年以上工作经历的可不受学历限制"])
    assert rule.kind == RuleKind.MANUAL


# ---------------------------------------------------------------- specific certificates, by whole names

@pytest.mark.parametrize(
    ("requirement", "certificates", "status", "evidence"),
    [
        ("具有高校教师资格证", ["小学教师资格证"], "not_met", "本级及以下学校"),
        ("具有高校教师资格证", ["高等学校教师资格证书"], "met", "持有高等学校教师资格证书"),
        ("具有高校教师资格证", ["教师资格考试合格证明"], "not_met", "是考试合格证明或成绩，不是要求的高校教师资格证"),
        ("具有高校教师资格证", [], "needs_review", "未填写任何证书"),
        ("取得小学及以上教师资格证书", ["初级中学教师资格证"], "met", "持有初级中学教师资格证"),
        ("取得小学及以上教师资格证书", ["幼儿园教师资格证"], "not_met", "没有小学及以上教师资格证书"),
        ("具有初中数学教师资格证", ["高中数学教师资格证"], "met", "持有高中数学教师资格证"),
        ("具有初中数学教师资格证", ["高中语文教师资格证"], "not_met", "学科须相同"),
        ("具有相应学科教师资格证", ["高中语文教师资格证"], "needs_review", "需人工认定"),
        ("取得教师资格证", ["中等职业学校教师资格证"], "met", "持有中等职业学校教师资格证"),
        # A name inside another is no match: HR decides, hrflow neither passes nor rejects.
        ("持有电工上岗证", ["高压电工上岗证"], "needs_review", "名称不完全相同"),
        ("持有电工上岗证", ["焊工上岗证"], "not_met", "没有电工上岗证"),
        ("取得中级消防设施操作员证书", ["初级消防设施操作员证书"], "not_met", "没有中级消防设施操作员证书"),
        ("取得中级消防设施操作员证书", ["高级消防设施操作员证书"], "met", "持有高级消防设施操作员证书"),
        ("具备法律职业资格", ["法律职业资格证书"], "met", "持有法律职业资格证书"),
        ("具备律师执业资格", ["律师执业证"], "met", "持有律师执业证"),
        ("取得国家二级心理咨询师证书", ["二级心理咨询师"], "met", "持有二级心理咨询师"),
    ],
)
def test_certificates(requirement, certificates, status, evidence):
    judged(requirement, status, evidence, {"certificates": certificates})


# ---------------------------------------------------------------- titles that need a judgement; 初级会计 = 助理级

@pytest.mark.parametrize(
    ("requirement", "title", "status", "evidence"),
    [
        ("具有与岗位相适应的专业技术资格", "馆员", "needs_review", "与岗位相适应的系列）需人工认定"),
        ("具有与岗位相适应的专业技术资格", "无", "not_met", "无职称"),
        ("具有与岗位相适应的专业技术资格", None, "needs_review", "未填写职称"),
        ("具备相应的专业技术职称", "会计师", "needs_review", "需人工认定"),
        ("助理会计师及以上", "初级会计", "met", "2019 年起会计初级职称只设助理级"),
        ("具有助理会计师及以上职称", "初级会计师", "met", "达到助理会计师及以上"),
        ("助理会计师及以上", "会计员", "not_met", "低于要求的助理会计师"),
        ("具有初级及以上会计专业技术资格", "会计初级职称", "met", "达到会计系列初级"),
        ("具有会计师及以上职称", "初级会计师", "not_met", "低于要求的会计师"),
        ("中级及以上职称", "工程师", "met", "达到中级"),
        ("具有中级以上（含中级）专业技术职称", "助理馆员", "not_met", "低于要求的中级"),
        ("具有馆员以上（含馆员）职称", "馆员", "met", "达到馆员及以上"),
    ],
)
def test_titles(requirement, title, status, evidence):
    judged(requirement, status, evidence, {"title": title})


# ---------------------------------------------------------------- gender: advice is shown, a limit is flagged

@pytest.mark.parametrize("phrase", ["适合男性", "男性为宜", "建议男性报考", "宜女性"])
def test_gender_advice_never_decides(phrase):
    (rule,) = parse_requirements([phrase])
    assert (rule.kind, rule.required, rule.gender_limit) == (RuleKind.GENDER, False, False)
    results = evaluate([rule], Applicant(name="乙", gender="女" if "男" in phrase else "男"), CUTOFF)
    assert results[0].status == "interview" and "只作提示" in results[0].evidence
    assert overall_status(results) == "eligible"


@pytest.mark.parametrize("phrase", ["限男性", "仅限女性", "性别：男", "男性（因工作需要经常夜班）"])
def test_a_gender_limit_is_enforced_and_flagged(phrase):
    (rule,) = parse_requirements([phrase])
    assert rule.gender_limit and rule.required
    wrong = "女" if rule.params["gender"] == "男" else "男"
    assert evaluate([rule], Applicant(name="丙", gender=wrong), CUTOFF)[0].status == "not_met"
    # Age limits that differ by gender are no gender limit of the post.
    assert not any(r.gender_limit for r in parse_requirements(["男性40周岁以下，女性35周岁以下"]))


# ---------------------------------------------------------------- majors by the official catalogues

@pytest.mark.parametrize(
    ("requirement", "major", "education", "status", "evidence"),
    [
        ("中国语言文学类专业", "汉语言文学", "本科", "met", "汉语言文学（050101）属 中国语言文学类（0501）"),
        ("中国语言文学类专业", "秘书学", "本科", "met", "秘书学（050107T）属 中国语言文学类（0501）"),
        ("中国语言文学类专业", "汉语言文字学", "硕士研究生", "met",
         "汉语言文字学（050103，研究生二级学科）属 中国语言文学（0501）一级学科"),
        ("中国语言文学类专业", "中国现当代文学", "博士研究生", "met", "中国语言文学（0501）一级学科"),
        ("中国语言文学类专业", "新闻学", "本科", "not_met", "新闻学（050301）属 新闻传播学类（0503）"),
        ("计算机类专业", "电子商务", "本科", "not_met", "电子商务（120801）属 电子商务类（1208），不属 计算机类（0809）"),
        ("计算机类专业", "计算机审计", "本科", "needs_review", "不在本科专业目录中"),
        ("计算机类专业", "数据科学与大数据技术", "本科", "met", "（080910T）属 计算机类（0809）"),
        ("计算机类专业", "软件工程", "硕士研究生", "met", "软件工程（080902）属 计算机类（0809）"),
        ("计算机类、电子信息类专业", "通信工程", "本科", "met", "通信工程（080703）属 电子信息类（0807）"),
        ("计算机科学与技术专业", "计算机应用技术", "硕士研究生", "met", "属 计算机科学与技术（0812）一级学科"),
        ("图书情报与档案管理类专业", "档案学", "本科", "met", "档案学（120502）属 图书情报与档案管理类（1205）"),
        # Whole names: 教育学 is no 学前教育, 汉语言 no 汉语言文学; '会计' is how 会计学 is often written.
        ("教育学专业", "学前教育", "本科", "not_met", "学前教育（040106）属 教育学类（0401）"),
        ("教育学专业", "学前教育学", "本科", "not_met", "不是要求的教育学"),
        ("汉语言文学专业", "汉语言", "本科", "not_met", "不是要求的汉语言文学"),
        ("会计学专业", "会计", "大专", "met", "符合要求的会计学"),
        # Which catalogue a graduate-only major belongs to depends on the education: unknown goes to HR.
        ("中国语言文学类专业", "汉语言文字学", None, "needs_review", "报名信息未写明学历层次"),
    ],
)
def test_majors(requirement, major, education, status, evidence):
    judged(requirement, status, evidence, {"major": major, "education": education})


def test_a_units_related_majors_still_count():
    rules = parse_requirements(["计算机类专业"])
    applicant = Applicant(name="丁", major="电子商务", education="本科")
    (result,) = evaluate(rules, applicant, CUTOFF, related_majors={"计算机类": ["电子商务"]})
    assert result.status == "met" and "本单位相关专业目录" in result.evidence
    (result,) = evaluate(rules, applicant, CUTOFF, related_majors={})
    assert result.status == "not_met"


# ---------------------------------------------------------------- years of work

@pytest.mark.parametrize(
    ("written", "years"),
    [("3", 3.0), ("2.5", 2.5), ("2年", 2.0), ("2年6个月", 2.5), ("18个月", 1.5), ("两年半", 2.5), ("半年", 0.5),
     ("１年６个月", 1.5), (" 2 年 ", 2.0), (4, 4.0), (0, 0.0),
     ("", None), ("abc", None), ("2年13个月", None), ("61", None), ("-1", None), (None, None), (True, None)],
)
def test_parse_years(written, years):
    assert parse_years(written) == years


@pytest.mark.parametrize(
    ("applicant", "status", "evidence"),
    [
        ({"work_start": date(2024, 6, 30)}, "met", "按参加工作时间 2024-06-30 计，截至 2026-06-30 工作 2 年（2 年）"),
        ({"work_start": date(2024, 7, 1)}, "not_met", "工作 1 年 11 个月（1.92 年），少于要求的 2 年"),
        ({"work_start": date(2027, 1, 1)}, "needs_review", "晚于截止日"),
        # Years filled in are what the applicant declared: they come first.
        ({"years_experience": 5, "work_start": date(2025, 1, 1)}, "met", "工作年限 5 年"),
        ({"years_experience": "2年6个月"}, "met", "工作年限 2.5 年"),
        ({}, "needs_review", "未填写工作年限或参加工作时间"),
    ],
)
def test_years_of_work_at_the_cut_off(applicant, status, evidence):
    judged("具有2年以上工作经历", status, evidence, applicant)


def test_experience_spans_with_months():
    (rule,) = parse_requirements(["具有1年6个月以上工作经历"])
    assert rule.params["min_years"] == 1.5
    judged("具有1年6个月以上工作经历", "not_met", "少于要求的 1.5 年", {"years_experience": 1.4})


# ---------------------------------------------------------------- vague achievements are interview items

@pytest.mark.parametrize(
    "phrase", ["在古籍研究方面有一定成绩", "在图书馆学研究领域取得一定成果", "工作业绩突出", "有较高的专业造诣"],
)
def test_vague_achievements_are_interview_items(phrase):
    (rule,) = parse_requirements([phrase])
    assert (rule.kind, rule.required) == (RuleKind.SOFT, False)
    results = evaluate([rule], Applicant(name="戊"), CUTOFF)
    assert results[0].status == "interview" and overall_status(results) == "eligible"


def test_concrete_achievements_stay_a_manual_check():
    (rule,) = parse_requirements(["在核心期刊发表论文2篇以上"])
    assert (rule.kind, rule.required) == (RuleKind.MANUAL, True)


# ---------------------------------------------------------------- nothing is dropped

@pytest.mark.parametrize(
    "phrase",
    ["能适应经常出差", "具有本市常住户口", "熟悉古籍编目规则并能独立完成编目", "具有相应的执业资格证书",
     "研究生阶段须为全日制", "具备岗位所需的专业知识和技能", "持有效护照"],
)
def test_an_unknown_sentence_is_never_dropped(phrase):
    rules = parse_requirements([phrase])
    assert rules and all(r.text == phrase for r in rules)
    results = evaluate(rules, Applicant(name="己"), CUTOFF)
    assert all(v.status in ("needs_review", "interview") for v in results)


# ---------------------------------------------------------------- rules saved before tiers still read the same

def test_rules_saved_before_tiers_judge_as_they_did():
    saved = [
        {"kind": "age", "text": "年龄30周岁以下，具有硕士学位的放宽到35周岁", "required": True, "obsolete": False,
         "params": {"gender": None, "max": 30, "relaxed_max": 35, "relaxed_when": "具有硕士学位",
                    "inner": [{"kind": "degree", "text": "具有硕士学位", "params": {"min_level": 2}}]}},
        {"kind": "education", "text": "大专以上学历（退役军人可放宽至高中学历）", "required": True, "obsolete": False,
         "params": {"min_level": 2, "exception": "退役军人可放宽至高中学历"}},
    ]
    rules = [Rule.from_dict(r) for r in saved]
    master = evaluate(rules, Applicant(name="庚", birth_date=born(33), degree="硕士", education="高中"), CUTOFF)
    assert [v.status for v in master] == ["met", "needs_review"]
    assert "但符合“具有硕士学位”" in master[0].evidence and "退役军人可放宽至高中学历" in master[1].evidence
    older = evaluate(rules, Applicant(name="辛", birth_date=born(36), degree="硕士", education="本科"), CUTOFF)
    assert [v.status for v in older] == ["not_met", "met"]
    assert all(r.describe() for r in rules)


def test_tiers_survive_the_json_the_vacancy_stores():
    rules = parse_requirements([TIERS, BASE])
    again = [Rule.from_dict(r.to_dict()) for r in rules]
    assert again == rules
    assert [[t.bound for t in r.tiers] for r in again] == [[{"max": 40}, {"max": 45}], [{"min_level": 2}]]
