"""Majors: a held major against a wanted one, by whole names, the unit's related majors and the official
catalogues ('计算机类' is the catalogue's 专业类 0809, not every name containing 计算机)."""

from __future__ import annotations

import enum
from dataclasses import dataclass

from hrflow.rules.catalogue import GRADUATE, UNDERGRADUATE, Membership, Placement, catalogue, major_name
from hrflow.rules.wording import N_

# Majors a unit treats as related (configurable per unit; this is the library default). A unit may also
# list members of a group the catalogues do not know ('会计类': [...]).
RELATED_MAJORS = {
    "图书馆学": ["图书馆学", "图书情报", "情报学", "信息资源管理", "档案学", "图书情报与档案管理", "信息管理与信息系统"],
}


class MajorMatch(enum.Enum):
    SAME = "same"  # the wanted major, or a member of the wanted group
    RELATED = "related"  # in the unit's list of related majors
    UNCERTAIN = "uncertain"  # a group the catalogues cannot place the held major in or out of
    NONE = "none"


@dataclass(frozen=True)
class MajorResult:
    match: MajorMatch
    note: str = ""  # the catalogue entry that decided, e.g. '汉语言文学（050101）属 中国语言文学类（0501）'


def normal_major(text: str) -> str:
    return major_name(text)


def match_major(held: str, wanted: str, related: dict[str, list[str]], level: str | None = None) -> MajorMatch:
    return explain_major(held, wanted, related, level).match


def explain_major(held: str, wanted: str, related: dict[str, list[str]], level: str | None = None) -> MajorResult:
    """How the held major stands against one wanted major or group.

    level is the catalogue the applicant's major can come from: 本科 for a bachelor's or below, 研究生 for a
    master's or doctorate (whose major may also carry its bachelor's name), None when the education is not
    known: then a graduate-only placement is for HR, since it holds only if the applicant is a graduate."""
    held, wanted = major_name(held), major_name(wanted)
    if not held or not wanted:
        return MajorResult(MajorMatch.NONE)
    if same_major(held, wanted):
        return MajorResult(MajorMatch.SAME)
    # A bachelor's major is read in the undergraduate catalogue only; a graduate's in both.
    placement = _place(held, wanted, None if level == GRADUATE else UNDERGRADUATE)
    if placement is not None and placement.membership == Membership.IN:
        return MajorResult(MajorMatch.SAME, placement.evidence)
    if _related(held, wanted, related):
        return MajorResult(MajorMatch.RELATED)
    graduate = _place(held, wanted, GRADUATE) if level is None else None
    if graduate is not None and graduate.membership == Membership.IN:
        return MajorResult(MajorMatch.UNCERTAIN, N_("按研究生学科目录，%(placement)s；报名信息未写明学历层次",
                                                        placement=graduate.evidence))
    if placement is not None and placement.membership == Membership.OUT:
        return MajorResult(MajorMatch.NONE, placement.evidence)
    if wanted.endswith("类") or (placement is not None and placement.membership == Membership.UNKNOWN
                                 and not _is_major(wanted, level)):
        # A group the catalogues cannot settle (an unlisted major, a group they do not know, or a major and a
        # group in different catalogues): HR decides.
        return MajorResult(MajorMatch.UNCERTAIN, placement.evidence if placement else "")
    # A single major asked for by name: where the held one is listed says why it is another.
    return MajorResult(MajorMatch.NONE, catalogue().homes(held, None if level == GRADUATE else UNDERGRADUATE))


def _place(held: str, wanted: str, scope: str | None) -> Placement | None:
    """The catalogue's word on a wanted group, read in one catalogue (本科/研究生) or both (None); None when
    the wanted name is no group but a single major."""
    if not catalogue().groups(wanted):
        return None
    return catalogue().place(held, wanted, scope)


def _is_major(name: str, level: str | None) -> bool:
    """A name the catalogue lists as a major at the applicant's level ('教育学' for a 本科): then it is asked
    for by its whole name, not as a group."""
    return any(level in (None, m.level) and m.code != m.group.code for m in catalogue().majors.get(name, ()))


def same_major(held: str, wanted: str) -> bool:
    """Whole names only: '会计' is 会计学, but 教育学 is not 学前教育学 and 汉语言 is not 汉语言文学."""
    held, wanted = major_name(held), major_name(wanted)
    return bool(held) and (held == wanted or (len(held) >= 2 and len(wanted) >= 2 and (
        held + "学" == wanted or wanted + "学" == held)))


def _related(held: str, wanted: str, related: dict[str, list[str]]) -> bool:
    return (any(same_major(held, r) for r in related.get(wanted, []))
            or any(same_major(wanted, r) for r in related.get(held, [])))
