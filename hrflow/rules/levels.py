"""Ordered scales: education, degree, professional titles."""

from __future__ import annotations

import re

# 高中/中专 < 大专(专科) < 本科(大本, 大学本科) < 硕士研究生 < 博士研究生
EDUCATION_LEVELS = {1: "高中/中专", 2: "大专", 3: "本科", 4: "硕士研究生", 5: "博士研究生"}
_EDUCATION_WORDS = [
    (5, ("博士研究生", "博士")),
    (4, ("硕士研究生", "硕士", "研究生")),
    (3, ("大学本科", "本科", "大本")),
    (2, ("大学专科", "大专", "专科", "高职")),
    (1, ("高中", "中专", "中职", "职高", "技校")),
]
DEGREE_LEVELS = {1: "学士", 2: "硕士", 3: "博士"}
_DEGREE_WORDS = [(3, ("博士",)), (2, ("硕士",)), (1, ("学士",))]

# Professional titles: series → ordered titles; level 1 员级 … 5 正高级.
TITLE_GRADES = {1: "员级", 2: "助理级", 3: "中级", 4: "副高级", 5: "正高级"}
TITLE_SERIES = {
    "图书资料": ["管理员", "助理馆员", "馆员", "副研究馆员", "研究馆员"],
    "会计": ["会计员", "助理会计师", "会计师", "高级会计师", "正高级会计师"],
    "工程": ["技术员", "助理工程师", "工程师", "高级工程师", "正高级工程师"],
    "档案": ["管理员", "助理馆员", "馆员", "副研究馆员", "研究馆员"],
    "文博": ["文博管理员", "助理馆员", "馆员", "副研究馆员", "研究馆员"],
    "群众文化": ["助理馆员", "助理馆员", "馆员", "副研究馆员", "研究馆员"],
    "研究": ["研究实习员", "研究实习员", "助理研究员", "副研究员", "研究员"],
}
_GRADE_WORDS = [(5, ("正高级", "正高")), (4, ("副高级", "副高", "高级")), (3, ("中级",)), (2, ("助理级", "初级")), (1, ("员级",))]


def education_level(text: str | None) -> int | None:
    if not text:
        return None
    for level, words in _EDUCATION_WORDS:
        if any(word in text for word in words):
            return level
    return None


def degree_level(text: str | None) -> int | None:
    if not text:
        return None
    for level, words in _DEGREE_WORDS:
        if any(word in text for word in words):
            return level
    return None


def title_level(text: str | None) -> tuple[str | None, int | None]:
    """'副研究馆员' → ('图书资料', 4); '会计师' → ('会计', 3); '中级' → (None, 3)."""
    if not text:
        return None, None
    text = text.strip()
    best: tuple[str | None, int | None, int] = (None, None, 0)
    for series, titles in TITLE_SERIES.items():
        for index, title in enumerate(titles):
            # The longest title contained in the text wins ('副研究馆员' over '研究馆员').
            if title in text and len(title) > best[2]:
                best = (series, index + 1, len(title))
    if best[1] is not None:
        return best[0], best[1]
    for level, words in _GRADE_WORDS:
        if any(word in text for word in words):
            return None, level
    return None, None


def title_label(level: int) -> str:
    return TITLE_GRADES.get(level, str(level))


CHINESE_NUMBERS = {"一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9, "十": 10}


def number(text: str) -> int | None:
    """'3' / '三' / '十五' → int."""
    text = text.strip()
    if re.fullmatch(r"\d+", text):
        return int(text)
    if text in CHINESE_NUMBERS:
        return CHINESE_NUMBERS[text]
    match = re.fullmatch(r"([一二三四五六七八九])?十([一二三四五六七八九])?", text)
    if match:
        tens = CHINESE_NUMBERS[match.group(1)] if match.group(1) else 1
        ones = CHINESE_NUMBERS[match.group(2)] if match.group(2) else 0
        return tens * 10 + ones
    return None
