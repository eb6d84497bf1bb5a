"""Split one requirement item (a cell of 任职条件) into clauses, one condition each where it can."""

from __future__ import annotations

import re

from hrflow.rules.readers.text import normal
from hrflow.rules.readers.typed import typed_rules
from hrflow.rules.rule import RuleKind

_HARD_STOPS = "。；;！!？?\n"
# A soft stop after these does not end the clause: '同等条件下，X优先' is one preference and
# '具有硕士学位者，年龄可放宽至40周岁' one relaxation.
CONTINUED = ("同等条件下", "者", "的")
_SOFT_STOPS = "，,"
_ENUMERATOR = re.compile(r"^\s*(?:[(（]\d{1,2}[)）]|\d{1,2}(?:[)）、]|[.．](?!\d))|[一二三四五六七八九十]{1,2}[、.．])\s*")


def clauses(item: str) -> list[str]:
    """The clauses of one item, as written (not normalised), without their '1.' or '（二）' numbers."""
    found = []
    for part in _split(item, _SOFT_STOPS):
        part = _ENUMERATOR.sub("", part).strip(" 　\t、")
        if part:
            found.extend(_split_enumeration(part))
    return found


def _split(text: str, soft: str) -> list[str]:
    """Split at hard stops always and at the soft stops outside brackets."""
    parts, current, depth = [], [], 0
    for char in text:
        if char in "（(【[":
            depth += 1
        elif char in "）)】]":
            depth = max(0, depth - 1)
        if char in _HARD_STOPS or (char in soft and depth == 0 and not "".join(current).endswith(CONTINUED)):
            parts.append("".join(current))
            current = []
            if char in _HARD_STOPS:
                depth = 0
            continue
        current.append(char)
    parts.append("".join(current))
    return [p for p in parts if p.strip()]


def _split_enumeration(clause: str) -> list[str]:
    """'大专学历、45周岁以下、持C1驾照' → three clauses, when every part stands on its own;
    '图书馆学、情报学等相关专业' stays whole."""
    if "、" not in clause:
        return [clause]
    parts = [p.strip() for p in _split(clause, "、")]
    if len(parts) < 2:
        return [clause]
    kinds = [{r.kind for r in typed_rules(p, normal(p))} for p in parts]
    typed = [k - {RuleKind.MANUAL} for k in kinds]
    # Majors side by side are alternatives ('图书馆学、情报学、档案学'), never one requirement each; a bare major
    # name ('会计、审计等相关专业…') is one item of such a list.
    majors = [p for p, k in zip(parts, typed, strict=True) if k == {RuleKind.MAJOR}]
    listed = len(majors) >= 2 or any("专业" not in p for p in majors)
    if all(typed) and any(k - {RuleKind.SOFT} for k in typed) and not any(RuleKind.MANUAL in k for k in kinds) and not listed:
        return parts
    return [clause]
