"""Statutory retirement age after the 2025 reform (渐进式延迟法定退休年龄).

Base age: men 60; women 55 in management / professional posts; women 50 in worker (工勤) posts.
Delay: +1 month for every 4 months of birth after the start month (every 2 months for women-50),
capped: men from 1965-01 and women-55 from 1970-01 up to 36 months; women-50 from 1975-01 up to
60 months. delay = 0 before the start month, else min(cap, floor(months since start ÷ step) + 1)."""

from __future__ import annotations

import calendar
from dataclasses import dataclass
from datetime import date


@dataclass(frozen=True)
class Scheme:
    base_years: int
    start: tuple[int, int]
    step_months: int
    cap_months: int


MEN = Scheme(60, (1965, 1), 4, 36)
WOMEN_55 = Scheme(55, (1970, 1), 4, 36)
WOMEN_50 = Scheme(50, (1975, 1), 2, 60)


def scheme_for(gender: str, worker_post: bool, override: str | None = None) -> Scheme:
    """override: 'men' / 'women55' / 'women50' for a person whose scheme differs from their post's."""
    if override:
        return {"men": MEN, "women55": WOMEN_55, "women50": WOMEN_50}[override]
    if gender == "男":
        return MEN
    return WOMEN_50 if worker_post else WOMEN_55


def possible_schemes(gender: str, worker_post: bool | None, override: str | None = None) -> list[Scheme]:
    """The schemes that may apply: one, or for a woman on a post of unknown category (worker_post None)
    both women-55 and women-50, since the category decides and is not guessed."""
    if worker_post is None and not override and gender != "男":
        return [WOMEN_55, WOMEN_50]
    return [scheme_for(gender, bool(worker_post), override)]


def delay_months(birth: date, scheme: Scheme) -> int:
    months_since_start = (birth.year - scheme.start[0]) * 12 + (birth.month - scheme.start[1])
    if months_since_start < 0:
        return 0
    return min(scheme.cap_months, months_since_start // scheme.step_months + 1)


def retirement_age(birth: date, scheme: Scheme) -> tuple[int, int]:
    """(years, months), e.g. (60, 1)."""
    total = scheme.base_years * 12 + delay_months(birth, scheme)
    return divmod(total, 12)


def retirement_date(birth: date, scheme: Scheme) -> date:
    """The day the person reaches the statutory retirement age."""
    years, months = retirement_age(birth, scheme)
    month_index = birth.month - 1 + months
    year = birth.year + years + month_index // 12
    month = month_index % 12 + 1
    day = min(birth.day, calendar.monthrange(year, month)[1])
    return date(year, month, day)


def age_on(birth: date, on: date) -> int:
    """Full years of age on a day; a birthday on that day counts."""
    return on.year - birth.year - ((on.month, on.day) < (birth.month, birth.day))
