"""Every typed reader over one clause, and the manual-check rules for what they leave behind."""

from __future__ import annotations

import re

from hrflow.rules.levels import EDUCATION_PATTERN
from hrflow.rules.readers.age import age_rules, retirement_rules
from hrflow.rules.readers.certificates import named_certificate_rules, other_certificate_rules
from hrflow.rules.readers.education import education_and_degree_rules
from hrflow.rules.readers.experience import experience_rules
from hrflow.rules.readers.status import bianzhi_rules, gender_rules, political_rules
from hrflow.rules.readers.text import ClauseText
from hrflow.rules.readers.titles import skill_rules, title_rules
from hrflow.rules.rule import Rule, RuleKind

# Conditions hrflow has no applicant data for: a typed reading must not swallow them.
UNCHECKED = re.compile(
    r"应届|往届|户籍|户口|生源|身高|视力|体重|服务期|服务年限|985|211|双一流|重点(?:高校|院校|大学)|海外|境外|留学|国外"
    r"|退役|军人|残疾|年度考核|考核(?:结果|等次)|处分|任现职|现职|现岗位|任职满|满\d+(?:\.\d+)?年|满[一二两三四五六七八九十]年"
    r"|\d+分|初级|中级|高级|[一二三四五]级|聘任|在读|在职|学习期间|毕业证书?|学位证书?|取得.{0,12}(?:后|以来)|截至|截止|之前取得|前取得|以前取得"
)


def typed_rules(text: str, s: str, *, lenient: bool = False, leftovers: bool | None = None) -> list[Rule]:
    """The rules read from the normalised clause s, each citing text. Lenient (for the condition of a
    relaxation) accepts a bare education level; leftovers (default: not lenient) adds a manual check for
    what no reader took that may narrow the rules ('985高校毕业的硕士': the 985)."""
    clause = ClauseText(s)
    rules = _read(text, clause, lenient)
    if rules and (not lenient if leftovers is None else leftovers):
        rules += _leftover_rules(text, clause.rest)
    rules = _one_manual_rule(text, rules)
    if _is_either(s, rules):
        for rule in rules:
            rule.params["either"] = True
    return rules


def _read(text: str, clause: ClauseText, lenient: bool) -> list[Rule]:
    # The order matters: each reader takes its words, so a later one cannot misread them
    # ('会计从业资格' is no title, '高级工' no title grade).
    return (age_rules(text, clause)
            + retirement_rules(text, clause)
            + skill_rules(text, clause)
            + named_certificate_rules(text, clause)
            + title_rules(text, clause)
            + education_and_degree_rules(text, clause, lenient)
            + experience_rules(text, clause)
            + other_certificate_rules(text, clause)
            + political_rules(text, clause)
            + bianzhi_rules(text, clause)
            + gender_rules(text, clause))


def _leftover_rules(text: str, rest: str) -> list[Rule]:
    """A manual check for what the readers left that may narrow their rules."""
    if UNCHECKED.search(rest):
        return [Rule(RuleKind.MANUAL, text, {"reason": unchecked_reason(rest)})]
    note = re.search(r"\(([^()|]*[\u4e00-\u9fff]{2}[^()|]*)\)", rest)
    if note:
        # A bracketed note no reader understood may narrow the rule: HR reads it.
        return [Rule(RuleKind.MANUAL, text, {"reason": f"括号中的说明“{note.group(1)}”请人工核对"})]
    return []


def _one_manual_rule(text: str, rules: list[Rule]) -> list[Rule]:
    """Several manual checks from one clause become one, listing every reason once."""
    manual = [r for r in rules if r.kind == RuleKind.MANUAL]
    if len(manual) <= 1:
        return rules
    reasons = "；".join(dict.fromkeys(r.params.get("reason", "") for r in manual))
    return [r for r in rules if r.kind != RuleKind.MANUAL] + [Rule(RuleKind.MANUAL, text, {"reason": reasons})]


def _is_either(s: str, rules: list[Rule]) -> bool:
    """'本科以上学历或中级以上职称': either rule will do, so neither alone may reject."""
    kinds = {r.kind for r in rules} - {RuleKind.MANUAL}
    if len(kinds) < 2 or kinds <= {RuleKind.EDUCATION, RuleKind.MAJOR}:
        return False
    s = re.sub(rf"或(?:者)?(?:具有)?同等学[历力]|或以上|或以下|(?:{EDUCATION_PATTERN})或(?:{EDUCATION_PATTERN})", "", s)
    return "或" in s


def unchecked_reason(s: str) -> str:
    word = UNCHECKED.search(s)
    return f"含无法自动核对的条件（{word.group(0)}），请人工审核" if word else "请人工审核"
