"""Verdicts on work experience, political status, 编制 and gender, and on the items that never decide
eligibility on their own (preferences, soft qualities, 不限, manual checks)."""

from __future__ import annotations

from hrflow.rules.checks.context import (
    INTERVIEW,
    MET,
    NEEDS_REVIEW,
    NOT_MET,
    Context,
    Outcome,
    full_months,
    gender_word,
    years_text,
)
from hrflow.rules.rule import Rule
from hrflow.rules.wording import N_, Said, said


def experience(ctx: Context, rule: Rule) -> Outcome:
    wanted = float(rule.params["min_years"])
    kind = rule.params.get("field") or ""
    years, basis = years_of_work(ctx)
    if years is None:
        return NEEDS_REVIEW, basis + N_("，要求%(years)s 年以上%(field)s工作经历", years=years_text(wanted), field=kind)
    if years < wanted:
        return ctx.relaxed(rule, basis + N_("，少于要求的 %(years)s 年以上%(field)s工作经历", years=years_text(wanted),
                                            field=kind),
                           fits=lambda bound: years >= float(bound["min_years"]) if "min_years" in bound else None,
                           reach=lambda bound: N_("%(years)s 年", years=years_text(float(bound["min_years"])))
                           if "min_years" in bound else N_("放宽后的年限"))
    enough = N_("，不少于 %(years)s 年", years=years_text(wanted))
    if kind:
        return NEEDS_REVIEW, basis + enough + N_("；其中%(field)s工作经历需人工核对", field=kind)
    return MET, basis + enough


def years_of_work(ctx: Context) -> tuple[float | None, Said]:
    """The applicant's years of work and how they were known: as filled in, or counted in whole months from
    参加工作时间 to the cut-off."""
    a = ctx.applicant
    if a.years_experience is not None:
        return a.years_experience, N_("工作年限 %(years)s 年", years=years_text(a.years_experience))
    if a.work_start is None:
        return None, N_("未填写工作年限或参加工作时间")
    if a.work_start > ctx.cutoff:
        return None, N_("参加工作时间 %(start)s 晚于截止日 %(cutoff)s，请核对", start=a.work_start.isoformat(),
                        cutoff=ctx.cutoff.isoformat())
    months = full_months(a.work_start, ctx.cutoff)
    years = round(months / 12, 2)
    span = (N_("%(years)s 年 %(months)s 个月", years=months // 12, months=months % 12) if months % 12
            else N_("%(years)s 年", years=months // 12))
    return years, N_("按参加工作时间 %(start)s 计，截至 %(cutoff)s 工作 %(span)s（%(years)s 年）",
                     start=a.work_start.isoformat(), cutoff=ctx.cutoff.isoformat(), span=span, years=years_text(years))


def political(ctx: Context, rule: Rule) -> Outcome:
    status = ctx.applicant.political_status
    if not status:
        return NEEDS_REVIEW, N_("未填写政治面貌，要求中共党员")
    held = N_("政治面貌：%(status)s", status=status)
    if "预备" in status:
        accepted = rule.params.get("probationary")
        if accepted is True:
            return MET, held + N_("（岗位含预备党员）")
        if accepted is False:
            return NOT_MET, held + N_("，岗位要求正式党员")
        return NEEDS_REVIEW, held + N_("，是否符合“中共党员”需人工认定")
    if "党员" in status and "非" not in status and "民主" not in status:
        return MET, held
    return NOT_MET, held + N_("，要求中共党员")


def bianzhi(ctx: Context, rule: Rule) -> Outcome:
    if ctx.applicant.bianzhi is None:
        return NEEDS_REVIEW, N_("未填写是否在编，需人工核对")
    return (MET, N_("在编人员")) if ctx.applicant.bianzhi else (NOT_MET, N_("非在编人员，岗位限在编人员"))


def gender(ctx: Context, rule: Rule) -> Outcome:
    wanted, held = rule.params["gender"], ctx.applicant.gender
    if rule.params.get("advice"):
        return INTERVIEW, N_("岗位说明适合%(gender)s，只作提示，不作资格条件", gender=gender_word(wanted))
    if held not in ("男", "女"):
        return NEEDS_REVIEW, N_("未填写性别，岗位限%(gender)s", gender=gender_word(wanted))
    if held == wanted:
        return MET, N_("性别%(held)s", held=held)
    return NOT_MET, N_("性别%(held)s，岗位限%(gender)s", held=held, gender=gender_word(wanted))


def preference(ctx: Context, rule: Rule) -> Outcome:
    inner = rule.inner_rules
    if not inner:
        return INTERVIEW, N_("优先条件，在评审和排序时比较，不影响资格")
    status, reasons = ctx.all_of(inner)
    return status, {
        MET: N_("符合优先条件（%(reasons)s），用于排序，不影响资格", reasons=reasons),
        NOT_MET: N_("不符合优先条件（%(reasons)s），不影响资格", reasons=reasons),
        NEEDS_REVIEW: N_("能否享受优先需人工核对（%(reasons)s），不影响资格", reasons=reasons),
    }[status]


def soft(ctx: Context, rule: Rule) -> Outcome:
    stage = rule.params.get("stage")
    if stage == "体检":
        return INTERVIEW, N_("在体检环节核实，不作资格审查条件")
    if stage == "考察":
        return INTERVIEW, N_("在考察（政审）环节核实，不作资格审查条件")
    return INTERVIEW, N_("能力素质或业绩要求，在笔试/面试或考察中评价，不作资格条件")


def no_limit(ctx: Context, rule: Rule) -> Outcome:
    return MET, N_("岗位对此不作限制")


def manual(ctx: Context, rule: Rule) -> Outcome:
    return NEEDS_REVIEW, said(rule.params.get("reason") or "") or N_("无法自动判断，请对照报名材料人工审核")
