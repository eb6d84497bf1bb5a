"""Template helpers that draw many small pieces of a page at once.

A filter's select may hold hundreds of posts: WTForms draws each option through html_params (2.6 ms for
200), a Jinja loop over its choices 0.9 ms; `select_options` joins them in Python (0.2 ms).

HR's decision page holds four controls for each of fifty people (a grade's select, a 备注, and hidden
copies of what both showed). As WTForms fields in a form class built per request they cost about 30 ms of
CPU a page (the class 4 ms, binding 3 ms, drawing 23 ms: html_params for 200 fields and 250 options);
each entry draws its controls with `select_control`, `text_control` and `hidden_controls`, which write
the same elements and attributes as WTForms' widgets, each in one formatted string: about 0.6 ms for the
fifty rows (a generic attribute writer called four times a row from the template took 1.1 ms).

A person's four 平时考核 results (`QuarterCells`) were a Jinja macro translating thirteen words a row:
6 ms for the decision page's fifty rows; translated once for the page and joined here, 0.2 ms."""

from __future__ import annotations

from collections.abc import Iterable

from flask import Flask
from flask_babel import gettext as _
from markupsafe import Markup, escape


def select_options(field) -> Markup:
    """The <option> elements of a SelectField, the chosen one selected."""
    return Markup("".join(
        f'<option{" selected" if choice.selected else ""} value="{escape(choice.value)}">{escape(choice.label)}</option>'
        for choice in field.iter_choices()
    ))


class Options:
    """A select's (value, label) choices, escaped once for a page; `html(value)` is the <option> elements with
    `value` selected, joined once per value (a page of fifty selects draws each variant once)."""

    def __init__(self, choices: Iterable[tuple[str, str]]) -> None:
        self.choices = [(str(value), escape(value), escape(text)) for value, text in choices]
        self.values = frozenset(value for value, _value, _text in self.choices)
        self._drawn: dict[str, str] = {}

    def html(self, value: str) -> str:
        drawn = self._drawn.get(value)
        if drawn is None:
            drawn = self._drawn[value] = "".join(
                f'<option{" selected" if choice == value else ""} value="{escaped}">{text}</option>'
                for choice, escaped, text in self.choices)
        return drawn


def select_control(name: str, options: Options, value: str, *, css: str, label: str) -> Markup:
    """<select id=name name=name class=css aria-label=label> of the options with `value` selected."""
    return Markup(f'<select id="{name}" name="{name}" class="{css}" aria-label="{escape(label)}">'
                  f"{options.html(value)}</select>")


def text_control(name: str, value: str, *, css: str, label: str, maxlength: int) -> Markup:
    """<input type=text id=name name=name value=value maxlength class aria-label>."""
    return Markup(f'<input id="{name}" name="{name}" type="text" value="{escape(value)}" maxlength="{maxlength}" '
                  f'class="{css}" aria-label="{escape(label)}">')


def hidden_controls(*fields: tuple[str, str]) -> Markup:
    """<input type=hidden id=name name=name value=value> for each (name, value)."""
    return Markup("".join(f'<input id="{name}" name="{name}" type="hidden" value="{escape(value)}">' for name, value in fields))


class QuarterCells:
    """`cell(quarters, barred)`, or `cell.of(employee_id)` for a page's people (`marks`: marks_for(); `barred`:
    barred_among()): a person's 平时考核 results (four QuarterMark or None, by quarter: quarterly.marks_for) as
    badges, a weak one in warning colours, and the bar on 优秀 when `barred`; the words translated once, and
    each badge without a note drawn once for the page (a page of fifty people shows a few kinds of badge)."""

    WEAK = ("average", "poor")  # the Rating values that bar 优秀

    def __init__(self, marks: dict | None = None, barred: dict | None = None) -> None:
        self.marks, self.barred_people = marks or {}, barred or {}
        self.words = {value: escape(word) for value, word in
                      (("good", _("好")), ("fairly_good", _("较好")), ("average", _("一般")), ("poor", _("较差")))}
        self.titles = [escape(_("第 %(n)s 季度", n=n)) for n in range(1, 5)]
        self.names = [escape(_("Q%(n)s", n=n)) for n in range(1, 5)]
        self.bar_note = f'<br><span class="text-danger">{escape(_("平时考核有一般或较差，不能定为优秀"))}</span>'
        self._drawn: dict[tuple[int, str | None], str] = {}

    def __call__(self, quarters, barred: str | None = None) -> Markup:
        badges = "".join(self._badge(index, row) for index, row in enumerate(quarters))
        return Markup(f'<span class="as-quarters small text-nowrap">{badges}{self.bar_note if barred else ""}</span>')

    def of(self, employee_id: int) -> Markup:
        return self(self.marks[employee_id], self.barred_people.get(employee_id))

    def _badge(self, index: int, row) -> str:
        if row is not None and row.note:
            return self._draw(index, row.result, escape(f"：{row.note}"))
        key = (index, None if row is None else row.result)
        drawn = self._drawn.get(key)
        if drawn is None:
            drawn = self._drawn[key] = self._draw(index, key[1], "")
        return drawn

    def _draw(self, index: int, result: str | None, note: str) -> str:
        if result is None:
            tone, word = "text-bg-light border text-muted", "—"
        else:
            tone, word = "text-bg-warning" if result in self.WEAK else "text-bg-light border", self.words[result]
        return f'<span class="badge {tone}" title="{self.titles[index]}{note}">{self.names[index]} {word}</span> '


def init_app(app: Flask) -> None:
    app.add_template_global(select_options)
    app.add_template_global(QuarterCells, "quarter_cells")
