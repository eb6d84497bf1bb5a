"""Verdicts on professional titles (职称), vocational skill levels (职业资格) and certificates."""

from __future__ import annotations

from hrflow.rules.certificates import (
    DRIVING_LICENCE,
    Match,
    driving_classes,
    is_driving_licence,
    match_certificate,
    permits,
    teacher_certificate,
)
from hrflow.rules.checks.context import MET, NEEDS_REVIEW, NOT_MET, Context, Outcome, is_none
from hrflow.rules.levels import ACCOUNTING_JUNIOR, SKILL_LEVELS, held_titles, skill_levels, title_label
from hrflow.rules.rule import Rule


def _grade(title) -> str:
    if title.low == title.high:
        return title_label(title.low)
    return f"{title_label(title.low)}或{title_label(title.high)}"


def title(ctx: Context, rule: Rule) -> Outcome:
    p, text = rule.params, ctx.applicant.title
    wanted_level = int(p["min_level"])
    wanted = p.get("title") or title_label(wanted_level)
    if not text:
        return NEEDS_REVIEW, f"未填写职称，要求{wanted}" + ("" if p.get("fit") else "及以上")
    if is_none(text):
        return NOT_MET, f"无职称，要求{wanted}" + ("" if p.get("fit") else "及以上")
    titles = held_titles(text)
    if not titles:
        return NEEDS_REVIEW, f"职称“{text}”无法识别，要求{wanted}及以上，请人工核对"
    series = p.get("series")
    same = [t for t in titles if not series or series in t.series]
    other = [t for t in titles if t not in same]
    best = max(same, key=lambda t: t.low, default=None)
    if best is not None and best.low >= wanted_level:
        grade = title_label(best.low) + _accounting_note(best)
        if p.get("fit"):
            return NEEDS_REVIEW, f"职称{best.name}（{grade}）；是否属“{wanted}”（与岗位相适应的系列）需人工认定"
        if p.get("related"):
            return NEEDS_REVIEW, f"职称{best.name}（{grade}）达到{wanted}；是否属相关专业需人工认定"
        return MET, f"职称{best.name}（{grade}），达到{wanted}及以上"
    if best is not None and best.high >= wanted_level:
        return NEEDS_REVIEW, f"职称“{best.name}”可能是{_grade(best)}，要求{wanted}，请核对证书"
    higher_other = [t for t in other if t.high >= wanted_level]
    if higher_other:
        t = max(higher_other, key=lambda t: t.high)
        if not t.series:
            return NEEDS_REVIEW, f"职称“{t.name}”未写明系列（{_grade(t)}），要求{wanted}，请核对证书"
        return NEEDS_REVIEW, (f"职称{t.name}（{'、'.join(sorted(t.series))}系列，{_grade(t)}）与要求的{wanted}"
                              "不属同一系列，是否认可需人工认定")
    top = max(titles, key=lambda t: t.high)
    failed = f"职称{top.name}（{_grade(top)}），低于要求的{wanted}"
    return ctx.relaxed(rule, failed, fits=lambda bound: top.low >= int(bound["min_level"]) if "min_level" in bound else None,
                       reach=lambda bound: title_label(int(bound["min_level"])) if "min_level" in bound else "放宽后的职称")


def _accounting_note(held) -> str:
    if "初级" in held.name and held.series == frozenset({"会计"}) and (held.low, held.high) == ACCOUNTING_JUNIOR:
        return "，2019 年起会计初级职称只设助理级"
    return ""


def skill(ctx: Context, rule: Rule) -> Outcome:
    a, p = ctx.applicant, rule.params
    wanted_level = int(p["min_level"])
    wanted = SKILL_LEVELS[wanted_level]
    sources = [c for c in a.certificates] + ([a.title] if a.title else [])
    held = [(level, source) for source in sources for level in skill_levels(source)]
    if not held:
        if not sources:
            return NEEDS_REVIEW, f"未填写职业资格证书，要求{wanted}及以上"
        return NOT_MET, f"所列证书/职称（{'、'.join(sources)}）中没有{wanted}及以上职业资格"
    trades = p.get("trades") or []
    if trades:
        in_trade = [(level, source) for level, source in held if any(t in source for t in trades)]
        if in_trade and max(in_trade)[0] >= wanted_level:
            level, source = max(in_trade)
            return MET, f"持有{source}（{SKILL_LEVELS[level]}），工种和等级符合（{'、'.join(trades)}）"
    level, source = max(held)
    if level < wanted_level:
        return NOT_MET, f"持有{source}（{SKILL_LEVELS[level]}），低于要求的{wanted}"
    if trades:
        return NEEDS_REVIEW, f"持有{source}（{SKILL_LEVELS[level]}），是否属要求的工种（{'、'.join(trades)}）需人工认定"
    if p.get("related"):
        return NEEDS_REVIEW, f"持有{source}（{SKILL_LEVELS[level]}），达到{wanted}；是否属相关工种需人工认定"
    return MET, f"持有{source}（{SKILL_LEVELS[level]}），达到{wanted}及以上"


def certificate(ctx: Context, rule: Rule) -> Outcome:
    name = rule.params["name"]
    held = ctx.applicant.certificates
    if name == DRIVING_LICENCE:
        return _driving(ctx, rule.params.get("class"))
    matches = [(c, match_certificate(c, name)) for c in held]
    same = next((c for c, m in matches if m == Match.SAME), None)
    if same:
        return MET, f"持有{same}"
    if rule.obsolete:
        return NEEDS_REVIEW, f"{rule.params.get('why_obsolete') or name + '已取消'}；申请人未持有，不影响资格，请人事确认删除此条件"
    related = next((c for c, m in matches if m == Match.RELATED), None)
    if related:
        return NEEDS_REVIEW, f"持有{related}，与要求的{name}级别不同或名称不完全相同，需人工认定"
    proof = next((c for c, m in matches if m == Match.PROOF), None)
    if proof:
        return NOT_MET, f"所列“{proof}”是考试合格证明或成绩，不是要求的{name}"
    if not held:
        return NEEDS_REVIEW, f"未填写任何证书，要求{name}，请核对"
    return NOT_MET, f"所列证书（{'、'.join(held)}）中没有{name}" + _teacher_note(held, name)


def _teacher_note(held: list[str], wanted: str) -> str:
    wanted_cert = teacher_certificate(wanted)
    if wanted_cert is None or wanted_cert[0] is None or not any(teacher_certificate(c) for c in held):
        return ""
    return "（教师资格只适用于本级及以下学校，学科须相同）"


def _driving(ctx: Context, wanted_class: str | None) -> Outcome:
    certificates = ctx.applicant.certificates
    licences = [c for c in certificates if is_driving_licence(c) or driving_classes(c)]
    wanted = f"{wanted_class}及以上驾驶证" if wanted_class else "机动车驾驶证"
    if not licences:
        if not certificates:
            return NEEDS_REVIEW, f"未填写任何证书，要求{wanted}，请核对"
        return NOT_MET, f"所列证书（{'、'.join(certificates)}）中没有驾驶证，要求{wanted}"
    if not wanted_class:
        return MET, f"持有{licences[0]}"
    classes = {c for licence in licences for c in driving_classes(licence)}
    if not classes:
        return NEEDS_REVIEW, f"持有{licences[0]}，未写明准驾车型，要求{wanted}"
    if any(permits(c, wanted_class) for c in classes):
        return MET, f"持有{'、'.join(sorted(classes))}驾驶证，准驾车型包含{wanted_class}"
    return NOT_MET, f"持有{'、'.join(sorted(classes))}驾驶证，准驾车型不含{wanted_class}"
