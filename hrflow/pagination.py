"""Long lists page by page: one helper for every list page, and the links that keep its filters.

`paginate(query)` in the route, `{% from '_macros/pagination.html' import pagination %}` in the template;
`page_urls` is a template global so the imported macro reaches it."""

from __future__ import annotations

from collections.abc import Callable
from functools import lru_cache

from flask import Flask, current_app, request, url_for
from flask_sqlalchemy.pagination import Pagination, SelectPagination
from sqlalchemy import Select, bindparam, func, select

from hrflow.extensions import db, read_rows


def paginate(query: Select, per_page: int | None = None) -> Pagination:
    """One page of `query`: ?page=N, PAGE_SIZE rows; page numbers below 1 or past the end answer 404."""
    number = request.args.get("page", 1, type=int)
    return db.paginate(query, page=number, per_page=per_page or current_app.config["PAGE_SIZE"], error_out=True)


@lru_cache(maxsize=128)
def paged(query: Select) -> Select:
    """The statement with its page's LIMIT and OFFSET as parameters (page_limit, page_offset): built once
    for a statement that is itself built once (the list pages' are), instead of a new statement on every view."""
    return query.limit(bindparam("page_limit")).offset(bindparam("page_offset"))


class _RowPagination(SelectPagination):
    """A page of plain rows (a select of columns), with a total counted beforehand when one is given."""

    def _query_items(self) -> list:
        page = {"page_limit": self.per_page, "page_offset": self._query_offset}
        items = self._query_args["items"]
        if items is None:
            items = paged(self._query_args["select"])
        rows = read_rows(items, {**self._query_args["params"], **page}).all()
        make = self._query_args["make"]
        return [make(*row) for row in rows] if make else list(rows)

    def _query_count(self) -> int:
        known = self._query_args.get("total")
        if known is not None:
            return known
        counted = select(func.count()).select_from(self._query_args["select"].order_by(None).subquery())
        return read_rows(counted, self._query_args["params"]).scalar_one()


def paginate_rows(query: Select, total: int | None = None, *, params: dict | None = None,
                  make: Callable | None = None, items: Select | None = None) -> Pagination:
    """paginate() for a select of columns; `total`, when the caller knows it cheaply, spares the count;
    `params` fill the statement's bind parameters; `make(*columns)` turns each row into the page's item;
    `items`, when given, reads a page instead of paged(query) (a statement that pages `query` itself, with
    the same page_limit and page_offset, to join more columns to just that page's rows)."""
    return _RowPagination(select=query, session=db.session(), total=total, params=params or {}, make=make,
                          items=items, page=request.args.get("page", 1, type=int),
                          per_page=current_app.config["PAGE_SIZE"], error_out=True)


class _ListPagination(Pagination):
    """A page of a list already in memory (worked out in Python, like a table-ordered list)."""

    def _query_items(self) -> list:
        return self._query_args["items"][self._query_offset:self._query_offset + self.per_page]

    def _query_count(self) -> int:
        return len(self._query_args["items"])


def paginate_list(items: list) -> Pagination:
    """paginate() for a list: PAGE_SIZE of them by ?page=N, 404 past the end."""
    return _ListPagination(items=items, page=request.args.get("page", 1, type=int),
                           per_page=current_app.config["PAGE_SIZE"], error_out=True)


_PAGE_PLACEHOLDER = 987_654_321


def page_urls() -> Callable[[int], str]:
    """n → this page's URL with its other GET parameters (the filters) kept and ?page=n; url_for runs once
    for all the page links."""
    args = request.args.to_dict(flat=False)
    args["page"] = [str(_PAGE_PLACEHOLDER)]
    head, tail = url_for(request.endpoint, **(request.view_args or {}), **args).split(str(_PAGE_PLACEHOLDER), 1)
    return lambda number: f"{head}{int(number)}{tail}"


def init_app(app: Flask) -> None:
    app.add_template_global(page_urls)
