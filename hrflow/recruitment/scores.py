"""Exam arithmetic: the 开考比例 check, panel marks, the interview shortlist, 合格分数线, composite score and
ranking with the tie-breaks a vacancy names.

Every score is an exact decimal: marks are read from their written form (Decimal(str(x)), never the float's
binary value) and results are rounded half up to two places, as printed (84.625 → 84.63; float arithmetic
gives 84.62). Pure: no models, no database."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

CENT = Decimal("0.01")
HUNDRED = Decimal(100)
FULL_MARKS = (100, 150, 300)  # a part is marked out of one of these; the composite is on a 100 scale
# What breaks a tie in the composite, in order; equal on all of them: the same rank, HR decides.
TIE_KEYS = ("interview", "written", "bonus")
DEFAULT_TIE_BREAK = ("interview", "written")


def exact(value: float | Decimal | str | None) -> Decimal | None:
    """A mark as the decimal it was written as (a float's shortest repr: 84.625 stays 84.625)."""
    return None if value is None else Decimal(str(value))


def two_places(value: Decimal) -> Decimal:
    """Rounded half up to two places, as printed."""
    return value.quantize(CENT, rounding=ROUND_HALF_UP)


def places(value: Decimal) -> int:
    """How many decimal places a mark was written with (84.5 → 1)."""
    exponent = value.normalize().as_tuple().exponent
    return max(0, -exponent) if isinstance(exponent, int) else 0


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


@dataclass(frozen=True)
class ExamSettings:
    """How one vacancy's exam is marked (the vacancy's columns, read once)."""

    written_weight: Decimal = Decimal("0.5")  # the interview weighs 1 − w; 1: written only, 0: interview only
    written_full: int = 100
    interview_full: int = 100
    written_pass: Decimal | None = None  # 合格分数线 of each part, in that part's own marks
    interview_pass: Decimal | None = None
    shortlist_ratio: int | None = None  # the top ratio × openings by written score go to interview
    tie_break: tuple[str, ...] = DEFAULT_TIE_BREAK
    drop_extremes: bool = False

    @property
    def has_written(self) -> bool:
        return self.written_weight > 0

    @property
    def has_interview(self) -> bool:
        return self.written_weight < 1

    def full(self, part: str) -> int:
        return self.written_full if part == "written" else self.interview_full

    def pass_mark(self, part: str) -> Decimal | None:
        return self.written_pass if part == "written" else self.interview_pass


def panel_score(marks: list[float] | list[Decimal], drop_extremes: bool) -> Decimal:
    """Mean of the panel's marks; with drop_extremes the highest and lowest mark are left out (when three
    or more marks were given, so that at least one remains)."""
    if not marks:
        raise ValueError("no marks")
    values = sorted(exact(m) for m in marks)
    if drop_extremes and len(values) >= 3:
        values = values[1:-1]
    return two_places(sum(values) / len(values))


def composite_score(written, interview, written_weight, *, written_full: int = 100, interview_full: int = 100,
                    bonus=0) -> Decimal | None:
    """(written ÷ full × 100) × w + (interview ÷ full × 100) × (1 − w) + bonus, rounded half up to two
    places; a weight of 1 or 0 means one part only. None while a part that counts is missing."""
    weight = exact(written_weight)
    total = exact(bonus) or Decimal(0)
    for score, full, share in ((written, written_full, weight), (interview, interview_full, 1 - weight)):
        if share <= 0:
            continue
        if score is None:
            return None
        total += exact(score) / full * HUNDRED * share
    return two_places(total)


def failed_part(written, interview, settings: ExamSettings) -> str | None:
    """The part ("written" / "interview") below its 合格分数线, if any: not qualified, not ranked."""
    for part, score in (("written", written), ("interview", interview)):
        line = settings.pass_mark(part)
        if line is not None and score is not None and exact(score) < line:
            return part
    return None


def shortlist(written: dict[int, Decimal | None], openings: int, ratio: int | None,
              pass_mark: Decimal | None = None) -> set[int] | None:
    """Who goes to the interview: the best ratio × openings by written score, everyone tied with the last
    of them too; below the written 合格分数线 never. None: no shortlist, everyone goes."""
    if not ratio:
        return None
    scored = sorted(((score, key) for key, score in written.items()
                     if score is not None and (pass_mark is None or score >= pass_mark)), reverse=True)
    places_ = ratio * openings
    if len(scored) <= places_:
        return {key for _, key in scored}
    boundary = scored[places_ - 1][0]
    return {key for score, key in scored if score >= boundary}


@dataclass
class Ranked:
    key: int
    composite: Decimal | float | None
    interview: Decimal | float | None
    written: Decimal | float | None
    bonus: Decimal | float = 0
    qualified: bool = True  # False: below a 合格分数线, shown but never ranked


def _tie_values(entry: Ranked, order: tuple[str, ...]) -> tuple:
    return tuple(exact(getattr(entry, key) or 0) for key in order)


def rank(entries: list[Ranked], tie_break: tuple[str, ...] = DEFAULT_TIE_BREAK) -> list[tuple[int, int | None]]:
    """(key, rank) ordered best first: composite, then the tie-break keys in order; equal on all of them
    share a rank (HR decides between them). Entries without a composite, or not qualified, are unranked
    (None), last."""
    scored = [e for e in entries if e.composite is not None and e.qualified]
    signature = {e.key: (exact(e.composite), *_tie_values(e, tie_break)) for e in scored}
    scored.sort(key=lambda e: (tuple(-v for v in signature[e.key]), e.key))
    result: list[tuple[int, int | None]] = []
    previous: tuple | None = None
    current_rank = 0
    for position, entry in enumerate(scored, start=1):
        if signature[entry.key] != previous:
            current_rank = position
            previous = signature[entry.key]
        result.append((entry.key, current_rank))
    ranked = {key for key, _ in result}
    result.extend((e.key, None) for e in entries if e.key not in ranked)
    return result
