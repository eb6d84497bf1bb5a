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

# A retirement date this close after the cut-off falls inside the round (announcement → appointment).
RETIREMENT_WATCH_MONTHS = 6


def age(ctx: Context, rule: Rule) -> Outcome:
    a, p = ctx.applicant, rule.params
    only = p.get("gender")
    if only and a.gender in ("男", "女") and a.gender != only:
        return MET, f"该年龄条件仅适用于{gender_word(only)}，申请人为{gender_word(a.gender)}"
    if a.birth_date is None:
        return NEEDS_REVIEW, "未填写出生日期，无法核对年龄"
    if only and a.gender not in ("男", "女"):
        return NEEDS_REVIEW, f"未填写性别，无法确定是否适用{gender_word(only)}的年龄条件"
    if a.birth_date > ctx.cutoff:
        return NEEDS_REVIEW, f"出生日期 {a.birth_date.isoformat()} 晚于截止日 {ctx.cutoff.isoformat()}，请核对"
    who = f"{gender_word(only)}，" if only else ""
    if p.get("born_from") or p.get("born_until"):
        return _born_between(ctx, rule, who)
    years = age_on(a.birth_date, ctx.cutoff)
    basis = f"{who}出生 {a.birth_date.isoformat()}，截至 {ctx.cutoff.isoformat()} 为 {years} 周岁"
    if "max" in p:
        limit = int(p["max"])
        if years <= limit:
            return MET, f"{basis}，未超过 {limit} 周岁上限"
        return _relaxed(ctx, rule, f"{basis}，超过 {limit} 周岁上限")
    limit = int(p["min"])
    if years >= limit:
        return MET, f"{basis}，已满 {limit} 周岁"
    return NOT_MET, f"{basis}，不满 {limit} 周岁"


def _born_between(ctx: Context, rule: Rule, who: str) -> Outcome:
    p, birth = rule.params, ctx.applicant.birth_date
    start = date.fromisoformat(p["born_from"]) if p.get("born_from") else None
    end = date.fromisoformat(p["born_until"]) if p.get("born_until") else None
    basis = f"{who}出生 {birth.isoformat()}"
    if end and birth > end:
        return NOT_MET, f"{basis}，晚于要求的 {end.isoformat()}（须 {end.isoformat()} 及以前出生）"
    if start and birth < start:
        return _relaxed(ctx, rule, f"{basis}，早于要求的 {start.isoformat()}（须 {start.isoformat()} 及以后出生）")
    span = "至".join(d.isoformat() for d in (start, end) if d)
    return MET, f"{basis}，在要求的出生日期范围（{span}{'' if end else ' 及以后'}）内"


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

    def reach(bound: dict) -> str:
        if bound.get("born_from"):
            return f"{bound['born_from']} 及以后出生"
        if bound.get("max") is not None:
            return f"{bound['max']} 周岁"
        if bound.get("extra_years") is not None and limit is not None:
            return f"{int(limit) + int(bound['extra_years'])} 周岁"
        return "更高年龄"

    return ctx.relaxed(rule, over, fits, reach)


def retirement(ctx: Context, rule: Rule) -> Outcome:
    a = ctx.applicant
    if a.birth_date is None or a.gender not in ("男", "女"):
        return NEEDS_REVIEW, "缺少出生日期或性别，无法计算法定退休年龄"
    if a.birth_date > ctx.cutoff:
        return NEEDS_REVIEW, f"出生日期 {a.birth_date.isoformat()} 晚于截止日 {ctx.cutoff.isoformat()}，请核对"
    outcomes = [_retirement_under(ctx, rule, scheme)
                 for scheme in possible_schemes(a.gender, ctx.worker_post, a.retirement_scheme)]
    if len(outcomes) == 1:
        return outcomes[0]
    return _either_scheme(outcomes)


def _either_scheme(outcomes: list[Outcome]) -> Outcome:
    """A woman on a post whose category nobody has set: the verdict stands only where 55 and 50 agree."""
    unknown = "岗位类别未填写，无法确定女职工法定退休年龄按 55 岁（管理、专业技术岗位）还是 50 岁（工勤岗位）计算"
    statuses = {status for status, _ in outcomes}
    both = "；".join(evidence for _, evidence in outcomes)
    if len(statuses) == 1:
        return statuses.pop(), f"{unknown}，两种算法结论相同：{both}"
    return NEEDS_REVIEW, f"{unknown}，两种算法结论不同，需人工确认岗位类别：{both}"


def _retirement_under(ctx: Context, rule: Rule, scheme: Scheme) -> Outcome:
    a = ctx.applicant
    try:
        years, months = retirement_age(a.birth_date, scheme)
        day = retirement_date(a.birth_date, scheme)
    except (ValueError, OverflowError):
        return NEEDS_REVIEW, f"出生日期 {a.birth_date.isoformat()} 异常，无法计算法定退休年龄"
    base = {60: "男职工", 55: "女职工（管理、专业技术岗位）", 50: "女职工（工勤岗位）"}[scheme.base_years]
    basis = (f"{base}，出生 {a.birth_date.isoformat()}，法定退休年龄 {years} 岁" + (f" {months} 个月" if months else "")
             + f"，于 {day.isoformat()} 达到")
    if day <= ctx.cutoff:
        return NOT_MET, f"{basis}，截止日 {ctx.cutoff.isoformat()} 时已达到"
    left = rule.params.get("min_years_left")
    if left:
        needed = add_months(ctx.cutoff, round(float(left) * 12))
        if day < needed:
            return NOT_MET, f"{basis}，距截止日 {ctx.cutoff.isoformat()} 不足 {years_text(float(left))} 年"
        return MET, f"{basis}，距截止日 {ctx.cutoff.isoformat()} 不少于 {years_text(float(left))} 年"
    watch = add_months(ctx.cutoff, RETIREMENT_WATCH_MONTHS)
    if day <= watch:
        return NEEDS_REVIEW, (f"{basis}，截止日 {ctx.cutoff.isoformat()} 时尚未达到，但在截止日后 "
                              f"{RETIREMENT_WATCH_MONTHS} 个月内，招聘期间即将退休，需人工确认")
    return MET, f"{basis}，晚于截止日 {ctx.cutoff.isoformat()}"
