"""Evaluate one applicant against a post's rules as of a round's cut-off date."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date

from hrflow.rules.levels import (
    DEGREE_LEVELS,
    EDUCATION_LEVELS,
    degree_level,
    education_level,
    title_label,
    title_level,
)
from hrflow.rules.parser import Rule
from hrflow.rules.retirement import age_on, retirement_age, retirement_date, scheme_for

MET, NOT_MET, NEEDS_REVIEW, INTERVIEW = "met", "not_met", "needs_review", "interview"
ELIGIBLE, NOT_ELIGIBLE = "eligible", "not_eligible"
PART_TIME_WORDS = ("非全日制", "自考", "自学考试", "函授", "成人", "网络", "远程", "业余", "夜大", "电大", "开放大学", "在职")
# Majors a unit treats as related (configurable per unit; this is the library default).
RELATED_MAJORS = {
    "图书馆学": ["图书馆学", "图书情报", "情报学", "信息资源管理", "档案学", "图书情报与档案管理", "信息管理与信息系统"],
}


@dataclass
class Applicant:
    name: str
    gender: str | None = None
    birth_date: date | None = None
    education: str | None = None  # 学历
    degree: str | None = None  # 学位
    major: str | None = None
    study_mode: str | None = None  # 全日制 / 非全日制 …
    title: str | None = None  # 职称
    certificates: list[str] = field(default_factory=list)
    years_experience: int | None = None
    political_status: str | None = None
    bianzhi: bool | None = None  # 在编
    retirement_scheme: str | None = None  # per-person override: men / women55 / women50


@dataclass
class Verdict:
    rule: Rule
    status: str
    evidence: str

    def to_dict(self) -> dict:
        return {"text": self.rule.text, "kind": self.rule.kind.value, "required": self.rule.required,
                "verdict": self.status, "evidence": self.evidence}


def evaluate(
    rules: list[Rule], applicant: Applicant, cutoff: date, *, worker_post: bool = False,
    related_majors: dict[str, list[str]] | None = None,
) -> list[Verdict]:
    context = _Context(applicant, cutoff, worker_post, RELATED_MAJORS if related_majors is None else related_majors)
    return [Verdict(rule, *context.check(rule)) for rule in rules]


def overall_status(verdicts: list[Verdict], decisions: dict[int, str] | None = None) -> str:
    """eligible when no required rule is not met and every needs-review was decided by HR."""
    decisions = decisions or {}
    statuses = [decisions.get(i, v.status) for i, v in enumerate(verdicts) if v.rule.required]
    if NOT_MET in statuses:
        return NOT_ELIGIBLE
    if NEEDS_REVIEW in statuses:
        return NEEDS_REVIEW
    return ELIGIBLE


@dataclass
class _Context:
    applicant: Applicant
    cutoff: date
    worker_post: bool
    related_majors: dict[str, list[str]]

    def check(self, rule: Rule) -> tuple[str, str]:
        handler = getattr(self, f"_{rule.kind.value}")
        return handler(rule)

    # -- each kind

    def _education(self, rule: Rule) -> tuple[str, str]:
        a, p = self.applicant, rule.params
        level = education_level(a.education)
        if level is None:
            return NEEDS_REVIEW, f"学历“{a.education or '未填写'}”无法识别，请人工核对"
        wanted = EDUCATION_LEVELS[p["min_level"]]
        equivalent = p.get("equivalent", False)
        if level < p["min_level"]:
            if equivalent:
                return NEEDS_REVIEW, f"学历{a.education}低于{wanted}；岗位接受同等学历，需人工认定"
            return NOT_MET, f"学历{a.education}低于要求的{wanted}"
        if p.get("full_time"):
            if not a.study_mode:
                return NEEDS_REVIEW, f"学历{a.education}，未填写学习形式，无法确认是否全日制"
            if any(word in a.study_mode for word in PART_TIME_WORDS):
                if equivalent:
                    return NEEDS_REVIEW, f"学历{a.education}为{a.study_mode}；岗位要求全日制但接受同等学历，需人工认定"
                return NOT_MET, f"学历{a.education}为{a.study_mode}，岗位要求全日制"
        majors = p.get("majors") or []
        if majors:
            return self._major(a, majors, level, wanted)
        mode = f"（{a.study_mode}）" if a.study_mode else ""
        return MET, f"学历{a.education}{mode}，达到{wanted}及以上"

    def _major(self, a: Applicant, majors: list[str], level: int, wanted: str) -> tuple[str, str]:
        if not a.major:
            return NEEDS_REVIEW, f"学历{a.education}达到{wanted}，未填写专业，要求{'、'.join(majors)}"
        if any(m in a.major or a.major in m for m in majors):
            return MET, f"学历{a.education}，专业{a.major}符合要求"
        related = [r for m in majors for r in self.related_majors.get(m, [])]
        if any(r in a.major or a.major in r for r in related):
            return MET, f"学历{a.education}，专业{a.major}属于{'、'.join(majors)}的相关专业"
        return NOT_MET, f"专业{a.major}不是要求的{'、'.join(majors)}（或相关专业）"

    def _degree(self, rule: Rule) -> tuple[str, str]:
        level = degree_level(self.applicant.degree)
        wanted = DEGREE_LEVELS[rule.params["min_level"]]
        if level is None:
            return NOT_MET, f"无学位信息，要求{wanted}及以上学位"
        if level < rule.params["min_level"]:
            return NOT_MET, f"学位{self.applicant.degree}低于要求的{wanted}"
        return MET, f"学位{self.applicant.degree}"

    def _age(self, rule: Rule) -> tuple[str, str]:
        a, p = self.applicant, rule.params
        if p.get("gender") and a.gender and a.gender != p["gender"]:
            return MET, f"该年龄条件仅适用于{p['gender']}性"
        if a.birth_date is None:
            return NEEDS_REVIEW, "未填写出生日期"
        if p.get("gender") and not a.gender:
            return NEEDS_REVIEW, "未填写性别，无法确定适用的年龄条件"
        age = age_on(a.birth_date, self.cutoff)
        basis = f"{a.birth_date.isoformat()} 出生，截止日 {self.cutoff.isoformat()} 时 {age} 周岁"
        if "max" in p:
            return (MET, f"{basis}，不超过 {p['max']} 周岁") if age <= p["max"] else (
                NOT_MET, f"{basis}，超过 {p['max']} 周岁")
        return (MET, f"{basis}，不小于 {p['min']} 周岁") if age >= p["min"] else (
            NOT_MET, f"{basis}，不满 {p['min']} 周岁")

    def _retirement(self, rule: Rule) -> tuple[str, str]:
        a = self.applicant
        if a.birth_date is None or a.gender not in ("男", "女"):
            return NEEDS_REVIEW, "缺少出生日期或性别，无法计算法定退休年龄"
        scheme = scheme_for(a.gender, self.worker_post, a.retirement_scheme)
        years, months = retirement_age(a.birth_date, scheme)
        day = retirement_date(a.birth_date, scheme)
        age_text = f"{years} 岁" + (f" {months} 个月" if months else "")
        if day > self.cutoff:
            return MET, f"法定退休年龄 {age_text}，{day.isoformat()} 达到，晚于截止日 {self.cutoff.isoformat()}"
        return NOT_MET, f"法定退休年龄 {age_text}，已于 {day.isoformat()} 达到（截止日 {self.cutoff.isoformat()}）"

    def _title(self, rule: Rule) -> tuple[str, str]:
        p = rule.params
        series, level = title_level(self.applicant.title)
        wanted = p.get("title") or title_label(p["min_level"])
        if level is None:
            return NOT_MET, f"无职称信息，要求{wanted}"
        if level < p["min_level"]:
            return NOT_MET, f"职称{self.applicant.title}（{title_label(level)}）低于要求的{wanted}"
        if p.get("series") and series != p["series"]:
            return NEEDS_REVIEW, f"职称{self.applicant.title}（{title_label(level)}）与要求的{wanted}不属同一系列，需人工认定"
        return MET, f"职称{self.applicant.title}（{title_label(level)}），达到{wanted}"

    def _certificate(self, rule: Rule) -> tuple[str, str]:
        name = rule.params["name"]
        held = [c for c in self.applicant.certificates if _same_certificate(c, name)]
        if held:
            return MET, f"持有{held[0]}"
        if rule.obsolete:
            return NEEDS_REVIEW, f"{rule.params['why_obsolete']}；申请人未持有，请人事确认是否删除此条件"
        return NOT_MET, f"未持有{name}"

    def _experience(self, rule: Rule) -> tuple[str, str]:
        years = self.applicant.years_experience
        wanted = rule.params["min_years"]
        if years is None:
            return NEEDS_REVIEW, f"未填写工作年限，要求 {wanted} 年以上"
        if years >= wanted:
            return MET, f"工作年限 {years} 年，不少于 {wanted} 年"
        return NOT_MET, f"工作年限 {years} 年，少于 {wanted} 年"

    def _political(self, rule: Rule) -> tuple[str, str]:
        status = self.applicant.political_status or ""
        if "预备" in status:
            return NEEDS_REVIEW, f"政治面貌为{status}，是否符合“{rule.params['status']}”需人工认定"
        if "党员" in status:
            return MET, f"政治面貌：{status}"
        return NOT_MET, f"政治面貌：{status or '未填写'}，要求中共党员"

    def _bianzhi(self, rule: Rule) -> tuple[str, str]:
        if self.applicant.bianzhi is None:
            return NEEDS_REVIEW, "未填写是否在编，需人工核对"
        return (MET, "在编人员") if self.applicant.bianzhi else (NOT_MET, "非在编人员")

    def _preference(self, rule: Rule) -> tuple[str, str]:
        inner = [Rule.from_dict(r) for r in rule.params.get("inner", [])]
        if not inner:
            return INTERVIEW, "优先条件，由评审时比较，不影响资格"
        results = [self.check(r)[0] for r in inner]
        if all(r == MET for r in results):
            return MET, "符合优先条件（不影响资格，用于排序）"
        return NOT_MET, "不符合优先条件（不影响资格）"

    def _soft(self, rule: Rule) -> tuple[str, str]:
        return INTERVIEW, "能力素质要求，在笔试/面试或考察中评价，不作资格条件"

    def _manual(self, rule: Rule) -> tuple[str, str]:
        return NEEDS_REVIEW, "无法自动判断，请人工审核"


def _same_certificate(held: str, wanted: str) -> bool:
    normal = re.sub(r"(证书|资格证|证)$", "", wanted)
    return normal in held or held in wanted
