"""Readers for education level, degree and majors: '全日制本科及以上学历', '硕士及以上学位',
'图书馆学、情报学等相关专业', '专业为会计学'."""

from __future__ import annotations

import re

from hrflow.rules.catalogue import catalogue, major_name
from hrflow.rules.levels import DEGREE_FOR_EDUCATION, EDUCATION_PATTERN, degree_level, education_level
from hrflow.rules.readers.text import ClauseText
from hrflow.rules.rule import Rule, RuleKind

_DEGREE = re.compile(r"\((?P<bracketed>学士|硕士|博士)(?:学位)?\)"
                     r"|(?P<level>学士|硕士|博士)(?:\(含\))?(?:及以上|以上|或以上|及其以上)?学位"
                     r"|(?<=[|、,和及])学士(?:及以上|以上)?")
_DEGREE_WITH_EDUCATION = re.compile(r"学历(?:[、,和及与/]|并|且|并且)?(?:取得|获得|具有)?(?:相应|对应)?的?学位|学历学位")
_EDUCATION_CONTEXT = re.compile(r"学历|以上|以下|毕业|文化|学制|\(含|学历层次"
                                # '硕士研究生年龄在40岁以下': the level names whom the age bound (taken) is for.
                                r"|(?:研究生|本科|大专|专科|博士|硕士|学士)(?:的|者|人员)?年龄")
_EDUCATION_TOKENS = re.compile(
    EDUCATION_PATTERN + r"|\(含[^()]*\)|及其以上|及以上|或以上|以上|学历层次|学历|文化程度|非全日制|全日制|普通高校"
    r"|普通高等院校|普通高等学校|国民教育序列|国家承认的?|统招|同等学[历力]|第一学历|最高学历|毕业(?!证)")
# The education words taken from the clause; '学历…相应学位' stays for the degree reader.
_EDUCATION_TAKEN = (r"(?!学历(?:[、,和及与/]|并|且)?(?:取得|获得|具有)?(?:相应|对应)?的?学位)(?:"
                    + _EDUCATION_TOKENS.pattern + ")")
_MAJOR_NOISE = re.compile(
    r"具有|具备|取得|获得|须|需|应|要求|为|是|高等院校|高校|院校|国民教育|教育部认可的?|统一招生|的|及|或|所学|大学|层次"
    r"|文化|含|和|与|[|,;:()、]")
_MAJOR_ENDINGS = re.compile(
    r"(?:学|类|工程|技术|管理|设计|会计|审计|金融|法律|文秘|档案|新闻|传播|英语|日语|外语|中文|艺术|音乐|美术|舞蹈"
    r"|体育|护理|医学|教育|财务|统计|营销|贸易|电子|通信|自动化|机械|建筑|土木|信息|计算机|软件|网络|物业|安全|消防"
    r"|电气|暖通|给排水|园林|旅游|酒店|秘书|图书情报|情报|编辑|出版|文献|历史|文博|考古|经济|商务|动画|社会工作|语|翻译"
    r"|化|医|药|法|政|史|农|林|测绘|地理|环境|材料|能源|水利|交通|运输|物流|保险|财政|税收|投资|广告|摄影|播音|主持"
    r"|表演|编导|图书|媒体|传媒|中文|汉语言|哲学|新闻学|心理|音乐学|学科)$")
_STUDY_FULL_TIME = re.compile(r"(?<!非)全日制|统招|统一招生")
# '专业' inside these words is not a list of majors.
_NOT_MAJOR = re.compile(r"专业技术|专业(?=工作|高级工|中级工|初级工|技师|职称|职业|技术职|知识|技能|能力|水平|素养|素质"
                        r"|特长|资格|岗位|人员|培训|背景|论文|文章|著作|期刊|刊物|书籍)")


def education_and_degree_rules(text: str, clause: ClauseText, lenient: bool) -> list[Rule]:
    degrees = _degree_rules(text, clause)
    education = _education_rule(text, clause, lenient)
    if education and clause.take(_DEGREE_WITH_EDUCATION) and not degrees:
        degree = DEGREE_FOR_EDUCATION.get(education[0].params["min_level"])
        if degree is not None:
            degrees.append(Rule(RuleKind.DEGREE, text, {"min_level": degree}))
    if not education:
        education = _major_rules(text, clause)
    return education + degrees


def _degree_rules(text: str, clause: ClauseText) -> list[Rule]:
    """The lowest degree written, as one rule."""
    degrees = []
    for match in clause.take(_DEGREE):
        level = degree_level(match.group(0))
        if level:
            degrees.append(Rule(RuleKind.DEGREE, text, {"min_level": level}))
    return [min(degrees, key=lambda r: r.params["min_level"])] if degrees else []


def _education_rule(text: str, clause: ClauseText, lenient: bool) -> list[Rule]:
    s = clause.rest
    levels = list(re.finditer(EDUCATION_PATTERN, s))
    if not levels:
        return []
    bare = re.sub(r"[|,;:()、]", "", _MAJOR_NOISE.sub("", _EDUCATION_TOKENS.sub("", s)))
    if not lenient and not _EDUCATION_CONTEXT.search(s) and bare:
        return []
    params = _education_params(s, levels)
    majors, open_list, leftover = _majors_near(clause, levels[0].start())
    if majors or open_list:
        params["majors"] = majors
        if open_list:
            params["open"] = True
    clause.take(_EDUCATION_TAKEN)
    rules = [Rule(RuleKind.EDUCATION, text, params)]
    if leftover:
        rules.append(Rule(RuleKind.MANUAL, text, {"reason": f"学历要求中的“{leftover}”无法自动核对，请人工审核"}))
    return rules


def _education_params(s: str, levels: list[re.Match]) -> dict:
    params: dict = {"min_level": min(education_level(m.group(0)) for m in levels)}
    if _STUDY_FULL_TIME.search(s) and "非全日制" not in s:
        params["full_time"] = True
    if re.search(r"同等学[历力]", s):
        params["equivalent"] = True
    if "第一学历" in s:
        params["first"] = True
    return params


def _majors_near(clause: ClauseText, level_start: int) -> tuple[list[str], bool, str]:
    """Majors written with the level: explicit ('…专业') or just before it ('图书馆学大专以上')."""
    explicit = _explicit_majors(clause)
    if explicit is not None:
        return explicit
    before = re.split(r"[|,;:、()]", clause.rest[:level_start])[-1]
    residue = _MAJOR_NOISE.sub("", _EDUCATION_TOKENS.sub("", before))
    if len(residue) < 2:
        return [], False, ""
    clause.rest = clause.rest.replace(before, "|" * len(before), 1)
    if _MAJOR_ENDINGS.search(residue):
        return _major_list(residue), False, ""
    return [], False, residue


def _explicit_majors(clause: ClauseText) -> tuple[list[str], bool, str] | None:
    """'图书馆学、情报学等相关专业', '专业为会计学', '相关专业' → (majors, open list?, '')."""
    s = _NOT_MAJOR.sub(lambda m: "#" * len(m.group(0)), clause.rest)
    after = re.search(r"专业(?:要求|方向)?(?:为|是|:)(?P<list>[^|,;()#:]+)", s)
    before = None if after else re.search(r"(?P<list>[^|,;()#:]*?)(?P<open>等)?(?:相关|相近)?(?:的)?专业", s)
    found = after or before
    if found is None:
        return None
    text = found.group("list")
    open_list = bool(re.search(r"等|相关|相近", found.group(0)))
    text = re.sub(r"^(?:所学|具有|具备|须为|要求|为|是)+|(?:等|相关|相近|及相关|或相关|相关的|的)+$", "", text)
    text = re.split(EDUCATION_PATTERN, text)[0] if after is None else text
    clause.blank(found.start(), found.end())
    majors = _major_list(_EDUCATION_TOKENS.sub("", text))
    odd = [m for m in majors if not _MAJOR_ENDINGS.search(m)]
    # '与岗位相适应的专业' is not a list of majors: HR reads it rather than hrflow rejecting people on it.
    return ([], False, "、".join(odd)) if odd else (majors, open_list, "")


def _major_list(text: str) -> list[str]:
    text = re.sub(r"(?:毕业|学历|及以上|以上)$", "", text)
    parts = re.split(r"[、,/]|或|以及|及(?!其)", text)
    return [p for p in (re.sub(r"(?:等|专业)$", "", q) for q in parts) if len(p) >= 2]


# A clause that is nothing but catalogue names: '中国语言文学类', '中国史一级学科', '法学（0301）或中国史'.
_CATALOGUE_CLAUSE = re.compile(r"(?:所学)?(?:专业)?(?:须|需|应)?(?:为|是|属于?)?(?P<list>[^|,;:]+?)(?:等)?(?:相关|相近)?(?:专业)?")
_CATALOGUE_SUFFIX = re.compile(r"\(\d{4}\)|\(\d{6}\)|一级学科$|学科$|专业$")


def _catalogue_majors(clause: ClauseText) -> tuple[list[str], bool, str] | None:
    """The majors of a clause written as catalogue names only, with no word '专业' to say so: each part a
    专业类, a 一级学科 or a listed major (any other word and it is not read here)."""
    found = _CATALOGUE_CLAUSE.fullmatch(clause.rest.strip("|"))
    if found is None:
        return None
    parts = [_CATALOGUE_SUFFIX.sub("", part) for part in re.split(r"[、/]|或|以及|及|和", found.group("list"))]
    known = catalogue()
    if not parts or not all(part and (known.groups(part) or major_name(part) in known.majors) for part in parts):
        return None
    clause.blank(0, len(clause.rest))
    return parts, bool(re.search(r"等|相关|相近", found.group(0))), ""


def _major_rules(text: str, clause: ClauseText) -> list[Rule]:
    explicit = _explicit_majors(clause)
    if explicit is None:
        explicit = _catalogue_majors(clause)
    if explicit is None:
        return []
    majors, open_list, odd = explicit
    if odd:
        return [Rule(RuleKind.MANUAL, text, {"reason": f"专业要求“{odd}”无法识别，请人工审核"})]
    if not majors and not open_list:
        return []
    return [Rule(RuleKind.MAJOR, text, {"majors": majors, **({"open": True} if open_list else {})})]
