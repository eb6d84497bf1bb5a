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


def experience(ctx: Context, rule: Rule) -> Outcome:
    wanted = float(rule.params["min_years"])
    kind = rule.params.get("field") or ""
    wanted_text = f" {years_text(wanted)} 年以上{kind}工作经历"
    years, basis = years_of_work(ctx)
    if years is None:
        return NEEDS_REVIEW, f"{basis}，要求{wanted_text.strip()}"
    if years < wanted:
        return ctx.relaxed(rule, f"{basis}，少于要求的{wanted_text}",
                           fits=lambda bound: years >= float(bound["min_years"]) if "min_years" in bound else None,
                           reach=lambda bound: f"{years_text(float(bound['min_years']))} 年" if "min_years" in bound
                           else "放宽后的年限")
    if kind:
        return NEEDS_REVIEW, f"{basis}，不少于 {years_text(wanted)} 年；其中{kind}工作经历需人工核对"
    return MET, f"{basis}，不少于 {years_text(wanted)} 年"


def years_of_work(ctx: Context) -> tuple[float | None, str]:
    """The applicant's years of work and how they were known: as filled in, or counted in whole months from
    参加工作时间 to the cut-off."""
    a = ctx.applicant
    if a.years_experience is not None:
        return a.years_experience, f"工作年限 {years_text(a.years_experience)} 年"
    if a.work_start is None:
        return None, "未填写工作年限或参加工作时间"
    if a.work_start > ctx.cutoff:
        return None, f"参加工作时间 {a.work_start.isoformat()} 晚于截止日 {ctx.cutoff.isoformat()}，请核对"
    months = full_months(a.work_start, ctx.cutoff)
    years = round(months / 12, 2)
    span = f"{months // 12} 年" + (f" {months % 12} 个月" if months % 12 else "")
    return years, (f"按参加工作时间 {a.work_start.isoformat()} 计，截至 {ctx.cutoff.isoformat()} 工作 {span}"
                   f"（{years_text(years)} 年）")


def political(ctx: Context, rule: Rule) -> Outcome:
    status = ctx.applicant.political_status
    if not status:
        return NEEDS_REVIEW, "未填写政治面貌，要求中共党员"
    if "预备" in status:
        accepted = rule.params.get("probationary")
        if accepted is True:
            return MET, f"政治面貌：{status}（岗位含预备党员）"
        if accepted is False:
            return NOT_MET, f"政治面貌：{status}，岗位要求正式党员"
        return NEEDS_REVIEW, f"政治面貌：{status}，是否符合“中共党员”需人工认定"
    if "党员" in status and "非" not in status and "民主" not in status:
        return MET, f"政治面貌：{status}"
    return NOT_MET, f"政治面貌：{status}，要求中共党员"


def bianzhi(ctx: Context, rule: Rule) -> Outcome:
    if ctx.applicant.bianzhi is None:
        return NEEDS_REVIEW, "未填写是否在编，需人工核对"
    return (MET, "在编人员") if ctx.applicant.bianzhi else (NOT_MET, "非在编人员，岗位限在编人员")


def gender(ctx: Context, rule: Rule) -> Outcome:
    wanted, held = rule.params["gender"], ctx.applicant.gender
    if rule.params.get("advice"):
        return INTERVIEW, f"岗位说明适合{gender_word(wanted)}，只作提示，不作资格条件"
    if held not in ("男", "女"):
        return NEEDS_REVIEW, f"未填写性别，岗位限{gender_word(wanted)}"
    if held == wanted:
        return MET, f"性别{held}"
    return NOT_MET, f"性别{held}，岗位限{gender_word(wanted)}"


def preference(ctx: Context, rule: Rule) -> Outcome:
    inner = rule.inner_rules
    if not inner:
        return INTERVIEW, "优先条件，在评审和排序时比较，不影响资格"
    status, reasons = ctx.all_of(inner)
    return status, {
        MET: f"符合优先条件（{reasons}），用于排序，不影响资格",
        NOT_MET: f"不符合优先条件（{reasons}），不影响资格",
        NEEDS_REVIEW: f"能否享受优先需人工核对（{reasons}），不影响资格",
    }[status]


def soft(ctx: Context, rule: Rule) -> Outcome:
    stage = rule.params.get("stage")
    if stage == "体检":
        return INTERVIEW, "在体检环节核实，不作资格审查条件"
    if stage == "考察":
        return INTERVIEW, "在考察（政审）环节核实，不作资格审查条件"
    return INTERVIEW, "能力素质或业绩要求，在笔试/面试或考察中评价，不作资格条件"


def no_limit(ctx: Context, rule: Rule) -> Outcome:
    return MET, "岗位对此不作限制"


def manual(ctx: Context, rule: Rule) -> Outcome:
    return NEEDS_REVIEW, rule.params.get("reason") or "无法自动判断，请对照报名材料人工审核"
