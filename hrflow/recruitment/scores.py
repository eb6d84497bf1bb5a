"""Exam arithmetic: the 开考比例 check, panel marks, composite score and ranking with the tie-breaks HR uses."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass
class ExamCheck:
    """开考比例: a vacancy may hold its exam when it has `ratio` qualified applicants per opening."""

    qualified: int
    openings: int
    ratio: int

    @property
    def ok(self) -> bool:
        return self.qualified >= self.ratio * self.openings

    @property
    def reduced_openings(self) -> int:
        return self.qualified // self.ratio


def panel_score(marks: list[float], drop_extremes: bool) -> float:
    """Mean of the panel's marks; with drop_extremes the highest and lowest mark are left out
    (only when at least three marks remain meaningful, i.e. five or more marks … or three)."""
    if not marks:
        raise ValueError("no marks")
    values = sorted(marks)
    if drop_extremes and len(values) >= 3:
        values = values[1:-1]
    return round(sum(values) / len(values), 2)


def composite_score(written: float | None, interview: float | None, written_weight: float) -> float | None:
    """written × w + interview × (1 − w); a weight of 0 or 1 means one part only."""
    if written_weight >= 1:
        return None if written is None else round(written, 2)
    if written_weight <= 0:
        return None if interview is None else round(interview, 2)
    if written is None or interview is None:
        return None
    return round(written * written_weight + interview * (1 - written_weight), 2)


@dataclass
class Ranked:
    key: int
    composite: float | None
    interview: float | None
    written: float | None


def rank(entries: list[Ranked]) -> list[tuple[int, int | None]]:
    """(key, rank) ordered best first: composite, then interview, then written score; equal on all
    three share a rank. Entries without a composite score are unranked (None), last."""
    scored = [e for e in entries if e.composite is not None]
    scored.sort(key=lambda e: (-e.composite, -(e.interview or 0), -(e.written or 0), e.key))
    result: list[tuple[int, int | None]] = []
    previous: tuple | None = None
    current_rank = 0
    for position, entry in enumerate(scored, start=1):
        signature = (entry.composite, entry.interview or 0, entry.written or 0)
        if signature != previous:
            current_rank = position
            previous = signature
        result.append((entry.key, current_rank))
    result.extend((e.key, None) for e in entries if e.composite is None)
    return result
