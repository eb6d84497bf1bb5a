"""Parse requirement items (任职条件) into typed rules, each keeping its source sentence.

Unknown sentences become manual-check rules (never dropped); a sentence whose typed reading leaves
an unchecked condition behind (应届, 户籍, 满3年 …) gets a manual-check rule as well, so no condition is
lost and none is turned into a wrong hard rule. Soft qualities (责任心, 协调能力 …) become interview
items that never decide eligibility; '…优先' ranks and never disqualifies.

Text is read after NFKC normalisation (full-width digits, brackets and punctuation become ASCII),
while each rule keeps the sentence as it was written."""

from __future__ import annotations

import enum
import re
import unicodedata
from dataclasses import asdict, dataclass, field
from datetime import date, timedelta
from functools import cached_property

from hrflow.rules.certificates import (
    DRIVING_CLASS_PATTERN,
    DRIVING_LICENCE,
    OBSOLETE_CERTIFICATES,
    certificate_key,
)
from hrflow.rules.levels import (
    DEGREE_FOR_EDUCATION,
    DEGREE_LEVELS,
    EDUCATION_LEVELS,
    EDUCATION_PATTERN,
    GRADE_PATTERN,
    NUMBER_PATTERN,
    REQUIRED_GRADE,
    SKILL_BY_GRADE,
    SKILL_BY_NAME,
    SKILL_LEVELS,
    SKILL_PATTERN,
    TITLE_NAMES,
    TITLE_SERIES,
    amount,
    degree_level,
    education_level,
    number,
    series_in,
)


class RuleKind(enum.StrEnum):
    EDUCATION = "education"
    DEGREE = "degree"
    MAJOR = "major"
    AGE = "age"
    RETIREMENT = "retirement"
    TITLE = "title"
    SKILL = "skill"  # 职业资格 / 职业技能等级 (初级工 … 高级技师)
    CERTIFICATE = "certificate"
    EXPERIENCE = "experience"
    POLITICAL = "political"
    BIANZHI = "bianzhi"  # 在编
    GENDER = "gender"
    PREFERENCE = "preference"
    SOFT = "soft"
    NO_LIMIT = "no_limit"  # 专业不限, 学历不限 …
    MANUAL = "manual"

    @property
    def label(self) -> str:
        return {
            "education": "学历", "degree": "学位", "major": "专业", "age": "年龄", "retirement": "法定退休年龄",
            "title": "职称", "skill": "职业技能等级", "certificate": "证书", "experience": "工作经历",
            "political": "政治面貌", "bianzhi": "编制", "gender": "性别", "preference": "优先条件", "soft": "考察项",
            "no_limit": "不限", "manual": "人工审核",
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

    @cached_property
    def inner_rules(self) -> list[Rule]:
        """The rules inside a preference, or the condition of an age relaxation; read once per rule."""
        return [Rule.from_dict(r) for r in self.params.get("inner") or []]

    def describe(self) -> str:
        """A short statement of what the rule checks, for HR."""
        p = self.params
        text = self._describe()
        if p.get("exception"):
            text += f"；放宽：{p['exception']}（不符合时转人工认定）"
        if p.get("either"):
            text += "；择一条件（不符合时转人工认定）"
        return text

    def _describe(self) -> str:
        p = self.params
        if self.kind == RuleKind.EDUCATION:
            parts = [f"{EDUCATION_LEVELS[p['min_level']]}及以上学历"]
            if p.get("full_time"):
                parts[0] = "全日制" + parts[0]
            if p.get("first"):
                parts[0] = "第一学历" + parts[0]
            if p.get("majors") or p.get("open"):
                parts.append(_describe_majors(p))
            if p.get("equivalent"):
                parts.append("可接受同等学历（需人工认定）")
            return "，".join(parts)
        if self.kind == RuleKind.DEGREE:
            return f"{DEGREE_LEVELS[p['min_level']]}及以上学位"
        if self.kind == RuleKind.MAJOR:
            return _describe_majors(p)
        if self.kind == RuleKind.AGE:
            text = _describe_age(p)
            if "relaxed_when" in p:
                relaxed = (f" {p['relaxed_born_from']} 及以后出生" if p.get("relaxed_born_from")
                           else f" {p['relaxed_max']} 周岁" if p.get("relaxed_max") is not None else "")
                text += f"；“{p['relaxed_when']}”可放宽{'到' + relaxed if relaxed else ''}"
            return text
        if self.kind == RuleKind.RETIREMENT:
            if p.get("min_years_left"):
                return f"截止日距法定退休年龄不少于 {_years(p['min_years_left'])} 年（2025 年渐进式延迟退休规定）"
            return "截止日未达到法定退休年龄（2025 年渐进式延迟退休规定）"
        if self.kind == RuleKind.TITLE:
            return f"{p['title']}及以上职称" + ("（相关专业）" if p.get("related") else "")
        if self.kind == RuleKind.SKILL:
            return f"{SKILL_LEVELS[p['min_level']]}及以上职业资格" + ("（相关工种）" if p.get("related") else "")
        if self.kind == RuleKind.CERTIFICATE:
            if self.obsolete:
                return f"{p['name']}（已取消，只作提示，不影响资格）"
            return f"持有{p['name']}" + (f"（准驾车型含 {p['class']}）" if p.get("class") else "")
        if self.kind == RuleKind.EXPERIENCE:
            return f"{_years(p['min_years'])} 年以上{p.get('field') or ''}工作经历"
        if self.kind == RuleKind.POLITICAL:
            return {True: "中共党员（含预备党员）", False: "中共正式党员"}.get(p.get("probationary"), "中共党员")
        if self.kind == RuleKind.BIANZHI:
            return "在编人员"
        if self.kind == RuleKind.GENDER:
            return f"限{p['gender']}性"
        if self.kind == RuleKind.PREFERENCE:
            inner = "、".join(r.describe() for r in self.inner_rules)
            return f"优先条件（{inner}），只用于排序，不影响资格" if inner else "优先条件，只用于排序，不影响资格"
        if self.kind == RuleKind.SOFT:
            return {"体检": "体检环节核实", "考察": "考察环节核实"}.get(p.get("stage"), "笔试/面试/考察评价") + "，不影响资格"
        if self.kind == RuleKind.NO_LIMIT:
            return "不作限制"
        return p.get("reason") or "无法自动核对，需人工审核"


def _describe_majors(p: dict) -> str:
    majors = "、".join(p.get("majors") or [])
    if not majors:
        return "专业：岗位相关专业（需人工认定）"
    return f"专业：{majors}" + ("等相关专业" if p.get("open") else "")


def _describe_age(p: dict) -> str:
    who = {"男": "男性", "女": "女性"}.get(p.get("gender") or "", "")
    if p.get("born_from") or p.get("born_until"):
        span = "至".join(d for d in (p.get("born_from"), p.get("born_until")) if d)
        if p.get("born_from") and not p.get("born_until"):
            span += " 及以后"
        elif p.get("born_until") and not p.get("born_from"):
            span += " 及以前"
        return f"{who}{span}出生"
    bound = f"不超过 {p['max']} 周岁" if "max" in p else f"不小于 {p['min']} 周岁"
    return f"{who}{bound}（以截止日计）"


def _years(value: float) -> str:
    return f"{value:g}"


# ---------------------------------------------------------------- clauses

_HARD_STOPS = "。；;！!？?\n"
_CONTINUED = ("同等条件下", "者", "的")
_SOFT_STOPS = "，,"
_ENUMERATOR = re.compile(r"^\s*(?:[(（]\d{1,2}[)）]|\d{1,2}(?:[)）、]|[.．](?!\d))|[一二三四五六七八九十]{1,2}[、.．])\s*")


def parse_requirements(items: list[str]) -> list[Rule]:
    rules: list[Rule] = []
    for item in items:
        for clause in _clauses(item or ""):
            rules.extend(_parse_clause(clause, rules))
    return rules


def _clauses(item: str) -> list[str]:
    clauses = []
    for part in _split(item, _SOFT_STOPS):
        part = _ENUMERATOR.sub("", part).strip(" 　\t、")
        if part:
            clauses.extend(_split_enumeration(part))
    return clauses


def _split(text: str, soft: str) -> list[str]:
    """Split at hard stops always and at the soft stops outside brackets."""
    parts, current, depth = [], [], 0
    for char in text:
        if char in "（(【[":
            depth += 1
        elif char in "）)】]":
            depth = max(0, depth - 1)
        # '同等条件下，X优先' is one preference; '具有硕士学位者，年龄可放宽至40周岁' is one relaxation.
        if char in _HARD_STOPS or (char in soft and depth == 0 and not "".join(current).endswith(_CONTINUED)):
            parts.append("".join(current))
            current = []
            if char in _HARD_STOPS:
                depth = 0
            continue
        current.append(char)
    parts.append("".join(current))
    return [p for p in parts if p.strip()]


def _split_enumeration(clause: str) -> list[str]:
    """'大专学历、45周岁以下、持C1驾照' → three clauses, when every part stands on its own;
    '图书馆学、情报学等相关专业' stays whole."""
    if "、" not in clause:
        return [clause]
    parts = [p.strip() for p in _split(clause, "、")]
    if len(parts) < 2:
        return [clause]
    kinds = [{r.kind for r in _typed_rules(p, _normal(p))} for p in parts]
    typed = [k - {RuleKind.MANUAL} for k in kinds]
    if all(typed) and any(k - {RuleKind.SOFT} for k in typed) and not any(RuleKind.MANUAL in k for k in kinds):
        return parts
    return [clause]


def _normal(text: str) -> str:
    text = unicodedata.normalize("NFKC", text)
    text = text.replace("〔", "(").replace("〕", ")").replace("【", "(").replace("】", ")")
    return re.sub(r"\s+", "", text)


# ---------------------------------------------------------------- one clause

_EQUIVALENT_ONLY = re.compile(r"[,、]?(?:或|或者)?(?:具有|具备)?(?:国家承认的)?同等学[历力](?:者|人员)?(?:亦可|也可|均可)?")
_DEGREE_FOLLOWS = re.compile(r"(?:并|且|并且|同时)?(?:取得|获得|具有|具备|有)?(?:相应|对应|相关)的?学位(?:证书?)?")
_NO_LIMIT = re.compile(r"(?:(?:学历|专业|性别|年龄|户籍|身份|工作经历)(?:要求)?:?)?(?:男女)?不限"
                       r"|不限(?:专业|学历|性别|户籍|身份)|男女不限")
_NEGATION = re.compile(r"不得|不予|不能|不接受|不招|除外|不包括|不可|不宜|不属于|不在此列")
_CONDUCT = re.compile(r"违法|违纪|犯罪|刑事|处分|处罚|失信|不良记录|不良嗜好|品行|品德|遵纪守法|政治素质|拥护|政治立场")
_CONDITIONAL = re.compile(r"(?:的|者|人员|考生|毕业生)(?:,)?(?:须|需|应|要|必须|还须|另须|需要|应当)(?!具有|具备)")
# Subjects that mean every applicant ('报考者须为中共党员'), unlike '研究生学历人员须…'.
_GENERIC_SUBJECT = re.compile(r"^(?:凡)?(?:报考|应聘|报名|申请|竞聘|参加竞聘|参加招聘)的?(?:者|人员)(?:均)?|^(?:所有)?考生(?:均)?")
_HEALTH = re.compile(r"身体健康|体检|健康状况")
_SOFT_WORDS = (
    "能力", "责任心", "责任感", "事业心", "熟悉", "精通", "了解", "熟练", "掌握", "职业道德", "遵守", "意识",
    "吃苦", "认真", "积极", "主动", "协调", "沟通", "团队", "敬业", "作风", "服务意识", "有一定研究",
    "知识", "素质", "踏实", "热爱", "爱岗", "奉献", "完成岗位职责", "操作计算机", "办公软件", "处理", "公道", "担责",
    "得失", "勇于", "精神", "廉洁", "耐心", "细致", "较强", "良好", "扎实", "胜任", "善于", "流利", "功底",
    "形象", "气质", "亲和力", "正派", "诚信", "严谨", "创新", "钻研", "服从", "大局", "健康", "识读",
)
# Conditions hrflow has no applicant data for: a typed reading must not swallow them.
_UNCHECKED = re.compile(
    r"应届|往届|户籍|户口|生源|身高|视力|体重|服务期|服务年限|985|211|双一流|重点(?:高校|院校|大学)|海外|境外|留学|国外"
    r"|退役|军人|残疾|年度考核|考核(?:结果|等次)|处分|任现职|现职|现岗位|任职满|满\d+(?:\.\d+)?年|满[一二两三四五六七八九十]年"
    r"|\d+分|初级|中级|高级|[一二三四五]级|聘任|在读|在职|学习期间|毕业证书?|学位证书?|取得.{0,12}(?:后|以来)|截至|截止|之前取得|前取得|以前取得"
)


def _parse_clause(text: str, earlier: list[Rule]) -> list[Rule]:
    s = _normal(text)
    if not s or not re.search(r"[\w\u4e00-\u9fff]", s):
        return []
    attached = _attach_to_earlier(text, s, earlier)
    if attached is not None:
        return attached
    main, preferences, relaxations = _special_segments(s)
    rules: list[Rule] = []
    if main:
        rules = _main_rules(text, main)
    for segment in preferences:
        rules.append(_preference(text, segment))
    if relaxations:
        targets = rules if any(r.kind != RuleKind.PREFERENCE for r in rules) else earlier
        if not _relax(targets, relaxations, text):
            rules.append(Rule(RuleKind.MANUAL, text, {"reason": "放宽条件无法对应到具体的资格条件"}))
    return rules


def _attach_to_earlier(text: str, s: str, earlier: list[Rule]) -> list[Rule] | None:
    """Clauses that only complete the one before: '或同等学历', '并取得相应学位'."""
    education = next((r for r in reversed(earlier) if r.kind == RuleKind.EDUCATION), None)
    if _EQUIVALENT_ONLY.fullmatch(s):
        if education is None:
            return [Rule(RuleKind.MANUAL, text, {"reason": "“同等学历”前没有学历要求"})]
        education.params["equivalent"] = True
        education.text += f"，{text}"
        return []
    if _DEGREE_FOLLOWS.fullmatch(s):
        degree = DEGREE_FOR_EDUCATION.get(education.params.get("min_level")) if education else None
        if degree is None:
            return [Rule(RuleKind.MANUAL, text, {"reason": "无法确定“相应学位”是哪一级学位"})]
        # Both rules carry the joined sentence, so re-reading the stored sentences gives the same rules.
        education.text += f"，{text}"
        return [Rule(RuleKind.DEGREE, education.text, {"min_level": degree})]
    return None


def _special_segments(s: str) -> tuple[str, list[str], list[str]]:
    """Split off '…优先' and '…放宽到…' segments (a whole clause or a bracketed part of it)."""
    preferences, relaxations = [], []

    def pick(match: re.Match) -> str:
        inner = match.group(1)
        if "优先" in inner:
            preferences.append(inner)
            return ""
        if "放宽" in inner:
            relaxations.append(inner)
            return ""
        return match.group(0)

    main = re.sub(r"\(([^()]*)\)", pick, s)
    if "优先" in main:
        preferences.insert(0, main)
        main = ""
    elif "放宽" in main:
        head, _, tail = main.partition("放宽")
        # '年龄30周岁以下,硕士可放宽到35周岁' arrives as two clauses; within one, the relaxation follows a
        # '；' or '，' that was inside brackets, or starts the clause.
        cut = max(head.rfind(","), head.rfind(";"))
        while cut > 0 and head[:cut].endswith(_CONTINUED):
            cut = max(head.rfind(",", 0, cut), head.rfind(";", 0, cut))
        relaxations.append(head[cut + 1:] + "放宽" + tail)
        main = head[:cut] if cut >= 0 else ""
    return main.strip(",;、"), preferences, relaxations


def _main_rules(text: str, s: str) -> list[Rule]:
    if _NO_LIMIT.fullmatch(s.removeprefix("要求").strip(":")):
        return [Rule(RuleKind.NO_LIMIT, text, required=False)]
    if _CONDUCT.search(s):
        return [Rule(RuleKind.SOFT, text, {"stage": "考察"}, required=False)]
    if _NEGATION.search(s):
        return _negated(text, s)
    s = _GENERIC_SUBJECT.sub("", s) or s
    if _CONDITIONAL.search(re.sub(r"\([^()]*\)", "", s)):
        # '研究生学历人员需提供学位证': a condition on some applicants, not a requirement for all.
        return [Rule(RuleKind.MANUAL, text, {"reason": "附条件的要求，请人工审核"})]
    rules = _typed_rules(text, s)
    if rules:
        return rules
    if _UNCHECKED.search(s):
        return [Rule(RuleKind.MANUAL, text, {"reason": _unchecked_reason(s)})]
    if _HEALTH.search(s):
        return [Rule(RuleKind.SOFT, text, {"stage": "体检"}, required=False)]
    if any(word in s for word in _SOFT_WORDS):
        return [Rule(RuleKind.SOFT, text, required=False)]
    return [Rule(RuleKind.MANUAL, text)]


def _negated(text: str, s: str) -> list[Rule]:
    """'超过45周岁的不得报考' is an age limit; other prohibitions are checked by hand."""
    match = re.fullmatch(rf"(?:年龄)?(?:超过|大于|高于)({NUMBER_PATTERN})周?岁(?:的|者|人员)*(?:均)?(?:不得|不予|不能).*", s)
    limit = number(match.group(1)) if match else None
    if limit is not None:
        return [Rule(RuleKind.AGE, text, {"gender": None, "max": limit})]
    return [Rule(RuleKind.MANUAL, text, {"reason": "排除性条件，请人工核对"})]


def _preference(text: str, segment: str) -> Rule:
    core = re.sub(r"同等条件下,?|(?:的|者|人员|的人员)?(?:可|将|予以|给予)?优先(?:考虑|录用|聘用|录取|选用)?", "", segment)
    inner = [r for r in _typed_rules(text, core) if r.kind not in (RuleKind.SOFT, RuleKind.MANUAL, RuleKind.NO_LIMIT)]
    for rule in inner:
        rule.text = segment if segment != _normal(text) else text
    return Rule(RuleKind.PREFERENCE, text, {"inner": [r.to_dict() for r in inner]}, required=False)


# ---------------------------------------------------------------- relaxations ('硕士可放宽到35周岁')

_RELAXED_AGE = re.compile(rf"放宽(?:到|至|为)?({NUMBER_PATTERN})周?岁")


def _relax(targets: list[Rule], relaxations: list[str], text: str) -> bool:
    """Attach each relaxation to the rule it relaxes; False when there is none to attach to."""
    for segment in relaxations:
        condition = re.sub(r"(?:年龄|学历|条件)?(?:可|均可|可以)?(?:适当)?放宽.*$", "", segment)
        condition = re.sub(r"^(?:其中|但|对|对于)|(?:的|者|人员|的人员)$", "", condition.strip(",;、"))
        inner = [r for r in _typed_rules(condition, condition, lenient=True) if r.kind not in (
            RuleKind.SOFT, RuleKind.MANUAL, RuleKind.NO_LIMIT)] if condition else []
        age_match = _RELAXED_AGE.search(segment)
        relaxed_age = number(age_match.group(1)) if age_match else None
        relaxed_born = _birth_bounds(_Text(segment)).get("born_from")
        if relaxed_age is not None or relaxed_born or "岁" in segment:
            limits = [r for r in reversed(targets) if r.kind == RuleKind.AGE and ("max" in r.params or "born_from" in r.params)]
            if not limits:
                return False
            for limit in limits:
                limit.params.update(relaxed_max=relaxed_age, relaxed_when=condition or segment,
                                    inner=[r.to_dict() for r in inner])
                if relaxed_born:
                    limit.params["relaxed_born_from"] = relaxed_born
                if limit.text != text and text not in limit.text:
                    limit.text += f"，{text}"
            continue
        hard = [r for r in targets if r.required and r.kind not in (RuleKind.MANUAL, RuleKind.SOFT)]
        if not hard:
            return False
        # A relaxation we cannot read exactly ('退役军人学历可放宽至高中') turns a 'not met' into 'needs review'.
        latest = hard[-1]
        latest.params["exception"] = segment
        if latest.text != text and text not in latest.text:
            latest.text += f"，{text}"
    return True


# ---------------------------------------------------------------- typed rules


class _Text:
    """A normalised clause from which each reader takes what it understood, leaving the rest."""

    def __init__(self, s: str):
        self.rest = s

    def take(self, pattern: re.Pattern | str) -> list[re.Match]:
        matches = list(re.finditer(pattern, self.rest))
        for match in reversed(matches):
            self.rest = self.rest[: match.start()] + "|" * (match.end() - match.start()) + self.rest[match.end():]
        return matches

    def has(self, pattern: re.Pattern | str) -> re.Match | None:
        return re.search(pattern, self.rest)


def _typed_rules(text: str, s: str, *, lenient: bool = False) -> list[Rule]:
    clause = _Text(s)
    rules: list[Rule] = []
    rules += _age_rules(text, clause)
    rules += _retirement_rules(text, clause)
    rules += _skill_rules(text, clause)
    rules += _certificate_rules(text, clause, first_pass=True)
    rules += _title_rules(text, clause)
    rules += _education_and_degree_rules(text, clause, lenient)
    rules += _experience_rules(text, clause)
    rules += _certificate_rules(text, clause, first_pass=False)
    rules += _political_rules(text, clause)
    rules += _bianzhi_rules(text, clause)
    rules += _gender_rules(text, clause)
    if rules and not lenient and _UNCHECKED.search(clause.rest):
        rules.append(Rule(RuleKind.MANUAL, text, {"reason": _unchecked_reason(clause.rest)}))
    elif rules and not lenient and (note := re.search(r"\(([^()|]*[\u4e00-\u9fff]{2}[^()|]*)\)", clause.rest)):
        # A bracketed note no reader understood may narrow the rule: HR reads it.
        rules.append(Rule(RuleKind.MANUAL, text, {"reason": f"括号中的说明“{note.group(1)}”请人工核对"}))
    manual = [r for r in rules if r.kind == RuleKind.MANUAL]
    if len(manual) > 1:
        reasons = "；".join(dict.fromkeys(r.params.get("reason", "") for r in manual))
        rules = [r for r in rules if r.kind != RuleKind.MANUAL] + [Rule(RuleKind.MANUAL, text, {"reason": reasons})]
    if _is_either(s, rules):
        for rule in rules:
            rule.params["either"] = True
    return rules


def _is_either(s: str, rules: list[Rule]) -> bool:
    """'本科以上学历或中级以上职称': either rule will do, so neither alone may reject."""
    kinds = {r.kind for r in rules} - {RuleKind.MANUAL}
    if len(kinds) < 2 or kinds <= {RuleKind.EDUCATION, RuleKind.MAJOR}:
        return False
    s = re.sub(rf"或(?:者)?(?:具有)?同等学[历力]|或以上|或以下|(?:{EDUCATION_PATTERN})或(?:{EDUCATION_PATTERN})", "", s)
    return "或" in s


def _unchecked_reason(s: str) -> str:
    word = _UNCHECKED.search(s)
    return f"含无法自动核对的条件（{word.group(0)}），请人工审核" if word else "请人工审核"


# -- age: '35周岁以下', '男性40周岁以下', '不满40周岁', '18至35周岁', '1990年1月1日以后出生'

_GENDER_PREFIX = r"(?:(?P<gender>男|女)性?[^\d男女|,;]{0,6}?)?"
_AGE_RANGE = re.compile(
    _GENDER_PREFIX + rf"(?P<lo>{NUMBER_PATTERN})(?:周岁|岁)?(?:至|到|-|~|—|－)(?P<hi>{NUMBER_PATTERN})(?:周岁|岁)(?:之间|以内)?")
_AGE = re.compile(
    _GENDER_PREFIX
    + r"(?P<pre>不超过|不得超过|不高于|不大于|不满|未满|小于|低于|年满|满|不低于|不小于|不少于)?"
    + rf"(?P<n>{NUMBER_PATTERN})(?:周岁|岁)(?P<incl>\((?:含|不含)[^()]*\))?"
    + r"(?P<post>及以下|或以下|以下|以内|之内|及以上|或以上|以上)?(?P<incl2>\((?:含|不含)[^()]*\))?"
)
_DATE = r"(?P<{0}y>(?:19|20)\d\d)(?:年|[-./])(?:(?P<{0}m>\d{{1,2}})(?:月|[-./])?(?:(?P<{0}d>\d{{1,2}})日?)?)?"
_BORN_RANGE = re.compile(_DATE.format("a") + r"(?:\(含\))?(?:至|到|-|~|—)" + _DATE.format("b")
                         + r"(?:\(含\))?(?:期间|之间)?(?:出生)")
_BORN_BOUND = re.compile(
    r"(?:出生(?:日期)?(?:在|于|为)?)?" + _DATE.format("a")
    + r"(?P<incl>\((?:含|不含)[^()]*\))?(?P<and>及|或)?(?P<dir>以后|之后|以来|后|以前|之前|前)(?P<incl2>\((?:含|不含)[^()]*\))?(?:出生)?")


def _age_rules(text: str, clause: _Text) -> list[Rule]:
    if not clause.has(r"岁|出生"):
        return []
    born = _birth_bounds(clause)
    rules: list[Rule] = []
    for match in clause.take(_AGE_RANGE):
        lo, hi = number(match.group("lo")), number(match.group("hi"))
        if lo is not None and hi is not None and lo <= hi:
            rules.append(Rule(RuleKind.AGE, text, {"gender": match.group("gender"), "min": lo}))
            rules.append(Rule(RuleKind.AGE, text, {"gender": match.group("gender"), "max": hi}))
    for match in clause.take(_AGE):
        params = _age_bound(match)
        if params is not None:
            rules.append(Rule(RuleKind.AGE, text, params))
    if born:
        # An explicit birth date is what the unit announced: it replaces the 周岁 bound on the same side.
        stated = "、".join(_describe_age(r.params) for r in rules)
        rules = [r for r in rules if not (("max" in r.params and "born_from" in born)
                                          or ("min" in r.params and "born_until" in born))]
        rules.insert(0, Rule(RuleKind.AGE, text, {"gender": None, **born, **({"stated": stated} if stated else {})}))
    return rules


def _age_bound(match: re.Match) -> dict | None:
    n = number(match.group("n"))
    if n is None or not 10 <= n <= 80:
        return None
    pre, post = match.group("pre") or "", match.group("post") or ""
    strict = "不含" in (match.group("incl") or "") + (match.group("incl2") or "")
    params: dict = {"gender": match.group("gender")}
    if pre in ("不超过", "不得超过", "不高于", "不大于"):
        params["max"] = n
    elif pre in ("不满", "未满", "小于", "低于"):
        params["max"] = n - 1
    elif pre in ("年满", "满", "不低于", "不小于", "不少于"):
        params["min"] = n
    elif post in ("以下", "及以下", "或以下", "以内", "之内"):
        params["max"] = n - 1 if strict else n
    elif post in ("以上", "及以上", "或以上"):
        params["min"] = n + 1 if strict else n
    else:
        return None
    return params


def _birth_bounds(clause: _Text) -> dict:
    """'1990年1月1日以后出生' → born_from 1990-01-01 (inclusive, as in every announcement's 周岁 arithmetic)."""
    if not clause.has("出生"):
        return {}
    for match in clause.take(_BORN_RANGE):
        start, end = _date(match, "a", last=False), _date(match, "b", last=True)
        if start and end and start <= end:
            return {"born_from": start.isoformat(), "born_until": end.isoformat()}
    bounds: dict = {}
    for match in clause.take(_BORN_BOUND):
        after = match.group("dir") in ("以后", "之后", "以来", "后")
        day = _date(match, "a", last=not after)
        if day is None:
            continue
        if "不含" in (match.group("incl") or "") + (match.group("incl2") or ""):
            day += timedelta(days=1 if after else -1)
        bounds["born_from" if after else "born_until"] = day.isoformat()
    return bounds


def _date(match: re.Match, prefix: str, *, last: bool) -> date | None:
    """The first (or last) day a written date can mean: '1990年1月' → 1990-01-01 or 1990-01-31."""
    year = int(match.group(f"{prefix}y"))
    month_text, day_text = match.group(f"{prefix}m"), match.group(f"{prefix}d")
    try:
        if month_text is None:
            return date(year, 12, 31) if last else date(year, 1, 1)
        month = int(month_text)
        if day_text is None:
            if not last:
                return date(year, month, 1)
            return (date(year + (month == 12), month % 12 + 1, 1)) - timedelta(days=1)
        return date(year, month, int(day_text))
    except ValueError:
        return None


# -- retirement

def _retirement_rules(text: str, clause: _Text) -> list[Rule]:
    if not clause.has("退休年龄"):
        return []
    years = clause.take(rf"距(?:离)?(?:国家)?(?:规定的)?(?:法定)?退休(?:年龄)?(?:时间)?(?:还有|尚有|在|须)?"
                        rf"(?:不少于|不低于|不足|不满|满|超过)?(?P<n>{NUMBER_PATTERN})年(?:\(含\))?(?:以上|及以上)?")
    clause.take(r"(?:国家)?(?:规定的)?(?:法定)?退休年龄(?:之内|以内|以下|内)?")
    params = {"min_years_left": amount(years[0].group("n"))} if years and amount(years[0].group("n")) else {}
    return [Rule(RuleKind.RETIREMENT, text, params)]


# -- vocational skill level: '高级工以上职业资格', '职业技能等级三级'

def _skill_rules(text: str, clause: _Text) -> list[Rule]:
    rules = []
    pattern = (rf"(?P<related>相关(?:专业|工种|职业)?)?(?P<name>{SKILL_PATTERN})(?:\(三级\)|\(二级\)|\(四级\))?"
               r"(?:及以上|以上|或以上)?(?:国家)?(?:职业资格|职业技能等级|技能等级)?(?:证书|证)?")
    for match in clause.take(pattern):
        level = SKILL_BY_NAME[match.group("name")]
        rules.append(Rule(RuleKind.SKILL, text, {"min_level": level, "related": bool(match.group("related"))}))
    trades = clause.take(r"\((?P<trades>[\u4e00-\u9fff、/或]*?[工师](?:[、/或][\u4e00-\u9fff]+?[工师])*)\)")
    if rules and trades:
        # '高级工以上职业资格证书（电工、水暖工）': only those trades count.
        rules[-1].params["trades"] = [t for t in re.split(r"[、/或]", trades[0].group("trades")) if t]
    graded = (r"(?P<related>相关(?:专业|工种|职业)?)?(?:国家)?(?:职业资格|职业技能等级|技能等级)(?P<grade>[一二三四五])级"
              r"(?:及以上|以上)?(?:证书|证)?")
    for match in clause.take(graded):
        rules.append(Rule(RuleKind.SKILL, text, {"min_level": SKILL_BY_GRADE[match.group("grade")],
                                                 "related": bool(match.group("related"))}))
    return rules


# -- certificates

_EXAMS = (r"(?:(?:大学)?英语(?:专业)?[四六八468]级|CET-?[46]|(?:全国)?计算机(?:等级考试)?[一二三四1234]级"
          r"|普通话(?:水平)?(?:测试)?[一二三]级[甲乙]等)(?:\(CET-?[46]\))?(?:及以上|以上|或以上)?(?:合格)?(?:证书|证)?")
_CERTIFICATE = re.compile(
    r"(?:具有|具备|持有|取得|获得|持|须有|有)?(?P<name>[\w\u4e00-\u9fff]{1,24}?"
    r"(?:资格证书|合格证书|证书|资格证|合格证|上岗证|执业证|执照|等级证|操作证|作业证|从业证|许可证))")
_CERTIFICATE_QUALIFICATIONS = (r"(?:注册[\u4e00-\u9fff]{2,8}?师|教师|法律职业|执业医师|执业助理医师|执业药师|护士执业"
                               r"|导游|社会工作者|心理咨询师|人力资源管理师|档案管理员)资格")
_GENERIC_CERTIFICATES = {"证书", "资格证书", "相关证书", "相应证书", "相关资格证书", "相应资格证书", "职业资格证书",
                         "上岗证", "资格证", "相关资格证", "相应的资格证书", "相关的资格证书", "相关职业资格证书",
                         "从业资格证书", "执业证书", "相应的证书", "相关的证书"}


def _certificate_rules(text: str, clause: _Text, *, first_pass: bool) -> list[Rule]:
    """First pass: certificates a title reader must not see (会计从业资格, 注册会计师, driving licences, exams).
    Second pass, after titles and skills: any other '…证书'."""
    if first_pass:
        rules = []
        if clause.take(r"会计从业资格(?:证书|证)?"):
            name = "会计从业资格证书"
            rules.append(Rule(RuleKind.CERTIFICATE, text, {"name": name, "why_obsolete": OBSOLETE_CERTIFICATES[name]},
                              required=False, obsolete=True))
        for match in clause.take(r"(?:" + _CERTIFICATE_QUALIFICATIONS + r")(?:证书|证)?"):
            rules.append(Rule(RuleKind.CERTIFICATE, text, {"name": match.group(0)}))
        letter = clause.take(r"\(?(?P<letter>[ABC])照(?:及以上|以上)?\)?")
        licence = clause.take(r"(?:[ABC][123](?:及以上|以上)?(?:驾照|驾驶证|驾驶执照|类?驾驶证))"
                              r"|(?:机动车)?(?:驾驶证|驾驶执照|驾照)(?:[ABC][123])?(?:及以上|以上)?(?:驾照|驾驶证)?")
        if licence:
            classes = re.findall(DRIVING_CLASS_PATTERN, "".join(m.group(0) for m in licence) + clause.rest)
            clause.take(DRIVING_CLASS_PATTERN + r"(?:及以上|以上|照|类)?")
            # 'C照' is any C licence; a C1 or C2 holder may drive C2 vehicles.
            classes += [{"A": "A", "B": "B", "C": "C2"}[m.group("letter")] for m in letter]
            params = {"name": DRIVING_LICENCE, **({"class": classes[0]} if classes else {})}
            rules.append(Rule(RuleKind.CERTIFICATE, text, params))
        seen = set()
        for match in clause.take(_EXAMS):
            name = re.sub(r"\(CET-?[46]\)|(?:及以上|以上|或以上)?(?:合格)?(?:证书|证)?$", "", match.group(0))
            if certificate_key(name) not in seen:
                seen.add(certificate_key(name))
                rules.append(Rule(RuleKind.CERTIFICATE, text, {"name": name}))
        return rules
    rules = []
    for match in clause.take(_CERTIFICATE):
        name = re.sub(r"^(?:具有|具备|持有|取得|获得|持|须有|有|并|及|和|或)+", "", match.group("name"))
        name = re.sub(r"^(?:有效的?|国家认可的?|国家颁发的?)", "", name)
        if re.search(r"毕业|学位|学历", name):
            rules.append(Rule(RuleKind.MANUAL, text, {"reason": "毕业证书、学位证书的取得时间等条件请人工核对"}))
        elif name in _GENERIC_CERTIFICATES or name.startswith(("相关", "相应")):
            rules.append(Rule(RuleKind.MANUAL, text, {"reason": f"未写明具体证书（{name}），请人工核对"}))
        else:
            rules.append(Rule(RuleKind.CERTIFICATE, text, {"name": name}))
    return rules


# -- professional titles: '副研究馆员以上职称', '图书资料系列中级职称', '中级及以上会计专业技术资格'

_TITLE_TAIL = r"(?:专业技术)?(?:职称|职务任职资格|职务|任职资格|资格|技术职称)"
_GRADE_TITLE = re.compile(
    rf"(?P<related>相关专业|相应专业|本专业)?(?P<series1>[\u4e00-\u9fff]{{0,6}}?系列)?"
    rf"(?P<series2>(?:会计|图书资料|图书馆|档案|经济|审计|统计|工程|文博|群众文化)(?:专业)?)?"
    rf"(?P<grade>{GRADE_PATTERN})(?:\(含\))?(?:及以上|以上|或以上)?(?P<series3>[\u4e00-\u9fff]{{0,6}}?)"
    rf"(?:专业技术)?(?:职称|职务任职资格|职务|任职资格|专业技术资格|资格|技术职称)"
)
_NAMED_TITLE = re.compile(
    rf"(?P<related>相关专业|相应专业|本专业)?(?P<name>{'|'.join(TITLE_NAMES)})(?:\(含\))?(?:及以上|以上|或以上)?"
    rf"(?P<tail>{_TITLE_TAIL})?(?!事务所|证|考试)"
)


def _title_rules(text: str, clause: _Text) -> list[Rule]:
    rules = []
    for match in clause.take(_GRADE_TITLE):
        written = "".join(match.group(g) or "" for g in ("series1", "series2", "series3"))
        series = series_in(written) if written else None
        level = REQUIRED_GRADE[match.group("grade")]
        name = f"{series + '系列' if series else ''}{match.group('grade')}"
        rules.append(Rule(RuleKind.TITLE, text, {"series": series, "min_level": level, "title": name,
                                                 "related": bool(match.group("related"))}))
    for match in list(re.finditer(_NAMED_TITLE, clause.rest)):
        name = match.group("name")
        # Title names double as job words ('网络管理员', '热爱图书馆员职业'): without 职称/以上 after them they
        # count only after 具有/取得 … or as the whole clause.
        written_as_title = match.group("tail") or "以上" in match.group(0) or re.search(
            r"(?:具有|具备|取得|获得|持有|聘任|聘为|系列|为)$", clause.rest[: match.start()]) or re.fullmatch(
            r"[|]*" + re.escape(match.group(0)) + r"[|]*", clause.rest)
        if not written_as_title:
            continue
        series = next(s for s, titles in TITLE_SERIES.items() if name in titles)
        explicit = series_in(clause.rest[max(0, match.start() - 8): match.start()])
        shown = name
        if explicit and name in TITLE_SERIES.get(explicit, {}):
            series, shown = explicit, f"{explicit}系列{name}"
        clause.rest = clause.rest[: match.start()] + "|" * (match.end() - match.start()) + clause.rest[match.end():]
        rules.append(Rule(RuleKind.TITLE, text, {"series": series, "min_level": TITLE_SERIES[series][name],
                                                 "title": shown, "related": bool(match.group("related"))}))
    generic = clause.take(r"(?:具有|具备|取得)?(?P<series>会计|图书资料|经济|审计|统计)?专业技术(?:职称|职务|资格)(?:证书)?")
    for match in generic if not rules else []:
        series = match.group("series")
        rules.append(Rule(RuleKind.TITLE, text, {"series": series, "min_level": 1,
                                                 "title": f"{series}系列初级" if series else "初级", "related": False}))
    return rules


# -- education, degree, majors

_DEGREE = re.compile(r"\((?P<bracketed>学士|硕士|博士)(?:学位)?\)"
                     r"|(?P<level>学士|硕士|博士)(?:\(含\))?(?:及以上|以上|或以上|及其以上)?学位"
                     r"|(?<=[|、,和及])学士(?:及以上|以上)?")
_DEGREE_WITH_EDUCATION = re.compile(r"学历(?:[、,和及与/]|并|且|并且)?(?:取得|获得|具有)?(?:相应|对应)?的?学位|学历学位")
_EDUCATION_CONTEXT = re.compile(r"学历|以上|以下|毕业|文化|学制|\(含|学历层次")
_EDUCATION_TOKENS = re.compile(
    EDUCATION_PATTERN + r"|\(含[^()]*\)|及其以上|及以上|或以上|以上|学历层次|学历|文化程度|非全日制|全日制|普通高校"
    r"|普通高等院校|普通高等学校|国民教育序列|国家承认的?|统招|同等学[历力]|第一学历|最高学历|毕业(?!证)")
_MAJOR_NOISE = re.compile(
    r"具有|具备|取得|获得|须|需|应|要求|为|是|高等院校|高校|院校|国民教育|教育部认可的?|统一招生|的|及|或|所学|大学|层次"
    r"|文化|含|和|与|[|,;:()、]")
_MAJOR_ENDINGS = re.compile(
    r"(?:学|类|工程|技术|管理|设计|会计|审计|金融|法律|文秘|档案|新闻|传播|英语|日语|外语|中文|艺术|音乐|美术|舞蹈"
    r"|体育|护理|医学|教育|财务|统计|营销|贸易|电子|通信|自动化|机械|建筑|土木|信息|计算机|软件|网络|物业|安全|消防"
    r"|电气|暖通|给排水|园林|旅游|酒店|秘书|图书情报|情报|编辑|出版|文献|历史|文博|考古|经济|商务|动画|社会工作|语|翻译"
    r"|化|医|药|法|政|史|农|林|测绘|地理|环境|材料|能源|水利|交通|运输|物流|保险|财政|税收|投资|广告|摄影|播音|主持"
    r"|表演|编导|图书|媒体|传媒|中文|汉语言|哲学|新闻学|心理|音乐学|学科)$")
_STUDY_FULL_TIME = re.compile(r"(?<!非)全日制|统招|统一招生")


def _education_and_degree_rules(text: str, clause: _Text, lenient: bool) -> list[Rule]:
    degrees = []
    for match in clause.take(_DEGREE):
        level = degree_level(match.group(0))
        if level:
            degrees.append(Rule(RuleKind.DEGREE, text, {"min_level": level}))
    degrees = [min(degrees, key=lambda r: r.params["min_level"])] if degrees else []
    education = _education_rule(text, clause, lenient)
    if education and clause.take(_DEGREE_WITH_EDUCATION) and not degrees:
        degree = DEGREE_FOR_EDUCATION.get(education[0].params["min_level"])
        if degree is not None:
            degrees.append(Rule(RuleKind.DEGREE, text, {"min_level": degree}))
    if not education:
        education = _major_rules(text, clause)
    return education + degrees


def _education_rule(text: str, clause: _Text, lenient: bool) -> list[Rule]:
    s = clause.rest
    levels = list(re.finditer(EDUCATION_PATTERN, s))
    if not levels:
        return []
    bare = re.sub(r"[|,;:()、]", "", _MAJOR_NOISE.sub("", _EDUCATION_TOKENS.sub("", s)))
    if not lenient and not _EDUCATION_CONTEXT.search(s) and bare:
        return []
    params: dict = {"min_level": min(education_level(m.group(0)) for m in levels)}
    if _STUDY_FULL_TIME.search(s) and "非全日制" not in s:
        params["full_time"] = True
    if re.search(r"同等学[历力]", s):
        params["equivalent"] = True
    if "第一学历" in s:
        params["first"] = True
    majors, open_list, leftover = _majors_near(clause, levels[0].start())
    if majors or open_list:
        params["majors"] = majors
        if open_list:
            params["open"] = True
    clause.take(r"(?!学历(?:[、,和及与/]|并|且)?(?:取得|获得|具有)?(?:相应|对应)?的?学位)(?:" + _EDUCATION_TOKENS.pattern + ")")
    rules = [Rule(RuleKind.EDUCATION, text, params)]
    if leftover:
        rules.append(Rule(RuleKind.MANUAL, text, {"reason": f"学历要求中的“{leftover}”无法自动核对，请人工审核"}))
    return rules


def _majors_near(clause: _Text, level_start: int) -> tuple[list[str], bool, str]:
    """Majors written with the level: explicit ('…专业') or just before it ('图书馆学大专以上')."""
    explicit = _explicit_majors(clause)
    if explicit is not None:
        return explicit
    before = re.split(r"[|,;:、()]", clause.rest[:level_start])[-1]
    residue = _MAJOR_NOISE.sub("", _EDUCATION_TOKENS.sub("", before))
    if len(residue) < 2:
        return [], False, ""
    clause.rest = clause.rest.replace(before, "|" * len(before), 1)
    if _MAJOR_ENDINGS.search(residue):
        return _major_list(residue), False, ""
    return [], False, residue


def _explicit_majors(clause: _Text) -> tuple[list[str], bool, str] | None:
    """'图书馆学、情报学等相关专业', '专业为会计学', '相关专业' → (majors, open list?, '')."""
    s = re.sub(r"专业技术|专业(?=工作|高级工|中级工|初级工|技师|职称|职业|技术职|知识|技能|能力|水平|素养|素质|特长|资格"
               r"|岗位|人员|培训|背景)", lambda m: "#" * len(m.group(0)), clause.rest)
    after = re.search(r"专业(?:要求|方向)?(?:为|是|:)(?P<list>[^|,;()#:]+)", s)
    before = None if after else re.search(r"(?P<list>[^|,;()#:]*?)(?P<open>等)?(?:相关|相近)?(?:的)?专业", s)
    found = after or before
    if found is None:
        return None
    text = found.group("list")
    open_list = bool(re.search(r"等|相关|相近", found.group(0)))
    text = re.sub(r"^(?:所学|具有|具备|须为|要求|为|是)+|(?:等|相关|相近|及相关|或相关|相关的|的)+$", "", text)
    text = re.split(EDUCATION_PATTERN, text)[0] if after is None else text
    clause.rest = clause.rest[: found.start()] + "|" * (found.end() - found.start()) + clause.rest[found.end():]
    majors = _major_list(_EDUCATION_TOKENS.sub("", text))
    odd = [m for m in majors if not _MAJOR_ENDINGS.search(m)]
    # '与岗位相适应的专业' is not a list of majors: HR reads it rather than hrflow rejecting people on it.
    return ([], False, "、".join(odd)) if odd else (majors, open_list, "")


def _major_list(text: str) -> list[str]:
    text = re.sub(r"(?:毕业|学历|及以上|以上)$", "", text)
    parts = re.split(r"[、,/]|或|以及|及(?!其)", text)
    return [p for p in (re.sub(r"(?:等|专业)$", "", q) for q in parts) if len(p) >= 2]


def _major_rules(text: str, clause: _Text) -> list[Rule]:
    explicit = _explicit_majors(clause)
    if explicit is None:
        return []
    majors, open_list, odd = explicit
    if odd:
        return [Rule(RuleKind.MANUAL, text, {"reason": f"专业要求“{odd}”无法识别，请人工审核"})]
    if not majors and not open_list:
        return []
    return [Rule(RuleKind.MAJOR, text, {"majors": majors, **({"open": True} if open_list else {})})]


# -- experience: '2年以上相关工作经验', '一年半以上工作经历', '从事图书馆工作3年以上'

_EXPERIENCE_WORDS = r"(?:工作经[验历]|从业经[验历]|工作年限|经[验历]|工龄)"
_SPAN = rf"(?P<n>{NUMBER_PATTERN}|半)(?:个)?(?P<unit>年|月)(?P<half>半)?(?:\(含\))?(?:及以上|以上|或以上)?"
_EXPERIENCE = [
    re.compile(rf"{_SPAN}(?P<field>[^|,;、\d]{{0,15}}?){_EXPERIENCE_WORDS}"),
    re.compile(rf"(?P<field>[^|,;、\d]{{0,10}}?){_EXPERIENCE_WORDS}(?:满|在|达|不少于|不低于)?{_SPAN}"),
    re.compile(rf"从事(?P<field>[^|,;、\d]{{1,15}}?)工作(?:满|达)?{_SPAN}"),
]


def _experience_rules(text: str, clause: _Text) -> list[Rule]:
    for pattern in _EXPERIENCE:
        matches = clause.take(pattern)
        if not matches:
            continue
        match = matches[0]
        years = 0.5 if match.group("n") == "半" else amount(match.group("n"))
        if years is None or years > 50:
            continue
        if match.group("unit") == "月":
            years = round(years / 12, 2)
        if match.group("half"):
            years += 0.5
        field_text = re.sub(r"^(?:具有|具备|有|的|及以上|以上|在)+|(?:的|工作|及以上|以上)+$", "", match.group("field") or "")
        if "驾" in field_text:
            # Years of driving (驾龄) are not years of work: the licence's first issue date shows them.
            return [Rule(RuleKind.MANUAL, text, {"reason": "驾龄要求请核对驾驶证初次领证日期"})]
        params: dict = {"min_years": years}
        if field_text:
            params["field"] = field_text
        return [Rule(RuleKind.EXPERIENCE, text, params)]
    return []


# -- political status, 编制, gender

def _political_rules(text: str, clause: _Text) -> list[Rule]:
    if not clause.has(r"党员") or clause.has(r"非(?:中共)?党员|民主党派|团员|群众"):
        return []
    probationary = None
    if clause.has(r"不含预备|正式党员|非预备"):
        probationary = False
    elif clause.has(r"含预备|预备党员"):
        probationary = True
    clause.take(r"中共(?:正式)?(?:预备)?党员|中国共产党(?:正式)?党员|共产党员|党员|\((?:不)?含预备党员\)")
    return [Rule(RuleKind.POLITICAL, text, {"status": "中共党员", "probationary": probationary})]


def _bianzhi_rules(text: str, clause: _Text) -> list[Rule]:
    if clause.has(r"非在编|编外|不在编|无编制"):
        return []
    if clause.take(r"正式在编|在编在岗|在编|编制内|事业编制|正式编制"):
        return [Rule(RuleKind.BIANZHI, text)]
    return []


def _gender_rules(text: str, clause: _Text) -> list[Rule]:
    match = re.fullmatch(r"[|]*(?:性别(?:要求)?:?)?(?:限|仅限|只限|要求)?(男|女)(?:性)?(?:限|优先)?[|]*", clause.rest)
    if not match:
        return []
    clause.take(r".+")
    return [Rule(RuleKind.GENDER, text, {"gender": match.group(1)})]
