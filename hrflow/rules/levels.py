"""Ordered scales: education, degree, professional titles, vocational skill levels; numbers in text."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

# 初中 < 高中/中专 < 大专(专科) < 本科(大本, 大学本科) < 硕士研究生 < 博士研究生
EDUCATION_LEVELS = {0: "初中", 1: "高中/中专", 2: "大专", 3: "本科", 4: "硕士研究生", 5: "博士研究生"}
_EDUCATION_WORDS = [
    (5, ("博士",)),
    (4, ("硕士", "研究生")),
    (3, ("本科", "大本", "专升本", "学士")),
    (2, ("大专", "专科", "高职", "高专")),
    (1, ("高中", "中专", "中职", "职高", "技校", "中技", "中师")),
    (0, ("初中", "小学")),
]
# The words a requirement may use for a level (longest first, so 硕士研究生 is read before 研究生).
EDUCATION_PATTERN = (
    "博士研究生|硕士研究生|博士|硕士|研究生|大学本科|本科|大本|大学专科|专科|大专|高职|高中|中专|中职|职高|技校|初中"
)
DEGREE_LEVELS = {1: "学士", 2: "硕士", 3: "博士"}
_DEGREE_WORDS = [(3, ("博士",)), (2, ("硕士",)), (1, ("学士",))]
# The degree that goes with an education level ("本科学历并取得相应学位" → 学士).
DEGREE_FOR_EDUCATION = {3: 1, 4: 2, 5: 3}

# Professional titles: series → title → grade; grade 1 员级 … 5 正高级.
TITLE_GRADES = {1: "员级", 2: "助理级", 3: "中级", 4: "副高级", 5: "正高级"}
TITLE_SERIES: dict[str, dict[str, int]] = {
    "图书资料": {"管理员": 1, "助理馆员": 2, "馆员": 3, "副研究馆员": 4, "研究馆员": 5},
    "档案": {"管理员": 1, "助理馆员": 2, "馆员": 3, "副研究馆员": 4, "研究馆员": 5},
    "文博": {"文博管理员": 1, "助理馆员": 2, "馆员": 3, "副研究馆员": 4, "研究馆员": 5},
    "群众文化": {"助理馆员": 2, "馆员": 3, "副研究馆员": 4, "研究馆员": 5},
    "会计": {"会计员": 1, "助理会计师": 2, "会计师": 3, "高级会计师": 4, "正高级会计师": 5},
    "工程": {"技术员": 1, "助理工程师": 2, "工程师": 3, "高级工程师": 4, "正高级工程师": 5},
    "经济": {"经济员": 1, "助理经济师": 2, "经济师": 3, "高级经济师": 4, "正高级经济师": 5},
    "审计": {"审计员": 1, "助理审计师": 2, "审计师": 3, "高级审计师": 4, "正高级审计师": 5},
    "统计": {"统计员": 1, "助理统计师": 2, "统计师": 3, "高级统计师": 4, "正高级统计师": 5},
    "研究": {"研究实习员": 2, "助理研究员": 3, "副研究员": 4, "研究员": 5},
    "出版": {"助理编辑": 2, "副编审": 4, "编审": 5},
    "翻译": {"助理翻译": 2, "副译审": 4, "译审": 5},
}
# Words naming a series in requirement text or on an applicant's title.
SERIES_WORDS = [
    ("图书资料", ("图书资料", "图书馆", "图书")),
    ("档案", ("档案",)),
    ("文博", ("文博", "文物", "博物")),
    ("群众文化", ("群众文化", "群文")),
    ("会计", ("会计", "财会")),
    ("工程", ("工程",)),
    ("经济", ("经济",)),
    ("审计", ("审计",)),
    ("统计", ("统计",)),
    ("出版", ("出版", "编辑")),
    ("翻译", ("翻译",)),
]
TITLE_NAMES = sorted({name for titles in TITLE_SERIES.values() for name in titles}, key=len, reverse=True)
# Grade words, longest first; an applicant's bare grade may be a range (初级 = 员级 or 助理级).
_GRADE_WORDS = [
    ("正高级", (5, 5)), ("副高级", (4, 4)), ("正高", (5, 5)), ("副高", (4, 4)), ("高级", (4, 5)),
    ("中级", (3, 3)), ("助理级", (2, 2)), ("初级", (1, 2)), ("员级", (1, 1)),
]
GRADE_PATTERN = "|".join(word for word, _ in _GRADE_WORDS)
# A requirement's grade word is a minimum: 高级 accepts 副高 and above, 初级 accepts 员级.
REQUIRED_GRADE = {word: low for word, (low, _) in _GRADE_WORDS}

# Vocational skill levels (职业资格 / 职业技能等级): 五级 初级工 … 一级 高级技师.
SKILL_LEVELS = {1: "初级工", 2: "中级工", 3: "高级工", 4: "技师", 5: "高级技师"}
SKILL_PATTERN = "高级技师|技师|高级工|中级工|初级工"
SKILL_BY_NAME = {name: level for level, name in SKILL_LEVELS.items()}
SKILL_BY_GRADE = {"五": 1, "四": 2, "三": 3, "二": 4, "一": 5}


@lru_cache(maxsize=4096)
def education_level(text: str | None) -> int | None:
    if not text:
        return None
    for level, words in _EDUCATION_WORDS:
        if any(word in text for word in words):
            return level
    return None


@lru_cache(maxsize=4096)
def degree_level(text: str | None) -> int | None:
    if not text:
        return None
    for level, words in _DEGREE_WORDS:
        if any(word in text for word in words):
            return level
    return None


@dataclass(frozen=True)
class HeldTitle:
    """A title an applicant holds: the series it may belong to and its grade range."""

    name: str
    series: frozenset[str]
    low: int
    high: int


@lru_cache(maxsize=4096)
def held_titles(text: str | None) -> tuple[HeldTitle, ...]:
    """'副研究馆员' → 图书资料/档案/文博/群众文化 grade 4; '中级' → any series, grade 3; '馆员、会计师' → both."""
    if not text:
        return ()
    titles = []
    for part in re.split(r"[、，,；;/\s]+", text.strip()):
        title = _held_title(part)
        if title is not None:
            titles.append(title)
    return tuple(titles)


# Since 2019 the accounting series has one junior grade, 助理级 (财政部、人社部《关于深化会计人员职称
# 制度改革的指导意见》): '初级会计', '初级会计师', '会计初级职称' are all 助理会计师.
ACCOUNTING_JUNIOR = (2, 2)


def _held_title(part: str) -> HeldTitle | None:
    explicit = series_in(part)
    if "初级" in part and explicit == "会计":
        return HeldTitle(part, frozenset({"会计"}), *ACCOUNTING_JUNIOR)
    # '初级' names a grade, whatever title word follows it ('初级会计师' is no 会计师).
    named = None if "初级" in part else next((name for name in TITLE_NAMES if name in part), None)
    if named is not None:
        series = frozenset(s for s, titles in TITLE_SERIES.items() if named in titles)
        if explicit and explicit in series:
            series = frozenset({explicit})
        grade = next(titles[named] for s, titles in TITLE_SERIES.items() if named in titles)
        return HeldTitle(part, series, grade, grade)
    for word, (low, high) in _GRADE_WORDS:
        if word in part and not re.search(word + "(?:工(?!程)|技师)", part):
            return HeldTitle(part, frozenset({explicit}) if explicit else frozenset(), low, high)
    return None


def series_in(text: str) -> str | None:
    for series, words in SERIES_WORDS:
        if any(word in text for word in words):
            return series
    return None


def title_level(text: str | None) -> tuple[str | None, int | None]:
    """'副研究馆员' → ('图书资料', 4); '会计师' → ('会计', 3); '中级' → (None, 3)."""
    titles = held_titles(text)
    if not titles:
        return None, None
    best = max(titles, key=lambda t: t.low)
    series = next(iter(sorted(best.series, key=list(TITLE_SERIES).index)), None)
    return series, best.low


def title_label(level: int) -> str:
    return TITLE_GRADES.get(level, str(level))


@lru_cache(maxsize=4096)
def skill_levels(text: str | None) -> tuple[int, ...]:
    """Skill levels named in an applicant's title or certificate text ('电工高级工证' → [3])."""
    if not text:
        return ()
    levels = [SKILL_BY_NAME[m] for m in re.findall(SKILL_PATTERN, text)]
    levels += [SKILL_BY_GRADE[m] for m in re.findall(r"(?:职业资格|技能等级|职业技能)([一二三四五])级", text)]
    return tuple(levels)


CHINESE_NUMBERS = {"零": 0, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9,
                   "十": 10}
NUMBER_PATTERN = r"\d+(?:\.\d+)?|[一二两三四五六七八九十]{1,3}"


def number(text: str) -> int | None:
    """'3' / '三' / '十五' / '三十五' → int; anything else → None."""
    text = text.strip()
    if re.fullmatch(r"\d{1,6}", text):
        return int(text)
    if text in CHINESE_NUMBERS:
        return CHINESE_NUMBERS[text]
    match = re.fullmatch(r"([一二两三四五六七八九])?十([一二三四五六七八九])?", text)
    if match:
        tens = CHINESE_NUMBERS[match.group(1)] if match.group(1) else 1
        ones = CHINESE_NUMBERS[match.group(2)] if match.group(2) else 0
        return tens * 10 + ones
    return None


def amount(text: str) -> float | None:
    """Like number(), and also decimals: '1.5' → 1.5."""
    text = text.strip()
    if re.fullmatch(r"\d{1,4}\.\d{1,3}", text):
        return float(text)
    value = number(text)
    return None if value is None else float(value)
