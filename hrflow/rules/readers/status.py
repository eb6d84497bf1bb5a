"""Readers for political status (中共党员), 编制 (在编) and gender (限男性)."""

from __future__ import annotations

import re

from hrflow.rules.readers.text import ClauseText
from hrflow.rules.rule import Rule, RuleKind


def political_rules(text: str, clause: ClauseText) -> list[Rule]:
    if not clause.has(r"党员") or clause.has(r"非(?:中共)?党员|民主党派|团员|群众"):
        return []
    probationary = None
    if clause.has(r"不含预备|正式党员|非预备"):
        probationary = False
    elif clause.has(r"含预备|预备党员"):
        probationary = True
    clause.take(r"中共(?:正式)?(?:预备)?党员|中国共产党(?:正式)?党员|共产党员|党员|\((?:不)?含预备党员\)")
    return [Rule(RuleKind.POLITICAL, text, {"status": "中共党员", "probationary": probationary})]


def bianzhi_rules(text: str, clause: ClauseText) -> list[Rule]:
    if clause.has(r"非在编|编外|不在编|无编制"):
        return []
    if clause.take(r"正式在编|在编在岗|在编|编制内|事业编制|正式编制"):
        return [Rule(RuleKind.BIANZHI, text)]
    return []


_GENDER_ADVICE = re.compile(
    r"[|]*(?:(?:该|本|此)?(?:岗位|工作)?(?:性别(?:要求)?:?)?)(?:(?:(?:更|较|比较)?(?:适合|适宜)|宜|建议|以)(?P<a>男|女)性?(?:同志|考生)?"
    r"(?:报考|报名|应聘|从事|担任)?(?:为宜|为主)?|(?P<b>男|女)性?(?:同志|考生)?(?:为宜|较为适宜|更为适宜|较适宜|较合适))[|]*")


def gender_rules(text: str, clause: ClauseText) -> list[Rule]:
    """Only what is left is the gender ('性别：限男性'); in '男性40周岁以下' it belongs to the age bound.
    '适合男性' and '男性为宜' are advice: shown, never a limit."""
    advice = _GENDER_ADVICE.fullmatch(clause.rest)
    if advice:
        clause.take(r".+")
        gender = advice.group("a") or advice.group("b")
        return [Rule(RuleKind.GENDER, text, {"gender": gender, "advice": True}, required=False)]
    match = re.fullmatch(r"[|]*(?:性别(?:要求)?:?)?(?:限|仅限|只限|要求)?(男|女)(?:性)?(?:限|优先)?(?:\([^()]*\))?[|]*",
                         clause.rest)
    if not match:
        return []
    clause.take(r".+")
    return [Rule(RuleKind.GENDER, text, {"gender": match.group(1)})]
