"""The rule a requirement sentence becomes: its kind, its parameters, and the short statement HR reads."""

from __future__ import annotations

import enum
from collections.abc import Callable
from dataclasses import asdict, dataclass, field
from functools import cached_property

from hrflow.rules.levels import DEGREE_LEVELS, EDUCATION_LEVELS, SKILL_LEVELS


class RuleKind(enum.StrEnum):
    EDUCATION = "education"
    DEGREE = "degree"
    MAJOR = "major"
    AGE = "age"
    RETIREMENT = "retirement"
    TITLE = "title"
    SKILL = "skill"  # 职业资格 / 职业技能等级 (初级工 … 高级技师)
    CERTIFICATE = "certificate"
    EXPERIENCE = "experience"
    POLITICAL = "political"
    BIANZHI = "bianzhi"  # 在编
    GENDER = "gender"
    PREFERENCE = "preference"
    SOFT = "soft"
    NO_LIMIT = "no_limit"  # 专业不限, 学历不限 …
    MANUAL = "manual"


@dataclass
class Rule:
    kind: RuleKind
    text: str  # the source sentence, shown next to every verdict
    params: dict = field(default_factory=dict)
    required: bool = True  # False: ranks or informs, never disqualifies
    obsolete: bool = False

    def to_dict(self) -> dict:
        data = asdict(self)
        data["kind"] = self.kind.value
        return data

    @classmethod
    def from_dict(cls, data: dict) -> Rule:
        return cls(kind=RuleKind(data["kind"]), text=data["text"], params=dict(data.get("params") or {}),
                   required=bool(data.get("required", True)), obsolete=bool(data.get("obsolete", False)))

    @cached_property
    def inner_rules(self) -> list[Rule]:
        """The rules inside a preference, or the condition of an age relaxation saved before tiers; read once."""
        return [Rule.from_dict(r) for r in self.params.get("inner") or []]

    @cached_property
    def tiers(self) -> list[Tier]:
        """Every relaxation of this rule ('硕士研究生可放宽到40周岁，博士研究生可放宽到45周岁' is two), including
        the one-relaxation forms rules were saved in before ('relaxed_max'/'relaxed_when', 'exception')."""
        p = self.params
        tiers = [Tier.from_dict(t) for t in p.get("relaxations") or []]
        if "relaxed_when" in p:
            bound = {key: p[old] for key, old in (("max", "relaxed_max"), ("born_from", "relaxed_born_from"))
                     if p.get(old) is not None}
            tiers.append(Tier(str(p["relaxed_when"]), self.inner_rules, bound, str(p["relaxed_when"])))
        if p.get("exception"):
            tiers.append(Tier(str(p["exception"]), [], {}, str(p["exception"])))
        return tiers

    @property
    def gender_limit(self) -> bool:
        """A required '限男性/限女性': enforced, and worth a warning when a round opens (equal-employment rules
        allow it only where the work demands it). '适合男性' is advice and is no limit."""
        return self.kind == RuleKind.GENDER and self.required and not self.params.get("advice")

    def describe(self) -> str:
        """A short statement of what the rule checks, for HR."""
        p = self.params
        text = _DESCRIBERS.get(self.kind, _describe_manual)(self)
        tiers = self.safe_tiers()
        if tiers:
            text += "；放宽：" + "；".join(tier.describe() for tier in tiers)
        if p.get("either"):
            text += "；择一条件（不符合时转人工认定）"
        return text


    def safe_tiers(self) -> list[Tier]:
        """The tiers, or none when a hand-corrected rule's relaxation cannot be read."""
        if self.kind == RuleKind.PREFERENCE:
            return []
        try:
            return self.tiers
        except (KeyError, TypeError, ValueError, AttributeError):
            return []  # a hand-corrected rule with odd parameters still gets its statement


@dataclass
class Tier:
    """One relaxation of a rule: for whom (the condition as written, and read as rules where it could be) and
    how far (bound: max / born_from / extra_years for age, min_level for education or title, min_years for
    experience, waived when the limit does not apply at all; empty when the text gives no measure)."""

    when: str
    inner: list[Rule]
    bound: dict
    text: str

    @classmethod
    def from_dict(cls, data: dict) -> Tier:
        bound = {k: v for k, v in data.items() if k not in ("when", "inner", "text")}
        return cls(str(data.get("when") or data.get("text") or ""), [Rule.from_dict(r) for r in data.get("inner") or []],
                   bound, str(data.get("text") or data.get("when") or ""))

    def describe(self) -> str:
        return f"{self.text}" + ("" if self.inner and self.bound else "（需人工认定）")


def describe_age(p: dict) -> str:
    """The age bound alone, without its relaxation; the age reader also uses it to note a replaced bound."""
    who = {"男": "男性", "女": "女性"}.get(p.get("gender") or "", "")
    if p.get("born_from") or p.get("born_until"):
        span = "至".join(d for d in (p.get("born_from"), p.get("born_until")) if d)
        if p.get("born_from") and not p.get("born_until"):
            span += " 及以后"
        elif p.get("born_until") and not p.get("born_from"):
            span += " 及以前"
        return f"{who}{span}出生"
    bound = f"不超过 {p['max']} 周岁" if "max" in p else f"不小于 {p['min']} 周岁"
    return f"{who}{bound}（以截止日计）"


def _describe_majors(p: dict) -> str:
    majors = "、".join(p.get("majors") or [])
    if not majors:
        return "专业：岗位相关专业（需人工认定）"
    return f"专业：{majors}" + ("等相关专业" if p.get("open") else "")


def _years(value: float) -> str:
    return f"{value:g}"


# ---------------------------------------------------------------- one statement per kind


def _describe_education(rule: Rule) -> str:
    p = rule.params
    parts = [f"{EDUCATION_LEVELS[p['min_level']]}及以上学历"]
    if p.get("full_time"):
        parts[0] = "全日制" + parts[0]
    if p.get("first"):
        parts[0] = "第一学历" + parts[0]
    if p.get("majors") or p.get("open"):
        parts.append(_describe_majors(p))
    if p.get("equivalent"):
        parts.append("可接受同等学历（需人工认定）")
    return "，".join(parts)


def _describe_degree(rule: Rule) -> str:
    return f"{DEGREE_LEVELS[rule.params['min_level']]}及以上学位"


def _describe_major(rule: Rule) -> str:
    return _describe_majors(rule.params)


def _describe_age_rule(rule: Rule) -> str:
    return describe_age(rule.params)


def _describe_retirement(rule: Rule) -> str:
    p = rule.params
    if p.get("min_years_left"):
        return f"截止日距法定退休年龄不少于 {_years(p['min_years_left'])} 年（2025 年渐进式延迟退休规定）"
    return "截止日未达到法定退休年龄（2025 年渐进式延迟退休规定）"


def _describe_title(rule: Rule) -> str:
    p = rule.params
    if p.get("fit"):
        return f"{p['title']}（哪一系列、哪一级与岗位相适应需人工认定）"
    return f"{p['title']}及以上职称" + ("（相关专业）" if p.get("related") else "")


def _describe_skill(rule: Rule) -> str:
    p = rule.params
    return f"{SKILL_LEVELS[p['min_level']]}及以上职业资格" + ("（相关工种）" if p.get("related") else "")


def _describe_certificate(rule: Rule) -> str:
    p = rule.params
    if rule.obsolete:
        return f"{p['name']}（已取消，只作提示，不影响资格）"
    return f"持有{p['name']}" + (f"（准驾车型含 {p['class']}）" if p.get("class") else "")


def _describe_experience(rule: Rule) -> str:
    p = rule.params
    return f"{_years(p['min_years'])} 年以上{p.get('field') or ''}工作经历"


def _describe_political(rule: Rule) -> str:
    return {True: "中共党员（含预备党员）", False: "中共正式党员"}.get(rule.params.get("probationary"), "中共党员")


def _describe_bianzhi(rule: Rule) -> str:
    return "在编人员"


def _describe_gender(rule: Rule) -> str:
    if rule.params.get("advice"):
        return f"岗位说明适合{rule.params['gender']}性（只作提示，不影响资格）"
    return f"限{rule.params['gender']}性"


def _describe_preference(rule: Rule) -> str:
    inner = "、".join(r.describe() for r in rule.inner_rules)
    return f"优先条件（{inner}），只用于排序，不影响资格" if inner else "优先条件，只用于排序，不影响资格"


def _describe_soft(rule: Rule) -> str:
    return {"体检": "体检环节核实", "考察": "考察环节核实"}.get(rule.params.get("stage"), "笔试/面试/考察评价") + "，不影响资格"


def _describe_no_limit(rule: Rule) -> str:
    return "不作限制"


def _describe_manual(rule: Rule) -> str:
    return rule.params.get("reason") or "无法自动核对，需人工审核"


_DESCRIBERS: dict[RuleKind, Callable[[Rule], str]] = {
    RuleKind.EDUCATION: _describe_education,
    RuleKind.DEGREE: _describe_degree,
    RuleKind.MAJOR: _describe_major,
    RuleKind.AGE: _describe_age_rule,
    RuleKind.RETIREMENT: _describe_retirement,
    RuleKind.TITLE: _describe_title,
    RuleKind.SKILL: _describe_skill,
    RuleKind.CERTIFICATE: _describe_certificate,
    RuleKind.EXPERIENCE: _describe_experience,
    RuleKind.POLITICAL: _describe_political,
    RuleKind.BIANZHI: _describe_bianzhi,
    RuleKind.GENDER: _describe_gender,
    RuleKind.PREFERENCE: _describe_preference,
    RuleKind.SOFT: _describe_soft,
    RuleKind.NO_LIMIT: _describe_no_limit,
    RuleKind.MANUAL: _describe_manual,
}
