"""The 优秀 quota as pure arithmetic: rates, rounding, small units, who counts, the split over departments."""

import pytest

from hrflow.rules.quota import (
    Rounding,
    allocate,
    counts_for_quota,
    effective_rate,
    excellent_quota,
    quota_base,
)

# participants → (floor, half_up, ceil) at 20%
QUOTA_TABLE = {
    0: (0, 0, 0),
    1: (0, 0, 1),  # 0.2
    4: (0, 1, 1),  # 0.8: a unit of 1–4 people has no 优秀 place by default
    5: (1, 1, 1),  # 1.0 exactly, no float error
    9: (1, 2, 2),  # 1.8
    10: (2, 2, 2),
    11: (2, 2, 3),  # 2.2
    49: (9, 10, 10),  # 9.8
    50: (10, 10, 10),
}


@pytest.mark.parametrize("participants", sorted(QUOTA_TABLE))
@pytest.mark.parametrize("rounding", list(Rounding))
def test_quota_at_twenty_per_cent(participants, rounding):
    expected = QUOTA_TABLE[participants][list(Rounding).index(rounding)]
    assert excellent_quota(participants, 20, rounding) == expected


def test_floor_is_the_default_rounding():
    assert [excellent_quota(n) for n in (1, 4, 5, 9, 10, 11, 14, 15)] == [0, 0, 1, 1, 2, 2, 2, 3]


@pytest.mark.parametrize(("participants", "expected"), [(2, 1), (12, 3), (13, 3), (3, 1), (1, 0)])
def test_half_up_rounds_exact_halves_up(participants, expected):
    # at 25%: 2 → 0.5 → 1; 12 → 3.0; 13 → 3.25 → 3; 3 → 0.75 → 1; 1 → 0.25 → 0
    assert excellent_quota(participants, 25, "half_up") == expected


@pytest.mark.parametrize(("participants", "rate", "expected"), [(20, 25, 5), (19, 25, 4), (20, 15, 3), (7, 15, 1),
                                                                 (6, 15, 0), (100, 0, 0), (3, 100, 3)])
def test_other_rates_floor(participants, rate, expected):
    assert excellent_quota(participants, rate) == expected


@pytest.mark.parametrize(("kwargs", "rate"), [
    ({}, 20),
    ({"raised": True}, 25),
    ({"unit_failed": True}, 15),
    ({"raised": True, "unit_failed": True}, 15),  # the cap of a 不合格 unit wins over an approved raise
    ({"base_rate": 10, "unit_failed": True}, 10),  # a base already below the cap stays
    ({"base_rate": 18, "raised": True, "raised_rate": 22}, 22),
])
def test_effective_rate(kwargs, rate):
    assert effective_rate(**kwargs) == rate


@pytest.mark.parametrize("bad", [(-1, 20), (5, 101), (5, -5)])
def test_nonsense_is_refused(bad):
    with pytest.raises(ValueError):
        excellent_quota(*bad)


def test_only_people_without_a_special_case_count():
    assert counts_for_quota("none") and counts_for_quota(None)
    assert not any(counts_for_quota(c) for c in ("comments_only", "not_graded", "deferred"))
    assert quota_base(["none", "none", "comments_only", "not_graded", "deferred", "none"]) == 3


def test_allocation_adds_up_to_the_unit_quota_by_largest_remainder():
    # 40 people, quota 8: 10 → 2, 16 → 3.2, 5 → 1, 9 → 1.8
    shares = allocate(8, {"少儿部": 10, "成人部": 16, "办公室": 5, "特藏部": 9})
    assert shares == {"少儿部": 2, "成人部": 3, "办公室": 1, "特藏部": 2}
    assert sum(shares.values()) == 8


def test_allocation_gives_small_departments_a_place_only_through_remainders():
    shares = allocate(2, {"a": 4, "b": 3, "c": 2, "d": 1})  # 0.8, 0.6, 0.4, 0.2
    assert shares == {"a": 1, "b": 1, "c": 0, "d": 0}


def test_allocation_ties_go_to_the_larger_then_the_earlier_department():
    assert allocate(1, {"a": 2, "b": 3}) == {"a": 0, "b": 1}  # 0.4 vs 0.6
    assert allocate(1, {"a": 5, "b": 5}) == {"a": 1, "b": 0}
    assert allocate(1, {"a": 1, "b": 4, "c": 5}) == {"a": 0, "b": 0, "c": 1}  # shares .1, .4, .5


def test_allocation_never_gives_more_places_than_people():
    assert allocate(5, {"a": 1, "b": 0}) == {"a": 1, "b": 0}
    assert allocate(3, {}) == {}
    assert allocate(0, {"a": 3}) == {"a": 0}
