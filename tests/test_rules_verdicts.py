"""Verdicts on the applicants HR really sees, each with the evidence that was compared (table-driven)."""

from datetime import date

import pytest

from hrflow.rules import Applicant, Rule, RuleKind, evaluate, overall_status, parse_requirements
from hrflow.rules.retirement import MEN, WOMEN_50, WOMEN_55, retirement_age, retirement_date

CUTOFF = date(2026, 6, 30)


def verdicts(requirement, cutoff=CUTOFF, worker_post=False, **applicant):
    items = [requirement] if isinstance(requirement, str) else requirement
    return evaluate(parse_requirements(items), Applicant(name="甲", **applicant), cutoff, worker_post=worker_post)


def verdict(requirement, cutoff=CUTOFF, worker_post=False, **applicant) -> tuple[str, str]:
    (result,) = verdicts(requirement, cutoff, worker_post, **applicant)
    return result.status, result.evidence


# ---------------------------------------------------------------- age on the cut-off day

@pytest.mark.parametrize(
    ("requirement", "birth", "cutoff", "status", "evidence"),
    [
        ("35周岁以下", date(1990, 5, 1), CUTOFF, "not_met", "出生 1990-05-01，截至 2026-06-30 为 36 周岁，超过 35 周岁上限"),
        # 36th birthday on the cut-off day: no longer 35.
        ("35周岁以下", date(1990, 6, 30), CUTOFF, "not_met", "出生 1990-06-30，截至 2026-06-30 为 36 周岁，超过 35 周岁上限"),
        ("35周岁以下", date(1990, 7, 1), CUTOFF, "met", "出生 1990-07-01，截至 2026-06-30 为 35 周岁，未超过 35 周岁上限"),
        ("不超过35周岁", date(1990, 7, 1), CUTOFF, "met", "未超过 35 周岁上限"),
        ("年龄不满36周岁", date(1990, 6, 30), CUTOFF, "not_met", "超过 35 周岁上限"),
        ("年满18周岁", date(2008, 6, 30), CUTOFF, "met", "出生 2008-06-30，截至 2026-06-30 为 18 周岁，已满 18 周岁"),
        ("年满18周岁", date(2008, 7, 1), CUTOFF, "not_met", "为 17 周岁，不满 18 周岁"),
        # 29 February: in a common year the birthday has not come on 28 February.
        ("34周岁以下", date(1992, 2, 29), date(2027, 2, 28), "met", "为 34 周岁"),
        ("34周岁以下", date(1992, 2, 29), date(2027, 3, 1), "not_met", "为 35 周岁"),
        ("35周岁以下", date(1988, 2, 29), date(2024, 2, 28), "met", "为 35 周岁"),
        ("35周岁以下", date(1988, 2, 29), date(2024, 2, 29), "not_met", "为 36 周岁"),
        # A cut-off on 29 February and a birthday on 28 February.
        ("35周岁以下", date(1988, 2, 28), date(2024, 2, 29), "not_met", "为 36 周岁"),
        # Explicit birth-date bounds are inclusive and beat the 周岁 arithmetic.
        ("年龄35周岁及以下（1990年1月1日以后出生）", date(1990, 1, 1), CUTOFF, "met", "出生 1990-01-01"),
        ("年龄35周岁及以下（1990年1月1日以后出生）", date(1989, 12, 31), CUTOFF, "not_met",
         "出生 1989-12-31，早于要求的 1990-01-01"),
        ("18周岁以上、35周岁以下（1990年1月1日至2008年1月1日期间出生）", date(2008, 1, 2), CUTOFF, "not_met",
         "晚于要求的 2008-01-01"),
    ],
)
def test_age_limits(requirement, birth, cutoff, status, evidence):
    results = verdicts(requirement, cutoff, birth_date=birth, gender="女")
    result = results[-1]
    assert result.status == status
    assert evidence in result.evidence


@pytest.mark.parametrize(
    ("gender", "birth", "statuses"),
    [
        ("男", date(1988, 1, 1), ["met", "met"]),  # 38: under the men's 40
        ("女", date(1988, 1, 1), ["met", "not_met"]),  # 38: over the women's 35
        ("女", date(1991, 1, 1), ["met", "met"]),
        ("男", date(1985, 6, 30), ["not_met", "met"]),  # 41 on the cut-off day
        (None, date(1988, 1, 1), ["needs_review", "needs_review"]),  # which limit applies is unknown
    ],
)
def test_gender_specific_age_limits(gender, birth, statuses):
    results = verdicts("男性40周岁以下，女性35周岁以下", gender=gender, birth_date=birth)
    assert [r.status for r in results] == statuses
    if gender == "女":
        assert "仅适用于男性，申请人为女性" in results[0].evidence
        assert results[1].evidence.startswith("女性，出生 ")


@pytest.mark.parametrize(
    ("birth", "education", "degree", "status", "evidence"),
    [
        (date(1993, 1, 1), "硕士研究生", "硕士", "met", "超过 30 周岁上限，但符合“具有硕士学位”"),
        (date(1993, 1, 1), "本科", "学士", "not_met", "须“具有硕士学位”，不符合"),
        (date(1993, 1, 1), "硕士研究生", None, "needs_review", "未填写学位"),
        (date(1990, 1, 1), "硕士研究生", "硕士", "not_met", "也超出“具有硕士学位”可放宽到的 35 周岁"),
        (date(1997, 1, 1), "本科", "学士", "met", "未超过 30 周岁上限"),
    ],
)
def test_age_relaxation(birth, education, degree, status, evidence):
    result = verdict("年龄30周岁以下，具有硕士学位的放宽到35周岁", birth_date=birth, education=education, degree=degree)
    assert result[0] == status and evidence in result[1]


def test_unbounded_relaxation_sends_over_age_applicants_to_review():
    results = verdicts(["35周岁以下", "特别优秀的可适当放宽条件"], birth_date=date(1985, 1, 1))
    assert [r.status for r in results] == ["needs_review"]
    assert "特别优秀的可适当放宽条件" in results[0].evidence


# ---------------------------------------------------------------- statutory retirement

@pytest.mark.parametrize(
    ("birth", "scheme", "age", "retires"),
    [
        (date(1965, 1, 10), MEN, (60, 1), date(2025, 2, 10)),  # domain.md check dates
        (date(1965, 5, 10), MEN, (60, 2), date(2025, 7, 10)),
        (date(1976, 9, 1), MEN, (63, 0), date(2039, 9, 1)),
        (date(1981, 9, 1), WOMEN_55, (58, 0), date(2039, 9, 1)),
        (date(1984, 11, 1), WOMEN_50, (55, 0), date(2039, 11, 1)),
        (date(1968, 2, 29), MEN, (60, 10), date(2028, 12, 29)),  # leap-day births
        (date(1980, 2, 29), MEN, (63, 0), date(2043, 2, 28)),  # no 29 February in 2043
        (date(1984, 2, 29), WOMEN_55, (58, 0), date(2042, 2, 28)),
        (date(1976, 2, 29), WOMEN_50, (50, 7), date(2026, 9, 29)),
    ],
)
def test_retirement_dates(birth, scheme, age, retires):
    assert retirement_age(birth, scheme) == age
    assert retirement_date(birth, scheme) == retires


@pytest.mark.parametrize(
    ("gender", "birth", "worker_post", "override", "status", "evidence"),
    [
        ("男", date(1965, 5, 10), False, None, "not_met", "法定退休年龄 60 岁 2 个月，于 2025-07-10 达到，截止日 2026-06-30 时已达到"),
        # Retires while the round runs (within 6 months of the cut-off): HR decides.
        ("男", date(1966, 5, 3), False, None, "needs_review", "于 2026-10-03 达到"),
        ("男", date(1967, 1, 1), False, None, "met", "法定退休年龄 60 岁 7 个月，于 2027-08-01 达到，晚于截止日"),
        # Women: 55 on management/professional posts, 50 on worker (工勤) posts, or a per-person override.
        ("女", date(1972, 6, 1), False, None, "met", "女职工（管理、专业技术岗位），出生 1972-06-01，法定退休年龄 55 岁 8 个月"),
        ("女", date(1971, 6, 1), False, None, "needs_review", "法定退休年龄 55 岁 5 个月，于 2026-11-01 达到"),
        ("女", date(1972, 6, 1), True, None, "not_met", "女职工（工勤岗位），出生 1972-06-01，法定退休年龄 50 岁，于 2022-06-01"),
        ("女", date(1972, 6, 1), False, "women50", "not_met", "女职工（工勤岗位）"),
        ("女", date(1976, 3, 1), True, None, "needs_review", "法定退休年龄 50 岁 8 个月，于 2026-11-01 达到"),
        ("女", date(1977, 3, 1), True, None, "met", "法定退休年龄 51 岁 2 个月，于 2028-05-01 达到"),
        (None, date(1970, 1, 1), False, None, "needs_review", "缺少出生日期或性别"),
    ],
)
def test_statutory_retirement_verdicts(gender, birth, worker_post, override, status, evidence):
    result = verdict("年龄在国家法定退休年龄之内", worker_post=worker_post, gender=gender, birth_date=birth,
                     retirement_scheme=override)
    assert result[0] == status and evidence in result[1]


def test_reaching_retirement_age_on_the_cut_off_day_is_reaching_it():
    # Born 1966-02-15: 60 years 4 months → 2026-06-15.
    rule = "年龄在国家法定退休年龄之内"
    assert verdict(rule, cutoff=date(2026, 6, 15), gender="男", birth_date=date(1966, 2, 15)) == (
        "not_met", "男职工，出生 1966-02-15，法定退休年龄 60 岁 4 个月，于 2026-06-15 达到，截止日 2026-06-15 时已达到")
    assert verdict(rule, cutoff=date(2026, 6, 14), gender="男", birth_date=date(1966, 2, 15))[0] == "needs_review"


def test_years_left_before_retirement():
    rule = "距法定退休年龄不少于5年"
    assert verdict(rule, gender="男", birth_date=date(1970, 1, 1))[0] == "not_met"  # retires 2031-05-01
    assert verdict(rule, gender="男", birth_date=date(1969, 1, 1))[0] == "not_met"
    status, evidence = verdict(rule, gender="男", birth_date=date(1971, 1, 1))  # 61y7m → 2032-08-01
    assert status == "met" and "不少于 5 年" in evidence


# ---------------------------------------------------------------- education, degree, major

@pytest.mark.parametrize(
    ("requirement", "education", "mode", "status", "evidence"),
    [
        ("全日制本科及以上学历", "本科", "全日制", "met", "学历本科（全日制），达到本科及以上"),
        ("全日制本科及以上学历", "本科", "统招", "met", "达到本科"),
        ("全日制本科及以上学历", "本科", "非全日制", "not_met", "为非全日制，岗位要求全日制本科及以上"),
        ("全日制本科及以上学历", "本科（函授）", None, "not_met", "为非全日制"),
        ("全日制本科及以上学历", "本科", "自学考试", "not_met", "为非全日制"),
        # A part-time master's may sit on a full-time bachelor's: HR checks that stage.
        ("全日制本科及以上学历", "硕士研究生", "非全日制", "needs_review", "需核对其本科阶段是否为全日制"),
        ("全日制本科及以上学历", "本科", None, "needs_review", "未写明是否全日制"),
        ("全日制本科及以上学历", "本科", "其他", "needs_review", "未写明是否全日制"),
        # Without 全日制 in the rule, a part-time degree counts the same.
        ("研究生学历", "硕士研究生", "非全日制", "met", "达到硕士研究生及以上"),
        # 或同等学历: never an automatic pass for someone below the level.
        ("全日制大本及以上学历或同等学历", "本科", "非全日制", "needs_review", "接受同等学历，需人工认定"),
        ("本科以上学历或同等学历", "大专", "全日制", "needs_review", "低于要求的本科；岗位接受同等学历，需人工认定"),
        ("本科以上学历或同等学历", "高中", "全日制", "not_met", "低于要求的本科（同等学历也须与该层次相当）"),
        ("本科以上学历或同等学历", "同等学力研究生", None, "needs_review", "不是普通的硕士研究生学历证书"),
        ("本科以上学历或同等学历", "本科", "全日制", "met", "达到本科"),
        ("本科以上学历", "中央党校研究生", None, "needs_review", "不是普通的硕士研究生学历证书；需人工认定是否达到本科"),
        ("本科以上学历", "大学", None, "needs_review", "学历“大学”无法识别"),
        ("大专以上学历", "初中", None, "not_met", "低于要求的大专"),
        ("全日制本科及以上学历", "本科（自考）", "全日制", "needs_review", "学习形式前后矛盾"),
        ("第一学历为全日制本科", "硕士研究生", "全日制", "needs_review", "需核对第一学历"),
        ("第一学历为全日制本科", "大专", "全日制", "not_met", "低于要求的本科"),
        ("大专以上学历（退役军人可放宽至高中学历）", "高中", None, "needs_review", "退役军人可放宽至高中学历"),
    ],
)
def test_education(requirement, education, mode, status, evidence):
    result = verdict(requirement, education=education, study_mode=mode)
    assert result[0] == status and evidence in result[1]


@pytest.mark.parametrize(
    ("requirement", "major", "status", "evidence"),
    [
        ("图书馆学大专以上学历", "图书馆学", "met", "专业图书馆学符合要求的图书馆学"),
        ("图书馆学大专以上学历", "信息资源管理", "met", "属于图书馆学的相关专业"),
        ("图书馆学大专以上学历", "计算机科学与技术", "not_met", "不是要求的图书馆学"),
        ("图书馆学、情报学等相关专业", "档案学", "met", "相关专业"),
        # '等相关专业' is an open list: another major is HR's call, not a rejection.
        ("图书馆学、情报学等相关专业", "汉语言文学", "needs_review", "需人工认定"),
        ("计算机类专业大专以上学历", "软件工程", "met", "符合要求的计算机类"),
        ("计算机类专业大专以上学历", "智能制造工程", "needs_review", "是否属于计算机类需人工认定"),
        ("所学专业为会计学、财务管理", "会计", "met", "符合要求的会计学"),
        ("所学专业为会计学、财务管理", "管理", "not_met", "不是要求的会计学、财务管理"),
        ("相关专业本科以上学历", "历史学", "needs_review", "是否属于岗位相关专业需人工认定"),
    ],
)
def test_majors(requirement, major, status, evidence):
    result = verdicts(requirement, education="本科", major=major, study_mode="全日制")[0]
    assert (result.status, evidence in result.evidence) == (status, True), result.evidence


@pytest.mark.parametrize(
    ("degree", "status"),
    [("硕士", "met"), ("工学硕士", "met"), ("博士", "met"), ("学士", "not_met"), ("无", "not_met"),
     (None, "needs_review"), ("双学位", "needs_review")],
)
def test_degree(degree, status):
    assert verdict("硕士以上学位", degree=degree)[0] == status


# ---------------------------------------------------------------- titles, skills, certificates

@pytest.mark.parametrize(
    ("requirement", "title", "status", "evidence"),
    [
        ("具有助理馆员以上职称", "馆员", "met", "职称馆员（中级），达到助理馆员及以上"),
        ("具有助理馆员以上职称", "管理员", "not_met", "低于要求的助理馆员"),
        ("副研究馆员以上职称", "研究馆员", "met", "正高级"),
        ("具有图书资料系列中级职称", "馆员", "met", "达到图书资料系列中级"),
        # Another series at the same grade is HR's call, with both series named.
        ("具有图书资料系列中级职称", "会计师", "needs_review", "职称会计师（会计系列，中级）与要求的图书资料系列中级不属同一系列"),
        ("具有图书资料系列中级职称", "副研究馆员（文博）", "needs_review", "文博系列"),
        ("具有图书资料系列中级职称", "中级", "needs_review", "未写明系列"),
        ("具有图书资料系列中级职称", "助理工程师", "not_met", "低于要求的图书资料系列中级"),
        ("具有中级及以上专业技术职称", "工程师", "met", "达到中级"),
        ("具有中级及以上专业技术职称", "初级", "not_met", "职称初级（员级或助理级），低于要求的中级"),
        ("具有中级及以上专业技术职称", "高级", "met", "副高级"),
        ("具有初级会计职称", "会计员", "met", "达到会计系列初级"),
        ("具有会计师及以上职称", "高级会计师", "met", "副高级"),
        ("具有会计师及以上职称", "助理会计师", "not_met", "低于要求的会计师"),
        ("具有相关专业中级以上职称", "馆员", "needs_review", "是否属相关专业需人工认定"),
        ("具有助理馆员以上职称", "无", "not_met", "无职称"),
        ("具有助理馆员以上职称", None, "needs_review", "未填写职称"),
        ("具有助理馆员以上职称", "高级技师", "needs_review", "无法识别"),
        ("具有助理馆员以上职称", "馆员、会计师", "met", "职称馆员"),
    ],
)
def test_titles(requirement, title, status, evidence):
    result = verdict(requirement, title=title)
    assert result[0] == status and evidence in result[1], result[1]


@pytest.mark.parametrize(
    ("requirement", "certificates", "status", "evidence"),
    [
        ("具有相关专业高级工以上职业资格", ["电工高级工证"], "needs_review", "是否属相关工种需人工认定"),
        ("具有中级工及以上职业资格证书", ["电工技师证"], "met", "达到中级工"),
        ("具有中级工及以上职业资格证书", ["电工初级工证"], "not_met", "低于要求的中级工"),
        ("持C1驾照", ["B2驾驶证"], "met", "准驾车型包含C1"),
        ("持C1驾照", ["C2驾驶证"], "not_met", "准驾车型不含C1"),
        ("持C1驾照", ["机动车驾驶证"], "needs_review", "未写明准驾车型"),
        ("持有驾驶证", ["C1驾照"], "met", "持有C1驾照"),
        ("持有驾驶证", ["教师资格证"], "not_met", "没有驾驶证"),
        ("具有英语四级证书", ["大学英语六级证书"], "met", "持有大学英语六级证书"),
        ("具有英语四级证书", ["CET-4"], "met", "持有CET-4"),
        ("具有全国计算机等级考试二级证书", ["计算机二级"], "met", "持有计算机二级"),
        ("具有全国计算机等级考试二级证书", ["计算机三级"], "needs_review", "级别不同"),
        ("普通话二级甲等以上", ["普通话一级乙等证书"], "met", "持有普通话一级乙等证书"),
        # The six 普通话 grades are one scale: a lower grade is not the one asked for.
        ("普通话二级甲等以上", ["普通话二级乙等"], "not_met", "中没有普通话二级甲等"),
        ("取得教师资格证", ["高中教师资格证书"], "met", "持有高中教师资格证书"),
        ("取得教师资格证", ["法律职业资格证书"], "not_met", "没有教师资格证"),
        ("取得教师资格证", [], "needs_review", "未填写任何证书"),
        ("持有高级工以上职业资格证书（电工、水暖工）", ["电工高级工证"], "met", "工种和等级符合"),
        ("持有高级工以上职业资格证书（电工、水暖工）", ["厨师技师证"], "needs_review", "是否属要求的工种（电工、水暖工）"),
        ("持有高级工以上职业资格证书（电工、水暖工）", ["电工中级工证"], "not_met", "低于要求的高级工"),
        ("具有有效的机动车驾驶证（C照以上）", ["C2驾驶证"], "met", "准驾车型包含C2"),
        ("具有有效的机动车驾驶证（C照以上）", ["A1驾驶证"], "met", "准驾车型包含C2"),
    ],
)
def test_certificates_and_skills(requirement, certificates, status, evidence):
    result = verdict(requirement, certificates=certificates)
    assert result[0] == status and evidence in result[1], result[1]


def test_abolished_certificate_is_shown_but_never_rejects():
    rules = parse_requirements(["大学本科以上学历。具有会计从业资格证书、助理会计师资格。"])
    applicant = Applicant(name="甲", education="本科", title="助理会计师", certificates=["初级会计资格证书"])
    results = evaluate(rules, applicant, CUTOFF)
    assert [r.status for r in results] == ["met", "needs_review", "met"]
    assert "2017-11-05" in results[1].evidence and "不影响资格" in results[1].evidence
    assert overall_status(results) == "eligible"
    # Even a rule kept as required by HR's correction does not decide: it is obsolete.
    forced = [Rule.from_dict({**r.to_dict(), "required": True}) for r in rules]
    assert overall_status(evaluate(forced, applicant, CUTOFF)) == "eligible"


def test_alternatives_are_not_rejections_on_their_own():
    results = verdicts("本科以上学历或中级以上职称", education="大专", title="工程师")
    assert [r.status for r in results] == ["met", "needs_review"]
    assert "择一条件" in results[1].evidence
    # A master's degree earned part-time on a bachelor's education: the degree alone may do.
    results = verdicts("具有研究生学历或硕士及以上学位", education="本科", degree="硕士")
    assert [r.status for r in results] == ["needs_review", "met"]


# ---------------------------------------------------------------- experience, political status, 编制, gender

@pytest.mark.parametrize(
    ("requirement", "years", "status", "evidence"),
    [
        ("具有2年以上工作经验", 2.5, "met", "工作年限 2.5 年，不少于 2 年"),
        ("具有2年以上工作经验", 2, "met", "工作年限 2 年，不少于 2 年"),
        ("具有2年以上工作经验", 1.9, "not_met", "工作年限 1.9 年，少于要求的 2 年以上工作经历"),
        ("具有1年半以上工作经历", 1.5, "met", "不少于 1.5 年"),
        ("6个月以上相关工作经历", 0.4, "not_met", "少于要求的 0.5 年以上相关工作经历"),
        # Total years are known, the years in the named field are not.
        ("具有3年及以上图书馆工作经历", 5, "needs_review", "其中图书馆工作经历需人工核对"),
        ("具有3年及以上图书馆工作经历", 2, "not_met", "少于要求的 3 年以上图书馆工作经历"),
        ("具有2年以上工作经验", None, "needs_review", "未填写工作年限"),
    ],
)
def test_experience(requirement, years, status, evidence):
    result = verdict(requirement, years_experience=years)
    assert result[0] == status and evidence in result[1], result[1]


@pytest.mark.parametrize(
    ("requirement", "political", "status"),
    [
        ("中共党员", "中共党员", "met"),
        ("中共党员", "中共预备党员", "needs_review"),
        ("中共党员（含预备党员）", "中共预备党员", "met"),
        ("中共党员（不含预备党员）", "中共预备党员", "not_met"),
        ("中共党员", "共青团员", "not_met"),
        ("中共党员", "群众", "not_met"),
        ("中共党员", None, "needs_review"),
    ],
)
def test_political_status(requirement, political, status):
    assert verdict(requirement, political_status=political)[0] == status


def test_data_errors_go_to_review():
    # Born after the cut-off: a typing error, not a young applicant.
    assert verdict("35周岁以下", birth_date=date(2030, 1, 1))[0] == "needs_review"
    assert verdict("年龄在国家法定退休年龄之内", gender="男", birth_date=date(2030, 1, 1))[0] == "needs_review"
    # Gender written out in full is still a gender.
    assert verdicts("男性40周岁以下，女性35周岁以下", gender="女性", birth_date=date(1988, 1, 1))[1].status == "not_met"


def test_bianzhi_and_gender():
    assert verdict("在编在岗人员", bianzhi=True)[0] == "met"
    assert verdict("在编在岗人员", bianzhi=False) == ("not_met", "非在编人员，岗位限在编人员")
    assert verdict("在编在岗人员", bianzhi=None)[0] == "needs_review"
    assert verdict("限男性", gender="女") == ("not_met", "性别女，岗位限男性")
    assert verdict("限男性", gender="男")[0] == "met"
    assert verdict("限男性")[0] == "needs_review"


# ---------------------------------------------------------------- missing data and preferences

@pytest.mark.parametrize(
    "requirement",
    ["35周岁以下", "本科以上学历", "学士以上学位", "图书馆学专业", "具有助理馆员以上职称", "持有驾驶证",
     "具有2年以上工作经验", "中共党员", "在编人员", "年龄在国家法定退休年龄之内", "限女性", "全日制本科以上学历",
     "男性40周岁以下", "具有中级工以上职业资格", "取得教师资格证"],
)
def test_missing_applicant_data_needs_review_never_not_met(requirement):
    results = verdicts(requirement)
    assert results and all(r.status == "needs_review" for r in results), [r.evidence for r in results]
    assert all("未填写" in r.evidence or "缺少" in r.evidence or "无法识别" in r.evidence for r in results)


def test_preferences_rank_and_never_disqualify():
    rules = parse_requirements(["大专以上学历", "中共党员优先", "具有研究生学历者优先", "同等条件下，退役军人优先"])
    results = evaluate(rules, Applicant(name="乙", education="本科", political_status="群众"), CUTOFF)
    assert [r.status for r in results] == ["met", "not_met", "not_met", "interview"]
    assert "不影响资格" in results[1].evidence and "政治面貌：群众" in results[1].evidence
    assert overall_status(results) == "eligible"
    results = evaluate(rules, Applicant(name="丙", education="硕士研究生", political_status="中共党员"), CUTOFF)
    assert [r.status for r in results] == ["met", "met", "met", "interview"]


def test_soft_items_name_the_stage_that_checks_them():
    results = verdicts(["身体健康", "无违法违纪记录", "具有较强的组织协调能力"])
    assert [r.status for r in results] == ["interview"] * 3
    assert ["体检" in results[0].evidence, "考察" in results[1].evidence, "面试" in results[2].evidence] == [True] * 3
    assert overall_status(results) == "eligible"


def test_a_rule_with_broken_parameters_goes_to_review():
    broken = [Rule(RuleKind.EDUCATION, "本科以上学历", {}), Rule(RuleKind.AGE, "35周岁以下", {"max": "x"}),
              Rule(RuleKind.TITLE, "馆员", {"series": "图书资料"})]
    results = evaluate(broken, Applicant(name="丁", education="本科", birth_date=date(1990, 1, 1), title="馆员"),
                       CUTOFF)
    assert [r.status for r in results] == ["needs_review"] * 3
    assert all("规则参数" in r.evidence for r in results)
