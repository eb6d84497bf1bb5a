"""The examiner panel's arithmetic, table by table: weighted totals, the highest and lowest left out per
测评要素 or on the total, half-up or truncated two places, and 二次平均 across the rooms of a post."""

from decimal import Decimal

import pytest

from hrflow.recruitment.panel_scores import (
    Element,
    candidate_score,
    second_average,
    to_places,
    trimmed,
    weights_complete,
)

D = Decimal
# Two elements: 综合分析 weighs 0.6 out of 10, 言语表达 0.4 out of 20 (the score is on a 100 scale).
ELEMENTS = [Element("a", D("0.6"), 10), Element("b", D("0.4"), 20)]


@pytest.mark.parametrize(("value", "rounding", "expected"), [
    ("84.625", "round", "84.63"),
    ("84.625", "truncate", "84.62"),
    ("84.999", "truncate", "84.99"),
    ("84.995", "round", "85.00"),
    ("70", "truncate", "70.00"),
])
def test_examiner_two_places_rounded_or_truncated(value, rounding, expected):
    assert to_places(D(value), rounding) == D(expected)


@pytest.mark.parametrize(("values", "drop", "mean", "left_out"), [
    ({"x": D(80), "y": D(90), "z": D(70)}, True, D(80), {"y", "z"}),
    ({"x": D(80), "y": D(90)}, True, D(85), set()),  # two marks: nothing may be left out
    ({"x": D(80), "y": D(90), "z": D(70)}, False, D(80), set()),
    ({"x": D(80), "y": D(80), "z": D(80), "w": D(90)}, True, D(80), {"x", "w"}),  # equal lows: the first by key
])
def test_examiner_trimmed_mean(values, drop, mean, left_out):
    assert trimmed(values, drop) == (mean, left_out)


SHEETS = {  # examiner → marks per element
    "e1": {"a": 8, "b": 16},    # 48 + 32 = 80
    "e2": {"a": 9, "b": 12},    # 54 + 24 = 78
    "e3": {"a": 7, "b": 19},    # 42 + 38 = 80
    "e4": {"a": 10, "b": 18},   # 60 + 36 = 96
    "e5": {"a": 6, "b": 13},    # 36 + 26 = 62
}


@pytest.mark.parametrize(("drop", "rounding", "score", "dropped"), [
    # totals 80, 78, 80, 96, 62: without 96 and 62 → (80 + 78 + 80) ÷ 3 = 79.333…
    ("total", "round", "79.33", {("e4", None), ("e5", None)}),
    ("total", "truncate", "79.33", {("e4", None), ("e5", None)}),
    # every total: 396 ÷ 5
    ("none", "round", "79.20", set()),
    # per element: a without 10 and 6 → 8 → 48; b without 19 and 12 → (16 + 18 + 13) ÷ 3 = 15.666… → 31.333…
    ("element", "round", "79.33", {("e4", "a"), ("e5", "a"), ("e3", "b"), ("e2", "b")}),
])
def test_examiner_marks_make_one_score(drop, rounding, score, dropped):
    result = candidate_score(SHEETS, ELEMENTS, drop=drop, rounding=rounding)
    assert result.score == D(score)
    assert result.dropped == dropped
    assert result.totals == {"e1": 80, "e2": 78, "e3": 80, "e4": 96, "e5": 62}


@pytest.mark.parametrize(("sheets", "drop", "rounding", "scale", "score"), [
    # 2/3 of the way: truncation and half up differ in the last place
    ({"x": {"a": 7, "b": 14}, "y": {"a": 7, "b": 14}, "z": {"a": 7, "b": 15}}, "none", "round", 100, "70.67"),
    ({"x": {"a": 7, "b": 14}, "y": {"a": 7, "b": 14}, "z": {"a": 7, "b": 15}}, "none", "truncate", 100, "70.66"),
    # an interview out of 150: the same marks × 1.5
    ({"x": {"a": 8, "b": 16}}, "total", "round", 150, "120.00"),
    # a 回避 leaves two examiners: nothing dropped
    ({"x": {"a": 8, "b": 16}, "y": {"a": 10, "b": 20}}, "total", "round", 100, "90.00"),
    # decimals as written (8.5 of 10): no binary residue
    ({"x": {"a": 8.5, "b": 16.5}}, "none", "round", 100, "84.00"),
])
def test_examiner_scores_table(sheets, drop, rounding, scale, score):
    assert candidate_score(sheets, ELEMENTS, drop=drop, rounding=rounding, scale=scale).score == D(score)


@pytest.mark.parametrize(("rooms", "rounding", "expected"), [
    # one room: unchanged
    ({"r1": {1: D(80), 2: D(70)}}, "round", {1: D(80), 2: D(70)}),
    # room 1 mean 80, room 2 mean 70, overall 75: × 75/80 and × 75/70
    ({"r1": {1: D(84), 2: D(76)}, "r2": {3: D(72), 4: D(68)}}, "round",
     {1: D("78.75"), 2: D("71.25"), 3: D("77.14"), 4: D("72.86")}),
    ({"r1": {1: D(84), 2: D(76)}, "r2": {3: D(72), 4: D(68)}}, "truncate",
     {1: D("78.75"), 2: D("71.25"), 3: D("77.14"), 4: D("72.85")}),
    # rooms of different sizes: the overall mean is of every candidate (80+70+90 = 240 / 3 = 80)
    ({"r1": {1: D(80), 2: D(70)}, "r2": {3: D(90)}}, "round", {1: D("85.33"), 2: D("74.67"), 3: D("80.00")}),
])
def test_examiner_rooms_second_average(rooms, rounding, expected):
    assert second_average(rooms, rounding) == expected


@pytest.mark.parametrize(("weights", "complete"), [
    ([0.3, 0.3, 0.4], True), ([0.1] * 10, True), ([0.5, 0.4], False), ([], False), ([0.7, 0.31], False),
])
def test_examiner_element_weights_add_up_to_one(weights, complete):
    assert weights_complete(weights) is complete


def test_examiner_rules_refuse_unknown_names():
    with pytest.raises(ValueError):
        candidate_score(SHEETS, ELEMENTS, drop="median", rounding="round")
    with pytest.raises(ValueError):
        to_places(D(1), "ceil")
    with pytest.raises(ValueError):
        candidate_score({}, ELEMENTS, drop="total", rounding="round")
