"""Requirement sentences as other public units write them → typed rules (table-driven).

Each row is a sentence and the rules HR should get from it: kind plus the parameters that decide a
verdict (None values and `related: False` left out). Rules marked "optional" rank or inform and never
disqualify. Anything hrflow cannot check becomes a manual item; nothing is dropped."""

import re

import pytest

from hrflow.posts.importing import parse_post_table
from hrflow.rules import RuleKind, parse_requirements

OPTIONAL_KINDS = {RuleKind.PREFERENCE, RuleKind.SOFT, RuleKind.NO_LIMIT}


def summary(rule) -> tuple:
    params = {k: v for k, v in rule.params.items()
              if v is not None and not (k == "related" and v is False)
              and k not in ("why_obsolete", "stated", "reason", "relaxed_when", "inner", "relaxations")}
    if rule.params.get("inner"):
        params["inner"] = [r["kind"] for r in rule.params["inner"]]
    if rule.params.get("relaxations"):
        # Each tier: how far it relaxes, and the kinds its condition was read as.
        params["tiers"] = [{**{k: v for k, v in tier.items() if k not in ("when", "inner", "text")},
                            "inner": [r["kind"] for r in tier["inner"]]} for tier in rule.params["relaxations"]]
    shape = (rule.kind.value, params)
    return shape if rule.required else (*shape, "optional")


SENTENCES = [
    # education: levels, 以上/及以上/(含), 全日制, 或同等学历, 第一学历, majors before/after/in brackets
    ("全日制本科及以上学历，图书馆学、情报学等相关专业",
     [("education", {"min_level": 3, "full_time": True}), ("major", {"majors": ["图书馆学", "情报学"], "open": True})]),
    ("本科以上学历或同等学历", [("education", {"min_level": 3, "equivalent": True})]),
    ("本科（学士）", [("education", {"min_level": 3}), ("degree", {"min_level": 1})]),
    ("专科以上（含专科）", [("education", {"min_level": 2})]),
    ("研究生学历并取得相应学位", [("education", {"min_level": 4}), ("degree", {"min_level": 2})]),
    ("硕士研究生及以上学历、学位", [("education", {"min_level": 4}), ("degree", {"min_level": 2})]),
    ("本科学历并取得学士学位", [("education", {"min_level": 3}), ("degree", {"min_level": 1})]),
    ("取得学士及以上学位", [("degree", {"min_level": 1})]),
    ("具有大学本科及以上学历，并取得相应学位", [("education", {"min_level": 3}), ("degree", {"min_level": 1})]),
    ("1、全日制大学本科及以上学历，学士及以上学位；",
     [("education", {"min_level": 3, "full_time": True}), ("degree", {"min_level": 1})]),
    ("全日制普通高校本科及以上学历", [("education", {"min_level": 3, "full_time": True})]),
    ("具有国家承认的大专及以上学历", [("education", {"min_level": 2})]),
    ("国民教育序列大专以上学历", [("education", {"min_level": 2})]),
    ("第一学历为全日制本科", [("education", {"min_level": 3, "full_time": True, "first": True})]),
    ("高中及以上学历", [("education", {"min_level": 1})]),
    ("中专或高中以上学历", [("education", {"min_level": 1})]),
    ("博士研究生学历", [("education", {"min_level": 5})]),
    ("研究生（硕士）", [("education", {"min_level": 4}), ("degree", {"min_level": 2})]),
    ("硕士及以上", [("education", {"min_level": 4})]),
    ("大专", [("education", {"min_level": 2})]),
    ("计算机类专业大专以上学历", [("education", {"min_level": 2, "majors": ["计算机类"]})]),
    ("本科及以上学历（图书馆学、情报学、档案学专业）",
     [("education", {"min_level": 3, "majors": ["图书馆学", "情报学", "档案学"]})]),
    ("会计、审计等相关专业大专以上学历", [("education", {"min_level": 2, "majors": ["会计", "审计"], "open": True})]),
    ("相关专业本科以上学历", [("education", {"min_level": 3, "majors": [], "open": True})]),
    ("汉语言文学、新闻学、秘书学专业本科及以上学历",
     [("education", {"min_level": 3, "majors": ["汉语言文学", "新闻学", "秘书学"]})]),
    ("图书情报与档案管理类、计算机类专业", [("major", {"majors": ["图书情报与档案管理类", "计算机类"]})]),
    ("所学专业为会计学、财务管理", [("major", {"majors": ["会计学", "财务管理"]})]),
    ("计算机科学与技术、软件工程专业", [("major", {"majors": ["计算机科学与技术", "软件工程"]})]),
    ("机械设计制造及其自动化专业", [("major", {"majors": ["机械设计制造及其自动化"]})]),
    ("图书馆学专业毕业", [("major", {"majors": ["图书馆学"]})]),
    ("专业：图书馆学", [("major", {"majors": ["图书馆学"]})]),
    ("专业不限", [("no_limit", {}, "optional")]),
    ("学历不限", [("no_limit", {}, "optional")]),
    # A relaxation keeps how far it goes; a condition no reader checks (退役军人) leaves it to HR.
    ("大专以上学历（退役军人可放宽至高中学历）",
     [("education", {"min_level": 2, "tiers": [{"min_level": 1, "inner": []}]})]),
    ("应届本科毕业生", [("education", {"min_level": 3}), ("manual", {})]),
    # age: 周岁/岁, 以下/及以下/(含)/不超过/不满, full-width digits, ranges, birth dates, gender, relaxations
    ("年龄35周岁及以下（1990年1月1日以后出生）", [("age", {"born_from": "1990-01-01"})]),
    ("男性40周岁以下，女性35周岁以下", [("age", {"gender": "男", "max": 40}), ("age", {"gender": "女", "max": 35})]),
    ("男45周岁以下、女40周岁以下", [("age", {"gender": "男", "max": 45}), ("age", {"gender": "女", "max": 40})]),
    ("40岁以下", [("age", {"max": 40})]),
    ("不超过45周岁", [("age", {"max": 45})]),
    ("45周岁（含）以下", [("age", {"max": 45})]),
    ("35周岁以下（含35周岁）", [("age", {"max": 35})]),
    ("35周岁以下（不含35周岁）", [("age", {"max": 34})]),
    ("年龄３５周岁以下", [("age", {"max": 35})]),
    ("１８周岁以上，３５周岁以下", [("age", {"min": 18}), ("age", {"max": 35})]),
    ("年满18周岁", [("age", {"min": 18})]),
    ("年龄不满40周岁", [("age", {"max": 39})]),
    ("年龄在18周岁以上、35周岁以下", [("age", {"min": 18}), ("age", {"max": 35})]),
    ("年龄在十八周岁以上、三十五周岁以下", [("age", {"min": 18}), ("age", {"max": 35})]),
    ("年龄18-35周岁", [("age", {"min": 18}), ("age", {"max": 35})]),
    ("超过45周岁的不得报考", [("age", {"max": 45})]),
    ("1986年1月1日以后出生", [("age", {"born_from": "1986-01-01"})]),
    ("1991年6月30日及以后出生", [("age", {"born_from": "1991-06-30"})]),
    ("年龄40周岁以下（1985年7月1日以后出生）", [("age", {"born_from": "1985-07-01"})]),
    ("18周岁以上、35周岁以下（1990年1月1日至2008年1月1日期间出生）",
     [("age", {"min": 18}), ("age", {"born_from": "1990-01-01", "born_until": "2008-01-01"})]),
    ("年龄30周岁以下，具有硕士学位的放宽到35周岁", [("age", {"max": 30, "tiers": [{"max": 35, "inner": ["degree"]}]})]),
    ("年龄在45周岁以下，具有高级职称的可放宽到50周岁", [("age", {"max": 45, "tiers": [{"max": 50, "inner": ["title"]}]})]),
    ("2.年龄在35周岁以下（1990年6月30日以后出生），硕士研究生及以上学历的年龄可放宽至40周岁（1985年6月30日以后出生）",
     [("age", {"born_from": "1990-06-30", "tiers": [{"max": 40, "born_from": "1985-06-30", "inner": ["education"]}]})]),
    ("博士研究生年龄可放宽到45周岁", [("manual", {})]),  # nothing before it to relax
    # retirement, 编制, political status, gender
    ("年龄在国家法定退休年龄之内", [("retirement", {})]),
    ("距法定退休年龄不少于5年", [("retirement", {"min_years_left": 5.0})]),
    ("在编在岗人员", [("bianzhi", {})]),
    ("事业单位在编正式工作人员", [("bianzhi", {})]),
    ("中共党员（含预备党员）", [("political", {"status": "中共党员", "probationary": True})]),
    ("中共党员（不含预备党员）", [("political", {"status": "中共党员", "probationary": False})]),
    ("中共正式党员", [("political", {"status": "中共党员", "probationary": False})]),
    ("限男性", [("gender", {"gender": "男"})]),
    ("性别：女", [("gender", {"gender": "女"})]),
    ("男女不限", [("no_limit", {}, "optional")]),
    ("本科学历，年龄45周岁以下，中共党员",
     [("education", {"min_level": 3}), ("age", {"max": 45}), ("political", {"status": "中共党员"})]),
    # titles: library, accounting, engineering, general grades, series, related
    ("具有中级及以上专业技术职称", [("title", {"min_level": 3, "title": "中级"})]),
    ("具有副高级及以上专业技术职称", [("title", {"min_level": 4, "title": "副高级"})]),
    ("具有助理馆员以上职称", [("title", {"series": "图书资料", "min_level": 2, "title": "助理馆员"})]),
    ("具有馆员及以上专业技术职务任职资格", [("title", {"series": "图书资料", "min_level": 3, "title": "馆员"})]),
    ("具有副研究馆员职称", [("title", {"series": "图书资料", "min_level": 4, "title": "副研究馆员"})]),
    ("具有图书资料系列中级职称", [("title", {"series": "图书资料", "min_level": 3, "title": "图书资料系列中级"})]),
    ("取得档案系列助理馆员及以上职称", [("title", {"series": "档案", "min_level": 2, "title": "档案系列助理馆员"})]),
    ("具有工程系列中级及以上职称", [("title", {"series": "工程", "min_level": 3, "title": "工程系列中级"})]),
    ("具有相关专业中级以上职称", [("title", {"min_level": 3, "title": "中级", "related": True})]),
    ("具有会计专业技术资格", [("title", {"series": "会计", "min_level": 1, "title": "会计系列初级"})]),
    ("具有初级会计职称", [("title", {"series": "会计", "min_level": 1, "title": "会计系列初级"})]),
    ("取得初级及以上会计专业技术资格证书", [("title", {"series": "会计", "min_level": 1, "title": "会计系列初级"})]),
    ("具有会计师及以上职称", [("title", {"series": "会计", "min_level": 3, "title": "会计师"})]),
    ("具有助理会计师及以上会计专业技术资格", [("title", {"series": "会计", "min_level": 2, "title": "助理会计师"})]),
    ("取得中级职称满3年", [("title", {"min_level": 3, "title": "中级"}), ("manual", {})]),
    ("本科以上学历或中级以上职称",  # either will do: neither may reject on its own
     [("title", {"min_level": 3, "title": "中级", "either": True}), ("education", {"min_level": 3, "either": True})]),
    # vocational skills and certificates
    ("具有相关专业高级工以上职业资格", [("skill", {"min_level": 3, "related": True})]),
    ("具有中级工及以上职业资格证书", [("skill", {"min_level": 2})]),
    ("取得会计从业资格证书", [("certificate", {"name": "会计从业资格证书"}, "optional")]),
    ("具有会计从业资格", [("certificate", {"name": "会计从业资格证书"}, "optional")]),
    ("持有会计从业资格证或初级会计职称",
     [("certificate", {"name": "会计从业资格证书", "either": True}, "optional"),
      ("title", {"series": "会计", "min_level": 1, "title": "会计系列初级", "either": True})]),
    ("大专学历，45周岁以下，持C1驾照",
     [("education", {"min_level": 2}), ("age", {"max": 45}), ("certificate", {"name": "机动车驾驶证", "class": "C1"})]),
    ("持有驾驶证", [("certificate", {"name": "机动车驾驶证"})]),
    ("持有机动车驾驶证C1", [("certificate", {"name": "机动车驾驶证", "class": "C1"})]),
    ("具有C1及以上机动车驾驶证，3年以上驾龄", [("certificate", {"name": "机动车驾驶证", "class": "C1"}), ("manual", {})]),
    ("具有全国计算机等级考试二级证书", [("certificate", {"name": "全国计算机等级考试二级"})]),
    ("具有英语四级证书", [("certificate", {"name": "英语四级"})]),
    ("大学英语六级（CET-6）425分以上", [("certificate", {"name": "大学英语六级"}), ("manual", {})]),
    ("普通话二级甲等以上", [("certificate", {"name": "普通话二级甲等"})]),
    ("取得教师资格证", [("certificate", {"name": "教师资格证"})]),
    ("具有法律职业资格证书", [("certificate", {"name": "法律职业资格证书"})]),
    ("具有注册会计师资格", [("certificate", {"name": "注册会计师资格"})]),
    ("具有教师资格证书、普通话证书",
     [("certificate", {"name": "教师资格证书"}), ("certificate", {"name": "普通话证书"})]),
    ("取得电工特种作业操作证", [("certificate", {"name": "电工特种作业操作证"})]),
    ("具有系统管理员证书", [("certificate", {"name": "系统管理员证书"})]),
    ("2025年7月31日前取得毕业证书和学位证书", [("manual", {})]),  # a deadline, not a certificate
    # experience: 年/个月/半, Chinese numerals, field of work
    ("具有2年以上相关工作经验", [("experience", {"min_years": 2.0, "field": "相关"})]),
    ("具有3年及以上图书馆工作经历", [("experience", {"min_years": 3.0, "field": "图书馆"})]),
    ("两年以上工作经验", [("experience", {"min_years": 2.0})]),
    ("具有1年半以上工作经历", [("experience", {"min_years": 1.5})]),
    ("6个月以上相关工作经历", [("experience", {"min_years": 0.5, "field": "相关"})]),
    ("工作经验2年以上", [("experience", {"min_years": 2.0})]),
    ("具有2年以上工作经历（含2年）", [("experience", {"min_years": 2.0})]),
    ("从事图书馆工作3年以上", [("experience", {"min_years": 3.0, "field": "图书馆"})]),
    ("会计师事务所工作经历2年以上", [("experience", {"min_years": 2.0, "field": "会计师事务所"})]),
    # 优先: ranks only
    ("中共党员优先", [("preference", {"inner": ["political"]}, "optional")]),
    ("具有研究生学历者优先", [("preference", {"inner": ["education"]}, "optional")]),
    ("具有高级职称者优先", [("preference", {"inner": ["title"]}, "optional")]),
    ("有图书馆工作经验者优先", [("preference", {}, "optional")]),
    ("同等条件下，具有图书馆工作经验者优先", [("preference", {}, "optional")]),
    ("有古籍修复经验者优先考虑", [("preference", {}, "optional")]),
    ("退役军人优先", [("preference", {}, "optional")]),
    ("大专以上学历，图书馆学、档案学专业优先",
     [("education", {"min_level": 2}), ("preference", {"inner": ["major"]}, "optional")]),
    # soft qualities (interview, 考察, 体检) and what only a person can check
    ("身体健康", [("soft", {"stage": "体检"}, "optional")]),
    ("熟悉计算机操作", [("soft", {}, "optional")]),
    ("具有良好的沟通协调能力和团队合作精神", [("soft", {}, "optional")]),
    ("有较强的文字表达能力", [("soft", {}, "optional")]),
    ("无违法违纪记录", [("soft", {"stage": "考察"}, "optional")]),
    ("遵纪守法，品行端正", [("soft", {"stage": "考察"}, "optional"), ("soft", {"stage": "考察"}, "optional")]),
    ("应届毕业生", [("manual", {})]),
    ("具有本市户籍", [("manual", {})]),
    ("能适应夜间值班", [("manual", {})]),
    ("身高165cm以上", [("manual", {})]),
    ("近三年年度考核均为称职以上", [("manual", {})]),
    ("网络管理员", [("manual", {})]),  # a job word, not the 管理员 title
    ("在国家级期刊上发表过论文", [("manual", {})]),
    # a second batch, written without looking at the parser first
    ("本科：图书情报与档案管理类；研究生：图书情报与档案管理一级学科", [("manual", {}), ("manual", {})]),
    ("35周岁及以下，硕博研究生放宽至40周岁", [("age", {"max": 35, "tiers": [{"max": 40, "inner": ["education"]}]})]),
    ("年龄在30周岁以下(1995年6月1日以后出生)", [("age", {"born_from": "1995-06-01"})]),
    ("具有全日制大专及以上学历，2025年应届毕业生须在2025年7月31日前取得相应学历学位证书",
     [("education", {"min_level": 2, "full_time": True}), ("manual", {})]),
    ("普通高等院校本科及以上学历，并取得相应学位", [("education", {"min_level": 3}), ("degree", {"min_level": 1})]),
    ("具有与岗位相适应的专业知识", [("soft", {}, "optional")]),  # not a list of majors
    ("持有C1及以上驾驶证，有3年以上驾驶经验",
     [("certificate", {"name": "机动车驾驶证", "class": "C1"}), ("manual", {})]),  # 驾龄 is not work experience
    ("专业技术岗位：具有图书资料专业中级以上职称",
     [("title", {"series": "图书资料", "min_level": 3, "title": "图书资料系列中级"})]),
    ("年龄不超过40周岁（1985年1月1日以后出生），具有副高级以上职称的可放宽至45周岁",
     [("age", {"born_from": "1985-01-01", "tiers": [{"max": 45, "inner": ["title"]}]})]),
    ("中文、新闻、历史学相关专业", [("major", {"majors": ["中文", "新闻", "历史学"], "open": True})]),
    ("熟练掌握OFFICE办公软件", [("soft", {}, "optional")]),
    ("具有良好的政治素质和道德品行", [("soft", {"stage": "考察"}, "optional")]),
    ("服从单位工作安排", [("soft", {}, "optional")]),
    ("有相关工作经验者优先，可适当放宽学历", [("preference", {}, "optional"), ("manual", {})]),
    ("退休返聘人员不得报名", [("manual", {})]),
    ("学历：大专及以上；专业：不限；年龄：45周岁以下",
     [("education", {"min_level": 2}), ("no_limit", {}, "optional"), ("age", {"max": 45})]),
    ("大专及以上学历（2025届毕业生须取得毕业证）", [("education", {"min_level": 2}), ("manual", {})]),
    ("具有两年以上基层工作经历", [("experience", {"min_years": 2.0, "field": "基层"})]),
    ("全日制本科学历学士学位及以上", [("education", {"min_level": 3, "full_time": True}), ("degree", {"min_level": 1})]),
    ("具有计算机二级及以上证书", [("certificate", {"name": "计算机二级"})]),
    ("具有文物博物系列中级以上职称", [("title", {"series": "文博", "min_level": 3, "title": "文博系列中级"})]),
    ("具有高中以上文化程度", [("education", {"min_level": 1})]),
    ("初中及以上文化程度，55周岁以下，身体健康，能胜任夜班工作",
     [("education", {"min_level": 0}), ("age", {"max": 55}), ("soft", {"stage": "体检"}, "optional"),
      ("soft", {}, "optional")]),
    # The bracket is the certificate's grade: '（中级及以上）' is read with it, not left to HR.
    ("持有消防设施操作员证书（中级及以上）", [("certificate", {"name": "消防设施操作员证书(中级及以上)"})]),
    ("女性，30周岁以下", [("gender", {"gender": "女"}), ("age", {"max": 30})]),
    ("仅限男性，年龄45周岁以下", [("gender", {"gender": "男"}), ("age", {"max": 45})]),
    ("具有五年以上财务工作经历", [("experience", {"min_years": 5.0, "field": "财务"})]),
    ("具有会计从业资格证书或会计专业初级以上职称",
     [("certificate", {"name": "会计从业资格证书", "either": True}, "optional"),
      ("title", {"series": "会计", "min_level": 1, "title": "会计系列初级", "either": True})]),
    ("取得国家认可的电工上岗证", [("certificate", {"name": "电工上岗证"})]),
    ("本科及以上学历，图书馆学、情报学、档案学、计算机科学与技术等相关专业",
     [("education", {"min_level": 3}),
      ("major", {"majors": ["图书馆学", "情报学", "档案学", "计算机科学与技术"], "open": True})]),
    ("硕士研究生学历、硕士学位及以上", [("education", {"min_level": 4}), ("degree", {"min_level": 2})]),
    ("具有研究生学历或硕士及以上学位",
     [("education", {"min_level": 4, "either": True}), ("degree", {"min_level": 2, "either": True})]),
    ("获得学士学位", [("degree", {"min_level": 1})]),
    ("年龄要求：40周岁以下", [("age", {"max": 40})]),
    ("年龄在45周岁以下（1980年6月30日以后出生）", [("age", {"born_from": "1980-06-30"})]),
    ("具有教师资格证者优先", [("preference", {"inner": ["certificate"]}, "optional")]),
    ("党员", [("political", {"status": "中共党员"})]),
    ("具有中级以上专业技术资格或具有硕士学位",
     [("title", {"min_level": 3, "title": "中级", "either": True}), ("degree", {"min_level": 2, "either": True})]),
    ("2年以上图书馆或档案馆工作经验", [("experience", {"min_years": 2.0, "field": "图书馆或档案馆"})]),
    ("40岁以下，高中以上学历", [("age", {"max": 40}), ("education", {"min_level": 1})]),
    # a third batch
    ("35周岁以下（1990年7月1日及以后出生），取得博士学位的年龄可放宽到40周岁",
     [("age", {"born_from": "1990-07-01", "tiers": [{"max": 40, "inner": ["degree"]}]})]),
    ("具有大学本科以上学历、学士以上学位", [("education", {"min_level": 3}), ("degree", {"min_level": 1})]),
    ("大学专科及以上学历", [("education", {"min_level": 2})]),
    ("统招本科以上学历", [("education", {"min_level": 3, "full_time": True})]),
    ("取得硕士研究生学历和学位", [("education", {"min_level": 4}), ("degree", {"min_level": 2})]),
    ("年龄在35岁以内", [("age", {"max": 35})]),
    ("年龄三十周岁以下", [("age", {"max": 30})]),
    ("年龄为18周岁至45周岁", [("age", {"min": 18}), ("age", {"max": 45})]),
    ("男性年龄不超过50周岁，女性年龄不超过45周岁",
     [("age", {"gender": "男", "max": 50}), ("age", {"gender": "女", "max": 45})]),
    ("会计学、财务管理、审计学专业全日制本科及以上学历",
     [("education", {"min_level": 3, "full_time": True, "majors": ["会计学", "财务管理", "审计学"]})]),
    ("具有初级及以上会计职称", [("title", {"series": "会计", "min_level": 1, "title": "会计系列初级"})]),
    ("取得助理馆员及以上专业技术资格", [("title", {"series": "图书资料", "min_level": 2, "title": "助理馆员"})]),
    ("具有图书馆工作经验", [("manual", {})]),
    ("持有高级工以上职业资格证书（电工、水暖工）", [("skill", {"min_level": 3, "trades": ["电工", "水暖工"]})]),
    ("具有有效的机动车驾驶证（C照以上）", [("certificate", {"name": "机动车驾驶证", "class": "C2"})]),
    ("具有较好的英语听说读写能力（大学英语六级以上）", [("certificate", {"name": "大学英语六级"})]),
    ("在编在岗的正式职工", [("bianzhi", {})]),
    ("非在编人员", [("manual", {})]),
    ("年龄在55周岁以下，距法定退休年龄5年以上", [("age", {"max": 55}), ("retirement", {"min_years_left": 5.0})]),
    ("具有三年以上工作经历，其中两年以上图书馆工作经历",
     [("experience", {"min_years": 3.0}), ("experience", {"min_years": 2.0, "field": "图书馆"})]),
    ("曾受过刑事处罚的不得报考", [("soft", {"stage": "考察"}, "optional")]),
    ("有档案管理工作经验者优先", [("preference", {}, "optional")]),
    ("具有档案管理员证书", [("certificate", {"name": "档案管理员证书"})]),
    ("具有本科学历，年龄在40周岁以下，有两年以上工作经历，中共党员优先",
     [("education", {"min_level": 3}), ("age", {"max": 40}), ("experience", {"min_years": 2.0}),
      ("preference", {"inner": ["political"]}, "optional")]),
    ("具备岗位所需的其他条件", [("manual", {})]),
    ("具有中级职称（须为图书资料系列或档案系列）", [("title", {"min_level": 3, "title": "中级"}), ("manual", {})]),
    # conditions, job words and alternatives that must not become hard rules
    ("研究生及以上学历人员需提供学位证", [("manual", {})]),
    ("报考者须为中共党员", [("political", {"status": "中共党员"})]),  # every applicant: a requirement
    ("应聘人员须具有大专以上学历", [("education", {"min_level": 2})]),
    ("热爱图书馆员职业", [("soft", {}, "optional")]),
    ("中共党员或共青团员", [("manual", {})]),
    ("年龄35周岁以下的在职人员", [("age", {"max": 35}), ("manual", {})]),
    ("馆员", [("title", {"series": "图书资料", "min_level": 3, "title": "馆员"})]),
    ("副研究馆员以上", [("title", {"series": "图书资料", "min_level": 4, "title": "副研究馆员"})]),
    ("取得会计师资格", [("title", {"series": "会计", "min_level": 3, "title": "会计师"})]),
    ("聘为馆员满三年", [("title", {"series": "图书资料", "min_level": 3, "title": "馆员"}), ("manual", {})]),
    ("具有本科学历者，年龄可放宽至40周岁", [("manual", {})]),  # nothing before it to relax
]


@pytest.mark.parametrize(("sentence", "expected"), SENTENCES, ids=[s for s, _ in SENTENCES])
def test_sentence(sentence, expected):
    rules = parse_requirements([sentence])
    assert [summary(r) for r in rules] == expected
    for rule in rules:
        # The source sentence stays on every rule: each part of it comes from the item as written.
        assert all(part in sentence for part in rule.text.split("，") if part), rule.text
        assert rule.required == (rule.kind not in OPTIONAL_KINDS and not rule.obsolete and not rule.params.get("advice"))


def test_more_than_forty_sentences_are_covered():
    assert len(SENTENCES) >= 40


def test_relaxation_attaches_to_the_age_limit_before_it():
    rules = parse_requirements(["35周岁以下", "博士研究生年龄可放宽到45周岁"])
    assert [summary(r) for r in rules] == [("age", {"max": 35, "tiers": [{"max": 45, "inner": ["education"]}]})]
    assert rules[0].text == "35周岁以下，博士研究生年龄可放宽到45周岁"
    rules = parse_requirements(["35周岁以下", "特别优秀的可适当放宽条件"])
    assert [summary(r) for r in rules] == [("age", {"max": 35, "tiers": [{"inner": []}]})]
    assert rules[0].tiers[0].text == "特别优秀的可适当放宽条件"


def test_a_condition_before_a_comma_stays_with_its_relaxation():
    for items in (["35周岁以下", "具有本科学历者，年龄可放宽至40周岁"], ["35周岁以下，具有本科学历者，年龄可放宽至40周岁"]):
        (rule,) = parse_requirements(items)
        assert summary(rule) == ("age", {"max": 35, "tiers": [{"max": 40, "inner": ["education"]}]})
        assert rule.tiers[0].when == "具有本科学历"


def test_equivalent_and_degree_clauses_complete_the_education_before_them():
    rules = parse_requirements(["本科及以上学历", "或同等学历", "并取得相应学位"])
    assert [summary(r) for r in rules] == [("education", {"min_level": 3, "equivalent": True}),
                                           ("degree", {"min_level": 1})]
    # Alone, they cannot be read: HR checks them.
    assert [r.kind for r in parse_requirements(["或同等学历"])] == [RuleKind.MANUAL]
    assert [r.kind for r in parse_requirements(["并取得相应学位"])] == [RuleKind.MANUAL]


def test_full_width_and_half_width_text_give_the_same_rules():
    pairs = [("年龄３５周岁（含）以下", "年龄35周岁(含)以下"), ("持Ｃ１驾照", "持C1驾照"),
             ("本科（学士）；中共党员", "本科(学士);中共党员"), ("具有２年以上工作经验", "具有2年以上工作经验")]
    for full, half in pairs:
        assert [summary(r) for r in parse_requirements([full])] == [summary(r) for r in parse_requirements([half])]


def test_numbered_items_in_one_cell_are_separate_clauses():
    rules = parse_requirements(["1、大专以上学历；2、35周岁以下；3、具有1.5年以上工作经验"])
    assert [summary(r) for r in rules] == [("education", {"min_level": 2}), ("age", {"max": 35}),
                                           ("experience", {"min_years": 1.5})]
    assert [r.text for r in rules] == ["大专以上学历", "35周岁以下", "具有1.5年以上工作经验"]


# ---------------------------------------------------------------- the seed's 任职条件

def _posts(departments, prefix=""):
    for department in departments:
        path = f"{prefix}{department.name}"
        for post in department.posts:
            yield f"{path}/{post.name}", post
        yield from _posts(department.children, f"{path}/")


# Every post of the seed with its non-soft rules; every other post asks only for soft qualities.
SEED_RULES = {
    "办公室/财务室人员": [("education", {"min_level": 3}), ("certificate", {"name": "会计从业资格证书"}, "optional"),
                   ("title", {"series": "会计", "min_level": 2, "title": "助理会计师"})],
    "技术保障中心/主任": [("education", {"min_level": 3, "full_time": True, "equivalent": True})],
    "技术保障中心/工作人员": [("education", {"min_level": 3, "equivalent": True})],
    "特藏部/主任": [("education", {"min_level": 2, "equivalent": True}),
               ("preference", {}, "optional"), ("preference", {}, "optional")],
    "特藏部/工作人员": [("education", {"min_level": 2, "equivalent": True})],
    "地方文献和参考咨询/工作人员": [("education", {"min_level": 2, "equivalent": True, "majors": ["图书馆学"]})],
    **{f"成人部/{unit}/{post}": [("retirement", {}), ("bianzhi", {})]
       for unit in ("流通部", "报刊自习部") for post in ("主任", "工作人员")},
}


def test_every_requirement_of_the_seed(seed_bytes):
    table = parse_post_table(seed_bytes, "seed.txt")
    seen = {}
    for path, post in _posts(table.departments):
        rules = parse_requirements(post.requirements)
        seen[path] = [summary(r) for r in rules if r.kind != RuleKind.SOFT]
        clauses = sum(len([c for c in re.split(r"[。；;，,\n]", item) if c.strip()]) for item in post.requirements)
        # Nothing dropped: at least one rule per clause that is not folded into the one before.
        assert len(rules) >= clauses - sum("或同等学历" in item for item in post.requirements), path
    assert {path: rules for path, rules in seen.items() if rules} == SEED_RULES
    manual = [r for _, post in _posts(table.departments) for r in parse_requirements(post.requirements)
              if r.kind == RuleKind.MANUAL]
    # '在古籍研究方面有一定成绩' is an achievement the interview weighs, not a check on paper.
    assert manual == []


# ---------------------------------------------------------------- HR's correction page re-reads the stored sentences

ITEM_LISTS = [
    [sentence] for sentence, _ in SENTENCES
] + [
    ["本科及以上学历", "或同等学历", "并取得相应学位", "中共党员"],
    ["男性40周岁以下", "女性35周岁以下", "博士研究生可放宽到45周岁"],
    ["35周岁以下", "特别优秀的可适当放宽条件"],
    ["大学本科以上学历。具有会计从业资格证书、助理会计师资格。", "对本馆各部室及财务流程有全面的了解。"],
]


@pytest.mark.parametrize("items", ITEM_LISTS, ids=["｜".join(items) for items in ITEM_LISTS])
def test_stored_sentences_read_back_into_the_same_rules(items):
    from hrflow.recruitment.queries import rule_sentences

    rules = parse_requirements(items)
    again = parse_requirements(rule_sentences([r.to_dict() for r in rules]))
    assert sorted(map(repr, map(summary, again))) == sorted(map(repr, map(summary, rules)))
    assert all(r.describe() for r in rules)
