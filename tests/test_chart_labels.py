"""A bar's label longer than the label column (a round's name) is cut with an ellipsis instead of running off
the chart's left edge; the whole label stays in its tooltip and in the link's name."""

from __future__ import annotations

from hrflow.charts import Series, stacked_bars

LONG = "2026年公开招聘（办证咨询岗与物业管理岗）（资格审查）"


def test_a_long_label_is_cut_and_keeps_its_whole_name():
    svg = stacked_bars([LONG, "办公室"], [Series("符合", [2, 1])], title="招聘进展", links=["/r/1", "/r/2"])
    assert f'aria-label="{LONG}"' in svg and f"<title>{LONG}</title>" in svg
    assert "…</text>" in svg and f">{LONG}</text>" not in svg
    assert ">办公室</text>" in svg and 'aria-label="办公室"' not in svg  # a short one as it is
