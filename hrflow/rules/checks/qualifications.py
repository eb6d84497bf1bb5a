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
from hrflow.rules.wording import N_, Said, said


def _grade(title) -> Said:
    if title.low == title.high:
        return said(title_label(title.low))
    return N_("%(low)s或%(high)s", low=title_label(title.low), high=title_label(title.high))


def title(ctx: Context, rule: Rule) -> Outcome:
    p, text = rule.params, ctx.applicant.title
    wanted_level = int(p["min_level"])
    wanted = p.get("title") or title_label(wanted_level)
    if not text:
        return NEEDS_REVIEW, (N_("未填写职称，要求%(wanted)s", wanted=wanted) if p.get("fit")
                              else N_("未填写职称，要求%(wanted)s及以上", wanted=wanted))
    if is_none(text):
        return NOT_MET, (N_("无职称，要求%(wanted)s", wanted=wanted) if p.get("fit")
                         else N_("无职称，要求%(wanted)s及以上", wanted=wanted))
    titles = held_titles(text)
    if not titles:
        return NEEDS_REVIEW, N_("职称“%(held)s”无法识别，要求%(wanted)s及以上，请人工核对", held=text, wanted=wanted)
    series = p.get("series")
    same = [t for t in titles if not series or series in t.series]
    other = [t for t in titles if t not in same]
    best = max(same, key=lambda t: t.low, default=None)
    if best is not None and best.low >= wanted_level:
        grade = said(title_label(best.low)) + _accounting_note(best)
        held = N_("职称%(name)s（%(grade)s）", name=best.name, grade=grade)
        if p.get("fit"):
            return NEEDS_REVIEW, held + N_("；是否属“%(wanted)s”（与岗位相适应的系列）需人工认定", wanted=wanted)
        if p.get("related"):
            return NEEDS_REVIEW, held + N_("达到%(wanted)s；是否属相关专业需人工认定", wanted=wanted)
        return MET, held + N_("，达到%(wanted)s及以上", wanted=wanted)
    if best is not None and best.high >= wanted_level:
        return NEEDS_REVIEW, N_("职称“%(name)s”可能是%(grade)s，要求%(wanted)s，请核对证书", name=best.name,
                                grade=_grade(best), wanted=wanted)
    higher_other = [t for t in other if t.high >= wanted_level]
    if higher_other:
        t = max(higher_other, key=lambda t: t.high)
        if not t.series:
            return NEEDS_REVIEW, N_("职称“%(name)s”未写明系列（%(grade)s），要求%(wanted)s，请核对证书", name=t.name,
                                    grade=_grade(t), wanted=wanted)
        return NEEDS_REVIEW, N_("职称%(name)s（%(series)s系列，%(grade)s）与要求的%(wanted)s不属同一系列，是否认可需人工认定",
                                name=t.name, series="、".join(sorted(t.series)), grade=_grade(t), wanted=wanted)
    top = max(titles, key=lambda t: t.high)
    failed = N_("职称%(name)s（%(grade)s），低于要求的%(wanted)s", name=top.name, grade=_grade(top), wanted=wanted)
    return ctx.relaxed(rule, failed, fits=lambda bound: top.low >= int(bound["min_level"]) if "min_level" in bound else None,
                       reach=lambda bound: said(title_label(int(bound["min_level"]))) if "min_level" in bound
                       else N_("放宽后的职称"))


def _accounting_note(held) -> Said:
    if "初级" in held.name and held.series == frozenset({"会计"}) and (held.low, held.high) == ACCOUNTING_JUNIOR:
        return N_("，2019 年起会计初级职称只设助理级")
    return Said([])


def skill(ctx: Context, rule: Rule) -> Outcome:
    a, p = ctx.applicant, rule.params
    wanted_level = int(p["min_level"])
    wanted = SKILL_LEVELS[wanted_level]
    sources = [c for c in a.certificates] + ([a.title] if a.title else [])
    held = [(level, source) for source in sources for level in skill_levels(source)]
    if not held:
        if not sources:
            return NEEDS_REVIEW, N_("未填写职业资格证书，要求%(wanted)s及以上", wanted=wanted)
        return NOT_MET, N_("所列证书/职称（%(held)s）中没有%(wanted)s及以上职业资格", held="、".join(sources), wanted=wanted)
    trades = p.get("trades") or []
    if trades:
        in_trade = [(level, source) for level, source in held if any(t in source for t in trades)]
        if in_trade and max(in_trade)[0] >= wanted_level:
            level, source = max(in_trade)
            return MET, _holds(source, level) + N_("，工种和等级符合（%(trades)s）", trades="、".join(trades))
    level, source = max(held)
    if level < wanted_level:
        return NOT_MET, _holds(source, level) + N_("，低于要求的%(wanted)s", wanted=wanted)
    if trades:
        return NEEDS_REVIEW, _holds(source, level) + N_("，是否属要求的工种（%(trades)s）需人工认定", trades="、".join(trades))
    if p.get("related"):
        return NEEDS_REVIEW, _holds(source, level) + N_("，达到%(wanted)s；是否属相关工种需人工认定", wanted=wanted)
    return MET, _holds(source, level) + N_("，达到%(wanted)s及以上", wanted=wanted)


def _holds(source: str, level: int) -> Said:
    return N_("持有%(held)s（%(level)s）", held=source, level=SKILL_LEVELS[level])


def certificate(ctx: Context, rule: Rule) -> Outcome:
    name = rule.params["name"]
    held = ctx.applicant.certificates
    if name == DRIVING_LICENCE:
        return _driving(ctx, rule.params.get("class"))
    matches = [(c, match_certificate(c, name)) for c in held]
    same = next((c for c, m in matches if m == Match.SAME), None)
    if same:
        return MET, N_("持有%(held)s", held=same)
    if rule.obsolete:
        why = said(rule.params.get("why_obsolete") or "") or N_("%(name)s已取消", name=name)
        return NEEDS_REVIEW, why + N_("；申请人未持有，不影响资格，请人事确认删除此条件")
    related = next((c for c, m in matches if m == Match.RELATED), None)
    if related:
        return NEEDS_REVIEW, N_("持有%(held)s，与要求的%(name)s级别不同或名称不完全相同，需人工认定", held=related, name=name)
    proof = next((c for c, m in matches if m == Match.PROOF), None)
    if proof:
        return NOT_MET, N_("所列“%(held)s”是考试合格证明或成绩，不是要求的%(name)s", held=proof, name=name)
    if not held:
        return NEEDS_REVIEW, N_("未填写任何证书，要求%(name)s，请核对", name=name)
    return NOT_MET, N_("所列证书（%(held)s）中没有%(name)s", held="、".join(held), name=name) + _teacher_note(held, name)


def _teacher_note(held: list[str], wanted: str) -> Said:
    wanted_cert = teacher_certificate(wanted)
    if wanted_cert is None or wanted_cert[0] is None or not any(teacher_certificate(c) for c in held):
        return Said([])
    return N_("（教师资格只适用于本级及以下学校，学科须相同）")


def _driving(ctx: Context, wanted_class: str | None) -> Outcome:
    certificates = ctx.applicant.certificates
    licences = [c for c in certificates if is_driving_licence(c) or driving_classes(c)]
    wanted = N_("%(licence)s及以上驾驶证", licence=wanted_class) if wanted_class else N_("机动车驾驶证")
    if not licences:
        if not certificates:
            return NEEDS_REVIEW, N_("未填写任何证书，要求%(name)s，请核对", name=wanted)
        return NOT_MET, N_("所列证书（%(held)s）中没有驾驶证，要求%(name)s", held="、".join(certificates), name=wanted)
    if not wanted_class:
        return MET, N_("持有%(held)s", held=licences[0])
    classes = {c for licence in licences for c in driving_classes(licence)}
    if not classes:
        return NEEDS_REVIEW, N_("持有%(held)s，未写明准驾车型，要求%(name)s", held=licences[0], name=wanted)
    held = "、".join(sorted(classes))
    if any(permits(c, wanted_class) for c in classes):
        return MET, N_("持有%(classes)s驾驶证，准驾车型包含%(licence)s", classes=held, licence=wanted_class)
    return NOT_MET, N_("持有%(classes)s驾驶证，准驾车型不含%(licence)s", classes=held, licence=wanted_class)
