"""Age readers: '35周岁以下', '男性40周岁以下', '不满40周岁', '18至35周岁', '1990年1月1日以后出生',
and the statutory retirement age ('距法定退休年龄5年以上')."""

from __future__ import annotations

import re
from datetime import date, timedelta

from hrflow.rules.levels import NUMBER_PATTERN, amount, number
from hrflow.rules.readers.text import ClauseText
from hrflow.rules.rule import Rule, RuleKind, describe_age

_GENDER_PREFIX = r"(?:(?P<gender>男|女)性?[^\d男女|,;]{0,6}?)?"
_AGE_RANGE = re.compile(
    _GENDER_PREFIX + rf"(?P<lo>{NUMBER_PATTERN})(?:周岁|岁)?(?:至|到|-|~|—|－)(?P<hi>{NUMBER_PATTERN})(?:周岁|岁)(?:之间|以内)?")
_AGE = re.compile(
    _GENDER_PREFIX
    + r"(?P<pre>不超过|不得超过|不高于|不大于|不满|未满|小于|低于|年满|满|不低于|不小于|不少于)?"
    + rf"(?P<n>{NUMBER_PATTERN})(?:周岁|岁)(?P<incl>\((?:含|不含)[^()]*\))?"
    + r"(?P<post>及以下|或以下|以下|以内|之内|及以上|或以上|以上)?(?P<incl2>\((?:含|不含)[^()]*\))?"
)
_DATE = r"(?P<{0}y>(?:19|20)\d\d)(?:年|[-./])(?:(?P<{0}m>\d{{1,2}})(?:月|[-./])?(?:(?P<{0}d>\d{{1,2}})日?)?)?"
_BORN_RANGE = re.compile(_DATE.format("a") + r"(?:\(含\))?(?:至|到|-|~|—)" + _DATE.format("b")
                         + r"(?:\(含\))?(?:期间|之间)?(?:出生)")
_BORN_BOUND = re.compile(
    r"(?:出生(?:日期)?(?:在|于|为)?)?" + _DATE.format("a")
    + r"(?P<incl>\((?:含|不含)[^()]*\))?(?P<and>及|或)?(?P<dir>以后|之后|以来|后|以前|之前|前)(?P<incl2>\((?:含|不含)[^()]*\))?(?:出生)?")
_YEARS_LEFT = (rf"距(?:离)?(?:国家)?(?:规定的)?(?:法定)?退休(?:年龄)?(?:时间)?(?:还有|尚有|在|须)?"
               rf"(?:不少于|不低于|不足|不满|满|超过)?(?P<n>{NUMBER_PATTERN})年(?:\(含\))?(?:以上|及以上)?")


def age_rules(text: str, clause: ClauseText) -> list[Rule]:
    if not clause.has(r"岁|出生"):
        return []
    born = birth_bounds(clause)
    rules: list[Rule] = []
    for match in clause.take(_AGE_RANGE):
        lo, hi = number(match.group("lo")), number(match.group("hi"))
        if lo is not None and hi is not None and lo <= hi:
            rules.append(Rule(RuleKind.AGE, text, {"gender": match.group("gender"), "min": lo}))
            rules.append(Rule(RuleKind.AGE, text, {"gender": match.group("gender"), "max": hi}))
    for match in clause.take(_AGE):
        params = _age_bound(match)
        if params is not None:
            rules.append(Rule(RuleKind.AGE, text, params))
    if born:
        rules = _born_replaces_age(text, born, rules)
    return rules


def _born_replaces_age(text: str, born: dict, rules: list[Rule]) -> list[Rule]:
    """An explicit birth date is what the unit announced: it replaces the 周岁 bound on the same side."""
    stated = "、".join(describe_age(r.params) for r in rules)
    rules = [r for r in rules if not (("max" in r.params and "born_from" in born)
                                      or ("min" in r.params and "born_until" in born))]
    rules.insert(0, Rule(RuleKind.AGE, text, {"gender": None, **born, **({"stated": stated} if stated else {})}))
    return rules


def _age_bound(match: re.Match) -> dict | None:
    n = number(match.group("n"))
    if n is None or not 10 <= n <= 80:
        return None
    pre, post = match.group("pre") or "", match.group("post") or ""
    strict = "不含" in (match.group("incl") or "") + (match.group("incl2") or "")
    params: dict = {"gender": match.group("gender")}
    if pre in ("不超过", "不得超过", "不高于", "不大于"):
        params["max"] = n
    elif pre in ("不满", "未满", "小于", "低于"):
        params["max"] = n - 1
    elif pre in ("年满", "满", "不低于", "不小于", "不少于"):
        params["min"] = n
    elif post in ("以下", "及以下", "或以下", "以内", "之内"):
        params["max"] = n - 1 if strict else n
    elif post in ("以上", "及以上", "或以上"):
        params["min"] = n + 1 if strict else n
    else:
        return None
    return params


def birth_bounds(clause: ClauseText) -> dict:
    """'1990年1月1日以后出生' → born_from 1990-01-01 (inclusive, as in every announcement's 周岁 arithmetic)."""
    if not clause.has("出生"):
        return {}
    for match in clause.take(_BORN_RANGE):
        start, end = _date(match, "a", last=False), _date(match, "b", last=True)
        if start and end and start <= end:
            return {"born_from": start.isoformat(), "born_until": end.isoformat()}
    bounds: dict = {}
    for match in clause.take(_BORN_BOUND):
        after = match.group("dir") in ("以后", "之后", "以来", "后")
        day = _date(match, "a", last=not after)
        if day is None:
            continue
        if "不含" in (match.group("incl") or "") + (match.group("incl2") or ""):
            day += timedelta(days=1 if after else -1)
        bounds["born_from" if after else "born_until"] = day.isoformat()
    return bounds


def _date(match: re.Match, prefix: str, *, last: bool) -> date | None:
    """The first (or last) day a written date can mean: '1990年1月' → 1990-01-01 or 1990-01-31."""
    year = int(match.group(f"{prefix}y"))
    month_text, day_text = match.group(f"{prefix}m"), match.group(f"{prefix}d")
    try:
        if month_text is None:
            return date(year, 12, 31) if last else date(year, 1, 1)
        month = int(month_text)
        if day_text is None:
            if not last:
                return date(year, month, 1)
            return (date(year + (month == 12), month % 12 + 1, 1)) - timedelta(days=1)
        return date(year, month, int(day_text))
    except ValueError:
        return None


def retirement_rules(text: str, clause: ClauseText) -> list[Rule]:
    if not clause.has("退休年龄"):
        return []
    years = clause.take(_YEARS_LEFT)
    clause.take(r"(?:国家)?(?:规定的)?(?:法定)?退休年龄(?:之内|以内|以下|内)?")
    params = {"min_years_left": amount(years[0].group("n"))} if years and amount(years[0].group("n")) else {}
    return [Rule(RuleKind.RETIREMENT, text, params)]
