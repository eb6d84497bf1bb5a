"""Small server-side SVG charts (no JavaScript, no CDN): horizontal bars and stacked bars.

The SVG is built from escaped text, so labels from the database cannot inject markup. Each segment wide
enough for it shows its value as text (a phone has no hover); a bar given a link leads to the list it counts."""

from __future__ import annotations

from dataclasses import dataclass
from html import escape

PALETTE = ("#0d6efd", "#198754", "#ffc107", "#dc3545", "#6c757d", "#6f42c1", "#20c997", "#fd7e14")


@dataclass
class Series:
    name: str
    values: list[float]
    colour: str | None = None


def _text_width(label: str) -> float:
    """Rough width in px at 13px: CJK glyphs are about twice as wide as Latin ones."""
    return sum(13 if ord(ch) > 0x2E80 else 7.2 for ch in label)


def _fit(label: str, room: float) -> str:
    """The label cut to `room` px with an ellipsis: a long one (a round's name) would run off the left edge."""
    if _text_width(label) <= room:
        return label
    while label and _text_width(label) + 13 > room:
        label = label[:-1]
    return label + "…"


def _ink(colour: str) -> str:
    """Black or white, whichever reads better on the colour (#rrggbb)."""
    red, green, blue = (int(colour[i:i + 2], 16) for i in (1, 3, 5))
    return "#000" if 0.299 * red + 0.587 * green + 0.114 * blue > 150 else "#fff"


def stacked_bars(labels: list[str], series: list[Series], *, title: str, width: int = 640, bar: int = 22,
                 unit: str = "", links: list[str | None] | None = None) -> str:
    """One horizontal bar per label, each split into the series' values; a legend below. `links`, one per
    label (or None), make the label and its bar a link."""
    gap = 10
    label_width = min(220, max((_text_width(label) for label in labels), default=40) + 12)
    totals = [sum(s.values[i] for s in series) for i in range(len(labels))]
    biggest = max(totals, default=0) or 1
    plot = width - label_width - 60
    top = 28
    legend = _legend_rows(series, start=label_width, width=width)
    height = top + len(labels) * (bar + gap) + 22 + 18 * len(legend)
    parts = [
        # An image may hold no links (axe-core: nested-interactive): a chart whose bars are links is a group.
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height}" width="100%" '
        f'role="{"group" if links and any(links) else "img"}" '
        f'aria-label="{escape(title)}" font-family="sans-serif" font-size="13">',
        f"<title>{escape(title)}</title>",
        f'<text x="0" y="16" font-weight="bold">{escape(title)}</text>',
    ]
    for row, label in enumerate(labels):
        y = top + row * (bar + gap)
        link = links[row] if links else None
        shown = _fit(label, label_width - 8)
        whole = f' aria-label="{escape(label)}"' if shown != label else ""  # a cut label: the link keeps its name
        if link:
            parts.append(f'<a href="{escape(link)}" class="chart-link"{whole}>')
        cut = f"<title>{escape(label)}</title>" if shown != label else ""
        parts.append(f'<text x="{label_width - 8}" y="{y + bar * 0.7:.1f}" text-anchor="end">{cut}{escape(shown)}</text>')
        x = float(label_width)
        values = []  # drawn after the link: a link's text is underlined, and a value must not catch the click
        for index, s in enumerate(series):
            value = s.values[row]
            if value <= 0:
                continue
            w = plot * value / biggest
            colour = s.colour or PALETTE[index % len(PALETTE)]
            parts.append(
                f'<rect x="{x:.1f}" y="{y}" width="{w:.1f}" height="{bar}" fill="{colour}">'
                f"<title>{escape(label)} · {escape(s.name)}: {value:g}{escape(unit)}</title></rect>"
            )
            text = f"{value:g}"
            if w >= 7.2 * len(text) + 6:
                values.append(f'<text x="{x + w / 2:.1f}" y="{y + bar * 0.7:.1f}" text-anchor="middle" '
                              f'fill="{_ink(colour)}" pointer-events="none" class="chart-value">{text}</text>')
            x += w
        parts.append(f'<text x="{x + 6:.1f}" y="{y + bar * 0.7:.1f}">{totals[row]:g}{escape(unit)}</text>')
        if link:
            parts.append("</a>")
        parts.extend(values)
    legend_y = top + len(labels) * (bar + gap) + 18
    for line, entries in enumerate(legend):
        y = legend_y + 18 * line
        for x, index in entries:
            s = series[index]
            colour = s.colour or PALETTE[index % len(PALETTE)]
            parts.append(f'<rect x="{x:.1f}" y="{y - 10}" width="12" height="12" fill="{colour}"/>')
            parts.append(f'<text x="{x + 16:.1f}" y="{y}">{escape(s.name)}</text>')
    parts.append("</svg>")
    return "".join(parts)


def _legend_rows(series: list[Series], *, start: float, width: int) -> list[list[tuple[float, int]]]:
    """Legend entries as lines of (x, series index): a new line whenever the next entry would run past
    the chart's right edge (English names are much longer than Chinese ones)."""
    rows: list[list[tuple[float, int]]] = [[]]
    x = start
    for index, s in enumerate(series):
        entry = 16 + _text_width(s.name)
        if rows[-1] and x + entry > width:
            rows.append([])
            x = start
        rows[-1].append((x, index))
        x += entry + 18
    return rows


def bars(labels: list[str], values: list[float], *, title: str, name: str = "", **kwargs) -> str:
    return stacked_bars(labels, [Series(name or title, values)], title=title, **kwargs)
