"""The arithmetic of an examiner panel's 面试 score (docs/domain-rules.md, “Examiner panels”).

Each examiner marks every 测评要素 of the post; an element weighs `weight` (a post's weights add up to 1)
and is marked out of `full`; an examiner's total is Σ mark ÷ full × weight × scale (the post's interview
full marks). The round's rule then either leaves out the highest and lowest mark of each element before
averaging it, or the highest and lowest total, or nothing; the result is rounded half up or truncated to
two places. A post split over rooms is evened out by 二次平均: each score × (mean of every candidate of the
post ÷ mean of the candidates of their room).

Exact decimals throughout, rounded once at the end. Pure: no models, no database."""

from __future__ import annotations

from collections.abc import Hashable, Mapping, Sequence
from dataclasses import dataclass, field
from decimal import ROUND_DOWN, ROUND_HALF_UP, Decimal

from hrflow.recruitment.scores import CENT, exact

DROP_RULES = ("element", "total", "none")
ROUNDINGS = ("round", "truncate")
MIN_TO_DROP = 3  # with fewer marks nothing is left out: one must remain


@dataclass(frozen=True)
class Element:
    key: Hashable
    weight: Decimal
    full: int


@dataclass
class PanelResult:
    score: Decimal  # rounded by the rule
    totals: dict[Hashable, Decimal]  # each examiner's weighted total, exact
    dropped: set[tuple[Hashable, Hashable | None]] = field(default_factory=set)  # (examiner, element or None: the total)


def to_places(value: Decimal, rounding: str) -> Decimal:
    """Two places: half up, or truncated (截取, the rest dropped)."""
    if rounding not in ROUNDINGS:
        raise ValueError(f"unknown rounding {rounding!r}")
    return value.quantize(CENT, rounding=ROUND_HALF_UP if rounding == "round" else ROUND_DOWN)


def trimmed(values: Mapping[Hashable, Decimal], drop: bool) -> tuple[Decimal, set[Hashable]]:
    """The mean of the values, and the keys left out: with `drop` and at least three values, one highest and
    one lowest (the first of equal ones, in key order, so the sheet names the same examiner each time)."""
    if not values:
        raise ValueError("no marks")
    left_out: set[Hashable] = set()
    if drop and len(values) >= MIN_TO_DROP:
        ordered = sorted(values, key=lambda key: (values[key], str(key)))
        left_out = {ordered[0], ordered[-1]}
    kept = [value for key, value in values.items() if key not in left_out]
    return sum(kept, Decimal(0)) / len(kept), left_out


def examiner_total(marks: Mapping[Hashable, Decimal | float], elements: Sequence[Element], scale: int) -> Decimal:
    return sum((exact(marks[e.key]) / e.full * e.weight * scale for e in elements), Decimal(0))


def candidate_score(sheets: Mapping[Hashable, Mapping[Hashable, Decimal | float]], elements: Sequence[Element],
                    *, drop: str, rounding: str, scale: int = 100) -> PanelResult:
    """One candidate's score from the sheets of the examiners who marked them (回避: no sheet)."""
    if drop not in DROP_RULES:
        raise ValueError(f"unknown drop rule {drop!r}")
    if not sheets:
        raise ValueError("no marks")
    totals = {examiner: examiner_total(marks, elements, scale) for examiner, marks in sheets.items()}
    if drop == "element":
        score, dropped = Decimal(0), set()
        for element in elements:
            mean, out = trimmed({examiner: exact(marks[element.key]) for examiner, marks in sheets.items()}, True)
            score += mean / element.full * element.weight * scale
            dropped |= {(examiner, element.key) for examiner in out}
        return PanelResult(to_places(score, rounding), totals, dropped)
    mean, out = trimmed(totals, drop == "total")
    return PanelResult(to_places(mean, rounding), totals, {(examiner, None) for examiner in out})


def second_average(rooms: Mapping[Hashable, Mapping[Hashable, Decimal]], rounding: str) -> dict[Hashable, Decimal]:
    """二次平均: each candidate's score × (the post's mean ÷ their room's mean). One room: unchanged."""
    if len(rooms) <= 1:
        return {key: score for scores in rooms.values() for key, score in scores.items()}
    everyone = [score for scores in rooms.values() for score in scores.values()]
    overall = sum(everyone, Decimal(0)) / len(everyone)
    result = {}
    for scores in rooms.values():
        room_mean = sum(scores.values(), Decimal(0)) / len(scores)
        for key, score in scores.items():
            result[key] = to_places(score * overall / room_mean, rounding) if room_mean else score
    return result


def weights_complete(weights: Sequence[Decimal | float]) -> bool:
    """A post's element weights add up to exactly 1."""
    return bool(weights) and sum((exact(w) for w in weights), Decimal(0)) == 1
