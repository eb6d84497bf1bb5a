"""Relaxations ('硕士可放宽到35周岁', '退役军人学历可放宽至高中') attached to the rule they relax."""

from __future__ import annotations

import re

from hrflow.rules.levels import NUMBER_PATTERN, number
from hrflow.rules.readers.age import birth_bounds
from hrflow.rules.readers.text import ClauseText
from hrflow.rules.readers.typed import typed_rules
from hrflow.rules.rule import Rule, RuleKind

_RELAXED_AGE = re.compile(rf"放宽(?:到|至|为)?({NUMBER_PATTERN})周?岁")


def relax(targets: list[Rule], relaxations: list[str], text: str) -> bool:
    """Attach each relaxation to the rule it relaxes; False when there is none to attach to."""
    for segment in relaxations:
        age_match = _RELAXED_AGE.search(segment)
        relaxed_age = number(age_match.group(1)) if age_match else None
        relaxed_born = birth_bounds(ClauseText(segment)).get("born_from")
        if relaxed_age is not None or relaxed_born or "岁" in segment:
            attached = _relax_age(targets, segment, text, relaxed_age, relaxed_born)
        else:
            attached = _relax_exception(targets, segment, text)
        if not attached:
            return False
    return True


def _relax_age(targets: list[Rule], segment: str, text: str, relaxed_age: int | None,
               relaxed_born: str | None) -> bool:
    """Every upper age limit gets the relaxation and its condition, read as rules where it can be."""
    limits = [r for r in reversed(targets) if r.kind == RuleKind.AGE and ("max" in r.params or "born_from" in r.params)]
    if not limits:
        return False
    condition = _condition(segment)
    inner = [r for r in typed_rules(condition, condition, lenient=True) if r.kind not in (
        RuleKind.SOFT, RuleKind.MANUAL, RuleKind.NO_LIMIT)] if condition else []
    for limit in limits:
        limit.params.update(relaxed_max=relaxed_age, relaxed_when=condition or segment,
                            inner=[r.to_dict() for r in inner])
        if relaxed_born:
            limit.params["relaxed_born_from"] = relaxed_born
        _cite(limit, text)
    return True


def _relax_exception(targets: list[Rule], segment: str, text: str) -> bool:
    # A relaxation we cannot read exactly ('退役军人学历可放宽至高中') turns a 'not met' into 'needs review'.
    hard = [r for r in targets if r.required and r.kind not in (RuleKind.MANUAL, RuleKind.SOFT)]
    if not hard:
        return False
    hard[-1].params["exception"] = segment
    _cite(hard[-1], text)
    return True


def _condition(segment: str) -> str:
    """Who the relaxation is for: '具有硕士学位者年龄可放宽到40周岁' → '具有硕士学位'."""
    condition = re.sub(r"(?:年龄|学历|条件)?(?:可|均可|可以)?(?:适当)?放宽.*$", "", segment)
    return re.sub(r"^(?:其中|但|对|对于)|(?:的|者|人员|的人员)$", "", condition.strip(",;、"))


def _cite(rule: Rule, text: str) -> None:
    """The relaxed rule shows the relaxing sentence as well."""
    if rule.text != text and text not in rule.text:
        rule.text += f"，{text}"
