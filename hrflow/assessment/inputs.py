"""What pages and the command line hand to the assessment's operations, made domain values or refused
with a message fit to show: free texts and enum values."""

from __future__ import annotations

import enum
from typing import TypeVar

from hrflow.models import AssessmentError, Grade

E = TypeVar("E", bound=enum.Enum)


def clean(text: str | None) -> str | None:
    """Surrounding blanks dropped; nothing left → None."""
    return (text or "").strip() or None


def required(text: str | None, message: str) -> str:
    """clean(text), refused with `message` when nothing is left."""
    text = clean(text)
    if not text:
        raise AssessmentError(message)
    return text


def parse(kind: type[E], value, what: str) -> E:
    """`value` as a member of `kind` (a grade may also be given by its Chinese word: 优秀); else refused,
    naming `what` was wrong."""
    try:
        return kind(value)
    except ValueError:
        if kind is Grade and isinstance(value, str) and Grade.from_label(value):
            return Grade.from_label(value)
        raise AssessmentError(f"{what}“{value}”不正确") from None
