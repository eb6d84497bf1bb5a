"""Form widgets shared by the blueprints' forms."""

from __future__ import annotations

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
