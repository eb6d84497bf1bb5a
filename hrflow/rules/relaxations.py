"""Relaxations, each attached as one tier to the rule it relaxes.

'硕士研究生可放宽到40周岁，博士研究生可放宽到45周岁' gives the age limit two tiers; '具有2年以上基层工作经历的，
学历可放宽至大专' gives the education rule a tier whose condition is an experience rule; '…可不受学历限制'
waives the limit for those who meet the condition. A tier keeps its text; when its measure or its
condition cannot be read, the evaluator sends a 'not met' under it to HR instead of deciding."""

from __future__ import annotations

import re

from hrflow.rules.levels import (
    EDUCATION_PATTERN,
    GRADE_PATTERN,
    NUMBER_PATTERN,
    REQUIRED_GRADE,
    TITLE_NAMES,
    TITLE_SERIES,
    education_level,
    number,
)
from hrflow.rules.readers.age import birth_bounds
from hrflow.rules.readers.experience import parse_years
from hrflow.rules.readers.text import ClauseText
from hrflow.rules.readers.typed import UNCHECKED, typed_rules
from hrflow.rules.rule import Rule, RuleKind

_RELAXED_AGE = re.compile(rf"放宽(?P<to>到|至|为)?(?P<n>{NUMBER_PATTERN})周?岁")
_TARGET_WORDS = (
    (RuleKind.AGE, r"年龄"),
    (RuleKind.EDUCATION, r"学历(?:层次)?|文化程度"),
    (RuleKind.TITLE, r"职称|专业技术职务|专业技术资格"),
    (RuleKind.EXPERIENCE, r"工作经[历验]|工作年限|工龄"),
    (RuleKind.MAJOR, r"专业"),
)
_TARGET_PATTERN = "|".join(f"(?P<{kind.value}>{words})" for kind, words in _TARGET_WORDS)
_TARGET_BEFORE_RELAXING = re.compile(rf"(?:{_TARGET_PATTERN})(?:条件|要求)?(?:均|也)?(?:可|可以)?(?:适当)?放宽")
_WAIVERS = (re.compile(rf"不受(?:{_TARGET_PATTERN})(?:等)?(?:条件)?(?:的)?限制"),
            re.compile(rf"(?<=的|者)(?:{_TARGET_PATTERN})(?:要求|条件)?(?:可)?(?:不限|不作要求|不做要求)"))
# '取得教师资格考试合格证明的可报名': some may apply without meeting a rule; how far, the text does not say.
_PERMISSION = re.compile(r"(?<=的|者)(?:也|亦|均)?(?:可|可以)(?:报名|报考|应聘|参加报名)")
# Where a waiver starts: '…的可不受学历限制', '中级职称以上的学历不限', '…的可报名'.
WAIVER_WORDS = re.compile(r"(?:可)?不受[^,;]{1,10}?限制|(?<=的|者)(?:学历|年龄|专业|职称)(?:要求|条件)?(?:可)?(?:不限|不作要求|不做要求)"
                          r"|" + _PERMISSION.pattern)
_NOT_CONDITIONS = (RuleKind.SOFT, RuleKind.MANUAL, RuleKind.NO_LIMIT, RuleKind.PREFERENCE)
# Kinds a clause may name as the condition of an age tier ('博士研究生不超过45周岁').
_CONDITION_KINDS = (RuleKind.EDUCATION, RuleKind.DEGREE, RuleKind.TITLE, RuleKind.POLITICAL, RuleKind.EXPERIENCE,
                    RuleKind.CERTIFICATE, RuleKind.SKILL)


def relax(targets: list[Rule], relaxations: list[str], text: str) -> bool:
    """Attach each relaxation to the rule it relaxes; False when there is none to attach to."""
    for segment in relaxations:
        kind = _target_kind(segment)
        tier = {"when": _display(_condition(segment) or segment),
                "inner": [r.to_dict() for r in _condition_rules(segment)], "text": _display(segment),
                **_bound(segment, kind)}
        relaxed = _relaxed_rules(targets, kind)
        if not relaxed:
            return False
        for rule in relaxed:
            _add_tier(rule, tier, text, targets)
    return True


def attach_age_tier(text: str, rules: list[Rule], item_rules: list[Rule], part: str | None = None) -> bool:
    """'35周岁以下，博士研究生不超过45周岁': a later, looser age bound with a condition of its own is a tier of
    the item's age limit, not a second age limit and a doctorate for everyone. part: the words of the tier
    when they are only part of the clause (a bracket's '博士研究生40周岁以下')."""
    if not is_age_tier(rules):
        return False
    bound = next(r.params for r in rules if r.kind == RuleKind.AGE)
    conditions = [r for r in rules if r.kind != RuleKind.AGE]
    limits = [r for r in item_rules if r.kind == RuleKind.AGE and not r.params.get("gender")
              and isinstance(r.params.get("max"), int) and r.params["max"] < bound["max"]]
    if not limits:
        return False
    when = "、".join(r.describe() for r in conditions)
    tier = {"when": when, "inner": [r.to_dict() for r in conditions], "text": _display(part) if part else text,
            "max": bound["max"]}
    for limit in limits:
        _add_tier(limit, tier, text, item_rules)
    return True


def is_age_tier(rules: list[Rule]) -> bool:
    """One upper age bound, for everyone's gender, and conditions on who it is for: the shape of a tier."""
    ages = [r for r in rules if r.kind == RuleKind.AGE]
    conditions = [r for r in rules if r.kind in _CONDITION_KINDS]
    if len(ages) != 1 or not conditions or len(ages) + len(conditions) != len(rules):
        return False
    bound = ages[0].params
    return not bound.get("gender") and "max" in bound and "min" not in bound


def _target_kind(segment: str) -> RuleKind | None:
    """What is relaxed: what the relaxed measure is ('放宽到40周岁' an age, '放宽至大专' an education), else the
    word before 放宽 ('年龄可适当放宽') or the waived limit ('不受学历限制'), else years ('可放宽至一年')."""
    tail = segment.partition("放宽")[2]
    measured = _measured_kind(tail)
    if measured is not None:
        return measured
    named = _TARGET_BEFORE_RELAXING.search(segment) or _waiver(segment)
    if named:
        return RuleKind(next(key for key, value in named.groupdict().items() if value))
    if re.search(rf"(?:{NUMBER_PATTERN})年|半年", tail):
        return RuleKind.EXPERIENCE
    return None


def _waiver(segment: str) -> re.Match | None:
    return next((m for m in (w.search(segment) for w in _WAIVERS) if m), None)


def _measured_kind(tail: str) -> RuleKind | None:
    """The kind a relaxed measure belongs to: '40周岁' an age ('研究生学历放宽至40周岁' relaxes the age)."""
    if re.search(r"岁|出生", tail):
        return RuleKind.AGE
    if re.search(EDUCATION_PATTERN, tail):
        return RuleKind.EDUCATION
    if re.search(GRADE_PATTERN + "|" + "|".join(TITLE_NAMES), tail):
        return RuleKind.TITLE
    return None


def _bound(segment: str, kind: RuleKind | None) -> dict:
    """How far the relaxation goes, in the relaxed rule's own terms; {} when the text does not say."""
    if _waiver(segment):
        return {"waived": True}
    tail = segment.partition("放宽")[2]
    if kind == RuleKind.AGE:
        return _age_bound(segment)
    if kind == RuleKind.EDUCATION:
        levels = [education_level(m) for m in re.findall(EDUCATION_PATTERN, tail)]
        return {"min_level": min(levels)} if levels else {}
    if kind == RuleKind.TITLE:
        grade = re.search(GRADE_PATTERN, tail)
        if grade:
            return {"min_level": REQUIRED_GRADE[grade.group(0)]}
        name = next((n for n in TITLE_NAMES if n in tail), None)
        return {"min_level": next(t[name] for t in TITLE_SERIES.values() if name in t)} if name else {}
    if kind == RuleKind.EXPERIENCE:
        years = re.search(rf"(?:{NUMBER_PATTERN})年(?:(?:{NUMBER_PATTERN})个?月)?|半年", tail)
        value = parse_years(years.group(0)) if years else None
        return {"min_years": value} if value is not None else {}
    return {}


def _age_bound(segment: str) -> dict:
    bound: dict = {}
    match = _RELAXED_AGE.search(segment)
    years = number(match.group("n")) if match else None
    if years is not None:
        # '放宽5岁' adds five years; '放宽到40周岁' names the new limit.
        bound["extra_years" if not match.group("to") and years < 10 else "max"] = years
    born = birth_bounds(ClauseText(segment)).get("born_from")
    if born:
        bound["born_from"] = born
    return bound


def _relaxed_rules(targets: list[Rule], kind: RuleKind | None) -> list[Rule]:
    if kind == RuleKind.AGE:
        # Every upper age limit ('男性40周岁以下，女性35周岁以下') gets the relaxation.
        return [r for r in reversed(targets) if r.kind == RuleKind.AGE and ("max" in r.params or "born_from" in r.params)]
    if kind == RuleKind.MAJOR:
        found = [r for r in targets if r.kind == RuleKind.MAJOR
                 or (r.kind == RuleKind.EDUCATION and (r.params.get("majors") or r.params.get("open")))]
    elif kind is not None:
        found = [r for r in targets if r.kind == kind]
    else:
        # A relaxation that names no measure ('特别优秀的可适当放宽条件') applies to the last hard rule.
        found = [r for r in targets if r.required and r.kind not in (RuleKind.MANUAL, RuleKind.SOFT)]
    return found[-1:]


def _condition(segment: str) -> str:
    """Who the relaxation is for: '具有硕士学位者年龄可放宽到40周岁' → '具有硕士学位'."""
    condition = re.sub(rf"(?:{_TARGET_PATTERN})?(?:条件|要求)?(?:均|也)?(?:可|均可|可以)?(?:适当)?放宽.*$", "", segment)
    condition = re.sub(r"(?:均|也)?(?:可|可以)?不受.*$", "", condition)
    condition = _PERMISSION.split(condition)[0]
    condition = re.sub(rf"(?<=的|者)(?:{_TARGET_PATTERN})(?:要求|条件)?(?:可)?(?:不限|不作要求|不做要求).*$", "", condition)
    return re.sub(r"^(?:其中|但|对|对于)|(?:的|者|人员|的人员)$", "", condition.strip(",;、"))


def _condition_rules(segment: str) -> list[Rule]:
    """The condition read as rules; a part no reader checks ('退役军人', '985高校') keeps the tier for HR."""
    condition = _condition(segment)
    if not condition or _PERMISSION.search(segment):
        return []
    rules = typed_rules(condition, condition, lenient=True, leftovers=True)
    if not any(r.kind not in _NOT_CONDITIONS for r in rules):
        return []
    # Only a condition no reader checks keeps a manual part; a reader's own doubt ('硕博') does not.
    unchecked = bool(UNCHECKED.search(condition))
    return [r for r in rules if r.kind not in _NOT_CONDITIONS or (r.kind == RuleKind.MANUAL and unchecked)]


def _display(segment: str) -> str:
    """A segment of the normalised clause as HR reads Chinese text again: full-width punctuation."""
    return segment.translate(str.maketrans({",": "，", ";": "；", "(": "（", ")": "）", ":": "："}))


def _add_tier(rule: Rule, tier: dict, text: str, siblings: list[Rule]) -> None:
    """Once per rule: re-reading stored sentences meets a relaxation shared by two limits twice."""
    tiers = rule.params.setdefault("relaxations", [])
    if not any(t.get("text") == tier["text"] for t in tiers):
        tiers.append(dict(tier))
    _cite(rule, text, siblings)


def _cite(rule: Rule, text: str, siblings: list[Rule]) -> None:
    """The relaxed rule shows the relaxing sentence as well, and so do the rules read from the same sentence
    as it: HR's correction page re-reads the stored sentences, which must give the same rules again."""
    if rule.text == text or text in rule.text:
        return
    before = rule.text
    for sibling in siblings:
        if sibling is not rule and sibling.text == before:
            sibling.text += f"，{text}"
    rule.text += f"，{text}"
