"""A state as a badge: the label of its value in the reader's language, in the colour of the state.

The area pages draw one or two on every row of a long list; a Python function makes each in a few
microseconds where a Jinja macro calling the shared one took about thirty."""

from __future__ import annotations

from collections.abc import Callable

from markupsafe import Markup

# The Bootstrap colour of each state's badge (recruitment and assessment states alike).
TONES = {
    # recruitment
    "met": "success", "eligible": "success", "not_met": "danger", "not_eligible": "danger",
    "needs_review": "warning", "interview": "secondary", "proposed": "primary", "withdrawn": "secondary",
    "appointed": "success", "draft": "secondary", "announced": "info", "reviewing": "warning", "examining": "primary",
    "publicity": "success", "closed": "dark", "passed": "success", "failed": "danger", "declined": "secondary",
    # assessment
    "open": "secondary", "self_review": "info", "head_review": "primary", "decision": "warning",
    "acknowledgement": "success", "archived": "dark", "self_submitted": "warning", "head_submitted": "success",
    "excellent": "success", "competent": "primary", "basic": "warning", "incompetent": "danger",
    "comments_only": "info", "not_graded": "secondary", "deferred": "warning",
}


class _DrawnOnce(dict):
    """value → its badge, each drawn the first time a row asks for it."""

    def __init__(self, draw: Callable[[str | None], Markup]):
        super().__init__()
        self.draw = draw

    def __missing__(self, value: str | None) -> Markup:
        self[value] = drawn = self.draw(value)
        return drawn


class StateBadges:
    """`badge(group, value, extra='')` for an area's templates, with the area's `label(group, value)`:
    nothing for no value (or no special case). A long list takes `badge.of(group)` once and looks up each
    row's value in it: a badge costs about 13 µs to draw (its label is translated each time), a hundred of
    them on a page of applicants 1.3 ms; looked up, a few microseconds in all."""

    def __init__(self, label: Callable[[str, str | None], object]):
        self.label = label

    def __call__(self, group: str, value: str | None, extra: str = "") -> Markup:
        if not value or value == "none":
            return Markup("")
        classes = f"badge text-bg-{TONES.get(value, 'light')}" + (f" {extra}" if extra else "")
        return Markup('<span class="%s">%s</span>') % (classes, self.label(group, value))

    def of(self, group: str, extra: str = "") -> dict[str | None, Markup]:
        """The group's badges for one page, each drawn once."""
        return _DrawnOnce(lambda value: self(group, value, extra))
