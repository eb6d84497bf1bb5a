"""Verdicts on education (学历, its study mode, its majors and relaxations), degree (学位) and major."""

from __future__ import annotations

from hrflow.rules.catalogue import GRADUATE, UNDERGRADUATE
from hrflow.rules.checks.context import MET, NEEDS_REVIEW, NOT_MET, Context, Outcome, is_none
from hrflow.rules.levels import DEGREE_LEVELS, EDUCATION_LEVELS, degree_level, education_level
from hrflow.rules.majors import MajorMatch, explain_major
from hrflow.rules.rule import Rule
from hrflow.rules.wording import N_, Said, said, semicolons

PART_TIME_WORDS = ("非全日制", "自考", "自学考试", "函授", "成人", "网络", "远程", "业余", "夜大", "电大", "开放大学", "在职",
                   "广播电视大学", "高等教育自学")
FULL_TIME_WORDS = ("全日制", "统招", "普通高校", "普通高等", "脱产")
# An education that is not an ordinary diploma of that level: HR checks it against the 同等学历 clause.
NONSTANDARD_EDUCATION_WORDS = ("党校", "同等学力", "同等学历", "肄业", "结业", "在读", "军队院校", "进修")


def education(ctx: Context, rule: Rule) -> Outcome:
    a, p = ctx.applicant, rule.params
    wanted_level = int(p["min_level"])
    wanted = EDUCATION_LEVELS[wanted_level]
    equivalent = p.get("equivalent", False)
    level = education_level(a.education)
    if level is None:
        return NEEDS_REVIEW, N_("学历“%(education)s”无法识别，要求%(wanted)s及以上，请人工核对",
                                education=a.education or N_("未填写"), wanted=wanted)
    written = (N_("学历%(education)s（%(mode)s）", education=a.education, mode=a.study_mode) if a.study_mode
               else N_("学历%(education)s", education=a.education))
    if any(word in a.education for word in NONSTANDARD_EDUCATION_WORDS):
        note = N_("岗位接受同等学历，") if equivalent else Said([])
        return NEEDS_REVIEW, N_("%(written)s，不是普通的%(level)s学历证书；%(note)s需人工认定是否达到%(wanted)s",
                                written=written, level=EDUCATION_LEVELS[level], note=note, wanted=wanted)
    prefix = N_("%(written)s达到%(wanted)s，", written=written, wanted=wanted)
    if level < wanted_level:
        if equivalent and level == wanted_level - 1:
            return NEEDS_REVIEW, N_("%(written)s，低于要求的%(wanted)s；岗位接受同等学历，需人工认定", written=written,
                                    wanted=wanted)
        status, evidence = _relaxed_level(ctx, rule, level, N_("%(written)s，低于要求的%(wanted)s", written=written,
                                                                wanted=wanted)
                                          + (N_("（同等学历也须与该层次相当）") if equivalent else Said([])))
        if status != MET:
            return status, evidence
        prefix = evidence + N_("；")
    if p.get("full_time"):
        verdict = _full_time(ctx, level, wanted_level, wanted, written, equivalent)
        if verdict is not None:
            return verdict
    if p.get("first"):
        return NEEDS_REVIEW, N_("%(written)s达到%(wanted)s；岗位要求第一学历为%(wanted)s，报名信息只有最高学历，需核对第一学历",
                                written=written, wanted=wanted)
    if p.get("majors") or p.get("open"):
        return major_verdict(ctx, p.get("majors") or [], bool(p.get("open")), prefix=prefix)
    return MET, (evidence if level < wanted_level else N_("%(written)s，达到%(wanted)s及以上", written=written,
                                                             wanted=wanted))


def _relaxed_level(ctx: Context, rule: Rule, level: int, failed: str) -> Outcome:
    """'具有2年以上基层工作经历的，学历可放宽至大专': below the level, a tier may still take the applicant in."""
    return ctx.relaxed(rule, failed, fits=lambda bound: level >= int(bound["min_level"]) if "min_level" in bound else None,
                       reach=lambda bound: said(EDUCATION_LEVELS.get(bound.get("min_level"))
                                                or N_("放宽后的学历")))


def _full_time(ctx: Context, level: int, wanted_level: int, wanted: str, written: Said,
               equivalent: bool) -> Outcome | None:
    mode = f"{ctx.applicant.study_mode or ''}{ctx.applicant.education or ''}"
    part_time = any(word in mode for word in PART_TIME_WORDS)
    full_time = any(word in mode.replace("非全日制", "") for word in FULL_TIME_WORDS)
    if full_time and part_time:
        return NEEDS_REVIEW, N_("%(written)s，学习形式前后矛盾（全日制与非全日制），请核对学历证书", written=written)
    if full_time:
        return None
    if not part_time:
        return NEEDS_REVIEW, N_("%(written)s，未写明是否全日制，岗位要求全日制%(wanted)s及以上，请核对", written=written,
                                wanted=wanted)
    if level > wanted_level:
        return NEEDS_REVIEW, N_("%(written)s为非全日制；岗位要求全日制%(wanted)s及以上，需核对其%(wanted)s阶段是否为全日制",
                                written=written, wanted=wanted)
    if equivalent:
        return NEEDS_REVIEW, N_("%(written)s为非全日制；岗位要求全日制但接受同等学历，需人工认定", written=written)
    return NOT_MET, N_("%(written)s为非全日制，岗位要求全日制%(wanted)s及以上", written=written, wanted=wanted)


def major(ctx: Context, rule: Rule) -> Outcome:
    return major_verdict(ctx, rule.params.get("majors") or [], bool(rule.params.get("open")), prefix=Said([]))


def major_verdict(ctx: Context, majors: list[str], open_list: bool, prefix: Said) -> Outcome:
    a = ctx.applicant
    listed = "、".join(majors)
    wanted = (N_("%(majors)s等相关专业", majors=listed) if open_list and majors else said(listed)) or N_("岗位相关专业")
    if not a.major:
        return NEEDS_REVIEW, prefix + N_("未填写专业，要求%(wanted)s", wanted=wanted)
    level = _catalogue_level(a.education)
    results = [(m, explain_major(a.major, m, ctx.related_majors, level)) for m in majors]
    same = next(((m, r) for m, r in results if r.match == MajorMatch.SAME), None)
    if same:
        found = N_("专业%(major)s符合要求的%(wanted)s", major=a.major, wanted=same[0])
        return MET, prefix + found + (N_("（%(note)s）", note=said(same[1].note)) if same[1].note else Said([]))
    related = next((m for m, r in results if r.match == MajorMatch.RELATED), None)
    if related:
        return MET, prefix + N_("专业%(major)s属于%(wanted)s的相关专业（本单位相关专业目录）", major=a.major, wanted=related)
    notes = semicolons(dict.fromkeys(r.note for _, r in results if r.note))
    notes = N_("；") + notes if notes else Said([])
    uncertain = next((m for m, r in results if r.match == MajorMatch.UNCERTAIN), None)
    if uncertain:
        return NEEDS_REVIEW, prefix + N_("专业%(major)s，是否属于%(wanted)s需人工认定", major=a.major, wanted=uncertain) + notes
    if open_list:
        return NEEDS_REVIEW, prefix + N_("专业%(major)s不在列出的专业中，是否属于%(wanted)s需人工认定", major=a.major,
                                         wanted=wanted) + notes
    return NOT_MET, prefix + N_("专业%(major)s不是要求的%(wanted)s（也不在相关专业目录中）", major=a.major,
                                wanted=wanted) + notes


def _catalogue_level(education_text: str | None) -> str | None:
    """Which catalogue the applicant's major may come from: 研究生 from a master's up, else 本科; None unknown."""
    level = education_level(education_text)
    if level is None:
        return None
    return GRADUATE if level >= 4 else UNDERGRADUATE


def degree(ctx: Context, rule: Rule) -> Outcome:
    held = ctx.applicant.degree
    wanted = DEGREE_LEVELS[int(rule.params["min_level"])]
    if not held:
        return NEEDS_REVIEW, N_("未填写学位，要求%(wanted)s及以上学位", wanted=wanted)
    if is_none(held):
        return NOT_MET, N_("无学位，要求%(wanted)s及以上学位", wanted=wanted)
    level = degree_level(held)
    if level is None:
        return NEEDS_REVIEW, N_("学位“%(held)s”无法识别，要求%(wanted)s及以上学位", held=held, wanted=wanted)
    if level < rule.params["min_level"]:
        return NOT_MET, N_("学位%(held)s，低于要求的%(wanted)s学位", held=held, wanted=wanted)
    return MET, N_("学位%(held)s，达到%(wanted)s及以上学位", held=held, wanted=wanted)
