"""Requirement phrasings of the kinds issue 17 names, in wordings none of the other rule tests use: other numbers,
other word orders, Chinese numerals, brackets. Each row gives the verdict a careful HR officer reaches for one
applicant and words the evidence must hold (table-driven); every row reads to exactly one deciding rule."""

from datetime import date

import pytest

from hrflow.rules import Applicant, RuleKind, evaluate, overall_status, parse_requirements

CUTOFF = date(2026, 6, 30)


def born(age_on_cutoff: int) -> date:
    """A birthday that makes the applicant exactly this old on the cut-off day."""
    return date(CUTOFF.year - age_on_cutoff, 1, 1)


def judged(requirement, applicant: dict, status: str, evidence: str) -> None:
    items = [requirement] if isinstance(requirement, str) else requirement
    rules = parse_requirements(items)
    results = [v for v in evaluate(rules, Applicant(name="甲", **applicant), CUTOFF) if v.rule.required]
    assert len(results) == 1, [(v.rule.kind.value, v.rule.text, v.evidence) for v in results]
    (result,) = results
    assert (result.status, evidence in result.evidence) == (status, True), result.evidence


# ---------------------------------------------------------------- age limits and their tiers

AGE = [
    ("年龄在35周岁及以下", {"birth_date": born(35)}, "met", "为 35 周岁，未超过 35 周岁上限"),
    ("年龄在35周岁及以下", {"birth_date": born(36)}, "not_met", "为 36 周岁，超过 35 周岁上限"),
    ("年龄三十五周岁以下", {"birth_date": born(36)}, "not_met", "超过 35 周岁上限"),
    ("年龄四十周岁以下", {"birth_date": born(40)}, "met", "未超过 40 周岁上限"),
    ("1986年1月1日以后出生", {"birth_date": date(1986, 1, 1)}, "met", "在要求的出生日期范围（1986-01-01 及以后）内"),
    ("1986年1月1日以后出生", {"birth_date": date(1985, 12, 31)}, "not_met", "早于要求的 1986-01-01"),
    ("1991年1月1日（含）以后出生", {"birth_date": date(1990, 12, 31)}, "not_met", "早于要求的 1991-01-01"),
    # The announced birth date decides, not the 周岁 written beside it.
    ("年龄35周岁以下（1990年7月1日以后出生）", {"birth_date": date(1990, 6, 1)}, "not_met", "早于要求的 1990-07-01"),
    ("年龄在45周岁以下（即1980年6月30日以后出生）", {"birth_date": date(1980, 6, 29)}, "not_met",
     "早于要求的 1980-06-30"),
    ("年龄35周岁以下，硕士及以上学历年龄可放宽至40周岁", {"birth_date": born(38), "education": "硕士研究生"}, "met",
     "但符合“硕士及以上学历”"),
    ("年龄35周岁以下，硕士及以上学历年龄可放宽至40周岁", {"birth_date": born(38), "education": "本科"}, "not_met",
     "但须“硕士及以上学历”，不符合"),
    ("年龄30周岁以下，研究生学历可放宽至35周岁", {"birth_date": born(33), "education": "硕士研究生"}, "met",
     "可放宽到 35 周岁"),
    ("年龄原则上在35周岁以下，博士研究生年龄可放宽到40周岁", {"birth_date": born(38), "education": "博士研究生"}, "met",
     "可放宽到 40 周岁"),
    ("35周岁及以下，具有博士学位或副高级以上职称的可放宽至45周岁", {"birth_date": born(44), "title": "副研究馆员"},
     "met", "可放宽到 45 周岁"),
    ("年龄不超过三十周岁，硕士研究生不超过三十五周岁", {"birth_date": born(33), "education": "硕士研究生"}, "met",
     "可放宽到 35 周岁"),
    # '年龄在' between the degree and its bound: still a tier, never a second limit for everyone.
    ("年龄在35岁以下，硕士研究生年龄在40岁以下", {"birth_date": born(39), "education": "硕士研究生"}, "met",
     "但符合“硕士研究生及以上学历”"),
    ("年龄在35岁以下，硕士研究生年龄在40岁以下", {"birth_date": born(39), "education": "本科"}, "not_met",
     "须“硕士研究生及以上学历”，不符合"),
    ("年龄：35周岁及以下（取得博士学位的可放宽至40周岁及以下）", {"birth_date": born(39), "degree": "硕士"}, "not_met",
     "但须“取得博士学位”，不符合"),
    ("年龄在40周岁以下（1985年7月1日及以后出生），具有高级职称的可放宽到45周岁（1980年7月1日及以后出生）",
     {"birth_date": date(1982, 3, 3), "title": "研究馆员"}, "met", "可放宽到 1980-07-01 及以后出生"),
    ("1985年7月1日以后出生（博士研究生可放宽至1980年7月1日以后出生）",
     {"birth_date": date(1982, 1, 1), "education": "硕士研究生"}, "not_met", "但须“博士研究生”，不符合"),
    ("年龄30周岁以下，全日制硕士研究生可放宽至35周岁，博士研究生可放宽至40周岁",
     {"birth_date": born(34), "education": "硕士研究生", "study_mode": "全日制"}, "met", "但符合“全日制硕士研究生”"),
    (["年龄35周岁以下", "具有硕士研究生学历的年龄可放宽至40周岁"], {"birth_date": born(38), "education": "硕士研究生"},
     "met", "可放宽到 40 周岁"),
    ("年龄在30周岁以下，具有中级职称的可放宽到35周岁", {"birth_date": born(34), "title": "馆员"}, "met",
     "但符合“具有中级职称”"),
    ("男性不超过50周岁，女性不超过45周岁", {"birth_date": born(48), "gender": "男"}, "met", "未超过 50 周岁上限"),
]


@pytest.mark.parametrize(("requirement", "applicant", "status", "evidence"), AGE)
def test_ages_and_tiers(requirement, applicant, status, evidence):
    if isinstance(requirement, str) and requirement.startswith("男性不超过"):
        # Two bounds, one per gender: the other one is met as not applying.
        rules = parse_requirements([requirement])
        results = evaluate(rules, Applicant(name="甲", **applicant), CUTOFF)
        assert [v.status for v in results] == ["met", "met"] and evidence in results[0].evidence
        return
    judged(requirement, applicant, status, evidence)


def test_an_age_range_in_chinese_numerals_is_two_bounds():
    rules = parse_requirements(["年龄在二十五周岁至三十五周岁之间"])
    assert [(r.kind, r.params.get("min"), r.params.get("max")) for r in rules] == [
        (RuleKind.AGE, 25, None), (RuleKind.AGE, None, 35)]
    results = evaluate(rules, Applicant(name="乙", birth_date=born(36)), CUTOFF)
    assert overall_status(results) == "not_eligible" and "超过 35 周岁上限" in results[1].evidence


# ---------------------------------------------------------------- conditional relaxations

CONDITIONAL = [
    ("大专及以上学历；具有3年以上相关工作经历的，学历可放宽至中专", {"education": "中专", "years_experience": 4},
     "needs_review", "其中相关工作经历需人工核对"),
    ("大专及以上学历；具有3年以上相关工作经历的，学历可放宽至中专", {"education": "中专", "years_experience": 1},
     "not_met", "少于要求的 3 年以上相关工作经历"),
    ("大专及以上学历；具有三年以上工作经历的，学历可放宽到高中", {"education": "高中", "years_experience": 3.5},
     "met", "但符合“具有三年以上工作经历”"),
    ("本科以上学历，具有中级及以上职称的可放宽至大专学历", {"education": "大专", "title": "馆员"}, "met",
     "可放宽到 大专"),
    ("本科以上学历，具有中级及以上职称的可放宽至大专学历", {"education": "大专", "title": "助理馆员"}, "not_met",
     "低于要求的中级"),
    ("本科及以上学历（具有高级工以上职业资格的，可放宽至高中学历）", {"education": "高中", "certificates": ["电工高级工证"]},
     "met", "但符合“具有高级工以上职业资格”"),
    ("本科及以上学历，取得副高级职称的不受学历限制", {"education": "高中", "title": "副研究馆员"}, "met", "不受此限"),
    ("具有5年以上工作经历；具有硕士学位的，工作经历可放宽至3年", {"years_experience": 3, "degree": "硕士"}, "met",
     "可放宽到 3 年"),
    ("具有5年以上工作经历；具有硕士学位的，工作经历可放宽至3年", {"years_experience": 3, "degree": "学士"}, "not_met",
     "但须“具有硕士学位”，不符合"),
    ("本科及以上学历，中共党员可放宽至大专", {"education": "大专", "political_status": "中共党员"}, "met",
     "但符合“中共党员”"),
]


@pytest.mark.parametrize(("requirement", "applicant", "status", "evidence"), CONDITIONAL)
def test_conditional_relaxations(requirement, applicant, status, evidence):
    judged(requirement, applicant, status, evidence)


# ---------------------------------------------------------------- certificates, by whole names and levels

CERTIFICATES = [
    ("持有高级中学教师资格证书", ["初级中学教师资格证"], "not_met", "本级及以下学校"),
    ("持有高级中学教师资格证书", ["高中教师资格证"], "met", "持有高中教师资格证"),
    ("具有中等职业学校及以上教师资格证书", ["小学教师资格证"], "not_met", "没有中等职业学校及以上教师资格证书"),
    ("取得教师资格证书（小学及以上）", ["初级中学教师资格证"], "met", "持有初级中学教师资格证"),
    ("取得教师资格证书（小学及以上）", ["幼儿园教师资格证"], "not_met", "没有小学及以上教师资格证书"),
    ("持C1及以上驾驶证", ["C2驾驶证"], "not_met", "准驾车型不含C1"),
    ("持C1及以上驾驶证", ["B2驾驶证"], "met", "准驾车型包含C1"),
    ("持有特种作业操作证（电工作业）", ["特种作业操作证（电工作业）"], "met", "持有特种作业操作证(电工作业)"),
    ("持有特种作业操作证（电工作业）", ["特种作业操作证（焊接与热切割作业）"], "not_met", "没有特种作业操作证(电工作业)"),
    ("持有消防设施操作员（中级）证书", ["消防设施操作员（中级）"], "met", "持有消防设施操作员(中级)"),
    ("持有消防设施操作员（中级）证书", ["初级消防设施操作员证书"], "not_met", "没有消防设施操作员(中级)证书"),
    ("具有注册会计师资格", ["注册税务师"], "not_met", "没有注册会计师资格"),
    # The 司法考试 became the 法律职业资格考试 in 2018: the certificate shows either.
    ("通过国家司法考试", ["法律职业资格证书"], "met", "持有法律职业资格证书"),
    ("通过国家司法考试", ["律师执业证"], "not_met", "没有法律职业资格证书"),
    ("英语六级及以上", ["大学英语四级"], "not_met", "没有英语六级"),
    ("英语六级及以上", ["CET-6"], "met", "持有CET-6"),
    ("普通话二级乙等及以上", ["普通话二级甲等"], "met", "持有普通话二级甲等"),
    ("普通话二级甲等以上", ["普通话二级乙等"], "not_met", "没有普通话二级甲等"),
    ("取得全国计算机等级考试二级证书", ["计算机二级"], "met", "持有计算机二级"),
    ("持有护士执业证书", ["护士资格证"], "needs_review", "名称不完全相同"),
    ("须具备档案管理员资格证书", [], "needs_review", "未填写任何证书"),
]


@pytest.mark.parametrize(("requirement", "certificates", "status", "evidence"), CERTIFICATES)
def test_certificates(requirement, certificates, status, evidence):
    judged(requirement, {"certificates": certificates}, status, evidence)


# ---------------------------------------------------------------- majors: by 类, 一级学科 and name

MAJORS = [
    # A clause of catalogue names alone is a major requirement, with or without the word 专业.
    ("中国语言文学类", "汉语言文学", "本科", "met", "汉语言文学（050101）属 中国语言文学类（0501）"),
    ("专业要求：中国语言文学类", "古典文献学", "本科", "met", "古典文献学（050105）属 中国语言文学类（0501）"),
    ("中国语言文学类相关专业", "语言学及应用语言学", "硕士研究生", "met", "（050102，研究生二级学科）属 中国语言文学（0501）"),
    ("中国语言文学一级学科", "中国古代文学", "硕士研究生", "met", "中国古代文学（050105，研究生二级学科）"),
    ("中国语言文学（0501）", "汉语言文字学", "博士研究生", "met", "汉语言文字学（050103，研究生二级学科）"),
    ("图书情报与档案管理类", "图书馆学", "硕士研究生", "met", "图书馆学（120501）属 图书情报与档案管理类（1205）"),
    # 1205 is 信息资源管理 since 2022; posts still call it by its old name.
    ("图书情报与档案管理一级学科", "情报学", "硕士研究生", "met", "情报学（120502，研究生二级学科）属 信息资源管理（1205）"),
    ("历史学类", "考古学", "本科", "met", "考古学（060103）属 历史学类（0601）"),
    ("中国史", "历史文献学", "硕士研究生", "met", "历史文献学（060104，研究生二级学科）属 中国史（0602）一级学科"),
    ("中国史专业", "专门史", "博士研究生", "met", "专门史（060105，研究生二级学科）属 中国史（0602）一级学科"),
    ("新闻传播学类", "网络与新媒体", "本科", "met", "网络与新媒体（050306T）属 新闻传播学类（0503）"),
    ("法学类", "民商法学", "硕士研究生", "met", "民商法学（030105，研究生二级学科）属 法学（0301）一级学科"),
    ("工商管理类", "会计学", "本科", "met", "会计学（120203K）属 工商管理类（1202）"),
    ("工商管理类", "企业管理", "硕士研究生", "met", "企业管理（120202，研究生二级学科）属 工商管理学（1202）一级学科"),
    ("公共管理类", "行政管理", "本科", "met", "行政管理（120402）属 公共管理类（1204）"),
    ("教育学类", "高等教育学", "硕士研究生", "met", "高等教育学（040106，研究生二级学科）属 教育学（0401）一级学科"),
    ("外国语言文学类", "英语", "本科", "met", "英语（050201）属 外国语言文学类（0502）"),
    ("计算机相关专业", "网络工程", "本科", "met", "网络工程（080903）属 计算机类（0809）"),
    # Where the catalogues cannot settle it, HR does: a graduate 二级学科 against a 本科 专业类 of another name,
    # a professional degree against an academic discipline.
    ("计算机类", "计算机软件与理论", "硕士研究生", "needs_review", "不在同一目录或同一学位类型中"),
    ("法学类", "法律（非法学）", "硕士研究生", "needs_review", "法律（0351，研究生一级学科）"),
    ("工商管理类", "会计", "硕士研究生", "needs_review", "会计（1253，研究生一级学科）"),
    # Whole names: a single major is no group.
    ("英语专业", "商务英语", "本科", "not_met", "不是要求的英语"),
    ("图书馆学、情报学、档案学专业", "档案学", "本科", "met", "符合要求的档案学"),
    ("汉语言文学、新闻学等相关专业", "编辑出版学", "本科", "needs_review", "是否属于汉语言文学、新闻学等相关专业需人工认定"),
]


@pytest.mark.parametrize(("requirement", "major", "education", "status", "evidence"), MAJORS)
def test_majors(requirement, major, education, status, evidence):
    judged(requirement, {"major": major, "education": education}, status, evidence)


@pytest.mark.parametrize("phrase", ["专业不限", "专业：不限", "不限专业"])
def test_no_major_limit_decides_nothing(phrase):
    (rule,) = parse_requirements([phrase])
    assert (rule.kind, rule.required) == (RuleKind.NO_LIMIT, False)


# ---------------------------------------------------------------- titles

TITLES = [
    ("具有中级及以上专业技术职务任职资格", "馆员", "met", "达到中级及以上"),
    ("具有中级及以上专业技术职务任职资格", "助理馆员", "not_met", "低于要求的中级"),
    ("取得助理馆员及以上职称", "馆员", "met", "达到助理馆员及以上"),
    ("取得助理馆员及以上职称", "管理员", "not_met", "低于要求的助理馆员"),
    ("取得助理馆员及以上职称", "助理工程师", "needs_review", "不属同一系列"),
    ("具有副高级及以上专业技术职称", "馆员", "not_met", "低于要求的副高级"),
    ("具备图书资料系列副研究馆员及以上职称", "研究馆员", "met", "达到图书资料系列副研究馆员及以上"),
    ("具有初级以上专业技术职称", "助理馆员", "met", "达到初级及以上"),
    ("具有中级会计师及以上职称", "会计师", "met", "达到会计系列中级及以上"),
    ("取得档案系列中级以上职称", "馆员", "met", "达到档案系列中级及以上"),
    ("具有高级职称", "副研究馆员", "met", "达到高级及以上"),
    ("持有会计专业技术资格证书（初级及以上）", "助理会计师", "met", "达到会计系列初级及以上"),
]


@pytest.mark.parametrize(("requirement", "title", "status", "evidence"), TITLES)
def test_titles(requirement, title, status, evidence):
    judged(requirement, {"title": title}, status, evidence)


# ---------------------------------------------------------------- years of work, in figures and in words

EXPERIENCE = [
    ("2年及以上工作经历", {"years_experience": 2}, "met", "不少于 2 年"),
    ("2年及以上工作经历", {"years_experience": 1.5}, "not_met", "少于要求的 2 年以上工作经历"),
    ("两年以上工作经验", {"years_experience": 2}, "met", "不少于 2 年"),
    ("具有十年以上工作经历", {"years_experience": 11}, "met", "不少于 10 年"),
    ("两年半以上工作经历", {"years_experience": 2}, "not_met", "少于要求的 2.5 年"),
    ("工作满两年", {"years_experience": 3}, "met", "不少于 2 年"),
    ("工作满两年", {"years_experience": 1}, "not_met", "少于要求的 2 年"),
    ("具有五年以上图书馆工作经历", {"years_experience": 3}, "not_met", "少于要求的 5 年以上图书馆工作经历"),
    ("三年以上相关工作经历", {"years_experience": 4}, "needs_review", "其中相关工作经历需人工核对"),
    ("具有3年及以上财务工作经验", {"years_experience": "3年2个月"}, "needs_review", "工作年限 3.17 年"),
    ("具有1年以上工作经历", {"work_start": date(2025, 1, 1)}, "met", "按参加工作时间 2025-01-01 计"),
]


@pytest.mark.parametrize(("requirement", "applicant", "status", "evidence"), EXPERIENCE)
def test_years_of_work(requirement, applicant, status, evidence):
    judged(requirement, applicant, status, evidence)


# ---------------------------------------------------------------- gender, 政治面貌

STATUS = [
    ("中共党员（含预备党员）", {"political_status": "中共预备党员"}, "met", "岗位含预备党员"),
    ("中共党员（含预备党员）", {"political_status": "共青团员"}, "not_met", "要求中共党员"),
    ("政治面貌为中共党员", {"political_status": "中共党员"}, "met", "政治面貌：中共党员"),
    ("中共正式党员", {"political_status": "中共预备党员"}, "not_met", "岗位要求正式党员"),
    ("须为中共党员", {"political_status": "群众"}, "not_met", "要求中共党员"),
    (["专业不限", "中共党员（含预备党员）"], {"political_status": "中共预备党员"}, "met", "岗位含预备党员"),
    ("性别要求：女", {"gender": "男"}, "not_met", "岗位限女性"),
    ("限男性", {"gender": "女"}, "not_met", "岗位限男性"),
]


@pytest.mark.parametrize(("requirement", "applicant", "status", "evidence"), STATUS)
def test_gender_and_party(requirement, applicant, status, evidence):
    judged(requirement, applicant, status, evidence)


@pytest.mark.parametrize("phrase", ["适宜男性", "该岗位适合女性"])
def test_gender_advice_is_only_shown(phrase):
    (rule,) = parse_requirements([phrase])
    assert (rule.kind, rule.required, rule.gender_limit) == (RuleKind.GENDER, False, False)


# ---------------------------------------------------------------- vague achievements and experience

@pytest.mark.parametrize("phrase", ["在地方文献研究方面有一定造诣", "在数字图书馆建设方面取得较好成绩",
                                    "业务能力突出，有一定的科研成果", "具有较丰富的工作经验", "具有一定的基层工作经历"])
def test_vague_statements_are_interview_items(phrase):
    rules = parse_requirements([phrase])
    assert rules and all((r.kind, r.required) == (RuleKind.SOFT, False) for r in rules)
    assert overall_status(evaluate(rules, Applicant(name="丙"), CUTOFF)) == "eligible"


def test_a_concrete_publication_stays_a_manual_check_and_names_no_major():
    (rule,) = parse_requirements(["在省级以上刊物发表过专业论文"])
    assert (rule.kind, rule.required) == (RuleKind.MANUAL, True) and "专业要求" not in rule.describe()
