"""Certificates: obsolete ones, driving licence classes, and matching a held certificate to a wanted one."""

from __future__ import annotations

import enum
import re
import unicodedata
from functools import lru_cache

from hrflow.rules.wording import N_

OBSOLETE_CERTIFICATES = {
    "会计从业资格证书": str(N_("会计从业资格证书已于 2017-11-05 随《会计法》修订取消，不应作为资格条件")),
}
DRIVING_LICENCE = "机动车驾驶证"
# Each licence class and the classes it also permits one to drive (准驾车型).
_DRIVING_PERMITS = {
    "A1": {"A1", "A3", "B1", "B2", "C1", "C2", "C3"},
    "A2": {"A2", "B1", "B2", "C1", "C2", "C3"},
    "A3": {"A3", "C1", "C2", "C3"},
    "B1": {"B1", "C1", "C2", "C3"},
    "B2": {"B2", "C1", "C2", "C3"},
    "C1": {"C1", "C2", "C3"},
    "C2": {"C2"},
    "C3": {"C3"},
}
DRIVING_CLASS_PATTERN = r"(?<![A-Za-z])([ABC][123])(?![0-9])"


class Match(enum.Enum):
    SAME = "same"  # the wanted certificate (or a higher one of the same family)
    RELATED = "related"  # same family, another level whose order is unknown, or one name inside the other
    PROOF = "proof"  # an exam pass, a score or a receipt: not the certificate itself
    NONE = "none"


# Teacher certificates by level (《教师资格条例》第五条): a certificate allows teaching at its own level and
# below; 高级中学 and 中等职业学校 certificates are interchangeable; 实习指导 allows only practical training.
_TEACHER_LEVELS = {"幼儿园": 1, "小学": 2, "初级中学": 3, "初中": 3, "高级中学": 4, "高中": 4, "中等职业学校": 4,
                   "中职": 4, "高等学校": 5, "高校": 5}
TEACHER_LEVEL_PATTERN = "|".join(sorted(_TEACHER_LEVELS, key=len, reverse=True))
TEACHER_SUBJECT_PATTERN = ("思想政治|道德与法治|心理健康教育|心理健康|信息技术|通用技术|体育与健康|语文|数学|英语|物理|化学|生物"
                           "|历史|地理|政治|音乐|体育|美术|科学|日语|俄语")
_TEACHER = re.compile(rf"(?P<level>{TEACHER_LEVEL_PATTERN})?(?:及以上|以上)?(?:教师)?(?P<guidance>实习指导)?"
                      rf"(?:(?P<subject>{TEACHER_SUBJECT_PATTERN})(?:学科)?)?(?P<fit>相应学科|相关学科|相应|相关)?教师资格")
# A passed exam or a score is not the certificate ('教师资格考试合格证明').
_PROOF_ONLY = re.compile(r"合格证明|成绩(?:单|证明|报告)|(?:考试|笔试|面试)合格(?!证书|证)")
_GRADE_ORDER = {"初级": 1, "中级": 2, "高级": 3}


def driving_classes(text: str) -> set[str]:
    return {c.upper() for c in re.findall(DRIVING_CLASS_PATTERN, unicodedata.normalize("NFKC", text).upper())}


def is_driving_licence(text: str) -> bool:
    return bool(re.search(r"驾驶证|驾照|驾驶执照|驾驶本", text))


def permits(held_class: str, wanted_class: str) -> bool:
    """Does a licence of held_class allow driving wanted_class? 'A'/'B' alone mean any A/B licence ('B照')."""
    if wanted_class in ("A", "B"):
        return held_class[:1] <= wanted_class and held_class in _DRIVING_PERMITS
    return wanted_class in _DRIVING_PERMITS.get(held_class, {held_class})


def match_certificate(held: str, wanted: str) -> Match:
    """Whole names, not parts of them: '注册会计师' is no '会计证', a 小学 teacher certificate no 高校 one."""
    held_key, wanted_key = certificate_key(held), certificate_key(wanted)
    if not held_key or not wanted_key:
        return Match.NONE
    if _PROOF_ONLY.search(_plain(held)) and not _PROOF_ONLY.search(_plain(wanted)):
        return Match.PROOF
    if held_key == wanted_key:
        return Match.SAME
    teacher = _teacher_match(held, wanted)
    if teacher is not None:
        return teacher
    if held_key.startswith("普通话") and wanted_key.startswith("普通话"):
        held_rank, wanted_rank = _putonghua_rank(held_key), _putonghua_rank(wanted_key)
        if held_rank and wanted_rank:
            # The six grades are one scale: a lower grade is simply not the one asked for.
            return Match.SAME if held_rank >= wanted_rank else Match.NONE
    held_level, wanted_level = _family_level(held_key), _family_level(wanted_key)
    if held_level and wanted_level and held_level[0] == wanted_level[0]:
        family, level = held_level
        # Only English tests have a known order: CET-6 can only be taken after passing CET-4.
        if family == "英语" and level in _LEVEL_ORDER and wanted_level[1] in _LEVEL_ORDER:
            return Match.SAME if _LEVEL_ORDER[level] >= _LEVEL_ORDER[wanted_level[1]] else Match.NONE
        return Match.RELATED
    return _graded_match(held_key, wanted_key)


def _graded_match(held_key: str, wanted_key: str) -> Match:
    """'中级消防设施操作员' for '消防设施操作员' (any grade will do) or for '初级消防设施操作员' (higher grade);
    a name inside the other ('电工上岗证' in '某省电工上岗证') is for HR to judge, never a plain match."""
    held_grade, held_family = _grade(held_key)
    wanted_grade, wanted_family = _grade(wanted_key)
    if held_family == wanted_family:
        if wanted_grade is None or (held_grade and _GRADE_ORDER[held_grade] >= _GRADE_ORDER[wanted_grade]):
            return Match.SAME
        return Match.NONE if held_grade else Match.RELATED
    if len(wanted_key) >= 2 and (wanted_key in held_key or held_key in wanted_key):
        return Match.RELATED
    return Match.NONE


def _grade(key: str) -> tuple[str | None, str]:
    match = re.search(r"初级|中级|高级", key)
    return (match.group(0), key.replace(match.group(0), "", 1)) if match else (None, key)


def _teacher_match(held: str, wanted: str) -> Match | None:
    """Teacher certificates by level and subject; None when either is no teacher certificate."""
    held_cert, wanted_cert = teacher_certificate(held), teacher_certificate(wanted)
    if held_cert is None or wanted_cert is None:
        return None
    (held_level, held_subject, held_guidance), (wanted_level, wanted_subject, wanted_guidance) = held_cert, wanted_cert
    if held_guidance != wanted_guidance:
        return Match.RELATED if wanted_guidance else Match.NONE
    if wanted_level is not None:
        if held_level is None:
            return Match.RELATED
        if held_level < wanted_level:
            return Match.NONE
    if wanted_subject is None:
        return Match.SAME
    if wanted_subject == "相应" or held_subject is None:
        # The post's own subject ('相应学科'), or a certificate that names none: HR compares them.
        return Match.RELATED
    return Match.SAME if held_subject == wanted_subject else Match.NONE


def teacher_certificate(text: str) -> tuple[int | None, str | None, bool] | None:
    """'高级中学语文教师资格证书' → (4, '语文', False); '相应学科教师资格' → (None, '相应', False); None if no teacher
    certificate. The subject '相应/相关' stands for whichever the post teaches: HR checks it."""
    match = _TEACHER.search(_plain(text))
    if not match:
        return None
    level = _TEACHER_LEVELS.get(match.group("level") or "")
    subject = match.group("subject") or (match.group("fit") and "相应")
    return level, subject or None, bool(match.group("guidance"))


def _plain(text: str) -> str:
    return re.sub(r"\s+", "", unicodedata.normalize("NFKC", text))


_LEVEL_ORDER = {"四": 4, "六": 6}
# Brackets around a grade or a kind of work ('消防设施操作员（中级）', '特种作业操作证（电工作业）') are dropped,
# their words kept; '及以上' says what else will do, not what the certificate is called.
_KEY_NOISE = re.compile(r"全国|国家|中华人民共和国|资格证书|合格证书|资格证|合格证|证书|执照|考试|等级|水平|测试|有效|大学|的"
                        r"|[()]|及以上|或以上|以上|证$|资格$")


@lru_cache(maxsize=4096)
def certificate_key(text: str) -> str:
    """A comparable form: '全国计算机等级考试二级证书' and '计算机2级' both → '计算机二级'."""
    text = unicodedata.normalize("NFKC", text).upper().replace(" ", "")
    text = re.sub(r"CET-?([46])", lambda m: f"英语{'四' if m.group(1) == '4' else '六'}级", text)
    text = re.sub(r"(\d)级", lambda m: "零一二三四五六七八九"[int(m.group(1))] + "级", text)
    return _KEY_NOISE.sub("", text)


def _putonghua_rank(key: str) -> int | None:
    """一级甲等 (6) > 一级乙等 > 二级甲等 > 二级乙等 > 三级甲等 > 三级乙等 (1)."""
    match = re.search(r"([一二三])级([甲乙])等", key)
    if not match:
        return None
    return (3 - "一二三".index(match.group(1))) * 2 - (match.group(2) == "乙")


def _family_level(key: str) -> tuple[str, str] | None:
    match = re.search(r"(.+?)([一二三四五六七八])级", key)
    return (match.group(1), match.group(2)) if match else None
