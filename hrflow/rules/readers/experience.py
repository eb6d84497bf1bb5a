"""Work-experience reader: '2年以上相关工作经验', '一年半以上工作经历', '从事图书馆工作3年以上'; and
parse_years, the one reading of a written span of work ('2年6个月') for imports, forms and rules."""

from __future__ import annotations

import re
import unicodedata

from hrflow.rules.levels import NUMBER_PATTERN, amount
from hrflow.rules.readers.text import ClauseText
from hrflow.rules.rule import Rule, RuleKind
from hrflow.rules.wording import N_

_EXPERIENCE_WORDS = r"(?:工作经[验历]|从业经[验历]|工作年限|经[验历]|工龄)"
_SPAN = (rf"(?P<n>{NUMBER_PATTERN}|半)(?:个)?(?P<unit>年|月)(?P<half>半)?(?:(?P<months>{NUMBER_PATTERN})个?月)?"
         r"(?:\(含\))?(?:及以上|以上|或以上)?")
_EXPERIENCE = [
    re.compile(rf"{_SPAN}(?P<field>[^|,;、\d]{{0,15}}?){_EXPERIENCE_WORDS}"),
    re.compile(rf"(?P<field>[^|,;、\d]{{0,10}}?){_EXPERIENCE_WORDS}(?:满|在|达|不少于|不低于)?{_SPAN}"),
    re.compile(rf"从事(?P<field>[^|,;、\d]{{1,15}}?)工作(?:满|达)?{_SPAN}"),
    # '工作满两年', '参加工作3年以上', '在图书馆工作满五年'.
    re.compile(rf"(?:参加)?(?P<field>[^|,;、\d]{{0,10}}?)工作(?:时间)?(?:已)?(?:满|达|不少于|不低于)?{_SPAN}"),
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
            return [Rule(RuleKind.MANUAL, text, {"reason": str(N_("驾龄要求请核对驾驶证初次领证日期"))})]
        params: dict = {"min_years": years}
        if field_text:
            params["field"] = field_text
        return [Rule(RuleKind.EXPERIENCE, text, params)]
    return []


_WRITTEN_SPAN = re.compile(
    rf"(?:(?P<years>{NUMBER_PATTERN})年(?P<half>半)?)?(?:(?P<months>{NUMBER_PATTERN})个?月)?|半年|(?P<bare>\d{{1,2}}(?:\.\d{{1,2}})?)")
MAX_YEARS = 60


def parse_years(value: str | float | None) -> float | None:
    """Years of work as written on a form or a sheet: '3', '2.5', '2年', '2年6个月', '18个月', '两年半', '半年'
    → 3.0, 2.5, 2.0, 2.5, 1.5, 2.5, 0.5. None for anything else, or more than 60 years."""
    if isinstance(value, bool) or value is None:
        return None
    if isinstance(value, (int, float)):
        years = float(value)
    else:
        text = re.sub(r"\s+", "", unicodedata.normalize("NFKC", value))
        match = _WRITTEN_SPAN.fullmatch(text)
        if not text or not match:
            return None
        years = _span_years(match)
        if years is None:
            return None
    return round(years, 2) if 0 <= years <= MAX_YEARS else None


def _span_years(match: re.Match) -> float | None:
    if match.group(0) == "半年":
        return 0.5
    if match.group("bare"):
        return float(match.group("bare"))
    years = amount(match.group("years")) if match.group("years") else 0.0
    months = amount(match.group("months")) if match.group("months") else 0.0
    if years is None or months is None or months >= 12 and match.group("years"):
        return None
    return years + (0.5 if match.group("half") else 0) + months / 12


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
    if match.group("months") and match.group("unit") == "年":
        months = amount(match.group("months"))
        if months is None or months >= 12:
            return None
        years = round(years + months / 12, 2)
    return years
