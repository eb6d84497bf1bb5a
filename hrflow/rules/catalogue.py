"""The official majors catalogues as data, read once when first needed.

本科: 门类 → 专业类 (计算机类 0809) → 专业 (软件工程 080902), from data/majors_undergraduate.csv.
研究生: 门类 → 一级学科 (中国语言文学 0501) → 二级学科 (汉语言文字学 050103), from data/majors_graduate.csv.
Each file's header says where its rows come from and what is missing; a major that is not listed is
unknown here, and unknown never means 'not met'."""

from __future__ import annotations

import csv
import enum
import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources

from hrflow.rules.wording import N_, Said, joined, said, semicolons

UNDERGRADUATE, GRADUATE = "本科", "研究生"
# 一级学科 renamed in the 2022 目录, by the names post tables still use: 1205 图书馆、情报与档案管理 (written
# 图书情报与档案管理 like its 本科 专业类) is 信息资源管理; 1202 工商管理 and 1204 公共管理 became 工商管理学 and
# 公共管理学 (工商管理 and 公共管理 are now the professional degrees 1251 and 1252, read as well).
FORMER_FIRSTS = {"图书情报与档案管理": "信息资源管理", "图书馆、情报与档案管理": "信息资源管理",
                 "图书馆情报与档案管理": "信息资源管理", "工商管理": "工商管理学", "公共管理": "公共管理学"}


@dataclass(frozen=True)
class Group:
    """A group of majors: a 专业类 (本科) or a 一级学科 (研究生)."""

    code: str
    name: str
    level: str

    def label(self) -> Said:
        if self.level == GRADUATE:
            return N_("%(name)s（%(code)s）一级学科", name=self.name, code=self.code)
        return N_("%(name)s（%(code)s）", name=self.name, code=self.code)


@dataclass(frozen=True)
class Major:
    """A major as the catalogue lists it; a 一级学科 written as a major is one too (its own group)."""

    code: str
    name: str
    group: Group

    @property
    def level(self) -> str:
        return self.group.level

    def label(self) -> Said:
        if self.level == UNDERGRADUATE:
            return N_("%(name)s（%(code)s）", name=self.name, code=self.code)
        if self.code == self.group.code:
            return N_("%(name)s（%(code)s，研究生一级学科）", name=self.name, code=self.code)
        return N_("%(name)s（%(code)s，研究生二级学科）", name=self.name, code=self.code)


class Membership(enum.Enum):
    IN = "in"  # the held major belongs to the group
    OUT = "out"  # the catalogue lists the held major, in other groups only
    UNKNOWN = "unknown"  # the held major, or the group, is not in the catalogue


@dataclass(frozen=True)
class Placement:
    membership: Membership
    evidence: str


@dataclass(frozen=True)
class Catalogue:
    majors: dict[str, tuple[Major, ...]]  # normal name → every listing of that name
    classes: dict[str, Group]  # '计算机类' → 专业类 0809
    firsts: dict[str, Group]  # '中国语言文学' → 一级学科 0501

    def groups(self, wanted: str) -> tuple[Group, ...]:
        """'中国语言文学类' → the 专业类 and the 一级学科 of the same name; '中国语言文学' → both as well;
        a name that is an undergraduate major ('计算机科学与技术') names only its 一级学科, not a 专业类."""
        name = major_name(wanted)
        stem = name.removesuffix("类")
        found = []
        if name.endswith("类") or not any(m.level == UNDERGRADUATE for m in self.majors.get(name, ())):
            found.append(self.classes.get(stem + "类"))
        found.append(self.firsts.get(stem))
        found.append(self.firsts.get(FORMER_FIRSTS.get(stem, "")))
        return tuple(dict.fromkeys(g for g in found if g is not None))

    def homes(self, held: str, level: str | None = None) -> Said:
        """Where the catalogue lists a major ('学前教育（040106）属 教育学类（0401）'); '' when it does not."""
        listed = [m for m in self.majors.get(major_name(held), ()) if level is None or m.level == level]
        return semicolons(_belongs(m, m.group) for m in listed)

    def place(self, held: str, wanted: str, level: str | None = None) -> Placement:
        """Where the held major stands against a wanted group (专业类 or 一级学科), with the entry that says so.

        level: 本科 or 研究生 to read only that catalogue (the applicant's education), None for both."""
        groups = self.groups(wanted)
        if not groups:
            return Placement(Membership.UNKNOWN, N_("“%(wanted)s”不在本科专业目录或研究生学科目录中", wanted=wanted))
        listed = [m for m in self.majors.get(major_name(held), ()) if level is None or m.level == level]
        if not listed:
            return Placement(Membership.UNKNOWN, N_("专业%(held)s不在%(level)s专业目录中", held=held,
                                                    level=level or N_("本科或研究生")))
        for major in listed:
            group = next((g for g in groups if g == major.group), None)
            if group is not None:
                return Placement(Membership.IN, _belongs(major, group))
        wanted_labels = joined(N_("、"), (g.label() for g in groups))
        homes = semicolons(_belongs(m, m.group) for m in listed)
        # Only a catalogue that holds both the major and the group can say the major is outside the group: a
        # graduate 二级学科 against a 本科 专业类 of another name, or a professional degree (专业学位类别, code
        # xx5x) against an academic 一级学科, is for HR to match.
        comparable = [m for m in listed if not _professional(m.group)
                      and any(g.level == m.level and not _professional(g) for g in groups)]
        if not comparable:
            return Placement(Membership.UNKNOWN, homes + N_("，与 %(wanted)s 不在同一目录或同一学位类型中，需人工认定",
                                                            wanted=wanted_labels))
        return Placement(Membership.OUT, homes + N_("，不属 %(wanted)s", wanted=wanted_labels))


def _professional(group: Group) -> bool:
    """A 专业学位类别 (1253 会计, 1255 图书情报): the third digit of a graduate code is 5."""
    return group.level == GRADUATE and group.code[2:3] == "5"


def _belongs(major: Major, group: Group) -> Said:
    if major.code == group.code:
        return said(major.label())
    return N_("%(major)s属 %(group)s", major=major.label(), group=group.label())


def major_name(text: str) -> str:
    """The name a major is compared by: no brackets ('图书馆学（古籍方向）'), spaces or '专业' at the end."""
    text = unicodedata.normalize("NFKC", text or "")
    text = re.sub(r"\(.*?\)|\s", "", text)
    return re.sub(r"专业$", "", text)


@lru_cache(maxsize=1)
def catalogue() -> Catalogue:
    """Both catalogues, read from the package's data files once per process."""
    majors: dict[str, list[Major]] = {}
    classes: dict[str, Group] = {}
    firsts: dict[str, Group] = {}
    for row in _rows("majors_undergraduate.csv"):
        group = classes.setdefault(row["类"], Group(row["类代码"], row["类"], UNDERGRADUATE))
        majors.setdefault(row["专业"], []).append(Major(row["专业代码"], row["专业"], group))
    for row in _rows("majors_graduate.csv"):
        first = firsts.setdefault(row["一级学科"], Group(row["一级学科代码"], row["一级学科"], GRADUATE))
        if row["二级学科"]:
            majors.setdefault(row["二级学科"], []).append(Major(row["二级学科代码"], row["二级学科"], first))
        elif not any(m.code == first.code for m in majors.get(first.name, [])):
            majors.setdefault(first.name, []).append(Major(first.code, first.name, first))
    return Catalogue({name: tuple(found) for name, found in majors.items()}, classes, firsts)


def _rows(filename: str) -> list[dict[str, str]]:
    text = resources.files("hrflow.rules").joinpath("data", filename).read_text(encoding="utf-8")
    lines = [line for line in text.splitlines() if line and not line.startswith("#")]
    return list(csv.DictReader(lines))
