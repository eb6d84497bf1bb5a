"""Pure text helpers for the cells of a post table."""

from __future__ import annotations

import re
import unicodedata

OPEN_BRACKETS = "（("
CLOSE_BRACKETS = "）)"
_CJK = r"\u3400-\u9fff\uf900-\ufaff"
_SPACE_BETWEEN_CJK = re.compile(rf"(?<=[{_CJK}])\s+(?=[{_CJK}])")
_SPACES = re.compile(r"\s+")


def clean_name(text: str) -> str:
    """'主   任' → '主任'; line breaks inside a name cell disappear; other runs of space become one."""
    text = _SPACE_BETWEEN_CJK.sub("", text.strip())
    return _SPACES.sub(" ", text)


def split_name_note(text: str) -> tuple[str, str | None]:
    """'办证咨询主任（由办证咨询1人兼任）' → ('办证咨询主任', '由办证咨询1人兼任').

    Half- and full-width brackets may be mixed: '工作人员(低幼部4人、青少部4人）'."""
    text = clean_name(text)
    start = next((i for i, ch in enumerate(text) if ch in OPEN_BRACKETS), None)
    if start is None:
        return text, None
    name = text[:start].strip()
    rest = text[start + 1 :]
    end = max(rest.rfind(ch) for ch in CLOSE_BRACKETS)
    note = (rest[:end] if end >= 0 else rest).strip()
    trailing = rest[end + 1 :].strip() if end >= 0 else ""
    if trailing:
        note = f"{note} {trailing}".strip()
    return (name or note), (note if name else None) or None


def parse_count(text: str) -> int | None:
    """A whole number written with ASCII or full-width digits, optionally followed by 人/名; else None."""
    normal = unicodedata.normalize("NFKC", text).strip()
    match = re.fullmatch(r"([+-]?)(\d+)\s*[人名个]?", normal)
    if not match:
        return None
    return -whole_number(match.group(2)) if match.group(1) == "-" else whole_number(match.group(2))


# More digits than this is no count of people; int() would refuse a few thousand of them outright.
_MOST_DIGITS = 18


def whole_number(digits: str) -> int:
    """The number the digits write; past 18 digits, 10**18 (larger than any limit it is checked against)."""
    significant = digits.lstrip("0") or "0"
    return int(significant) if len(significant) <= _MOST_DIGITS else 10**_MOST_DIGITS


def shorten(text: str, limit: int = 30) -> str:
    """A cell's text as an error message quotes it: on one line, cut after `limit` characters."""
    text = " ".join(text.split())
    return text if len(text) <= limit else text[:limit] + "…"


_ITEM_SEPARATOR = r"[、.．)）:：]"
_UNIT_AFTER_NUMBER = "年月日天周岁人名个次项%％万千百十倍级"
_SENTENCE_END = "。；;！!？?\n"


def split_items(text: str) -> list[str]:
    """Split a cell into its items.

    Numbered cells ('1、…2、…', '1.…2.…', '1)…', '（1）…') split at each number, which must run
    1, 2, 3 … so that '3年以上' or '1.5倍' inside an item never starts a new one. Cells without
    numbering split into sentences (。；), so each duty can be rated on its own."""
    text = text.strip()
    if not text:
        return []
    starts = _numbered_item_starts(text)
    if len(starts) >= 2 or (len(starts) == 1 and starts[0][0] == 0 and _is_numbered_start(text)):
        items = []
        for (_begin, content_begin), (next_begin, _) in zip(starts, starts[1:] + [(len(text), 0)], strict=False):
            items.append(_tidy(text[content_begin:next_begin]))
        head = _tidy(text[: starts[0][0]])
        return [i for i in ([head] if head else []) + items if i]
    return _split_sentences(text)


def _is_numbered_start(text: str) -> bool:
    return bool(re.match(rf"\s*(?:[（(]\s*1\s*[）)]|1\s*{_ITEM_SEPARATOR})", text))


def _numbered_item_starts(text: str) -> list[tuple[int, int]]:
    """Positions (item start, content start) of the items 1, 2, 3 … in order."""
    found: list[tuple[int, int]] = []
    expected = 1
    position = 0
    while True:
        match = _find_number(text, expected, position)
        if match is None:
            break
        found.append(match)
        position = match[1]
        expected += 1
    if found and found[0][0] != _first_non_space(text):
        # Numbering that does not open the cell is part of a sentence, not a list.
        return []
    return found


def _first_non_space(text: str) -> int:
    return len(text) - len(text.lstrip())


def _find_number(text: str, number: int, start: int) -> tuple[int, int] | None:
    digits = str(number)
    bracketed = re.compile(rf"[（(]\s*{digits}\s*[）)]")
    plain = re.compile(rf"(?<!\d){digits}(?!\d)(\s*{_ITEM_SEPARATOR})?")
    for pattern in (bracketed, plain):
        for match in pattern.finditer(text, start):
            if _looks_like_item_number(text, match, pattern is bracketed):
                return match.start(), match.end()
    return None


def _looks_like_item_number(text: str, match: re.Match, bracketed: bool) -> bool:
    before = text[match.start() - 1] if match.start() > 0 else ""
    after = text[match.end()] if match.end() < len(text) else ""
    at_boundary = before == "" or before.isspace() or before in "。；;，,：:！!？?、"
    if not at_boundary:
        return False
    if bracketed:
        return True
    separator = match.group(1)
    if separator:
        # '1.5倍' is a decimal, not item 1.
        return not (separator.strip() in ".．" and after.isdigit())
    # A number with no separator ('3做好…') counts only right after a sentence end, and never
    # when a unit follows it ('3年以上').
    return before in "。；;" and after != "" and after not in _UNIT_AFTER_NUMBER and not after.isspace()


def _split_sentences(text: str) -> list[str]:
    items: list[str] = []
    current = ""
    for ch in text:
        current += ch
        if ch in _SENTENCE_END:
            if _tidy(current):
                items.append(_tidy(current))
            current = ""
    if _tidy(current):
        items.append(_tidy(current))
    return items


def _tidy(text: str) -> str:
    lines = [_SPACES.sub(" ", line).strip() for line in text.splitlines()]
    return "".join(line for line in lines if line).strip()
