"""Verdicts on age limits (周岁 on the cut-off day, birth dates, their relaxation tiers) and on the
statutory retirement age."""

from __future__ import annotations

from datetime import date

from hrflow.rules.checks.context import (
    MET,
    NEEDS_REVIEW,
    NOT_MET,
    Context,
    Outcome,
    add_months,
    gender_word,
    years_text,
)
from hrflow.rules.retirement import Scheme, age_on, possible_schemes, retirement_age, retirement_date
from hrflow.rules.rule import Rule
from hrflow.rules.wording import N_, Said, semicolons

# A retirement date this close after the cut-off falls inside the round (announcement → appointment).
RETIREMENT_WATCH_MONTHS = 6


def age(ctx: Context, rule: Rule) -> Outcome:
    a, p = ctx.applicant, rule.params
    only = p.get("gender")
    if only and a.gender in ("男", "女") and a.gender != only:
        return MET, N_("该年龄条件仅适用于%(only)s，申请人为%(gender)s", only=gender_word(only),
                   gender=gender_word(a.gender))
    if a.birth_date is None:
        return NEEDS_REVIEW, N_("未填写出生日期，无法核对年龄")
    if only and a.gender not in ("男", "女"):
        return NEEDS_REVIEW, N_("未填写性别，无法确定是否适用%(only)s的年龄条件", only=gender_word(only))
    if a.birth_date > ctx.cutoff:
        return NEEDS_REVIEW, _born_after_cutoff(ctx)
    who = N_("%(gender)s，", gender=gender_word(only)) if only else Said([])
    if p.get("born_from") or p.get("born_until"):
        return _born_between(ctx, rule, who)
    years = age_on(a.birth_date, ctx.cutoff)
    basis = who + N_("出生 %(birth)s，截至 %(cutoff)s 为 %(years)s 周岁", birth=a.birth_date.isoformat(),
                     cutoff=ctx.cutoff.isoformat(), years=years)
    if "max" in p:
        limit = int(p["max"])
        if years <= limit:
            return MET, basis + N_("，未超过 %(limit)s 周岁上限", limit=limit)
        return _relaxed(ctx, rule, basis + N_("，超过 %(limit)s 周岁上限", limit=limit))
    limit = int(p["min"])
    if years >= limit:
        return MET, basis + N_("，已满 %(limit)s 周岁", limit=limit)
    return NOT_MET, basis + N_("，不满 %(limit)s 周岁", limit=limit)


def _born_after_cutoff(ctx: Context) -> Said:
    return N_("出生日期 %(birth)s 晚于截止日 %(cutoff)s，请核对", birth=ctx.applicant.birth_date.isoformat(),
              cutoff=ctx.cutoff.isoformat())


def _born_between(ctx: Context, rule: Rule, who: Said) -> Outcome:
    p, birth = rule.params, ctx.applicant.birth_date
    start = date.fromisoformat(p["born_from"]) if p.get("born_from") else None
    end = date.fromisoformat(p["born_until"]) if p.get("born_until") else None
    basis = who + N_("出生 %(birth)s", birth=birth.isoformat())
    if end and birth > end:
        return NOT_MET, basis + N_("，晚于要求的 %(day)s（须 %(day)s 及以前出生）", day=end.isoformat())
    if start and birth < start:
        return _relaxed(ctx, rule, basis + N_("，早于要求的 %(day)s（须 %(day)s 及以后出生）", day=start.isoformat()))
    if start and end:
        return MET, basis + N_("，在要求的出生日期范围（%(start)s至%(end)s）内", start=start.isoformat(),
                               end=end.isoformat())
    if end:
        return MET, basis + N_("，在要求的出生日期范围（%(end)s）内", end=end.isoformat())
    return MET, basis + N_("，在要求的出生日期范围（%(start)s 及以后）内", start=start.isoformat() if start else "")


def _relaxed(ctx: Context, rule: Rule, over: str) -> Outcome:
    """Over the age limit: does a tier ('硕士研究生可放宽到40周岁') take the applicant in?"""
    birth = ctx.applicant.birth_date
    years = age_on(birth, ctx.cutoff)
    limit = rule.params.get("max")

    def fits(bound: dict) -> bool | None:
        if bound.get("born_from"):
            return birth >= date.fromisoformat(bound["born_from"])
        if bound.get("max") is not None:
            return years <= int(bound["max"])
        if bound.get("extra_years") is not None and limit is not None:
            return years <= int(limit) + int(bound["extra_years"])
        return None

    def reach(bound: dict) -> Said:
        if bound.get("born_from"):
            return N_("%(day)s 及以后出生", day=bound["born_from"])
        if bound.get("max") is not None:
            return N_("%(years)s 周岁", years=bound["max"])
        if bound.get("extra_years") is not None and limit is not None:
            return N_("%(years)s 周岁", years=int(limit) + int(bound["extra_years"]))
        return N_("更高年龄")

    return ctx.relaxed(rule, over, fits, reach)


def retirement(ctx: Context, rule: Rule) -> Outcome:
    a = ctx.applicant
    if a.birth_date is None or a.gender not in ("男", "女"):
        return NEEDS_REVIEW, N_("缺少出生日期或性别，无法计算法定退休年龄")
    if a.birth_date > ctx.cutoff:
        return NEEDS_REVIEW, _born_after_cutoff(ctx)
    outcomes = [_retirement_under(ctx, rule, scheme)
                 for scheme in possible_schemes(a.gender, ctx.worker_post, a.retirement_scheme)]
    if len(outcomes) == 1:
        return outcomes[0]
    return _either_scheme(outcomes)


def _either_scheme(outcomes: list[Outcome]) -> Outcome:
    """A woman on a post whose category nobody has set: the verdict stands only where 55 and 50 agree."""
    statuses = {status for status, _ in outcomes}
    both = semicolons(evidence for _, evidence in outcomes)
    if len(statuses) == 1:
        return statuses.pop(), N_("岗位类别未填写，无法确定女职工法定退休年龄按 55 岁（管理、专业技术岗位）还是 50 岁（工勤岗位）"
                                  "计算，两种算法结论相同：%(both)s", both=both)
    return NEEDS_REVIEW, N_("岗位类别未填写，无法确定女职工法定退休年龄按 55 岁（管理、专业技术岗位）还是 50 岁（工勤岗位）"
                            "计算，两种算法结论不同，需人工确认岗位类别：%(both)s", both=both)


def _retirement_under(ctx: Context, rule: Rule, scheme: Scheme) -> Outcome:
    a = ctx.applicant
    try:
        years, months = retirement_age(a.birth_date, scheme)
        day = retirement_date(a.birth_date, scheme)
    except (ValueError, OverflowError):
        return NEEDS_REVIEW, N_("出生日期 %(birth)s 异常，无法计算法定退休年龄", birth=a.birth_date.isoformat())
    base = {60: N_("男职工"), 55: N_("女职工（管理、专业技术岗位）"), 50: N_("女职工（工勤岗位）")}[scheme.base_years]
    age = (N_("%(years)s 岁 %(months)s 个月", years=years, months=months) if months
           else N_("%(years)s 岁", years=years))
    basis = N_("%(base)s，出生 %(birth)s，法定退休年龄 %(age)s，于 %(day)s 达到", base=base,
               birth=a.birth_date.isoformat(), age=age, day=day.isoformat())
    cutoff = ctx.cutoff.isoformat()
    if day <= ctx.cutoff:
        return NOT_MET, basis + N_("，截止日 %(cutoff)s 时已达到", cutoff=cutoff)
    left = rule.params.get("min_years_left")
    if left:
        needed = add_months(ctx.cutoff, round(float(left) * 12))
        if day < needed:
            return NOT_MET, basis + N_("，距截止日 %(cutoff)s 不足 %(years)s 年", cutoff=cutoff,
                                       years=years_text(float(left)))
        return MET, basis + N_("，距截止日 %(cutoff)s 不少于 %(years)s 年", cutoff=cutoff, years=years_text(float(left)))
    watch = add_months(ctx.cutoff, RETIREMENT_WATCH_MONTHS)
    if day <= watch:
        return NEEDS_REVIEW, basis + N_("，截止日 %(cutoff)s 时尚未达到，但在截止日后 %(months)s 个月内，招聘期间即将退休，"
                                        "需人工确认", cutoff=cutoff, months=RETIREMENT_WATCH_MONTHS)
    return MET, basis + N_("，晚于截止日 %(cutoff)s", cutoff=cutoff)
