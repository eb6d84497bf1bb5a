"""Evaluate one applicant against a post's rules as of a round's cut-off date.

Every verdict says what was compared. Missing applicant data gives 'needs review', never 'not met';
a field saying the applicant has none ('无') gives 'not met'."""

from __future__ import annotations

import calendar
import re
import unicodedata
from dataclasses import dataclass, field
from datetime import date
from functools import lru_cache

from hrflow.rules.certificates import (
    DRIVING_LICENCE,
    Match,
    driving_classes,
    is_driving_licence,
    match_certificate,
    permits,
)
from hrflow.rules.levels import (
    DEGREE_LEVELS,
    EDUCATION_LEVELS,
    SKILL_LEVELS,
    degree_level,
    education_level,
    held_titles,
    skill_levels,
    title_label,
)
from hrflow.rules.majors import RELATED_MAJORS, MajorMatch, match_major
from hrflow.rules.retirement import age_on, retirement_age, retirement_date, scheme_for
from hrflow.rules.rule import Rule, RuleKind

MET, NOT_MET, NEEDS_REVIEW, INTERVIEW = "met", "not_met", "needs_review", "interview"
ELIGIBLE, NOT_ELIGIBLE = "eligible", "not_eligible"
PART_TIME_WORDS = ("非全日制", "自考", "自学考试", "函授", "成人", "网络", "远程", "业余", "夜大", "电大", "开放大学", "在职",
                   "广播电视大学", "高等教育自学")
FULL_TIME_WORDS = ("全日制", "统招", "普通高校", "普通高等", "脱产")
# An education that is not an ordinary diploma of that level: HR checks it against the 同等学历 clause.
NONSTANDARD_EDUCATION_WORDS = ("党校", "同等学力", "同等学历", "肄业", "结业", "在读", "军队院校", "进修")
NONE_WORDS = ("无", "没有", "暂无", "未取得", "无职称", "无学位", "否")
# A retirement date this close after the cut-off falls inside the round (announcement → appointment).
RETIREMENT_WATCH_MONTHS = 6


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
    years_experience: float | None = None
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
    context = _Context(_clean(applicant), cutoff, worker_post,
                       RELATED_MAJORS if related_majors is None else related_majors)
    return [Verdict(rule, *context.check(rule)) for rule in rules]


def overall_status(verdicts: list[Verdict], decisions: dict[int, str] | None = None) -> str:
    """eligible when no required rule is not met and every needs-review was decided by HR.

    An obsolete rule (会计从业资格证书) is shown but never decides."""
    decisions = decisions or {}
    statuses = [decisions.get(i, v.status) for i, v in enumerate(verdicts) if v.rule.required and not v.rule.obsolete]
    if NOT_MET in statuses:
        return NOT_ELIGIBLE
    if NEEDS_REVIEW in statuses:
        return NEEDS_REVIEW
    return ELIGIBLE


def _clean(applicant: Applicant) -> Applicant:
    """Applicant text as written on forms: full-width characters and stray spaces do not matter."""
    years = applicant.years_experience
    if isinstance(years, str):
        try:
            years = float(years)
        except ValueError:
            years = None
    if isinstance(years, bool) or not isinstance(years, (int, float)) or not 0 <= years <= 80:
        years = None
    return Applicant(
        name=applicant.name, gender=_GENDERS.get(_text(applicant.gender), _text(applicant.gender)),
        birth_date=applicant.birth_date,
        education=_text(applicant.education), degree=_text(applicant.degree), major=_text(applicant.major),
        study_mode=_text(applicant.study_mode), title=_text(applicant.title),
        certificates=[c for c in (_text(c) for c in applicant.certificates or []) if c],
        years_experience=years, political_status=_text(applicant.political_status), bianzhi=applicant.bianzhi,
        retirement_scheme=applicant.retirement_scheme,
    )


_GENDERS = {"男性": "男", "女性": "女", "M": "男", "F": "女"}


def _text(value) -> str | None:
    if value is None:
        return None
    return _normal(value if isinstance(value, str) else str(value))


@lru_cache(maxsize=8192)
def _normal(value: str) -> str | None:
    # The same few values (本科, 全日制, 馆员 …) recur on thousands of applications.
    return re.sub(r"\s+", "", unicodedata.normalize("NFKC", value)) or None


def _is_none(value: str | None) -> bool:
    return value is not None and value in NONE_WORDS


def _years(value: float) -> str:
    return f"{value:g}"


def _grade(title) -> str:
    if title.low == title.high:
        return title_label(title.low)
    return f"{title_label(title.low)}或{title_label(title.high)}"


def _gender_word(gender: str | None) -> str:
    return {"男": "男性", "女": "女性"}.get(gender or "", gender or "")


@dataclass
class _Context:
    applicant: Applicant
    cutoff: date
    worker_post: bool
    related_majors: dict[str, list[str]]

    def check(self, rule: Rule) -> tuple[str, str]:
        handler = _HANDLERS[rule.kind]
        try:
            status, evidence = handler(self, rule)
        except (KeyError, TypeError, ValueError, OverflowError, AttributeError) as error:
            # Rules corrected by hand may lack a parameter: show it instead of failing the whole review.
            return NEEDS_REVIEW, f"规则参数不完整或有误（{type(error).__name__}），请人工审核"
        exception = rule.params.get("exception")
        if status == NOT_MET and exception:
            return NEEDS_REVIEW, f"{evidence}；岗位另有放宽规定“{exception}”，需人工认定是否适用"
        if status == NOT_MET and rule.params.get("either"):
            return NEEDS_REVIEW, f"{evidence}；本条“{rule.text}”为择一条件，需结合其他选项人工认定"
        return status, evidence

    # -- education, degree, major

    def _education(self, rule: Rule) -> tuple[str, str]:
        a, p = self.applicant, rule.params
        wanted_level = int(p["min_level"])
        wanted = EDUCATION_LEVELS[wanted_level]
        equivalent = p.get("equivalent", False)
        level = education_level(a.education)
        if level is None:
            return NEEDS_REVIEW, f"学历“{a.education or '未填写'}”无法识别，要求{wanted}及以上，请人工核对"
        written = f"学历{a.education}" + (f"（{a.study_mode}）" if a.study_mode else "")
        if any(word in a.education for word in NONSTANDARD_EDUCATION_WORDS):
            note = "岗位接受同等学历，" if equivalent else ""
            return NEEDS_REVIEW, f"{written}，不是普通的{EDUCATION_LEVELS[level]}学历证书；{note}需人工认定是否达到{wanted}"
        if level < wanted_level:
            if equivalent and level == wanted_level - 1:
                return NEEDS_REVIEW, f"{written}，低于要求的{wanted}；岗位接受同等学历，需人工认定"
            return NOT_MET, f"{written}，低于要求的{wanted}" + ("（同等学历也须与该层次相当）" if equivalent else "")
        if p.get("full_time"):
            verdict = self._full_time(level, wanted_level, wanted, written, equivalent)
            if verdict is not None:
                return verdict
        if p.get("first"):
            return NEEDS_REVIEW, f"{written}达到{wanted}；岗位要求第一学历为{wanted}，报名信息只有最高学历，需核对第一学历"
        if p.get("majors") or p.get("open"):
            return self._major_verdict(p.get("majors") or [], bool(p.get("open")), prefix=f"{written}达到{wanted}，")
        return MET, f"{written}，达到{wanted}及以上"

    def _full_time(self, level: int, wanted_level: int, wanted: str, written: str,
                   equivalent: bool) -> tuple[str, str] | None:
        mode = f"{self.applicant.study_mode or ''}{self.applicant.education or ''}"
        part_time = any(word in mode for word in PART_TIME_WORDS)
        full_time = any(word in mode.replace("非全日制", "") for word in FULL_TIME_WORDS)
        if full_time and part_time:
            return NEEDS_REVIEW, f"{written}，学习形式前后矛盾（全日制与非全日制），请核对学历证书"
        if full_time:
            return None
        if not part_time:
            return NEEDS_REVIEW, f"{written}，未写明是否全日制，岗位要求全日制{wanted}及以上，请核对"
        if level > wanted_level:
            return NEEDS_REVIEW, (f"{written}为非全日制；岗位要求全日制{wanted}及以上，"
                                  f"需核对其{wanted}阶段是否为全日制")
        if equivalent:
            return NEEDS_REVIEW, f"{written}为非全日制；岗位要求全日制但接受同等学历，需人工认定"
        return NOT_MET, f"{written}为非全日制，岗位要求全日制{wanted}及以上"

    def _major(self, rule: Rule) -> tuple[str, str]:
        return self._major_verdict(rule.params.get("majors") or [], bool(rule.params.get("open")), prefix="")

    def _major_verdict(self, majors: list[str], open_list: bool, prefix: str) -> tuple[str, str]:
        a = self.applicant
        wanted = "、".join(majors) + ("等相关专业" if open_list and majors else "") or "岗位相关专业"
        if not a.major:
            return NEEDS_REVIEW, f"{prefix}未填写专业，要求{wanted}"
        results = [(m, match_major(a.major, m, self.related_majors)) for m in majors]
        same = next((m for m, r in results if r == MajorMatch.SAME), None)
        if same:
            return MET, f"{prefix}专业{a.major}符合要求的{same}"
        related = next((m for m, r in results if r == MajorMatch.RELATED), None)
        if related:
            return MET, f"{prefix}专业{a.major}属于{related}的相关专业（本单位相关专业目录）"
        uncertain = next((m for m, r in results if r == MajorMatch.UNCERTAIN), None)
        if uncertain:
            return NEEDS_REVIEW, f"{prefix}专业{a.major}，是否属于{uncertain}需人工认定"
        if open_list:
            return NEEDS_REVIEW, f"{prefix}专业{a.major}不在列出的专业中，是否属于{wanted}需人工认定"
        return NOT_MET, f"{prefix}专业{a.major}不是要求的{wanted}（也不在相关专业目录中）"

    def _degree(self, rule: Rule) -> tuple[str, str]:
        degree = self.applicant.degree
        wanted = DEGREE_LEVELS[int(rule.params["min_level"])]
        if not degree:
            return NEEDS_REVIEW, f"未填写学位，要求{wanted}及以上学位"
        if _is_none(degree):
            return NOT_MET, f"无学位，要求{wanted}及以上学位"
        level = degree_level(degree)
        if level is None:
            return NEEDS_REVIEW, f"学位“{degree}”无法识别，要求{wanted}及以上学位"
        if level < rule.params["min_level"]:
            return NOT_MET, f"学位{degree}，低于要求的{wanted}学位"
        return MET, f"学位{degree}，达到{wanted}及以上学位"

    # -- age and retirement

    def _age(self, rule: Rule) -> tuple[str, str]:
        a, p = self.applicant, rule.params
        only = p.get("gender")
        if only and a.gender in ("男", "女") and a.gender != only:
            return MET, f"该年龄条件仅适用于{_gender_word(only)}，申请人为{_gender_word(a.gender)}"
        if a.birth_date is None:
            return NEEDS_REVIEW, "未填写出生日期，无法核对年龄"
        if only and a.gender not in ("男", "女"):
            return NEEDS_REVIEW, f"未填写性别，无法确定是否适用{_gender_word(only)}的年龄条件"
        if a.birth_date > self.cutoff:
            return NEEDS_REVIEW, f"出生日期 {a.birth_date.isoformat()} 晚于截止日 {self.cutoff.isoformat()}，请核对"
        who = f"{_gender_word(only)}，" if only else ""
        if p.get("born_from") or p.get("born_until"):
            return self._born_between(rule, who)
        age = age_on(a.birth_date, self.cutoff)
        basis = f"{who}出生 {a.birth_date.isoformat()}，截至 {self.cutoff.isoformat()} 为 {age} 周岁"
        if "max" in p:
            limit = int(p["max"])
            if age <= limit:
                return MET, f"{basis}，未超过 {limit} 周岁上限"
            return self._relaxed(rule, f"{basis}，超过 {limit} 周岁上限")
        limit = int(p["min"])
        if age >= limit:
            return MET, f"{basis}，已满 {limit} 周岁"
        return NOT_MET, f"{basis}，不满 {limit} 周岁"

    def _born_between(self, rule: Rule, who: str) -> tuple[str, str]:
        p, birth = rule.params, self.applicant.birth_date
        start = date.fromisoformat(p["born_from"]) if p.get("born_from") else None
        end = date.fromisoformat(p["born_until"]) if p.get("born_until") else None
        basis = f"{who}出生 {birth.isoformat()}"
        if end and birth > end:
            return NOT_MET, f"{basis}，晚于要求的 {end.isoformat()}（须 {end.isoformat()} 及以前出生）"
        if start and birth < start:
            over = f"{basis}，早于要求的 {start.isoformat()}（须 {start.isoformat()} 及以后出生）"
            return self._relaxed(rule, over)
        span = "至".join(d.isoformat() for d in (start, end) if d)
        return MET, f"{basis}，在要求的出生日期范围（{span}{'' if end else ' 及以后'}）内"

    def _relaxed(self, rule: Rule, over: str) -> tuple[str, str]:
        """Over the age limit: does the post's relaxation ('硕士可放宽到40周岁') apply?"""
        p, birth = rule.params, self.applicant.birth_date
        if "relaxed_when" not in p:
            return NOT_MET, over
        when = p["relaxed_when"]
        if p.get("relaxed_born_from"):
            relaxed = f"{p['relaxed_born_from']} 及以后出生"
            within: bool | None = birth >= date.fromisoformat(p["relaxed_born_from"])
        elif p.get("relaxed_max") is not None:
            relaxed = f"{p['relaxed_max']} 周岁"
            within = age_on(birth, self.cutoff) <= int(p["relaxed_max"])
        else:
            within = None
        if within is False:
            return NOT_MET, f"{over}，也超出“{when}”可放宽到的 {relaxed}"
        if within is None or not rule.inner_rules:
            return NEEDS_REVIEW, f"{over}；岗位规定“{when}”可放宽，需人工认定是否适用"
        status, reasons = self._all_of(rule.inner_rules)
        return status, {
            MET: f"{over}，但符合“{when}”（{reasons}），可放宽到 {relaxed}",
            NOT_MET: f"{over}；可放宽到 {relaxed}，但须“{when}”，不符合（{reasons}）",
            NEEDS_REVIEW: f"{over}；可放宽到 {relaxed}，但须“{when}”，需人工核对（{reasons}）",
        }[status]

    def _all_of(self, rules: list[Rule]) -> tuple[str, str]:
        """Inner rules taken together: met when every one is met, not met when one is not, else needs review;
        with their evidence joined."""
        checks = [self.check(r) for r in rules]
        reasons = "；".join(evidence for _, evidence in checks)
        if all(status == MET for status, _ in checks):
            return MET, reasons
        if any(status == NOT_MET for status, _ in checks):
            return NOT_MET, reasons
        return NEEDS_REVIEW, reasons

    def _retirement(self, rule: Rule) -> tuple[str, str]:
        a = self.applicant
        if a.birth_date is None or a.gender not in ("男", "女"):
            return NEEDS_REVIEW, "缺少出生日期或性别，无法计算法定退休年龄"
        if a.birth_date > self.cutoff:
            return NEEDS_REVIEW, f"出生日期 {a.birth_date.isoformat()} 晚于截止日 {self.cutoff.isoformat()}，请核对"
        scheme = scheme_for(a.gender, self.worker_post, a.retirement_scheme)
        try:
            years, months = retirement_age(a.birth_date, scheme)
            day = retirement_date(a.birth_date, scheme)
        except (ValueError, OverflowError):
            return NEEDS_REVIEW, f"出生日期 {a.birth_date.isoformat()} 异常，无法计算法定退休年龄"
        base = {60: "男职工", 55: "女职工（管理、专业技术岗位）", 50: "女职工（工勤岗位）"}[scheme.base_years]
        basis = (f"{base}，出生 {a.birth_date.isoformat()}，法定退休年龄 {years} 岁" + (f" {months} 个月" if months else "")
                 + f"，于 {day.isoformat()} 达到")
        if day <= self.cutoff:
            return NOT_MET, f"{basis}，截止日 {self.cutoff.isoformat()} 时已达到"
        left = rule.params.get("min_years_left")
        if left:
            needed = _add_months(self.cutoff, round(float(left) * 12))
            if day < needed:
                return NOT_MET, f"{basis}，距截止日 {self.cutoff.isoformat()} 不足 {_years(float(left))} 年"
            return MET, f"{basis}，距截止日 {self.cutoff.isoformat()} 不少于 {_years(float(left))} 年"
        watch = _add_months(self.cutoff, RETIREMENT_WATCH_MONTHS)
        if day <= watch:
            return NEEDS_REVIEW, (f"{basis}，截止日 {self.cutoff.isoformat()} 时尚未达到，但在截止日后 "
                                  f"{RETIREMENT_WATCH_MONTHS} 个月内，招聘期间即将退休，需人工确认")
        return MET, f"{basis}，晚于截止日 {self.cutoff.isoformat()}"

    # -- titles, skills, certificates

    def _title(self, rule: Rule) -> tuple[str, str]:
        p, text = rule.params, self.applicant.title
        wanted_level = int(p["min_level"])
        wanted = p.get("title") or title_label(wanted_level)
        if not text:
            return NEEDS_REVIEW, f"未填写职称，要求{wanted}及以上"
        if _is_none(text):
            return NOT_MET, f"无职称，要求{wanted}及以上"
        titles = held_titles(text)
        if not titles:
            return NEEDS_REVIEW, f"职称“{text}”无法识别，要求{wanted}及以上，请人工核对"
        series = p.get("series")
        same = [t for t in titles if not series or series in t.series]
        other = [t for t in titles if t not in same]
        best = max(same, key=lambda t: t.low, default=None)
        if best is not None and best.low >= wanted_level:
            grade = title_label(best.low)
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
        return NOT_MET, f"职称{top.name}（{_grade(top)}），低于要求的{wanted}"

    def _skill(self, rule: Rule) -> tuple[str, str]:
        a, p = self.applicant, rule.params
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

    def _certificate(self, rule: Rule) -> tuple[str, str]:
        name = rule.params["name"]
        held = self.applicant.certificates
        if name == DRIVING_LICENCE:
            return self._driving(rule.params.get("class"))
        same = next((c for c in held if match_certificate(c, name) == Match.SAME), None)
        if same:
            return MET, f"持有{same}"
        if rule.obsolete:
            return NEEDS_REVIEW, f"{rule.params.get('why_obsolete') or name + '已取消'}；申请人未持有，不影响资格，请人事确认删除此条件"
        related = next((c for c in held if match_certificate(c, name) == Match.RELATED), None)
        if related:
            return NEEDS_REVIEW, f"持有{related}，与要求的{name}级别不同，需人工认定"
        if not held:
            return NEEDS_REVIEW, f"未填写任何证书，要求{name}，请核对"
        return NOT_MET, f"所列证书（{'、'.join(held)}）中没有{name}"

    def _driving(self, wanted_class: str | None) -> tuple[str, str]:
        licences = [c for c in self.applicant.certificates if is_driving_licence(c) or driving_classes(c)]
        wanted = f"{wanted_class}及以上驾驶证" if wanted_class else "机动车驾驶证"
        if not licences:
            if not self.applicant.certificates:
                return NEEDS_REVIEW, f"未填写任何证书，要求{wanted}，请核对"
            return NOT_MET, f"所列证书（{'、'.join(self.applicant.certificates)}）中没有驾驶证，要求{wanted}"
        if not wanted_class:
            return MET, f"持有{licences[0]}"
        classes = {c for licence in licences for c in driving_classes(licence)}
        if not classes:
            return NEEDS_REVIEW, f"持有{licences[0]}，未写明准驾车型，要求{wanted}"
        if any(permits(c, wanted_class) for c in classes):
            return MET, f"持有{'、'.join(sorted(classes))}驾驶证，准驾车型包含{wanted_class}"
        return NOT_MET, f"持有{'、'.join(sorted(classes))}驾驶证，准驾车型不含{wanted_class}"

    # -- experience, political status, 编制, gender

    def _experience(self, rule: Rule) -> tuple[str, str]:
        years = self.applicant.years_experience
        wanted = float(rule.params["min_years"])
        kind = rule.params.get("field") or ""
        wanted_text = f" {_years(wanted)} 年以上{kind}工作经历"
        if years is None:
            return NEEDS_REVIEW, f"未填写工作年限，要求{wanted_text.strip()}"
        if years < wanted:
            return NOT_MET, f"工作年限 {_years(years)} 年，少于要求的{wanted_text}"
        if kind:
            return NEEDS_REVIEW, f"工作年限 {_years(years)} 年，不少于 {_years(wanted)} 年；其中{kind}工作经历需人工核对"
        return MET, f"工作年限 {_years(years)} 年，不少于 {_years(wanted)} 年"

    def _political(self, rule: Rule) -> tuple[str, str]:
        status = self.applicant.political_status
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

    def _bianzhi(self, rule: Rule) -> tuple[str, str]:
        if self.applicant.bianzhi is None:
            return NEEDS_REVIEW, "未填写是否在编，需人工核对"
        return (MET, "在编人员") if self.applicant.bianzhi else (NOT_MET, "非在编人员，岗位限在编人员")

    def _gender(self, rule: Rule) -> tuple[str, str]:
        wanted, gender = rule.params["gender"], self.applicant.gender
        if gender not in ("男", "女"):
            return NEEDS_REVIEW, f"未填写性别，岗位限{_gender_word(wanted)}"
        if gender == wanted:
            return MET, f"性别{gender}"
        return NOT_MET, f"性别{gender}，岗位限{_gender_word(wanted)}"

    # -- items that never decide eligibility on their own

    def _preference(self, rule: Rule) -> tuple[str, str]:
        inner = rule.inner_rules
        if not inner:
            return INTERVIEW, "优先条件，在评审和排序时比较，不影响资格"
        status, reasons = self._all_of(inner)
        return status, {
            MET: f"符合优先条件（{reasons}），用于排序，不影响资格",
            NOT_MET: f"不符合优先条件（{reasons}），不影响资格",
            NEEDS_REVIEW: f"能否享受优先需人工核对（{reasons}），不影响资格",
        }[status]

    def _soft(self, rule: Rule) -> tuple[str, str]:
        stage = rule.params.get("stage")
        if stage == "体检":
            return INTERVIEW, "在体检环节核实，不作资格审查条件"
        if stage == "考察":
            return INTERVIEW, "在考察（政审）环节核实，不作资格审查条件"
        return INTERVIEW, "能力素质要求，在笔试/面试或考察中评价，不作资格条件"

    def _no_limit(self, rule: Rule) -> tuple[str, str]:
        return MET, "岗位对此不作限制"

    def _manual(self, rule: Rule) -> tuple[str, str]:
        return NEEDS_REVIEW, rule.params.get("reason") or "无法自动判断，请对照报名材料人工审核"


_HANDLERS = {kind: getattr(_Context, f"_{kind.value}") for kind in RuleKind}


def _add_months(day: date, months: int) -> date:
    month_index = day.month - 1 + months
    year, month = day.year + month_index // 12, month_index % 12 + 1
    if year > date.max.year:
        return date.max
    return date(year, month, min(day.day, calendar.monthrange(year, month)[1]))
