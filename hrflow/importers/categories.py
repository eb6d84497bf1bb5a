"""Post categories (岗位类别) and grades (岗位等级) as 《事业单位岗位设置管理试行办法》(国人部发〔2006〕70号) names
them, and the reading of what a table writes for them. Pure: the importer, the edit form and the model share
this one list. A value that is not one of them is never mapped to the nearest: the caller refuses it."""

from __future__ import annotations

import re
import unicodedata

MANAGEMENT, PROFESSIONAL, WORKER = "management", "professional", "worker"
CATEGORY_NAMES = {MANAGEMENT: "管理", PROFESSIONAL: "专业技术", WORKER: "工勤技能"}

_NUMERALS = ("一", "二", "三", "四", "五", "六", "七", "八", "九", "十", "十一", "十二", "十三")
COMMON_WORKER = "普通工"  # 工勤技能岗位's 普通工岗位, below its five 技术工 grades
GRADES: dict[str, tuple[str, ...]] = {
    MANAGEMENT: tuple(f"管理{n}级" for n in _NUMERALS[:10]),  # 职员等级 一级–十级
    PROFESSIONAL: tuple(f"专业技术{n}级" for n in _NUMERALS),  # 一级–十三级
    WORKER: (*(f"工勤技能{n}级" for n in _NUMERALS[:5]), COMMON_WORKER),  # 技术工 一级–五级 and 普通工
}
_GRADE_CATEGORY = {grade: category for category, grades in GRADES.items() for grade in grades}

# What tables write for each category (after the suffix 岗位/岗/类 is dropped).
_CATEGORY_WORDS = {
    "管理": MANAGEMENT, "职员": MANAGEMENT,
    "专业技术": PROFESSIONAL, "专技": PROFESSIONAL,
    "工勤技能": WORKER, "工勤": WORKER,
}
_GRADE_PREFIXES = {**_CATEGORY_WORDS, "技术工": WORKER}
_GRADE = re.compile(r"^(?P<category>管理|职员|专业技术|专技|工勤技能|工勤|技术工)?(?:岗位|岗)?"
                    r"(?P<level>[一二三四五六七八九十]{1,3}|\d{1,2})级(?:岗位|岗)?$")
_COMMON_WORKER = re.compile(r"^(?:工勤技能|工勤)?(?:岗位|岗)?普通工(?:岗位|岗)?$")
# A note that is only a category word: 岗位名称（工勤）, （管理岗位）.
_NOTE_CATEGORY = re.compile(r"^(?P<word>管理|专业技术|专技|工勤技能|工勤)(?:岗位|岗|类)?$")


def _plain(text: str) -> str:
    return re.sub(r"\s", "", unicodedata.normalize("NFKC", text or ""))


def read_category(text: str) -> str | None:
    """'管理' / '专业技术岗位' / '工勤' → the category; None when the text names none of the three."""
    word = re.sub(r"(?:岗位|岗|类)$", "", _plain(text))
    return _CATEGORY_WORDS.get(word)


def read_grade(text: str, category: str | None = None) -> str | None:
    """'专业技术十级' / '专技10级' / '管理八级' / '普通工' → the official name; a bare '十级' only with the
    category it belongs to. None when the text is not one of the official grades."""
    plain = _plain(text)
    if _COMMON_WORKER.match(plain):
        return COMMON_WORKER
    match = _GRADE.match(plain)
    if match is None:
        return None
    category = _GRADE_PREFIXES.get(match.group("category") or "") or category
    if category is None:
        return None
    level = match.group("level")
    number = int(level) if level.isdigit() else _NUMERALS.index(level) + 1 if level in _NUMERALS else 0
    grades = GRADES[category]
    if category == WORKER:
        grades = grades[:-1]
    return grades[number - 1] if 1 <= number <= len(grades) else None


def category_of_grade(grade: str | None) -> str | None:
    return _GRADE_CATEGORY.get(grade or "")


def grade_belongs(grade: str | None, category: str | None) -> bool:
    """A blank grade fits any category; a grade fits only the category it is a grade of."""
    return not grade or (category is not None and category_of_grade(grade) == category)


def category_marked_in_name(name: str, note: str | None) -> str | None:
    """A clear marker in the post's own name: '工勤岗', '后勤工勤人员', or a note that is only a category word
    ('电工（工勤）'). '资产管理岗' names a duty, not the 管理 category, so only 工勤 counts in the name."""
    if "工勤" in _plain(name):
        return WORKER
    match = _NOTE_CATEGORY.match(_plain(note or ""))
    return _CATEGORY_WORDS[match.group("word")] if match else None
