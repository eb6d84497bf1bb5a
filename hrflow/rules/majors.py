"""Majors: the related majors a unit accepts and the majors of a category (…类)."""

from __future__ import annotations

import enum
import re
import unicodedata

# Majors a unit treats as related (configurable per unit; this is the library default).
RELATED_MAJORS = {
    "图书馆学": ["图书馆学", "图书情报", "情报学", "信息资源管理", "档案学", "图书情报与档案管理", "信息管理与信息系统"],
}
# Majors of a category (本科专业目录 / 高职专业目录, the ones a library meets most).
MAJOR_CATEGORIES = {
    "图书情报与档案管理类": ["图书馆学", "档案学", "信息资源管理", "图书情报", "情报学", "图书档案管理"],
    "计算机类": ["计算机科学与技术", "软件工程", "网络工程", "信息安全", "物联网工程", "数字媒体技术", "智能科学与技术",
               "数据科学与大数据技术", "网络空间安全", "人工智能", "计算机应用技术", "计算机网络技术", "软件技术"],
    "中国语言文学类": ["汉语言文学", "汉语言", "汉语国际教育", "古典文献学", "秘书学", "中国语言文学", "中文", "语言学及应用语言学"],
    "新闻传播学类": ["新闻学", "广播电视学", "广告学", "传播学", "编辑出版学", "网络与新媒体", "数字出版"],
    "历史学类": ["历史学", "世界史", "考古学", "文物与博物馆学", "文物保护技术", "中国史"],
    "工商管理类": ["工商管理", "市场营销", "会计学", "财务管理", "人力资源管理", "审计学", "资产评估", "物业管理",
                "文化产业管理"],
    "会计类": ["会计学", "会计", "财务管理", "审计学", "财务会计", "会计电算化", "大数据与会计", "财务会计教育"],
    "公共管理类": ["行政管理", "公共事业管理", "劳动与社会保障", "土地资源管理", "城市管理", "公共管理"],
    "电子信息类": ["电子信息工程", "电子科学与技术", "通信工程", "微电子科学与工程", "光电信息科学与工程", "信息工程",
                "电子信息科学与技术"],
}


class MajorMatch(enum.Enum):
    SAME = "same"
    RELATED = "related"  # in the unit's list of related majors
    UNCERTAIN = "uncertain"  # a category whose member list may be incomplete
    NONE = "none"


def normal_major(text: str) -> str:
    text = unicodedata.normalize("NFKC", text)
    text = re.sub(r"\(.*?\)|\s", "", text)
    return re.sub(r"专业$", "", text)


def match_major(held: str, wanted: str, related: dict[str, list[str]]) -> MajorMatch:
    held, wanted = normal_major(held), normal_major(wanted)
    if not held or not wanted:
        return MajorMatch.NONE
    if _same(held, wanted):
        return MajorMatch.SAME
    if wanted.endswith("类"):
        members = MAJOR_CATEGORIES.get(wanted, [])
        stem = wanted[:-1]
        if any(_same(held, m) for m in members) or (len(stem) >= 2 and stem in held):
            return MajorMatch.SAME
        return MajorMatch.UNCERTAIN
    if any(_same(held, r) for r in related.get(wanted, [])) or any(_same(wanted, r) for r in related.get(held, [])):
        return MajorMatch.RELATED
    return MajorMatch.NONE


def _same(held: str, wanted: str) -> bool:
    """'图书馆学(古籍方向)' is 图书馆学; '会计' is 会计学; '管理' is not 信息资源管理."""
    if wanted in held:
        return True
    return len(held) >= 2 and wanted.startswith(held)
