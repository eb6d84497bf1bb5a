import re

from hrflow.charts import Series, bars, stacked_bars


def test_stacked_bars_scale_and_label():
    svg = stacked_bars(["办公室", "少儿部"], [Series("实聘", [7, 10]), Series("空缺", [1, 0])], title="设岗情况")
    assert svg.startswith("<svg") and svg.endswith("</svg>")
    widths = [float(w) for w in re.findall(r'<rect x="[\d.]+" y="\d+" width="([\d.]+)"', svg)]
    # 10 seats is the longest bar; 7 + 1 is 80 % of it; a zero value draws nothing.
    assert len(widths) == 3 + 2  # three bars and two legend squares
    assert abs((widths[0] + widths[1]) / widths[2] - 0.8) < 0.01
    assert "办公室 · 空缺: 1" in svg and ">8<" in svg and ">10<" in svg


def test_labels_are_escaped():
    svg = bars(["<script>alert(1)</script>"], [3], title="x&y")
    assert "<script>" not in svg and "&lt;script&gt;" in svg and "x&amp;y" in svg


def test_empty_chart_is_still_valid():
    assert bars([], [], title="空").count("<svg") == 1


def test_a_long_legend_wraps_inside_the_chart():
    names = ["Self-summary due", "Awaiting head's review", "Reviewed by head", "Decided", "Not graded"]
    svg = stacked_bars(["办公室"], [Series(name, [1]) for name in names], title="progress", width=640)
    width = float(re.search(r'viewBox="0 0 (\d+)', svg).group(1))
    legend = re.findall(r'<rect x="([\d.]+)" y="(\d+)" width="12" height="12"', svg)
    rows = {y for _x, y in legend}
    assert len(legend) == 5 and len(rows) > 1
    for (x, _y), name in zip(legend, names, strict=True):
        assert float(x) + 16 + len(name) * 7.2 <= width
    height = float(re.search(r'viewBox="0 0 \d+ (\d+)', svg).group(1))
    assert max(int(y) for y in rows) + 12 <= height


def test_bars_link_to_their_lists_and_show_values_as_text():
    svg = stacked_bars(["办公室", "少儿部"], [Series("实聘", [7, 10]), Series("空缺", [1, 0])], title="设岗",
                       links=["/posts/?department=1&x=<2>", None])
    assert svg.count("<a ") == 1 and 'href="/posts/?department=1&amp;x=&lt;2&gt;"' in svg
    values = re.findall(r'class="chart-value">([\d.]+)</text>', svg)
    assert values == ["7", "1", "10"]
    narrow = stacked_bars(["a"], [Series("s", [200]), Series("t", [1])], title="t")
    assert re.findall(r'class="chart-value">([\d.]+)</text>', narrow) == ["200"]  # too narrow for its number
    assert 'pointer-events="none"' in svg
    # White on the blue default, black on yellow.
    assert 'fill="#fff"' in stacked_bars(["a"], [Series("s", [5], "#0d6efd")], title="t")
    assert 'fill="#000"' in stacked_bars(["a"], [Series("s", [5], "#ffc107")], title="t")
