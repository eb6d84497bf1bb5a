"""Readers for professional titles ('副研究馆员以上职称', '图书资料系列中级职称', '中级及以上会计专业技术资格')
and vocational skill levels ('高级工以上职业资格', '职业技能等级三级')."""

from __future__ import annotations

import re

from hrflow.rules.levels import (
    GRADE_PATTERN,
    REQUIRED_GRADE,
    SKILL_BY_GRADE,
    SKILL_BY_NAME,
    SKILL_PATTERN,
    TITLE_NAMES,
    TITLE_SERIES,
    series_in,
)
from hrflow.rules.readers.text import ClauseText
from hrflow.rules.rule import Rule, RuleKind

# -- vocational skill levels

_NAMED_SKILL = (rf"(?P<related>相关(?:专业|工种|职业)?)?(?P<name>{SKILL_PATTERN})(?:\(三级\)|\(二级\)|\(四级\))?"
                r"(?:及以上|以上|或以上)?(?:国家)?(?:职业资格|职业技能等级|技能等级)?(?:证书|证)?")
_TRADES = r"\((?P<trades>[\u4e00-\u9fff、/或]*?[工师](?:[、/或][\u4e00-\u9fff]+?[工师])*)\)"
_GRADED_SKILL = (r"(?P<related>相关(?:专业|工种|职业)?)?(?:国家)?(?:职业资格|职业技能等级|技能等级)(?P<grade>[一二三四五])级"
                 r"(?:及以上|以上)?(?:证书|证)?")


def skill_rules(text: str, clause: ClauseText) -> list[Rule]:
    rules = []
    for match in clause.take(_NAMED_SKILL):
        level = SKILL_BY_NAME[match.group("name")]
        rules.append(Rule(RuleKind.SKILL, text, {"min_level": level, "related": bool(match.group("related"))}))
    trades = clause.take(_TRADES)
    if rules and trades:
        # '高级工以上职业资格证书（电工、水暖工）': only those trades count.
        rules[-1].params["trades"] = [t for t in re.split(r"[、/或]", trades[0].group("trades")) if t]
    for match in clause.take(_GRADED_SKILL):
        rules.append(Rule(RuleKind.SKILL, text, {"min_level": SKILL_BY_GRADE[match.group("grade")],
                                                 "related": bool(match.group("related"))}))
    return rules


# -- professional titles

_TITLE_TAIL = r"(?:专业技术)?(?:职称|职务任职资格|职务|任职资格|资格|技术职称)"
# '中级以上', '中级（含）以上', '中级以上（含中级）'.
_AND_UP = r"(?:\(含[^()]{0,6}\))?(?:及以上|以上|或以上)?(?:\(含[^()]{0,6}\))?"
_GRADE_TITLE = re.compile(
    rf"(?P<related>相关专业|相应专业|本专业)?(?P<series1>[\u4e00-\u9fff]{{0,6}}?系列)?"
    rf"(?P<series2>(?:会计|图书资料|图书馆|档案|经济|审计|统计|工程|文博|群众文化)(?:专业)?)?"
    rf"(?P<grade>{GRADE_PATTERN}){_AND_UP}(?P<series3>[\u4e00-\u9fff]{{0,6}}?)"
    rf"(?:专业技术)?(?:职称|职务任职资格|职务|任职资格|专业技术资格|资格|技术职称)"
)
_NAMED_TITLE = re.compile(
    rf"(?P<related>相关专业|相应专业|本专业)?(?P<name>{'|'.join(TITLE_NAMES)}){_AND_UP}"
    rf"(?P<tail>{_TITLE_TAIL})?(?!事务所|证|考试)"
)
_GENERIC_TITLE = (r"(?:具有|具备|取得)?(?P<fit>(?:与(?:本|所聘|报考|应聘)?岗位)?(?:相适应|相应|相关|对应|所需)的?)?"
                  r"(?P<series>会计|图书资料|经济|审计|统计)?专业技术(?:职称|职务任职资格|职务|资格)(?:证书)?"
                  # '会计专业技术资格证书（初级及以上）': the grade may follow in brackets.
                  rf"(?:\((?P<grade>{GRADE_PATTERN})(?:\(含\))?(?:及以上|以上|或以上)?\))?")


def title_rules(text: str, clause: ClauseText) -> list[Rule]:
    rules = _grade_titles(text, clause) + _named_titles(text, clause)
    generic = clause.take(_GENERIC_TITLE)
    for match in generic if not rules else []:
        series = match.group("series")
        if match.group("fit"):
            # '具有与岗位相适应的专业技术资格': some title is needed, which series and grade fit is HR's call.
            rules.append(Rule(RuleKind.TITLE, text, {"series": series, "min_level": 1, "fit": True, "related": True,
                                                     "title": re.sub(r"^(?:具有|具备|取得)", "", match.group(0))}))
            continue
        grade = match.group("grade") or "初级"
        rules.append(Rule(RuleKind.TITLE, text, {"series": series, "min_level": REQUIRED_GRADE[grade],
                                                 "title": f"{series}系列{grade}" if series else grade, "related": False}))
    return rules


def _grade_titles(text: str, clause: ClauseText) -> list[Rule]:
    """'图书资料系列中级职称', '中级及以上会计专业技术资格'."""
    rules = []
    for match in clause.take(_GRADE_TITLE):
        written = "".join(match.group(g) or "" for g in ("series1", "series2", "series3"))
        series = series_in(written) if written else None
        level = REQUIRED_GRADE[match.group("grade")]
        name = f"{series + '系列' if series else ''}{match.group('grade')}"
        rules.append(Rule(RuleKind.TITLE, text, {"series": series, "min_level": level, "title": name,
                                                 "related": bool(match.group("related"))}))
    return rules


def _named_titles(text: str, clause: ClauseText) -> list[Rule]:
    """'副研究馆员以上职称', '具有馆员职称'."""
    rules = []
    for match in list(re.finditer(_NAMED_TITLE, clause.rest)):
        if not _written_as_title(match, clause.rest):
            continue
        name = match.group("name")
        series = next(s for s, titles in TITLE_SERIES.items() if name in titles)
        explicit = series_in(clause.rest[max(0, match.start() - 8): match.start()])
        shown = name
        if explicit and name in TITLE_SERIES.get(explicit, {}):
            series, shown = explicit, f"{explicit}系列{name}"
        clause.blank(match.start(), match.end())
        rules.append(Rule(RuleKind.TITLE, text, {"series": series, "min_level": TITLE_SERIES[series][name],
                                                 "title": shown, "related": bool(match.group("related"))}))
    return rules


def _written_as_title(match: re.Match, rest: str) -> bool:
    """Title names double as job words ('网络管理员', '热爱图书馆员职业'): without 职称/以上 after them they
    count only after 具有/取得 … or as the whole clause."""
    return bool(match.group("tail") or "以上" in match.group(0) or re.search(
        r"(?:具有|具备|取得|获得|持有|聘任|聘为|系列|为)$", rest[: match.start()]) or re.fullmatch(
        r"[|]*" + re.escape(match.group(0)) + r"[|]*", rest))
