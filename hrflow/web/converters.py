"""Numbers from URLs and query strings, bounded to what a database integer column holds.

PostgreSQL's `integer` is 32-bit and SQLite refuses anything past 64 bits, each with an error of its own:
a number past the bound must end as "not found" (an id in the path) or as the default (a query-string
value), never as a database error."""

from __future__ import annotations

from werkzeug.routing import IntegerConverter, Map

DATABASE_INT_MAX = 2**31 - 1
DATABASE_INT_MIN = -(2**31)


class DatabaseIntConverter(IntegerConverter):
    """`<int:…>` for the whole app (create_app registers it as "int"): an id past the bound matches no
    route, so it answers 404 like any missing object."""

    def __init__(self, map: Map, fixed_digits: int = 0, min: int | None = None, max: int | None = DATABASE_INT_MAX,
                 signed: bool = False) -> None:
        super().__init__(map, fixed_digits=fixed_digits, min=min, max=max, signed=signed)


def database_int(text: str) -> int:
    """int() for `request.args.get(name, default, type=database_int)`: a number past the bound is a
    ValueError, so the caller's default is used instead."""
    number = int(text)
    if not DATABASE_INT_MIN <= number <= DATABASE_INT_MAX:
        raise ValueError(f"{text[:20]} is outside a database integer")
    return number
