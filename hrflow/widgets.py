"""Form widgets shared by the blueprints' forms."""

from __future__ import annotations

from collections.abc import Callable, Mapping

from markupsafe import Markup, escape
from wtforms.widgets import Select


class LongSelect(Select):
    """A select of many options (a round's posts): each plain option is written directly, the same
    HTML as WTForms writes, without building its attributes one by one (for 200 options that took
    longer than the rest of the page)."""

    @classmethod
    def render_option(cls, choice, **kwargs):
        if choice.render_kw or kwargs or isinstance(choice.value, bool):
            return super().render_option(choice, **kwargs)
        selected = "selected " if choice.selected else ""
        label = escape(choice.label or choice.value)
        return Markup(f'<option {selected}value="{escape(choice.value)}">{label}</option>')


def badge_lookup(labels: Mapping[str, object], tone: Callable[[str], str]) -> dict[str | None, Markup]:
    """Value → the badge the `badge` macros draw (<span class="badge text-bg-…">label</span>), made once
    for a long table to look up instead of calling the macro on every row. Values without a badge
    (empty, "none") map to nothing."""
    badges: dict[str | None, Markup] = {None: Markup(""), "": Markup(""), "none": Markup("")}
    for value, text in labels.items():
        if value and value != "none":
            badges[value] = Markup('<span class="badge text-bg-{}">{}</span>').format(tone(value), str(text))
    return badges
