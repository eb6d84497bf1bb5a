"""Certificates: obsolete ones, driving licence classes, and matching a held certificate to a wanted one."""

from __future__ import annotations

import enum
import re
import unicodedata
from functools import lru_cache

OBSOLETE_CERTIFICATES = {
    "会计从业资格证书": "会计从业资格证书已于 2017-11-05 随《会计法》修订取消，不应作为资格条件",
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
    RELATED = "related"  # same family, another level whose order is unknown
    NONE = "none"


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
    held_key, wanted_key = certificate_key(held), certificate_key(wanted)
    if not held_key or not wanted_key:
        return Match.NONE
    if held_key == wanted_key or (len(wanted_key) >= 2 and wanted_key in held_key):
        return Match.SAME
    if held_key.startswith("普通话") and wanted_key.startswith("普通话"):
        held_rank, wanted_rank = _putonghua_rank(held_key), _putonghua_rank(wanted_key)
        if held_rank and wanted_rank:
            return Match.SAME if held_rank >= wanted_rank else Match.RELATED
    held_level, wanted_level = _family_level(held_key), _family_level(wanted_key)
    if held_level and wanted_level and held_level[0] == wanted_level[0]:
        family, level = held_level
        # Only English tests have a known order: CET-6 can only be taken after passing CET-4.
        if family == "英语" and _LEVEL_ORDER.get(level, 0) >= _LEVEL_ORDER.get(wanted_level[1], 99):
            return Match.SAME
        return Match.RELATED
    return Match.NONE


_LEVEL_ORDER = {"四": 4, "六": 6}
_KEY_NOISE = re.compile(r"全国|国家|中华人民共和国|资格证书|合格证书|资格证|合格证|证书|执照|考试|等级|水平|测试|有效|大学|的|证$")


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
