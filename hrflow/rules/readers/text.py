"""The normalised text readers work on, and the clause from which each reader takes its words."""

from __future__ import annotations

import re
import unicodedata


def normal(text: str) -> str:
    """NFKC (full-width digits, brackets and punctuation become ASCII), one bracket style, no spaces."""
    text = unicodedata.normalize("NFKC", text)
    text = text.replace("〔", "(").replace("〕", ")").replace("【", "(").replace("】", ")")
    return re.sub(r"\s+", "", text)


class ClauseText:
    """A normalised clause from which each reader takes what it understood, leaving the rest.

    Taken words become '|' of the same length, so positions stay valid and later readers cannot
    read the same words again."""

    def __init__(self, s: str):
        self.rest = s

    def take(self, pattern: re.Pattern | str) -> list[re.Match]:
        matches = list(re.finditer(pattern, self.rest))
        for match in reversed(matches):
            self.blank(match.start(), match.end())
        return matches

    def has(self, pattern: re.Pattern | str) -> re.Match | None:
        return re.search(pattern, self.rest)

    def blank(self, start: int, end: int) -> None:
        self.rest = self.rest[:start] + "|" * (end - start) + self.rest[end:]
