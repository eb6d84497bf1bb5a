"""Work-experience reader: '2年以上相关工作经验', '一年半以上工作经历', '从事图书馆工作3年以上'."""

from __future__ import annotations

import re

from hrflow.rules.levels import NUMBER_PATTERN, amount
from hrflow.rules.readers.text import ClauseText
from hrflow.rules.rule import Rule, RuleKind

_EXPERIENCE_WORDS = r"(?:工作经[验历]|从业经[验历]|工作年限|经[验历]|工龄)"
_SPAN = rf"(?P<n>{NUMBER_PATTERN}|半)(?:个)?(?P<unit>年|月)(?P<half>半)?(?:\(含\))?(?:及以上|以上|或以上)?"
_EXPERIENCE = [
    re.compile(rf"{_SPAN}(?P<field>[^|,;、\d]{{0,15}}?){_EXPERIENCE_WORDS}"),
    re.compile(rf"(?P<field>[^|,;、\d]{{0,10}}?){_EXPERIENCE_WORDS}(?:满|在|达|不少于|不低于)?{_SPAN}"),
    re.compile(rf"从事(?P<field>[^|,;、\d]{{1,15}}?)工作(?:满|达)?{_SPAN}"),
]


def experience_rules(text: str, clause: ClauseText) -> list[Rule]:
    for pattern in _EXPERIENCE:
        matches = clause.take(pattern)
        if not matches:
            continue
        years = _years(matches[0])
        if years is None:
            continue
        field_text = re.sub(r"^(?:具有|具备|有|的|及以上|以上|在)+|(?:的|工作|及以上|以上)+$", "",
                            matches[0].group("field") or "")
        if "驾" in field_text:
            # Years of driving (驾龄) are not years of work: the licence's first issue date shows them.
            return [Rule(RuleKind.MANUAL, text, {"reason": "驾龄要求请核对驾驶证初次领证日期"})]
        params: dict = {"min_years": years}
        if field_text:
            params["field"] = field_text
        return [Rule(RuleKind.EXPERIENCE, text, params)]
    return []


def _years(match: re.Match) -> float | None:
    """The span in years ('半年' 0.5, '18个月' 1.5, '一年半' 1.5); None for an unreadable number or one
    over 50, checked as written, before months become years."""
    years = 0.5 if match.group("n") == "半" else amount(match.group("n"))
    if years is None or years > 50:
        return None
    if match.group("unit") == "月":
        years = round(years / 12, 2)
    if match.group("half"):
        years += 0.5
    return years
