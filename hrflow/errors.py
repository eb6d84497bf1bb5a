"""One vocabulary for refusals. Every area's errors derive from DomainError, so the pages and the
command line catch one root and show its message (already in the reader's words)."""

from __future__ import annotations


class DomainError(Exception):
    """A refusal by the domain: the input or the state does not allow what was asked; nothing is written."""


class NotFound(DomainError):
    """The object asked for does not exist (or is outside the actor's reach: pages answer 404)."""


class NotAllowed(DomainError):
    """The object exists and is in reach, but this actor may not do this to it (pages answer 403)."""
