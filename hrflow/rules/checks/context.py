"""What every check shares: the verdict words, the applicant and cut-off being judged, and the reading
of a rule's relaxation tiers."""

from __future__ import annotations

import calendar
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date

from hrflow.rules.applicant import Applicant
from hrflow.rules.rule import Rule, RuleKind, Tier
from hrflow.rules.wording import N_, Said, joined, semicolons

MET, NOT_MET, NEEDS_REVIEW, INTERVIEW = "met", "not_met", "needs_review", "interview"
NONE_WORDS = ("无", "没有", "暂无", "未取得", "无职称", "无学位", "否")
# The kinds whose checks read the rule's tiers themselves; any other kind's relaxation only sends a
# 'not met' to HR.
TIERED_KINDS = (RuleKind.AGE, RuleKind.EDUCATION, RuleKind.TITLE, RuleKind.EXPERIENCE)

Outcome = tuple[str, str]  # (verdict, evidence: a Said, so it can be read in English too)


@dataclass
class Context:
    applicant: Applicant
    cutoff: date
    worker_post: bool | None  # the post is 工勤; None: its category is unknown
    related_majors: dict[str, list[str]]
    handlers: dict[RuleKind, Callable[[Context, Rule], Outcome]]

    def check(self, rule: Rule) -> Outcome:
        status, evidence = self.check_alone(rule)
        if status == NOT_MET and rule.kind not in TIERED_KINDS and rule.safe_tiers():
            texts = "；".join(tier.text for tier in rule.safe_tiers())
            return NEEDS_REVIEW, evidence + N_("；岗位另有放宽规定“%(tiers)s”，需人工认定是否适用", tiers=texts)
        if status == NOT_MET and rule.params.get("either"):
            return NEEDS_REVIEW, evidence + N_("；本条“%(rule)s”为择一条件，需结合其他选项人工认定", rule=rule.text)
        return status, evidence

    def check_alone(self, rule: Rule) -> Outcome:
        """The rule on its own, before its alternatives are weighed."""
        try:
            return self.handlers[rule.kind](self, rule)
        except (KeyError, TypeError, ValueError, OverflowError, AttributeError) as error:
            # Rules corrected by hand may lack a parameter: show it instead of failing the whole review.
            return NEEDS_REVIEW, N_("规则参数不完整或有误（%(error)s），请人工审核", error=type(error).__name__)

    def all_of(self, rules: list[Rule]) -> Outcome:
        """Conditions taken together: met when every one is met, not met when one is not, else needs review;
        written as alternatives ('具有博士学位或副高级以上职称'), one met is enough. Evidence joined."""
        if rules and all(r.params.get("either") for r in rules):
            checks = [self.check_alone(r) for r in rules]
            statuses = {status for status, _ in checks}
            status = MET if MET in statuses else NOT_MET if statuses == {NOT_MET} else NEEDS_REVIEW
            return status, semicolons(evidence for _, evidence in checks)
        checks = [self.check(r) for r in rules]
        reasons = semicolons(evidence for _, evidence in checks)
        if all(status == MET for status, _ in checks):
            return MET, reasons
        if any(status == NOT_MET for status, _ in checks):
            return NOT_MET, reasons
        return NEEDS_REVIEW, reasons

    def relaxed(self, rule: Rule, failed: str, fits: Callable[[dict], bool | None],
                reach: Callable[[dict], str]) -> Outcome:
        """A rule the applicant fails: does one of its tiers take them in?

        fits(bound) says whether the applicant is within a tier's bound (None: the tier names none);
        reach(bound) words the bound ('40 周岁', '大专'). The first tier met decides; else one needing
        review sends the applicant to HR; else the rule stays not met, saying why for every tier."""
        results = [self._tier(tier, failed, fits, reach) for tier in self._tiers(rule)]
        if not results:
            return NOT_MET, failed
        for wanted in (MET, NEEDS_REVIEW):
            found = [evidence for status, evidence in results if status == wanted]
            if found:
                return wanted, failed + found[0]
        return NOT_MET, failed + joined(Said([]), (evidence for _, evidence in results))

    def _tier(self, tier: Tier, failed: str, fits: Callable[[dict], bool | None],
              reach: Callable[[dict], str]) -> Outcome:
        when, bound = tier.when, tier.bound
        if bound.get("waived"):
            within: bool | None = True
            relaxed = N_("不受此限")
        else:
            within = fits(bound)
            relaxed = N_("可放宽到 %(reach)s", reach=reach(bound)) if within is not None else Said([])
        if within is False:
            return NOT_MET, N_("，也超出“%(when)s”可放宽到的 %(reach)s", when=when, reach=reach(bound))
        if within is None or not tier.inner:
            return NEEDS_REVIEW, N_("；岗位规定“%(tier)s”，需人工认定是否适用", tier=tier.text)
        status, reasons = self.all_of(tier.inner)
        return status, {
            MET: N_("，但符合“%(when)s”（%(reasons)s），%(relaxed)s", when=when, reasons=reasons, relaxed=relaxed),
            NOT_MET: N_("；%(relaxed)s，但须“%(when)s”，不符合（%(reasons)s）", when=when, reasons=reasons, relaxed=relaxed),
            NEEDS_REVIEW: N_("；%(relaxed)s，但须“%(when)s”，需人工核对（%(reasons)s）", when=when, reasons=reasons,
                             relaxed=relaxed),
        }[status]

    @staticmethod
    def _tiers(rule: Rule) -> list[Tier]:
        return [] if rule.kind == RuleKind.PREFERENCE else rule.tiers


def is_none(value: str | None) -> bool:
    return value is not None and value in NONE_WORDS


def years_text(value: float) -> str:
    return f"{value:g}"


def gender_word(gender: str | None) -> str:
    return {"男": "男性", "女": "女性"}.get(gender or "", gender or "")


def add_months(day: date, months: int) -> date:
    month_index = day.month - 1 + months
    year, month = day.year + month_index // 12, month_index % 12 + 1
    if year > date.max.year:
        return date.max
    return date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def full_months(start: date, end: date) -> int:
    """Whole months from start to end: 2020-03-15 → 2026-06-14 is 74 months, → 2026-06-15 is 75."""
    months = (end.year - start.year) * 12 + end.month - start.month
    return months - (1 if add_months(start, months) > end else 0)
