"""The 优秀 quota of the annual assessment, as pure functions (no database, no Flask).

Rules (../shared/docs/domain.md §4):
- 优秀 is at most ``rate`` per cent of the people who count for the quota: 20% by default, up to
  25% with an approval (its reason is kept on the cycle), and at most 15% in a unit graded 不合格
  overall — that cap wins over the raise.
- Rounding is configurable. The default is **floor**: the quota is a ceiling ("at most 20%"),
  so it is never rounded up past it. Consequence for small units: 20% of 1–4 people floors to 0
  (nobody may be 优秀), 5–9 people give 1, 10–14 give 2. ``half_up`` rounds 2.5 to 3, ``ceil``
  gives 1 to any unit of 1–5.
- The rate is a ceiling (第十五条): 20% at most (a unit may set less); above 20% only with an
  approval (文号 and date) and never above 25%; at most 15% for a unit rated 不合格 or held
  accountable (``check_rate``).
- Who counts (``QuotaBase``): 第十五条 counts 应参加年度考核的工作人员总人数, so by default every
  participant counts, those taking part without a grade included (comments only, long leave, under
  investigation). Some provinces count only the people who receive a grade: ``graded``.
- Departments: the unit quota is the binding cap. Its split over departments (largest
  remainders, so the parts add up to exactly the unit quota and a small department can still get
  a place) is a guide for the committee; a cycle may choose to enforce it as well.

Rates are whole per cents and the arithmetic is on integers, so 20% of 5 is exactly 1.
"""

from __future__ import annotations

import enum
from collections.abc import Hashable, Iterable, Mapping
from dataclasses import dataclass


class Rounding(enum.StrEnum):
    FLOOR = "floor"  # 向下取整 (default)
    HALF_UP = "half_up"  # 四舍五入
    CEIL = "ceil"  # 向上取整

    @property
    def label(self) -> str:
        return {"floor": "向下取整", "half_up": "四舍五入", "ceil": "向上取整"}[self.value]


DEFAULT_RATE = 20
RAISED_RATE = 25
FAILED_UNIT_RATE = 15


class QuotaBase(enum.StrEnum):
    ALL_PARTICIPANTS = "all_participants"  # 应参加年度考核的工作人员总人数 (第十五条)
    GRADED = "graded"  # only the people who receive a grade (some provinces)


class RateRefused(ValueError):
    """The 优秀 rate asked for breaks 第十五条; the message says why (in Chinese, shown as it is)."""


def check_rate(rate: int, *, approval: str | None = None, unit_failed: bool = False,
               ceiling: int = DEFAULT_RATE, maximum: int = RAISED_RATE, failed_cap: int = FAILED_UNIT_RATE) -> int:
    """The 优秀 rate a cycle may use, or RateRefused: ≤ ``ceiling`` freely, up to ``maximum`` with an
    approval, never above it; ≤ ``failed_cap`` when the unit was rated 不合格 or held accountable.

    >>> check_rate(25, approval="人社批〔2025〕3号")
    25
    """
    if not 0 <= rate <= 100:
        raise RateRefused(f"优秀比例“{rate}”应为 0–100 的整数")
    if rate > maximum:
        raise RateRefused(f"优秀比例 {rate}% 超过上限：经批准也不超过 {maximum}%（考核规定第十五条）")
    if unit_failed and rate > failed_cap:
        raise RateRefused(f"单位考核不合格或被问责，优秀比例不超过 {failed_cap}%（考核规定第十五条）")
    if rate > ceiling and not (approval or "").strip():
        raise RateRefused(f"优秀比例超过 {ceiling}% 须经批准，请填写批准文号（考核规定第十五条）")
    return rate


def excellent_quota(participants: int, rate: int = DEFAULT_RATE, rounding: Rounding | str = Rounding.FLOOR) -> int:
    """How many people may be 优秀 among ``participants`` at ``rate`` per cent.

    >>> [excellent_quota(n) for n in (0, 1, 4, 5, 9, 10, 11)]
    [0, 0, 0, 1, 1, 2, 2]
    """
    if participants < 0:
        raise ValueError("participants must not be negative")
    if not 0 <= rate <= 100:
        raise ValueError("rate is a per cent between 0 and 100")
    share = participants * rate  # the quota times 100
    match Rounding(rounding):
        case Rounding.FLOOR:
            return share // 100
        case Rounding.CEIL:
            return -(-share // 100)
        case Rounding.HALF_UP:
            return (2 * share + 100) // 200


def effective_rate(
    base_rate: int = DEFAULT_RATE,
    *,
    raised: bool = False,
    raised_rate: int = RAISED_RATE,
    unit_failed: bool = False,
    failed_unit_rate: int = FAILED_UNIT_RATE,
) -> int:
    """The rate in force: the base, or the raised rate when approved; never above the cap of a
    unit graded 不合格 overall."""
    rate = max(base_rate, raised_rate) if raised else base_rate
    return min(rate, failed_unit_rate) if unit_failed else rate


def counts_for_quota(special_case: str | None, base: QuotaBase | str = QuotaBase.GRADED) -> bool:
    """Everyone counts for ``all_participants``; only people without a special case for ``graded``."""
    return QuotaBase(base) == QuotaBase.ALL_PARTICIPANTS or special_case in (None, "", "none")


def quota_base(special_cases: Iterable[str | None], base: QuotaBase | str = QuotaBase.GRADED) -> int:
    """The number of participants that count for the quota, from each one's special case."""
    return sum(1 for case in special_cases if counts_for_quota(case, base))


def allocate(total: int, sizes: Mapping[Hashable, int]) -> dict[Hashable, int]:
    """Split ``total`` places over groups in proportion to their ``sizes`` (largest remainders).

    The parts add up to ``total`` (when there is anybody to give them to) and no group gets more
    places than people. Ties on the remainder go to the larger group, then to the earlier one in
    ``sizes`` (pass departments in their display order)."""
    people = sum(sizes.values())
    if people == 0 or total <= 0:
        return {key: 0 for key in sizes}
    total = min(total, people)
    parts = {key: size * total // people for key, size in sizes.items()}
    order = list(sizes)
    ranked = sorted(order, key=lambda k: (-(sizes[k] * total % people), -sizes[k], order.index(k)))
    left = total - sum(parts.values())
    for key in ranked:
        if left == 0:
            break
        if parts[key] < sizes[key]:
            parts[key] += 1
            left -= 1
    return parts


@dataclass(frozen=True)
class QuotaCheck:
    """The outcome of putting ``wanted`` people into 优秀 against ``quota`` places."""

    quota: int
    wanted: int

    @property
    def ok(self) -> bool:
        return self.wanted <= self.quota

    @property
    def over(self) -> int:
        return max(0, self.wanted - self.quota)


def check(quota: int, already: int, adding: int) -> QuotaCheck:
    """``already`` 优秀 elsewhere plus ``adding`` new ones against the quota."""
    return QuotaCheck(quota, already + adding)
