"""Parse requirement items (任职条件) into typed rules, each keeping its source sentence.

Unknown sentences become manual-check rules (never dropped); soft qualities (责任心, 协调能力 …)
become interview items that never decide eligibility; '…优先' ranks and never disqualifies."""

from __future__ import annotations

import enum
import re
from dataclasses import asdict, dataclass, field

from hrflow.rules.levels import (
    EDUCATION_LEVELS,
    degree_level,
    education_level,
    number,
    title_label,
    title_level,
)


class RuleKind(enum.StrEnum):
    EDUCATION = "education"
    DEGREE = "degree"
    AGE = "age"
    RETIREMENT = "retirement"
    TITLE = "title"
    CERTIFICATE = "certificate"
    EXPERIENCE = "experience"
    POLITICAL = "political"
    BIANZHI = "bianzhi"  # 在编
    PREFERENCE = "preference"
    SOFT = "soft"
    MANUAL = "manual"

    @property
    def label(self) -> str:
        return {
            "education": "学历", "degree": "学位", "age": "年龄", "retirement": "法定退休年龄", "title": "职称",
            "certificate": "证书", "experience": "工作经历", "political": "政治面貌", "bianzhi": "编制",
            "preference": "优先条件", "soft": "考察项", "manual": "人工审核",
        }[self.value]


@dataclass
class Rule:
    kind: RuleKind
    text: str  # the source sentence, shown next to every verdict
    params: dict = field(default_factory=dict)
    required: bool = True  # False: ranks or informs, never disqualifies
    obsolete: bool = False

    def to_dict(self) -> dict:
        data = asdict(self)
        data["kind"] = self.kind.value
        return data

    @classmethod
    def from_dict(cls, data: dict) -> Rule:
        return cls(kind=RuleKind(data["kind"]), text=data["text"], params=dict(data.get("params") or {}),
                   required=bool(data.get("required", True)), obsolete=bool(data.get("obsolete", False)))

    def describe(self) -> str:
        """A short statement of what the rule checks, for HR."""
        p = self.params
        if self.kind == RuleKind.EDUCATION:
            parts = [f"{EDUCATION_LEVELS[p['min_level']]}及以上学历"]
            if p.get("full_time"):
                parts.insert(0, "全日制")
            if p.get("majors"):
                parts.append(f"专业：{'、'.join(p['majors'])}")
            if p.get("equivalent"):
                parts.append("可接受同等学历（需人工认定）")
            return "，".join(parts)
        if self.kind == RuleKind.AGE:
            who = {"男": "男性", "女": "女性"}.get(p.get("gender") or "", "")
            bound = f"不超过 {p['max']} 周岁" if "max" in p else f"不小于 {p['min']} 周岁"
            return f"{who}{bound}（以截止日计）"
        return self.kind.label


_CLAUSE_SPLIT = re.compile(r"[。；;！!？?\n]|[，,](?![^（(]*[）)])")
_SOFT_WORDS = (
    "能力", "责任心", "责任感", "事业心", "熟悉", "精通", "了解", "熟练", "掌握", "品行", "职业道德", "遵守", "意识",
    "吃苦", "认真", "积极", "主动", "协调", "沟通", "团队", "敬业", "身体健康", "作风", "服务意识", "有一定研究",
    "知识", "素质", "踏实", "热爱", "爱岗", "奉献", "完成岗位职责", "操作计算机", "办公软件", "处理", "公道", "担责",
    "得失", "勇于", "精神", "品德", "廉洁", "耐心", "细致",
)
_MAJOR_NOISE = re.compile(r"^(具有|具备|须|需|应|要求|取得|全日制|国民教育|普通高校|学历为|及|或)+")
_AGE = re.compile(
    r"(?:(?P<gender>男|女)(?:性)?[^0-9一二三四五六七八九十]{0,6}?)?"
    r"(?P<bound>不超过|不满|未满|不低于|满)?\s*(?P<n>\d+|[一二三四五六七八九十]+)\s*周?岁\s*(?P<dir>及以下|以下|以内|及以上|以上)?"
)
_EXPERIENCE = re.compile(r"(?P<n>\d+|[一二三四五六七八九十两]+)\s*年(?:及)?(?:以上)?[^，。；]{0,12}?(?:工作经[验历]|工作年限|从业经[验历]|经[验历])")
_DEGREE = re.compile(r"(学士|硕士|博士)(?:及|或)?(?:以上)?学位")
_TITLE = re.compile(
    r"(?P<title>(?:正高级|副高级|副高|正高|中级|初级|助理级|员级|高级)?[\u4e00-\u9fff]{0,6}?"
    r"(?:研究馆员|馆员|管理员|会计师|会计员|工程师|技术员|研究员|职称))(?P<suffix>资格|职称|及以上|以上)?"
)
_CERTIFICATE = re.compile(r"(?:具有|具备|持有|取得|持)?(?P<name>[\u4e00-\u9fffA-Za-z0-9]{2,20}?(?:证书|资格证(?!书)|上岗证|执业证))")
OBSOLETE_CERTIFICATES = {"会计从业资格证书": "会计从业资格证书已于 2017-11-05 取消，不应作为资格条件"}


def parse_requirements(items: list[str]) -> list[Rule]:
    rules: list[Rule] = []
    for item in items:
        for clause in _clauses(item):
            rules.extend(_parse_clause(clause, rules))
    return rules


def _clauses(item: str) -> list[str]:
    return [c.strip(" 　、") for c in _CLAUSE_SPLIT.split(item) if c and c.strip(" 　、")]


def _parse_clause(clause: str, earlier: list[Rule]) -> list[Rule]:
    if re.fullmatch(r"或(?:具有)?同等学[历力]", clause):
        education = next((r for r in reversed(earlier) if r.kind == RuleKind.EDUCATION), None)
        if education is not None:
            education.params["equivalent"] = True
            education.text += f"，{clause}"
            return []
    if "优先" in clause:
        inner = _typed_rules(clause.replace("优先", ""))
        params = {"inner": [r.to_dict() for r in inner if r.kind not in (RuleKind.SOFT, RuleKind.MANUAL)]}
        return [Rule(RuleKind.PREFERENCE, clause, params, required=False)]
    rules = _typed_rules(clause)
    return rules


def _typed_rules(clause: str) -> list[Rule]:
    rules: list[Rule] = []
    rules.extend(_age_rules(clause))
    if "退休年龄" in clause:
        rules.append(Rule(RuleKind.RETIREMENT, clause))
    education = _education_rule(clause)
    if education:
        rules.append(education)
    degree = _DEGREE.search(clause)
    if degree:
        rules.append(Rule(RuleKind.DEGREE, clause, {"min_level": degree_level(degree.group(1))}))
    title = _title_rule(clause)
    if title:
        rules.append(title)
    certificate = _certificate_rule(clause)
    if certificate:
        rules.append(certificate)
    experience = _EXPERIENCE.search(clause)
    if experience and number(experience.group("n")):
        rules.append(Rule(RuleKind.EXPERIENCE, clause, {"min_years": number(experience.group("n"))}))
    if re.search(r"中共(?:正式)?党员|共产党员", clause):
        rules.append(Rule(RuleKind.POLITICAL, clause, {"status": "中共党员"}))
    if "在编" in clause or "编制内" in clause:
        rules.append(Rule(RuleKind.BIANZHI, clause))
    if rules:
        return rules
    if any(word in clause for word in _SOFT_WORDS):
        return [Rule(RuleKind.SOFT, clause, required=False)]
    return [Rule(RuleKind.MANUAL, clause)]


def _age_rules(clause: str) -> list[Rule]:
    if "周岁" not in clause and not re.search(r"\d+\s*岁", clause):
        return []
    rules = []
    for match in _AGE.finditer(clause):
        n = number(match.group("n"))
        if n is None:
            continue
        bound, direction = match.group("bound") or "", match.group("dir") or ""
        params: dict = {"gender": match.group("gender")}
        if bound in ("不超过",) or direction in ("以下", "及以下", "以内"):
            params["max"] = n
        elif bound in ("不满", "未满"):
            params["max"] = n - 1
        elif bound in ("不低于", "满") or direction in ("以上", "及以上"):
            params["min"] = n
        else:
            continue
        rules.append(Rule(RuleKind.AGE, clause, params))
    return rules


def _education_rule(clause: str) -> Rule | None:
    level_match = re.search(r"博士研究生|硕士研究生|研究生|博士|硕士|大学本科|本科|大本|大学专科|大专|专科|高中|中专", clause)
    if not level_match or re.match(r"(?:及|或)?(?:以上)?学位", clause[level_match.end():]):
        return None
    if not re.search(r"学历|以上|及以上|毕业|文化程度", clause):
        return None
    params: dict = {"min_level": education_level(level_match.group(0))}
    if "全日制" in clause and "非全日制" not in clause:
        params["full_time"] = True
    if re.search(r"同等学[历力]", clause):
        params["equivalent"] = True
    majors = _majors(clause[: level_match.start()], clause)
    if majors:
        params["majors"] = majors
    return Rule(RuleKind.EDUCATION, clause, params)


def _majors(before_level: str, clause: str) -> list[str]:
    explicit = re.search(r"([\u4e00-\u9fff、及和与或]+?)(?:等)?(?:相关)?专业", clause)
    text = explicit.group(1) if explicit else before_level
    text = _MAJOR_NOISE.sub("", text.replace("全日制", "")).strip()
    text = re.sub(r"(大学|学历|以上|及)$", "", text)
    if not text or len(text) < 2:
        return []
    return [m for m in re.split(r"[、或和与及/]", text) if len(m) >= 2]


def _title_rule(clause: str) -> Rule | None:
    match = _TITLE.search(clause)
    if not match:
        return None
    title = match.group("title")
    series, level = title_level(title)
    if level is None:
        return None
    name = re.sub(r"(?:及)?以上|职称|资格", "", title) or title_label(level)
    if series is None:
        name = f"{title_label(level)}职称"
    return Rule(RuleKind.TITLE, clause, {"series": series, "min_level": level, "title": name})


def _certificate_rule(clause: str) -> Rule | None:
    match = _CERTIFICATE.search(clause)
    if not match:
        return None
    name = re.sub(r"^(具有|具备|持有|取得|持)", "", match.group("name"))
    if name in OBSOLETE_CERTIFICATES:
        return Rule(RuleKind.CERTIFICATE, clause, {"name": name, "why_obsolete": OBSOLETE_CERTIFICATES[name]},
                    obsolete=True)
    return Rule(RuleKind.CERTIFICATE, clause, {"name": name})
