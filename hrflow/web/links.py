"""Links of a long list that differ only in a row's id: `url_for` once per list, not once per row.

A row's link costs a `url_for` (about 10 µs: URL map, defaults, converters), fifty rows half a
millisecond. `id_url(endpoint, key, **values)` builds the link once with a marker in place of the id;
the list then puts each row's id there (`{{ form_url(f.id) }}`)."""

from __future__ import annotations

from flask import Flask, url_for

MARKER = 987654321  # an id no row has here, a page no list has: it only marks where the number goes


class IdUrl:
    """url_for(endpoint, key=id, **values) for any id, from one url_for."""

    def __init__(self, endpoint: str, key: str, **values) -> None:
        parts = around_marker(url_for(endpoint, **values, **{key: MARKER}))
        if parts is None or "?" in parts[0]:  # url_for writes an argument the path lacks as ?key=…
            raise ValueError(f"{endpoint}: {key} is not in its path")
        self.head, self.tail = parts

    def __call__(self, id: int) -> str:  # noqa: A002  (the row's id, as url_for's argument says)
        return f"{self.head}{int(id)}{self.tail}"


def around_marker(built: str) -> tuple[str, str] | None:
    """A URL built with MARKER in place of a number: what comes before it and after it; None unless the
    marker is there exactly once (a filter's value could hold the same digits)."""
    if built.count(str(MARKER)) != 1:
        return None
    head, _marker, tail = built.partition(str(MARKER))
    return head, tail


def init_app(app: Flask) -> None:
    app.add_template_global(IdUrl, "id_url")
