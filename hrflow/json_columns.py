"""How JSON columns are written: with orjson, by the engine (config.py's json_serializer) or, for a bulk write
of many rows, ahead of the write."""

from __future__ import annotations

import orjson

# Keys that are numbers are written as strings, as json.dumps does.
_OPTIONS = orjson.OPT_NON_STR_KEYS


def json_text(value: object) -> str:
    """A JSON column's value as stored: Chinese as itself, not as \\u escapes."""
    return orjson.dumps(value, option=_OPTIONS).decode()


def encoded_now(value: object) -> orjson.Fragment:
    """The value encoded at once, for a bulk write: until the write, each row then holds one text instead of
    the value's many small lists and dicts, which the garbage collector would walk again and again."""
    return orjson.Fragment(orjson.dumps(value, option=_OPTIONS))
