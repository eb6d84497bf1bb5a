"""Generated explanations (rule evidence, special-case reasons, import warnings) in the reader's language.

They are stored as Chinese text with their wording beside it (hrflow.rules.wording.Said as JSON). An
Explanation is that Chinese text, so code, exports and tests read it as before; a template shows it through
__html__, translated for the request's locale. Explanations stored before their wording was kept show as
stored."""

from __future__ import annotations

from flask import has_request_context
from flask_babel import gettext
from markupsafe import escape

from hrflow.rules.wording import Said


class Explanation(str):
    said: Said | None

    def __new__(cls, text: str, wording: list[dict] | None = None) -> Explanation:
        explanation = super().__new__(cls, text)
        explanation.said = Said.from_json(wording) if wording else None
        return explanation

    def translated(self) -> str:
        if self.said is None or not has_request_context():
            return str(self)
        return self.said.translated(gettext)

    def __html__(self) -> str:
        return str(escape(self.translated()))


def explanation(text: str, wording: list[dict] | None) -> Explanation:
    return Explanation(text, wording)


def explained(text: str) -> Explanation:
    """A text as pages show it: a Said in the reader's language, any other text as it is."""
    return Explanation(text, wording_of(text))


def wording_of(text: str) -> list[dict] | None:
    """What to store beside a generated text: its wording, or None for a plain text."""
    return text.to_json() if isinstance(text, Said) else None
