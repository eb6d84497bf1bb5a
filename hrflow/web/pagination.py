"""Long lists page by page: one helper for every list page, and the links that keep its filters.

`paginate(query)` in the route, `{% from '_macros/pagination.html' import pagination %}` in the template;
`page_urls` (page_url for every page, built once) is a template global so the imported macro reaches it."""

from __future__ import annotations

from collections.abc import Callable

from flask import Flask, abort, current_app, request, url_for
from flask_sqlalchemy.pagination import Pagination, SelectPagination
from sqlalchemy import Select, Subquery, func, select

from hrflow.extensions import db
from hrflow.web.links import MARKER, around_marker

# No list has this many pages; a larger number would overflow the database's OFFSET (64 bits on SQLite).
LAST_POSSIBLE_PAGE = 1_000_000


def _page_number() -> int:
    """?page=N; past any list's end (or past what OFFSET can hold) it is not found, like a page past the end."""
    number = request.args.get("page", 1, type=int)
    if number > LAST_POSSIBLE_PAGE:
        abort(404)
    return number


def _page_size() -> int:
    return current_app.config["PAGE_SIZE"]


def paginate(query: Select, per_page: int | None = None) -> Pagination:
    """One page of `query`: ?page=N, PAGE_SIZE rows; page numbers below 1 or past the end answer 404."""
    return db.paginate(query, page=_page_number(), per_page=per_page or _page_size(), error_out=True)


class _RowPagination(SelectPagination):
    """A page of plain rows (a select of columns), with a total counted beforehand when one is given."""

    def _query_items(self) -> list:
        query = self._query_args["select"].limit(self.per_page).offset(self._query_offset)
        if self._query_args["page_join"] is not None:
            query = self._query_args["page_join"](query.subquery("page"))
        rows = db.session.execute(query).all()
        make = self._query_args["make"]
        return [make(*row) for row in rows] if make else list(rows)

    def _query_count(self) -> int:
        known = self._query_args.get("total")
        if known is not None:
            return known
        counted = select(func.count()).select_from(self._query_args["select"].order_by(None).subquery())
        return db.session.scalar(counted)


def paginate_rows(query: Select, total: int | None = None, *, make: Callable | None = None,
                  page_join: Callable[[Subquery], Select] | None = None) -> Pagination:
    """paginate() for a select of columns; `total`, when the caller knows it cheaply, spares the count;
    `make(*columns)` turns each row into the page's item;
    `page_join(page)` reads more columns for just the page's rows (a join after LIMIT, not before)."""
    return _RowPagination(select=query, session=db.session(), total=total, make=make,
                          page_join=page_join, page=_page_number(), per_page=_page_size(), error_out=True)


class _ListPagination(Pagination):
    """A page of a list already in memory (worked out in Python, like a table-ordered list)."""

    def _query_items(self) -> list:
        return self._query_args["items"][self._query_offset:self._query_offset + self.per_page]

    def _query_count(self) -> int:
        return len(self._query_args["items"])


def paginate_list(items: list) -> Pagination:
    """paginate() for a list: PAGE_SIZE of them by ?page=N, 404 past the end."""
    return _ListPagination(items=items, page=_page_number(), per_page=_page_size(), error_out=True)


class PageUrls:
    """page_url(number) for any page of the list, from one url_for (a list's links are built once)."""

    def __init__(self) -> None:
        self.parts = around_marker(page_url(MARKER))

    def __call__(self, number: int) -> str:
        if self.parts is None:  # the filters hold the marker's digits: each link on its own
            return page_url(number)
        return f"{self.parts[0]}{int(number)}{self.parts[1]}"


def page_url(number: int) -> str:
    """This page's URL with its other GET parameters (the filters) kept and ?page=number."""
    args = request.args.to_dict(flat=False)
    args["page"] = [number]
    return url_for(request.endpoint, **(request.view_args or {}), **args)


def init_app(app: Flask) -> None:
    app.add_template_global(PageUrls, "page_urls")
